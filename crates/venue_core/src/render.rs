//! Rendering diagnostics for people, rustc-style, with codespan-reporting:
//!
//! ```text
//! error[E0102]: unknown field `clear_heigth` in a zone
//!   --> scenes/x/venue.ron:12:7
//!    |
//! 12 |       clear_heigth: 2.5,
//!    |       ^^^^^^^^^^^^ unknown field
//!    |
//!    = help: did you mean `clear_height`?
//!
//! error: 1 error in 1 file
//! ```
//!
//! Paths are shown as the diagnostics hold them (as the user gave them). A diagnostic
//! whose file text is not in [`Sources`] is shown without a source snippet.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::span::Sources;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Chars, Config, termcolor};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// ANSI: bold red, bold yellow, bold, reset (for the summary line).
const ANSI_ERROR: &str = "\x1b[1;31m";
const ANSI_WARNING: &str = "\x1b[1;33m";
const ANSI_BOLD: &str = "\x1b[1m";

/// Longest source line (in bytes) quoted under a diagnostic. Authored RON lines are far
/// shorter; a file squeezed onto one multi-megabyte line is shown as `file:line:col`
/// without its line, so the report stays about the size of its messages.
const MAX_QUOTED_LINE_BYTES: usize = 1000;
const ANSI_RESET: &str = "\x1b[0m";

/// Renders `diags` (in the given order) with their source lines, then a summary line
/// such as `error: 3 errors, 1 warning in 2 files`. `color` adds ANSI colours. No
/// diagnostics give an empty string.
pub fn render_diagnostics(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<&Path, usize> = BTreeMap::new();
    for d in diags {
        if !ids.contains_key(d.file.as_path())
            && let Some(text) = sources.get(&d.file)
        {
            let id = files.add(d.file.display().to_string(), text.to_owned());
            ids.insert(d.file.as_path(), id);
        }
    }
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };

    let mut out = String::new();
    for d in diags {
        let file = ids.get(d.file.as_path()).copied();
        let text = sources.get(&d.file).unwrap_or("");
        if let Some(span) = &d.span
            && on_long_line(text, span.start)
        {
            out.push_str(&plain_at(d, text, span.start));
            continue;
        }
        let cs = to_codespan(d, file, text);
        let rendered = if color {
            let mut writer = termcolor::Ansi::new(Vec::new());
            term::emit_to_write_style(&mut writer, &config, &files, &cs)
                .ok()
                .and_then(|()| String::from_utf8(writer.into_inner()).ok())
        } else {
            term::emit_into_string(&config, &files, &cs).ok()
        };
        match rendered {
            Some(text) => out.push_str(&text),
            None => out.push_str(&plain(d)),
        }
    }
    out.push_str(&summary(diags, color));
    out.push('\n');
    out
}

/// `error: 3 errors, 1 warning in 2 files`.
pub fn summary(diags: &[Diagnostic], color: bool) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    // Notes (about the report itself) are neither errors nor warnings.
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let files: BTreeSet<&Path> = diags.iter().map(|d| d.file.as_path()).collect();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut counts = Vec::new();
    if errors > 0 {
        counts.push(plural(errors, "error"));
    }
    if warnings > 0 {
        counts.push(plural(warnings, "warning"));
    }
    let (level, style) = if errors > 0 {
        ("error", ANSI_ERROR)
    } else {
        ("warning", ANSI_WARNING)
    };
    let text = format!("{} in {}", counts.join(", "), plural(files.len(), "file"));
    if color {
        format!("{style}{level}{ANSI_RESET}{ANSI_BOLD}: {text}{ANSI_RESET}")
    } else {
        format!("{level}: {text}")
    }
}

fn to_codespan(d: &Diagnostic, file: Option<usize>, text: &str) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Note => CsSeverity::Note,
    };
    let mut cs = CsDiagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(&d.message);
    let mut notes = Vec::new();
    match (file, &d.span) {
        // A note about a whole file points at no line of it.
        (Some(_), None) if d.severity == Severity::Note => {
            notes.push(format!("in {}", d.file.display()));
        }
        (Some(id), Some(span)) => {
            cs = cs.with_label(
                Label::primary(id, clamp_span(text, span.clone())).with_message(label(d.code)),
            );
        }
        (Some(id), None) => {
            cs = cs.with_label(Label::primary(id, clamp_span(text, 0..0)));
        }
        (None, _) => {
            let shown = d.file.display().to_string();
            if !shown.is_empty() && !d.message.contains(&shown) {
                notes.push(format!("in {shown}"));
            }
        }
    }
    if let Some(hint) = &d.hint {
        notes.push(format!("help: {hint}"));
    }
    cs.with_notes(notes)
}

/// `span` inside `text` on character boundaries.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The short label under the caret.
fn label(code: Code) -> &'static str {
    match code {
        Code::Io => "cannot read this",
        Code::FileTooLarge => "file too large",
        Code::Syntax => "syntax error",
        Code::UnknownField => "unknown field",
        Code::MissingField => "missing field",
        Code::WrongType => "wrong type",
        Code::UnsupportedVersion => "unsupported version",
        Code::DuplicateId => "duplicate",
        Code::DanglingReference => "not found",
        Code::InvalidId => "invalid id",
        Code::IdTooLong => "id too long",
        Code::OpeningBlocked => "blocked by a wall",
        Code::DegeneratePolygon => "degenerate polygon",
        Code::SelfIntersectingPolygon => "edges cross",
        Code::ZoneOutsideFloor => "outside the floor",
        Code::OverlappingZones => "overlaps another zone",
        Code::FixtureOutsideFloor => "outside the floor",
        Code::OverlappingFixtures => "overlaps another fixture",
        Code::OpeningNotOnWall => "does not fit the wall",
        Code::AbsurdDimension => "implausible value",
        Code::PathEscapesAssetRoot => "leaves the asset folder",
        Code::ModelUnloadable => "model will not load",
        Code::MissingTranslation => "empty text",
        Code::InvalidParameter => "invalid parameter",
        Code::InvalidTour => "invalid tour",
        Code::InvalidSetting => "invalid setting",
        Code::DiagnosticsLeftOut => "left out",
        Code::CheckLimitReached => "not fully checked",
    }
}

/// Whether the line around byte `at` is longer than [`MAX_QUOTED_LINE_BYTES`]; looks
/// at no more than that many bytes either side.
fn on_long_line(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let before = &bytes[at.saturating_sub(MAX_QUOTED_LINE_BYTES)..at];
    let after = &bytes[at..(at + MAX_QUOTED_LINE_BYTES).min(bytes.len())];
    let start = before.iter().rposition(|&b| b == b'\n');
    let end = after.iter().position(|&b| b == b'\n');
    let start = match start {
        Some(i) => i + 1,
        None if at <= MAX_QUOTED_LINE_BYTES => 0,
        None => return true,
    };
    let end = match end {
        Some(i) => before.len() + i,
        None if at + MAX_QUOTED_LINE_BYTES >= bytes.len() => before.len() + after.len(),
        None => return true,
    };
    end - start > MAX_QUOTED_LINE_BYTES
}

/// [`plain`] with the position (`file:line:col`) of byte `at`.
fn plain_at(d: &Diagnostic, text: &str, at: usize) -> String {
    let (line, col) = crate::span::line_col(text, at);
    let mut located = d.clone();
    located.file = format!("{}:{line}:{col}", d.file.display()).into();
    plain(&located).replacen(
        "\n\n",
        "\n   = note: the source line is too long to quote\n\n",
        1,
    )
}

/// A fallback rendering without source lines.
fn plain(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let mut s = format!(
        "{level}[{}]: {}\n  --> {}\n",
        d.code,
        d.message,
        d.file.display()
    );
    if let Some(hint) = &d.hint {
        s.push_str(&format!("   = help: {hint}\n"));
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_megabyte_line_is_not_quoted() {
        let text = format!("(id: \"{}\")", "x".repeat(4_000_000));
        let d = Diagnostic::error(Code::InvalidId, "v.ron", "bad id").with_span(5..4_000_005);
        let mut sources = Sources::new();
        sources.insert("v.ron", text.clone());
        let out = render_diagnostics(&[d], &sources, false);
        assert!(out.len() < 1000, "{} bytes", out.len());
        assert!(out.contains("v.ron:1:6"), "{out}");
        assert!(!on_long_line("short\nlines\n", 7));
        assert!(on_long_line(&text, 2_000_000));
    }

    fn sample() -> (Vec<Diagnostic>, Sources) {
        let mut sources = Sources::new();
        let text = "(\n    id: \"k\",\n    clear_heigth: 2.5,\n)\n";
        sources.insert("scenes/x/venue.ron", text);
        let start = text.find("clear_heigth").unwrap_or(0);
        let diags = vec![
            Diagnostic::error(
                Code::UnknownField,
                "scenes/x/venue.ron",
                "unknown field `clear_heigth` in a zone",
            )
            .with_span(start..start + "clear_heigth".len())
            .with_hint("did you mean `clear_height`?"),
            Diagnostic::warning(Code::DanglingReference, "scenes/x/venue.ron", "a warning")
                .with_span(2..3),
            Diagnostic::error(Code::Io, "missing.ron", "cannot read `missing.ron`"),
        ];
        (diags, sources)
    }

    #[test]
    fn renders_like_rustc() {
        let (diags, sources) = sample();
        let out = render_diagnostics(&diags, &sources, false);
        assert!(
            out.contains("error[E0102]: unknown field `clear_heigth` in a zone"),
            "{out}"
        );
        assert!(out.contains("--> scenes/x/venue.ron:3:5"), "{out}");
        assert!(out.contains("3 |     clear_heigth: 2.5,"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^ unknown field"), "{out}");
        assert!(
            out.contains("= help: did you mean `clear_height`?"),
            "{out}"
        );
        assert!(out.contains("warning[E0202]: a warning"), "{out}");
        assert!(
            out.contains("error[E0001]: cannot read `missing.ron`"),
            "{out}"
        );
        assert!(
            out.ends_with("error: 2 errors, 1 warning in 2 files\n"),
            "{out}"
        );
    }

    #[test]
    fn colors_only_when_asked() {
        let (diags, sources) = sample();
        assert!(!render_diagnostics(&diags, &sources, false).contains('\x1b'));
        assert!(render_diagnostics(&diags, &sources, true).contains('\x1b'));
        assert_eq!(render_diagnostics(&[], &sources, true), "");
    }

    #[test]
    fn bad_spans_do_not_break_rendering() {
        let mut sources = Sources::new();
        sources.insert("a.ron", "中文");
        let diags = vec![
            Diagnostic::error(Code::Syntax, "a.ron", "inside a character").with_span(1..2),
            Diagnostic::error(Code::Syntax, "a.ron", "past the end").with_span(50..60),
            Diagnostic::error(Code::Syntax, "a.ron", "no span"),
        ];
        let out = render_diagnostics(&diags, &sources, false);
        assert!(out.contains("inside a character"));
        assert!(out.contains("past the end"));
        assert!(out.ends_with("error: 3 errors in 1 file\n"), "{out}");
    }

    #[test]
    fn summary_counts() {
        let w = Diagnostic::warning(Code::InvalidId, "a", "w");
        assert_eq!(
            summary(std::slice::from_ref(&w), false),
            "warning: 1 warning in 1 file"
        );
        assert_eq!(
            summary(&[w.clone(), w], false),
            "warning: 2 warnings in 1 file"
        );
    }
}
