//! Loading: a scene folder (or its `venue.ron`) → the venue, its catalogue and its rule
//! packs, with every RON error turned into a [`Diagnostic`] that has a stable code, a
//! byte span and, where one helps, a hint ("did you mean `clear_height`?").
//!
//! - [`load_venue`] reads a venue and every file it references and collects the
//!   diagnostics of all of them: a broken rule pack does not hide the venue's errors.
//!   When some file fails, the parts that did parse are validated too (see
//!   [`crate::validate`]), so one run shows everything that can be found.
//! - [`parse_venue`], [`parse_catalogue`] and [`parse_rule_pack`] are the text-level
//!   parsers the Bevy asset loader uses; [`load_rule_pack`] serves the `rules` command.
//! - [`Sources`] keeps the text of every file read, so diagnostics render with their
//!   source lines ([`crate::render`]).
//! - [`locate`] finds the span of a value in a RON text by its path
//!   (`zones[2].polygon`), because serde keeps no spans for deserialized values.
//!
//! ron stops at the first error of a file. For unknown fields (the most common slip)
//! the parser recovers: it blanks the field out and parses again, so one file reports
//! all its misspelt fields at once. Blanking keeps byte offsets, so spans stay right.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Catalogue, FORMAT_VERSION, RulePack, Venue};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// Largest input file accepted, in bytes. Real scenes and rule packs are a few tens of
/// KiB; 4 MiB leaves ample room while a mistaken (or hostile) huge file is refused before
/// it is parsed, so it cannot stall the booth.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The file a scene folder holds.
pub const VENUE_FILE: &str = "venue.ron";

/// How many unknown fields one file reports before the parser gives up recovering. Past
/// this the file is probably not the kind of file it was named as.
const MAX_RECOVERIES: usize = 32;

/// Deepest nesting ron accepts. Authors nest about 10 levels at most (a condition inside
/// a condition inside a rule); a low limit keeps deeply nested garbage from exhausting
/// the stack of the (small) asset-loader threads.
const MAX_NESTING: usize = 64;

/// The text of every file read, by path (as given, not canonicalized, so messages show
/// the paths the user typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    files: BTreeMap<PathBuf, String>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the text of `path`.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }

    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(p, t)| (p.as_path(), t.as_str()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: Sources) {
        self.files.extend(other.files);
    }

    /// `(line, column)` of byte `offset` in `path`, both 1-based, the column in
    /// characters; `None` if the file is unknown.
    pub fn line_col(&self, path: &Path, offset: usize) -> Option<(usize, usize)> {
        self.get(path).map(|text| line_col(text, offset))
    }
}

/// A venue with everything it references, loaded and parsed.
#[derive(Debug, Clone)]
pub struct LoadedVenue {
    pub venue_path: PathBuf,
    pub venue: Venue,
    pub catalogue_path: PathBuf,
    pub catalogue: Catalogue,
    /// Rule packs in the order the venue lists them.
    pub packs: Vec<(PathBuf, RulePack)>,
    /// Text of every file above, for rendering diagnostics.
    pub sources: Sources,
}

/// A rule pack loaded on its own (the `rules` command).
#[derive(Debug, Clone)]
pub struct LoadedRulePack {
    pub path: PathBuf,
    pub pack: RulePack,
    pub sources: Sources,
}

/// Why loading failed: every diagnostic found (sorted like [`crate::validate::validate`]
/// sorts them), and the text of the files read so they can be rendered.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", summary_line(.diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl LoadError {
    /// The diagnostics rendered rustc-style (see [`crate::render::render_diagnostics`]).
    pub fn render(&self, color: bool) -> String {
        crate::render::render_diagnostics(&self.diagnostics, &self.sources, color)
    }
}

fn summary_line(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let first = diags
        .iter()
        .find(|d| d.is_error())
        .map(|d| format!(": {}: {}", d.file.display(), d.message))
        .unwrap_or_default();
    format!("could not load: {errors} error(s){first}")
}

/// The venue file of `path`: `path` itself for a `.ron` file, `path/venue.ron` for a
/// scene folder (or anything else, so a mistyped folder reports the file it looked for).
pub fn venue_file(path: &Path) -> PathBuf {
    if path.is_dir() || path.extension().is_none_or(|e| e != "ron") {
        path.join(VENUE_FILE)
    } else {
        path.to_path_buf()
    }
}

/// `relative` resolved against the folder of `file`, with `.` and `..` removed lexically
/// where possible (`scenes/a/../catalogue.ron` → `scenes/catalogue.ron`). Leading `..`
/// that cannot be resolved are kept.
pub fn resolve_relative(file: &Path, relative: &str) -> PathBuf {
    let joined = file.parent().unwrap_or(Path::new("")).join(relative);
    let mut out: Vec<Component<'_>> = Vec::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(part),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// Loads the venue at `path` (a scene folder holding `venue.ron`, or a venue file), its
/// catalogue and its rule packs (paths relative to the venue file).
///
/// On failure the error holds the diagnostics of every file, plus the semantic
/// diagnostics of the parts that parsed. On success nothing is validated yet: call
/// [`crate::validate::validate`].
pub fn load_venue(path: &Path) -> Result<LoadedVenue, LoadError> {
    let venue_path = venue_file(path);
    let mut sources = Sources::new();
    let mut diags = Vec::new();

    let venue_text = match read_source(&venue_path) {
        Ok(text) => text,
        Err(failure) => {
            if let Some(text) = failure.text {
                sources.insert(venue_path.clone(), text);
            }
            return Err(LoadError {
                diagnostics: vec![failure.diagnostic],
                sources,
            });
        }
    };
    sources.insert(venue_path.clone(), venue_text.clone());
    let (venue, venue_diags) = parse_file::<Venue>(&venue_text, &venue_path);
    diags.extend(venue_diags);

    // Where the venue's references are: from the parsed venue or, when it did not parse
    // (a wrong type somewhere), from a lenient probe, so the other files are still read.
    let refs = match &venue {
        Some(v) => Some(References {
            catalogue: v.catalogue.clone(),
            rule_packs: v.rule_packs.clone(),
        }),
        None => probe::<References>(&venue_text),
    };
    let venue_locator = locate::Locator::new(&venue_text);

    let mut catalogue = None;
    let mut catalogue_path = PathBuf::new();
    let mut packs: Vec<(PathBuf, RulePack)> = Vec::new();
    let mut packs_complete = true;
    if let Some(refs) = refs {
        if !refs.catalogue.is_empty() {
            catalogue_path = resolve_relative(&venue_path, &refs.catalogue);
            let at = locate::Path::root().field("catalogue");
            catalogue = read_referenced::<Catalogue>(
                "catalogue",
                &catalogue_path,
                (&venue_path, &venue_locator, &at),
                &mut sources,
                &mut diags,
            );
        }
        let mut seen: BTreeMap<PathBuf, usize> = BTreeMap::new();
        for (i, relative) in refs.rule_packs.iter().enumerate() {
            let pack_path = resolve_relative(&venue_path, relative);
            let at = locate::Path::root().field("rule_packs").index(i);
            if let Some(first) = seen.get(&pack_path) {
                let line = venue_locator
                    .value_span(&locate::Path::root().field("rule_packs").index(*first))
                    .map(|s| line_col(&venue_text, s.start).0);
                let mut d = Diagnostic::error(
                    Code::DuplicateId,
                    &venue_path,
                    format!("rule pack `{relative}` is listed twice"),
                )
                .with_span(venue_locator.span(&at))
                .with_hint("remove the second listing");
                if let Some(line) = line {
                    d.message =
                        format!("rule pack `{relative}` is listed twice (first on line {line})");
                }
                diags.push(d);
                continue;
            }
            seen.insert(pack_path.clone(), i);
            match read_referenced::<RulePack>(
                "rule pack",
                &pack_path,
                (&venue_path, &venue_locator, &at),
                &mut sources,
                &mut diags,
            ) {
                Some(pack) => packs.push((pack_path, pack)),
                None => packs_complete = false,
            }
        }
    }

    let failed = diags.iter().any(Diagnostic::is_error);
    match (venue, catalogue) {
        (Some(venue), Some(catalogue)) if !failed => Ok(LoadedVenue {
            venue_path,
            venue,
            catalogue_path,
            catalogue,
            packs,
            sources,
        }),
        (venue, catalogue) => {
            let parts = crate::validate::Parts {
                venue: venue.as_ref().map(|v| (venue_path.as_path(), v)),
                catalogue: catalogue.as_ref().map(|c| (catalogue_path.as_path(), c)),
                packs: packs.iter().map(|(p, r)| (p.as_path(), r)).collect(),
                packs_complete,
            };
            diags.extend(crate::validate::validate_parts(&parts, &sources));
            crate::validate::sort_diagnostics(&mut diags);
            Err(LoadError {
                diagnostics: diags,
                sources,
            })
        }
    }
}

/// Loads one rule pack on its own. Nothing is validated yet: see
/// [`crate::validate::validate_rule_pack`].
pub fn load_rule_pack(path: &Path) -> Result<LoadedRulePack, LoadError> {
    let mut sources = Sources::new();
    let text = match read_source(path) {
        Ok(text) => text,
        Err(failure) => {
            if let Some(text) = failure.text {
                sources.insert(path, text);
            }
            return Err(LoadError {
                diagnostics: vec![failure.diagnostic],
                sources,
            });
        }
    };
    sources.insert(path, text.clone());
    match parse_rule_pack(&text, path) {
        Ok(pack) => Ok(LoadedRulePack {
            path: path.to_path_buf(),
            pack,
            sources,
        }),
        Err(diagnostics) => Err(LoadError {
            diagnostics,
            sources,
        }),
    }
}

/// Parses the text of a `venue.ron`. `file` is only used in the diagnostics.
pub fn parse_venue(text: &str, file: &Path) -> Result<Venue, Vec<Diagnostic>> {
    finish(parse_file(text, file))
}

/// Parses the text of a fixture catalogue.
pub fn parse_catalogue(text: &str, file: &Path) -> Result<Catalogue, Vec<Diagnostic>> {
    finish(parse_file(text, file))
}

/// Parses the text of a rule pack.
pub fn parse_rule_pack(text: &str, file: &Path) -> Result<RulePack, Vec<Diagnostic>> {
    finish(parse_file(text, file))
}

fn finish<T>((value, diags): (Option<T>, Vec<Diagnostic>)) -> Result<T, Vec<Diagnostic>> {
    match value {
        Some(value) if diags.is_empty() => Ok(value),
        _ => Err(diags),
    }
}

/// The references of a venue, read leniently when the venue itself does not parse
/// (empty when absent).
#[derive(Deserialize)]
struct References {
    #[serde(default)]
    catalogue: String,
    #[serde(default)]
    rule_packs: Vec<String>,
}

/// Just the version of a file, read leniently (other fields ignored). An absent version
/// reads as the current one; the full parse then reports it missing.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default = "current_version")]
    format_version: u64,
}

fn current_version() -> u64 {
    u64::from(FORMAT_VERSION)
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_NESTING)
}

fn probe<T: DeserializeOwned>(text: &str) -> Option<T> {
    ron_options().from_str::<T>(&without_bom(text)).ok()
}

/// A byte-order mark replaced by spaces of the same length, so offsets stay the same.
fn without_bom(text: &str) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}"),
        None => text.to_owned(),
    }
}

/// Reads, checks and parses a file the venue references, reporting a read failure at
/// the reference (`at` in the venue) so the message shows where the path was written.
fn read_referenced<T: DeserializeOwned>(
    what: &str,
    path: &Path,
    (venue_path, venue_locator, at): (&Path, &locate::Locator<'_>, &locate::Path),
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    match read_source(path) {
        Ok(text) => {
            let (value, file_diags) = parse_file::<T>(&text, path);
            sources.insert(path, text);
            diags.extend(file_diags);
            value
        }
        Err(failure) => {
            if let Some(io) = failure.io {
                diags.push(
                    Diagnostic::error(
                        Code::Io,
                        venue_path,
                        format!("cannot read {what} `{}`: {io}", path.display()),
                    )
                    .with_span(venue_locator.span(at))
                    .with_hint("paths are relative to the folder of the venue file"),
                );
            } else {
                if let Some(text) = failure.text {
                    sources.insert(path, text);
                }
                diags.push(failure.diagnostic);
            }
            None
        }
    }
}

/// A file that could not be turned into text, with the (lossy) text when there is one.
struct ReadFailure {
    diagnostic: Diagnostic,
    text: Option<String>,
    /// The operating system's message, for an I/O failure.
    io: Option<String>,
}

/// Reads a file as UTF-8 text, refusing files larger than [`MAX_FILE_BYTES`] before
/// reading them. An I/O failure has [`Code::Io`] and the OS message as its message.
fn read_source(path: &Path) -> Result<String, Box<ReadFailure>> {
    let io_failure = |e: std::io::Error| {
        Box::new(ReadFailure {
            diagnostic: Diagnostic::error(
                Code::Io,
                path,
                format!("cannot read `{}`: {e}", path.display()),
            ),
            text: None,
            io: Some(e.to_string()),
        })
    };
    let file = std::fs::File::open(path).map_err(io_failure)?;
    let size = file.metadata().map_err(io_failure)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Box::new(ReadFailure {
            diagnostic: too_large(path, size),
            text: None,
            io: None,
        }));
    }
    let mut bytes = Vec::new();
    // `take` guards against a file that grows between `metadata` and `read`.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_failure)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Box::new(ReadFailure {
            diagnostic: too_large(path, bytes.len() as u64),
            text: None,
            io: None,
        }));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        // The lossy text has U+FFFD (3 bytes) where the bad bytes were; the valid prefix
        // is identical, so `at` is still the right offset.
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        Box::new(ReadFailure {
            diagnostic: Diagnostic::error(Code::Syntax, path, "the file is not valid UTF-8 text")
                .with_span(at..end)
                .with_hint(
                    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
                ),
            text: Some(text),
            io: None,
        })
    })
}

fn too_large(path: &Path, size: u64) -> Diagnostic {
    Diagnostic::error(
        Code::FileTooLarge,
        path,
        format!(
            "the file is {size} bytes; files larger than {MAX_FILE_BYTES} bytes (4 MiB) are refused"
        ),
    )
    .with_hint("a scene, catalogue or rule pack is normally a few KiB: is this the right file?")
}

/// Parses `text` as a `T`. Returns the value when one could be built (possibly after
/// recovering from unknown fields, which are still reported) and every diagnostic.
fn parse_file<T: DeserializeOwned>(text: &str, file: &Path) -> (Option<T>, Vec<Diagnostic>) {
    if text.len() as u64 > MAX_FILE_BYTES {
        return (None, vec![too_large(file, text.len() as u64)]);
    }
    let mut work = without_bom(text);

    // A file of another format version: report only that, its other "errors" would
    // just be the differences between the versions.
    if let Some(VersionProbe {
        format_version: version,
    }) = probe::<VersionProbe>(&work)
        && version != u64::from(FORMAT_VERSION)
    {
        let path = locate::Path::root().field("format_version");
        let span = locate::Locator::new(&work).span(&path);
        return (
            None,
            vec![
                Diagnostic::error(
                    Code::UnsupportedVersion,
                    file,
                    format!(
                        "format_version {version} is not supported: this build reads version {FORMAT_VERSION}"
                    ),
                )
                .with_span(span)
                .with_hint(format!(
                    "write `format_version: {FORMAT_VERSION}`, or use the venue-guide release the file was written for"
                )),
            ],
        );
    }

    if locate::parse(&work).is_none() && locate::is_blank(&work) {
        return (
            None,
            vec![
                Diagnostic::error(Code::Syntax, file, "the file is empty")
                    .with_span(0..0)
                    .with_hint("a file holds one value in parentheses: `( format_version: 1, … )`"),
            ],
        );
    }

    let mut diags = Vec::new();
    // Fields suggested for the unknown fields blanked so far: the field a typo meant is
    // missing after blanking, and saying so again would only repeat the hint.
    let mut suggested: Vec<&'static str> = Vec::new();
    loop {
        match ron_options().from_str::<T>(&work) {
            Ok(value) => return (Some(value), diags),
            Err(err) => {
                match &err.code {
                    ron::error::Error::NoSuchStructField {
                        expected, found, ..
                    } => suggested.extend(nearest(found, expected.iter().copied())),
                    ron::error::Error::MissingStructField { field, .. }
                        if suggested.contains(field) =>
                    {
                        return (None, diags);
                    }
                    _ => {}
                }
                let diag = ron_error_to_diagnostic(&err, &work, file);
                let recoverable = diag.code == Code::UnknownField && diags.len() < MAX_RECOVERIES;
                let start = diag.span.as_ref().map(|s| s.start);
                diags.push(diag);
                let blanked = match (recoverable, start) {
                    (true, Some(start)) => blank_field(&work, start),
                    _ => None,
                };
                match blanked {
                    Some(next) => work = next,
                    None => return (None, diags),
                }
            }
        }
    }
}

/// `text` with the field starting at `start` (`name: value,`) replaced by spaces
/// (newlines kept), or `None` if no field starts there.
fn blank_field(text: &str, start: usize) -> Option<String> {
    let range = locate::field_extent(text, start)?;
    let mut bytes = text.as_bytes().to_vec();
    for b in bytes.get_mut(range)? {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
    // Whole characters were replaced by ASCII, so this cannot fail; stay total anyway.
    String::from_utf8(bytes).ok()
}

/// Byte offset of a 1-based `(line, column)` position, the column counted in characters
/// (as ron counts them). Positions past the end of a line or of the text are clamped.
pub fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let mut line_start = 0;
    if line > 1 {
        let mut seen = 1;
        let mut found = false;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    line_start = i + 1;
                    found = true;
                    break;
                }
            }
        }
        if !found {
            return text.len();
        }
    }
    let rest = text.get(line_start..).unwrap_or("");
    for (n, (i, ch)) in rest.char_indices().enumerate() {
        if n + 1 >= col || ch == '\n' {
            return line_start + i;
        }
    }
    text.len()
}

/// 1-based `(line, column)` of byte `offset`, the column in characters. Offsets inside
/// a character or past the end are clamped.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = 1 + before[line_start..].chars().count();
    (line, col)
}

/// The byte span of a ron error. Zero-width spans are widened to the token there, so a
/// caret has something to underline.
/// Leading whitespace is skipped: ron often starts a span at the space before a value.
fn ron_span(err: &ron::error::SpannedError, text: &str) -> Range<usize> {
    let mut start = byte_offset(text, err.span.start.line, err.span.start.col);
    let end = byte_offset(text, err.span.end.line, err.span.end.col).max(start);
    while text
        .as_bytes()
        .get(start)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        start += 1;
    }
    if end > start + 1 {
        start..end
    } else {
        // Empty or one character: show the whole token there.
        locate::token_span(text, start)
    }
}

/// Where a ron type sits, for messages: `" in a zone"`, or nothing when unknown.
fn describe_type(outer: Option<&str>) -> String {
    let Some(outer) = outer else {
        return String::new();
    };
    let known = match outer {
        "Venue" => "the venue",
        "Wall" => "a wall",
        "Door" => "a door",
        "Window" => "a window",
        "Zone" => "a zone",
        "Fixture" => "a fixture",
        "ExternalFeature" => "an external feature",
        "Tour" => "the tour",
        "TourStop" => "a tour stop",
        "Viewpoint" => "a viewpoint",
        "Text" => "a text (it has only `zh` and `en`)",
        "Catalogue" => "the catalogue",
        "FixtureType" => "a catalogue fixture type",
        "RulePack" => "the rule pack",
        "Rule" => "a rule",
        "Source" => "a rule source",
        "FixtureSelector" => "a fixture selector",
        _ => return format!(" in `{outer}`"),
    };
    format!(" in {known}")
}

/// What an enum is, for "unknown … `x`" messages.
fn describe_enum(outer: Option<&str>) -> String {
    match outer {
        Some("ZoneKind") => "zone kind".to_owned(),
        Some("Opening") => "opening (`Door` or `Window`)".to_owned(),
        Some("Swing") => "door swing".to_owned(),
        Some("Level") => "rule level".to_owned(),
        Some("Check") => "check".to_owned(),
        Some("Condition") => "condition".to_owned(),
        Some("ZoneSelector") => "zone selector".to_owned(),
        Some("DoorSelector") => "door selector".to_owned(),
        Some("Place") => "place".to_owned(),
        Some("AttributeTarget") => "attribute target".to_owned(),
        Some("Lang") => "language".to_owned(),
        Some(other) => format!("variant of `{other}`"),
        None => "variant".to_owned(),
    }
}

/// The candidate nearest to `found` by edit distance, if it is near enough to be a
/// plausible typo (at most a third of the word, at least 2 edits, is allowed).
pub fn nearest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (found.chars().count() / 3).max(2);
    let lower = found.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

fn list_names(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Turns a ron error into a diagnostic with a code, a clear message and a hint.
fn ron_error_to_diagnostic(err: &ron::error::SpannedError, text: &str, file: &Path) -> Diagnostic {
    use ron::error::Error as E;
    let mut span = ron_span(err, text);
    let found_text = text.get(span.clone()).unwrap_or("");
    let (code, message, hint): (Code, String, Option<String>) = match &err.code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let hint = match nearest(found, expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if expected.is_empty() => "this takes no fields".to_owned(),
                None => format!("the fields here are {}", list_names(expected)),
            };
            (
                Code::UnknownField,
                format!("unknown field `{found}`{}", describe_type(outer.as_deref())),
                Some(hint),
            )
        }
        E::MissingStructField { field, outer } => (
            Code::MissingField,
            format!("missing field `{field}`{}", describe_type(outer.as_deref())),
            Some(format!("add `{field}: …` before this closing parenthesis")),
        ),
        E::DuplicateStructField { field, outer } => (
            Code::Syntax,
            format!(
                "field `{field}` is given twice{}",
                describe_type(outer.as_deref())
            ),
            Some("remove one of them".to_owned()),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = describe_enum(outer.as_deref());
            let hint = match nearest(found, expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("expected one of {}", list_names(expected)),
            };
            (
                Code::WrongType,
                format!("unknown {what} `{found}`"),
                Some(hint),
            )
        }
        E::ExpectedDifferentStructName { expected, found }
            if found.starts_with(|c: char| c.is_lowercase()) =>
        {
            (
                Code::WrongType,
                format!("`{expected}` holds a struct, which needs its own parentheses"),
                Some(format!(
                    "write `{expected}((…))` with double parentheses, or add `#![enable(unwrap_variant_newtypes)]` at the top of the file"
                )),
            )
        }
        E::ExpectedDifferentStructName { expected, found } => (
            Code::WrongType,
            format!("expected `{expected}` here, found `{found}`"),
            None,
        ),
        E::InvalidValueForType { expected, found } => (
            Code::WrongType,
            format!("expected {expected}, found {found}"),
            None,
        ),
        E::ExpectedDifferentLength { expected, found } => (
            Code::WrongType,
            format!("expected {expected}, found {found} element(s)"),
            None,
        ),
        E::IntegerOutOfBounds => (
            Code::WrongType,
            format!("the number `{found_text}` is out of range here"),
            None,
        ),
        E::ExpectedBoolean => (Code::WrongType, "expected `true` or `false`".to_owned(), None),
        E::ExpectedInteger => (
            Code::WrongType,
            "expected a whole number".to_owned(),
            found_text
                .starts_with('"')
                .then(|| "remove the quotes".to_owned()),
        ),
        E::ExpectedFloat => (
            Code::WrongType,
            "expected a number".to_owned(),
            found_text
                .starts_with('"')
                .then(|| "numbers are written without quotes, e.g. `2.5`".to_owned()),
        ),
        E::ExpectedString if !found_text.starts_with('"') => (
            Code::WrongType,
            "expected a text in double quotes".to_owned(),
            Some(format!("write `\"{found_text}\"`")),
        ),
        E::ExpectedIdentifier if found_text.starts_with('"') => (
            Code::WrongType,
            "expected a name without quotes here".to_owned(),
            Some(format!(
                "names of kinds and variants are written bare: `{}`",
                found_text.trim_matches('"')
            )),
        ),
        E::ExpectedOption => (
            Code::WrongType,
            "expected `Some(...)` or `None`".to_owned(),
            Some("write `Some(value)` or `None`, or add `#![enable(implicit_some)]` at the top of the file".to_owned()),
        ),
        E::ExpectedArray => (
            Code::WrongType,
            "expected a list `[...]`".to_owned(),
            None,
        ),
        E::ExpectedMap => (
            Code::WrongType,
            "expected a map `{...}`".to_owned(),
            Some("maps are written `{\"key\": value, ...}`".to_owned()),
        ),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => (
            Code::WrongType,
            "expected `(`".to_owned(),
            None,
        ),
        E::ExpectedUnit => (Code::WrongType, "expected `()`".to_owned(), None),
        E::Message(msg) if msg.contains("untagged enum Value") => (
            // ron reports this after the value: show the value itself.
            {
                if let Some(value) = locate::enclosing_value(text, span.start) {
                    span = value;
                }
                Code::WrongType
            },
            "expected a value: `true`, `false`, a number or a text in double quotes".to_owned(),
            Some("attributes and flags take simple values, e.g. `true`, `16` or `\"sensor\"`".to_owned()),
        ),
        E::Message(msg) => (Code::WrongType, lower_first(msg), None),
        E::Eof => (
            Code::Syntax,
            "unexpected end of file".to_owned(),
            Some("a closing `)`, `]` or `}` is probably missing".to_owned()),
        ),
        E::ExpectedComma => (
            Code::Syntax,
            if found_text.is_empty() {
                "expected a comma".to_owned()
            } else {
                format!("expected a comma before `{found_text}`")
            },
            Some("separate fields and list items with `,`".to_owned()),
        ),
        E::ExceededRecursionLimit => (
            Code::Syntax,
            format!("values are nested more than {MAX_NESTING} levels deep"),
            None,
        ),
        E::TrailingCharacters => (
            Code::Syntax,
            "unexpected text after the end of the value".to_owned(),
            Some("the file must hold exactly one value: is a `(` missing at the start, or a `)` too many?".to_owned()),
        ),
        other => (Code::Syntax, lower_first(&other.to_string()), None),
    };
    let mut diag = Diagnostic::error(code, file, message).with_span(span);
    diag.hint = hint;
    diag
}

/// A tolerant outline parser for RON text, and a locator that finds the span of a value
/// by its path.
///
/// serde does not keep spans of deserialized values, so validation, which works on the
/// model, finds the text of an entity here: `zones[2].polygon[3]` is the fourth point of
/// the third zone. The outline knows no types, only the shape of RON: named or unnamed
/// parenthesised groups (structs, tuples, variants), lists and maps. Wrappers with a
/// single value (`Some(...)`, `Door((...))`) are looked through, so paths follow the
/// model's fields, not the RON spelling.
pub mod locate {
    use std::fmt;
    use std::ops::Range;

    /// Deepest nesting the outline follows; deeper text is not located (spans fall back
    /// to an ancestor). Above ron's own limit, so every file ron accepts is covered.
    const MAX_DEPTH: usize = 256;

    /// One step of a path into a RON value.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Seg {
        /// A struct field: `polygon`.
        Field(String),
        /// A list (or tuple) element: `[3]`.
        Index(usize),
        /// A map entry by its (string) key: `["sink"]`.
        Key(String),
    }

    /// A path from the root value of a file.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Path(pub Vec<Seg>);

    impl Path {
        pub fn root() -> Self {
            Self(Vec::new())
        }

        pub fn field(&self, name: &str) -> Self {
            self.with(Seg::Field(name.to_owned()))
        }

        pub fn index(&self, i: usize) -> Self {
            self.with(Seg::Index(i))
        }

        pub fn key(&self, key: &str) -> Self {
            self.with(Seg::Key(key.to_owned()))
        }

        fn with(&self, seg: Seg) -> Self {
            let mut segs = self.0.clone();
            segs.push(seg);
            Self(segs)
        }
    }

    impl fmt::Display for Path {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (i, seg) in self.0.iter().enumerate() {
                match seg {
                    Seg::Field(name) if i == 0 => write!(f, "{name}")?,
                    Seg::Field(name) => write!(f, ".{name}")?,
                    Seg::Index(n) => write!(f, "[{n}]")?,
                    Seg::Key(k) => write!(f, "[{k:?}]")?,
                }
            }
            Ok(())
        }
    }

    /// A value in the outline.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Node {
        /// Bytes of the whole value, including a variant or struct name before `(`.
        pub span: Range<usize>,
        pub kind: Kind,
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum Kind {
        /// A number, string, char, bare name (`cooking`, `None`, `true`).
        Atom,
        /// `Name(...)` or `(...)`: a struct (fields), a tuple or a variant (items).
        Group {
            name: Option<Range<usize>>,
            fields: Vec<Field>,
            items: Vec<Node>,
        },
        /// `[...]`
        Seq(Vec<Node>),
        /// `{key: value, ...}`
        Map(Vec<(Node, Node)>),
    }

    /// `name: value` inside a group.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Field {
        pub name: String,
        pub name_span: Range<usize>,
        pub value: Node,
    }

    /// The outline of a text and lookups into it.
    #[derive(Debug, Clone)]
    pub struct Locator<'t> {
        text: &'t str,
        root: Option<Node>,
    }

    impl<'t> Locator<'t> {
        /// Outlines `text`; a text that is not RON gives a locator that finds nothing
        /// (its [`Locator::span`] falls back to the start of the file).
        pub fn new(text: &'t str) -> Self {
            Self {
                text,
                root: parse(text),
            }
        }

        /// The text this locator outlines.
        pub fn text(&self) -> &'t str {
            self.text
        }

        pub fn root(&self) -> Option<&Node> {
            self.root.as_ref()
        }

        /// Follows `path` as far as it goes: the deepest node reached, the key span of
        /// the last step taken (a field name or map key), and the steps taken.
        fn walk(&self, path: &Path) -> Option<(&Node, Option<Range<usize>>, usize)> {
            let mut node = self.root.as_ref()?;
            let mut key = None;
            for (taken, seg) in path.0.iter().enumerate() {
                match child(node, seg, self.text, 0) {
                    Some((next, next_key)) => {
                        node = next;
                        key = next_key;
                    }
                    None => return Some((node, key, taken)),
                }
            }
            Some((node, key, path.0.len()))
        }

        /// The span of the value at `path`, if the whole path exists in the text.
        pub fn value_span(&self, path: &Path) -> Option<Range<usize>> {
            match self.walk(path)? {
                (node, _, taken) if taken == path.0.len() => Some(node.span.clone()),
                _ => None,
            }
        }

        /// The span of the field name (or map key) the path ends with, if it exists.
        pub fn key_span(&self, path: &Path) -> Option<Range<usize>> {
            match self.walk(path)? {
                (_, key, taken) if taken == path.0.len() => key,
                _ => None,
            }
        }

        /// Whether the whole path exists in the text.
        pub fn contains(&self, path: &Path) -> bool {
            self.value_span(path).is_some()
        }

        /// The span to show for `path`: the value if it fits on one line, else its field
        /// name, its `id`, or its first character. A path that does not exist in full
        /// (a defaulted field) shows its nearest ancestor the same way. Without an
        /// outline, the first character of the file.
        pub fn span(&self, path: &Path) -> Range<usize> {
            let Some((node, key, _)) = self.walk(path) else {
                return token_span(self.text, 0);
            };
            if self.single_line(&node.span) {
                return node.span.clone();
            }
            // The key of a missing path's deepest ancestor is fine too: a missing
            // `zones[9]` shows `zones`.
            key.unwrap_or_else(|| self.head(node))
        }

        fn single_line(&self, span: &Range<usize>) -> bool {
            self.text
                .get(span.clone())
                .is_some_and(|s| !s.contains('\n'))
        }

        /// A one-line span standing for a multi-line node.
        fn head(&self, node: &Node) -> Range<usize> {
            if let Some(id) = find_field(node, "id", 0) {
                return id.value.span.clone();
            }
            match &node.kind {
                Kind::Group {
                    name: Some(name), ..
                } => name.clone(),
                _ => node.span.start..(node.span.start + 1).min(self.text.len()),
            }
        }
    }

    /// The field `name` of a group, looking through single-value wrappers.
    fn find_field<'n>(node: &'n Node, name: &str, depth: usize) -> Option<&'n Field> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &node.kind {
            Kind::Group { fields, items, .. } => {
                if let Some(field) = fields.iter().find(|f| f.name == name) {
                    Some(field)
                } else if fields.is_empty() && items.len() == 1 {
                    find_field(&items[0], name, depth + 1)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn child<'n>(
        node: &'n Node,
        seg: &Seg,
        text: &str,
        depth: usize,
    ) -> Option<(&'n Node, Option<Range<usize>>)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let wrapped = match &node.kind {
            Kind::Group { fields, items, .. } if fields.is_empty() && items.len() == 1 => {
                items.first()
            }
            _ => None,
        };
        match seg {
            Seg::Field(name) => {
                if let Kind::Group { fields, .. } = &node.kind
                    && let Some(field) = fields.iter().find(|f| f.name == *name)
                {
                    return Some((&field.value, Some(field.name_span.clone())));
                }
                child(wrapped?, seg, text, depth + 1)
            }
            Seg::Index(i) => match &node.kind {
                Kind::Seq(items) => items.get(*i).map(|n| (n, None)),
                Kind::Group { fields, items, .. } if fields.is_empty() => match wrapped {
                    Some(inner) if inner.kind != Kind::Atom => child(inner, seg, text, depth + 1),
                    _ => items.get(*i).map(|n| (n, None)),
                },
                _ => None,
            },
            Seg::Key(key) => match &node.kind {
                Kind::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| unquote(text.get(k.span.clone()).unwrap_or("")) == key)
                    .map(|(k, v)| (v, Some(k.span.clone()))),
                _ => child(wrapped?, seg, text, depth + 1),
            },
        }
    }

    /// The content of a string literal (escapes are not interpreted; ids have none).
    fn unquote(literal: &str) -> &str {
        let s = literal.strip_prefix('b').unwrap_or(literal);
        let s = s.strip_prefix('r').unwrap_or(s);
        let s = s.trim_matches('#');
        s.strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s)
    }

    /// The outline of `text`, or `None` if it is not shaped like RON.
    pub fn parse(text: &str) -> Option<Node> {
        let mut sc = Scanner::new(text, 0);
        sc.skip_ws();
        // `#![enable(...)]` attributes.
        while sc.peek() == Some(b'#') {
            sc.pos += 1;
            if sc.peek() == Some(b'!') {
                sc.pos += 1;
            }
            sc.skip_ws();
            sc.value(0)?;
            sc.skip_ws();
        }
        sc.value(0)
    }

    /// The span of the smallest value that contains byte `offset` (with its closing
    /// bracket), if the text can be outlined.
    pub fn enclosing_value(text: &str, offset: usize) -> Option<Range<usize>> {
        let root = parse(text)?;
        let mut node = &root;
        if !node.span.contains(&offset) {
            return None;
        }
        'descend: loop {
            let children: Vec<&Node> = match &node.kind {
                Kind::Atom => Vec::new(),
                Kind::Group { fields, items, .. } => fields
                    .iter()
                    .map(|f| &f.value)
                    .chain(items.iter())
                    .collect(),
                Kind::Seq(items) => items.iter().collect(),
                Kind::Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
            };
            for child in children {
                if child.span.contains(&offset) {
                    node = child;
                    continue 'descend;
                }
            }
            return Some(node.span.clone());
        }
    }

    /// Whether `text` holds nothing but whitespace and comments.
    pub fn is_blank(text: &str) -> bool {
        let mut sc = Scanner::new(text, 0);
        sc.skip_ws();
        sc.peek().is_none()
    }

    /// The span of the token starting at `start` (a string, a name, a number or one
    /// punctuation character); used to widen zero-width error positions.
    pub fn token_span(text: &str, start: usize) -> Range<usize> {
        let start = start.min(text.len());
        if !text.is_char_boundary(start) {
            return start..start;
        }
        let mut sc = Scanner::new(text, start);
        let end = match sc.peek() {
            None => start,
            Some(b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':') => start + 1,
            Some(_) if sc.literal() => sc.pos,
            Some(_) => {
                sc.atom();
                if sc.pos > start {
                    sc.pos
                } else {
                    // Whitespace or another single character.
                    start + text[start..].chars().next().map_or(0, char::len_utf8)
                }
            }
        };
        start..end
    }

    /// The extent of `name: value` starting at `start`, with the comma after it; `None`
    /// if no field starts there.
    pub fn field_extent(text: &str, start: usize) -> Option<Range<usize>> {
        if !text.is_char_boundary(start) {
            return None;
        }
        let mut sc = Scanner::new(text, start);
        let name = sc.atom();
        if name.is_empty() {
            return None;
        }
        sc.skip_ws();
        if sc.peek() != Some(b':') {
            return None;
        }
        sc.pos += 1;
        sc.value(0)?;
        let value_end = sc.pos;
        sc.skip_ws();
        if sc.peek() == Some(b',') {
            Some(start..sc.pos + 1)
        } else {
            Some(start..value_end)
        }
    }

    /// The first span of the string value of `field` equal to `value`, e.g. the
    /// `"sink_1"` of `id: "sink_1"`; a fallback when no outline could be made.
    pub fn find_field_value(text: &str, field: &str, value: &str) -> Option<Range<usize>> {
        let quoted = format!("\"{value}\"");
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|t| t.find(field)) {
            let name_start = from + found;
            let name_end = name_start + field.len();
            from = name_end;
            let before_ok = text[..name_start]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if !before_ok {
                continue;
            }
            let rest = &text[name_end..];
            let after_colon = rest.trim_start().strip_prefix(':')?;
            let value_text = after_colon.trim_start();
            if value_text.starts_with(&quoted) {
                let at = text.len() - value_text.len();
                return Some(at..at + quoted.len());
            }
        }
        None
    }

    struct Scanner<'t> {
        text: &'t str,
        bytes: &'t [u8],
        pos: usize,
    }

    fn is_delimiter(b: u8) -> bool {
        matches!(
            b,
            b' ' | b'\t'
                | b'\n'
                | b'\r'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b','
                | b':'
                | b'"'
                | b'/'
        )
    }

    impl<'t> Scanner<'t> {
        fn new(text: &'t str, pos: usize) -> Self {
            Self {
                text,
                bytes: text.as_bytes(),
                pos,
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        fn peek_at(&self, ahead: usize) -> Option<u8> {
            self.bytes.get(self.pos + ahead).copied()
        }

        /// Skips whitespace and comments (block comments nest, as in RON).
        fn skip_ws(&mut self) {
            loop {
                match (self.peek(), self.peek_at(1)) {
                    (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => self.pos += 1,
                    (Some(b'/'), Some(b'/')) => {
                        while let Some(b) = self.peek() {
                            if b == b'\n' {
                                break;
                            }
                            self.pos += 1;
                        }
                    }
                    (Some(b'/'), Some(b'*')) => {
                        self.pos += 2;
                        let mut depth = 1;
                        while depth > 0 {
                            match (self.peek(), self.peek_at(1)) {
                                (None, _) => return,
                                (Some(b'/'), Some(b'*')) => {
                                    depth += 1;
                                    self.pos += 2;
                                }
                                (Some(b'*'), Some(b'/')) => {
                                    depth -= 1;
                                    self.pos += 2;
                                }
                                _ => self.pos += 1,
                            }
                        }
                    }
                    _ => return,
                }
            }
        }

        /// A bare token: a name, a number, `r#raw` name. Returns its span.
        fn atom(&mut self) -> Range<usize> {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if is_delimiter(b) {
                    break;
                }
                self.pos += 1;
            }
            start..self.pos
        }

        /// A string (plain, raw, byte) or char literal at the cursor; advances past it
        /// and returns true, or returns false without moving.
        fn literal(&mut self) -> bool {
            let start = self.pos;
            let mut p = self.pos;
            if self.bytes.get(p) == Some(&b'b') {
                p += 1;
            }
            let raw = self.bytes.get(p) == Some(&b'r');
            if raw {
                p += 1;
            }
            let mut hashes = 0;
            while raw && self.bytes.get(p) == Some(&b'#') {
                hashes += 1;
                p += 1;
            }
            match self.bytes.get(p) {
                Some(b'"') if raw => {
                    p += 1;
                    loop {
                        match self.bytes.get(p) {
                            None => {
                                self.pos = self.bytes.len();
                                return true;
                            }
                            Some(b'"')
                                if self
                                    .bytes
                                    .get(p + 1..p + 1 + hashes)
                                    .is_some_and(|h| h.iter().all(|&c| c == b'#')) =>
                            {
                                self.pos = p + 1 + hashes;
                                return true;
                            }
                            _ => p += 1,
                        }
                    }
                }
                Some(b'"') => {
                    self.pos = p;
                    self.quoted(b'"');
                    true
                }
                Some(b'\'') if p == start || p == start + 1 => {
                    self.pos = p;
                    self.quoted(b'\'');
                    true
                }
                _ => false,
            }
        }

        /// Past a `"…"` or `'…'` with backslash escapes; the cursor is on the quote.
        fn quoted(&mut self, quote: u8) {
            self.pos += 1;
            while let Some(b) = self.peek() {
                self.pos += 1;
                if b == b'\\' {
                    self.pos += 1;
                } else if b == quote {
                    return;
                }
            }
            self.pos = self.pos.min(self.bytes.len());
        }

        fn value(&mut self, depth: usize) -> Option<Node> {
            if depth > MAX_DEPTH {
                return None;
            }
            self.skip_ws();
            let start = self.pos;
            match self.peek()? {
                b'(' => self.group(start, None, depth),
                b'[' => {
                    self.pos += 1;
                    let items = self.items(b']', depth)?;
                    Some(Node {
                        span: start..self.pos,
                        kind: Kind::Seq(items),
                    })
                }
                b'{' => {
                    self.pos += 1;
                    let entries = self.map(depth)?;
                    Some(Node {
                        span: start..self.pos,
                        kind: Kind::Map(entries),
                    })
                }
                b')' | b']' | b'}' | b',' | b':' => None,
                _ => {
                    if self.literal() {
                        return Some(Node {
                            span: start..self.pos,
                            kind: Kind::Atom,
                        });
                    }
                    let name = self.atom();
                    if name.is_empty() {
                        // A lone `/` or `"` that is not a comment or a string.
                        return None;
                    }
                    let after = self.pos;
                    self.skip_ws();
                    if self.peek() == Some(b'(') {
                        let open = self.pos;
                        self.group(open, Some(name), depth).map(|mut node| {
                            node.span.start = start;
                            node
                        })
                    } else {
                        self.pos = after;
                        Some(Node {
                            span: start..after,
                            kind: Kind::Atom,
                        })
                    }
                }
            }
        }

        /// `(…)` at the cursor: fields `name: value` and/or items.
        fn group(
            &mut self,
            start: usize,
            name: Option<Range<usize>>,
            depth: usize,
        ) -> Option<Node> {
            self.pos += 1;
            let mut fields = Vec::new();
            let mut items = Vec::new();
            loop {
                self.skip_ws();
                match self.peek()? {
                    b')' => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        if let Some(field) = self.field(depth)? {
                            fields.push(field);
                        } else {
                            items.push(self.value(depth + 1)?);
                        }
                    }
                }
                if !self.separator(b')')? {
                    self.pos += 1;
                    break;
                }
            }
            Some(Node {
                span: start..self.pos,
                kind: Kind::Group {
                    name,
                    fields,
                    items,
                },
            })
        }

        /// `name: value` at the cursor: `Some(Some(field))`; `Some(None)` (cursor
        /// unchanged) if the cursor is not at a field; `None` on a malformed value.
        fn field(&mut self, depth: usize) -> Option<Option<Field>> {
            let start = self.pos;
            let first = self.peek()?;
            if !(first.is_ascii_alphabetic() || first == b'_' || first >= 0x80) {
                return Some(None);
            }
            let name_span = self.atom();
            self.skip_ws();
            if self.peek() != Some(b':') {
                self.pos = start;
                return Some(None);
            }
            self.pos += 1;
            let value = self.value(depth + 1)?;
            let raw = &self.text[name_span.clone()];
            let name = raw.strip_prefix("r#").unwrap_or(raw).to_owned();
            Some(Some(Field {
                name,
                name_span,
                value,
            }))
        }

        /// After an element: consumes a `,` and returns true if more may follow; returns
        /// false with the cursor on `close` if the container ends; `None` otherwise.
        fn separator(&mut self, close: u8) -> Option<bool> {
            self.skip_ws();
            match self.peek()? {
                b',' => {
                    self.pos += 1;
                    Some(true)
                }
                b if b == close => Some(false),
                _ => None,
            }
        }

        fn items(&mut self, close: u8, depth: usize) -> Option<Vec<Node>> {
            let mut items = Vec::new();
            loop {
                self.skip_ws();
                if self.peek()? == close {
                    self.pos += 1;
                    return Some(items);
                }
                items.push(self.value(depth + 1)?);
                if !self.separator(close)? {
                    self.pos += 1;
                    return Some(items);
                }
            }
        }

        fn map(&mut self, depth: usize) -> Option<Vec<(Node, Node)>> {
            let mut entries = Vec::new();
            loop {
                self.skip_ws();
                if self.peek()? == b'}' {
                    self.pos += 1;
                    return Some(entries);
                }
                let key = self.value(depth + 1)?;
                self.skip_ws();
                if self.peek()? != b':' {
                    return None;
                }
                self.pos += 1;
                let value = self.value(depth + 1)?;
                entries.push((key, value));
                if !self.separator(b'}')? {
                    self.pos += 1;
                    return Some(entries);
                }
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        const TEXT: &str = r##"// comment with ( and "quotes"
(
    id: "x",
    zones: [
        (id: "a", kind: cooking, polygon: [(0, 0), (1, 0), (1, 1)], clear_height: 3.0),
        (
            id: "b",
            kind: dining,
            name: Some((zh: "就餐", en: "Dining")),
            polygon: [
                (0, 0),
                (2, 0),
            ],
            clear_height: 2.5, /* nested /* block */ comment */
        ),
    ],
    walls: [(id: "w", openings: [Door((id: "d", width: 0.9)), Window(id: "v", width: 1)])],
    fixtures: {"sink": (model: r#"m/"x".glb"#, size: (1, 2, 3))},
    flag: Some(Flag("x")),
)"##;

        fn text_at(path: &Path) -> &'static str {
            let loc = Locator::new(TEXT);
            &TEXT[loc.span(path)]
        }

        #[test]
        fn finds_fields_items_and_keys() {
            let root = Path::root();
            assert_eq!(text_at(&root.field("id")), "\"x\"");
            let a = root.field("zones").index(0);
            assert_eq!(text_at(&a.field("kind")), "cooking");
            assert_eq!(text_at(&a.field("polygon").index(2)), "(1, 1)");
            assert_eq!(text_at(&a.field("polygon").index(2).index(0)), "1");
            let b = root.field("zones").index(1);
            assert_eq!(text_at(&b.field("name").field("en")), "\"Dining\"");
            assert_eq!(text_at(&b.field("clear_height")), "2.5");
            // A multi-line value shows its field name; an entity its id.
            assert_eq!(text_at(&b.field("polygon")), "polygon");
            assert_eq!(text_at(&b), "\"b\"");
            assert_eq!(text_at(&b.field("polygon").index(1)), "(2, 0)");
            let w = root.field("walls").index(0).field("openings");
            assert_eq!(text_at(&w.index(0).field("width")), "0.9");
            assert_eq!(text_at(&w.index(1).field("id")), "\"v\"");
            let sink = root.field("fixtures").key("sink");
            assert_eq!(text_at(&sink.field("model")), "r#\"m/\"x\".glb\"#");
            assert_eq!(text_at(&sink.field("size").index(1)), "2");
            assert_eq!(
                Locator::new(TEXT).key_span(&sink).map(|s| &TEXT[s]),
                Some("\"sink\"")
            );
            assert_eq!(text_at(&root.field("flag")), "Some(Flag(\"x\"))");
        }

        #[test]
        fn missing_paths_fall_back_to_the_nearest_ancestor() {
            let loc = Locator::new(TEXT);
            let b = Path::root().field("zones").index(1);
            assert!(!loc.contains(&b.field("attributes")));
            assert_eq!(&TEXT[loc.span(&b.field("attributes"))], "\"b\"");
            assert_eq!(
                &TEXT[loc.span(&Path::root().field("zones").index(9))],
                "zones"
            );
        }

        #[test]
        fn garbage_falls_back_to_the_start() {
            let text = "(a: [1, 2";
            let loc = Locator::new(text);
            assert!(loc.root().is_none());
            assert_eq!(loc.span(&Path::root().field("a")), 0..1);
            assert_eq!(Locator::new("").span(&Path::root()), 0..0);
        }

        #[test]
        fn tokens_and_fields() {
            let text = "(a: \"xy\", bad_name: [1, (2)], c: 3)";
            assert_eq!(token_span(text, 4), 4..8);
            assert_eq!(token_span(text, 0), 0..1);
            let start = text.find("bad_name").unwrap_or(0);
            let extent = field_extent(text, start).unwrap_or(0..0);
            assert_eq!(&text[extent], "bad_name: [1, (2)],");
            assert_eq!(field_extent(text, 1).map(|r| &text[r]), Some("a: \"xy\","));
            assert_eq!(field_extent(text, 0), None);
        }

        #[test]
        fn finds_the_value_around_an_offset() {
            let text = "(a: {\"k\": [1, 2]}, b: 3)";
            let close = text.find(']').unwrap_or(0);
            assert_eq!(
                enclosing_value(text, close).map(|r| &text[r]),
                Some("[1, 2]")
            );
            let two = text.find('2').unwrap_or(0);
            assert_eq!(enclosing_value(text, two).map(|r| &text[r]), Some("2"));
            assert_eq!(enclosing_value("(a: [", 2), None);
        }

        #[test]
        fn finds_an_id_by_text() {
            let text = "(fixtures: [(id: \"a\"), (uid: \"b\"), (id :  \"b\")])";
            let span = find_field_value(text, "id", "b").unwrap_or(0..0);
            assert_eq!(&text[span.clone()], "\"b\"");
            assert!(span.start > text.find("uid").unwrap_or(0));
            assert_eq!(find_field_value(text, "id", "c"), None);
        }

        #[test]
        fn deep_nesting_does_not_overflow() {
            let text = "[".repeat(100_000);
            assert!(parse(&text).is_none());
            let text = format!("{}{}", "[".repeat(300), "]".repeat(300));
            assert!(parse(&text).is_none());
        }

        #[test]
        fn paths_display() {
            let p = Path::root()
                .field("zones")
                .index(2)
                .field("polygon")
                .key("k");
            assert_eq!(p.to_string(), "zones[2].polygon[\"k\"]");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip() {
        let text = "ab\n中文x\n\nlast";
        assert_eq!(byte_offset(text, 1, 1), 0);
        assert_eq!(byte_offset(text, 2, 3), 3 + 6);
        assert_eq!(line_col(text, 9), (2, 3));
        assert_eq!(byte_offset(text, 2, 99), 10);
        assert_eq!(byte_offset(text, 9, 1), text.len());
        assert_eq!(byte_offset(text, 4, 2), 13);
        assert_eq!(line_col(text, 13), (4, 2));
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 999), (4, 5));
    }

    #[test]
    fn relative_paths_resolve_lexically() {
        let v = Path::new("scenes/eatery/venue.ron");
        assert_eq!(
            resolve_relative(v, "../catalogue.ron"),
            Path::new("scenes/catalogue.ron")
        );
        assert_eq!(
            resolve_relative(v, "./rules/a.ron"),
            Path::new("scenes/eatery/rules/a.ron")
        );
        assert_eq!(
            resolve_relative(Path::new("venue.ron"), "../x.ron"),
            Path::new("../x.ron")
        );
        assert_eq!(
            resolve_relative(Path::new("/v/venue.ron"), "../../x.ron"),
            Path::new("/x.ron")
        );
    }

    #[test]
    fn nearest_suggests_plausible_typos_only() {
        let fields = ["id", "kind", "polygon", "clear_height"];
        assert_eq!(nearest("clear_heigth", fields), Some("clear_height"));
        assert_eq!(nearest("polgon", fields), Some("polygon"));
        assert_eq!(nearest("colour", fields), None);
        assert_eq!(nearest("dinning", ["dining", "cooking"]), Some("dining"));
    }

    #[test]
    fn unknown_fields_are_all_reported() {
        let text = "(zh: \"a\", zh2: \"b\", en: \"c\", fr: \"d\")";
        let err = finish(parse_file::<crate::model::Text>(text, Path::new("t.ron")));
        let diags = err.err().unwrap_or_default();
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.code == Code::UnknownField));
        assert_eq!(diags[0].span, Some(10..13));
        assert_eq!(diags[1].span, Some(29..31));
    }

    #[test]
    fn versions_are_checked_first() {
        let text = "(format_version: 2, fixtures: {}, extra: 1)";
        let diags = parse_catalogue(text, Path::new("c.ron"))
            .err()
            .unwrap_or_default();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::UnsupportedVersion);
        assert_eq!(diags[0].span, Some(17..18));
    }

    #[test]
    fn messages_name_the_problem() {
        let zone = |body: &str| {
            format!("(id: \"k\", kind: {body}, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0)")
        };
        let parse = |text: &str| {
            finish(parse_file::<crate::model::Zone>(text, Path::new("z.ron")))
                .err()
                .unwrap_or_default()
        };
        let d = parse(&zone("dinning"));
        assert_eq!(d[0].code, Code::WrongType);
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `dining`?"));
        let d = parse(&zone("\"cooking\""));
        assert_eq!(d[0].code, Code::WrongType);
        assert_eq!(d[0].span, Some(16..25));
        let d = parse("(id: \"k\", kind: cooking, polygon: [])");
        assert_eq!(d[0].code, Code::MissingField);
        assert!(d[0].message.contains("`clear_height`"), "{}", d[0].message);
        let d = parse(
            "(id: \"k\", kind: cooking, polygon: [], clear_height: 1, attributes: {\"a\": [1]})",
        );
        assert_eq!(d[0].code, Code::WrongType);
        assert!(d[0].message.contains("a number"), "{}", d[0].message);
        let d = parse("(id: \"k\", kind: cooking polygon: [])");
        assert_eq!(d[0].code, Code::Syntax);
    }

    #[test]
    fn bom_and_empty_text_do_not_break_parsing() {
        let text = "\u{feff}(zh: \"a\", en: \"b\")";
        assert!(finish(parse_file::<crate::model::Text>(text, Path::new("t"))).is_ok());
        let d = parse_venue("", Path::new("v")).err().unwrap_or_default();
        assert_eq!(d[0].code, Code::Syntax);
        assert_eq!(d[0].span, Some(0..0));
    }
}
