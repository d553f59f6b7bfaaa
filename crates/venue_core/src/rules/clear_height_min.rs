//! `clear_height_min`: every selected zone's clear height is at least `min_m`.
//!
//! Measured: the lowest clear height. Evidence: a vertical dimension line in each zone
//! from the floor to its clear height. No selected zone fails.

use super::common::{
    Groups, MAX_EVIDENCE, at_least, ids, m, nothing_selected, p3, text, zones_name,
};
use crate::compact_sort::CompactSort;
use crate::geometry::interior_point;
use crate::model::ZoneSelector;
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

pub fn evaluate(plan: &Plan, groups: &Groups, zones: &ZoneSelector, min_m: f64) -> Outcome {
    let mut zs = plan.resolve_zones(zones, groups);
    let zname = zones_name(plan, zones, groups);
    if zs.is_empty() {
        return nothing_selected(Unit::Metre, Some(min_m), Some(Comparison::AtLeast), &zname);
    }
    // Lowest first (stable: plan order among equals).
    zs.sort_compact_by(|a, b| {
        plan.zones[*a]
            .clear_height
            .total_cmp(&plan.zones[*b].clear_height)
    });
    let low = &plan.zones[zs[0]];
    let passed = at_least(low.clear_height, min_m);
    let evidence = zs
        .iter()
        .take(MAX_EVIDENCE)
        .map(|z| {
            let zone = &plan.zones[*z];
            let p = interior_point(&zone.polygon);
            Evidence::Segment {
                from: p3(p, 0.0),
                to: p3(p, zone.clear_height),
                label: m(zone.clear_height),
            }
        })
        .collect();
    let entities = ids(zs
        .iter()
        .filter(|z| passed || !at_least(plan.zones[**z].clear_height, min_m))
        .map(|z| plan.zones[*z].id.as_str()));
    Outcome {
        passed,
        measured: Some(low.clear_height),
        required: Some(min_m),
        comparison: Some(Comparison::AtLeast),
        unit: Unit::Metre,
        entities,
        evidence,
        finding: text(
            format!(
                "最低净高 {}（{} {}），要求 ≥ {}",
                m(low.clear_height),
                low.name.zh,
                low.id,
                m(min_m)
            ),
            format!(
                "Lowest clear height {} ({} {}), required ≥ {}",
                m(low.clear_height),
                low.name.en,
                low.id,
                m(min_m)
            ),
        ),
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `ClearHeightMin` for the rule-pack validator: the selector and a
/// threshold `min_m` ≥ 0.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    zones: &crate::model::ZoneSelector,
    min_m: f64,
) {
    p.zones("zones", zones);
    p.threshold("min_m", min_m);
}
