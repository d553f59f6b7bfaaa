//! Validation of `venue.ron`: the floor, walls and their openings, zones, fixtures,
//! external features and the tour.
//!
//! Invariants:
//! - Geometry is only computed on values that passed the sanity checks of
//!   [`super::common`] (finite, in range, non-degenerate, simple polygons).
//! - No pass compares all pairs: openings against crossing walls, zones against zones
//!   and fixtures against fixtures go through [`overlapping_pairs`] (a grid of buckets),
//!   with at most [`MAX_OVERLAPS_PER_ITEM`] pairs reported per entity and
//!   [`MAX_OVERLAP_PAIRS`] per pass; every pass pays for its work from the one budget of
//!   the [`Ctx`], and says so when that runs out. Overlaps within one wall are found by
//!   sorting its openings.
//! - Tolerances: the one drawing slack [`EDGE_TOLERANCE_M`] (1 cm) for everything a
//!   person draws, and [`crate::geometry::EPS`] for "the same point".

use super::common::{Lower, shown};
use super::context::{Ctx, MAX_DIAGNOSTICS_PER_CODE};
use super::{
    EDGE_TOLERANCE_M, Env, MAX_FIXTURE_SIZE_M, MAX_HEIGHT_M, MAX_WALL_LENGTH_M,
    MAX_WALL_THICKNESS_M,
};
use crate::compact_sort::CompactSort;
use crate::diagnostic::{Code, Severity};
use crate::geometry::overlaps::{PairLimits, PairSearch, overlapping_pairs};
use crate::geometry::polygon::{
    area_outside, intersection_area, perimeter, segment_length_in_strip,
};
use crate::geometry::{
    BBox, EPS, add, dist, lerp, normalize, overlap_area, point_polygon_distance, polygon_area,
    scale, sub,
};
use crate::model::{Fixture, Opening, P2, Venue};
use crate::plan::fixture_footprint;
use crate::span::locate;
use crate::suggest::nearest;
use std::collections::BTreeMap;
use std::path::Path;

/// Most overlaps reported for one entity (a fixture, zone, wall or opening): enough to
/// show what is wrong with it; a fixture stacked on a hundred others is one mistake.
pub const MAX_OVERLAPS_PER_ITEM: usize = 4;

/// Most overlapping pairs one pass looks for: no more can be shown anyway
/// ([`MAX_DIAGNOSTICS_PER_CODE`]).
pub const MAX_OVERLAP_PAIRS: usize = MAX_DIAGNOSTICS_PER_CODE;

/// The limits of one overlap pass, given what is left of the budget.
fn limits(ctx: &Ctx<'_>) -> PairLimits {
    PairLimits {
        per_item: MAX_OVERLAPS_PER_ITEM,
        total: MAX_OVERLAP_PAIRS,
        budget: ctx.budget.left(),
    }
}

/// A fixture's footprint on the plan and its vertical extent.
struct Footprint {
    index: usize,
    corners: [P2; 4],
    bottom: f64,
    top: f64,
    blocks: bool,
}

/// A wall usable for geometry: its centre line, half its thickness, its height.
#[derive(Debug, Clone, Copy)]
struct Body {
    from: P2,
    to: P2,
    half: f64,
    height: f64,
}

/// An opening placed on its wall: where it runs on the plan.
#[derive(Debug, Clone, Copy)]
struct Placed {
    wall: usize,
    opening: usize,
    /// Ends of the opening on its wall's centre line.
    start: P2,
    end: P2,
    /// From the centre line to one face of the wall (zero for an implausible thickness).
    to_face: P2,
    /// Height of the opening's bottom (a window's sill; 0 for a door).
    bottom: f64,
}

impl Placed {
    /// The opening's span on the centre line and on both faces of its wall.
    fn lines(&self) -> [(P2, P2); 3] {
        let (s, e, f) = (self.start, self.end, self.to_face);
        [(s, e), (add(s, f), add(e, f)), (sub(s, f), sub(e, f))]
    }
}

impl Ctx<'_> {
    pub(super) fn venue(&mut self, file: &Path, v: &Venue, env: &Env<'_>) {
        let root = locate::Path::root();
        self.id(file, &root.field("id"), &v.id, "venue");
        self.text(file, &root.field("title"), &v.title, "the venue title");
        let floor = self.polygon(file, &root.field("floor"), &v.floor, "the floor");
        if let Some(h) = v.ceiling_height {
            self.dim(
                file,
                &root.field("ceiling_height"),
                h,
                "the ceiling height",
                Lower::Positive,
                MAX_HEIGHT_M,
            );
        }
        self.walls(file, v);
        self.zones(file, v, floor.as_deref());
        self.fixtures(file, v, floor.as_deref(), env);
        let mut externals = Vec::new();
        for (i, e) in v.external.iter().enumerate() {
            let p = root.field("external").index(i);
            let what = format!("external feature `{}`", shown(&e.id));
            self.id(file, &p.field("id"), &e.id, "external feature");
            self.point(file, &p.field("position"), e.position, &what);
            if let Some(name) = &e.name {
                self.text(file, &p.field("name"), name, &format!("the name of {what}"));
            }
            externals.push((e.id.as_str(), p, "external feature"));
        }
        self.duplicates(file, &externals);
        self.tour(file, v, env);
    }

    fn walls(&mut self, file: &Path, v: &Venue) {
        let mut ids = Vec::new();
        // Walls usable for geometry (finite ends, plausible length and thickness).
        let mut bodies: Vec<Option<Body>> = vec![None; v.walls.len()];
        let mut placed_all: Vec<Placed> = Vec::new();
        for (wi, wall) in v.walls.iter().enumerate() {
            let wp = locate::Path::root().field("walls").index(wi);
            let what = format!("wall `{}`", shown(&wall.id));
            self.id(file, &wp.field("id"), &wall.id, "wall");
            ids.push((wall.id.as_str(), wp.clone(), "wall"));
            let ends_ok = self.point(file, &wp.field("from"), wall.from, &what)
                & self.point(file, &wp.field("to"), wall.to, &what);
            let length = dist(wall.from, wall.to);
            let length_ok = ends_ok
                && if length <= EPS {
                    self.error(
                        Code::AbsurdDimension,
                        file,
                        &wp.field("to"),
                        format!("{what} has zero length: `from` and `to` are the same point"),
                    );
                    false
                } else if length > MAX_WALL_LENGTH_M {
                    self.error(
                        Code::AbsurdDimension,
                        file,
                        &wp.field("to"),
                        format!(
                            "{what} is {length:.1} m long, more than the {MAX_WALL_LENGTH_M} m limit"
                        ),
                    );
                    false
                } else {
                    true
                };
            let thickness_ok = self.dim(
                file,
                &wp.field("thickness"),
                wall.thickness,
                &format!("the thickness of {what}"),
                Lower::Positive,
                MAX_WALL_THICKNESS_M,
            );
            let height_ok = self.dim(
                file,
                &wp.field("height"),
                wall.height,
                &format!("the height of {what}"),
                Lower::Positive,
                MAX_HEIGHT_M,
            );
            if length_ok && thickness_ok && height_ok {
                bodies[wi] = Some(Body {
                    from: wall.from,
                    to: wall.to,
                    half: wall.thickness / 2.0,
                    height: wall.height,
                });
            }
            // From the centre line to the left face.
            let to_face = if thickness_ok {
                normalize(sub(wall.to, wall.from))
                    .map_or((0.0, 0.0), |d| scale((-d.1, d.0), wall.thickness / 2.0))
            } else {
                (0.0, 0.0)
            };

            // (start, end, index, id) of each opening that fits, to find overlaps.
            let mut placed: Vec<(f64, f64, usize, &str)> = Vec::new();
            for (oi, opening) in wall.openings.iter().enumerate() {
                let op = wp.field("openings").index(oi);
                let (kind, height, sill) = match opening {
                    Opening::Door(d) => ("door", d.height, None),
                    Opening::Window(w) => ("window", w.height, Some(w.sill)),
                };
                let owhat = format!("{kind} `{}`", shown(opening.id()));
                self.id(file, &op.field("id"), opening.id(), kind);
                ids.push((opening.id(), op.clone(), kind));
                let mut dims_ok = self.dim(
                    file,
                    &op.field("width"),
                    opening.width(),
                    &format!("the width of {owhat}"),
                    Lower::Positive,
                    MAX_WALL_LENGTH_M,
                );
                dims_ok &= self.dim(
                    file,
                    &op.field("height"),
                    height,
                    &format!("the height of {owhat}"),
                    Lower::Positive,
                    MAX_HEIGHT_M,
                );
                if let Some(sill) = sill {
                    dims_ok &= self.dim(
                        file,
                        &op.field("sill"),
                        sill,
                        &format!("the sill of {owhat}"),
                        Lower::NonNegative,
                        MAX_HEIGHT_M,
                    );
                }
                if !opening.center().is_finite() {
                    self.error(
                        Code::AbsurdDimension,
                        file,
                        &op.field("center"),
                        format!("the center of {owhat} is not a finite number"),
                    );
                    dims_ok = false;
                }
                if !dims_ok {
                    continue;
                }
                if height_ok {
                    let top = height + sill.unwrap_or(0.0);
                    if top > wall.height + EDGE_TOLERANCE_M {
                        self.error_hint(
                            Code::OpeningNotOnWall,
                            file,
                            &op.field("height"),
                            format!(
                                "{owhat} reaches {top} m high but {what} is only {} m high",
                                wall.height
                            ),
                            "lower the opening or raise the wall",
                        );
                    }
                }
                if !length_ok {
                    continue;
                }
                let half = opening.width() / 2.0;
                let (start, end) = (opening.center() - half, opening.center() + half);
                if start < -EDGE_TOLERANCE_M || end > length + EDGE_TOLERANCE_M {
                    self.error_hint(
                        Code::OpeningNotOnWall,
                        file,
                        &op.field("center"),
                        format!(
                            "{owhat} spans {start:.2}–{end:.2} m along {what}, which is {length:.2} m long"
                        ),
                        "`center` is the distance from the wall's `from` end to the middle of the opening",
                    );
                } else {
                    placed.push((start, end, oi, opening.id()));
                    placed_all.push(Placed {
                        wall: wi,
                        opening: oi,
                        start: lerp(wall.from, wall.to, start.max(0.0) / length),
                        end: lerp(wall.from, wall.to, end.min(length) / length),
                        to_face,
                        bottom: sill.unwrap_or(0.0),
                    });
                }
            }
            placed.sort_compact_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
            let mut reach: Option<(f64, &str)> = None;
            for &(start, end, oi, id) in &placed {
                if let Some((prev_end, prev_id)) = reach
                    && start < prev_end - EDGE_TOLERANCE_M
                {
                    self.error_hint(
                        Code::OpeningNotOnWall,
                        file,
                        &wp.field("openings").index(oi).field("center"),
                        format!(
                            "opening `{}` overlaps opening `{}` on {what}",
                            shown(id),
                            shown(prev_id)
                        ),
                        "move one of them along the wall (`center`) or make it narrower",
                    );
                }
                if reach.is_none_or(|(prev_end, _)| end > prev_end) {
                    reach = Some((end, id));
                }
            }
        }
        self.duplicates(file, &ids);
        self.openings_in_crossing_walls(file, v, &bodies, &placed_all);
    }

    /// Openings whose clear width runs into the body of another wall (a door next to a
    /// corner, with the crossing wall's half thickness in its opening). Walls are centred
    /// on their line, so a wall of thickness `t` is solid for `t / 2` on either side. The
    /// opening is measured on its wall's centre line and on both faces (a partition
    /// drawn to the face of the wall blocks the doorway too); a crossing wall no higher
    /// than a window's sill does not block it.
    fn openings_in_crossing_walls(
        &mut self,
        file: &Path,
        v: &Venue,
        bodies: &[Option<Body>],
        placed: &[Placed],
    ) {
        if placed.is_empty() {
            return;
        }
        // One list of boxes: the walls' bodies, then the openings' spans.
        let walls = bodies.len();
        let mut boxes: Vec<BBox> = bodies
            .iter()
            .map(|b| match b {
                Some(b) => BBox::of(&[b.from, b.to]).expand(b.half),
                None => BBox::of(&[]),
            })
            .collect();
        boxes.extend(
            placed
                .iter()
                .map(|p| BBox::of(&p.lines().map(|l| [l.0, l.1]).concat())),
        );
        let search: PairSearch<(usize, usize, f64)> =
            overlapping_pairs(&boxes, limits(self), |i, j| {
                // `i < j`: a wall and an opening, or nothing to test.
                if i >= walls || j < walls {
                    return None;
                }
                let p = &placed[j - walls];
                let body = bodies[i]?;
                if p.wall == i || body.height <= p.bottom + EDGE_TOLERANCE_M {
                    return None;
                }
                let inside = p
                    .lines()
                    .map(|(a, b)| segment_length_in_strip(a, b, body.from, body.to, body.half))
                    .into_iter()
                    .fold(0.0, f64::max);
                (inside > EDGE_TOLERANCE_M).then_some(((i, j - walls, inside), 3))
            });
        self.budget.spend(search.spent);
        for &(_, _, (wi, pi, inside)) in &search.pairs {
            let p = &placed[pi];
            let (wall, other) = (&v.walls[p.wall], &v.walls[wi]);
            let Some(opening) = wall.openings.get(p.opening) else {
                continue;
            };
            let kind = match opening {
                Opening::Door(_) => "door",
                Opening::Window(_) => "window",
            };
            let half = opening.width() / 2.0;
            let fix = bodies[wi]
                .and_then(|body| clear_center(p, wall, opening.center(), half, &body, inside))
                .map(|c| format!(" (e.g. `center: {c}`)"))
                .unwrap_or_default();
            self.error_hint(
                Code::OpeningBlocked,
                file,
                &locate::Path::root()
                    .field("walls")
                    .index(p.wall)
                    .field("openings")
                    .index(p.opening)
                    .field("center"),
                format!(
                    "{kind} `{}` runs into wall `{}`: {inside:.2} m of its {:.2} m opening ({:.2}–{:.2} m along wall `{}`) is inside that wall",
                    shown(opening.id()),
                    shown(&other.id),
                    opening.width(),
                    opening.center() - half,
                    opening.center() + half,
                    shown(&wall.id),
                ),
                format!(
                    "walls are centred on their line, so wall `{}` is solid {:.2} m to either side of it: move the {kind} along its wall (`center`){fix} or make it narrower so that the opening clears that wall",
                    shown(&other.id),
                    other.thickness / 2.0
                ),
            );
        }
        self.overlap_search_notes(file, &search, "openings running into walls");
    }

    /// The notes and errors an overlap search leaves when it stopped early.
    fn overlap_search_notes<T>(&mut self, file: &Path, search: &PairSearch<T>, what: &str) {
        if search.out_of_budget {
            self.limit_reached(file, &format!("all {what}"));
        } else if search.item_capped || search.total_capped {
            self.limit(
                Severity::Note,
                Code::DiagnosticsLeftOut,
                file,
                format!(
                    "more {what} may exist: they are reported at most {MAX_OVERLAPS_PER_ITEM} times per entity and {MAX_OVERLAP_PAIRS} times in all"
                ),
                "fix these and validate again to see the rest".to_owned(),
            );
        }
    }

    fn zones(&mut self, file: &Path, v: &Venue, floor: Option<&[P2]>) {
        let mut ids = Vec::new();
        // The distinct points of every zone usable for geometry, by zone index.
        let mut shapes: Vec<Option<Vec<P2>>> = vec![None; v.zones.len()];
        let mut floor_checks_done = true;
        for (zi, zone) in v.zones.iter().enumerate() {
            let zp = locate::Path::root().field("zones").index(zi);
            let what = format!("zone `{}`", shown(&zone.id));
            self.id(file, &zp.field("id"), &zone.id, "zone");
            ids.push((zone.id.as_str(), zp.clone(), "zone"));
            if let Some(name) = &zone.name {
                self.text(
                    file,
                    &zp.field("name"),
                    name,
                    &format!("the name of {what}"),
                );
            }
            self.dim(
                file,
                &zp.field("clear_height"),
                zone.clear_height,
                &format!("the clear height of {what}"),
                Lower::Positive,
                MAX_HEIGHT_M,
            );
            if let Some(points) = self.polygon(file, &zp.field("polygon"), &zone.polygon, &what) {
                if let Some(floor) = floor
                    && floor_checks_done
                {
                    if self.budget.take((points.len() + floor.len()) as u64) {
                        self.zone_on_floor(file, &zp, &what, &zone.polygon, &points, floor);
                    } else {
                        self.limit_reached(file, "whether every zone lies on the floor");
                        floor_checks_done = false;
                    }
                }
                shapes[zi] = Some(points);
            }
        }
        self.duplicates(file, &ids);

        let boxes: Vec<BBox> = shapes
            .iter()
            .map(|s| s.as_deref().map_or(BBox::of(&[]), BBox::of))
            .collect();
        let search = overlapping_pairs(&boxes, limits(self), |a, b| {
            let (pa, pb) = (shapes[a].as_deref()?, shapes[b].as_deref()?);
            let cost = (pa.len() + pb.len()) as u64;
            let area = intersection_area(pa, pb);
            (area > EDGE_TOLERANCE_M * perimeter(pa).min(perimeter(pb)) / 2.0)
                .then_some((area, cost))
        });
        self.budget.spend(search.spent);
        for &(a, b, area) in &search.pairs {
            let (za, zb) = (&v.zones[a], &v.zones[b]);
            self.error_hint(
                Code::OverlappingZones,
                file,
                &locate::Path::root()
                    .field("zones")
                    .index(b)
                    .field("polygon"),
                format!(
                    "zones `{}` and `{}` overlap by {area:.2} m²",
                    shown(&za.id),
                    shown(&zb.id)
                ),
                "each part of the floor has one use: make the zones meet edge to edge",
            );
        }
        self.overlap_search_notes(file, &search, "overlapping zones");
    }

    /// A zone (`points`, its distinct points; `written`, as written) lies on the floor.
    fn zone_on_floor(
        &mut self,
        file: &Path,
        zp: &locate::Path,
        what: &str,
        written: &[P2],
        points: &[P2],
        floor: &[P2],
    ) {
        let outside = area_outside(points, floor);
        if outside > EDGE_TOLERANCE_M * perimeter(points) / 2.0 {
            let at = written
                .iter()
                .position(|p| point_polygon_distance(*p, floor) > EDGE_TOLERANCE_M)
                .map_or(zp.field("polygon"), |i| zp.field("polygon").index(i));
            self.error_hint(
                Code::ZoneOutsideFloor,
                file,
                &at,
                format!("{what} reaches {outside:.2} m² outside the floor outline"),
                "zones lie on the floor: move this corner inside `floor`",
            );
        }
    }

    fn fixtures(&mut self, file: &Path, v: &Venue, floor: Option<&[P2]>, env: &Env<'_>) {
        let mut ids = Vec::new();
        let mut feet = Vec::new();
        let catalogue_types = env.fixture_types.as_ref();
        for (fi, f) in v.fixtures.iter().enumerate() {
            let fp = locate::Path::root().field("fixtures").index(fi);
            let what = format!("fixture `{}`", shown(&f.id));
            self.id(file, &fp.field("id"), &f.id, "fixture");
            ids.push((f.id.as_str(), fp.clone(), "fixture"));
            if let Some(types) = catalogue_types
                && !types.contains(f.kind.as_str())
            {
                // The did-you-mean search only for diagnostics that will be shown.
                let hint = if self.wants(Code::DanglingReference) {
                    match nearest(&f.kind, types.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "add the type to the catalogue, or use one it has".to_owned(),
                    }
                } else {
                    String::new()
                };
                self.error_hint(
                    Code::DanglingReference,
                    file,
                    &fp.field("type"),
                    format!(
                        "{what} has type `{}`, which is not in the catalogue",
                        shown(&f.kind)
                    ),
                    hint,
                );
            }
            let mut ok = self.point(file, &fp.field("position"), f.position, &what);
            if !f.rotation.is_finite() {
                self.error(
                    Code::AbsurdDimension,
                    file,
                    &fp.field("rotation"),
                    format!("the rotation of {what} is not a finite number"),
                );
                ok = false;
            }
            if let Some(size) = f.size {
                ok &= self.size(file, &fp.field("size"), size, &what);
            }
            if let Some(h) = f.mounting_height {
                ok &= self.dim(
                    file,
                    &fp.field("mounting_height"),
                    h,
                    &format!("the mounting height of {what}"),
                    Lower::NonNegative,
                    MAX_HEIGHT_M,
                );
            }
            if let Some(model) = &f.model {
                self.model_path(file, &fp.field("model"), model, &what);
            }
            if let Some(label) = &f.label {
                self.text(
                    file,
                    &fp.field("label"),
                    label,
                    &format!("the label of {what}"),
                );
            }
            if ok && let Some(foot) = footprint(fi, f, env) {
                feet.push(foot);
            }
        }
        self.duplicates(file, &ids);

        if let Some(floor) = floor {
            for foot in &feet {
                if !self.budget.take(floor.len() as u64 * 4) {
                    self.limit_reached(file, "whether every fixture lies on the floor");
                    break;
                }
                // The footprint is convex: clip the floor to it.
                let outside = polygon_area(&foot.corners) - overlap_area(floor, &foot.corners);
                if outside > EDGE_TOLERANCE_M * perimeter(&foot.corners) / 2.0 {
                    let f = &v.fixtures[foot.index];
                    self.error_hint(
                        Code::FixtureOutsideFloor,
                        file,
                        &locate::Path::root()
                            .field("fixtures")
                            .index(foot.index)
                            .field("position"),
                        format!(
                            "fixture `{}` reaches {outside:.2} m² outside the floor outline",
                            shown(&f.id)
                        ),
                        "move it inside `floor` (`position` is the centre of its footprint)",
                    );
                }
            }
        }

        // Only fixtures that block walking can overlap; the others get no box.
        let boxes: Vec<BBox> = feet
            .iter()
            .map(|f| {
                if f.blocks {
                    BBox::of(&f.corners)
                } else {
                    BBox::of(&[])
                }
            })
            .collect();
        let search = overlapping_pairs(&boxes, limits(self), |i, j| {
            let (a, b) = (&feet[i], &feet[j]);
            let vertical = a.top.min(b.top) - a.bottom.max(b.bottom);
            if vertical <= EDGE_TOLERANCE_M {
                return None;
            }
            // Both footprints are convex rectangles: clipping costs 4 × 4 edge tests.
            let area = overlap_area(&a.corners, &b.corners);
            let allowance =
                EDGE_TOLERANCE_M * perimeter(&a.corners).min(perimeter(&b.corners)) / 2.0;
            (area > allowance).then_some(((area, a.bottom.max(b.bottom), a.top.min(b.top)), 16))
        });
        self.budget.spend(search.spent);
        for &(i, j, (area, low, high)) in &search.pairs {
            // Feet are in fixture order, so `i < j` keeps the fixtures' order.
            let (first, second) = (feet[i].index, feet[j].index);
            let (fa, fb) = (&v.fixtures[first], &v.fixtures[second]);
            self.error_hint(
                Code::OverlappingFixtures,
                file,
                &locate::Path::root()
                    .field("fixtures")
                    .index(second)
                    .field("position"),
                format!(
                    "fixtures `{}` and `{}` overlap by {area:.2} m² between {low:.2} and {high:.2} m above the floor",
                    shown(&fa.id),
                    shown(&fb.id)
                ),
                "move one of them, or set `mounting_height` if one hangs above the other",
            );
        }
        self.overlap_search_notes(file, &search, "overlapping fixtures");
    }

    fn tour(&mut self, file: &Path, v: &Venue, env: &Env<'_>) {
        let Some(tour) = &v.tour else {
            return;
        };
        let tp = locate::Path::root().field("tour");
        self.text(file, &tp.field("intro"), &tour.intro, "the tour intro");
        if let Some(outro) = &tour.outro {
            self.text(file, &tp.field("outro"), outro, "the tour outro");
        }
        if tour.stops.is_empty() {
            self.error_hint(
                Code::InvalidTour,
                file,
                &tp.field("stops"),
                "the tour has no stops".to_owned(),
                "list the rules to visit, e.g. `stops: [(rule: \"handwash_basin\")]`, or remove the tour",
            );
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (si, stop) in tour.stops.iter().enumerate() {
            let sp = tp.field("stops").index(si);
            if let Some(first) = seen.get(stop.rule.as_str()) {
                self.error_hint(
                    Code::InvalidTour,
                    file,
                    &sp.field("rule"),
                    format!(
                        "rule `{}` is already stop {} of the tour",
                        shown(&stop.rule),
                        first + 1
                    ),
                    "each rule is visited once: remove this stop",
                );
            } else {
                seen.insert(&stop.rule, si);
            }
            if let Some(rules) = &env.rule_ids
                && !rules.contains(stop.rule.as_str())
            {
                let hint = if self.wants(Code::DanglingReference) {
                    match nearest(&stop.rule, rules.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "tour stops name rules of the venue's rule packs".to_owned(),
                    }
                } else {
                    String::new()
                };
                self.error_hint(
                    Code::DanglingReference,
                    file,
                    &sp.field("rule"),
                    format!(
                        "tour stop {} names rule `{}`, which no rule pack has",
                        si + 1,
                        shown(&stop.rule)
                    ),
                    hint,
                );
            }
            if let Some(view) = &stop.viewpoint {
                let vp = sp.field("viewpoint");
                let what = format!("the viewpoint of tour stop {}", si + 1);
                let ok = self.point3(file, &vp.field("eye"), view.eye, &what)
                    & self.point3(file, &vp.field("target"), view.target, &what);
                let (eye, target) = (view.eye, view.target);
                let apart = (eye.0 - target.0)
                    .hypot(eye.1 - target.1)
                    .hypot(eye.2 - target.2);
                if ok && apart <= EPS {
                    self.error(
                        Code::InvalidTour,
                        file,
                        &vp.field("target"),
                        format!("{what} looks at its own eye point"),
                    );
                }
            }
        }
    }
}

/// A `center` (rounded to the centimetre) that moves the opening `p` off `body` by the
/// length it runs into it, if that keeps it on its wall and clear of that body; `None`
/// when no such small move exists (a wall crossing the middle of the opening).
fn clear_center(
    p: &Placed,
    wall: &crate::model::Wall,
    center: f64,
    half: f64,
    body: &Body,
    inside: f64,
) -> Option<f64> {
    /// Steps per metre of the suggestion: centimetres, as `center` is written by hand.
    /// (Dividing by it gives the nearest `f64` to a written value: `0.3`, not
    /// `0.30000000000000004`.)
    const STEPS_PER_M: f64 = 100.0;
    let length = dist(wall.from, wall.to);
    let shift = (inside * STEPS_PER_M).ceil() / STEPS_PER_M;
    [center + shift, center - shift]
        .into_iter()
        .map(|c| (c * STEPS_PER_M).round() / STEPS_PER_M)
        .find(|&c| {
            let (start, end) = (c - half, c + half);
            if start < 0.0 || end > length {
                return false;
            }
            let moved = Placed {
                start: lerp(wall.from, wall.to, start / length),
                end: lerp(wall.from, wall.to, end / length),
                ..*p
            };
            moved.lines().iter().all(|(a, b)| {
                segment_length_in_strip(*a, *b, body.from, body.to, body.half) <= EDGE_TOLERANCE_M
            })
        })
}

/// The footprint of a fixture whose own values are plausible, with its size and height
/// from the catalogue where it does not set them; `None` if they are unknown or absurd.
fn footprint(index: usize, f: &Fixture, env: &Env<'_>) -> Option<Footprint> {
    let kind = env.catalogue.and_then(|c| c.fixtures.get(&f.kind));
    let size = f.size.or(kind.map(|k| k.size))?;
    let bottom = f
        .mounting_height
        .unwrap_or(kind.map_or(0.0, |k| k.mounting_height));
    let blocks = kind.is_none_or(|k| k.blocks_walking);
    let plausible = |x: f64| x.is_finite() && x > 0.0 && x <= MAX_FIXTURE_SIZE_M;
    let bottom_ok = bottom.is_finite() && (0.0..=MAX_HEIGHT_M).contains(&bottom);
    if !(plausible(size.0) && plausible(size.1) && plausible(size.2) && bottom_ok) {
        return None;
    }
    Some(Footprint {
        index,
        corners: fixture_footprint(f.position, f.rotation, size.0, size.1),
        bottom,
        top: bottom + size.2,
        blocks,
    })
}
