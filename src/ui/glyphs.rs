//! Every shipped string has its glyphs in the font of its language: the interface
//! (`UiText`, language names, permit names) and all content of the shipped scenes, rule
//! packs and catalogue (titles, names, hints, tour, findings of a real evaluation, the
//! printed report and the `check` table), in 简体 and English against the SC face and in
//! 繁體 (converted, or the authors' `zh_hant`) against the HK face, regular and bold.
//!
//! It also keeps `tools/font/hant-chars.txt` (the HK subset's list of shipped
//! Traditional characters) honest: `VENUE_WRITE_HANT_CHARS=1 cargo test -p venue-guide
//! --lib glyphs` rewrites it; then `python3 tools/font/make_subset.py`.

use crate::i18n::{Lang, UiText, language_name, permit_name};
use read_fonts::{FontRef, TableProvider};
use std::collections::BTreeSet;
use std::path::PathBuf;
use venue_core::Text;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The characters a font's `cmap` maps to a real glyph.
fn covers(font: &[u8]) -> impl Fn(char) -> bool {
    let font = FontRef::new(font).expect("font parses");
    let cmap = font.cmap().expect("font has a cmap");
    move |c: char| cmap.map_codepoint(c).is_some_and(|g| g.to_u32() != 0)
}

/// Every `Text` in a serialised value (an object with `zh` and `en`).
fn texts_in(value: &serde_json::Value, out: &mut Vec<Text>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.contains_key("zh")
                && map.contains_key("en")
                && let Ok(t) = serde_json::from_value::<Text>(value.clone())
            {
                out.push(t);
                return;
            }
            map.values().for_each(|v| texts_in(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| texts_in(v, out)),
        _ => {}
    }
}

/// The ranges the report's embedded font serves.
use venue_core::print::is_cjk;

fn scene_folders() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("scenes"))
        .expect("scenes/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("venue.ron").is_file())
        .collect();
    v.sort();
    v
}

/// Every shipped string in `lang`.
fn shipped_strings(lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = UiText::ALL.iter().map(|t| t.get(lang).to_owned()).collect();
    for permit in ["food_business", "drug_retail"] {
        out.push(permit_name(permit, lang));
    }
    out.extend(
        venue_core::ZoneKind::ALL
            .iter()
            .map(|k| k.label().get(lang).to_owned()),
    );
    let mut texts = Vec::new();
    // The booth's own texts (its help line) from the shipped configuration.
    let booth = repo().join("scenes/kiosk.ron");
    let booth = std::fs::read_to_string(&booth).expect("scenes/kiosk.ron");
    let booth = venue_core::kiosk::parse_config(&booth, std::path::Path::new("kiosk.ron"))
        .expect("the shipped booth configuration parses");
    texts_in(
        &serde_json::to_value(&booth).expect("serialises"),
        &mut texts,
    );
    let index = venue_core::scene_index::build_index(&repo().join("scenes")).expect("index");
    texts.extend(index.scenes.iter().map(|s| s.title.clone()));
    for folder in scene_folders() {
        let valid = venue_core::load::load_valid_venue(&folder).expect("shipped scene loads");
        let loaded = &valid.loaded;
        let plan = venue_core::plan::Plan::new(&loaded.venue, &loaded.catalogue);
        let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
        let report = venue_core::rules::evaluate_plan(&plan, &loaded.venue.flags, &packs);
        for value in [
            serde_json::to_value(&loaded.venue),
            serde_json::to_value(&loaded.catalogue),
            serde_json::to_value(&packs),
            serde_json::to_value(&report),
        ] {
            texts_in(&value.expect("serialises"), &mut texts);
        }
        // The page embeds the font for its Chinese only (`unicode-range`); the rest is
        // the system's sans-serif.
        let page = venue_core::print::report_html(
            &loaded.venue,
            &packs,
            &plan,
            &report,
            lang,
            "2026-12-01",
            &[],
            None,
        );
        out.push(page.chars().filter(|&c| is_cjk(c)).collect());
        out.push(venue_core::report::render_table(&report, lang));
    }
    assert!(
        texts.len() > 300,
        "found only {} content texts",
        texts.len()
    );
    out.extend(texts.iter().map(|t| t.get(lang).to_owned()));
    out
}

fn missing(strings: &[String], fonts: &[(&str, &[u8])]) -> Vec<String> {
    let mut bad = Vec::new();
    for (name, font) in fonts {
        let has = covers(font);
        let chars: BTreeSet<char> = strings
            .iter()
            .flat_map(|s| s.chars())
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        for c in chars.into_iter().filter(|&c| !has(c)) {
            let example = strings.iter().find(|s| s.contains(c)).unwrap();
            let example: String = example.chars().take(60).collect();
            bad.push(format!("{name}: {c} (U+{:04X}) in {example:?}", c as u32));
        }
    }
    bad
}

#[test]
fn every_shipped_string_has_its_glyphs() {
    let font = |p: &str| std::fs::read(repo().join("assets/fonts").join(p)).expect(p);
    let (sc, sc_bold) = (
        font("NotoSansSC-Regular-subset.ttf"),
        font("NotoSansSC-Bold-subset.ttf"),
    );
    let (hk, hk_bold) = (
        font("NotoSansHK-Regular-subset.ttf"),
        font("NotoSansHK-Bold-subset.ttf"),
    );
    assert_eq!(sc, super::REGULAR_FONT, "the app embeds the SC file");
    assert_eq!(hk, super::HANT_REGULAR_FONT, "the app embeds the HK file");
    let sc_faces: [(&str, &[u8]); 2] = [("SC", &sc), ("SC bold", &sc_bold)];
    let hk_faces: [(&str, &[u8]); 2] = [("HK", &hk), ("HK bold", &hk_bold)];
    let mut bad = Vec::new();
    let mut hant_chars = BTreeSet::new();
    for lang in Lang::ALL {
        let mut strings = shipped_strings(lang);
        strings.push(language_name(lang).to_owned());
        if lang == Lang::ZhHant {
            bad.extend(missing(&strings, &hk_faces));
            hant_chars.extend(
                strings
                    .iter()
                    .flat_map(|s| s.chars())
                    .filter(|&c| c >= '\u{2E80}' && !c.is_whitespace()),
            );
        } else {
            bad.extend(missing(&strings, &sc_faces));
        }
    }
    // The list the HK subset is cut from covers every shipped Traditional character.
    let list_path = repo().join("tools/font/hant-chars.txt");
    let wanted: String = hant_chars.iter().collect::<String>() + "\n";
    if std::env::var_os("VENUE_WRITE_HANT_CHARS").is_some() {
        std::fs::write(&list_path, &wanted).unwrap();
    }
    let listed: BTreeSet<char> = std::fs::read_to_string(&list_path)
        .unwrap_or_default()
        .chars()
        .collect();
    let unlisted: String = hant_chars.difference(&listed).collect();
    bad.extend(web_subsets_cover_every_shipped_string());
    assert!(
        bad.is_empty() && unlisted.is_empty(),
        "missing glyphs:\n{}\n{}\n(run `VENUE_WRITE_HANT_CHARS=1 cargo test -p venue-guide --lib \
         glyphs`, then `python3 tools/font/make_subset.py`; see assets/fonts/README.md)",
        bad.join("\n"),
        if unlisted.is_empty() {
            String::new()
        } else {
            format!("tools/font/hant-chars.txt lacks {unlisted}")
        }
    );
}

/// Every non-ASCII symbol (not a CJK ideograph or letter) in `src/`, which the SC face
/// has: the marks the interface draws that no `UiText` holds.
fn symbols_in_source() -> String {
    fn walk(dir: &std::path::Path, out: &mut BTreeSet<char>) {
        for entry in std::fs::read_dir(dir).expect("src/").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.extend(text.chars().filter(|&c| {
                    !c.is_ascii() && !c.is_alphabetic() && !c.is_whitespace() && !is_cjk(c)
                }));
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(&repo().join("src"), &mut found);
    let sc = std::fs::read(repo().join("assets/fonts/NotoSansSC-Regular-subset.ttf")).unwrap();
    let has = covers(&sc);
    found.into_iter().filter(|&c| has(c)).collect()
}

/// The web build's fonts (`assets/fonts/web/`, cut by `tools/font/make_web_subset.py`
/// from the lists `tools/font/web-chars-*.txt`) cover every shipped string of their
/// languages, and the lists the app reads to know their coverage
/// (`ui::web_fonts`) match what the files hold. `VENUE_WRITE_WEB_CHARS=1` rewrites the
/// lists. Returns what is missing.
fn web_subsets_cover_every_shipped_string() -> Vec<String> {
    let printable_ascii = || (' '..='~').collect::<BTreeSet<char>>();
    let chars_of = |strings: &[String]| -> BTreeSet<char> {
        strings
            .iter()
            .flat_map(|s| s.chars())
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .chain(printable_ascii())
            .collect()
    };
    let mut sc_strings = shipped_strings(Lang::Zh);
    sc_strings.extend(shipped_strings(Lang::En));
    sc_strings.extend([Lang::Zh, Lang::En].map(|l| language_name(l).to_owned()));
    // The page's own texts (web/index.html's messages, web/stereo.js's button), which it
    // draws with the same first face once it is there.
    // Only what the Simplified face has: 繁體 in the page is drawn by the system's fonts.
    let sc_source =
        std::fs::read(repo().join("assets/fonts/NotoSansSC-Regular-subset.ttf")).unwrap();
    let sc_has = covers(&sc_source);
    for page in ["web/index.html", "web/stereo.js"] {
        let text = std::fs::read_to_string(repo().join(page)).unwrap_or_default();
        sc_strings.push(text.chars().filter(|&c| sc_has(c)).collect());
    }
    let mut hk_strings = shipped_strings(Lang::ZhHant);
    // The selector's "繁體", drawn in this face once it replaces names.ttf (it showed 繁
    // as a missing glyph in English after 繁體 had been picked once).
    hk_strings.push(language_name(Lang::ZhHant).to_owned());
    // Symbols the code writes outside `UiText` (×, ✓, arrows, …), found in its source.
    let symbols = symbols_in_source();
    sc_strings.push(symbols.clone());
    hk_strings.push(symbols);
    let lists = [
        ("sc", chars_of(&sc_strings)),
        ("hk", chars_of(&hk_strings)),
        (
            "names",
            language_name(Lang::ZhHant)
                .chars()
                .chain(printable_ascii())
                .collect(),
        ),
    ];
    let mut bad = Vec::new();
    for (face, wanted) in lists {
        let path = repo().join(format!("tools/font/web-chars-{face}.txt"));
        let text: String = wanted.iter().collect::<String>() + "\n";
        if std::env::var_os("VENUE_WRITE_WEB_CHARS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let listed: BTreeSet<char> = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .trim_end_matches('\n')
            .chars()
            .collect();
        let unlisted: String = wanted.difference(&listed).collect();
        if !unlisted.is_empty() {
            bad.push(format!(
                "tools/font/web-chars-{face}.txt lacks {unlisted} (run `VENUE_WRITE_WEB_CHARS=1 \
                 cargo test -p venue-guide --lib glyphs`, then `python3 \
                 tools/font/make_web_subset.py`)"
            ));
        }
        let weights: &[&str] = if face == "names" {
            &["regular"]
        } else {
            &["regular", "bold"]
        };
        for weight in weights {
            let file = if face == "names" {
                "names.ttf".to_owned()
            } else {
                format!("{face}-{weight}.ttf")
            };
            let font = std::fs::read(repo().join("assets/fonts/web").join(&file))
                .unwrap_or_else(|e| panic!("assets/fonts/web/{file}: {e}"));
            let has = covers(&font);
            let lacking: String = listed
                .iter()
                .copied()
                .filter(|&c| !c.is_whitespace() && !has(c))
                .collect();
            if !lacking.is_empty() {
                bad.push(format!(
                    "assets/fonts/web/{file} lacks {lacking} (run `python3 \
                     tools/font/make_web_subset.py`)"
                ));
            }
        }
    }
    bad
}

#[test]
fn traditional_content_reads_traditional() {
    let hant = shipped_strings(Lang::ZhHant).join("\n");
    for word in ["檢查清單", "廚房", "洗手池", "消毒櫃", "藥品", "滅火器"] {
        assert!(hant.contains(word), "no {word} in the Traditional strings");
    }
}
