//! Validation: the semantic checks a parsed venue, catalogue and rule packs must pass
//! before the rules can be evaluated on them.
//!
//! [`validate`] runs every check and never stops at the first problem; the result is
//! sorted by file, position and code ([`sort_diagnostics`]), so the same input always
//! gives the same list. Every diagnostic points at the offending entity in its file:
//! serde keeps no spans, so the model path of the entity (`zones[2].polygon[3]`) is
//! looked up in the source text with [`crate::span::locate::Locator`] (falling back to
//! the entity's `id`, or the start of the file, when the exact value is not written
//! out).
//!
//! One file per subject:
//!
//! - `context.rs`: where diagnostics go, spans and lines, the caps and the work budget;
//! - `common.rs`: checks every subject uses (ids, texts, dimensions, polygons, paths);
//! - `venue.rs`: floor, walls and openings, zones, fixtures, external features, tour;
//! - `catalogue.rs`: fixture types;
//! - `rule_pack.rs`: packs, rules, conditions, selectors; each check kind's parameters
//!   are checked beside its evaluation, by `validate_params` in `rules/<kind>.rs`.
//!
//! Geometry comes from [`crate::geometry`] (the one geometry module of the core), with
//! two tolerances: [`crate::geometry::EPS`] for "the same point" and
//! [`EDGE_TOLERANCE_M`] for the slack of hand-drawn plans.
//!
//! Invariants:
//! - Geometry is only computed on values that passed the sanity checks (finite, within
//!   range, non-degenerate, simple polygons), so the boolean operations never see
//!   garbage.
//! - Bounded on any input: at most [`MAX_DIAGNOSTICS_PER_CODE`] diagnostics of a code
//!   and [`MAX_DIAGNOSTICS`] in all are reported, closed by a note counting the rest; no
//!   pass compares all pairs of anything, and the geometric passes share a work budget
//!   ([`WORK_BUDGET`]). Time and memory grow with the size of the input, not its square.

mod catalogue;
mod common;
mod context;
mod rule_pack;
mod venue;

pub use common::{SHOWN_ID_CHARS, is_valid_id, linked_path_escape, path_escape_reason, shown};
pub use context::{MAX_DIAGNOSTICS, MAX_DIAGNOSTICS_PER_CODE, WORK_BUDGET, cap_diagnostics};
pub(crate) use rule_pack::Params;
pub use venue::{MAX_OVERLAP_PAIRS, MAX_OVERLAPS_PER_ITEM};

use crate::compact_sort::CompactSort;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::loaded::{LoadedRulePack, LoadedVenue};
use crate::model::{Catalogue, Opening, RulePack, Venue};
use crate::span::Sources;
use crate::span::locate;
use context::Ctx;
use std::collections::BTreeSet;
use std::path::Path;

/// How far (in metres) geometry may stray before it counts: zones or fixtures may stick
/// out of the floor, zones or fixtures may overlap, openings may pass the end of their
/// wall or run into a crossing wall, by a sliver this thin. Plans are digitised by hand;
/// 1 cm is below what anyone draws on purpose.
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
/// Most points a polygon may have; the self-intersection test is quadratic in it and
/// real zones have few.
pub const MAX_POLYGON_POINTS: usize = 1000;
/// Longest id, in characters. Ids are keys in paths, URLs and reports; `stove_1` or
/// `kitchen-north-wall` is what they look like, and 64 leaves room for any naming scheme.
pub const MAX_ID_LEN: usize = 64;

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
    let mut diags = ctx.finish();
    sort_diagnostics(&mut diags);
    diags
}

/// [`validate`], plus the model files on disk: a model path that a symbolic link under
/// `asset_root` (the folder model paths are relative to) leads outside it is an error
/// ([`Code::PathEscapesAssetRoot`]), so nothing outside the asset folder is read.
pub fn validate_with_assets(loaded: &LoadedVenue, asset_root: &Path) -> Vec<Diagnostic> {
    let mut diags = validate(loaded);
    diags.extend(validate_model_files(loaded, asset_root));
    sort_diagnostics(&mut diags);
    diags
}

/// The model files on disk, under `asset_root`: model paths of the catalogue and the
/// fixtures that symbolic links lead outside it (errors; paths that already fail
/// [`path_escape_reason`] are reported by [`validate`] and skipped here; each distinct
/// path is resolved once), and the models the venue uses that are missing or will not
/// load (warnings, see [`crate::model_file::check_models`]).
pub fn validate_model_files(loaded: &LoadedVenue, asset_root: &Path) -> Vec<Diagnostic> {
    let mut diags = linked_model_escapes(loaded, asset_root);
    diags.extend(crate::model_file::check_models(loaded, asset_root));
    // A venue can name thousands of distinct (missing) models: the same caps as the rest.
    let mut diags = cap_diagnostics(diags);
    sort_diagnostics(&mut diags);
    diags
}

fn linked_model_escapes(loaded: &LoadedVenue, asset_root: &Path) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(&loaded.sources);
    let mut resolved: std::collections::BTreeMap<String, Option<std::path::PathBuf>> =
        std::collections::BTreeMap::new();
    let mut check = |ctx: &mut Ctx<'_>,
                     file: &Path,
                     path: locate::Path,
                     model: &str,
                     what: &str| {
        if path_escape_reason(model).is_some() {
            return;
        }
        let target = resolved
            .entry(model.to_owned())
            .or_insert_with(|| linked_path_escape(asset_root, model));
        if let Some(target) = target {
            ctx.error_hint(
                Code::PathEscapesAssetRoot,
                file,
                &path,
                format!(
                    "the model path of {what} leads out of the asset folder through a symbolic link, to `{}`: `{}`",
                    target.display(),
                    shown(model)
                ),
                "model files must lie inside the `assets` folder itself: copy the file there instead of linking to it",
            );
        }
    };
    for (name, t) in &loaded.catalogue.fixtures {
        let path = locate::Path::root()
            .field("fixtures")
            .key(name)
            .field("model");
        let what = format!("fixture type `{}`", shown(name));
        check(&mut ctx, &loaded.catalogue_path, path, &t.model, &what);
    }
    for (i, f) in loaded.venue.fixtures.iter().enumerate() {
        if let Some(model) = &f.model {
            let path = locate::Path::root()
                .field("fixtures")
                .index(i)
                .field("model");
            let what = format!("fixture `{}`", shown(&f.id));
            check(&mut ctx, &loaded.venue_path, path, model, &what);
        }
    }
    let mut diags = ctx.finish();
    sort_diagnostics(&mut diags);
    diags
}

/// Sorts by file, span start, code and message (notes about a whole file last in it),
/// and drops exact duplicates.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_compact_by(|a, b| {
        (
            &a.file,
            a.severity == Severity::Note,
            a.span.as_ref().map(|s| s.start),
            a.code,
            &a.message,
        )
            .cmp(&(
                &b.file,
                b.severity == Severity::Note,
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
