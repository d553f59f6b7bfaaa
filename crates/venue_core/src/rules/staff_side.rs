//! `staff_side`: customers cannot come within `min_distance_m` of the selected fixtures.
//! A customer walks in at the `entrances` (the exterior doors unless told otherwise)
//! and goes wherever the floor is free: around walls and around every fixture that
//! blocks walking (bottom below 1.2 m), through doors. So a counter run closed by a
//! counter gate (a low blocking fixture) keeps the prescription cabinets behind it out
//! of reach; a gap in the counter, or a door from the sales floor into the back room,
//! lets the customer walk up to them. This is the geometric form of "not open-shelf
//! self-selection" (处方药不得开架自选): what matters is where a customer can stand,
//! not what the zones are called.
//!
//! Distances err on the **short (strict) side**: the walkable area is the free cells of
//! the occupancy grid reachable from the entrances ([`walking_distances`], cells no
//! obstacle touches); a walkable point lies within [`CELL_SPREAD`] cells (1.58) of the
//! centre of such a cell, so that much is taken off the distance from a reachable cell
//! centre to the fixture's footprint (never below 0).
//!
//! Measured: the nearest a customer can get to any selected fixture (the worst). When
//! nobody gets within `min_distance_m` + [`SEARCH_MARGIN_M`] (1 m) of a fixture, that
//! fixture counts as exactly that far (a lower bound, so the figure never reads long).
//!
//! No selected fixture **passes** (nothing to keep out of reach; whether the fixture
//! must exist is a `fixture_in_zone` rule). No selected entrance fails: customers must
//! come in somewhere.

use super::clear_width::END_REACH_M;
use super::common::{
    Groups, MAX_EVIDENCE, at_least, doors_name, fixtures_name, footprint, ids, join_ids, m,
    nothing_selected, p3, route_points, text,
};
use super::places::FALLBACK_REACH_M;
use super::walking_distance_max::CELL_SPREAD;
use crate::geometry::obstacles::closest_point;
use crate::geometry::{point_polygon_distance, walking_distances};
use crate::model::{DoorSelector, FixtureSelector, P2};
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// How far beyond `min_distance_m` the nearest customer spot is still measured exactly.
pub const SEARCH_MARGIN_M: f64 = 1.0;

/// Per fixture: how near a customer gets, and from which reachable cell (`None` when
/// no reachable cell is within the search radius).
struct Nearest {
    fixture: usize,
    distance: f64,
    cell: Option<u32>,
}

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    fixtures: &FixtureSelector,
    min_distance_m: f64,
    entrances: &DoorSelector,
    cell_m: f64,
) -> Outcome {
    let fx = plan.resolve_fixtures(fixtures);
    let fname = fixtures_name(plan, fixtures);
    let required = Some(min_distance_m);
    let cmp = Some(Comparison::AtLeast);
    if fx.is_empty() {
        return Outcome {
            passed: true,
            measured: None,
            required,
            comparison: cmp,
            unit: Unit::Metre,
            entities: Vec::new(),
            evidence: Vec::new(),
            finding: text(
                format!("平面图中没有{}，无需检查顾客能否够到", fname.zh),
                format!(
                    "The plan has no {}; nothing to keep out of customers' reach",
                    fname.en
                ),
            ),
        };
    }
    let doors = plan.resolve_doors(entrances, groups);
    if doors.is_empty() {
        return nothing_selected(
            Unit::Metre,
            required,
            cmp,
            &doors_name(plan, entrances, groups),
        );
    }
    let grid = plan.grid(cell_m);
    let reach = END_REACH_M.max(2.0 * grid.cell);
    let mut sources: Vec<u32> = Vec::new();
    for d in &doors {
        let d = &plan.doors[*d];
        let seg = [d.a, d.b];
        let mut near = grid.free_cells_near(&seg, reach);
        if near.is_empty() {
            near = grid.free_cells_near(&seg, reach.max(FALLBACK_REACH_M));
        }
        sources.extend(near);
    }
    sources.sort_unstable();
    sources.dedup();
    let field = walking_distances(&grid, &sources, &[]);
    let spread = CELL_SPREAD * grid.cell;
    // Distances are searched up to this; a fixture no reachable cell comes that near
    // counts as this far.
    let bound = min_distance_m.max(0.0) + SEARCH_MARGIN_M;
    let radius = bound + spread;
    let nearest: Vec<Nearest> = fx
        .iter()
        .map(|&f| {
            let fp = &plan.fixtures[f].footprint;
            let best = grid
                .free_cells_near(fp, radius)
                .into_iter()
                .filter(|c| field.metres(*c as usize).is_some())
                .map(|c| {
                    let d = (point_polygon_distance(grid.center(c as usize), fp) - spread).max(0.0);
                    (d, c)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            match best {
                Some((d, c)) if d < bound => Nearest {
                    fixture: f,
                    distance: d,
                    cell: Some(c),
                },
                _ => Nearest {
                    fixture: f,
                    distance: bound,
                    cell: None,
                },
            }
        })
        .collect();
    let worst = nearest
        .iter()
        .min_by(|a, b| a.distance.total_cmp(&b.distance))
        .map_or(bound, |n| n.distance);
    let bad: Vec<&Nearest> = nearest
        .iter()
        .filter(|n| !at_least(n.distance, min_distance_m))
        .collect();
    let passed = bad.is_empty();
    let mut evidence = Vec::new();
    let shown: Vec<&Nearest> = if passed {
        nearest.iter().collect()
    } else {
        bad.clone()
    };
    for n in shown.iter().take(MAX_EVIDENCE) {
        let f = &plan.fixtures[n.fixture];
        evidence.push(footprint(f, f.top, f.id.clone()));
        if let Some(c) = n.cell {
            let at: P2 = grid.center(c as usize);
            evidence.push(Evidence::Segment {
                from: p3(at, 0.0),
                to: p3(closest_point(&f.footprint, at), 0.0),
                label: m(n.distance),
            });
        }
    }
    // On a failure, the walk from the entrance to the worst spot.
    if let Some(c) = bad
        .iter()
        .min_by(|a, b| a.distance.total_cmp(&b.distance))
        .and_then(|n| n.cell)
    {
        evidence.insert(
            0,
            Evidence::Polyline {
                points: route_points(&grid, &field.path_to(c as usize)),
                label: String::new(),
            },
        );
    }
    let worst_id = nearest
        .iter()
        .min_by(|a, b| a.distance.total_cmp(&b.distance))
        .map_or("", |n| plan.fixtures[n.fixture].id.as_str());
    let finding = if passed && nearest.iter().all(|n| n.cell.is_none()) {
        text(
            format!(
                "顾客从入口走不到{}的 {} 以内（要求 ≥ {}），它们在员工一侧",
                fname.zh,
                m(worst),
                m(min_distance_m)
            ),
            format!(
                "Customers walking in cannot get within {} of {} (required ≥ {}): they are on the staff side",
                m(worst),
                fname.en,
                m(min_distance_m)
            ),
        )
    } else if passed {
        text(
            format!(
                "顾客最近只能走到离{}（{}）{} 的地方，要求 ≥ {}",
                fname.zh,
                worst_id,
                m(worst),
                m(min_distance_m)
            ),
            format!(
                "Customers get no closer than {} to {} ({}), required ≥ {}",
                m(worst),
                fname.en,
                worst_id,
                m(min_distance_m)
            ),
        )
    } else {
        let list: Vec<String> = bad
            .iter()
            .map(|n| plan.fixtures[n.fixture].id.clone())
            .collect();
        text(
            format!(
                "顾客从入口可以走到离{}（{}）只有 {} 的地方，要求 ≥ {}：柜台没有把它们隔在员工一侧",
                fname.zh,
                join_ids(&list),
                m(worst),
                m(min_distance_m)
            ),
            format!(
                "Customers walking in from the entrance get within {} of {} ({}), required ≥ {}: the counter line does not keep them on the staff side",
                m(worst),
                fname.en,
                join_ids(&list),
                m(min_distance_m)
            ),
        )
    };
    let entities = if passed {
        ids(nearest.iter().map(|n| plan.fixtures[n.fixture].id.as_str()))
    } else {
        ids(bad.iter().map(|n| plan.fixtures[n.fixture].id.as_str()))
    };
    Outcome {
        passed,
        measured: Some(worst),
        required,
        comparison: cmp,
        unit: Unit::Metre,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `StaffSide` for the rule-pack validator: the selectors, a
/// threshold `min_distance_m` ≥ 0 and a grid cell within the supported range.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    fixtures: &FixtureSelector,
    min_distance_m: f64,
    entrances: &DoorSelector,
    cell_m: f64,
) {
    p.fixtures("fixtures", fixtures);
    p.threshold("min_distance_m", min_distance_m);
    p.doors("entrances", entrances);
    p.cell(cell_m);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Catalogue, Venue};

    const CATALOGUE: &str = r#"(format_version: 1, fixtures: {
        "counter": (name: (zh: "柜台", en: "Counter"), category: "furniture",
                    size: (1.0, 0.6, 0.95), model: "models/counter.glb"),
        "gate": (name: (zh: "活门", en: "Gate"), category: "furniture",
                 size: (1.0, 0.05, 0.95), model: "models/gate.glb"),
        "cabinet": (name: (zh: "柜", en: "Cabinet"), category: "storage",
                    size: (1.0, 0.4, 2.0), model: "models/cabinet.glb"),
    })"#;

    /// A 6 m × 4 m shop, entrance at x = 1 in the front wall (z = 0); a counter run
    /// along z = 2 from x = 0 to 5 (five 1 m units), an Rx cabinet against the back
    /// wall; with `gate`, a counter gate closes the last metre (x 5–6).
    fn venue(gate: bool) -> Venue {
        let mut fixtures = String::new();
        for i in 0..5 {
            fixtures.push_str(&format!(
                r#"(id: "counter{i}", type: "counter", position: ({}, 2.0)),"#,
                0.5 + i as f64
            ));
        }
        if gate {
            fixtures.push_str(r#"(id: "gate", type: "gate", position: (5.5, 2.0)),"#);
        }
        fixtures
            .push_str(r#"(id: "rx", type: "cabinet", position: (3.0, 3.75), rotation: 180.0),"#);
        ron::from_str(&format!(
            r#"(format_version: 1, id: "t", title: (zh: "t", en: "t"), permit: "p",
                catalogue: "c.ron", floor: [(0.0, 0.0), (6.0, 0.0), (6.0, 4.0), (0.0, 4.0)],
                walls: [(id: "front", from: (0.0, 0.0), to: (6.0, 0.0), thickness: 0.1,
                         height: 3.0, openings: [Door((id: "entrance", center: 1.0,
                         width: 0.9, height: 2.1, exterior: true))])],
                fixtures: [{fixtures}])"#
        ))
        .unwrap()
    }

    fn run(v: &Venue, min: f64) -> Outcome {
        let cat: Catalogue = ron::from_str(CATALOGUE).unwrap();
        let plan = Plan::new(v, &cat);
        let sel = FixtureSelector {
            types: vec!["cabinet".into()],
            where_attributes: Default::default(),
        };
        evaluate(
            &plan,
            &Groups::new(),
            &sel,
            min,
            &DoorSelector::Exterior,
            0.05,
        )
    }

    #[test]
    fn a_closed_counter_line_keeps_the_cabinet_out_of_reach() {
        let o = run(&venue(true), 1.0);
        assert!(o.passed, "{:?}", o.finding);
        // The customer stands at best at the counter's front face (z = 1.7), 1.85 m
        // from the cabinet's front (z = 3.55): less the cell spread, never more.
        let d = o.measured.unwrap();
        assert!(d <= 1.85 + 1e-9, "{d}");
        assert!(d > 1.85 - 0.2, "{d}");
        assert!(!o.evidence.is_empty());
    }

    #[test]
    fn a_gap_in_the_counter_lets_customers_walk_up_to_it() {
        let o = run(&venue(false), 1.0);
        assert!(!o.passed, "{:?}", o.finding);
        assert!(o.measured.unwrap() < 0.2, "{:?}", o.measured);
        assert_eq!(o.entities, vec!["rx".to_string()]);
        assert!(
            o.evidence
                .iter()
                .any(|e| matches!(e, Evidence::Polyline { .. })),
            "the walk in is drawn"
        );
        assert!(o.finding.en.contains("staff side"), "{}", o.finding.en);
    }

    #[test]
    fn a_far_threshold_reports_a_lower_bound_and_nothing_selected_passes() {
        // Required 5 m: the customer gets within 1.85 m, so it fails at about that.
        let o = run(&venue(true), 5.0);
        assert!(!o.passed);
        // Nothing selected passes.
        let cat: Catalogue = ron::from_str(CATALOGUE).unwrap();
        let v = venue(true);
        let plan = Plan::new(&v, &cat);
        let none = FixtureSelector {
            types: vec!["gate_missing".into()],
            where_attributes: Default::default(),
        };
        let o = evaluate(
            &plan,
            &Groups::new(),
            &none,
            1.0,
            &DoorSelector::Exterior,
            0.05,
        );
        assert!(o.passed && o.measured.is_none());
        // No entrance fails.
        let sel = FixtureSelector {
            types: vec!["cabinet".into()],
            where_attributes: Default::default(),
        };
        let o = evaluate(
            &plan,
            &Groups::new(),
            &sel,
            1.0,
            &DoorSelector::Interior,
            0.05,
        );
        assert!(!o.passed);
    }
}
