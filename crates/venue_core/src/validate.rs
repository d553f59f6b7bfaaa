//! Validation: the semantic checks a parsed venue, catalogue and rule packs must pass
//! before the rules can be evaluated on them.
//!
//! [`validate`] runs every check and never stops at the first problem; the result is
//! sorted by file, position and code, so the same input always gives the same list.
//! Every diagnostic points at the offending entity in its file: serde keeps no spans,
//! so the model path of the entity (`zones[2].polygon[3]`) is looked up in the source
//! text with [`crate::load::locate::Locator`] (falling back to the entity's `id`, or the
//! start of the file, when the exact value is not written out).
//!
//! The checks, each with its own [`Code`]: ids (syntax and duplicates), references
//! (fixture types, tour stops, zone groups, selector ids and types), polygons
//! (degenerate, self-intersecting, outside the floor, overlapping), fixtures (outside
//! the floor, overlapping in space), openings (off their wall, overlapping, too high),
//! dimensions (non-finite, zero, negative or beyond what a building has), model paths
//! leaving the asset root, missing translations, rule parameters and the tour.
//!
//! Geometry is only computed on values that passed the sanity checks (finite, within
//! range, non-degenerate, simple polygons), so the boolean operations never see garbage.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::load::{LoadedRulePack, LoadedVenue};
use crate::model::{
    AttributeTarget, Catalogue, Check, Condition, DoorSelector, Fixture, FixtureSelector, Opening,
    P2, P3, Place, Rule, RulePack, Text, Venue, ZoneSelector,
};
use crate::span::locate::{self, Locator};
use crate::span::{Sources, line_col};
use crate::suggest::nearest;
use geo::{Area, BooleanOps};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// How far (in metres) geometry may stray before it counts: zones or fixtures may stick
/// out of the floor, and zones or fixtures may overlap, by a sliver this thin. Plans are
/// digitised by hand; 1 cm is below what anyone draws on purpose.
pub const EDGE_TOLERANCE_M: f64 = 0.01;
/// Smallest area of a polygon that is not degenerate: 1 cm².
pub const MIN_POLYGON_AREA_M2: f64 = 1e-4;
/// Longest plausible wall. The largest single halls are well under 200 m.
pub const MAX_WALL_LENGTH_M: f64 = 200.0;
/// Tallest plausible wall, ceiling, room, door or mounting height (a high hall).
pub const MAX_HEIGHT_M: f64 = 20.0;
/// Largest plausible fixture side (a walk-in cold room is a few metres).
pub const MAX_FIXTURE_SIZE_M: f64 = 20.0;
/// Thickest plausible wall.
pub const MAX_WALL_THICKNESS_M: f64 = 5.0;
/// Largest plausible coordinate: a venue and its surroundings fit in ±10 km; beyond
/// that the value is a typo (and floating-point geometry loses precision).
pub const MAX_COORDINATE_M: f64 = 10_000.0;
/// Occupancy-grid cells must be larger than this (exclusive): finer grids cost too much
/// time and memory on a whole venue.
pub const MIN_CELL_M: f64 = 0.01;
/// Occupancy-grid cells may be at most this (inclusive): coarser grids close doorways.
pub const MAX_CELL_M: f64 = 1.0;
/// Most points a polygon may have; checks are quadratic in it and real zones have few.
pub const MAX_POLYGON_POINTS: usize = 1000;
/// Points closer than this are the same point.
const SAME_POINT_M: f64 = 1e-9;

/// The parts of a venue to validate; any may be missing when its file did not parse
/// (then the checks that need it are skipped).
#[derive(Debug, Clone, Default)]
pub struct Parts<'a> {
    pub venue: Option<(&'a Path, &'a Venue)>,
    pub catalogue: Option<(&'a Path, &'a Catalogue)>,
    pub packs: Vec<(&'a Path, &'a RulePack)>,
    /// Whether `packs` holds every pack the venue lists (else tour stops are not checked
    /// against them).
    pub packs_complete: bool,
}

/// Every semantic problem of a loaded venue, sorted by file, position and code.
pub fn validate(loaded: &LoadedVenue) -> Vec<Diagnostic> {
    let parts = Parts {
        venue: Some((&loaded.venue_path, &loaded.venue)),
        catalogue: Some((&loaded.catalogue_path, &loaded.catalogue)),
        packs: loaded.packs.iter().map(|(p, r)| (p.as_path(), r)).collect(),
        packs_complete: true,
    };
    validate_parts(&parts, &loaded.sources)
}

/// Every problem of a rule pack on its own (no venue or catalogue to check references
/// against), sorted.
pub fn validate_rule_pack(loaded: &LoadedRulePack) -> Vec<Diagnostic> {
    let parts = Parts {
        packs: vec![(loaded.path.as_path(), &loaded.pack)],
        packs_complete: true,
        ..Parts::default()
    };
    validate_parts(&parts, &loaded.sources)
}

/// Every problem of the given parts, sorted.
pub fn validate_parts(parts: &Parts<'_>, sources: &Sources) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(sources);
    let env = Env::new(parts);
    if let Some((file, venue)) = parts.venue {
        ctx.venue(file, venue, &env);
    }
    if let Some((file, catalogue)) = parts.catalogue {
        ctx.catalogue(file, catalogue);
    }
    ctx.packs(&parts.packs, &env);
    let mut diags = ctx.diags;
    sort_diagnostics(&mut diags);
    diags
}

/// Sorts by file, span start, code and message, and drops exact duplicates.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (
            &a.file,
            a.span.as_ref().map(|s| s.start),
            a.code,
            &a.message,
        )
            .cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.code,
                &b.message,
            ))
    });
    diags.dedup();
}

/// What references are checked against.
struct Env<'a> {
    catalogue: Option<&'a Catalogue>,
    fixture_types: Option<BTreeSet<&'a str>>,
    zone_ids: Option<BTreeSet<&'a str>>,
    door_ids: Option<BTreeSet<&'a str>>,
    /// Every rule id of every pack, when all packs loaded.
    rule_ids: Option<BTreeSet<&'a str>>,
}

impl<'a> Env<'a> {
    fn new(parts: &Parts<'a>) -> Self {
        let venue = parts.venue.map(|(_, v)| v);
        Self {
            catalogue: parts.catalogue.map(|(_, c)| c),
            fixture_types: parts
                .catalogue
                .map(|(_, c)| c.fixtures.keys().map(String::as_str).collect()),
            zone_ids: venue.map(|v| v.zones.iter().map(|z| z.id.as_str()).collect()),
            door_ids: venue.map(|v| {
                v.walls
                    .iter()
                    .flat_map(|w| &w.openings)
                    .filter_map(|o| match o {
                        Opening::Door(d) => Some(d.id.as_str()),
                        Opening::Window(_) => None,
                    })
                    .collect()
            }),
            rule_ids: parts.packs_complete.then(|| {
                parts
                    .packs
                    .iter()
                    .flat_map(|(_, p)| &p.rules)
                    .map(|r| r.id.as_str())
                    .collect()
            }),
        }
    }
}

/// The lower bound of a dimension.
#[derive(Clone, Copy, PartialEq)]
enum Lower {
    /// Must be > 0.
    Positive,
    /// Must be ≥ 0.
    NonNegative,
}

/// A fixture's footprint on the plan and its vertical extent.
struct Footprint {
    index: usize,
    corners: Vec<P2>,
    bottom: f64,
    top: f64,
    blocks: bool,
    bbox: [f64; 4],
}

struct Ctx<'s> {
    locators: BTreeMap<&'s Path, Locator<'s>>,
    diags: Vec<Diagnostic>,
}

impl<'s> Ctx<'s> {
    fn new(sources: &'s Sources) -> Self {
        Self {
            locators: sources.iter().map(|(p, t)| (p, Locator::new(t))).collect(),
            diags: Vec::new(),
        }
    }

    fn span(&self, file: &Path, path: &locate::Path) -> Option<Range<usize>> {
        self.locators.get(file).map(|l| l.span(path))
    }

    /// The line `path` is on, for "first defined on line N".
    fn line(&self, file: &Path, path: &locate::Path) -> Option<usize> {
        let locator = self.locators.get(file)?;
        let span = locator.span(path);
        Some(line_col(locator.text(), span.start).0)
    }

    fn emit(
        &mut self,
        severity: Severity,
        code: Code,
        file: &Path,
        path: &locate::Path,
        message: String,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::error(code, file, message);
        d.severity = severity;
        d.span = self.span(file, path);
        d.hint = hint;
        self.diags.push(d);
    }

    fn error(&mut self, code: Code, file: &Path, path: &locate::Path, message: String) {
        self.emit(Severity::Error, code, file, path, message, None);
    }

    fn error_hint(
        &mut self,
        code: Code,
        file: &Path,
        path: &locate::Path,
        message: String,
        hint: impl Into<String>,
    ) {
        self.emit(
            Severity::Error,
            code,
            file,
            path,
            message,
            Some(hint.into()),
        );
    }

    // ---- shared small checks -------------------------------------------------------

    fn id(&mut self, file: &Path, path: &locate::Path, id: &str, what: &str) {
        if is_valid_id(id) {
            return;
        }
        let message = if id.is_empty() {
            format!("the {what} has an empty id")
        } else {
            format!("invalid {what} id `{id}`: ids use only a-z, 0-9, `_` and `-`")
        };
        let suggestion = suggest_id(id);
        let hint = if suggestion.is_empty() {
            "ids are lowercase ASCII, e.g. `sink_1`".to_owned()
        } else {
            format!("try `{suggestion}`")
        };
        self.error_hint(Code::InvalidId, file, path, message, hint);
    }

    /// Reports ids used twice among `entries` (id, path, kind of entity), in order.
    fn duplicates(&mut self, file: &Path, entries: &[(&str, locate::Path, &str)]) {
        let mut first: BTreeMap<&str, (&locate::Path, &str)> = BTreeMap::new();
        for (id, path, what) in entries {
            match first.get(id) {
                Some((first_path, first_what)) => {
                    let line = self
                        .line(file, first_path)
                        .map(|l| format!(" on line {l}"))
                        .unwrap_or_default();
                    let message =
                        format!("duplicate id `{id}`: the {first_what}{line} already uses it");
                    self.error_hint(
                        Code::DuplicateId,
                        file,
                        &path.field("id"),
                        message,
                        format!("give this {what} another id"),
                    );
                }
                None => {
                    first.insert(id, (path, what));
                }
            }
        }
    }

    fn text(&mut self, file: &Path, path: &locate::Path, text: &Text, what: &str) {
        for (lang, value, name) in [("zh", &text.zh, "Chinese"), ("en", &text.en, "English")] {
            if value.trim().is_empty() {
                self.error_hint(
                    Code::MissingTranslation,
                    file,
                    &path.field(lang),
                    format!("the {name} (`{lang}`) text of {what} is empty"),
                    "every text needs both `zh` and `en`",
                );
            }
        }
    }

    /// A plan point: finite and within [`MAX_COORDINATE_M`]. Returns whether it is.
    fn point(&mut self, file: &Path, path: &locate::Path, p: P2, what: &str) -> bool {
        self.coordinates(file, path, &[p.0, p.1], what)
    }

    fn point3(&mut self, file: &Path, path: &locate::Path, p: P3, what: &str) -> bool {
        self.coordinates(file, path, &[p.0, p.1, p.2], what)
    }

    fn coordinates(&mut self, file: &Path, path: &locate::Path, xs: &[f64], what: &str) -> bool {
        if xs.iter().any(|x| !x.is_finite()) {
            self.error(
                Code::AbsurdDimension,
                file,
                path,
                format!("{what} has a coordinate that is not a finite number"),
            );
            false
        } else if xs.iter().any(|x| x.abs() > MAX_COORDINATE_M) {
            self.error_hint(
                Code::AbsurdDimension,
                file,
                path,
                format!("{what} lies more than {MAX_COORDINATE_M} m from the origin"),
                "coordinates are in metres; is a unit (mm, cm) or a decimal point wrong?",
            );
            false
        } else {
            true
        }
    }

    /// A length or height: finite, above `lower`, at most `max`. Returns whether it is.
    fn dim(
        &mut self,
        file: &Path,
        path: &locate::Path,
        value: f64,
        what: &str,
        lower: Lower,
        max: f64,
    ) -> bool {
        let problem = if !value.is_finite() {
            Some(format!("{what} is not a finite number"))
        } else if lower == Lower::Positive && value <= 0.0 {
            Some(format!("{what} must be greater than 0 m, found {value}"))
        } else if value < 0.0 {
            Some(format!("{what} must not be negative, found {value}"))
        } else if value > max {
            Some(format!(
                "{what} of {value} m is more than the {max} m limit"
            ))
        } else {
            None
        };
        match problem {
            Some(message) => {
                self.error_hint(
                    Code::AbsurdDimension,
                    file,
                    path,
                    message,
                    "dimensions are in metres",
                );
                false
            }
            None => true,
        }
    }

    fn model_path(&mut self, file: &Path, path: &locate::Path, model: &str, what: &str) {
        if let Some(reason) = path_escape_reason(model) {
            self.error_hint(
                Code::PathEscapesAssetRoot,
                file,
                path,
                format!("the model path of {what} {reason}: `{model}`"),
                "model paths are relative to the `assets` folder with `/` separators, e.g. `models/sink.glb`",
            );
        }
    }

    /// Checks a polygon's points and shape. Returns its distinct points when the polygon
    /// is usable for geometry (finite, in range, not degenerate, simple).
    fn polygon(
        &mut self,
        file: &Path,
        path: &locate::Path,
        points: &[P2],
        what: &str,
    ) -> Option<Vec<P2>> {
        if points.len() > MAX_POLYGON_POINTS {
            self.error(
                Code::AbsurdDimension,
                file,
                path,
                format!(
                    "{what} has {} points; at most {MAX_POLYGON_POINTS} are supported",
                    points.len()
                ),
            );
            return None;
        }
        let mut ok = true;
        for (i, p) in points.iter().enumerate() {
            ok &= self.point(
                file,
                &path.index(i),
                *p,
                &format!("point {} of {what}", i + 1),
            );
        }
        if !ok {
            return None;
        }
        let (distinct, original) = distinct_points(points);
        if distinct.len() < 3 {
            self.error_hint(
                Code::DegeneratePolygon,
                file,
                path,
                format!(
                    "{what} has {} distinct point(s); a polygon needs at least 3",
                    distinct.len()
                ),
                "list the corners in order, e.g. `[(0, 0), (4, 0), (4, 3), (0, 3)]`",
            );
            return None;
        }
        let no_area = |message: String, ctx: &mut Self| {
            ctx.error_hint(
                Code::DegeneratePolygon,
                file,
                path,
                message,
                "check the corners for a repeated or mistyped coordinate",
            );
        };
        if collinear(&distinct) {
            no_area(
                format!("{what} has no area: its points lie on one line"),
                self,
            );
            return None;
        }
        if let Some((i, j)) = self_intersection(&distinct) {
            let n = distinct.len();
            let edge = |k: usize| (original[k] + 1, original[(k + 1) % n] + 1);
            let (a, b) = edge(i);
            let (c, d) = edge(j);
            self.error_hint(
                Code::SelfIntersectingPolygon,
                file,
                &path.index(original[i]),
                format!("{what} crosses itself: the edge from point {a} to {b} meets the edge from point {c} to {d}"),
                "list the corners in order around the outline (clockwise or counter-clockwise)",
            );
            return None;
        }
        let area = signed_area(&distinct).abs();
        if area < MIN_POLYGON_AREA_M2 {
            no_area(format!("{what} has no area ({area} m²)"), self);
            return None;
        }
        Some(distinct)
    }

    // ---- venue ---------------------------------------------------------------------

    fn venue(&mut self, file: &Path, v: &Venue, env: &Env<'_>) {
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
            let what = format!("external feature `{}`", e.id);
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
        for (wi, wall) in v.walls.iter().enumerate() {
            let wp = locate::Path::root().field("walls").index(wi);
            let what = format!("wall `{}`", wall.id);
            self.id(file, &wp.field("id"), &wall.id, "wall");
            ids.push((wall.id.as_str(), wp.clone(), "wall"));
            let ends_ok = self.point(file, &wp.field("from"), wall.from, &what)
                & self.point(file, &wp.field("to"), wall.to, &what);
            let length = dist(wall.from, wall.to);
            let length_ok = ends_ok
                && if length <= SAME_POINT_M {
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
            self.dim(
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

            // (start, end, index, id) of each opening that fits, to find overlaps.
            let mut placed: Vec<(f64, f64, usize, &str)> = Vec::new();
            for (oi, opening) in wall.openings.iter().enumerate() {
                let op = wp.field("openings").index(oi);
                let (kind, height, sill) = match opening {
                    Opening::Door(d) => ("door", d.height, None),
                    Opening::Window(w) => ("window", w.height, Some(w.sill)),
                };
                let owhat = format!("{kind} `{}`", opening.id());
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
                }
            }
            placed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
            let mut reach: Option<(f64, &str)> = None;
            for &(start, end, oi, id) in &placed {
                if let Some((prev_end, prev_id)) = reach
                    && start < prev_end - EDGE_TOLERANCE_M
                {
                    self.error_hint(
                        Code::OpeningNotOnWall,
                        file,
                        &wp.field("openings").index(oi).field("center"),
                        format!("opening `{id}` overlaps opening `{prev_id}` on {what}"),
                        "move one of them along the wall (`center`) or make it narrower",
                    );
                }
                if reach.is_none_or(|(prev_end, _)| end > prev_end) {
                    reach = Some((end, id));
                }
            }
        }
        self.duplicates(file, &ids);
    }

    fn zones(&mut self, file: &Path, v: &Venue, floor: Option<&[P2]>) {
        let mut ids = Vec::new();
        let mut shapes: Vec<(usize, Vec<P2>)> = Vec::new();
        for (zi, zone) in v.zones.iter().enumerate() {
            let zp = locate::Path::root().field("zones").index(zi);
            let what = format!("zone `{}`", zone.id);
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
                if let Some(floor) = floor {
                    let outside = outside_area(&points, floor);
                    if outside > EDGE_TOLERANCE_M * perimeter(&points) / 2.0 {
                        let at = zone
                            .polygon
                            .iter()
                            .position(|p| outside_distance(*p, floor) > EDGE_TOLERANCE_M)
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
                shapes.push((zi, points));
            }
        }
        self.duplicates(file, &ids);

        for (a, (ai, pa)) in shapes.iter().enumerate() {
            for (bi, pb) in shapes.iter().skip(a + 1) {
                if !bboxes_overlap(&bbox(pa), &bbox(pb)) {
                    continue;
                }
                let area = overlap_area(pa, pb);
                if area > EDGE_TOLERANCE_M * perimeter(pa).min(perimeter(pb)) / 2.0 {
                    let (za, zb) = (&v.zones[*ai], &v.zones[*bi]);
                    self.error_hint(
                        Code::OverlappingZones,
                        file,
                        &locate::Path::root()
                            .field("zones")
                            .index(*bi)
                            .field("polygon"),
                        format!("zones `{}` and `{}` overlap by {area:.2} m²", za.id, zb.id),
                        "each part of the floor has one use: make the zones meet edge to edge",
                    );
                }
            }
        }
    }

    fn fixtures(&mut self, file: &Path, v: &Venue, floor: Option<&[P2]>, env: &Env<'_>) {
        let mut ids = Vec::new();
        let mut feet = Vec::new();
        let catalogue_types = env.fixture_types.as_ref();
        for (fi, f) in v.fixtures.iter().enumerate() {
            let fp = locate::Path::root().field("fixtures").index(fi);
            let what = format!("fixture `{}`", f.id);
            self.id(file, &fp.field("id"), &f.id, "fixture");
            ids.push((f.id.as_str(), fp.clone(), "fixture"));
            if let Some(types) = catalogue_types
                && !types.contains(f.kind.as_str())
            {
                let hint = match nearest(&f.kind, types.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "add the type to the catalogue, or use one it has".to_owned(),
                };
                self.error_hint(
                    Code::DanglingReference,
                    file,
                    &fp.field("type"),
                    format!(
                        "{what} has type `{}`, which is not in the catalogue",
                        f.kind
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
                let outside = outside_area(&foot.corners, floor);
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
                            f.id
                        ),
                        "move it inside `floor` (`position` is the centre of its footprint)",
                    );
                }
            }
        }

        // Sweep along x so that only fixtures whose boxes overlap are compared.
        let mut blocking: Vec<&Footprint> = feet.iter().filter(|f| f.blocks).collect();
        blocking.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]).then(a.index.cmp(&b.index)));
        let mut pairs = Vec::new();
        for (i, a) in blocking.iter().enumerate() {
            for b in blocking.iter().skip(i + 1) {
                if b.bbox[0] > a.bbox[2] {
                    break;
                }
                let vertical = a.top.min(b.top) - a.bottom.max(b.bottom);
                if vertical <= EDGE_TOLERANCE_M || !bboxes_overlap(&a.bbox, &b.bbox) {
                    continue;
                }
                let area = overlap_area(&a.corners, &b.corners);
                let allowance =
                    EDGE_TOLERANCE_M * perimeter(&a.corners).min(perimeter(&b.corners)) / 2.0;
                if area > allowance {
                    let (first, second) = if a.index < b.index { (a, b) } else { (b, a) };
                    pairs.push((
                        first.index,
                        second.index,
                        area,
                        a.bottom.max(b.bottom),
                        a.top.min(b.top),
                    ));
                }
            }
        }
        pairs.sort_by_key(|p| (p.1, p.0));
        for (first, second, area, low, high) in pairs {
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
                    fa.id, fb.id
                ),
                "move one of them, or set `mounting_height` if one hangs above the other",
            );
        }
    }

    /// A `(width, depth, height)` size. Returns whether it is plausible.
    fn size(&mut self, file: &Path, path: &locate::Path, size: P3, what: &str) -> bool {
        let mut ok = true;
        for (i, (value, name)) in [(size.0, "width"), (size.1, "depth"), (size.2, "height")]
            .into_iter()
            .enumerate()
        {
            ok &= self.dim(
                file,
                &path.index(i),
                value,
                &format!("the {name} of {what}"),
                Lower::Positive,
                MAX_FIXTURE_SIZE_M,
            );
        }
        ok
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
                        stop.rule,
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
                let hint = match nearest(&stop.rule, rules.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "tour stops name rules of the venue's rule packs".to_owned(),
                };
                self.error_hint(
                    Code::DanglingReference,
                    file,
                    &sp.field("rule"),
                    format!(
                        "tour stop {} names rule `{}`, which no rule pack has",
                        si + 1,
                        stop.rule
                    ),
                    hint,
                );
            }
            if let Some(view) = &stop.viewpoint {
                let vp = sp.field("viewpoint");
                let what = format!("the viewpoint of tour stop {}", si + 1);
                let ok = self.point3(file, &vp.field("eye"), view.eye, &what)
                    & self.point3(file, &vp.field("target"), view.target, &what);
                if ok && dist3(view.eye, view.target) <= SAME_POINT_M {
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

    // ---- catalogue -----------------------------------------------------------------

    fn catalogue(&mut self, file: &Path, c: &Catalogue) {
        for (name, t) in &c.fixtures {
            let tp = locate::Path::root().field("fixtures").key(name);
            let what = format!("fixture type `{name}`");
            if !is_valid_id(name) {
                let suggestion = suggest_id(name);
                self.error_hint(
                    Code::InvalidId,
                    file,
                    &tp,
                    format!(
                        "invalid fixture type name `{name}`: names use only a-z, 0-9, `_` and `-`"
                    ),
                    format!("try `{suggestion}`"),
                );
            }
            self.text(
                file,
                &tp.field("name"),
                &t.name,
                &format!("the name of {what}"),
            );
            self.size(file, &tp.field("size"), t.size, &what);
            self.dim(
                file,
                &tp.field("mounting_height"),
                t.mounting_height,
                &format!("the mounting height of {what}"),
                Lower::NonNegative,
                MAX_HEIGHT_M,
            );
            self.model_path(file, &tp.field("model"), &t.model, &what);
            if let Some(color) = t.color
                && color.iter().any(|c| !(0.0..=1.0).contains(c))
            {
                self.error_hint(
                    Code::InvalidParameter,
                    file,
                    &tp.field("color"),
                    format!("the color of {what} has a component outside 0..1"),
                    "colors are `(r, g, b)` with each part between 0.0 and 1.0",
                );
            }
        }
    }

    // ---- rule packs ----------------------------------------------------------------

    fn packs(&mut self, packs: &[(&Path, &RulePack)], env: &Env<'_>) {
        let mut pack_ids: BTreeMap<&str, &Path> = BTreeMap::new();
        // Rule ids across all packs: id → (file, path).
        let mut rule_ids: BTreeMap<&str, (&Path, locate::Path)> = BTreeMap::new();
        for &(file, pack) in packs {
            let root = locate::Path::root();
            self.id(file, &root.field("id"), &pack.id, "rule pack");
            if let Some(first) = pack_ids.get(pack.id.as_str()) {
                self.error_hint(
                    Code::DuplicateId,
                    file,
                    &root.field("id"),
                    format!(
                        "rule pack id `{}` is also the id of {}",
                        pack.id,
                        first.display()
                    ),
                    "each rule pack has its own id",
                );
            } else {
                pack_ids.insert(&pack.id, file);
            }
            self.text(
                file,
                &root.field("title"),
                &pack.title,
                "the rule pack title",
            );
            for (key, text) in &pack.categories {
                self.text(
                    file,
                    &root.field("categories").key(key),
                    text,
                    &format!("category `{key}`"),
                );
            }
            for (key, kinds) in &pack.zone_groups {
                if kinds.is_empty() {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &root.field("zone_groups").key(key),
                        format!("zone group `{key}` lists no zone kinds"),
                    );
                }
            }
            for (ri, rule) in pack.rules.iter().enumerate() {
                let rp = root.field("rules").index(ri);
                self.id(file, &rp.field("id"), &rule.id, "rule");
                match rule_ids.get(rule.id.as_str()) {
                    Some((first_file, first_path)) => {
                        let place = if *first_file == file {
                            self.line(file, first_path)
                                .map(|l| format!("line {l}"))
                                .unwrap_or_else(|| "this pack".to_owned())
                        } else {
                            let line = self
                                .line(first_file, first_path)
                                .map(|l| format!(":{l}"))
                                .unwrap_or_default();
                            format!("{}{line}", first_file.display())
                        };
                        self.error_hint(
                            Code::DuplicateId,
                            file,
                            &rp.field("id"),
                            format!("duplicate rule id `{}`: also defined at {place}", rule.id),
                            "rule ids are unique across all the packs a venue uses",
                        );
                    }
                    None => {
                        rule_ids.insert(&rule.id, (file, rp.field("id")));
                    }
                }
                self.rule(file, &rp, rule, pack, env);
            }
        }
    }

    fn rule(
        &mut self,
        file: &Path,
        rp: &locate::Path,
        rule: &Rule,
        pack: &RulePack,
        env: &Env<'_>,
    ) {
        let what = format!("rule `{}`", rule.id);
        if !pack.categories.is_empty() && !pack.categories.contains_key(&rule.category) {
            let hint = match nearest(&rule.category, pack.categories.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "add it to the pack's `categories`".to_owned(),
            };
            self.emit(
                Severity::Warning,
                Code::DanglingReference,
                file,
                &rp.field("category"),
                format!(
                    "{what} has category `{}`, which the pack's `categories` do not name",
                    rule.category
                ),
                Some(hint),
            );
        }
        self.text(
            file,
            &rp.field("title"),
            &rule.title,
            &format!("the title of {what}"),
        );
        self.text(
            file,
            &rp.field("explanation"),
            &rule.explanation,
            &format!("the explanation of {what}"),
        );
        self.text(
            file,
            &rp.field("source").field("document"),
            &rule.source.document,
            &format!("the source document of {what}"),
        );
        if !is_iso_date(&rule.effective) {
            self.error_hint(
                Code::InvalidParameter,
                file,
                &rp.field("effective"),
                format!(
                    "the effective date of {what} is not a date: `{}`",
                    rule.effective
                ),
                "write the date as `YYYY-MM-DD`, e.g. `2018-10-01`",
            );
        }
        if let Some(condition) = &rule.applies_when {
            self.condition(file, &rp.field("applies_when"), condition, &what);
        }
        let cp = rp.field("check");
        let sel = SelectorEnv { file, pack, env };
        match &rule.check {
            Check::FixtureInZone {
                fixtures,
                zones,
                min_count,
                max_count,
                ..
            } => {
                self.fixture_sel(&sel, &cp.field("fixtures"), fixtures);
                self.zone_sel(&sel, &cp.field("zones"), zones);
                if let Some(max) = max_count
                    && max < min_count
                {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &cp.field("max_count"),
                        format!("`max_count` {max} is below `min_count` {min_count} in {what}"),
                    );
                }
            }
            Check::ZoneAreaMin { zones, min_m2, .. } => {
                self.zone_sel(&sel, &cp.field("zones"), zones);
                self.threshold(file, &cp, "min_m2", *min_m2, &what);
            }
            Check::AreaRatio {
                numerator,
                denominator,
                min,
                max,
            } => {
                self.zone_sel(&sel, &cp.field("numerator"), numerator);
                self.zone_sel(&sel, &cp.field("denominator"), denominator);
                self.range(file, &cp, ("min", *min), ("max", *max), &what);
            }
            Check::ClearHeightMin { zones, min_m } => {
                self.zone_sel(&sel, &cp.field("zones"), zones);
                self.threshold(file, &cp, "min_m", *min_m, &what);
            }
            Check::Distance {
                from,
                to,
                min_m,
                max_m,
            } => {
                self.place(&sel, &cp.field("from"), from);
                self.place(&sel, &cp.field("to"), to);
                self.range(file, &cp, ("min_m", *min_m), ("max_m", *max_m), &what);
            }
            Check::FootprintCoverage {
                cover,
                covered,
                margin_m,
            } => {
                self.fixture_sel(&sel, &cp.field("cover"), cover);
                self.fixture_sel(&sel, &cp.field("covered"), covered);
                self.threshold(file, &cp, "margin_m", *margin_m, &what);
            }
            Check::DoorFitting {
                doors,
                fitting,
                min_height_m,
                max_distance_m,
                min_width_ratio,
            } => {
                self.door_sel(&sel, &cp.field("doors"), doors);
                self.fixture_sel(&sel, &cp.field("fitting"), fitting);
                self.threshold(file, &cp, "min_height_m", *min_height_m, &what);
                self.threshold(file, &cp, "max_distance_m", *max_distance_m, &what);
                if !(0.0..=1.0).contains(min_width_ratio) {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &cp.field("min_width_ratio"),
                        format!("`min_width_ratio` of {what} must lie between 0 and 1, found {min_width_ratio}"),
                    );
                }
            }
            Check::NoDirectOpening { a, b } => {
                self.zone_sel(&sel, &cp.field("a"), a);
                self.zone_sel(&sel, &cp.field("b"), b);
            }
            Check::DoorNotFacing {
                doors,
                zones,
                depth_m,
            } => {
                self.door_sel(&sel, &cp.field("doors"), doors);
                self.zone_sel(&sel, &cp.field("zones"), zones);
                self.threshold(file, &cp, "depth_m", *depth_m, &what);
            }
            Check::MountingHeightBand {
                fixtures,
                bottom_min_m,
                top_max_m,
            } => {
                self.fixture_sel(&sel, &cp.field("fixtures"), fixtures);
                self.range(
                    file,
                    &cp,
                    ("bottom_min_m", *bottom_min_m),
                    ("top_max_m", *top_max_m),
                    &what,
                );
            }
            Check::CountPerArea {
                fixtures,
                zones,
                area_per_unit_m2,
                count_per_unit,
                ..
            } => {
                self.fixture_sel(&sel, &cp.field("fixtures"), fixtures);
                self.zone_sel(&sel, &cp.field("zones"), zones);
                if !(area_per_unit_m2.is_finite() && *area_per_unit_m2 > 0.0) {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &cp.field("area_per_unit_m2"),
                        format!("`area_per_unit_m2` of {what} must be greater than 0, found {area_per_unit_m2}"),
                    );
                }
                if *count_per_unit == 0 {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &cp.field("count_per_unit"),
                        format!("`count_per_unit` of {what} is 0, so the rule requires nothing"),
                    );
                }
            }
            Check::AttributeRequired {
                target,
                attribute,
                min,
                ..
            } => {
                match target {
                    AttributeTarget::Fixtures(s) => self.fixture_sel(&sel, &cp.field("target"), s),
                    AttributeTarget::Doors(s) => self.door_sel(&sel, &cp.field("target"), s),
                    AttributeTarget::Zones(s) => self.zone_sel(&sel, &cp.field("target"), s),
                    AttributeTarget::Windows { .. } => {}
                }
                if attribute.trim().is_empty() {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &cp.field("attribute"),
                        format!("{what} names an empty attribute"),
                    );
                }
                if let Some(min) = min
                    && !min.is_finite()
                {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &cp.field("min"),
                        format!("`min` of {what} is not a finite number"),
                    );
                }
            }
            Check::ClearWidth {
                from,
                to,
                min_width_m,
                cell_m,
            } => {
                self.place(&sel, &cp.field("from"), from);
                self.place(&sel, &cp.field("to"), to);
                self.threshold(file, &cp, "min_width_m", *min_width_m, &what);
                self.cell(file, &cp, *cell_m, &what);
            }
            Check::WalkingDistanceMax {
                zones,
                to,
                max_m,
                cell_m,
            } => {
                self.zone_sel(&sel, &cp.field("zones"), zones);
                self.fixture_sel(&sel, &cp.field("to"), to);
                self.threshold(file, &cp, "max_m", *max_m, &what);
                self.cell(file, &cp, *cell_m, &what);
            }
            Check::ZoneSequence { steps } => {
                if steps.len() < 2 {
                    self.error_hint(
                        Code::InvalidParameter,
                        file,
                        &cp.field("steps"),
                        format!("the zone sequence of {what} has {} step(s); it needs at least 2", steps.len()),
                        "list the zones in the order goods move, e.g. `[Kinds([storage]), Kinds([cooking])]`",
                    );
                }
                for (i, step) in steps.iter().enumerate() {
                    self.zone_sel(&sel, &cp.field("steps").index(i), step);
                }
            }
        }
    }

    /// A threshold parameter: finite and not negative.
    fn threshold(&mut self, file: &Path, cp: &locate::Path, name: &str, value: f64, what: &str) {
        if !value.is_finite() || value < 0.0 {
            self.error_hint(
                Code::InvalidParameter,
                file,
                &cp.field(name),
                format!("`{name}` of {what} must be a number ≥ 0, found {value}"),
                "thresholds are distances, areas or heights: never negative",
            );
        }
    }

    /// An optional `[min, max]` pair: each a threshold, min ≤ max, at least one set.
    fn range(
        &mut self,
        file: &Path,
        cp: &locate::Path,
        (min_name, min): (&str, Option<f64>),
        (max_name, max): (&str, Option<f64>),
        what: &str,
    ) {
        if let Some(v) = min {
            self.threshold(file, cp, min_name, v, what);
        }
        if let Some(v) = max {
            self.threshold(file, cp, max_name, v, what);
        }
        match (min, max) {
            (Some(lo), Some(hi)) if lo > hi => self.error(
                Code::InvalidParameter,
                file,
                &cp.field(max_name),
                format!("`{max_name}` {hi} is below `{min_name}` {lo} in {what}: nothing can pass"),
            ),
            (None, None) => self.error_hint(
                Code::InvalidParameter,
                file,
                cp,
                format!("{what} sets neither `{min_name}` nor `{max_name}`, so it checks nothing"),
                format!("add `{min_name}: Some(…)` or `{max_name}: Some(…)`"),
            ),
            _ => {}
        }
    }

    fn cell(&mut self, file: &Path, cp: &locate::Path, cell: f64, what: &str) {
        if !(cell > MIN_CELL_M && cell <= MAX_CELL_M) {
            self.error_hint(
                Code::InvalidParameter,
                file,
                &cp.field("cell_m"),
                format!("`cell_m` of {what} must be above {MIN_CELL_M} and at most {MAX_CELL_M} m, found {cell}"),
                "0.05 m is a good grid for walking routes",
            );
        }
    }

    fn condition(&mut self, file: &Path, path: &locate::Path, c: &Condition, what: &str) {
        match c {
            Condition::Flag(name) | Condition::Equals(name, _) => {
                self.flag_name(file, path, name, what);
            }
            Condition::AtLeast(name, v) | Condition::AtMost(name, v) => {
                self.flag_name(file, path, name, what);
                if !v.is_finite() {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &path.index(1),
                        format!("a condition of {what} compares with a number that is not finite"),
                    );
                }
            }
            Condition::Not(inner) => self.condition(file, path, inner, what),
            Condition::All(list) | Condition::Any(list) => {
                if list.is_empty() {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        path,
                        format!("a condition of {what} combines an empty list"),
                    );
                }
                for (i, inner) in list.iter().enumerate() {
                    self.condition(file, &path.index(i), inner, what);
                }
            }
        }
    }

    fn flag_name(&mut self, file: &Path, path: &locate::Path, name: &str, what: &str) {
        if name.trim().is_empty() {
            self.error(
                Code::InvalidParameter,
                file,
                path,
                format!("a condition of {what} names an empty flag"),
            );
        }
    }

    fn zone_sel(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, z: &ZoneSelector) {
        match z {
            ZoneSelector::All => {}
            ZoneSelector::Kinds(kinds) if kinds.is_empty() => self.error(
                Code::InvalidParameter,
                sel.file,
                path,
                "`Kinds([])` selects no zones".to_owned(),
            ),
            ZoneSelector::Kinds(_) => {}
            ZoneSelector::Group(group) => {
                if !sel.pack.zone_groups.contains_key(group) {
                    let hint = match nearest(group, sel.pack.zone_groups.keys().map(String::as_str))
                    {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "define it in the pack's `zone_groups`".to_owned(),
                    };
                    self.error_hint(
                        Code::DanglingReference,
                        sel.file,
                        path,
                        format!("zone group `{group}` is not defined in this rule pack"),
                        hint,
                    );
                }
            }
            ZoneSelector::Ids(ids) => self.ids(sel, path, ids, "zone", sel.env.zone_ids.as_ref()),
        }
    }

    fn door_sel(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, d: &DoorSelector) {
        match d {
            DoorSelector::All | DoorSelector::Exterior | DoorSelector::Interior => {}
            DoorSelector::Ids(ids) => self.ids(sel, path, ids, "door", sel.env.door_ids.as_ref()),
            DoorSelector::OfZones(z) => self.zone_sel(sel, path, z),
        }
    }

    /// `Ids([...])`: not empty; ids unknown to the venue are warnings, since rule packs
    /// are shared between venues.
    fn ids(
        &mut self,
        sel: &SelectorEnv<'_>,
        path: &locate::Path,
        ids: &[String],
        what: &str,
        known: Option<&BTreeSet<&str>>,
    ) {
        if ids.is_empty() {
            self.error(
                Code::InvalidParameter,
                sel.file,
                path,
                format!("`Ids([])` selects no {what}s"),
            );
        }
        let Some(known) = known else {
            return;
        };
        for (i, id) in ids.iter().enumerate() {
            if !known.contains(id.as_str()) {
                let hint = nearest(id, known.iter().copied())
                    .map(|near| format!("did you mean `{near}`?"));
                self.emit(
                    Severity::Warning,
                    Code::DanglingReference,
                    sel.file,
                    &path.index(i),
                    format!("this venue has no {what} `{id}`"),
                    hint,
                );
            }
        }
    }

    fn fixture_sel(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, f: &FixtureSelector) {
        let Some(types) = sel.env.fixture_types.as_ref() else {
            return;
        };
        for (i, t) in f.types.iter().enumerate() {
            if !types.contains(t.as_str()) {
                let hint = match nearest(t, types.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "fixture selectors name types of the catalogue".to_owned(),
                };
                self.error_hint(
                    Code::DanglingReference,
                    sel.file,
                    &path.field("types").index(i),
                    format!("fixture type `{t}` is not in the catalogue"),
                    hint,
                );
            }
        }
    }

    fn place(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, p: &Place) {
        match p {
            Place::Fixtures(f) => self.fixture_sel(sel, path, f),
            Place::Zones(z) => self.zone_sel(sel, path, z),
            Place::Doors(d) => self.door_sel(sel, path, d),
            Place::External(kinds) if kinds.is_empty() => self.error(
                Code::InvalidParameter,
                sel.file,
                path,
                "`External([])` selects no external features".to_owned(),
            ),
            Place::External(_) | Place::Venue => {}
        }
    }
}

/// The context selectors are checked in.
struct SelectorEnv<'a> {
    file: &'a Path,
    pack: &'a RulePack,
    env: &'a Env<'a>,
}

/// Whether `id` is a valid id: non-empty, only `[a-z0-9_-]`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A valid id close to `id`: lowercased, other characters replaced by `_`.
fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// Why a model path would leave the asset root, if it would.
pub fn path_escape_reason(path: &str) -> Option<&'static str> {
    let scheme_end = path.find(':');
    if path.contains("://") {
        return Some("is a URL");
    }
    if let Some(end) = scheme_end {
        let scheme = &path[..end];
        if scheme.len() == 1 && scheme.chars().all(|c| c.is_ascii_alphabetic()) {
            return Some("has a drive letter");
        }
        return Some("has a scheme (like `file:` or `http:`)");
    }
    if path.contains('\\') {
        return Some("uses backslashes");
    }
    if path.starts_with('/') {
        return Some("is absolute");
    }
    if path.starts_with('~') {
        return Some("starts in a home folder");
    }
    if path.split('/').any(|part| part == "..") {
        return Some("goes up out of the asset folder with `..`");
    }
    None
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: Range<usize>| {
        s.get(r)
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|t| t.parse::<u32>().ok())
    };
    matches!(
        (digits(0..4), digits(5..7), digits(8..10)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

// ---- geometry helpers ------------------------------------------------------------------

fn dist(a: P2, b: P2) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

fn dist3(a: P3, b: P3) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt()
}

/// The polygon without repeated consecutive points (nor a closing copy of the first),
/// with the original index of each point kept.
fn distinct_points(points: &[P2]) -> (Vec<P2>, Vec<usize>) {
    let mut out: Vec<P2> = Vec::new();
    let mut index = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if out.last().is_none_or(|q| dist(*p, *q) > SAME_POINT_M) {
            out.push(*p);
            index.push(i);
        }
    }
    while out.len() > 1
        && out
            .first()
            .zip(out.last())
            .is_some_and(|(a, b)| dist(*a, *b) <= SAME_POINT_M)
    {
        out.pop();
        index.pop();
    }
    (out, index)
}

/// Shoelace area, positive counter-clockwise in (x, z).
fn signed_area(points: &[P2]) -> f64 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f64>()
        / 2.0
}

/// Whether every point lies on one line (within [`MIN_POLYGON_AREA_M2`] of triangle area).
fn collinear(points: &[P2]) -> bool {
    let Some(&first) = points.first() else {
        return true;
    };
    let far = points
        .iter()
        .copied()
        .max_by(|a, b| dist(first, *a).total_cmp(&dist(first, *b)))
        .unwrap_or(first);
    points
        .iter()
        .all(|p| cross(first, far, *p).abs() / 2.0 < MIN_POLYGON_AREA_M2)
}

fn perimeter(points: &[P2]) -> f64 {
    let n = points.len();
    (0..n).map(|i| dist(points[i], points[(i + 1) % n])).sum()
}

fn cross(o: P2, a: P2, b: P2) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

/// Orientation of `c` relative to the line `a → b`: 1 left, -1 right, 0 on it (within a
/// tolerance relative to the lengths involved).
fn orientation(a: P2, b: P2, c: P2) -> i8 {
    let value = cross(a, b, c);
    let scale = dist(a, b) * dist(a, c).max(dist(b, c));
    if value.abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
        0
    } else if value > 0.0 {
        1
    } else {
        -1
    }
}

/// Whether `c`, collinear with `a`–`b`, lies within their bounding box.
fn on_segment(a: P2, b: P2, c: P2) -> bool {
    c.0 >= a.0.min(b.0) - SAME_POINT_M
        && c.0 <= a.0.max(b.0) + SAME_POINT_M
        && c.1 >= a.1.min(b.1) - SAME_POINT_M
        && c.1 <= a.1.max(b.1) + SAME_POINT_M
}

/// Whether the closed segments `p1–p2` and `q1–q2` touch or cross.
fn segments_intersect(p1: P2, p2: P2, q1: P2, q2: P2) -> bool {
    let (o1, o2) = (orientation(p1, p2, q1), orientation(p1, p2, q2));
    let (o3, o4) = (orientation(q1, q2, p1), orientation(q1, q2, p2));
    (o1 != o2 && o3 != o4)
        || (o1 == 0 && on_segment(p1, p2, q1))
        || (o2 == 0 && on_segment(p1, p2, q2))
        || (o3 == 0 && on_segment(q1, q2, p1))
        || (o4 == 0 && on_segment(q1, q2, p2))
}

/// The first pair of edges `(i, j)` (edge `k` runs from point `k` to `k + 1`) that
/// cross, touch, or fold back on each other; `None` for a simple polygon. `points` are
/// distinct consecutive points.
fn self_intersection(points: &[P2]) -> Option<(usize, usize)> {
    let n = points.len();
    if n < 3 {
        return None;
    }
    let edge = |k: usize| (points[k], points[(k + 1) % n]);
    for i in 0..n {
        for j in (i + 1)..n {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            if adjacent {
                // Edges sharing a vertex meet there; they overlap only if they fold back.
                let (shared, p, q) = if j == i + 1 {
                    (points[j], points[i], points[(j + 1) % n])
                } else {
                    (points[0], points[1], points[n - 1])
                };
                let along =
                    (p.0 - shared.0) * (q.0 - shared.0) + (p.1 - shared.1) * (q.1 - shared.1);
                if n > 3 && orientation(shared, p, q) == 0 && along > 0.0 {
                    return Some((i, j));
                }
                if n == 3 && orientation(shared, p, q) == 0 {
                    // A triangle on one line has no area: reported as degenerate instead.
                    return None;
                }
                continue;
            }
            let (a, b) = edge(i);
            let (c, d) = edge(j);
            if segments_intersect(a, b, c, d) {
                return Some((i, j));
            }
        }
    }
    None
}

fn to_geo(points: &[P2]) -> geo::Polygon<f64> {
    geo::Polygon::new(
        geo::LineString::from(
            points
                .iter()
                .map(|&(x, z)| geo::Coord { x, y: z })
                .collect::<Vec<_>>(),
        ),
        Vec::new(),
    )
}

/// Area of `piece` outside `floor`. Both are simple polygons with finite coordinates.
fn outside_area(piece: &[P2], floor: &[P2]) -> f64 {
    to_geo(piece).difference(&to_geo(floor)).unsigned_area()
}

/// Area shared by two simple polygons.
fn overlap_area(a: &[P2], b: &[P2]) -> f64 {
    to_geo(a).intersection(&to_geo(b)).unsigned_area()
}

fn point_in_polygon(p: P2, poly: &[P2]) -> bool {
    let n = poly.len();
    let mut inside = false;
    for i in 0..n {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        if (a.1 > p.1) != (b.1 > p.1) {
            let x = a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if p.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

fn distance_to_segment(p: P2, a: P2, b: P2) -> f64 {
    let (dx, dz) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dz * dz;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dz) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    dist(p, (a.0 + t * dx, a.1 + t * dz))
}

/// How far `p` lies outside `poly` (0 inside).
fn outside_distance(p: P2, poly: &[P2]) -> f64 {
    if !p.0.is_finite() || !p.1.is_finite() {
        return f64::INFINITY;
    }
    if point_in_polygon(p, poly) {
        return 0.0;
    }
    let n = poly.len();
    (0..n)
        .map(|i| distance_to_segment(p, poly[i], poly[(i + 1) % n]))
        .fold(f64::INFINITY, f64::min)
}

/// `[min_x, min_z, max_x, max_z]`.
fn bbox(points: &[P2]) -> [f64; 4] {
    points.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, p| [b[0].min(p.0), b[1].min(p.1), b[2].max(p.0), b[3].max(p.1)],
    )
}

fn bboxes_overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
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
    let (sin, cos) = f.rotation.to_radians().sin_cos();
    let (hw, hd) = (size.0 / 2.0, size.1 / 2.0);
    // Yaw about +y, counter-clockwise seen from above, as `Quat::from_rotation_y`:
    // local (x, z) → (x cos + z sin, −x sin + z cos).
    let corners: Vec<P2> = [(-hw, -hd), (hw, -hd), (hw, hd), (-hw, hd)]
        .iter()
        .map(|&(lx, lz)| {
            (
                f.position.0 + lx * cos + lz * sin,
                f.position.1 - lx * sin + lz * cos,
            )
        })
        .collect();
    Some(Footprint {
        index,
        bbox: bbox(&corners),
        corners,
        bottom,
        top: bottom + size.2,
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("sink_1"));
        assert!(is_valid_id("a-b"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Sink 1"));
        assert!(!is_valid_id("水池"));
        assert_eq!(suggest_id("Sink 1"), "sink_1");
    }

    #[test]
    fn model_paths() {
        assert_eq!(path_escape_reason("models/sink.glb"), None);
        assert_eq!(path_escape_reason("models/a..b.glb"), None);
        assert!(path_escape_reason("../secret.glb").is_some());
        assert!(path_escape_reason("models/../../x.glb").is_some());
        assert!(path_escape_reason("/etc/passwd").is_some());
        assert!(path_escape_reason("http://example.com/x.glb").is_some());
        assert!(path_escape_reason("file:x.glb").is_some());
        assert!(path_escape_reason("C:/x.glb").is_some());
        assert!(path_escape_reason("models\\x.glb").is_some());
        assert!(path_escape_reason("~/x.glb").is_some());
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2018-10-01"));
        assert!(!is_iso_date("2018-13-01"));
        assert!(!is_iso_date("2018/10/01"));
        assert!(!is_iso_date("2018-10-1"));
        assert!(!is_iso_date("二〇一八年十月"));
    }

    #[test]
    fn polygons() {
        let square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        assert_eq!(self_intersection(&square), None);
        assert!((signed_area(&square) - 1.0).abs() < 1e-12);
        let bowtie = [(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0)];
        assert_eq!(self_intersection(&bowtie), Some((0, 2)));
        // A spike that folds back along itself.
        let spike = [(0.0, 0.0), (2.0, 0.0), (1.0, 0.0), (1.0, 1.0)];
        assert!(self_intersection(&spike).is_some());
        // Touching itself at a vertex.
        let touch = [
            (0.0, 0.0),
            (2.0, 0.0),
            (1.0, 1.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (1.0, 1.0),
        ];
        assert!(self_intersection(&touch).is_some());
        // Concave but simple.
        let ell = [
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 2.0),
            (0.0, 2.0),
        ];
        assert_eq!(self_intersection(&ell), None);
        let closed = [(0.0, 0.0), (1.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)];
        let (points, index) = distinct_points(&closed);
        assert_eq!(points.len(), 3);
        assert_eq!(index, vec![0, 1, 3]);
    }

    #[test]
    fn areas_and_distances() {
        let floor = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];
        let half_out = [(3.0, 1.0), (5.0, 1.0), (5.0, 2.0), (3.0, 2.0)];
        assert!((outside_area(&half_out, &floor) - 1.0).abs() < 1e-9);
        assert!((overlap_area(&half_out, &floor) - 1.0).abs() < 1e-9);
        assert!(outside_area(&floor, &floor) < 1e-9);
        assert_eq!(outside_distance((1.0, 1.0), &floor), 0.0);
        assert!((outside_distance((5.0, 1.0), &floor) - 1.0).abs() < 1e-12);
        // Sharing an edge is no overlap.
        let next = [(4.0, 0.0), (6.0, 0.0), (6.0, 4.0), (4.0, 4.0)];
        assert!(overlap_area(&next, &floor) < 1e-9);
    }
}
