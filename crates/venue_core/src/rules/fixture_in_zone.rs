//! `fixture_in_zone`: at least `min_count` (and at most `max_count`) matching fixtures
//! stand in the zones — a fixture stands in a zone when its footprint centre lies inside
//! the zone polygon. With `per_zone` every selected zone is counted separately and the
//! worst zone is reported (a failing one first: too few, then too many).
//!
//! Measured: the count (the worst zone's with `per_zone`). Required: `min_count` (≥), or
//! `max_count` (≤) when that is the bound broken or the only one that matters.
//!
//! No selected zone: fails when `min_count > 0` (the rule implies the zone exists, or the
//! fixtures could stand nowhere), passes otherwise.

use super::common::{
    Groups, MAX_EVIDENCE, at_least, at_most, bounds, fixtures_name, ids, p3, text, zone_outline,
    zones_name,
};
use crate::geometry::point_in_polygon;
use crate::model::{FixtureSelector, ZoneSelector};
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    fixtures: &FixtureSelector,
    zones: &ZoneSelector,
    min_count: u32,
    max_count: Option<u32>,
    per_zone: bool,
) -> Outcome {
    let fx = plan.resolve_fixtures(fixtures);
    let zs = plan.resolve_zones(zones, groups);
    let fname = fixtures_name(plan, fixtures);
    let zname = zones_name(plan, zones, groups);
    let (min, max) = (min_count as f64, max_count.map(f64::from));
    let within = |c: f64| at_least(c, min) && max.is_none_or(|m| at_most(c, m));
    let limits = bounds(
        Some(min_count.to_string()),
        max_count.map(|m| m.to_string()),
    );

    if zs.is_empty() {
        let passed = min_count == 0;
        return Outcome {
            passed,
            measured: None,
            required: Some(min),
            comparison: Some(Comparison::AtLeast),
            unit: Unit::Count,
            entities: Vec::new(),
            evidence: Vec::new(),
            finding: text(
                format!(
                    "平面图中没有{}，{}数量要求 {}",
                    zname.zh, fname.zh, limits.zh
                ),
                format!(
                    "The plan has no {}; {} required {}",
                    zname.en, fname.en, limits.en
                ),
            ),
        };
    }

    let inside =
        |f: usize, z: usize| point_in_polygon(plan.fixtures[f].center, &plan.zones[z].polygon);
    // Counts per selected zone, and the fixtures in any selected zone.
    let per: Vec<(usize, Vec<usize>)> = zs
        .iter()
        .map(|&z| (z, fx.iter().copied().filter(|&f| inside(f, z)).collect()))
        .collect();
    let in_any: Vec<usize> = fx
        .iter()
        .copied()
        .filter(|&f| zs.iter().any(|&z| inside(f, z)))
        .collect();

    // (count, zone shown as the worst, fixtures counted)
    let (count, worst_zone, counted) = if per_zone {
        let too_few = per
            .iter()
            .filter(|(_, v)| !at_least(v.len() as f64, min))
            .min_by_key(|(_, v)| v.len());
        let too_many = per
            .iter()
            .filter(|(_, v)| max.is_some_and(|m| !at_most(v.len() as f64, m)))
            .max_by_key(|(_, v)| v.len());
        let fewest = per.iter().min_by_key(|(_, v)| v.len());
        let pick = too_few.or(too_many).or(fewest);
        match pick {
            Some((z, v)) => (v.len() as f64, Some(*z), v.clone()),
            None => (0.0, None, Vec::new()),
        }
    } else {
        (in_any.len() as f64, None, in_any.clone())
    };
    let passed = if per_zone {
        per.iter().all(|(_, v)| within(v.len() as f64))
    } else {
        within(count)
    };
    let (required, comparison) = match max {
        Some(m) if !at_most(count, m) || min_count == 0 => (m, Comparison::AtMost),
        _ => (min, Comparison::AtLeast),
    };

    let mut evidence: Vec<Evidence> = Vec::new();
    for (z, v) in per.iter().take(MAX_EVIDENCE) {
        evidence.extend(zone_outline(
            plan,
            *z,
            format!("{} ({})", v.len(), limits.en),
        ));
    }
    for &f in in_any.iter().take(MAX_EVIDENCE) {
        let fx = &plan.fixtures[f];
        evidence.push(Evidence::Point {
            at: p3(fx.center, fx.top),
            label: fx.id.clone(),
        });
    }

    let entities = if per_zone && !passed {
        let bad: Vec<&str> = per
            .iter()
            .filter(|(_, v)| !within(v.len() as f64))
            .flat_map(|(z, v)| {
                std::iter::once(plan.zones[*z].id.as_str())
                    .chain(v.iter().map(|f| plan.fixtures[*f].id.as_str()))
            })
            .collect();
        ids(bad)
    } else {
        ids(zs
            .iter()
            .map(|z| plan.zones[*z].id.as_str())
            .chain(counted.iter().map(|f| plan.fixtures[*f].id.as_str())))
    };

    let n = count as usize;
    let (qual_zh, qual_en) = if passed {
        ("最少", "the fewest: ")
    } else if !at_least(count, min) {
        ("只", "only ")
    } else {
        ("多达", "as many as ")
    };
    let finding = match worst_zone.and_then(|z| plan.zones.get(z)) {
        Some(z) if per_zone => text(
            format!(
                "{}个区域中，{}（{}）内{}有 {n} 个{}，要求每个区域 {}",
                per.len(),
                z.name.zh,
                z.id,
                qual_zh,
                fname.zh,
                limits.zh
            ),
            format!(
                "Of {} zones, {} ({}) has {}{n} × {}; required {} in each zone",
                per.len(),
                z.name.en,
                z.id,
                qual_en,
                fname.en,
                limits.en
            ),
        ),
        _ => text(
            format!("{}内共有 {n} 个{}，要求 {}", zname.zh, fname.zh, limits.zh),
            format!("{n} × {} in {}, required {}", fname.en, zname.en, limits.en),
        ),
    };

    Outcome {
        passed,
        measured: Some(count),
        required: Some(required),
        comparison: Some(comparison),
        unit: Unit::Count,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `FixtureInZone` for the rule-pack validator: the selectors, and
/// `max_count` not below `min_count`.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    fixtures: &crate::model::FixtureSelector,
    zones: &crate::model::ZoneSelector,
    min_count: u32,
    max_count: Option<u32>,
) {
    p.fixtures("fixtures", fixtures);
    p.zones("zones", zones);
    if let Some(max) = max_count
        && max < min_count
    {
        let message = format!(
            "`max_count` {max} is below `min_count` {min_count} in {}",
            p.what()
        );
        p.error("max_count", message);
    }
}
