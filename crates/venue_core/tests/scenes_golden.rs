//! Golden tests of the authored scenes under `scenes/`.
//!
//! Every folder `scenes/<name>/` holding a `venue.ron` is loaded with its catalogue and
//! rule packs, validated (no diagnostic allowed, not even a warning: these are the
//! reference examples), evaluated twice (the reports must be identical), and its report
//! serialised as pretty JSON and compared byte for byte with
//! `scenes/<name>/expected-report.json`.
//! Run with `UPDATE_GOLDEN=1` to (re)write those files from the current output (review
//! the diff before committing!).
//!
//! Scene-specific contracts:
//! - the standardized scenes, `small-eatery` and `retail-pharmacy`, pass every required
//!   rule (and, being the models of good practice, every recommended one), and their
//!   tours visit every rule of their packs exactly once.
//! - a scene with an `expected-failures.txt` (one rule id per line, `#` comments) fails
//!   exactly those rules, no more and no fewer (`small-eatery-violations`,
//!   `retail-pharmacy-violations`).
//!
//! A plain parse test also checks that every RON file under `scenes/` deserialises into
//! its model type, so a syntax slip is reported with the file and position even before
//! the loader's richer diagnostics.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use venue_core::load::{LoadedVenue, load_venue};
use venue_core::model::{Catalogue, Level, RulePack, Venue};
use venue_core::report::{Report, Status};
use venue_core::rules::evaluate;
use venue_core::validate::validate;

/// The standardized compliant eatery.
const STANDARD_SCENE: &str = "small-eatery";
/// The standardized scenes: each passes every rule and its tour visits every rule once.
const STANDARD_SCENES: [&str; 2] = [STANDARD_SCENE, "retail-pharmacy"];
/// The report each scene is compared with.
const GOLDEN_FILE: &str = "expected-report.json";
/// Rule ids a scene must fail, exactly.
const EXPECTED_FAILURES_FILE: &str = "expected-failures.txt";
/// Set to `1` to rewrite the golden reports.
const UPDATE_ENV: &str = "UPDATE_GOLDEN";

fn scenes_root() -> PathBuf {
    common::manifest_dir().join("../../scenes")
}

/// Scene folders (those holding a `venue.ron`), sorted by name.
fn scene_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(scenes_root())
        .expect("scenes/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("venue.ron").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn name_of(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Loads and validates a scene; panics with rendered diagnostics on any error. The
/// authored scenes are the reference examples, so warnings are not tolerated either.
fn load_valid(dir: &Path) -> LoadedVenue {
    let loaded = match load_venue(dir) {
        Ok(l) => l,
        Err(e) => panic!("{} does not load:\n{}", dir.display(), e.render(false)),
    };
    let diags = validate(&loaded);
    assert!(
        diags.is_empty(),
        "{} has validation diagnostics ({} error(s)):\n{}",
        dir.display(),
        diags.iter().filter(|d| d.is_error()).count(),
        venue_core::render::render_diagnostics(&diags, &loaded.sources, false)
    );
    loaded
}

fn report_of(loaded: &LoadedVenue) -> Report {
    let packs: Vec<RulePack> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    evaluate(&loaded.venue, &loaded.catalogue, &packs)
}

/// The report as it is stored: pretty JSON with a final newline.
fn golden_text(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("reports serialise");
    s.push('\n');
    s
}

/// A one-line-per-rule summary, for failure messages.
fn table(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.results {
        let status = match r.status {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::NotApplicable => "n/a",
        };
        let level = match r.level {
            Level::Required => "required",
            Level::Recommended => "recommended",
        };
        let _ = writeln!(
            out,
            "{status:4} {level:11} {:36} {:22} measured {:?} required {:?}",
            r.id, r.kind, r.measured, r.required
        );
    }
    out
}

/// The first line where two texts differ, for a readable mismatch message.
fn first_difference(expected: &str, actual: &str) -> String {
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1);
        }
    }
    format!(
        "lengths differ: expected {} lines, actual {} lines",
        expected.lines().count(),
        actual.lines().count()
    )
}

#[test]
fn every_scene_ron_file_parses_into_its_model() {
    let root = scenes_root();
    let read = |p: &Path| fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let catalogue = root.join("catalogue.ron");
    if let Err(e) = ron::from_str::<Catalogue>(&read(&catalogue)) {
        panic!("{}: {e}", catalogue.display());
    }
    let mut packs = 0;
    for entry in fs::read_dir(root.join("rules")).expect("scenes/rules is readable") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "ron") {
            if let Err(e) = ron::from_str::<RulePack>(&read(&path)) {
                panic!("{}: {e}", path.display());
            }
            packs += 1;
        }
    }
    assert!(packs > 0, "no rule pack under scenes/rules");
    let dirs = scene_dirs();
    assert!(!dirs.is_empty(), "no scene under scenes/");
    for dir in dirs {
        let path = dir.join("venue.ron");
        if let Err(e) = ron::from_str::<Venue>(&read(&path)) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn scene_reports_match_golden_files() {
    let update = std::env::var(UPDATE_ENV).is_ok_and(|v| v == "1");
    let mut mismatches = Vec::new();
    for dir in scene_dirs() {
        let loaded = load_valid(&dir);
        let report = report_of(&loaded);
        let actual = golden_text(&report);
        let golden = dir.join(GOLDEN_FILE);
        if update {
            fs::write(&golden, &actual).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
            continue;
        }
        match fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => mismatches.push(format!(
                "{}: report differs from {GOLDEN_FILE} ({})\n{}",
                name_of(&dir),
                first_difference(&expected, &actual),
                table(&report)
            )),
            Err(e) => mismatches.push(format!(
                "{}: cannot read {GOLDEN_FILE} ({e}); run with {UPDATE_ENV}=1 to create it",
                name_of(&dir)
            )),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(run with {UPDATE_ENV}=1 to accept the new reports after review)",
        mismatches.join("\n\n")
    );
}

#[test]
fn evaluation_is_deterministic() {
    for dir in scene_dirs() {
        let loaded = load_valid(&dir);
        assert_eq!(
            golden_text(&report_of(&loaded)),
            golden_text(&report_of(&loaded)),
            "{}: two evaluations differ",
            name_of(&dir)
        );
    }
}

#[test]
fn standard_scenes_pass_every_rule() {
    for scene in STANDARD_SCENES {
        let dir = scenes_root().join(scene);
        let loaded = load_valid(&dir);
        let report = report_of(&loaded);
        let failing: Vec<&str> = report
            .results
            .iter()
            .filter(|r| r.level == Level::Required && r.status == Status::Fail)
            .map(|r| r.id.as_str())
            .collect();
        assert!(
            report.required_pass() && failing.is_empty(),
            "required rules failing in {scene}: {failing:?}\n{}",
            table(&report)
        );
        // The standard scenes are meant to show good practice everywhere, not just the
        // minimum: they pass the recommended rules too.
        let any_failing: Vec<&str> = report
            .results
            .iter()
            .filter(|r| r.status == Status::Fail)
            .map(|r| r.id.as_str())
            .collect();
        assert!(
            any_failing.is_empty(),
            "recommended rules failing in {scene}: {any_failing:?}\n{}",
            table(&report)
        );
    }
}

#[test]
fn standard_scene_tours_visit_every_rule_once() {
    for scene in STANDARD_SCENES {
        let loaded = load_valid(&scenes_root().join(scene));
        let rule_ids: BTreeSet<&str> = loaded
            .packs
            .iter()
            .flat_map(|(_, p)| p.rules.iter().map(|r| r.id.as_str()))
            .collect();
        let tour = loaded
            .venue
            .tour
            .as_ref()
            .unwrap_or_else(|| panic!("{scene} has a tour"));
        let stops: Vec<&str> = tour.stops.iter().map(|s| s.rule.as_str()).collect();
        let visited: BTreeSet<&str> = stops.iter().copied().collect();
        assert_eq!(
            stops.len(),
            visited.len(),
            "{scene}: a rule is visited twice"
        );
        let missing: Vec<&&str> = rule_ids.difference(&visited).collect();
        let unknown: Vec<&&str> = visited.difference(&rule_ids).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "{scene}: tour misses {missing:?}, names unknown {unknown:?}"
        );
    }
}

#[test]
fn scenes_fail_exactly_their_expected_failures() {
    let mut checked = 0;
    for dir in scene_dirs() {
        let list = dir.join(EXPECTED_FAILURES_FILE);
        let Ok(text) = fs::read_to_string(&list) else {
            continue;
        };
        let expected: BTreeSet<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let loaded = load_valid(&dir);
        let report = report_of(&loaded);
        let known: BTreeSet<&str> = report.results.iter().map(|r| r.id.as_str()).collect();
        let unknown: Vec<&&str> = expected.difference(&known).collect();
        assert!(
            unknown.is_empty(),
            "{}: {EXPECTED_FAILURES_FILE} names unknown rules {unknown:?}",
            name_of(&dir)
        );
        let failed: BTreeSet<&str> = report
            .results
            .iter()
            .filter(|r| r.status == Status::Fail)
            .map(|r| r.id.as_str())
            .collect();
        let unexpected: Vec<&&str> = failed.difference(&expected).collect();
        let missing: Vec<&&str> = expected.difference(&failed).collect();
        assert!(
            unexpected.is_empty() && missing.is_empty(),
            "{}: unexpected failures {unexpected:?}, expected but passing {missing:?}\n{}",
            name_of(&dir),
            table(&report)
        );
        checked += 1;
    }
    assert!(checked > 0, "no scene has an {EXPECTED_FAILURES_FILE}");
}

/// A clear width's figure, route and evidence do not depend on the rule's threshold:
/// every `clear_width` rule of every scene, re-run with its threshold 20 % lower and
/// higher, reports the same.
#[test]
fn clear_width_figures_do_not_depend_on_the_threshold() {
    use venue_core::model::Check;
    use venue_core::plan::Plan;
    use venue_core::rules::evaluate_check;
    for dir in scene_dirs() {
        let loaded = load_valid(&dir);
        let plan = Plan::new(&loaded.venue, &loaded.catalogue);
        for (_, pack) in &loaded.packs {
            for rule in &pack.rules {
                let Check::ClearWidth {
                    from,
                    to,
                    min_width_m,
                    cell_m,
                } = &rule.check
                else {
                    continue;
                };
                let run = |k: f64| {
                    let check = Check::ClearWidth {
                        from: from.clone(),
                        to: to.clone(),
                        min_width_m: min_width_m * k,
                        cell_m: *cell_m,
                    };
                    evaluate_check(&plan, &check, &pack.zone_groups)
                };
                let (lo, mid, hi) = (run(0.8), run(1.0), run(1.2));
                for o in [&lo, &hi] {
                    assert_eq!(o.measured, mid.measured, "{}: {}", name_of(&dir), rule.id);
                    assert_eq!(o.evidence, mid.evidence, "{}: {}", name_of(&dir), rule.id);
                }
            }
        }
    }
}

/// The shipped pack catches a narrow exit door: the standard eatery with its entrance
/// narrowed to 0.80 m fails `egress_exit_width` (0.90 m) at the door, while the aisle
/// rule, measured from just inside the entrance, is about the aisle.
#[test]
fn a_narrow_exit_door_fails_the_shipped_pack() {
    use venue_core::model::Opening;
    let mut loaded = load_valid(&scenes_root().join(STANDARD_SCENE));
    let mut found = false;
    for w in &mut loaded.venue.walls {
        for o in &mut w.openings {
            if let Opening::Door(d) = o
                && d.id == "door_entrance"
            {
                d.width = 0.80;
                found = true;
            }
        }
    }
    assert!(found, "the standard eatery has door_entrance");
    let report = report_of(&loaded);
    let exit = report
        .results
        .iter()
        .find(|r| r.id == "egress_exit_width")
        .expect("the pack has egress_exit_width");
    assert_eq!(exit.status, Status::Fail, "{}", exit.finding.en);
    assert_eq!(exit.measured, Some(0.8));
    assert!(
        exit.finding.en.contains("the exterior door of")
            && exit.entities.iter().any(|e| e == "door_entrance"),
        "{}",
        exit.finding.en
    );
    let aisle = report
        .results
        .iter()
        .find(|r| r.id == "egress_aisle_width")
        .expect("the pack has egress_aisle_width");
    assert_eq!(aisle.status, Status::Pass, "{}", aisle.finding.en);
}

/// `scenes/index.ron`, what the scene picker lists, says what the scenes say: every
/// scene folder once, with its id, title and permit.
#[test]
fn the_scene_index_lists_every_scene() {
    use venue_core::scene_index::{INDEX_FILE, build_index, index_text, parse_index};
    let root = scenes_root();
    let built = build_index(&root).unwrap_or_else(|e| panic!("{e}"));
    let expected = index_text(&built);
    let path = root.join(INDEX_FILE);
    if std::env::var_os(UPDATE_ENV).is_some() {
        fs::write(&path, &expected).unwrap();
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    let parsed = parse_index(&actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        parsed,
        built,
        "{} is out of date; run `{UPDATE_ENV}=1 cargo test -p venue_core --test scenes_golden`",
        path.display()
    );
    assert_eq!(parsed.scenes.len(), scene_dirs().len());
}

/// Each shipped pack names the fixture types of its own kind of premises, and only
/// types of the catalogue (what the edit palette offers first).
#[test]
fn rule_packs_name_the_fixture_types_of_their_premises() {
    let eatery = load_valid(&scenes_root().join("small-eatery"));
    let pharmacy = load_valid(&scenes_root().join("retail-pharmacy"));
    let named = |loaded: &LoadedVenue| -> std::collections::BTreeSet<String> {
        loaded
            .packs
            .iter()
            .flat_map(|(_, p)| p.fixture_types_named())
            .collect()
    };
    let (food, drugs) = (named(&eatery), named(&pharmacy));
    for kind in ["handwash_basin", "hood", "rodent_guard", "extinguisher"] {
        assert!(food.contains(kind), "{kind} in {food:?}");
    }
    for kind in ["rx_cabinet", "drug_shelf", "pharma_fridge"] {
        assert!(drugs.contains(kind), "{kind} in {drugs:?}");
        assert!(!food.contains(kind), "{kind} is no eatery's");
    }
    for kind in food.iter().chain(&drugs) {
        assert!(
            eatery.catalogue.fixtures.contains_key(kind),
            "{kind} is in the catalogue"
        );
    }
}

/// An evaluation told to stop gives nothing; one told partway stops partway; one never
/// told gives exactly what `evaluate_plan` gives.
#[test]
fn an_evaluation_can_be_given_up_between_rules() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let loaded = load_valid(&scenes_root().join("small-eatery"));
    let packs: Vec<RulePack> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let plan = venue_core::plan::Plan::new(&loaded.venue, &loaded.catalogue);
    let flags = &loaded.venue.flags;
    let whole = venue_core::rules::evaluate_plan(&plan, flags, &packs);
    let never = venue_core::rules::evaluate_plan_unless(&plan, flags, &packs, &|| false);
    assert_eq!(never.as_ref(), Some(&whole));
    assert!(venue_core::rules::evaluate_plan_unless(&plan, flags, &packs, &|| true).is_none());
    // Told to stop after the tenth question: it asks once more per thread, then stops.
    let asked = AtomicUsize::new(0);
    let partway = venue_core::rules::evaluate_plan_unless(&plan, flags, &packs, &|| {
        asked.fetch_add(1, Ordering::Relaxed) >= 10
    });
    assert!(partway.is_none());
    assert!(asked.load(Ordering::Relaxed) < whole.results.len());
}
