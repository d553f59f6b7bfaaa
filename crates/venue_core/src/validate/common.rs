//! Checks shared by every subject: ids (syntax, length, duplicates), bilingual texts,
//! points and dimensions, polygon shapes, model paths, dates.
//!
//! Invariants: each check reports through [`Ctx`] and returns whether the value is usable
//! for geometry, so later checks only see finite, in-range, non-degenerate, simple
//! input. Every check is linear in the size of what it looks at (a polygon's
//! self-intersection test is quadratic in its points, which [`MAX_POLYGON_POINTS`]
//! bounds and the work budget pays for); ids are echoed in messages at most
//! [`SHOWN_ID_CHARS`] characters long, so a huge id cannot make a huge report.

use super::context::Ctx;
use super::{
    MAX_COORDINATE_M, MAX_FIXTURE_SIZE_M, MAX_ID_LEN, MAX_POLYGON_POINTS, MIN_POLYGON_AREA_M2,
};
use crate::diagnostic::{Code, Severity};
use crate::geometry::polygon::{all_collinear, distinct_points, first_self_intersection};
use crate::geometry::signed_area;
use crate::model::{P2, P3, Text};
use crate::span::locate;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// Longest part of an id (or other user text) repeated in a message; longer ones are
/// cut with `…`. Enough for any real id ([`MAX_ID_LEN`]).
pub const SHOWN_ID_CHARS: usize = MAX_ID_LEN;

/// The lower bound of a dimension.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Lower {
    /// Must be > 0.
    Positive,
    /// Must be ≥ 0.
    NonNegative,
}

/// `id` as shown in messages: at most [`SHOWN_ID_CHARS`] characters, then `…`.
pub fn shown(id: &str) -> Cow<'_, str> {
    match id.char_indices().nth(SHOWN_ID_CHARS) {
        None => Cow::Borrowed(id),
        Some((cut, _)) => Cow::Owned(format!("{}…", &id[..cut])),
    }
}

impl Ctx<'_> {
    /// An id: not empty, at most [`MAX_ID_LEN`] characters, only `[a-z0-9_-]`.
    pub(super) fn id(&mut self, file: &Path, path: &locate::Path, id: &str, what: &str) {
        // Counting stops one past the limit: linear in the limit, not in the id.
        let too_long = id.chars().nth(MAX_ID_LEN).is_some();
        if too_long {
            let len = id.chars().count();
            self.error_hint(
                Code::IdTooLong,
                file,
                path,
                format!(
                    "the {what} id `{}` is {len} characters long; ids have at most {MAX_ID_LEN}",
                    shown(id)
                ),
                "use a short name: ids are keys, not descriptions (put those in `name` or `label`)",
            );
            return;
        }
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
    pub(super) fn duplicates(&mut self, file: &Path, entries: &[(&str, locate::Path, &str)]) {
        let mut first: BTreeMap<&str, (&locate::Path, &str)> = BTreeMap::new();
        for (id, path, what) in entries {
            match first.get(id) {
                Some((first_path, first_what)) => {
                    if !self.wants(Code::DuplicateId) {
                        // Only counted: skip looking up the line of the first use.
                        self.error(Code::DuplicateId, file, path, String::new());
                        continue;
                    }
                    let line = self
                        .line(file, first_path)
                        .map(|l| format!(" on line {l}"))
                        .unwrap_or_default();
                    let message = format!(
                        "duplicate id `{}`: the {first_what}{line} already uses it",
                        shown(id)
                    );
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

    pub(super) fn text(&mut self, file: &Path, path: &locate::Path, text: &Text, what: &str) {
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
        // The Traditional override is optional, but an empty one would blank the text.
        if text.zh_hant.as_ref().is_some_and(|t| t.trim().is_empty()) {
            self.error_hint(
                Code::MissingTranslation,
                file,
                &path.field("zh_hant"),
                format!("the Traditional Chinese (`zh_hant`) text of {what} is empty"),
                "leave `zh_hant` out to convert the Traditional text from `zh`",
            );
        }
    }

    /// A plan point: finite and within [`MAX_COORDINATE_M`]. Returns whether it is.
    pub(super) fn point(&mut self, file: &Path, path: &locate::Path, p: P2, what: &str) -> bool {
        self.coordinates(file, path, &[p.0, p.1], what)
    }

    pub(super) fn point3(&mut self, file: &Path, path: &locate::Path, p: P3, what: &str) -> bool {
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
    pub(super) fn dim(
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

    /// A `(width, depth, height)` size. Returns whether it is plausible.
    pub(super) fn size(&mut self, file: &Path, path: &locate::Path, size: P3, what: &str) -> bool {
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

    pub(super) fn model_path(&mut self, file: &Path, path: &locate::Path, model: &str, what: &str) {
        if let Some(reason) = path_escape_reason(model) {
            self.error_hint(
                Code::PathEscapesAssetRoot,
                file,
                path,
                format!("the model path of {what} {reason}: `{}`", shown(model)),
                MODEL_PATH_HINT,
            );
        }
    }

    /// Checks a polygon's points and shape. Returns its distinct points when the polygon
    /// is usable for geometry (finite, in range, not degenerate, simple).
    pub(super) fn polygon(
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
        if all_collinear(&distinct, MIN_POLYGON_AREA_M2) {
            no_area(
                format!("{what} has no area: its points lie on one line"),
                self,
            );
            return None;
        }
        // The self-intersection test compares every pair of edges.
        let n = distinct.len() as u64;
        if !self.budget.take(n * n / 2) {
            self.limit_reached(file, "the shapes of all polygons");
            return None;
        }
        if let Some((i, j)) = first_self_intersection(&distinct) {
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

    /// Reports once per file and check that the work budget ran out before `what`.
    pub(super) fn limit_reached(&mut self, file: &Path, what: &str) {
        self.limit(
            Severity::Error,
            Code::CheckLimitReached,
            file,
            format!("validation stopped before checking {what}: the file is too large or too tangled to check in full"),
            format!(
                "the geometric checks of one validation may do {} units of work; split the venue or remove repeated entities",
                super::context::WORK_BUDGET
            ),
        );
    }
}

/// The hint of every model-path diagnostic.
pub(super) const MODEL_PATH_HINT: &str =
    "model paths are relative to the `assets` folder with `/` separators, e.g. `models/sink.glb`";

/// Whether `id` is a valid id: non-empty, only `[a-z0-9_-]` (its length is checked
/// separately, see [`MAX_ID_LEN`]).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A valid id close to `id`: lowercased, other characters replaced by `_`.
pub(super) fn suggest_id(id: &str) -> String {
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

pub use crate::model_file::path_escape_reason;

/// Where the model file `model` (a path that passed [`path_escape_reason`]) really is,
/// when symbolic links on the way take it outside `asset_root`: `Some(target)`. `None`
/// when it stays inside, or when the file or the root does not exist (nothing is read
/// from outside then; a missing model is reported when it is loaded).
pub fn linked_path_escape(asset_root: &Path, model: &str) -> Option<std::path::PathBuf> {
    match crate::model_file::resolve_in_root(asset_root, &asset_root.join(model)) {
        Err(crate::model_file::EscapeError::Outside(target)) => Some(target),
        Ok(_) => None,
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(super) fn is_iso_date(s: &str) -> bool {
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
        assert_eq!(shown("abc"), "abc");
        let long = "x".repeat(4_000_000);
        assert_eq!(shown(&long).chars().count(), SHOWN_ID_CHARS + 1);
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
    fn missing_files_and_roots_do_not_escape() {
        let root = std::env::temp_dir().join("venue_core-no-such-asset-root");
        assert_eq!(linked_path_escape(&root, "models/x.glb"), None);
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2018-10-01"));
        assert!(!is_iso_date("2018-13-01"));
        assert!(!is_iso_date("2018/10/01"));
        assert!(!is_iso_date("2018-10-1"));
        assert!(!is_iso_date("二〇一八年十月"));
    }
}
