//! `count_per_area`: at least `max(min_count, ceil(area / area_per_unit_m2) ×
//! count_per_unit)` matching fixtures stand in the zones (footprint centre inside), where
//! `area` is the zones' combined area. A non-positive `area_per_unit_m2` asks for
//! `min_count` only.
//!
//! Measured: the count; required: the computed number. No selected zone means no area:
//! the requirement is then `min_count`.

use super::common::{
    Groups, MAX_EVIDENCE, fixtures_name, ids, m2, p3, text, zone_outline, zones_name,
};
use crate::geometry::point_in_polygon;
use crate::model::{FixtureSelector, ZoneSelector};
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// `ceil` that ignores float noise (48.000000001 / 16 is 3 units, not 4).
const CEIL_SLACK: f64 = 1e-9;

/// The number of fixtures required for `area`.
pub fn required_count(
    area: f64,
    area_per_unit_m2: f64,
    count_per_unit: u32,
    min_count: u32,
) -> u64 {
    let units = if area_per_unit_m2 > 0.0 && area.is_finite() && area > 0.0 {
        (area / area_per_unit_m2 - CEIL_SLACK).ceil().max(0.0) as u64
    } else {
        0
    };
    units
        .saturating_mul(count_per_unit as u64)
        .max(min_count as u64)
}

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    fixtures: &FixtureSelector,
    zones: &ZoneSelector,
    area_per_unit_m2: f64,
    count_per_unit: u32,
    min_count: u32,
) -> Outcome {
    let zs = plan.resolve_zones(zones, groups);
    let fx = plan.resolve_fixtures(fixtures);
    let (fname, zname) = (
        fixtures_name(plan, fixtures),
        zones_name(plan, zones, groups),
    );
    let area = super::common::total_area(plan, &zs);
    let required = required_count(area, area_per_unit_m2, count_per_unit, min_count);
    let found: Vec<usize> = fx
        .iter()
        .copied()
        .filter(|f| {
            zs.iter()
                .any(|z| point_in_polygon(plan.fixtures[*f].center, &plan.zones[*z].polygon))
        })
        .collect();
    let count = found.len() as u64;
    let passed = count >= required;
    let mut evidence: Vec<Evidence> = zs
        .iter()
        .take(MAX_EVIDENCE)
        .filter_map(|z| zone_outline(plan, *z, m2(plan.zones[*z].area)))
        .collect();
    evidence.extend(found.iter().take(MAX_EVIDENCE).map(|f| {
        let x = &plan.fixtures[*f];
        Evidence::Point {
            at: p3(x.center, x.top),
            label: x.id.clone(),
        }
    }));
    let rate = text(
        format!(
            "每 {} {} 个，至少 {} 个",
            m2(area_per_unit_m2),
            count_per_unit,
            min_count
        ),
        format!(
            "{} per {}, at least {}",
            count_per_unit,
            m2(area_per_unit_m2),
            min_count
        ),
    );
    Outcome {
        passed,
        measured: Some(count as f64),
        required: Some(required as f64),
        comparison: Some(Comparison::AtLeast),
        unit: Unit::Count,
        entities: ids(zs
            .iter()
            .map(|z| plan.zones[*z].id.as_str())
            .chain(found.iter().map(|f| plan.fixtures[*f].id.as_str()))),
        evidence,
        finding: text(
            format!(
                "{}共 {}，需 ≥ {} 个{}（{}），现有 {} 个",
                zname.zh,
                m2(area),
                required,
                fname.zh,
                rate.zh,
                count
            ),
            format!(
                "{} total {}: needs ≥ {} × {} ({}); found {}",
                zname.en,
                m2(area),
                required,
                fname.en,
                rate.en,
                count
            ),
        ),
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `CountPerArea` for the rule-pack validator: the selectors,
/// `area_per_unit_m2` > 0 and `count_per_unit` > 0.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    fixtures: &crate::model::FixtureSelector,
    zones: &crate::model::ZoneSelector,
    area_per_unit_m2: f64,
    count_per_unit: u32,
) {
    p.fixtures("fixtures", fixtures);
    p.zones("zones", zones);
    if !(area_per_unit_m2.is_finite() && area_per_unit_m2 > 0.0) {
        let message = format!(
            "`area_per_unit_m2` of {} must be greater than 0, found {area_per_unit_m2}",
            p.what()
        );
        p.error("area_per_unit_m2", message);
    }
    if count_per_unit == 0 {
        let message = format!(
            "`count_per_unit` of {} is 0, so the rule requires nothing",
            p.what()
        );
        p.error("count_per_unit", message);
    }
}

#[cfg(test)]
mod tests {
    use super::required_count;

    #[test]
    fn required_counts() {
        assert_eq!(required_count(48.0, 16.0, 1, 0), 3);
        assert_eq!(required_count(48.000000001, 16.0, 1, 0), 3);
        assert_eq!(required_count(49.0, 16.0, 2, 0), 8);
        assert_eq!(required_count(10.0, 16.0, 1, 2), 2);
        assert_eq!(required_count(10.0, 0.0, 1, 1), 1);
        assert_eq!(required_count(0.0, 16.0, 1, 0), 0);
    }
}
