//! The reporting context of validation: where diagnostics go, how their spans are found,
//! and the limits that keep a hostile file from producing an unbounded report.
//!
//! Invariants:
//! - At most [`MAX_DIAGNOSTICS_PER_CODE`] diagnostics of one code and
//!   [`MAX_DIAGNOSTICS`] in all are kept; the rest are only counted (no span is looked
//!   up for them), and [`Ctx::finish`] closes each file that lost some with one
//!   [`Code::DiagnosticsLeftOut`] note saying how many of which codes. Which ones are
//!   kept depends only on the input (the passes run in a fixed order).
//! - Every expensive geometric pass draws on one [`Budget`] of work units; a pass that
//!   finds it spent stops and says so ([`Code::CheckLimitReached`]).
//! - Spans come from [`Locator`]s built once per file; the line of an offset comes from
//!   a table of line starts (binary search), never from rescanning the text, so
//!   "first defined on line N" costs O(log n) however many duplicates there are.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::span::Sources;
use crate::span::locate::{self, Locator};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Most diagnostics of one code that one validation reports. A file with more has one
/// systematic mistake (or is generated); the first hundred show it, and a closing note
/// counts the rest.
pub const MAX_DIAGNOSTICS_PER_CODE: usize = 100;

/// Most diagnostics one validation reports, all codes together: about 5,000 lines of
/// rendered report, already more than anyone reads.
pub const MAX_DIAGNOSTICS: usize = 500;

/// Work units the geometric checks of one validation may spend (a unit is one candidate
/// pair looked at or one polygon point handled). A real venue needs well under 1 % of
/// it; it bounds a hostile one to about a second in an optimised build.
pub const WORK_BUDGET: u64 = 20_000_000;

/// What is left of the work budget.
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget {
    left: u64,
}

impl Budget {
    pub(super) fn new(units: u64) -> Self {
        Self { left: units }
    }

    /// Units still available.
    pub(super) fn left(&self) -> u64 {
        self.left
    }

    /// Takes `units`; false (taking nothing) if fewer are left.
    pub(super) fn take(&mut self, units: u64) -> bool {
        if units <= self.left {
            self.left -= units;
            true
        } else {
            false
        }
    }

    /// Records what a search spent on its own (it was given [`Budget::left`]).
    pub(super) fn spend(&mut self, units: u64) {
        self.left = self.left.saturating_sub(units);
    }
}

/// The caps on a report: what was kept, what was left out.
#[derive(Debug, Default)]
struct Caps {
    kept: usize,
    kept_per_code: BTreeMap<Code, usize>,
    left_out: BTreeMap<PathBuf, BTreeMap<Code, usize>>,
}

impl Caps {
    /// Whether a diagnostic of `code` would still be kept.
    fn wants(&self, code: Code) -> bool {
        self.kept < MAX_DIAGNOSTICS
            && self.kept_per_code.get(&code).copied().unwrap_or(0) < MAX_DIAGNOSTICS_PER_CODE
    }

    /// Counts a diagnostic of `code` in `file` as kept (true) or left out (false).
    fn admit(&mut self, file: &Path, code: Code) -> bool {
        if self.wants(code) {
            self.kept += 1;
            *self.kept_per_code.entry(code).or_default() += 1;
            true
        } else {
            *self
                .left_out
                .entry(file.to_path_buf())
                .or_default()
                .entry(code)
                .or_default() += 1;
            false
        }
    }

    /// One note per file that lost diagnostics, saying how many of which codes.
    fn notes(self) -> Vec<Diagnostic> {
        self.left_out
            .into_iter()
            .map(|(file, counts)| {
                let total: usize = counts.values().sum();
                let list: Vec<String> = counts
                    .iter()
                    .map(|(code, n)| format!("{n} × {code}"))
                    .collect();
                let message = format!(
                    "… and {total} more {} in this file not shown ({})",
                    if total == 1 {
                        "diagnostic"
                    } else {
                        "diagnostics"
                    },
                    list.join(", ")
                );
                let hint = format!(
                    "at most {MAX_DIAGNOSTICS_PER_CODE} diagnostics of one code and {MAX_DIAGNOSTICS} in all are shown; fix these and validate again"
                );
                let mut d =
                    Diagnostic::error(Code::DiagnosticsLeftOut, file, message).with_hint(hint);
                d.severity = Severity::Note;
                d
            })
            .collect()
    }
}

/// `diags` (in their order) within the caps of validation: at most
/// [`MAX_DIAGNOSTICS_PER_CODE`] of a code and [`MAX_DIAGNOSTICS`] in all, then one
/// [`Code::DiagnosticsLeftOut`] note per file that lost some. Notes already in the list
/// are kept. For lists built elsewhere (loading); validation caps as it goes.
pub fn cap_diagnostics(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut caps = Caps::default();
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.severity == Severity::Note || caps.admit(&d.file, d.code))
        .collect();
    out.extend(caps.notes());
    out
}

/// The reporting context: the located sources, the diagnostics kept so far, the counts
/// of those left out, and the work budget.
pub(super) struct Ctx<'s> {
    locators: BTreeMap<&'s Path, Locator<'s>>,
    /// Byte offset of the start of each line, per file.
    line_starts: BTreeMap<&'s Path, Vec<usize>>,
    diags: Vec<Diagnostic>,
    caps: Caps,
    /// The limit diagnostics given so far, by file and message: each is given once.
    limits_given: BTreeSet<(PathBuf, String)>,
    pub(super) budget: Budget,
}

impl<'s> Ctx<'s> {
    pub(super) fn new(sources: &'s Sources) -> Self {
        Self {
            locators: sources.iter().map(|(p, t)| (p, Locator::new(t))).collect(),
            line_starts: sources
                .iter()
                .map(|(p, t)| {
                    let starts = std::iter::once(0)
                        .chain(t.match_indices('\n').map(|(i, _)| i + 1))
                        .collect();
                    (p, starts)
                })
                .collect(),
            diags: Vec::new(),
            caps: Caps::default(),
            limits_given: BTreeSet::new(),
            budget: Budget::new(WORK_BUDGET),
        }
    }

    /// Whether a diagnostic of `code` would still be kept. Callers check this before
    /// work that only serves the message (looking up a line, formatting a list).
    pub(super) fn wants(&self, code: Code) -> bool {
        self.caps.wants(code)
    }

    pub(super) fn span(&self, file: &Path, path: &locate::Path) -> Option<Range<usize>> {
        self.locators.get(file).map(|l| l.span(path))
    }

    /// The 1-based line `path` is on, for "first defined on line N".
    pub(super) fn line(&self, file: &Path, path: &locate::Path) -> Option<usize> {
        let start = self.span(file, path)?.start;
        let starts = self.line_starts.get(file)?;
        Some(starts.partition_point(|&s| s <= start).max(1))
    }

    pub(super) fn emit(
        &mut self,
        severity: Severity,
        code: Code,
        file: &Path,
        path: &locate::Path,
        message: String,
        hint: Option<String>,
    ) {
        if !self.caps.admit(file, code) {
            return;
        }
        let mut d = Diagnostic::error(code, file, message);
        d.severity = severity;
        d.span = self.span(file, path);
        d.hint = hint;
        d.subject = path.subject();
        self.diags.push(d);
    }

    pub(super) fn error(&mut self, code: Code, file: &Path, path: &locate::Path, message: String) {
        self.emit(Severity::Error, code, file, path, message, None);
    }

    pub(super) fn error_hint(
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

    /// A diagnostic about the checking itself (a limit reached); never left out, and
    /// given once per file and message, so at most a few per validation.
    pub(super) fn limit(
        &mut self,
        severity: Severity,
        code: Code,
        file: &Path,
        message: String,
        hint: String,
    ) {
        if !self
            .limits_given
            .insert((file.to_path_buf(), message.clone()))
        {
            return;
        }
        let mut d = Diagnostic::error(code, file, message).with_hint(hint);
        d.severity = severity;
        self.diags.push(d);
    }

    /// The diagnostics kept, then one note per file that lost some, unsorted.
    pub(super) fn finish(mut self) -> Vec<Diagnostic> {
        self.diags.extend(self.caps.notes());
        self.diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_per_code_and_in_total_with_a_closing_note() {
        let mut sources = Sources::new();
        sources.insert("a.ron", "(\n  id: \"x\",\n)\n");
        let mut ctx = Ctx::new(&sources);
        let file = Path::new("a.ron");
        let root = locate::Path::root();
        for _ in 0..MAX_DIAGNOSTICS_PER_CODE + 7 {
            ctx.error(Code::DuplicateId, file, &root, "dup".into());
        }
        let codes = [
            Code::InvalidId,
            Code::MissingTranslation,
            Code::AbsurdDimension,
            Code::DegeneratePolygon,
            Code::InvalidParameter,
        ];
        for _ in 0..200 {
            for code in codes {
                ctx.error(code, file, &root, "x".into());
            }
        }
        let diags = ctx.finish();
        assert_eq!(diags.len(), MAX_DIAGNOSTICS + 1);
        let note = diags.last().unwrap_or_else(|| unreachable!());
        assert_eq!(note.code, Code::DiagnosticsLeftOut);
        assert_eq!(note.severity, Severity::Note);
        assert!(note.message.contains("7 × E0201"), "{}", note.message);
        let total = MAX_DIAGNOSTICS_PER_CODE + 7 + 200 * codes.len() - MAX_DIAGNOSTICS;
        assert!(
            note.message.contains(&format!("… and {total} more")),
            "{}",
            note.message
        );
    }

    #[test]
    fn lists_from_elsewhere_are_capped_the_same_way() {
        let many: Vec<Diagnostic> = (0..MAX_DIAGNOSTICS_PER_CODE + 3)
            .map(|_| Diagnostic::error(Code::UnknownField, "v.ron", "x"))
            .collect();
        let capped = cap_diagnostics(many);
        assert_eq!(capped.len(), MAX_DIAGNOSTICS_PER_CODE + 1);
        assert!(
            capped[MAX_DIAGNOSTICS_PER_CODE]
                .message
                .contains("3 × E0102")
        );
        assert!(cap_diagnostics(Vec::new()).is_empty());
    }

    #[test]
    fn lines_come_from_the_table() {
        let mut sources = Sources::new();
        sources.insert("a.ron", "(\n  id: \"x\",\n  b: 1,\n)\n");
        let ctx = Ctx::new(&sources);
        let file = Path::new("a.ron");
        assert_eq!(ctx.line(file, &locate::Path::root().field("b")), Some(3));
        assert_eq!(ctx.line(file, &locate::Path::root().field("id")), Some(2));
    }

    #[test]
    fn budget_takes_only_what_is_left() {
        let mut b = Budget::new(10);
        assert!(b.take(4));
        assert!(!b.take(7));
        assert_eq!(b.left(), 6);
        b.spend(100);
        assert_eq!(b.left(), 0);
    }
}
