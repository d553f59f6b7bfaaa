//! Loading: a scene folder (or its `venue.ron`) → the venue, its catalogue and its rule
//! packs, with every RON error turned into a [`Diagnostic`] that has a stable code, a
//! byte span and, where one helps, a hint ("did you mean `clear_height`?").
//!
//! Loading is two-phase, so every reader of files runs the same code:
//! 1. [`VenueStage::parse`] parses the venue file and lists the files it references
//!    ([`VenueStage::references`]; duplicate rule-pack listings are reported here);
//! 2. the caller reads those files: the file system ([`load_venue`], for the CLI), or
//!    Bevy's asset readers (the app's `VenueLoader`, which so registers them as
//!    dependencies for hot reload);
//! 3. [`VenueStage::assemble`] parses them and builds the [`LoadedVenue`], collecting
//!    the diagnostics of every file: a broken rule pack does not hide the venue's
//!    errors. When some file fails, the parts that did parse are validated too (see
//!    [`crate::validate`]), so one run shows everything that can be found;
//! 4. [`validated`] validates it: errors fail, warnings stay beside the venue.
//!
//! [`load_rule_pack`] serves the `rules` command; [`parse_venue`], [`parse_catalogue`]
//! and [`parse_rule_pack`] parse one text.
//! - Spans, positions and the text of every file read live one layer below, in
//!   [`crate::span`].
//!
//! ron stops at the first error of a file. For unknown fields (the most common slip)
//! the parser recovers: it blanks the field out and parses again, so one file reports
//! all its misspelt fields at once. Blanking keeps byte offsets, so spans stay right.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Catalogue, FORMAT_VERSION, RulePack, Venue};
use crate::span::{Sources, byte_offset, line_col, locate};
use crate::suggest::nearest;
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

pub use crate::loaded::{LoadedRulePack, LoadedVenue};

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

/// What a referenced file is to the venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    Catalogue,
    RulePack,
}

impl ReferenceKind {
    fn noun(self) -> &'static str {
        match self {
            ReferenceKind::Catalogue => "catalogue",
            ReferenceKind::RulePack => "rule pack",
        }
    }
}

/// A file the venue names, resolved against the venue's folder.
#[derive(Debug, Clone)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub path: PathBuf,
    /// Where the venue names it (`catalogue`, `rule_packs[2]`), for read failures.
    at: locate::Path,
}

/// Why a file's bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The reader failed; its own message (the operating system's, or the Bevy asset
    /// reader's).
    #[error("{0}")]
    Io(String),
    /// The file is larger than [`MAX_FILE_BYTES`] (its size in bytes); it was not read.
    #[error("the file is {0} bytes")]
    TooLarge(u64),
}

/// The bytes of one file, or why they could not be read.
pub type FileBytes = Result<Vec<u8>, ReadError>;

/// Phase 1 of loading a venue: the venue file is parsed and the files it references are
/// known. Whoever reads files (the file system for the CLI, Bevy's asset readers for the
/// app) reads [`VenueStage::references`] and hands the bytes to
/// [`VenueStage::assemble`]. Both callers so run the same checks and report the same
/// diagnostics.
///
/// Invariant: duplicate rule-pack listings are reported here, once, and not read twice.
#[derive(Debug)]
pub struct VenueStage {
    venue_path: PathBuf,
    venue: Option<Venue>,
    references: Vec<Reference>,
    sources: Sources,
    diags: Vec<Diagnostic>,
    /// The venue file could not be read at all: nothing else to do.
    unreadable: bool,
}

impl VenueStage {
    /// Parses the venue file at `venue_path` from its bytes (or the reader's error).
    pub fn parse(venue_path: &Path, bytes: FileBytes) -> Self {
        let mut stage = VenueStage {
            venue_path: venue_path.to_path_buf(),
            venue: None,
            references: Vec::new(),
            sources: Sources::new(),
            diags: Vec::new(),
            unreadable: false,
        };
        let venue_text = match bytes
            .map_err(|e| read_failure(venue_path, e))
            .and_then(|b| decode_source(venue_path, b))
        {
            Ok(text) => text,
            Err(failure) => {
                if let Some(text) = failure.text {
                    stage.sources.insert(venue_path, text);
                }
                stage.diags.push(failure.diagnostic);
                stage.unreadable = true;
                return stage;
            }
        };
        let (venue, venue_diags) = parse_file::<Venue>(&venue_text, venue_path);
        stage.diags.extend(venue_diags);

        // Where the venue's references are: from the parsed venue or, when it did not
        // parse (a wrong type somewhere), from a lenient probe, so the other files are
        // still read and checked.
        let refs = match &venue {
            Some(v) => Some(References {
                catalogue: v.catalogue.clone(),
                rule_packs: v.rule_packs.clone(),
            }),
            None => probe::<References>(&venue_text),
        };
        let locator = locate::Locator::new(&venue_text);
        if let Some(refs) = refs {
            if !refs.catalogue.is_empty() {
                stage.references.push(Reference {
                    kind: ReferenceKind::Catalogue,
                    path: resolve_relative(venue_path, &refs.catalogue),
                    at: locate::Path::root().field("catalogue"),
                });
            }
            let mut seen: BTreeMap<PathBuf, usize> = BTreeMap::new();
            for (i, relative) in refs.rule_packs.iter().enumerate() {
                let path = resolve_relative(venue_path, relative);
                let at = locate::Path::root().field("rule_packs").index(i);
                if let Some(first) = seen.get(&path) {
                    let line = locator
                        .value_span(&locate::Path::root().field("rule_packs").index(*first))
                        .map(|s| line_col(&venue_text, s.start).0);
                    let first_line = line.map(|l| format!(" (first on line {l})"));
                    stage.diags.push(
                        Diagnostic::error(
                            Code::DuplicateId,
                            venue_path,
                            format!(
                                "rule pack `{relative}` is listed twice{}",
                                first_line.unwrap_or_default()
                            ),
                        )
                        .with_span(locator.span(&at))
                        .with_hint("remove the second listing"),
                    );
                    continue;
                }
                seen.insert(path.clone(), i);
                stage.references.push(Reference {
                    kind: ReferenceKind::RulePack,
                    path,
                    at,
                });
            }
        }
        stage.venue = venue;
        stage.sources.insert(venue_path, venue_text);
        stage
    }

    /// The files to read next, each once, catalogue first, then rule packs in order.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// Phase 2: parses the referenced files from `files` (by [`Reference::path`]; a
    /// missing entry reads as "not found") and assembles the venue.
    ///
    /// On failure the error holds the diagnostics of every file, plus the semantic
    /// diagnostics of the parts that parsed. On success nothing is validated yet: call
    /// [`crate::validate::validate`], or use [`validated`].
    pub fn assemble(self, files: &BTreeMap<PathBuf, FileBytes>) -> Result<LoadedVenue, LoadError> {
        let VenueStage {
            venue_path,
            venue,
            references,
            mut sources,
            mut diags,
            unreadable,
        } = self;
        if unreadable {
            return Err(LoadError {
                diagnostics: diags,
                sources,
            });
        }
        let venue_text = sources.get(&venue_path).unwrap_or_default().to_owned();
        let locator = locate::Locator::new(&venue_text);
        let mut catalogue = None;
        let mut catalogue_path = PathBuf::new();
        let mut packs: Vec<(PathBuf, RulePack)> = Vec::new();
        let mut packs_complete = true;
        for reference in &references {
            let bytes = files
                .get(&reference.path)
                .cloned()
                .unwrap_or_else(|| Err(ReadError::Io("not found".to_owned())));
            let read = (venue_path.as_path(), &locator, reference);
            match reference.kind {
                ReferenceKind::Catalogue => {
                    catalogue_path = reference.path.clone();
                    catalogue = read_referenced::<Catalogue>(bytes, read, &mut sources, &mut diags);
                }
                ReferenceKind::RulePack => {
                    match read_referenced::<RulePack>(bytes, read, &mut sources, &mut diags) {
                        Some(pack) => packs.push((reference.path.clone(), pack)),
                        None => packs_complete = false,
                    }
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
}

/// A venue that loaded and validated with no errors, and its warnings.
#[derive(Debug, Clone)]
pub struct ValidVenue {
    pub loaded: LoadedVenue,
    /// Validation warnings (the venue is usable despite them), sorted.
    pub warnings: Vec<Diagnostic>,
}

/// Validates a loaded venue: errors fail it (with every diagnostic, warnings included),
/// warnings are kept beside it. The last step of the one pipeline the CLI and the app
/// share: [`VenueStage::parse`] → [`VenueStage::assemble`] → [`validated`].
pub fn validated(loaded: LoadedVenue) -> Result<ValidVenue, LoadError> {
    let diagnostics = crate::validate::validate(&loaded);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(LoadError {
            diagnostics,
            sources: loaded.sources,
        });
    }
    Ok(ValidVenue {
        loaded,
        warnings: diagnostics,
    })
}

/// Loads the venue at `path` (a scene folder holding `venue.ron`, or a venue file), its
/// catalogue and its rule packs (paths relative to the venue file), from the file system.
///
/// On failure the error holds the diagnostics of every file, plus the semantic
/// diagnostics of the parts that parsed. On success nothing is validated yet: call
/// [`crate::validate::validate`], or use [`load_valid_venue`].
pub fn load_venue(path: &Path) -> Result<LoadedVenue, LoadError> {
    let venue_path = venue_file(path);
    let stage = VenueStage::parse(&venue_path, read_bytes(&venue_path));
    let files: BTreeMap<PathBuf, FileBytes> = stage
        .references()
        .iter()
        .map(|r| (r.path.clone(), read_bytes(&r.path)))
        .collect();
    stage.assemble(&files)
}

/// [`load_venue`] then [`validated`]: what `check`, `render` and `view` need.
pub fn load_valid_venue(path: &Path) -> Result<ValidVenue, LoadError> {
    validated(load_venue(path)?)
}

/// Loads one rule pack on its own. Nothing is validated yet: see
/// [`crate::validate::validate_rule_pack`].
pub fn load_rule_pack(path: &Path) -> Result<LoadedRulePack, LoadError> {
    let mut sources = Sources::new();
    let text = match read_bytes(path)
        .map_err(|e| read_failure(path, e))
        .and_then(|b| decode_source(path, b))
    {
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

/// Parses the text of any other file of the app's RON formats (the booth's
/// configuration), with the same diagnostics as a venue.
pub fn parse_ron<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Vec<Diagnostic>> {
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

/// Decodes and parses a file the venue references, reporting a read failure at the
/// reference (in the venue) so the message shows where the path was written.
fn read_referenced<T: DeserializeOwned>(
    bytes: FileBytes,
    (venue_path, venue_locator, reference): (&Path, &locate::Locator<'_>, &Reference),
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let path = reference.path.as_path();
    let what = reference.kind.noun();
    match bytes {
        Err(ReadError::TooLarge(size)) => {
            diags.push(too_large(path, size));
            None
        }
        Err(ReadError::Io(io)) => {
            diags.push(
                Diagnostic::error(
                    Code::Io,
                    venue_path,
                    format!("cannot read {what} `{}`: {io}", path.display()),
                )
                .with_span(venue_locator.span(&reference.at))
                .with_hint("paths are relative to the folder of the venue file"),
            );
            None
        }
        Ok(bytes) => match decode_source(path, bytes) {
            Ok(text) => {
                let (value, file_diags) = parse_file::<T>(&text, path);
                sources.insert(path, text);
                diags.extend(file_diags);
                value
            }
            Err(failure) => {
                if let Some(text) = failure.text {
                    sources.insert(path, text);
                }
                diags.push(failure.diagnostic);
                None
            }
        },
    }
}

/// A file that could not be turned into text, with the (lossy) text when there is one.
struct ReadFailure {
    diagnostic: Diagnostic,
    text: Option<String>,
}

fn read_failure(path: &Path, error: ReadError) -> Box<ReadFailure> {
    let diagnostic = match error {
        ReadError::TooLarge(size) => too_large(path, size),
        ReadError::Io(message) => Diagnostic::error(
            Code::Io,
            path,
            format!("cannot read `{}`: {message}", path.display()),
        ),
    };
    Box::new(ReadFailure {
        diagnostic,
        text: None,
    })
}

/// Reads a text file of one of the app's formats: its text, or the diagnostic that says
/// why not (with the lossy text when the bytes were read but are not UTF-8).
pub fn read_source(path: &Path) -> Result<String, Box<(Diagnostic, Option<String>)>> {
    let failure = |f: Box<ReadFailure>| Box::new((f.diagnostic, f.text));
    let bytes = read_bytes(path).map_err(|e| failure(read_failure(path, e)))?;
    decode_source(path, bytes).map_err(failure)
}

/// Reads a file's bytes, refusing files larger than [`MAX_FILE_BYTES`] before reading
/// them.
pub fn read_bytes(path: &Path) -> FileBytes {
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::new();
    // `take` guards against a file that grows between `metadata` and `read`.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}

/// Checks a file's bytes (size, UTF-8) and turns them into text. Whoever read them, the
/// same checks and diagnostics.
fn decode_source(path: &Path, bytes: Vec<u8>) -> Result<String, Box<ReadFailure>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Box::new(ReadFailure {
            diagnostic: too_large(path, bytes.len() as u64),
            text: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    const STAGED_VENUE: &str = r#"(format_version: 1, id: "v", catalogue: "../catalogue.ron", rule_packs: ["../rules/a.ron", "../rules/a.ron"])"#;

    #[test]
    fn a_stage_lists_each_reference_once_and_reports_duplicates() {
        let stage = VenueStage::parse(Path::new("s/venue.ron"), Ok(STAGED_VENUE.into()));
        let paths: Vec<_> = stage.references().iter().map(|r| r.path.clone()).collect();
        assert_eq!(
            paths,
            [PathBuf::from("catalogue.ron"), PathBuf::from("rules/a.ron")]
        );
        assert_eq!(
            stage.references()[0].kind,
            ReferenceKind::Catalogue,
            "catalogue first"
        );
        let err = stage.assemble(&BTreeMap::new()).unwrap_err();
        let codes: Vec<_> = err.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::DuplicateId), "{codes:?}");
    }

    #[test]
    fn unread_references_are_reported_where_the_venue_names_them() {
        let stage = VenueStage::parse(Path::new("s/venue.ron"), Ok(STAGED_VENUE.into()));
        let mut files = BTreeMap::new();
        files.insert(
            PathBuf::from("rules/a.ron"),
            Err(ReadError::Io("permission denied".into())),
        );
        files.insert(
            PathBuf::from("catalogue.ron"),
            Err(ReadError::TooLarge(MAX_FILE_BYTES + 1)),
        );
        let err = stage.assemble(&files).unwrap_err();
        let io = err
            .diagnostics
            .iter()
            .find(|d| d.code == Code::Io)
            .expect("an I/O diagnostic");
        assert_eq!(io.file, Path::new("s/venue.ron"), "reported in the venue");
        assert!(io.message.contains("permission denied"), "{}", io.message);
        assert!(io.span.is_some(), "at the rule_packs entry");
        assert!(
            err.diagnostics
                .iter()
                .any(|d| d.code == Code::FileTooLarge && d.file == Path::new("catalogue.ron")),
            "{:?}",
            err.diagnostics
        );
    }

    #[test]
    fn an_unreadable_venue_stops_at_its_own_diagnostic() {
        let stage = VenueStage::parse(
            Path::new("s/venue.ron"),
            Err(ReadError::Io("no such file".into())),
        );
        assert!(stage.references().is_empty());
        let err = stage.assemble(&BTreeMap::new()).unwrap_err();
        assert_eq!(err.diagnostics.len(), 1);
        assert_eq!(err.diagnostics[0].code, Code::Io);
        let stage = VenueStage::parse(Path::new("s/venue.ron"), Ok(vec![0xff, 0xfe, b'(']));
        let err = stage.assemble(&BTreeMap::new()).unwrap_err();
        assert_eq!(err.diagnostics[0].code, Code::Syntax, "not UTF-8");
    }

    #[test]
    fn a_diagnostic_names_the_fixture_it_is_about() {
        let d = Diagnostic::error(Code::Io, "v.ron", "x").with_subject("fixtures[4].model");
        assert_eq!(d.fixture_index(), Some(4));
        assert_eq!(
            Diagnostic::error(Code::Io, "v.ron", "x")
                .with_subject("zones[1]")
                .fixture_index(),
            None
        );
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
