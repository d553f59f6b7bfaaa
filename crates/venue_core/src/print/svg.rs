//! The floor plan as SVG, drawn from the plan alone (no renderer): zones with names and
//! areas, walls with their openings cut out, door leaves and swings, windows, fixture
//! footprints, outside features, a scale bar, the numbered checkpoints at the numbers
//! the app's markers carry, and the evidence of failing checkpoints.
//!
//! Invariants: one pass over each kind of entity (openings are grouped per wall first),
//! all text escaped, coordinates in metres scaled once ([`PX_PER_M`]); the plan is
//! turned as the app's plan view shows it (plan x to the left, plan z up the page).

use super::escape;
use crate::compact_sort::CompactSort;
use crate::geometry::{add, interior_point, scale, sub};
use crate::model::{Lang, Level, P2, P3, Swing, ZoneKind};
use crate::plan::Plan;
use crate::report::{Evidence, Report, Status};
use std::fmt::Write as _;

/// Drawing units per metre: 1 m is 60 px, so a 6 × 8 m eatery fits an A4 column.
const PX_PER_M: f64 = 60.0;
/// Space around the plan, in metres, for labels, outside features and the scale bar.
/// Outside features farther out (a cesspit 30 m away) are drawn at the edge with an
/// arrow and how much farther they are, so the premises keep the page.
const MARGIN_M: f64 = 1.5;
/// How far inside the page edge clamped marks and labels sit, in metres.
const EDGE_INSET_M: f64 = 0.35;
/// Radius of a checkpoint's numbered disc, in metres.
const MARKER_R_M: f64 = 0.17;
/// Length of the scale bar, in metres.
const SCALE_BAR_M: f64 = 2.0;
const FAIL_COLOUR: &str = "#c62828";
const PASS_COLOUR: &str = "#2e7d32";
const NOT_APPLICABLE_COLOUR: &str = "#757575";
const SHOULD_IMPROVE_COLOUR: &str = "#f9a825";

/// Floor tint per zone kind (light, so black text and marks stay legible in print).
fn zone_fill(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::FoodProcessing => "#fde3c6",
        ZoneKind::Cooking => "#f9d0c8",
        ZoneKind::Washing => "#d2e6f7",
        ZoneKind::Storage => "#e8ded2",
        ZoneKind::Dining => "#d9efd9",
        ZoneKind::Toilet => "#e6d9f2",
        ZoneKind::Changing => "#f7f0c8",
        ZoneKind::SpecialRoom => "#f6d6e6",
        ZoneKind::OtcArea => "#d9efd9",
        ZoneKind::RxArea => "#f9d6d6",
        ZoneKind::Dispensing => "#f6d6e6",
        ZoneKind::NonDrugArea => "#f7f0c8",
        ZoneKind::LivingQuarters => "#e6d9f2",
        _ => "#eeeeee",
    }
}

/// A marker's colour, as the app colours it: a failing recommendation is amber.
fn status_colour(status: Status, level: Level) -> &'static str {
    match (status, level) {
        (Status::Pass, _) => PASS_COLOUR,
        (Status::Fail, Level::Required) => FAIL_COLOUR,
        (Status::Fail, Level::Recommended) => SHOULD_IMPROVE_COLOUR,
        (Status::NotApplicable, _) => NOT_APPLICABLE_COLOUR,
    }
}

/// Where a checkpoint's marker goes: on its evidence (a point, the middle of a line or
/// route, the inside of an outline), `None` when it has none.
pub fn marker_anchor(evidence: &[Evidence]) -> Option<P2> {
    let flat = |p: &P3| (p.0, p.2);
    evidence.iter().find_map(|e| match e {
        Evidence::Point { at, .. } => Some(flat(at)),
        Evidence::Segment { from, to, .. } => Some(((from.0 + to.0) / 2.0, (from.2 + to.2) / 2.0)),
        Evidence::Polyline { points, .. } => points.get(points.len() / 2).map(flat),
        Evidence::Polygon { points, .. } if points.len() >= 3 => {
            Some(interior_point(&points.iter().map(flat).collect::<Vec<_>>()))
        }
        Evidence::Polygon { .. } => None,
    })
}

struct Canvas {
    out: String,
    min: P2,
    max: P2,
}

impl Canvas {
    /// `p` moved inside the page (by [`EDGE_INSET_M`]) if it lies outside.
    fn clamp(&self, p: P2) -> P2 {
        (
            p.0.clamp(self.min.0 + EDGE_INSET_M, self.max.0 - EDGE_INSET_M),
            p.1.clamp(self.min.1 + EDGE_INSET_M, self.max.1 - EDGE_INSET_M),
        )
    }
    // Turned half a turn, as the app's plan view shows it (the entrance side at the
    // bottom): plan x runs to the left of the page and plan z up.
    fn x(&self, p: P2) -> f64 {
        (self.max.0 - p.0) * PX_PER_M
    }
    fn y(&self, p: P2) -> f64 {
        (self.max.1 - p.1) * PX_PER_M
    }
    fn points(&self, poly: &[P2]) -> String {
        let mut s = String::new();
        for &p in poly {
            let _ = write!(s, "{:.1},{:.1} ", self.x(p), self.y(p));
        }
        s
    }
    fn line(&mut self, a: P2, b: P2, attrs: &str) {
        let (x1, y1, x2, y2) = (self.x(a), self.y(a), self.x(b), self.y(b));
        let _ = writeln!(
            self.out,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" {attrs}/>"#
        );
    }
    fn text(&mut self, at: P2, size_px: f64, text: &str, attrs: &str) {
        let (x, y) = (self.x(at), self.y(at));
        let _ = writeln!(
            self.out,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size_px:.0}" text-anchor="middle" dominant-baseline="middle" {attrs}>{}</text>"#,
            escape(text)
        );
    }
}

/// The plan of `plan` with the checkpoints of `report` numbered by `numbers` (one per
/// result, see [`super::checkpoint_numbers`]), labels in `lang`.
pub fn plan_svg(plan: &Plan, report: &Report, numbers: &[usize], lang: Lang) -> String {
    let bb = plan.bbox;
    let min = (bb.min.0 - MARGIN_M, bb.min.1 - MARGIN_M);
    let max = (bb.max.0 + MARGIN_M, bb.max.1 + MARGIN_M);
    let (width, height) = ((max.0 - min.0) * PX_PER_M, (max.1 - min.1) * PX_PER_M);
    let mut c = Canvas {
        out: String::new(),
        min,
        max,
    };
    let _ = writeln!(
        c.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" class="plan" font-family="sans-serif">"#
    );

    // Zones, then the floor outline over them.
    for zone in &plan.zones {
        let pts = c.points(&zone.polygon);
        let _ = writeln!(
            c.out,
            r#"<polygon points="{pts}" fill="{}" stroke="none"/>"#,
            zone_fill(zone.kind)
        );
    }
    let floor = c.points(&plan.floor);
    let _ = writeln!(
        c.out,
        r##"<polygon points="{floor}" fill="none" stroke="#444" stroke-width="1"/>"##
    );

    // Fixtures as footprints, the front edge (where one stands to use it) drawn bold.
    for f in &plan.fixtures {
        let pts = c.points(&f.footprint);
        let _ = writeln!(
            c.out,
            r##"<polygon points="{pts}" fill="#ffffff" fill-opacity="0.85" stroke="#555" stroke-width="1"/>"##
        );
        let (a, b) = front_edge(f);
        c.line(a, b, r##"stroke="#333" stroke-width="2.5""##);
    }

    // Walls with openings cut out: each wall's openings as intervals along it.
    let mut openings: Vec<Vec<(f64, f64)>> = vec![Vec::new(); plan.walls.len()];
    let along = |wall: usize, p: P2| {
        let w = &plan.walls[wall];
        let d = sub(p, w.from);
        d.0 * w.dir.0 + d.1 * w.dir.1
    };
    let spans = plan
        .doors
        .iter()
        .map(|d| (d.wall_index, d.a, d.b))
        .chain(plan.windows.iter().map(|w| (w.wall_index, w.a, w.b)));
    for (wall, a, b) in spans {
        if wall < plan.walls.len() {
            let (s, e) = (along(wall, a), along(wall, b));
            openings[wall].push((s.min(e), s.max(e)));
        }
    }
    for (i, wall) in plan.walls.iter().enumerate() {
        let cuts = &mut openings[i];
        cuts.sort_compact_by(|a, b| a.0.total_cmp(&b.0));
        let mut start = 0.0;
        let stroke = format!(
            r##"stroke="#222" stroke-width="{:.1}" stroke-linecap="butt""##,
            (wall.thickness * PX_PER_M).max(1.5)
        );
        let point = |t: f64| add(wall.from, scale(wall.dir, t));
        for &(s, e) in cuts.iter() {
            if s > start {
                c.line(point(start), point(s), &stroke);
            }
            start = start.max(e);
        }
        if wall.length > start {
            c.line(point(start), point(wall.length), &stroke);
        }
    }
    for w in &plan.windows {
        c.line(w.a, w.b, r##"stroke="#4a90c2" stroke-width="3""##);
    }
    for d in &plan.doors {
        let (hinge, free, side) = match d.swing {
            Swing::LeftIn => (d.a, d.b, 1.0),
            Swing::LeftOut => (d.a, d.b, -1.0),
            Swing::RightIn => (d.b, d.a, 1.0),
            Swing::RightOut => (d.b, d.a, -1.0),
            Swing::Sliding => {
                c.line(
                    d.a,
                    d.b,
                    r##"stroke="#8d6e63" stroke-width="2" stroke-dasharray="4 3""##,
                );
                continue;
            }
        };
        let open = add(hinge, scale(d.normal, side * d.width));
        c.line(hinge, open, r##"stroke="#8d6e63" stroke-width="2""##);
        let r = d.width * PX_PER_M;
        // The arc from the open leaf's tip back to the closed position; its sweep
        // direction follows from which side of the hinge the free jamb is.
        let cross =
            (open.0 - hinge.0) * (free.1 - hinge.1) - (open.1 - hinge.1) * (free.0 - hinge.0);
        let sweep = u8::from(cross > 0.0);
        let _ = writeln!(
            c.out,
            r##"<path d="M {:.1} {:.1} A {r:.1} {r:.1} 0 0 {sweep} {:.1} {:.1}" fill="none" stroke="#8d6e63" stroke-width="1" stroke-dasharray="3 3"/>"##,
            c.x(open),
            c.y(open),
            c.x(free),
            c.y(free)
        );
    }

    // Names: zones (name and area, where no checkpoint disc covers them), fixtures
    // (small), outside features.
    let discs: Vec<P2> = report
        .results
        .iter()
        .filter_map(|r| marker_anchor(&r.evidence))
        .map(|p| c.clamp(p))
        .collect();
    for zone in &plan.zones {
        // As large as fits the zone's width, down to a legible minimum.
        let name = zone.name.get(lang);
        let room = (zone.bbox.max.0 - zone.bbox.min.0) * ZONE_LABEL_FILL;
        let mut size = ZONE_LABEL_MAX_PX;
        while size > ZONE_LABEL_MIN_PX && text_width_m(name, size) > room {
            size -= 1.0;
        }
        let area = format!("{:.1} m²", zone.area);
        let half = (
            text_width_m(name, size).max(text_width_m(&area, 11.0)) / 2.0,
            ZONE_LABEL_HALF_HEIGHT_M,
        );
        let at = zone_label_position(&zone.polygon, half, &discs);
        c.text(
            (at.0, at.1 + ZONE_LABEL_LINE_M / 2.0),
            size,
            name,
            r##"fill="#333" font-weight="bold""##,
        );
        c.text(
            (at.0, at.1 - ZONE_LABEL_LINE_M / 2.0),
            11.0,
            &area,
            r##"fill="#333""##,
        );
    }
    for f in &plan.fixtures {
        // Only names that fit their footprint: the checklist names the rest.
        let name = f.name.get(lang);
        let shorter_side = f.size.0.min(f.size.1).max(0.0);
        let longer_side = f.size.0.max(f.size.1).max(0.0);
        if text_width_m(name, FIXTURE_LABEL_PX) <= longer_side
            && FIXTURE_LABEL_PX / PX_PER_M <= shorter_side
        {
            c.text(f.center, FIXTURE_LABEL_PX, name, r##"fill="#555""##);
        }
    }
    for e in &plan.externals {
        let at = c.clamp(e.position);
        let off_page = crate::geometry::dist(at, e.position);
        let (x, y) = (c.x(at), c.y(at));
        let _ = writeln!(
            c.out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="#795548"/>"##
        );
        let mut name = e.name.get(lang).to_owned();
        if let Some(dir) = crate::geometry::normalize(sub(e.position, at)) {
            // Off the page: an arrow towards it and how much farther it is.
            c.line(
                at,
                add(at, scale(dir, 0.3)),
                r##"stroke="#795548" stroke-width="2""##,
            );
            name = format!("{name} (+{off_page:.0} m)");
        }
        // Below the point, or above it when that would leave the page.
        let below = (at.0, at.1 - 0.3);
        let label = if c.clamp(below) == below {
            below
        } else {
            (at.0, at.1 + 0.3)
        };
        // Whole on the page: the middle-anchored text kept half its width from the edges.
        let half = text_width_m(&name, 11.0) / 2.0;
        let x = label
            .0
            .clamp(c.min.0 + half, (c.max.0 - half).max(c.min.0 + half));
        c.text((x, label.1), 11.0, &name, r##"fill="#5d4037""##);
    }

    // Evidence of failing checkpoints, under the markers.
    for result in report.results.iter().filter(|r| r.status == Status::Fail) {
        for e in &result.evidence {
            draw_evidence(&mut c, plan, lang, e);
        }
    }
    for (result, &number) in report.results.iter().zip(numbers) {
        let Some(at) = marker_anchor(&result.evidence) else {
            continue;
        };
        let at = c.clamp(at);
        let (x, y) = (c.x(at), c.y(at));
        let r = MARKER_R_M * PX_PER_M;
        let _ = writeln!(
            c.out,
            r##"<g class="marker" data-rule="{}"><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}" stroke="#fff" stroke-width="1.5"/>"##,
            escape(&result.id),
            status_colour(result.status, result.level)
        );
        c.text(
            at,
            11.0,
            &number.to_string(),
            r##"fill="#fff" font-weight="bold""##,
        );
        c.out.push_str("</g>\n");
    }

    // The way in: an arrow through the main entrance, from the outside.
    if let Some((door, inward)) = main_entrance(plan) {
        let tip = add(door, scale(inward, -ENTRANCE_ARROW_GAP_M));
        let tail = add(tip, scale(inward, -ENTRANCE_ARROW_M));
        let colour = r##"stroke="#1565c0" stroke-width="3""##;
        c.line(c.clamp(tail), tip, colour);
        let side = (-inward.1, inward.0);
        for k in [-1.0, 1.0] {
            let barb = add(tip, add(scale(inward, -0.18), scale(side, k * 0.12)));
            c.line(barb, tip, colour);
        }
        let label = c.clamp(add(tail, scale(inward, -0.22)));
        c.text(
            label,
            11.0,
            lang.pick("入口（临街）", "Entrance (street)"),
            r##"fill="#1565c0" font-weight="bold""##,
        );
    }

    // Scale bar, bottom right (the entrance arrow's label is usually mid-page). Plan x
    // runs to the left of the page, so the bar's left end has the larger x.
    let end = (min.0 + 0.3, min.1 + 0.35);
    let origin = (end.0 + SCALE_BAR_M + 0.7, end.1);
    let end = (origin.0 - SCALE_BAR_M, origin.1);
    c.line(origin, end, r##"stroke="#000" stroke-width="3""##);
    for m in 0..=SCALE_BAR_M as usize {
        let tick = (origin.0 - m as f64, origin.1);
        c.line(
            tick,
            (tick.0, tick.1 + 0.1),
            r##"stroke="#000" stroke-width="1.5""##,
        );
    }
    c.text(
        (end.0 - 0.35, end.1),
        11.0,
        &format!("{SCALE_BAR_M:.0} m"),
        r##"fill="#000""##,
    );
    c.out.push_str("</svg>\n");
    c.out
}

/// Zone names: at most this size (drawing units), smaller to fit the zone, not below
/// the minimum, filling at most this share of the zone's width.
const ZONE_LABEL_MAX_PX: f64 = 13.0;
const ZONE_LABEL_MIN_PX: f64 = 8.0;
const ZONE_LABEL_FILL: f64 = 0.9;

/// The edge of a fixture's footprint on its front side (its local +z turned by its
/// rotation: 0° faces +z, 90° faces +x).
pub fn front_edge(f: &crate::plan::PlacedFixture) -> (P2, P2) {
    let yaw = f.rotation_deg.to_radians();
    let front = (yaw.sin(), yaw.cos());
    let corners = &f.footprint;
    (0..corners.len())
        .map(|i| (corners[i], corners[(i + 1) % corners.len()]))
        .max_by(|(a1, b1), (a2, b2)| {
            let along = |a: &P2, b: &P2| {
                let m = crate::geometry::midpoint(*a, *b);
                crate::geometry::dot(sub(m, f.center), front)
            };
            along(a1, b1).total_cmp(&along(a2, b2))
        })
        .unwrap_or((f.center, f.center))
}

/// The entrance arrow: its length, and the gap between its tip and the door.
const ENTRANCE_ARROW_M: f64 = 0.7;
const ENTRANCE_ARROW_GAP_M: f64 = 0.3;

/// The main entrance: the widest exterior door (the first of equals), as its centre and
/// the unit direction that goes in through it. `None` without an exterior door.
pub fn main_entrance(plan: &Plan) -> Option<(P2, P2)> {
    let door = plan.doors.iter().filter(|d| d.exterior).fold(
        None,
        |best: Option<&crate::plan::PlacedDoor>, d| match best {
            Some(b) if b.width >= d.width => Some(b),
            _ => Some(d),
        },
    )?;
    let centre = crate::geometry::midpoint(door.a, door.b);
    let probe = add(centre, scale(door.normal, door.wall_thickness));
    let inside = crate::geometry::point_in_polygon(probe, &plan.floor);
    Some((
        centre,
        if inside {
            door.normal
        } else {
            scale(door.normal, -1.0)
        },
    ))
}

/// A zone label's two lines (name above area): their spacing and the label's half
/// height, in metres.
const ZONE_LABEL_LINE_M: f64 = 0.3;
const ZONE_LABEL_HALF_HEIGHT_M: f64 = 0.32;
/// Candidate label positions per side of a zone's bounding box.
const ZONE_LABEL_CANDIDATES: usize = 9;

/// Where a zone's label goes: the candidate (on a grid over the zone, plus its interior
/// point) whose label box, `half` extents around it, lies inside the zone and keeps
/// farthest from the checkpoint discs; among equally clear ones, the one nearest the
/// interior point. The interior point itself when no candidate box fits.
pub fn zone_label_position(polygon: &[P2], half: P2, discs: &[P2]) -> P2 {
    use crate::geometry::point_in_polygon;
    let home = interior_point(polygon);
    let (Some(min), Some(max)) = (
        polygon
            .iter()
            .copied()
            .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1))),
        polygon
            .iter()
            .copied()
            .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1))),
    ) else {
        return home;
    };
    let fits = |p: P2| {
        [
            (-1.0, -1.0),
            (-1.0, 1.0),
            (1.0, -1.0),
            (1.0, 1.0),
            (0.0, 0.0),
        ]
        .iter()
        .all(|(sx, sy)| point_in_polygon((p.0 + sx * half.0, p.1 + sy * half.1), polygon))
    };
    // Distance from the label box to the nearest disc edge (negative: overlapping),
    // capped: beyond a disc's width, more room is no better.
    let clearance = |p: P2| {
        discs
            .iter()
            .map(|d| {
                let dx = ((d.0 - p.0).abs() - half.0).max(0.0);
                let dy = ((d.1 - p.1).abs() - half.1).max(0.0);
                dx.hypot(dy) - MARKER_R_M
            })
            .fold(2.0 * MARKER_R_M, f64::min)
    };
    let steps = ZONE_LABEL_CANDIDATES - 1;
    let grid = (0..=steps).flat_map(|i| {
        (0..=steps).map(move |j| {
            (
                min.0 + (max.0 - min.0) * i as f64 / steps as f64,
                min.1 + (max.1 - min.1) * j as f64 / steps as f64,
            )
        })
    });
    std::iter::once(home)
        .chain(grid)
        .filter(|&p| fits(p))
        .map(|p| (clearance(p), -crate::geometry::dist(p, home), p))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map_or(home, |(_, _, p)| p)
}

/// Font size of fixture names, in drawing units.
const FIXTURE_LABEL_PX: f64 = 8.0;

/// Rough width of `text` at `font_px`, in metres: CJK characters are square, Latin ones
/// about half as wide.
fn text_width_m(text: &str, font_px: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|ch| if ch.is_ascii() { 0.55 } else { 1.0 })
        .sum();
    ems * font_px / PX_PER_M
}

/// An evidence label as a visitor reads it: the core labels evidence with the ids
/// authors gave (`gas_alarm: 1.50 m`); those become names (`Gas alarm: 1.50 m`).
fn named_label(plan: &Plan, label: &str, lang: Lang) -> String {
    let (head, tail) = match label.split_once(": ") {
        Some((head, tail)) => (head, Some(tail)),
        None => (label, None),
    };
    let name = if let Some(f) = plan.fixtures.iter().find(|f| f.id == head) {
        f.name.get(lang).to_owned()
    } else if let Some(z) = plan.zones.iter().find(|z| z.id == head) {
        z.name.get(lang).to_owned()
    } else if let Some(d) = plan.doors.iter().position(|d| d.id == head) {
        crate::rules::common::door_name(plan, d)
            .get(lang)
            .to_owned()
    } else {
        head.to_owned()
    };
    match tail {
        Some(tail) => format!("{name}: {tail}"),
        None => name,
    }
}

fn draw_evidence(c: &mut Canvas, plan: &Plan, lang: Lang, e: &Evidence) {
    let flat = |p: &P3| (p.0, p.2);
    let stroke = format!(r#"stroke="{FAIL_COLOUR}" stroke-width="2" fill="none""#);
    match e {
        Evidence::Segment { from, to, label } => {
            c.line(flat(from), flat(to), &stroke);
            if !label.is_empty() {
                let mid = c.clamp(((from.0 + to.0) / 2.0, (from.2 + to.2) / 2.0 + 0.15));
                let label = named_label(plan, label, lang);
                c.text(mid, 10.0, &label, &format!(r#"fill="{FAIL_COLOUR}""#));
            }
        }
        Evidence::Polyline { points, .. } => {
            let pts = c.points(&points.iter().map(flat).collect::<Vec<_>>());
            let _ = writeln!(
                c.out,
                r#"<polyline points="{pts}" {stroke} stroke-dasharray="6 4"/>"#
            );
        }
        Evidence::Polygon { points, .. } => {
            let pts = c.points(&points.iter().map(flat).collect::<Vec<_>>());
            let _ = writeln!(c.out, r#"<polygon points="{pts}" {stroke}/>"#);
        }
        Evidence::Point { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOM: [P2; 4] = [(0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 3.0)];
    const HALF: P2 = (0.6, 0.3);

    #[test]
    fn the_front_edge_is_on_the_side_the_fixture_faces() {
        let loaded = crate::load::load_venue(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenes/small-eatery"
        )))
        .unwrap();
        let plan = Plan::new(&loaded.venue, &loaded.catalogue);
        for f in &plan.fixtures {
            let yaw = f.rotation_deg.to_radians();
            let front = (yaw.sin(), yaw.cos());
            let (a, b) = front_edge(f);
            let m = crate::geometry::midpoint(a, b);
            let along = crate::geometry::dot(sub(m, f.center), front);
            assert!(along > 0.0, "{}: front edge behind the centre", f.id);
        }
    }

    #[test]
    fn a_zone_label_stays_home_when_nothing_covers_it() {
        let home = interior_point(&ROOM);
        assert_eq!(zone_label_position(&ROOM, HALF, &[]), home);
        assert_eq!(zone_label_position(&ROOM, HALF, &[(3.8, 2.8)]), home);
    }

    #[test]
    fn a_zone_label_moves_off_a_disc_and_stays_inside() {
        let home = interior_point(&ROOM);
        let at = zone_label_position(&ROOM, HALF, &[home]);
        assert_ne!(at, home);
        let dx = (at.0 - home.0).abs() - HALF.0;
        let dy = (at.1 - home.1).abs() - HALF.1;
        assert!(
            dx.max(0.0).hypot(dy.max(0.0)) >= MARKER_R_M,
            "clear of the disc: {at:?}"
        );
        assert!(at.0 - HALF.0 >= 0.0 && at.0 + HALF.0 <= 4.0);
        assert!(at.1 - HALF.1 >= 0.0 && at.1 + HALF.1 <= 3.0);
    }

    #[test]
    fn a_label_too_big_for_its_zone_stays_at_the_interior_point() {
        let at = zone_label_position(&ROOM, (3.0, 3.0), &[(2.0, 1.5)]);
        assert_eq!(at, interior_point(&ROOM));
    }
}
