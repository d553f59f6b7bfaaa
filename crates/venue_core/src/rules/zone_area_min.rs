//! `zone_area_min`: the selected zones' combined area (or, with `per_zone`, each zone's
//! area) is at least `min_m2`.
//!
//! Measured: the combined area, or the smallest zone's with `per_zone`. No selected zone
//! fails (the rule implies the zone exists).

use super::common::{
    Groups, MAX_EVIDENCE, at_least, ids, m2, nothing_selected, text, zone_outline, zones_name,
};
use crate::model::ZoneSelector;
use crate::plan::Plan;
use crate::report::{Comparison, Outcome, Unit};

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    zones: &ZoneSelector,
    min_m2: f64,
    per_zone: bool,
) -> Outcome {
    let zs = plan.resolve_zones(zones, groups);
    let zname = zones_name(plan, zones, groups);
    if zs.is_empty() {
        return nothing_selected(
            Unit::SquareMetre,
            Some(min_m2),
            Some(Comparison::AtLeast),
            &zname,
        );
    }
    let area = |z: usize| plan.zones[z].area;
    let smallest = zs
        .iter()
        .copied()
        .min_by(|a, b| area(*a).total_cmp(&area(*b)).then(a.cmp(b)));
    let (measured, finding) = match smallest {
        Some(z) if per_zone => {
            let zone = &plan.zones[z];
            (
                zone.area,
                text(
                    format!(
                        "最小的{}（{}）面积 {}，要求每个 ≥ {}",
                        zone.name.zh,
                        zone.id,
                        m2(zone.area),
                        m2(min_m2)
                    ),
                    format!(
                        "Smallest zone {} ({}) is {}, required ≥ {} each",
                        zone.name.en,
                        zone.id,
                        m2(zone.area),
                        m2(min_m2)
                    ),
                ),
            )
        }
        _ => {
            let total = super::common::total_area(plan, &zs);
            (
                total,
                text(
                    format!("{}面积共 {}，要求 ≥ {}", zname.zh, m2(total), m2(min_m2)),
                    format!(
                        "{} total {}, required ≥ {}",
                        zname.en,
                        m2(total),
                        m2(min_m2)
                    ),
                ),
            )
        }
    };
    let passed = at_least(measured, min_m2);
    let failing: Vec<&str> = if per_zone && !passed {
        zs.iter()
            .filter(|z| !at_least(area(**z), min_m2))
            .map(|z| plan.zones[*z].id.as_str())
            .collect()
    } else {
        zs.iter().map(|z| plan.zones[*z].id.as_str()).collect()
    };
    Outcome {
        passed,
        measured: Some(measured),
        required: Some(min_m2),
        comparison: Some(Comparison::AtLeast),
        unit: Unit::SquareMetre,
        entities: ids(failing),
        evidence: zs
            .iter()
            .take(MAX_EVIDENCE)
            .filter_map(|z| zone_outline(plan, *z, m2(area(*z))))
            .collect(),
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `ZoneAreaMin` for the rule-pack validator: the selector and a
/// threshold `min_m2` ≥ 0.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    zones: &crate::model::ZoneSelector,
    min_m2: f64,
) {
    p.zones("zones", zones);
    p.threshold("min_m2", min_m2);
}
