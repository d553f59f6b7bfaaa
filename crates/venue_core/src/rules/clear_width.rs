//! `clear_width`: the walking route between `from` and `to` is at least `min_width_m`
//! wide at its narrowest, on the occupancy grid with cells of `cell_m`
//! ([`crate::geometry::grid`]: walls and blocking fixtures are obstacles, doors are
//! passable; a cell any obstacle touches is blocked).
//!
//! The route is the widest one (maximin), shortest among equally wide ones
//! ([`widest_route`]). It starts and ends in the cells of [`super::places::cells`] with a
//! reach of [`END_REACH_M`], fixed so that the route, and the figure reported for it,
//! do not depend on the rule's threshold. What limits the width:
//! - at a fixture end, nothing within reach (the fixture one walks up to is not a
//!   constriction), nor cells whose nearest obstacle is the fixture's own footprint;
//! - at a `Doors` end, the door's clear width (one passes through it), and whatever else
//!   stands near it; its own wall and the outside beyond it do not count otherwise
//!   (standing in a doorway, the street behind is not a wall beside you);
//! - at a `Venue` end (where people come in), the same as a door except that the door's
//!   width does not count: an aisle rule measured from the entrance is about the aisle;
//! - zone cells count everywhere.
//!
//! When the ends meet (a fixture inside the zone the route starts from) the route is the
//! widest meeting cell.
//!
//! The width is measured on the real obstacles along the route found on the grid
//! ([`measure_route`]): never wider than the drawn gap, and at most one cell narrower
//! (exact between parallel faces, a corner and a face, or two corners).
//!
//! Measured: the narrowest clear width along the route; 0 when no route exists. Nothing
//! selected on either side fails.

use super::common::{
    Groups, at_least, door_name, ids, m, nothing_selected, obstacle_near, p3, route_points, text,
};
use super::places;
use crate::compact_sort::CompactSort;
use crate::geometry::{dist, measure_route, midpoint, point_segment_distance, widest_route};
use crate::model::P2;
use crate::model::Place;
use crate::model::Text;
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// How near a fixture or a door's threshold a person stands to be "at" it: half a
/// metre, about an arm's length from the body's centre. A route end reaches this far.
/// Fixed rather than derived from the rule's width, so that two rules over the same ends
/// find the same route and report the same figure.
pub const END_REACH_M: f64 = 0.5;

/// A point lies on an obstacle's edge, for naming it in a finding, within this (1 mm).
const ON_EDGE_M: f64 = 1e-3;

/// The door whose opening runs from `p` to `q` (jamb face to jamb face), if any.
fn door_between(plan: &Plan, p: P2, q: P2) -> Option<usize> {
    plan.doors.iter().position(|d| {
        let inside =
            |x: P2| point_segment_distance(x, d.a, d.b) <= d.wall_thickness / 2.0 + ON_EDGE_M;
        inside(p) && inside(q) && (dist(p, q) - d.width).abs() <= ON_EDGE_M
    })
}

/// What the narrowest point of a route is.
enum Narrowest {
    /// A gap between obstacles: its width, where, and the obstacle points bounding it.
    Gap {
        width: f64,
        at: P2,
        near: P2,
        across: Option<crate::model::P2>,
    },
    /// A door the route ends at (index in [`Plan::doors`]).
    Door(usize),
}

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    from: &Place,
    to: &Place,
    min_width_m: f64,
    cell_m: f64,
) -> Outcome {
    let grid = plan.grid(cell_m);
    let reach = END_REACH_M.max(2.0 * grid.cell);
    let (fname, tname) = (
        places::name(plan, from, groups),
        places::name(plan, to, groups),
    );
    let a = places::cells(plan, &grid, from, groups, reach);
    let b = places::cells(plan, &grid, to, groups, reach);
    for (cells, name) in [(&a, &fname), (&b, &tname)] {
        if cells.ids.is_empty() {
            return nothing_selected(
                Unit::Metre,
                Some(min_width_m),
                Some(Comparison::AtLeast),
                name,
            );
        }
    }
    // Cells that do not limit the width: a fixture end's reach, and free cells whose
    // nearest obstacle belongs to an end.
    let mut own = crate::geometry::pool::Buf::filled(grid.len(), false);
    for c in a.own.iter().chain(&b.own) {
        own[*c as usize] = true;
    }
    let mut ignore = Vec::new();
    for (cells, place) in [(&a, from), (&b, to)] {
        let entry = matches!(place, Place::Doors(_) | Place::Venue);
        if cells.ignore_width && !entry {
            ignore.extend_from_slice(&cells.cells);
        }
    }
    if !a.own.is_empty() || !b.own.is_empty() {
        // Blocked cells are their own nearest obstacle; only free cells are pushed.
        let sites = grid.nearest_obstacles();
        ignore.extend(
            sites
                .iter()
                .enumerate()
                .filter(|(i, s)| own[**s as usize] && grid.is_free(*i))
                .map(|(i, _)| i as u32),
        );
    }
    let mut ignored = crate::geometry::pool::Buf::filled(grid.len(), false);
    for c in &ignore {
        ignored[*c as usize] = true;
    }
    // A door the route ends at caps it at its clear width: (cell, width, door), sorted.
    let mut caps: Vec<(u32, f64, usize)> = Vec::new();
    for place in [from, to] {
        if let Place::Doors(sel) = place {
            for d in plan.resolve_doors(sel, groups) {
                let door = &plan.doors[d];
                // The door's own end cells (as `places::cells` finds them).
                let seg = [door.a, door.b];
                let mut near = grid.free_cells_near(&seg, reach);
                if near.is_empty() {
                    near = grid.free_cells_near(&seg, reach.max(places::FALLBACK_REACH_M));
                }
                for c in near {
                    caps.push((c, door.width, d));
                }
            }
        }
    }
    caps.sort_compact_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2)));
    caps.dedup_by_key(|c| c.0);
    let cap_widths: Vec<(u32, f64)> = caps.iter().map(|c| (c.0, c.1)).collect();
    let route_name = text(
        format!("{} → {}", fname.zh, tname.zh),
        format!("{} → {}", fname.en, tname.en),
    );
    let Some(route) = widest_route(&grid, &a.cells, &b.cells, &ignore, &cap_widths) else {
        let mut evidence = Vec::new();
        for (cells, label) in [(&a, "A"), (&b, "B")] {
            if let Some(c) = cells.cells.first() {
                evidence.push(Evidence::Point {
                    at: p3(grid.center(*c as usize), 0.0),
                    label: label.into(),
                });
            }
        }
        return Outcome {
            passed: false,
            measured: Some(0.0),
            required: Some(min_width_m),
            comparison: Some(Comparison::AtLeast),
            unit: Unit::Metre,
            entities: ids(a.ids.iter().chain(&b.ids).map(String::as_str)),
            evidence,
            finding: text(
                format!(
                    "{}：没有可通行的路线，要求净宽 ≥ {}",
                    route_name.zh,
                    m(min_width_m)
                ),
                format!(
                    "{}: no walkable route, required clear width ≥ {}",
                    route_name.en,
                    m(min_width_m)
                ),
            ),
        };
    };

    let door_cap = route
        .cells
        .iter()
        .filter_map(|c| {
            caps.binary_search_by(|x| x.0.cmp(c))
                .ok()
                .map(|k| (caps[k].1, caps[k].2))
        })
        .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    let gap = measure_route(&grid, &route.cells, |i| !ignored[i])
        // A route made only of cells that do not count: its most open cell.
        .or_else(|| {
            door_cap
                .is_none()
                .then(|| measure_route(&grid, &[route.narrowest as u32], |_| true))
                .flatten()
        });
    let narrowest = match (gap, door_cap) {
        // On a tie the door's figure is the exact one.
        (Some(g), Some((w, d))) if w <= g.width => Narrowest::Door(d),
        (Some(g), _) => Narrowest::Gap {
            width: g.width,
            at: g.at,
            near: g.near,
            across: g.across,
        },
        (None, Some((_, d))) => Narrowest::Door(d),
        // A grid without obstacle geometry: the grid's own figure.
        (None, None) => {
            let at = grid.center(route.narrowest);
            Narrowest::Gap {
                width: route.width,
                at,
                near: at,
                across: None,
            }
        }
    };
    let mut evidence = vec![Evidence::Polyline {
        points: route_points(&grid, &route.cells),
        label: String::new(),
    }];
    let mut between: Vec<(String, Text)> = Vec::new();
    let at_door: Option<usize>;
    let (width, at) = match narrowest {
        Narrowest::Door(d) => {
            let door = &plan.doors[d];
            evidence.push(Evidence::Segment {
                from: p3(door.a, 0.0),
                to: p3(door.b, 0.0),
                label: m(door.width),
            });
            at_door = Some(d);
            (door.width, door.center)
        }
        Narrowest::Gap {
            width,
            at,
            near,
            across,
        } => {
            // The dimension line runs between the obstacles that bound the narrowest
            // point, edge to edge.
            let far = across.filter(|f| dist(*f, near) > 0.0);
            // A line from jamb to jamb is a door's opening: name the door.
            at_door = far.and_then(|f| door_between(plan, near, f));
            if let Some(far) = far {
                evidence.push(Evidence::Segment {
                    from: p3(near, 0.0),
                    to: p3(far, 0.0),
                    label: m(width),
                });
                between.extend(obstacle_near(plan, near, ON_EDGE_M));
                between.extend(obstacle_near(plan, far, ON_EDGE_M));
            }
            // The spot is the middle of the dimension line.
            (width, far.map_or(at, |f| midpoint(near, f)))
        }
    };
    let passed = at_least(width, min_width_m);
    between.dedup_by(|a, b| a.0 == b.0);
    // The dimension line carries the figure; the point only marks the spot (one label,
    // not two saying the same), unless there is no line.
    let point_label = if evidence.len() > 1 {
        String::new()
    } else {
        m(width)
    };
    evidence.push(Evidence::Point {
        at: p3(at, 0.0),
        label: point_label,
    });
    // A figure that fails yet prints as the requirement gets its millimetres.
    let shown = if !passed && m(width) == m(min_width_m) {
        format!("{width:.3} m")
    } else {
        m(width)
    };
    // Names mid-sentence in English read lower-case ("the drinks fridge").
    let en = |t: &Text| {
        let mut chars = t.en.chars();
        chars.next().map_or(String::new(), |c| {
            c.to_lowercase().chain(chars).collect::<String>()
        })
    };
    let (at_zh, at_en) = match (between.as_slice(), &at_door) {
        (_, Some(d)) => {
            let door = door_name(plan, *d);
            (
                format!("（{}的净宽）", door.zh),
                format!(" (the clear width of {})", en(&door)),
            )
        }
        ([], None) => (String::new(), String::new()),
        ([(_, one)], None) => (
            format!("（在{}旁）", one.zh),
            format!(" (beside the {})", en(one)),
        ),
        ([(_, x), (_, y), ..], None) if x == y => (
            format!("（在两个{}之间）", x.zh),
            format!(" (between two items: {})", en(x)),
        ),
        ([(_, x), (_, y), ..], None) => (
            format!("（在{}与{}之间）", x.zh, y.zh),
            format!(" (between the {} and the {})", en(x), en(y)),
        ),
    };
    Outcome {
        passed,
        measured: Some(width),
        required: Some(min_width_m),
        comparison: Some(Comparison::AtLeast),
        unit: Unit::Metre,
        entities: ids(a
            .ids
            .iter()
            .chain(&b.ids)
            .map(String::as_str)
            .chain(between.iter().map(|(id, _)| id.as_str()))
            .chain(at_door.map(|d| plan.doors[d].id.as_str()))),
        evidence,
        finding: text(
            format!(
                "{}：最窄处 {shown}{at_zh}，要求 ≥ {}",
                route_name.zh,
                m(min_width_m)
            ),
            format!(
                "{}: narrowest point {shown}{at_en}, required ≥ {}",
                route_name.en,
                m(min_width_m)
            ),
        ),
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `ClearWidth` for the rule-pack validator: both places, a
/// threshold `min_width_m` ≥ 0 and a grid cell within the supported range.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    from: &crate::model::Place,
    to: &crate::model::Place,
    min_width_m: f64,
    cell_m: f64,
) {
    p.place("from", from);
    p.place("to", to);
    p.threshold("min_width_m", min_width_m);
    p.cell(cell_m);
}
