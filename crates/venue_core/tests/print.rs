//! The printable report of the shipped scenes: every checkpoint is on the page with its
//! title, figure and number, numbered like the app's markers, in both languages.

mod common;

use venue_core::load::load_valid_venue;
use venue_core::model::Lang;
use venue_core::plan::Plan;
use venue_core::print::{checkpoint_numbers, report_html, svg::marker_anchor};
use venue_core::report::{Status, Unit};

fn scene(name: &str) -> std::path::PathBuf {
    common::manifest_dir().join("../../scenes").join(name)
}

#[test]
fn every_checkpoint_is_on_the_page_in_both_languages() {
    for name in [
        "small-eatery",
        "small-eatery-violations",
        "retail-pharmacy",
        "retail-pharmacy-violations",
    ] {
        let valid = load_valid_venue(&scene(name)).expect("shipped scene loads");
        let loaded = &valid.loaded;
        let plan = Plan::new(&loaded.venue, &loaded.catalogue);
        let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
        let report = venue_core::rules::evaluate_plan(&plan, &loaded.venue.flags, &packs);
        for lang in Lang::ALL {
            let html = report_html(
                &loaded.venue,
                &packs,
                &plan,
                &report,
                lang,
                "2026-11-30",
                &[],
                None,
            );
            if let Some(dir) = std::env::var_os("VENUE_REPORT_OUT") {
                let file = format!("{name}-{lang:?}.html").to_lowercase();
                std::fs::write(std::path::Path::new(&dir).join(file), &html).unwrap();
            }
            assert!(html.contains("2026-11-30"));
            assert!(html.contains("2026.1"), "the pack version is printed");
            assert!(html.contains(match lang {
                Lang::Zh => "不是审批决定",
                Lang::ZhHant => "不是審批決定",
                Lang::En => "not an approval",
            }));
            if lang == Lang::ZhHant {
                assert!(html.contains("<html lang=\"zh-Hant-HK\">"));
                assert!(
                    html.contains("開店自查報告"),
                    "{name}: the heading converted"
                );
            }
            for r in &report.results {
                let title = venue_core::print::escape(r.title.get(lang));
                assert!(html.contains(&title), "{name} {lang:?}: no title {title}");
                if let (Some(m), Unit::Metre) = (r.measured, r.unit) {
                    let shown = format!("{m:.2} m");
                    let precise = format!("{m:.3} m");
                    assert!(
                        html.contains(&shown) || html.contains(&precise),
                        "{name}: no figure {shown} for {}",
                        r.id
                    );
                }
            }
            let markers = html.matches("class=\"marker\"").count();
            let anchored = report
                .results
                .iter()
                .filter(|r| marker_anchor(&r.evidence).is_some())
                .count();
            assert_eq!(
                markers, anchored,
                "{name}: one disc per anchored checkpoint"
            );
            assert!(
                anchored * 10 >= report.results.len() * 8,
                "most are on the plan"
            );
        }
        if name.ends_with("-violations") {
            assert!(report.results.iter().any(|r| r.status == Status::Fail));
        }
    }
}

#[test]
fn checkpoints_are_numbered_tour_first_then_in_report_order() {
    let valid = load_valid_venue(&scene("small-eatery")).unwrap();
    let loaded = &valid.loaded;
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = venue_core::rules::evaluate(&loaded.venue, &loaded.catalogue, &packs);
    let stops: Vec<&str> = loaded
        .venue
        .tour
        .as_ref()
        .unwrap()
        .stops
        .iter()
        .map(|s| s.rule.as_str())
        .collect();
    let numbers = checkpoint_numbers(&report, &stops);
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=report.results.len()).collect::<Vec<_>>());
    let first_stop = report
        .results
        .iter()
        .position(|r| r.id == stops[0])
        .unwrap();
    assert_eq!(numbers[first_stop], 1);
}

#[test]
fn failing_checkpoints_get_their_pictures_in_number_order() {
    use venue_core::print::CheckpointImage;
    let valid = load_valid_venue(&scene("small-eatery-violations")).unwrap();
    let loaded = &valid.loaded;
    let plan = Plan::new(&loaded.venue, &loaded.catalogue);
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = venue_core::rules::evaluate_plan(&plan, &loaded.venue.flags, &packs);
    let picture = |rule: &str| CheckpointImage {
        rule: rule.to_owned(),
        data_uri: format!("data:image/jpeg;base64,{rule}"),
    };
    // One picture per result, passing or not, plus one of a rule that is not there.
    let mut images: Vec<CheckpointImage> = report.results.iter().map(|r| picture(&r.id)).collect();
    images.push(picture("no_such_rule"));
    images.reverse();
    let html = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::En,
        "2026-11-30",
        &images,
        None,
    );
    let failing: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        html.matches("<figure class=\"view\">").count(),
        failing.len()
    );
    assert!(!html.contains("base64,no_such_rule"));
    for r in report.results.iter().filter(|r| r.status != Status::Fail) {
        assert!(
            !html.contains(&format!("base64,{}\"", r.id)),
            "{} passes",
            r.id
        );
    }
    // In the order of their numbers, as on the plan.
    let stops: Vec<&str> = loaded
        .venue
        .tour
        .as_ref()
        .map(|t| t.stops.iter().map(|s| s.rule.as_str()).collect())
        .unwrap_or_default();
    let numbers = checkpoint_numbers(&report, &stops);
    let mut expected: Vec<(usize, &str)> = report
        .results
        .iter()
        .zip(&numbers)
        .filter(|(r, _)| r.status == Status::Fail)
        .map(|(r, n)| (*n, r.id.as_str()))
        .collect();
    expected.sort_unstable();
    let positions: Vec<usize> = expected
        .iter()
        .map(|(_, id)| {
            html.find(&format!("base64,{id}\""))
                .expect("picture on the page")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    // Without pictures, no empty section.
    let bare = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::En,
        "2026-11-30",
        &[],
        None,
    );
    assert!(!bare.contains("Failing checkpoints in view"));
}

#[test]
fn the_plan_shows_the_way_in_from_the_street() {
    let valid = load_valid_venue(&scene("small-eatery")).unwrap();
    let loaded = &valid.loaded;
    let plan = Plan::new(&loaded.venue, &loaded.catalogue);
    // The eatery's 1.5 m entrance is in the street wall (z = 0); in is +z.
    let (centre, inward) = venue_core::print::svg::main_entrance(&plan).expect("an entrance");
    assert!(
        (centre.0 - 3.0).abs() < 1e-9 && centre.1.abs() < 1e-9,
        "{centre:?}"
    );
    assert!((inward.1 - 1.0).abs() < 1e-9, "{inward:?}");
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = venue_core::rules::evaluate_plan(&plan, &loaded.venue.flags, &packs);
    let html = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::En,
        "2026-11-30",
        &[],
        None,
    );
    assert!(html.contains("Entrance (street)"));
}

#[test]
fn the_page_carries_its_own_font_cut_to_its_characters() {
    let font = std::fs::read(
        common::manifest_dir().join("../../assets/fonts/NotoSansSC-Regular-subset.ttf"),
    )
    .expect("the app's font");
    let valid = load_valid_venue(&scene("small-eatery")).unwrap();
    let loaded = &valid.loaded;
    let plan = Plan::new(&loaded.venue, &loaded.catalogue);
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = venue_core::rules::evaluate_plan(&plan, &loaded.venue.flags, &packs);
    let bare = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::Zh,
        "2026-11-30",
        &[],
        None,
    );
    let page = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::Zh,
        "2026-11-30",
        &[],
        Some(&font),
    );
    assert!(!bare.contains("@font-face"));
    assert!(page.contains("@font-face") && page.contains("data:font/ttf;base64,"));
    let added = page.len() - bare.len();
    assert!(added < font.len() / 4, "the font adds {added} bytes");
    // Garbage instead of a font: the page without one, not a panic.
    let plain = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::Zh,
        "2026-11-30",
        &[],
        Some(b"not a font"),
    );
    assert_eq!(plain, bare);
    // An English page carries the font only if some Chinese is left on it.
    let english = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::En,
        "2026-11-30",
        &[],
        Some(&font),
    );
    let bare_en = report_html(
        &loaded.venue,
        &packs,
        &plan,
        &report,
        Lang::En,
        "2026-11-30",
        &[],
        None,
    );
    let chinese = bare_en
        .chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    assert_eq!(english.contains("@font-face"), chinese);
}
