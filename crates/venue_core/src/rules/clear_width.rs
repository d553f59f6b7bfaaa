//! `clear_width`: the walking route between `from` and `to` is at least `min_width_m`
//! wide at its narrowest, on the occupancy grid with cells of `cell_m`
//! ([`crate::geometry::grid`]: walls and blocking fixtures are obstacles, doors are
//! passable).
//!
//! The route is the widest one (maximin), shortest among equally wide ones
//! ([`widest_route`]). It starts and ends in the cells of [`super::places::cells`] with a
//! reach of `min_width_m / 2 + one cell`: a person of the required width standing there
//! touches the fixture or door. Those end cells do not limit the width (the fixture one
//! walks up to is not a constriction), nor do cells whose nearest obstacle is the end's
//! own (a door's wall and what lies beyond it, a fixture's footprint: see
//! [`super::places`]); zone cells do. When the ends meet (a fixture inside the zone the
//! route starts from) the route is the widest meeting cell.
//!
//! Measured: the narrowest clear width along the route; 0 when no route exists. Nothing
//! selected on either side fails.

use super::common::{
    Groups, at_least, ids, m, nothing_selected, obstacle_near, p3, route_points, text,
};
use super::places;
use crate::geometry::{add, normalize, scale, sub, widest_route};
use crate::model::Place;
use crate::model::Text;
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    from: &Place,
    to: &Place,
    min_width_m: f64,
    cell_m: f64,
) -> Outcome {
    let grid = plan.grid(cell_m);
    let reach = min_width_m.max(0.0) / 2.0 + grid.cell;
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
    // Cells that do not limit the width: the ends' reach, and free cells whose nearest
    // obstacle belongs to an end.
    let mut own = crate::geometry::pool::Buf::filled(grid.len(), false);
    for c in a.own.iter().chain(&b.own) {
        own[*c as usize] = true;
    }
    let mut ignore = Vec::new();
    if a.ignore_width {
        ignore.extend_from_slice(&a.cells);
    }
    if b.ignore_width {
        ignore.extend_from_slice(&b.cells);
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
    let route_name = text(
        format!("{} → {}", fname.zh, tname.zh),
        format!("{} → {}", fname.en, tname.en),
    );
    let Some(route) = widest_route(&grid, &a.cells, &b.cells, &ignore) else {
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

    let width = route.width;
    let passed = at_least(width, min_width_m);
    let p = grid.center(route.narrowest);
    let s = grid.center(grid.nearest_obstacle(route.narrowest));
    let mut evidence = vec![Evidence::Polyline {
        points: route_points(&grid, &route.cells),
        label: String::new(),
    }];
    let mut between: Vec<(String, Text)> = Vec::new();
    if let Some(u) = normalize(sub(p, s)) {
        let start = add(s, scale(u, grid.cell / 2.0));
        let end = add(start, scale(u, width));
        evidence.push(Evidence::Segment {
            from: p3(start, 0.0),
            to: p3(end, 0.0),
            label: m(width),
        });
        between.extend(obstacle_near(plan, start, grid.cell));
        between.extend(obstacle_near(plan, end, grid.cell));
    }
    between.dedup_by(|a, b| a.0 == b.0);
    // The dimension line carries the figure; the point only marks the spot (one label,
    // not two saying the same), unless there is no line.
    let point_label = if evidence.len() > 1 {
        String::new()
    } else {
        m(width)
    };
    evidence.push(Evidence::Point {
        at: p3(p, 0.0),
        label: point_label,
    });
    // Names mid-sentence in English read lower-case ("the drinks fridge").
    let en = |t: &Text| {
        let mut chars = t.en.chars();
        chars.next().map_or(String::new(), |c| {
            c.to_lowercase().chain(chars).collect::<String>()
        })
    };
    let (at_zh, at_en) = match between.as_slice() {
        [] => (String::new(), String::new()),
        [(_, one)] => (
            format!("（在{}旁）", one.zh),
            format!(" (beside the {})", en(one)),
        ),
        [(_, x), (_, y), ..] if x == y => (
            format!("（在两个{}之间）", x.zh),
            format!(" (between two items: {})", en(x)),
        ),
        [(_, x), (_, y), ..] => (
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
            .chain(between.iter().map(|(id, _)| id.as_str()))),
        evidence,
        finding: text(
            format!(
                "{}：最窄处 {}{at_zh}，要求 ≥ {}",
                route_name.zh,
                m(width),
                m(min_width_m)
            ),
            format!(
                "{}: narrowest point {}{at_en}, required ≥ {}",
                route_name.en,
                m(width),
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
