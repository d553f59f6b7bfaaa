//! Property test: no text makes parsing, validation or rule evaluation panic.
//!
//! Valid samples (the good fixture in `tests/fixtures/good/`, and every venue, catalogue
//! and rule pack under the workspace's `scenes/` when there are any) are mutated the
//! way typing accidents and hostile files do: bytes deleted, inserted or replaced,
//! tokens swapped, numbers turned huge, negative, `NaN` or `inf`, lines duplicated, the
//! text truncated. Each result is parsed and validated; when it is still valid, the
//! rules are evaluated on it too. The seed is fixed and the case count small, so the
//! test is deterministic and takes a few seconds in a debug build.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use venue_core::load::{self, LoadedVenue};
use venue_core::span::{self, Sources};
use venue_core::validate::validate;
use venue_core::{Catalogue, RulePack, Venue};

/// Cases per file kind. Most mutations break the syntax and stop at the parser; about a
/// quarter reach validation and a tenth evaluation. All four properties together take
/// well under a second in a debug build (80 000 cases were run once without a panic).
const CASES: u32 = 1000;

/// Evaluation is only run on venues whose floor fits in this square (metres): a mutated
/// coordinate can make a floor kilometres wide, whose grids are slow to build in a debug
/// build (the engine copes, but the test would not be fast).
const EVALUATE_MAX_EXTENT_M: f64 = 60.0;

/// Text inserted by mutations: RON punctuation, keywords and awkward numbers.
const INSERTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "Some(",
    "None",
    "-",
    "1e308",
    "NaN",
    "inf",
    "-inf",
    "/*",
    "*/",
    "//",
    "\n",
    "r#\"",
    "#![enable(implicit_some)]",
    "\u{feff}",
    "中",
    "\\",
    "0x",
    "_",
    "id: \"x\",",
    "type: \"stove\",",
];

/// Replacements for numbers.
const NUMBERS: &[&str] = &[
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-inf",
    "0",
    "-0.0",
    "-1",
    "4294967296",
    "1e-300",
    "99999999999999999999999",
    "0.0000001",
    "10000.5",
    "-9999",
    "3",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: u32, len: u8 },
    Insert { at: u32, what: usize },
    Replace { at: u32, byte: u8 },
    SwapTokens { a: u32, b: u32 },
    Number { nth: u32, value: usize },
    Truncate { at: u32 },
    DuplicateLine { at: u32 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Number changes are the likeliest to get past the parser into validation and
    // evaluation, so they are drawn more often.
    prop_oneof![
        2 => (any::<u32>(), 1u8..12).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<u32>(), 0..INSERTS.len()).prop_map(|(at, what)| Mutation::Insert { at, what }),
        2 => (any::<u32>(), 0x20u8..0x7f).prop_map(|(at, byte)| Mutation::Replace { at, byte }),
        2 => (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Mutation::SwapTokens { a, b }),
        6 => (any::<u32>(), 0..NUMBERS.len()).prop_map(|(nth, value)| Mutation::Number { nth, value }),
        1 => any::<u32>().prop_map(|at| Mutation::Truncate { at }),
        2 => any::<u32>().prop_map(|at| Mutation::DuplicateLine { at }),
    ]
}

/// Byte ranges of the tokens of `text`: names and numbers, strings, punctuation.
fn tokens(text: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        let start = i;
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if b == b'"' {
            i += 1;
            while i < text.len() && text[i] != b'"' {
                i += if text[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(text.len());
        } else if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'+') {
            while i < text.len()
                && (text[i].is_ascii_alphanumeric() || matches!(text[i], b'_' | b'.' | b'-' | b'+'))
            {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push(start..i);
    }
    out
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Delete { at, len: n } => {
                let at = at as usize % len;
                let end = (at + n as usize).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Insert { at, what } => {
                let at = (at as usize % len).min(bytes.len());
                let insert = INSERTS[what % INSERTS.len()].as_bytes();
                bytes.splice(at..at, insert.iter().copied());
            }
            Mutation::Replace { at, byte } => {
                if !bytes.is_empty() {
                    let at = at as usize % bytes.len();
                    bytes[at] = byte;
                }
            }
            Mutation::SwapTokens { a, b } => {
                let toks = tokens(&bytes);
                if toks.len() >= 2 {
                    let (x, y) = (a as usize % toks.len(), b as usize % toks.len());
                    let (first, second) = (toks[x.min(y)].clone(), toks[x.max(y)].clone());
                    if first.end <= second.start {
                        let mut out = bytes[..first.start].to_vec();
                        out.extend_from_slice(&bytes[second.clone()]);
                        out.extend_from_slice(&bytes[first.end..second.start]);
                        out.extend_from_slice(&bytes[first.clone()]);
                        out.extend_from_slice(&bytes[second.end..]);
                        bytes = out;
                    }
                }
            }
            Mutation::Number { nth, value } => {
                let numbers: Vec<Range<usize>> = tokens(&bytes)
                    .into_iter()
                    .filter(|t| {
                        let s = &bytes[t.clone()];
                        s.first().is_some_and(u8::is_ascii_digit)
                            || (s.first() == Some(&b'-')
                                && s.get(1).is_some_and(u8::is_ascii_digit))
                    })
                    .collect();
                if !numbers.is_empty() {
                    let t = numbers[nth as usize % numbers.len()].clone();
                    let new = NUMBERS[value % NUMBERS.len()].as_bytes();
                    bytes.splice(t, new.iter().copied());
                }
            }
            Mutation::Truncate { at } => {
                let at = at as usize % len;
                bytes.truncate(at);
            }
            Mutation::DuplicateLine { at } => {
                let at = (at as usize % len).min(bytes.len());
                let start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| at + i + 1);
                let line = bytes[start..end].to_vec();
                bytes.splice(end..end, line);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A venue with its catalogue and packs, as texts and parsed, to mutate one part of.
struct Context {
    venue_path: PathBuf,
    venue_text: String,
    venue: Venue,
    catalogue_path: PathBuf,
    catalogue_text: String,
    catalogue: Catalogue,
    packs: Vec<(PathBuf, String, RulePack)>,
}

fn context_of(path: &Path) -> Option<Context> {
    let loaded = load::load_venue(path).ok()?;
    let text = |p: &Path| loaded.sources.get(p).unwrap_or("").to_owned();
    Some(Context {
        venue_text: text(&loaded.venue_path),
        catalogue_text: text(&loaded.catalogue_path),
        packs: loaded
            .packs
            .iter()
            .map(|(p, r)| (p.clone(), text(p), r.clone()))
            .collect(),
        venue_path: loaded.venue_path,
        venue: loaded.venue,
        catalogue_path: loaded.catalogue_path,
        catalogue: loaded.catalogue,
    })
}

/// The good fixture, and every scene under the workspace's `scenes/` that loads (read
/// once).
fn contexts() -> &'static [Context] {
    static CONTEXTS: OnceLock<Vec<Context>> = OnceLock::new();
    CONTEXTS.get_or_init(read_contexts)
}

fn read_contexts() -> Vec<Context> {
    let manifest = common::manifest_dir();
    let mut paths = vec![manifest.join("tests/fixtures/good")];
    if let Ok(dir) = std::fs::read_dir(manifest.join("../../scenes")) {
        let mut scenes: Vec<PathBuf> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("venue.ron").is_file())
            .collect();
        scenes.sort();
        paths.extend(scenes);
    }
    let contexts: Vec<Context> = paths.iter().filter_map(|p| context_of(p)).collect();
    assert!(!contexts.is_empty(), "the good fixture does not load");
    contexts
}

/// Validates, and evaluates when valid and small; must not panic. Every file that
/// parsed must also be outlined by the span locator (else its diagnostics would all
/// point at the start of the file).
fn check(loaded: &LoadedVenue) {
    for (path, text) in loaded.sources.iter() {
        assert!(
            span::locate::Locator::new(text).root().is_some(),
            "{} parsed but could not be outlined:\n{text}",
            path.display()
        );
    }
    let diags = validate(loaded);
    if diags.iter().any(|d| d.is_error()) {
        return;
    }
    let small = loaded
        .venue
        .floor
        .iter()
        .all(|&(x, z)| x.abs() <= EVALUATE_MAX_EXTENT_M && z.abs() <= EVALUATE_MAX_EXTENT_M);
    if small {
        let packs: Vec<RulePack> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
        let _ = venue_core::rules::evaluate(&loaded.venue, &loaded.catalogue, &packs);
    }
}

fn sources_of(ctx: &Context) -> Sources {
    let mut sources = Sources::new();
    sources.insert(ctx.venue_path.clone(), ctx.venue_text.clone());
    sources.insert(ctx.catalogue_path.clone(), ctx.catalogue_text.clone());
    for (p, t, _) in &ctx.packs {
        sources.insert(p.clone(), t.clone());
    }
    sources
}

fn loaded_from(ctx: &Context) -> LoadedVenue {
    LoadedVenue {
        venue_path: ctx.venue_path.clone(),
        venue: ctx.venue.clone(),
        catalogue_path: ctx.catalogue_path.clone(),
        catalogue: ctx.catalogue.clone(),
        packs: ctx
            .packs
            .iter()
            .map(|(p, _, r)| (p.clone(), r.clone()))
            .collect(),
        sources: sources_of(ctx),
    }
}

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x7e57_5eed),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_venues_never_panic(
        which in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let contexts = contexts();
        let ctx = &contexts[which % contexts.len()];
        let text = apply(&ctx.venue_text, &mutations);
        if let Ok(venue) = load::parse_venue(&text, &ctx.venue_path) {
            let mut loaded = loaded_from(ctx);
            loaded.venue = venue;
            loaded.sources.insert(ctx.venue_path.clone(), text);
            check(&loaded);
        }
    }

    #[test]
    fn mutated_catalogues_never_panic(
        which in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let contexts = contexts();
        let ctx = &contexts[which % contexts.len()];
        let text = apply(&ctx.catalogue_text, &mutations);
        if let Ok(catalogue) = load::parse_catalogue(&text, &ctx.catalogue_path) {
            let mut loaded = loaded_from(ctx);
            loaded.catalogue = catalogue;
            loaded.sources.insert(ctx.catalogue_path.clone(), text);
            check(&loaded);
        }
    }

    #[test]
    fn mutated_rule_packs_never_panic(
        which in any::<usize>(),
        pack in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let contexts = contexts();
        let ctx = &contexts[which % contexts.len()];
        if ctx.packs.is_empty() {
            return Ok(());
        }
        let i = pack % ctx.packs.len();
        let (path, original, _) = &ctx.packs[i];
        let text = apply(original, &mutations);
        if let Ok(parsed) = load::parse_rule_pack(&text, path) {
            let mut loaded = loaded_from(ctx);
            loaded.packs[i].1 = parsed;
            loaded.sources.insert(path.clone(), text);
            check(&loaded);
        }
    }

    /// Arbitrary text, not derived from a sample.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let file = Path::new("fuzz.ron");
        let _ = load::parse_venue(&text, file);
        let _ = load::parse_catalogue(&text, file);
        let _ = load::parse_rule_pack(&text, file);
        let _ = span::locate::Locator::new(&text).span(&span::locate::Path::root().field("id"));
    }
}

#[test]
fn mutations_change_the_text_and_stay_total() {
    let text = "(a: 1, b: \"x\", c: [2.5, -3])";
    let all = [
        Mutation::Delete { at: 3, len: 4 },
        Mutation::Insert { at: 999, what: 5 },
        Mutation::Replace { at: 0, byte: b'[' },
        Mutation::SwapTokens { a: 1, b: 7 },
        Mutation::Number { nth: 2, value: 2 },
        Mutation::DuplicateLine { at: 5 },
        Mutation::Truncate { at: 10 },
    ];
    for m in &all {
        assert_ne!(apply(text, std::slice::from_ref(m)), text, "{m:?}");
    }
    assert_eq!(apply("", &all), "");
}

/// Every accepted mutation of the venue is still reported consistently: the same text
/// twice gives the same diagnostics (determinism under fuzzing).
#[test]
fn validation_is_deterministic_on_mutated_input() {
    let contexts = contexts();
    let ctx = &contexts[0];
    for seed in 0..40u32 {
        let m = [
            Mutation::Number {
                nth: seed * 7,
                value: seed as usize,
            },
            Mutation::SwapTokens {
                a: seed * 13,
                b: seed * 31,
            },
        ];
        let text = apply(&ctx.venue_text, &m);
        let a = load::parse_venue(&text, &ctx.venue_path);
        let b = load::parse_venue(&text, &ctx.venue_path);
        // Debug text, since NaN != NaN.
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        if let Ok(venue) = a {
            let mut loaded = loaded_from(ctx);
            loaded.venue = venue;
            loaded.sources.insert(ctx.venue_path.clone(), text);
            assert_eq!(validate(&loaded), validate(&loaded));
        }
    }
}

/// A coordinate or length: mostly plausible, sometimes absurd.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -1.0..12.0f64,
        1 => prop::sample::select(vec![
            0.0,
            -0.0,
            1e-12,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e308,
            -1e308,
            20_000.0,
        ]),
    ]
}

fn point() -> impl Strategy<Value = (f64, f64)> {
    (number(), number())
}

/// Walls with openings and fixtures built as values, not text: piles of entities on the
/// same spots, crossing walls, absurd numbers, repeated ids.
fn structured_venue() -> impl Strategy<Value = (Vec<venue_core::Wall>, Vec<venue_core::Fixture>)> {
    let opening = (0..3usize, number(), number(), number(), any::<bool>()).prop_map(
        |(id, center, width, height, door)| {
            let id = format!("o_{id}");
            if door {
                venue_core::Opening::Door(venue_core::Door {
                    id,
                    center,
                    width,
                    height,
                    exterior: false,
                    swing: venue_core::Swing::default(),
                    attributes: Default::default(),
                })
            } else {
                venue_core::Opening::Window(venue_core::Window {
                    id,
                    center,
                    width,
                    height,
                    sill: 0.5,
                    attributes: Default::default(),
                })
            }
        },
    );
    let wall = (
        0..4usize,
        point(),
        point(),
        number(),
        prop::collection::vec(opening, 0..3),
    )
        .prop_map(|(id, from, to, thickness, openings)| venue_core::Wall {
            id: format!("w_{id}"),
            from,
            to,
            thickness: thickness.abs().min(1.0),
            height: 3.0,
            openings,
        });
    let fixture = (
        0..8usize,
        point(),
        number(),
        prop::option::of((number(), number(), number())),
    )
        .prop_map(|(id, position, rotation, size)| venue_core::Fixture {
            id: format!("f_{id}"),
            kind: "table".to_owned(),
            position,
            rotation: rotation * 30.0,
            mounting_height: None,
            size,
            model: None,
            label: None,
            attributes: Default::default(),
        });
    (
        prop::collection::vec(wall, 0..12),
        prop::collection::vec(fixture, 0..60),
    )
}

proptest! {
    #![proptest_config(Config { cases: CASES / 4, ..config() })]

    /// Structured venues never panic and their reports stay within the caps.
    #[test]
    fn structured_venues_never_panic_and_stay_bounded((walls, fixtures) in structured_venue()) {
        let contexts = contexts();
        let mut loaded = loaded_from(&contexts[0]);
        loaded.venue.walls = walls;
        loaded.venue.fixtures = fixtures;
        let diags = validate(&loaded);
        let notes = diags
            .iter()
            .filter(|d| d.severity == venue_core::Severity::Note)
            .count();
        prop_assert!(diags.len() - notes <= venue_core::validate::MAX_DIAGNOSTICS + 8);
        prop_assert!(notes <= 8);
    }
}
