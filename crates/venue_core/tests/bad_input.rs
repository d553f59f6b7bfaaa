//! Data-driven tests of loading and validation on bad input.
//!
//! Each folder `tests/fixtures/bad/<case>/` is a small scene: a `venue.ron` and whatever
//! it references (most cases share the good catalogue and rule pack in
//! `tests/fixtures/bad/_shared/`). Its `expected.txt` lists every diagnostic the case
//! must give, one per line, as
//!
//! ```text
//! error E0102 venue.ron:12:7 ~ did you mean `clear_height`?
//! ```
//!
//! severity, code, file (relative to the case folder) with the line and column of the
//! span start, and optionally, after ` ~ `, text the message or hint must contain.
//! Lines starting with `#` are comments. The lists must match exactly: a case passes
//! only if nothing is missing and nothing extra is reported.
//!
//! Run with `UPDATE_EXPECTED=1` to (re)write the `expected.txt` files from the current
//! output (review the diff before committing!).

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use venue_core::diagnostic::{Code, Diagnostic, Severity};
use venue_core::load::{self, MAX_FILE_BYTES, load_venue};
use venue_core::render::render_diagnostics;
use venue_core::span::{Sources, line_col};
use venue_core::validate::validate;

fn fixtures() -> PathBuf {
    common::manifest_dir().join("tests/fixtures")
}

/// Every diagnostic of loading and validating the scene at `path`.
fn diagnostics_of(path: &Path) -> (Vec<Diagnostic>, Sources) {
    match load_venue(path) {
        Ok(loaded) => (validate(&loaded), loaded.sources),
        Err(err) => (err.diagnostics, err.sources),
    }
}

/// `error E0102 venue.ron:12:7`, the file relative to `case`.
fn describe(d: &Diagnostic, sources: &Sources, case: &Path) -> String {
    let file = match d.file.strip_prefix(case) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => match case.parent().and_then(|bad| d.file.strip_prefix(bad).ok()) {
            Some(rel) => format!("../{}", rel.display()),
            None => d.file.display().to_string(),
        },
    };
    let (line, col) = match (&d.span, sources.get(&d.file)) {
        (Some(span), Some(text)) => line_col(text, span.start),
        _ => (0, 0),
    };
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    format!("{severity} {} {file}:{line}:{col}", d.code)
}

struct Expected {
    what: String,
    contains: Option<String>,
}

fn read_expected(path: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" ~ ") {
            Some((what, contains)) => Expected {
                what: what.trim().to_owned(),
                contains: Some(contains.trim().to_owned()),
            },
            None => Expected {
                what: l.to_owned(),
                contains: None,
            },
        })
        .collect()
}

/// Checks one case; returns a description of what is wrong, if anything.
fn check_case(case: &Path) -> Option<String> {
    let (diags, sources) = diagnostics_of(case);
    let actual: Vec<(String, &Diagnostic)> = diags
        .iter()
        .map(|d| (describe(d, &sources, case), d))
        .collect();
    let expected_path = case.join("expected.txt");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        let mut out = String::new();
        for (what, d) in &actual {
            let check = match &d.hint {
                Some(hint) if hint.starts_with("did you mean") => hint,
                _ => &d.message,
            };
            let _ = writeln!(out, "{what} ~ {check}");
        }
        let _ = std::fs::write(&expected_path, out);
    }
    let expected = read_expected(&expected_path);
    let mut problems = String::new();
    let mut unmatched: Vec<&(String, &Diagnostic)> = actual.iter().collect();
    for e in &expected {
        let position = unmatched.iter().position(|(what, d)| {
            *what == e.what
                && e.contains.as_ref().is_none_or(|c| {
                    d.message.contains(c.as_str())
                        || d.hint.as_deref().is_some_and(|h| h.contains(c.as_str()))
                })
        });
        match position {
            Some(i) => {
                unmatched.remove(i);
            }
            None => {
                let _ = writeln!(
                    problems,
                    "  missing: {}{}",
                    e.what,
                    e.contains
                        .as_ref()
                        .map(|c| format!(" ~ {c}"))
                        .unwrap_or_default()
                );
            }
        }
    }
    for (what, d) in unmatched {
        let _ = writeln!(
            problems,
            "  unexpected: {what} ~ {} [hint: {}]",
            d.message,
            d.hint.as_deref().unwrap_or("-")
        );
    }
    (!problems.is_empty()).then(|| {
        format!(
            "case {}:\n{problems}rendered:\n{}",
            case.display(),
            render_diagnostics(&diags, &sources, false)
        )
    })
}

fn cases() -> Vec<PathBuf> {
    let bad = fixtures().join("bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&bad)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('_'))
                })
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    cases
}

#[test]
fn every_bad_case_reports_exactly_its_expected_diagnostics() {
    let cases = cases();
    assert!(cases.len() >= 22, "only {} cases found", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_has_an_expected_file_and_at_least_one_error() {
    for case in cases() {
        let expected = read_expected(&case.join("expected.txt"));
        assert!(
            expected.iter().any(|e| e.what.starts_with("error ")),
            "{} expects no error",
            case.display()
        );
    }
}

#[test]
fn the_good_fixture_is_clean() {
    let (diags, sources) = diagnostics_of(&fixtures().join("good"));
    assert!(
        diags.is_empty(),
        "{}",
        render_diagnostics(&diags, &sources, false)
    );
}

#[test]
fn the_shared_files_of_the_bad_cases_are_clean() {
    let shared = fixtures().join("bad/_shared");
    let pack = load::load_rule_pack(&shared.join("rules.ron")).map_err(|e| e.render(false));
    let pack = pack.unwrap_or_else(|e| panic!("{e}"));
    let diags = venue_core::validate::validate_rule_pack(&pack);
    assert!(diags.is_empty(), "{diags:?}");
}

/// A unique empty folder under the system temp folder.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "venue_core-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let dir = temp_dir("oversized");
    let good = std::fs::read_to_string(fixtures().join("good/venue.ron")).unwrap_or_default();
    // Valid RON padded with a comment past the limit.
    let padding = "// padding\n".repeat((MAX_FILE_BYTES as usize) / 11 + 1);
    std::fs::write(dir.join("venue.ron"), format!("{good}\n{padding}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (diags, _) = diagnostics_of(&dir);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, Code::FileTooLarge);
    assert!(diags[0].message.contains("4194304"), "{}", diags[0].message);

    // A referenced file that is too large is reported in that file, and the venue's own
    // problems are still found.
    let venue = good
        .replace("\"catalogue.ron\"", "\"big.ron\"")
        .replace("\"rules.ron\"", "\"../rules.ron\"");
    std::fs::write(dir.join("venue.ron"), venue).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("big.ron"), "(".repeat(MAX_FILE_BYTES as usize + 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let (diags, _) = diagnostics_of(&dir);
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::FileTooLarge), "{codes:?}");
    assert!(codes.contains(&Code::Io), "{codes:?}");
    // Without a catalogue, fixture types cannot be checked, but nothing else is lost.
    assert!(!codes.contains(&Code::DanglingReference), "{codes:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_file_with_many_problems_reports_all_of_them() {
    let (diags, _) = diagnostics_of(&fixtures().join("bad/many_problems"));
    let codes: std::collections::BTreeSet<Code> = diags.iter().map(|d| d.code).collect();
    for code in [
        Code::DuplicateId,
        Code::DanglingReference,
        Code::InvalidId,
        Code::AbsurdDimension,
        Code::ZoneOutsideFloor,
        Code::OverlappingZones,
        Code::MissingTranslation,
        Code::PathEscapesAssetRoot,
        Code::OpeningNotOnWall,
        Code::InvalidTour,
    ] {
        assert!(codes.contains(&code), "{code:?} missing from {codes:?}");
    }
}

#[test]
fn a_broken_rule_pack_does_not_hide_the_venue_errors() {
    let (diags, _) = diagnostics_of(&fixtures().join("bad/broken_pack_and_venue"));
    let in_file = |name: &str| diags.iter().filter(|d| d.file.ends_with(name)).count();
    assert!(in_file("rules.ron") >= 1, "{diags:?}");
    assert!(in_file("venue.ron") >= 2, "{diags:?}");
}

#[test]
fn diagnostics_are_sorted_and_deterministic() {
    for case in cases() {
        let (a, _) = diagnostics_of(&case);
        let (b, _) = diagnostics_of(&case);
        assert_eq!(a, b, "{}", case.display());
        let keys: Vec<_> = a
            .iter()
            .map(|d| (d.file.clone(), d.span.as_ref().map(|s| s.start), d.code))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{}", case.display());
    }
}

#[test]
fn rendering_shows_location_source_line_and_caret() {
    let case = fixtures().join("bad/unknown_field");
    let (diags, sources) = diagnostics_of(&case);
    let out = render_diagnostics(&diags, &sources, false);
    let d = diags
        .iter()
        .find(|d| d.code == Code::UnknownField)
        .unwrap_or_else(|| panic!("no unknown field in {diags:?}"));
    let text = sources.get(&d.file).unwrap_or("");
    let span = d.span.clone().unwrap_or(0..0);
    let (line, col) = line_col(text, span.start);
    let source_line = text.lines().nth(line - 1).unwrap_or("");
    assert!(
        out.contains("error[E0102]: unknown field `clear_heigth`"),
        "{out}"
    );
    assert!(out.contains(&format!("venue.ron:{line}:{col}")), "{out}");
    assert!(out.contains(source_line.trim_end()), "{out}");
    let caret = format!("{}{}", " ".repeat(col - 1), "^".repeat(span.len()));
    assert!(
        out.lines()
            .any(|l| l.ends_with(&format!("{caret} unknown field"))
                || l.contains(&format!("| {caret} unknown field"))),
        "{out}"
    );
    assert!(
        out.contains("= help: did you mean `clear_height`?"),
        "{out}"
    );
    assert!(out.contains("error: 1 error in 1 file"), "{out}");
}

#[test]
fn relative_paths_are_shown_as_given() {
    // Run from the crate folder, as `cargo test` does: the relative path stays relative.
    let rel = Path::new("tests/fixtures/bad/unknown_field");
    if !rel.exists() {
        return;
    }
    let (diags, sources) = diagnostics_of(rel);
    let out = render_diagnostics(&diags, &sources, false);
    assert!(
        out.contains("--> tests/fixtures/bad/unknown_field/venue.ron:"),
        "{out}"
    );
}

#[test]
fn a_missing_scene_is_an_io_error() {
    let (diags, _) = diagnostics_of(&fixtures().join("bad/does-not-exist/venue.ron"));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::Io);
}

#[test]
fn text_level_parsers_report_without_touching_disk() {
    let file = Path::new("memory/venue.ron");
    let diags = load::parse_venue("(format_version: 1, idd: \"x\")", file)
        .err()
        .unwrap_or_default();
    assert_eq!(diags[0].code, Code::UnknownField);
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `id`?"));
    assert_eq!(diags[0].file, file);
    let good = std::fs::read_to_string(fixtures().join("good/catalogue.ron")).unwrap_or_default();
    assert!(load::parse_catalogue(&good, file).is_ok());
    let good = std::fs::read_to_string(fixtures().join("good/rules.ron")).unwrap_or_default();
    assert!(load::parse_rule_pack(&good, file).is_ok());
}

#[test]
fn an_opening_in_a_crossing_wall_is_told_where_it_clears() {
    let (diags, _) = diagnostics_of(&fixtures().join("bad/opening_in_crossing_wall"));
    let hint = |id: &str| {
        diags
            .iter()
            .find(|d| d.code == Code::OpeningBlocked && d.message.contains(id))
            .and_then(|d| d.hint.clone())
            .unwrap_or_default()
    };
    // 0.10 m of the corner door is in the west wall: 0.10 m further along clears it.
    assert!(
        hint("d_corner").contains("(e.g. `center: 0.3`)"),
        "{}",
        hint("d_corner")
    );
    // Walls crossing the middle of the hatch and the back door: no small move clears
    // them, so no value is suggested.
    assert!(!hint("win_hatch").contains("e.g."), "{}", hint("win_hatch"));
    assert!(!hint("d_back").contains("e.g."), "{}", hint("d_back"));
}

// ---- hostile input: bounded reports and work ----------------------------------------

/// A temp scene whose `fixtures` list is `fixtures` (RON items), with copies of the
/// shared catalogue and rule pack. The floor is 60 m square with one zone.
fn generated_scene(name: &str, items: &str) -> PathBuf {
    let dir = temp_dir(name);
    for f in ["catalogue.ron", "rules.ron"] {
        std::fs::copy(fixtures().join("bad/_shared").join(f), dir.join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    let venue = format!(
        r#"(
    format_version: 1,
    id: "generated",
    title: (zh: "测试", en: "Test"),
    permit: "food_business",
    catalogue: "catalogue.ron",
    rule_packs: ["rules.ron"],
    floor: [(0.0, 0.0), (60.0, 0.0), (60.0, 60.0), (0.0, 60.0)],
    zones: [(id: "dining", kind: dining, polygon: [(0.0, 0.0), (60.0, 0.0), (60.0, 60.0), (0.0, 60.0)], clear_height: 3.0)],
    fixtures: [
{items}    ],
)
"#
    );
    std::fs::write(dir.join("venue.ron"), venue).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// `n` tables (1.2 × 0.8 m) all on one spot.
fn stacked_tables(n: usize) -> String {
    (0..n)
        .map(|i| format!("        (id: \"chair_{i}\", type: \"table\", position: (1.5, 2.0)),\n"))
        .collect()
}

fn count(diags: &[Diagnostic], code: Code) -> usize {
    diags.iter().filter(|d| d.code == code).count()
}

/// The report of N stacked fixtures is bounded: N(N+1)/2 overlaps are not all computed
/// nor all reported. (Before the overlap grid and the caps, 2,000 chairs gave 1,999,000
/// diagnostics, an 880 MB report and 1.6 GB of memory.)
#[test]
fn stacked_fixtures_give_a_bounded_report() {
    use venue_core::validate::{MAX_DIAGNOSTICS, MAX_OVERLAP_PAIRS};
    for n in [2_000, 4_000] {
        let dir = generated_scene(&format!("stacked-{n}"), &stacked_tables(n));
        let (diags, sources) = diagnostics_of(&dir);
        assert_eq!(
            count(&diags, Code::OverlappingFixtures),
            MAX_OVERLAP_PAIRS,
            "{n}"
        );
        assert!(diags.len() <= MAX_DIAGNOSTICS + 2, "{n}: {}", diags.len());
        let note = diags
            .iter()
            .find(|d| d.code == Code::DiagnosticsLeftOut)
            .unwrap_or_else(|| panic!("no note about the overlaps left out"));
        assert_eq!(note.severity, Severity::Note);
        assert!(
            note.message.contains("overlapping fixtures"),
            "{}",
            note.message
        );
        // The note comes last and renders without a source line.
        assert_eq!(diags.last().map(|d| d.code), Some(Code::DiagnosticsLeftOut));
        let out = render_diagnostics(&diags, &sources, false);
        assert!(out.len() < 100_000, "{} bytes", out.len());
        assert!(out.contains("note[E0901]"), "{out}");
        // Notes are not counted as errors or warnings (the warning is the shared pack's).
        assert!(
            out.ends_with(&format!(
                "error: {MAX_OVERLAP_PAIRS} errors, 1 warning in 2 files\n"
            )),
            "{}",
            &out[out.len().saturating_sub(300)..]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A venue just under the size limit whose every fixture is wrong in several ways at
/// once (same id, unknown type, stacked): every cap holds and the run is quick (no pass
/// is quadratic; duplicate ids find their first line in a table).
#[test]
fn a_venue_near_the_size_limit_is_validated_within_the_caps() {
    use venue_core::validate::{MAX_DIAGNOSTICS, MAX_DIAGNOSTICS_PER_CODE};
    let line = "        (id: \"chair\", type: \"tabel\", position: (1.5, 2.0), size: Some((1.0, 1.0, 1.0))),\n";
    let n = (MAX_FILE_BYTES as usize - 2_000) / line.len();
    let dir = generated_scene("near-limit", &line.repeat(n));
    let size = std::fs::metadata(dir.join("venue.ron")).map_or(0, |m| m.len());
    assert!(size > 4_000_000 && size <= MAX_FILE_BYTES, "{size}");
    let (diags, _) = diagnostics_of(&dir);
    assert!(diags.len() <= MAX_DIAGNOSTICS + 4, "{}", diags.len());
    for code in [
        Code::DuplicateId,
        Code::DanglingReference,
        Code::OverlappingFixtures,
    ] {
        let c = count(&diags, code);
        assert!(c > 0 && c <= MAX_DIAGNOSTICS_PER_CODE, "{code}: {c}");
    }
    let left_out = diags
        .iter()
        .find(|d| {
            d.code == Code::DiagnosticsLeftOut
                && d.file.ends_with("venue.ron")
                && d.message.starts_with("… and")
        })
        .unwrap_or_else(|| panic!("no closing note"));
    // Every fixture but the first is a duplicate and has an unknown type.
    let dups = format!("{} × E0201", n - 1 - MAX_DIAGNOSTICS_PER_CODE);
    assert!(left_out.message.contains(&dups), "{}", left_out.message);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 4-million-character unknown type and a 200-character id: one error each, short
/// messages, no did-you-mean search on the huge word.
#[test]
fn huge_ids_are_bounded_errors() {
    use venue_core::validate::MAX_ID_LEN;
    let huge = "y".repeat(4_000_000);
    let long = "x".repeat(200);
    let fixtures = format!(
        "        (id: \"{long}\", type: \"{huge}\", position: (1.5, 2.0)),\n        (id: \"{huge}\", type: \"table\", position: (5.5, 2.0)),\n"
    );
    // Two copies of the huge word do not fit: one as a type, then one as an id.
    let fixtures_type =
        format!("        (id: \"{long}\", type: \"{huge}\", position: (1.5, 2.0)),\n");
    let fixtures_id = format!("        (id: \"{huge}\", type: \"table\", position: (1.5, 2.0)),\n");
    assert!(fixtures.len() > MAX_FILE_BYTES as usize);
    for (name, fixtures) in [("huge-type", fixtures_type), ("huge-id", fixtures_id)] {
        let dir = generated_scene(name, &fixtures);
        let (diags, sources) = diagnostics_of(&dir);
        assert_eq!(count(&diags, Code::IdTooLong), 1, "{name}: {diags:?}");
        let too_long = diags
            .iter()
            .find(|d| d.code == Code::IdTooLong)
            .unwrap_or_else(|| unreachable!());
        assert!(
            too_long
                .message
                .contains(&format!("ids have at most {MAX_ID_LEN}")),
            "{}",
            too_long.message
        );
        if name == "huge-type" {
            let dangling = diags
                .iter()
                .filter(|d| d.code == Code::DanglingReference && d.is_error())
                .count();
            assert_eq!(dangling, 1, "{diags:?}");
        }
        for d in &diags {
            assert!(d.message.len() < 400, "{}", d.message.len());
            assert!(d.hint.as_ref().is_none_or(|h| h.len() < 400));
        }
        let out = render_diagnostics(&diags, &sources, false);
        // The rendered source line is the input's; the messages stay short.
        assert!(out.lines().filter(|l| l.len() > 400).count() <= 2 * diags.len());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A model file that a symbolic link inside the asset folder leads outside it is an
/// error, and nothing outside is read; a link that stays inside is fine.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_asset_folder_are_refused() {
    use venue_core::validate::validate_with_assets;
    let dir = generated_scene("symlink", "");
    let assets = dir.join("assets");
    let models = assets.join("models");
    std::fs::create_dir_all(&models).unwrap_or_else(|e| panic!("{e}"));
    let outside = dir.join("secret.txt");
    std::fs::write(&outside, "secret").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(models.join("table.glb"), "glTF").unwrap_or_else(|e| panic!("{e}"));
    let link = |target: &Path, at: &Path| {
        std::os::unix::fs::symlink(target, at).unwrap_or_else(|e| panic!("{e}"));
    };
    // Every model of the shared catalogue: the stove's leads outside, a linked folder
    // holds the hood's, the basin's stays inside, the rest do not exist.
    link(&outside, &models.join("stove.glb"));
    link(&dir, &assets.join("linked"));
    link(
        &models.join("table.glb"),
        &models.join("handwash_basin.glb"),
    );
    let catalogue = std::fs::read_to_string(dir.join("catalogue.ron")).unwrap_or_default();
    let catalogue = catalogue.replace("models/hood.glb", "linked/secret.txt");
    std::fs::write(dir.join("catalogue.ron"), catalogue).unwrap_or_else(|e| panic!("{e}"));

    let loaded = load_venue(&dir).unwrap_or_else(|e| panic!("{}", e.render(false)));
    // The text of the paths is fine: only the links on disk make them escape.
    assert_eq!(count(&validate(&loaded), Code::PathEscapesAssetRoot), 0);
    let diags = validate_with_assets(&loaded, &assets);
    let escapes: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == Code::PathEscapesAssetRoot)
        .collect();
    assert_eq!(escapes.len(), 2, "{diags:?}");
    assert!(
        escapes
            .iter()
            .all(|d| d.file.ends_with("catalogue.ron") && d.is_error())
    );
    assert!(
        escapes
            .iter()
            .any(|d| d.message.contains("fixture type `stove`")
                && d.message.contains("symbolic link")),
        "{escapes:?}"
    );
    assert!(
        escapes
            .iter()
            .any(|d| d.message.contains("`linked/secret.txt`"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Validation diagnostics name what they are about (`fixtures[2]…`), so the app can
/// point at the fixture, not only at the text; long names are cut in the subject.
#[test]
fn diagnostics_name_their_subject() {
    let (diags, _) = diagnostics_of(&fixtures().join("bad/overlapping_fixtures"));
    let overlap = diags
        .iter()
        .find(|d| d.code == Code::OverlappingFixtures)
        .expect("an overlap");
    let subject = overlap.subject.as_deref().expect("a subject");
    assert!(subject.starts_with("fixtures["), "{subject}");
    assert!(overlap.fixture_index().is_some(), "{subject}");
    let long = venue_core::span::locate::Path::root()
        .field("fixtures")
        .key(&"k".repeat(10_000));
    assert!(long.subject().unwrap().chars().count() < 100);
    assert_eq!(venue_core::span::locate::Path::root().subject(), None);
}
