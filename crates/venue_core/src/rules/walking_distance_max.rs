//! `walking_distance_max`: every walkable point of the zones (every free grid cell whose
//! centre lies in a selected zone) is within `max_m` walking distance, around obstacles,
//! of a `to` fixture.
//!
//! Walking distances come from one multi-source Dijkstra ([`walking_distances_from`])
//! starting at the free cells touching each `to` fixture (within 1.5 cells of its
//! footprint, else within [`super::places::FALLBACK_REACH_M`]). The check errs on the
//! strict side, a distance never reading shorter than the walk:
//! - each start cell begins at the exact distance from the footprint to its centre;
//! - routes run between cell centres over free cells, which no obstacle touches
//!   ([`crate::geometry::grid`]), with 8-neighbour moves (a diagonal costs a little
//!   more than √2): up to 8 % longer than a straight walk;
//! - a walkable point lies within half a cell diagonal of a free cell's centre when its
//!   cell is free, and within √2.5 ≈ 1.58 cells of the centre of the free cell beside
//!   its own when an obstacle partly covers that one; the latter is added to the worst
//!   distance ([`CELL_SPREAD`]). (A sliver narrower than a cell between two obstacles
//!   is not walkable.)
//!
//! Measured: the worst (largest) walking distance, with the path to it as evidence. A
//! point that cannot reach any `to` fixture fails with measured `None`. No selected zone,
//! no `to` fixture, or no walkable cell in the zones fails.

use super::common::{
    Groups, at_most, fixtures_name, footprint, ids, m, nothing_selected, p3, route_points, text,
    zones_name,
};
use super::places::FALLBACK_REACH_M;
use crate::compact_sort::CompactSort;
use crate::geometry::{point_polygon_distance, walking_distances_from};
use crate::model::{FixtureSelector, ZoneSelector};
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// Cells within this many cell sizes of a footprint touch it.
const TOUCH_CELLS: f64 = 1.5;

/// In cells, the farthest a walkable point lies from the centre of a free cell: a point
/// of a partly covered cell from the centre of the free cell beside it, √(1.5² + 0.5²).
pub const CELL_SPREAD: f64 = 1.581_138_830_084_189_8;

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    zones: &ZoneSelector,
    to: &FixtureSelector,
    max_m: f64,
    cell_m: f64,
) -> Outcome {
    let zs = plan.resolve_zones(zones, groups);
    let fx = plan.resolve_fixtures(to);
    let (zname, fname) = (zones_name(plan, zones, groups), fixtures_name(plan, to));
    let fail = |what| nothing_selected(Unit::Metre, Some(max_m), Some(Comparison::AtMost), what);
    if zs.is_empty() {
        return fail(&zname);
    }
    if fx.is_empty() {
        return fail(&fname);
    }
    let grid = plan.grid(cell_m);
    // (cell, metres from the footprint to its centre)
    let mut sources: Vec<(u32, f64)> = Vec::new();
    for &f in &fx {
        let fp = &plan.fixtures[f].footprint;
        let mut near = grid.free_cells_near(fp, grid.cell * TOUCH_CELLS);
        if near.is_empty() {
            near = grid.free_cells_near(fp, FALLBACK_REACH_M);
        }
        sources.extend(
            near.into_iter()
                .map(|c| (c, point_polygon_distance(grid.center(c as usize), fp))),
        );
    }
    // Per cell, the nearest fixture's offset.
    sources.sort_compact_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    sources.dedup_by_key(|s| s.0);
    let mut targets = Vec::new();
    for &z in &zs {
        targets.extend(grid.free_cells_in(&plan.zones[z].polygon));
    }
    targets.sort_unstable();
    targets.dedup();
    let zone_ids = || zs.iter().map(|z| plan.zones[*z].id.as_str());
    if targets.is_empty() {
        return Outcome {
            entities: ids(zone_ids()),
            finding: text(
                format!(
                    "{}内没有可站立的空间，无法检查到{}的步行距离",
                    zname.zh, fname.zh
                ),
                format!(
                    "{} has no walkable space, so walking distance to {} cannot be checked",
                    zname.en, fname.en
                ),
            ),
            ..fail(&zname)
        };
    }
    let field = walking_distances_from(&grid, &sources, &targets);
    let spread = CELL_SPREAD * grid.cell;
    if let Some(&lost) = targets
        .iter()
        .find(|c| field.metres(**c as usize).is_none())
    {
        let at = grid.center(lost as usize);
        let zone = plan.zone_at(at).map(|z| plan.zones[z].id.as_str());
        return Outcome {
            passed: false,
            measured: None,
            required: Some(max_m),
            comparison: Some(Comparison::AtMost),
            unit: Unit::Metre,
            entities: ids(zone),
            evidence: vec![Evidence::Point {
                at: p3(at, 0.0),
                label: "∞".into(),
            }],
            finding: text(
                format!(
                    "{}内有位置无法走到任何{}（如 ({:.2}, {:.2}) 处），要求步行 ≤ {}",
                    zname.zh,
                    fname.zh,
                    at.0,
                    at.1,
                    m(max_m)
                ),
                format!(
                    "Some places in {} cannot reach any {} on foot (e.g. at ({:.2}, {:.2})); required ≤ {}",
                    zname.en,
                    fname.en,
                    at.0,
                    at.1,
                    m(max_m)
                ),
            ),
        };
    }
    let worst = targets
        .iter()
        .copied()
        .max_by(|a, b| {
            let (da, db) = (
                field.metres(*a as usize).unwrap_or(0.0),
                field.metres(*b as usize).unwrap_or(0.0),
            );
            da.total_cmp(&db).then(b.cmp(a))
        })
        .unwrap_or(targets[0]) as usize;
    let d = field.metres(worst).unwrap_or(0.0) + spread;
    let path = field.path_to(worst);
    let at = grid.center(worst);
    // The fixture the path starts at.
    let start = path.first().map(|c| grid.center(*c as usize)).unwrap_or(at);
    let reached = fx
        .iter()
        .copied()
        .min_by(|a, b| {
            point_polygon_distance(start, &plan.fixtures[*a].footprint)
                .total_cmp(&point_polygon_distance(start, &plan.fixtures[*b].footprint))
        })
        .map(|f| &plan.fixtures[f]);
    let passed = at_most(d, max_m);
    let mut evidence = vec![
        Evidence::Polyline {
            points: route_points(&grid, &path),
            label: String::new(),
        },
        Evidence::Point {
            at: p3(at, 0.0),
            label: m(d),
        },
    ];
    if let Some(f) = reached {
        evidence.push(footprint(f, f.top, f.id.clone()));
    }
    let zone = plan.zone_at(at).map(|z| plan.zones[z].id.as_str());
    let target_id = reached.map_or("", |f| f.id.as_str());
    Outcome {
        passed,
        measured: Some(d),
        required: Some(max_m),
        comparison: Some(Comparison::AtMost),
        unit: Unit::Metre,
        entities: ids(zone.into_iter().chain(reached.map(|f| f.id.as_str()))),
        evidence,
        finding: text(
            format!(
                "{}内最远处到{}（{}）步行 {}，要求 ≤ {}",
                zname.zh,
                fname.zh,
                target_id,
                m(d),
                m(max_m)
            ),
            format!(
                "The farthest point of {} is a {} walk from {} ({}), required ≤ {}",
                zname.en,
                m(d),
                fname.en,
                target_id,
                m(max_m)
            ),
        ),
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `WalkingDistanceMax` for the rule-pack validator: the selectors, a
/// threshold `max_m` ≥ 0 and a grid cell within the supported range.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    zones: &crate::model::ZoneSelector,
    to: &crate::model::FixtureSelector,
    max_m: f64,
    cell_m: f64,
) {
    p.zones("zones", zones);
    p.fixtures("to", to);
    p.threshold("max_m", max_m);
    p.cell(cell_m);
}
