//! `fmt`: a venue, catalogue or rule pack rewritten in the canonical layout, with its
//! comments.
//!
//! The layout is [`crate::save::render`]'s: fields in the model's order (the order of
//! docs/scene-format.md), 4-space indents, a value on one line when it fits in
//! [`crate::save::render::MAX_LINE`] columns, a list item without lists inside in
//! [`crate::save::render::MAX_ITEM_LINE`] (so a fixture or a door is one line, a wall
//! with openings or a zone a block), one field or item per line otherwise, trailing
//! commas, fields at their default left out, numbers in ron's shortest spelling
//! (`0.50` becomes `0.5`; whole attribute values stay `200`). Maps (flags, attributes,
//! the catalogue's types, a pack's categories) come out in key order, because the
//! model keeps them sorted: a comment heading a group of entries moves with the entry
//! it stood before.
//!
//! Comments are kept: the file's header, and every comment standing before or after a
//! field, list item or map entry (on its own lines or at the end of the line), with
//! the blank line an author left before it. A comment anywhere else (between a name
//! and its colon, inside `Some(` before its value) cannot be placed and is dropped;
//! [`Formatted::dropped_comments`] counts them so the caller can warn. The shipped
//! files lose none.
//!
//! Invariants: the result parses to exactly the model the input parsed to
//! ([`FmtError::NotRoundTrip`] otherwise, and nothing is returned), and formatting is
//! idempotent.

use crate::diagnostic::Diagnostic;
use crate::save::render::{Layout, comments_in};
use crate::span::locate;
use serde::Serialize;
use std::path::Path;

/// Which kind of file a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Venue,
    Catalogue,
    RulePack,
    /// A booth's configuration (`kiosk.ron`).
    Kiosk,
}

impl FileKind {
    /// The kind by file name: `venue.ron` is a venue, `catalogue.ron` a catalogue,
    /// `kiosk.ron` a booth's configuration, anything else a rule pack (the layout of
    /// `scenes/`).
    pub fn of_path(path: &Path) -> FileKind {
        match path.file_name().and_then(|n| n.to_str()) {
            Some(crate::load::VENUE_FILE) => FileKind::Venue,
            Some("catalogue.ron") => FileKind::Catalogue,
            Some("kiosk.ron") => FileKind::Kiosk,
            _ => FileKind::RulePack,
        }
    }

    /// The kind by file name, or by content for a booth's configuration under another
    /// name (its top level has `operator`).
    pub fn of_file(path: &Path, text: &str) -> FileKind {
        match FileKind::of_path(path) {
            FileKind::RulePack
                if locate::Locator::new(text).contains(&locate::Path::root().field("operator")) =>
            {
                FileKind::Kiosk
            }
            kind => kind,
        }
    }
}

/// A formatted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    pub text: String,
    /// Comments of the input that had no place in the layout and are not in `text`
    /// (0 for the shipped files). The caller should warn when this is not 0.
    pub dropped_comments: usize,
}

/// Why a text could not be formatted; nothing is returned in any case.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FmtError {
    /// The text does not parse as its kind: fix these first (same diagnostics as
    /// loading).
    #[error("the file does not parse ({} diagnostic(s))", .0.len())]
    Parse(Vec<Diagnostic>),
    /// ron could not serialise the model back (a non-finite number).
    #[error("the file could not be serialised: {0}")]
    Serialize(String),
    /// The text parses but cannot be outlined (the outline accepts all ron does, so
    /// this is a bug in the outline).
    #[error("the file could not be outlined")]
    Unoutlinable,
    /// The formatted text would not parse back to the same model: a bug in the
    /// layout, reported instead of changing the file.
    #[error("the formatted text would not read back as the same {0}")]
    NotRoundTrip(&'static str),
}

/// Formats `text`, a file of kind `kind`.
pub fn format_text(text: &str, kind: FileKind) -> Result<Formatted, FmtError> {
    let file = Path::new("file.ron");
    match kind {
        FileKind::Venue => {
            let model = crate::load::parse_venue(text, file).map_err(FmtError::Parse)?;
            let out = layout(text, &model)?;
            check(
                &out,
                |t| crate::load::parse_venue(t, file).ok() == Some(model.clone()),
                "venue",
            )
        }
        FileKind::Catalogue => {
            let model = crate::load::parse_catalogue(text, file).map_err(FmtError::Parse)?;
            let out = layout(text, &model)?;
            check(
                &out,
                |t| crate::load::parse_catalogue(t, file).ok() == Some(model.clone()),
                "catalogue",
            )
        }
        FileKind::RulePack => {
            let model = crate::load::parse_rule_pack(text, file).map_err(FmtError::Parse)?;
            let out = layout(text, &model)?;
            check(
                &out,
                |t| crate::load::parse_rule_pack(t, file).ok() == Some(model.clone()),
                "rule pack",
            )
        }
        FileKind::Kiosk => {
            let model = crate::kiosk::parse_config(text, file).map_err(FmtError::Parse)?;
            let out = layout(text, &model)?;
            check(
                &out,
                |t| crate::kiosk::parse_config(t, file).ok() == Some(model.clone()),
                "booth configuration",
            )
        }
    }
}

/// The canonical text of a venue model with no comments: what [`crate::scaffold`]
/// writes. Checked like [`format_text`].
pub fn venue_text(venue: &crate::model::Venue) -> Result<String, FmtError> {
    let compact = ron::to_string(venue).map_err(|e| FmtError::Serialize(e.to_string()))?;
    let root = locate::parse(&compact).ok_or(FmtError::Unoutlinable)?;
    let text = format!("{}\n", Layout::new(&compact, None).block(&root, None, 0));
    match crate::load::parse_venue(&text, Path::new("venue.ron")) {
        Ok(parsed) if parsed == *venue => Ok(text),
        _ => Err(FmtError::NotRoundTrip("venue")),
    }
}

fn check(
    out: &Formatted,
    same: impl Fn(&str) -> bool,
    what: &'static str,
) -> Result<Formatted, FmtError> {
    if same(&out.text) {
        Ok(out.clone())
    } else {
        Err(FmtError::NotRoundTrip(what))
    }
}

/// The canonical text of `model`, carrying the comments of `source`.
fn layout<T: Serialize>(source: &str, model: &T) -> Result<Formatted, FmtError> {
    let compact = ron::to_string(model).map_err(|e| FmtError::Serialize(e.to_string()))?;
    let (Some(root), Some(src)) = (locate::parse(&compact), locate::parse(source)) else {
        return Err(FmtError::Unoutlinable);
    };
    let header = source[..src.span.start].trim_end();
    let trailer = source[src.span.end..].trim();
    let mut layout = Layout::new(&compact, Some(source));
    let body = layout.block(&root, Some(&src), 0);
    let mut text = String::with_capacity(source.len());
    if !header.is_empty() {
        text.push_str(header);
        text.push('\n');
    }
    text.push_str(&body);
    text.push('\n');
    if !trailer.is_empty() {
        text.push_str(trailer);
        text.push('\n');
    }
    let kept = layout.emitted
        + comments_in(source, 0..src.span.start).len()
        + comments_in(source, src.span.end..source.len()).len();
    let total = comments_in(source, 0..source.len()).len();
    Ok(Formatted {
        text,
        dropped_comments: total.saturating_sub(kept),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compact_sort::CompactSort;
    use crate::testing;

    /// Every `.ron` file under `scenes/`, with its kind.
    fn shipped() -> Vec<(std::path::PathBuf, FileKind)> {
        let mut out = Vec::new();
        let mut dirs = vec![testing::scenes_dir()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "ron")
                    // The scene index is generated, not authored (see `scene_index`).
                    && path.file_name().is_some_and(|n| n != crate::scene_index::INDEX_FILE)
                {
                    let kind = FileKind::of_path(&path);
                    out.push((path, kind));
                }
            }
        }
        out.sort_compact_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn every_shipped_file_keeps_its_model_and_comments_and_fmt_is_idempotent() {
        let files = shipped();
        assert!(files.len() >= 4, "{files:?}");
        for (path, kind) in files {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let once =
                format_text(&text, kind).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(once.dropped_comments, 0, "{}", path.display());
            let twice =
                format_text(&once.text, kind).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                twice.text == once.text,
                "{}: fmt is not idempotent",
                path.display()
            );
            let comments = |t: &str| {
                comments_in(t, 0..t.len())
                    .into_iter()
                    .map(|r| t[r].to_owned())
                    .collect::<Vec<_>>()
            };
            let mut before = comments(&text);
            let mut after = comments(&once.text);
            before.sort();
            after.sort();
            assert_eq!(before, after, "{}", path.display());
            // The model is unchanged: format_text checks it, and so does this.
            if kind == FileKind::Venue {
                let p = Path::new("v.ron");
                assert_eq!(
                    crate::load::parse_venue(&once.text, p).ok(),
                    crate::load::parse_venue(&text, p).ok()
                );
            }
        }
    }

    #[test]
    fn the_layout_is_canonical() {
        let text = "// head\n(format_version:1,id:\"x\",title:(en:\"T\",zh:\"t\"),permit:\"p\",catalogue:\"c.ron\",\n  floor:[(0,0),(4.0,0.0),(4.0,5.0)], // the floor\n walls: [], fixtures:[(id:\"a\",type:\"chair\",position:(1.0,1.0),rotation:0.0,attributes:{})])";
        let out = format_text(text, FileKind::Venue).unwrap();
        assert_eq!(
            out.text,
            "// head\n(\n    format_version: 1,\n    id: \"x\",\n    title: (zh: \"t\", en: \"T\"),\n    permit: \"p\",\n    catalogue: \"c.ron\",\n    floor: [(0.0, 0.0), (4.0, 0.0), (4.0, 5.0)], // the floor\n    fixtures: [(id: \"a\", type: \"chair\", position: (1.0, 1.0))],\n)\n"
        );
        assert_eq!(out.dropped_comments, 0);
        // A comment with no field to stand by is counted, not hidden.
        let odd = text.replace("title:", "title /* odd */ :");
        assert_eq!(
            format_text(&odd, FileKind::Venue).unwrap().dropped_comments,
            1
        );
        assert!(matches!(
            format_text("(", FileKind::Venue),
            Err(FmtError::Parse(_))
        ));
    }
}
