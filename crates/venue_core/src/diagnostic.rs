//! Diagnostics: every problem with an input file, with a stable code, a location and a
//! hint. Validation collects them all; it never stops at the first.

use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

/// Stable diagnostic codes. Each variant is one kind of failure; the code string
/// (`E0101`…) never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Code {
    /// The file could not be read.
    Io,
    /// The file is larger than the loader accepts.
    FileTooLarge,
    /// RON syntax error.
    Syntax,
    /// A field name the format does not know.
    UnknownField,
    /// A required field is missing.
    MissingField,
    /// A value of the wrong type or an unknown enum variant.
    WrongType,
    /// `format_version` is not one this build reads.
    UnsupportedVersion,
    /// Two entities of the same kind share an id.
    DuplicateId,
    /// A reference to an id, type or group that does not exist.
    DanglingReference,
    /// A polygon with fewer than 3 distinct points or no area.
    DegeneratePolygon,
    /// A polygon whose edges cross.
    SelfIntersectingPolygon,
    /// A zone not inside the floor outline.
    ZoneOutsideFloor,
    /// Two zones overlap.
    OverlappingZones,
    /// A fixture outside the floor outline.
    FixtureOutsideFloor,
    /// Two fixtures occupy the same space.
    OverlappingFixtures,
    /// An opening that does not fit on its wall.
    OpeningNotOnWall,
    /// A dimension outside what a building can have (negative, zero or huge).
    AbsurdDimension,
    /// A model path that leaves the asset root (`..`, absolute, URL, or a symbolic link
    /// pointing outside it).
    PathEscapesAssetRoot,
    /// A model file that is missing or will not load (the app shows a placeholder box).
    ModelUnloadable,
    /// A text missing one of its languages.
    MissingTranslation,
    /// An id with characters outside `[a-z0-9_-]`.
    InvalidId,
    /// An id longer than [`crate::validate::MAX_ID_LEN`] characters.
    IdTooLong,
    /// A door or window whose opening runs into a wall that crosses its own wall.
    OpeningBlocked,
    /// A rule parameter that makes no sense (min above max, empty selection…).
    InvalidParameter,
    /// A tour stop naming a rule twice, or a tour with no stops.
    InvalidTour,
    /// A booth setting outside what works at a booth (a countdown longer than the idle
    /// time, a PIN that is not 4–8 digits, a key chord a visitor could press by accident).
    InvalidSetting,
    /// A note closing a report that hit a cap: how many diagnostics of which codes were
    /// left out, or that an overlap search stopped at its cap.
    DiagnosticsLeftOut,
    /// A check stopped at its work limit: the input is too large or too tangled to
    /// check in full (an error, since problems may be hidden).
    CheckLimitReached,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "E0001",
            Code::FileTooLarge => "E0002",
            Code::Syntax => "E0101",
            Code::UnknownField => "E0102",
            Code::MissingField => "E0103",
            Code::WrongType => "E0104",
            Code::UnsupportedVersion => "E0105",
            Code::DuplicateId => "E0201",
            Code::DanglingReference => "E0202",
            Code::InvalidId => "E0203",
            Code::IdTooLong => "E0204",
            Code::DegeneratePolygon => "E0301",
            Code::SelfIntersectingPolygon => "E0302",
            Code::ZoneOutsideFloor => "E0303",
            Code::OverlappingZones => "E0304",
            Code::FixtureOutsideFloor => "E0305",
            Code::OverlappingFixtures => "E0306",
            Code::OpeningNotOnWall => "E0307",
            Code::AbsurdDimension => "E0308",
            Code::OpeningBlocked => "E0309",
            Code::PathEscapesAssetRoot => "E0401",
            Code::ModelUnloadable => "E0402",
            Code::MissingTranslation => "E0501",
            Code::InvalidParameter => "E0601",
            Code::InvalidTour => "E0602",
            Code::InvalidSetting => "E0701",
            Code::DiagnosticsLeftOut => "E0901",
            Code::CheckLimitReached => "E0902",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    /// Information about the report itself (e.g. how many diagnostics were left out);
    /// neither an error nor a warning.
    Note,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The file the problem is in.
    pub file: PathBuf,
    /// Byte range in the file, when known.
    pub span: Option<Range<usize>>,
    /// A suggestion, e.g. the nearest valid field or id.
    pub hint: Option<String>,
    /// What the problem is about, as a path into the file's model (`fixtures[4].model`,
    /// `rules[2].check`), when known: lets the app point at the entity (highlight the
    /// fixture) rather than only at the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message: message.into(),
            file: file.into(),
            span: None,
            hint: None,
            subject: None,
        }
    }

    pub fn warning(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, file, message)
        }
    }

    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The index of the fixture this diagnostic is about, when its subject is one
    /// (`fixtures[4]…` → 4).
    pub fn fixture_index(&self) -> Option<usize> {
        let rest = self.subject.as_deref()?.strip_prefix("fixtures[")?;
        rest[..rest.find(']')?].parse().ok()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
