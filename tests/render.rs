//! Render tests on a real adapter (software Vulkan in CI: Mesa lavapipe). They run the
//! `venue-guide render` binary, one process per image, and look at real pixels where
//! the probe JSON says things landed.
//!
//! Without an adapter these tests fail when `CI` is set (CI must render) and are skipped
//! with a message otherwise.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_venue-guide");

fn root() -> PathBuf {
    venue_guide::manifest_dir()
}

fn out_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("venue-guide-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Renders; `None` when no adapter exists and we are not in CI.
fn render(scene: &str, view: &str, lang: &str, name: &str) -> Option<(image::RgbImage, Value)> {
    render_with(scene, view, lang, name, &[])
}

/// [`render`] with extra command-line arguments.
fn render_with(
    scene: &str,
    view: &str,
    lang: &str,
    name: &str,
    extra: &[&str],
) -> Option<(image::RgbImage, Value)> {
    let dir = out_dir();
    let png = dir.join(format!("{name}.png"));
    let json = dir.join(format!("{name}.json"));
    let output = Command::new(BIN)
        .current_dir(root())
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .args(["render", scene, "--view", view, "--lang", lang, "-o"])
        .arg(&png)
        // 960×540 unless the test asks for its own size.
        .args(if extra.contains(&"--size") {
            &[][..]
        } else {
            &["--size", "960x540"][..]
        })
        .arg("--probe-json")
        .arg(&json)
        .args(extra)
        .output()
        .expect("run venue-guide");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && stderr.contains("no graphics adapter") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must render, but: {stderr}"
        );
        eprintln!("skipping: no graphics adapter ({stderr})");
        return None;
    }
    assert!(output.status.success(), "render failed: {stderr}");
    let image = image::open(&png).expect("a PNG").to_rgb8();
    let probe: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    Some((image, probe))
}

fn at(v: &Value) -> Option<(u32, u32)> {
    let a = v.as_array()?;
    Some((a[0].as_f64()? as u32, a[1].as_f64()? as u32))
}

/// Pixels within `r` of `(x, y)` that satisfy `pred`.
fn count_near(
    img: &image::RgbImage,
    (x, y): (u32, u32),
    r: u32,
    pred: impl Fn([u8; 3]) -> bool,
) -> usize {
    let mut n = 0;
    for yy in y.saturating_sub(r)..(y + r).min(img.height()) {
        for xx in x.saturating_sub(r)..(x + r).min(img.width()) {
            if pred(img.get_pixel(xx, yy).0) {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn overview_is_not_blank_and_the_extinguisher_is_red_where_it_projects() {
    let Some((img, probe)) = render("scenes/small-eatery", "overview", "zh", "overview") else {
        return;
    };
    assert_overview(&img, &probe);
}

/// The profile a GPU gets (MSAA ×4, soft shadows in two cascades) draws the same scene;
/// CI's software adapter would otherwise only ever exercise the low profile.
#[test]
fn the_high_quality_profile_renders_too() {
    let Some((img, probe)) = render_with(
        "scenes/small-eatery",
        "overview",
        "zh",
        "overview-high",
        &["--quality", "high"],
    ) else {
        return;
    };
    let graphics = probe["graphics"].as_str().unwrap_or_default();
    assert!(graphics.starts_with("high quality: MSAA ×4"), "{graphics}");
    assert_overview(&img, &probe);
}

fn assert_overview(img: &image::RgbImage, probe: &Value) {
    // Not blank: many distinct colours.
    let mut colours = std::collections::HashSet::new();
    for p in img.pixels().step_by(7) {
        colours.insert(p.0);
    }
    assert!(colours.len() > 500, "only {} colours", colours.len());
    // Some extinguisher (a red cylinder) shows red pixels around its projection.
    let red = |p: [u8; 3]| p[0] > 150 && p[1] < 80 && p[2] < 80;
    let hits: Vec<usize> = probe["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["type"] == "extinguisher")
        .filter_map(|f| at(&f["screen"]))
        .map(|p| count_near(img, p, 8, red))
        .collect();
    assert!(!hits.is_empty(), "extinguishers project on screen");
    assert!(
        hits.iter().any(|n| *n > 5),
        "red pixels near an extinguisher: {hits:?}"
    );
}

#[test]
fn plan_view_shows_zone_tints() {
    let Some((img, probe)) = render("scenes/small-eatery", "plan", "zh", "plan") else {
        return;
    };
    // The dining tint is green: at the dining zone's centroid (or near it) green dominates.
    let dining = probe["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["kind"] == "dining")
        .and_then(|z| at(&z["screen"]))
        .expect("dining projects");
    let greenish = |p: [u8; 3]| p[1] as i32 > p[0] as i32 + 8 && p[1] as i32 > p[2] as i32 + 8;
    let n = count_near(&img, dining, 40, greenish);
    assert!(n > 200, "green dining tint around {dining:?}: {n} px");
}

#[test]
fn failing_checkpoint_marker_is_red_and_chinese_text_renders() {
    let Some((img, probe)) = render(
        "scenes/small-eatery-violations",
        "checkpoint:rodent_guard",
        "zh",
        "checkpoint",
    ) else {
        return;
    };
    let marker = probe["markers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"] == "rodent_guard")
        .expect("the rodent-guard marker is visible");
    assert_eq!(marker["status"], "FailRequired");
    let (x, y) = at(&marker["screen"]).unwrap();
    let red = |p: [u8; 3]| p[0] > 170 && p[1] < 60 && p[2] < 60;
    let n = count_near(&img, (x, y), 20, red);
    assert!(n > 100, "red marker pixels at ({x}, {y}): {n}");

    // Chinese text, not tofu: the title starts with 开店指引, four different glyphs of
    // ~16 px each at this size. Missing glyphs would all draw the same empty box, so the
    // four cells' ink masks would be identical; real glyphs differ from each other.
    let cell = |i: u32| -> Vec<bool> {
        let x0 = 6 + i * 16;
        (8..34u32)
            .flat_map(|y| (x0..x0 + 16).map(move |x| (x, y)))
            .map(|(x, y)| img.get_pixel(x, y).0.iter().all(|c| *c > 150))
            .collect()
    };
    let cells: Vec<Vec<bool>> = (0..4).map(cell).collect();
    for (i, c) in cells.iter().enumerate() {
        assert!(c.iter().filter(|b| **b).count() > 15, "glyph {i} has ink");
    }
    for i in 0..4 {
        for j in 0..i {
            let differ = cells[i]
                .iter()
                .zip(&cells[j])
                .filter(|(a, b)| a != b)
                .count();
            assert!(
                differ > 10,
                "glyphs {i} and {j} look the same (tofu?): {differ} px differ"
            );
        }
    }
}

/// Copies the standard eatery (with its catalogue and rule pack) into a temporary scene
/// root, with one fixture using a department-supplied glTF (not made by `model_gen`) and
/// one pointing at a model that does not exist.
fn scene_with_outside_models() -> PathBuf {
    let base = out_dir().join("scenes");
    std::fs::create_dir_all(base.join("rules")).unwrap();
    std::fs::create_dir_all(base.join("outside-models")).unwrap();
    std::fs::copy(
        root().join("scenes/catalogue.ron"),
        base.join("catalogue.ron"),
    )
    .unwrap();
    std::fs::copy(
        root().join("scenes/rules/small-eatery.ron"),
        base.join("rules/small-eatery.ron"),
    )
    .unwrap();
    let venue = std::fs::read_to_string(root().join("scenes/small-eatery/venue.ron")).unwrap();
    let venue = venue
        .replacen(
            r#"(id: "thermometer_storage", type: "thermometer","#,
            r#"(id: "thermometer_storage", type: "thermometer", model: Some("models/external/oculus-go-controller.glb"),"#,
            1,
        )
        .replacen(
            r#"(id: "fly_lamp_kitchen", type: "fly_lamp","#,
            r#"(id: "fly_lamp_kitchen", type: "fly_lamp", model: Some("models/missing/nowhere.glb"),"#,
            1,
        );
    assert!(
        venue.contains("oculus-go") && venue.contains("nowhere.glb"),
        "fixtures found"
    );
    std::fs::write(base.join("outside-models/venue.ron"), venue).unwrap();
    base.join("outside-models")
}

#[test]
fn outside_gltf_loads_and_a_missing_model_becomes_a_placeholder() {
    let scene = scene_with_outside_models();
    let Some((img, probe)) = render(scene.to_str().unwrap(), "overview", "en", "outside") else {
        return;
    };
    let failed: Vec<&str> = probe["failed_models"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    // The missing model fails, is replaced, and the app still renders; the model made by
    // FBX2glTF (with a PNG texture) loads like the generated ones.
    assert_eq!(failed, ["fly_lamp_kitchen"]);
    assert!(img.width() > 0);
}

/// The strings on screen, from a probe.
fn probe_texts(probe: &Value) -> Vec<&str> {
    probe["texts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect()
}

/// The rules of the markers on screen, from a probe.
fn probe_marker_rules(probe: &Value) -> Vec<&str> {
    probe["markers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["rule"].as_str())
        .collect()
}

/// Tour stop 1 measures 40 m from the shop to a cesspit: both ends must be on screen,
/// the cesspit named, and the open checkpoint's marker shown.
#[test]
fn the_setback_stop_shows_the_shop_and_the_cesspit() {
    let Some((img, probe)) = render(
        "scenes/small-eatery",
        "checkpoint:site_pollution_setback",
        "zh",
        "setback",
    ) else {
        return;
    };
    let texts = probe_texts(&probe);
    assert!(
        texts.contains(&"化粪池"),
        "the cesspit is labelled: {texts:?}"
    );
    assert!(
        probe_marker_rules(&probe).contains(&"site_pollution_setback"),
        "the open checkpoint's marker shows"
    );
    // The shop is in the frame, clear of the panels (checklist left, card right).
    let (w, h) = (img.width() as f64, img.height() as f64);
    let inside = |f: &serde_json::Value| {
        at(&f["screen"]).is_some_and(|(x, y)| {
            let (x, y) = (x as f64, y as f64);
            x > 0.25 * w && x < 0.72 * w && y > 0.08 * h && y < 0.92 * h
        })
    };
    let fixtures = probe["fixtures"].as_array().unwrap();
    let seen = fixtures.iter().filter(|f| inside(f)).count();
    assert!(
        seen * 10 >= fixtures.len() * 9,
        "{seen} of {} fixtures in the free part of the screen",
        fixtures.len()
    );
}

/// Every visible button of a probe whose rectangle runs off a `w` × `h` screen (rows of a
/// scrolled list excepted: the list clips them).
fn buttons_off_screen(probe: &Value, w: f64, h: f64) -> Vec<String> {
    probe["panels"]["buttons"]
        .as_array()
        .expect("the probe lists the buttons")
        .iter()
        .filter(|b| {
            let r: Vec<f64> = b["rect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let in_list = r[3] > h || r[1] < 0.0;
            !in_list && (r[0] < -1.0 || r[2] > w + 1.0)
        })
        .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// No text is laid out taller than its box: Bevy wrapped a text to its rounded box, a
/// pixel narrower than it was measured at, and the last word went onto a line drawn over
/// the next text (a checklist title's "米" over its status line).
fn assert_no_text_overflows(probe: &Value) {
    let overflowing = probe["panels"]["overflowing_texts"]
        .as_array()
        .expect("the probe lists overflowing texts");
    assert!(
        overflowing.is_empty(),
        "texts drawn taller than their boxes: {overflowing:?}"
    );
}

/// The checklist in large English text on a 4:3 screen, and in Traditional Chinese on a
/// phone: long titles wrap within their rows.
#[test]
fn wrapped_texts_stay_inside_their_boxes() {
    for (scene, lang, size, name) in [
        ("scenes/small-eatery", "en", "1024x768", "wrap-en"),
        ("scenes/retail-pharmacy", "zh-hant", "720x1280", "wrap-hant"),
    ] {
        let Some((_, probe)) =
            render_with(scene, "plan", lang, name, &["--size", size, "--large-text"])
        else {
            return;
        };
        assert_no_text_overflows(&probe);
    }
}

/// A phone held upright gets the compact layout: nothing runs off the screen, the
/// checklist is a sheet under the view, and the whole venue is framed in the part the
/// top bar and the sheet leave free (before, both side panels squeezed side by side left
/// no view at all, and the top bar ran off the right edge).
#[test]
fn an_upright_phone_shows_the_venue_above_the_checklist() {
    let (w, h) = (720.0, 1280.0);
    let Some((_, probe)) = render_with(
        "scenes/small-eatery",
        "overview",
        "en",
        "phone",
        &["--size", "720x1280"],
    ) else {
        return;
    };
    let panels = &probe["panels"];
    assert_eq!(panels["layout"], "Compact");
    let off = buttons_off_screen(&probe, w, h);
    assert!(off.is_empty(), "buttons off the screen: {off:?}");
    assert_no_text_overflows(&probe);
    let insets = probe_insets(&probe);
    let [_, _, top, bottom] = insets;
    assert!(
        top > 0.0 && bottom > 0.0,
        "a top bar and a sheet: {insets:?}"
    );
    assert!(
        h - top - bottom >= 0.35 * h,
        "the view keeps a third of the screen: {insets:?}"
    );
    let texts = probe_texts(&probe);
    assert!(texts.contains(&"Checklist"), "the checklist: {texts:?}");
    assert_markers_whole(&probe, w, h);
    // The venue is framed in the free part: its fixtures there, and spread over most of
    // its width (not a speck in the middle).
    let fixtures = probe["fixtures"].as_array().unwrap();
    let screen: Vec<(f64, f64)> = fixtures
        .iter()
        .filter_map(|f| at(&f["screen"]))
        .map(|(x, y)| (x as f64, y as f64))
        .collect();
    let inside = screen
        .iter()
        .filter(|(x, y)| *x > 0.0 && *x < w && *y > top && *y < h - bottom)
        .count();
    assert!(
        inside * 10 >= fixtures.len() * 9,
        "{inside} of {} fixtures in the free part of the screen",
        fixtures.len()
    );
    let (min_x, max_x) = screen.iter().fold((f64::MAX, f64::MIN), |(a, b), (x, _)| {
        (a.min(*x), b.max(*x))
    });
    assert!(
        max_x - min_x > 0.5 * w,
        "the venue fills the view's width: {min_x}..{max_x}"
    );
}

/// How far the panels reach into the picture from its left, right, top and bottom
/// (physical px), as the render probe reports them.
fn probe_insets(probe: &serde_json::Value) -> [f64; 4] {
    let insets: Vec<f64> = probe["panels"]["insets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    insets.try_into().expect("four insets")
}

/// Every marker shown is whole: none cut by the screen's edge, the top bar or the sheet
/// (a marker at the edge is moved in, or hidden when there is no room).
fn assert_markers_whole(probe: &serde_json::Value, w: f64, h: f64) {
    const SLACK: f64 = 1.0;
    let [left, right, top, bottom] = probe_insets(probe);
    let cut: Vec<&serde_json::Value> = probe["markers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            let (x, y) = (
                m["screen"][0].as_f64().unwrap(),
                m["screen"][1].as_f64().unwrap(),
            );
            let r = m["size"].as_f64().unwrap() / 2.0;
            x - r < left - SLACK
                || x + r > w - right + SLACK
                || y - r < top - SLACK
                || y + r > h - bottom + SLACK
        })
        .collect();
    assert!(cut.is_empty(), "markers cut by an edge: {cut:?}");
}

/// On a small phone in large text, with the most markers per pixel, every marker shown
/// is whole (one under the top bar's edge was half a button before).
#[test]
fn a_small_phone_shows_whole_markers() {
    let (w, h) = (390.0, 844.0);
    let Some((_, probe)) = render_with(
        "scenes/small-eatery",
        "overview",
        "zh",
        "phone-small",
        &["--size", "390x844", "--large-text"],
    ) else {
        return;
    };
    assert_markers_whole(&probe, w, h);
}

/// An open checkpoint on the phone: its card replaces the list in the sheet, with its
/// close and fold buttons on screen, and the evidence above it.
#[test]
fn an_upright_phone_shows_the_card_in_the_sheet() {
    let (w, h) = (390.0, 844.0);
    let Some((_, probe)) = render_with(
        "scenes/small-eatery",
        "checkpoint:site_pollution_setback",
        "en",
        "phone-card",
        &["--size", "390x844", "--large-text"],
    ) else {
        return;
    };
    let off = buttons_off_screen(&probe, w, h);
    assert!(off.is_empty(), "buttons off the screen: {off:?}");
    let texts = probe_texts(&probe);
    for wanted in ["× Close", "Hide ▼", "More…"] {
        assert!(texts.contains(&wanted), "{wanted}: {texts:?}");
    }
    assert!(
        !texts.contains(&"Checklist"),
        "the card replaces the list: {texts:?}"
    );
    // Its own marker only: the others would cover its evidence in so small a view.
    let markers: Vec<&str> = probe["markers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"].as_str().unwrap())
        .collect();
    assert_eq!(markers, ["site_pollution_setback"]);
}

/// Walking towards the kitchen door, the markers on screen are those that help a person
/// standing there (near them, or in the room they stand in), not the kitchen's whole
/// checklist floating in the doorway (24 markers before); the rooms through the door are
/// still named.
#[test]
fn walking_towards_a_doorway_shows_what_helps_there() {
    let Some((_, probe)) = render(
        "scenes/small-eatery",
        "walk:3.5,2.2,180",
        "zh",
        "walk-doorway",
    ) else {
        return;
    };
    let markers = probe_marker_rules(&probe);
    assert!(
        !markers.is_empty() && markers.len() <= 6,
        "{} markers: {markers:?}",
        markers.len()
    );
    assert!(
        markers.contains(&"changing_at_food_entrance"),
        "the kitchen door's own checkpoint shows: {markers:?}"
    );
    let texts = probe_texts(&probe);
    assert!(
        texts.iter().any(|t| t.starts_with("粗加工切配区")),
        "the room through the door is named: {texts:?}"
    );
}

#[test]
fn switching_language_changes_every_visible_string() {
    let Some((_, zh)) = render(
        "scenes/small-eatery-violations",
        "checkpoint:egress_aisle_width",
        "zh",
        "lang-zh",
    ) else {
        return;
    };
    let Some((_, en)) = render(
        "scenes/small-eatery-violations",
        "checkpoint:egress_aisle_width",
        "en",
        "lang-en",
    ) else {
        return;
    };
    let Some((_, hant)) = render(
        "scenes/small-eatery-violations",
        "checkpoint:egress_aisle_width",
        "zh-hant",
        "lang-zh-hant",
    ) else {
        return;
    };
    // The language selector names each language in its own script, in every language.
    let names: Vec<&str> = venue_core::Lang::ALL
        .iter()
        .map(|&l| venue_guide::i18n::language_name(l))
        .collect();
    let words = |probe: &Value| -> Vec<String> {
        probe["texts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t.as_str())
            // Numbers, units and symbols read the same in both languages.
            .filter(|t| t.chars().any(|c| c.is_alphabetic() && c != 'm'))
            .filter(|t| !names.contains(t))
            .map(str::to_string)
            .collect()
    };
    let (zh, en, hant) = (words(&zh), words(&en), words(&hant));
    assert!(zh.len() > 20, "many strings are visible: {}", zh.len());
    let same: Vec<&String> = zh.iter().filter(|t| en.contains(t)).collect();
    assert!(
        same.is_empty(),
        "strings that did not change with the language: {same:?}"
    );
    let cjk = |t: &String| t.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    assert!(zh.iter().any(cjk));
    assert!(!en.iter().any(cjk), "English view shows Chinese: {en:?}");
    // Traditional: every Simplified string whose characters differ is gone, replaced by
    // its conversion (strings such as 符合 read the same in both scripts).
    assert_eq!(hant.len(), zh.len(), "{hant:?}");
    let simplified: Vec<&String> = zh
        .iter()
        .filter(|t| venue_core::hant::convert(t) != **t && hant.contains(t))
        .collect();
    assert!(
        simplified.is_empty(),
        "Simplified strings in the Traditional view: {simplified:?}"
    );
    assert!(hant.iter().any(|t| t == "檢查清單"), "{hant:?}");
}

/// The side-by-side pair: a fixture's horizontal offset between the two halves is the
/// disparity its depth and the IPD give (`stereo_math::disparity_px`), with parallel
/// axes and with the zero-parallax plane of the off-axis frusta. Measured on the pixels:
/// a patch of the left half around where the fixture lands is looked for along the
/// same row of the right half.
#[test]
fn the_stereo_pair_is_offset_by_the_disparity_of_each_depth() {
    for convergence in ["parallel", "checkpoint"] {
        let Some((img, probe)) = render_with(
            "scenes/small-eatery",
            STEREO_VIEW,
            "zh",
            &format!("stereo-{convergence}"),
            &[
                "--stereo",
                "sbs",
                "--no-panels",
                "--convergence",
                convergence,
            ],
        ) else {
            return;
        };
        assert_stereo_disparities(&img, &probe, convergence);
    }
}

/// At the back of the dining room looking at the entrance: a chair 2.5 m away, the air
/// curtain and exit sign over the door at 4 m, a chair at the far table at 4.8 m.
const STEREO_VIEW: &str = "walk:5.6,3.4,38";
/// Fixtures in plain sight in [`STEREO_VIEW`] (their centres are not hidden behind
/// something nearer, which would give that thing's disparity).
const STEREO_FIXTURES: [&str; 4] = [
    "chair_e3",
    "air_curtain_entrance",
    "exit_sign_entrance",
    "chair_w4",
];

fn assert_stereo_disparities(img: &image::RgbImage, probe: &Value, convergence: &str) {
    use venue_guide::camera::stereo_math::disparity_px;
    /// Half the side of the patch matched (px).
    const HALF: i32 = 14;
    /// Offsets looked at (px, left picture minus right).
    const OFFSETS: std::ops::RangeInclusive<i32> = -40..=40;
    let stereo = &probe["stereo"];
    assert_eq!(stereo["mode"], "sbs", "{stereo}");
    let eye_width = stereo["eye_image"][0].as_u64().unwrap() as i32;
    assert_eq!(eye_width as u32 * 2, img.width(), "each eye half the width");
    let focal = stereo["focal_px"].as_f64().unwrap() as f32;
    let ipd = stereo["separation_m"].as_f64().unwrap() as f32;
    assert!((ipd - 0.064).abs() < 1e-6, "the default IPD: {ipd}");
    let plane = stereo["convergence_m"].as_f64().map(|d| d as f32);
    assert_eq!(plane.is_some(), convergence == "checkpoint", "{stereo}");
    let pixel = |x: i32, y: i32| img.get_pixel(x as u32, y as u32).0.map(f32::from);
    let mut measured = Vec::new();
    for id in STEREO_FIXTURES {
        let fixture = probe["fixtures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("{id} in the probe"));
        let depth = fixture["depth"].as_f64().unwrap() as f32;
        let (x, y) = at(&fixture["screen"]).unwrap_or_else(|| panic!("{id} on screen"));
        let expected = disparity_px(ipd, focal, depth, plane);
        // The left eye sees it half the disparity right of the viewer between the eyes.
        let (x, y) = ((x as f32 + expected / 2.0).round() as i32, y as i32);
        assert!(
            x - HALF - OFFSETS.end() >= 0
                && x + HALF - OFFSETS.start() <= eye_width
                && y >= HALF
                && y + HALF <= img.height() as i32,
            "{id} at ({x}, {y}) is too near the edge of the left half"
        );
        let patch =
            || (y - HALF..y + HALF).flat_map(|yy| (x - HALF..x + HALF).map(move |xx| (xx, yy)));
        let cost = |dx: i32| -> f32 {
            patch()
                .map(|(xx, yy)| {
                    let (a, b) = (pixel(xx, yy), pixel(xx + eye_width - dx, yy));
                    (0..3).map(|c| (a[c] - b[c]).powi(2)).sum::<f32>()
                })
                .sum()
        };
        let costs: Vec<(i32, f32)> = OFFSETS.map(|dx| (dx, cost(dx))).collect();
        let (found, best) = costs
            .iter()
            .copied()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        // An unambiguous match: offsets well away from the best are clearly worse.
        let runner_up = costs
            .iter()
            .filter(|(dx, _)| (dx - found).abs() > 4)
            .map(|c| c.1)
            .fold(f32::INFINITY, f32::min);
        assert!(
            runner_up > best * 1.5,
            "{convergence}: {id}'s patch matches in several places ({found} px best)"
        );
        measured.push((id, depth, expected, found as f32));
    }
    eprintln!("{convergence}: (fixture, depth m, expected px, measured px) {measured:?}");
    for (id, depth, expected, found) in &measured {
        assert!(
            (expected - found).abs() <= 2.0 + 0.1 * expected.abs(),
            "{convergence}: {id} at {depth:.2} m is {found} px apart, expected {expected:.1} px"
        );
    }
    // Depth matters: the nearest is further apart than the farthest, as the math says.
    let near = measured.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    let far = measured.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    assert!(far.1 > near.1 * 1.5, "depths too alike: {measured:?}");
    assert!(
        near.3 > far.3 + 5.0,
        "the nearer is further apart: {measured:?}"
    );
}

/// Runs `vr --fallback MODE --shot` without a headset (no runtime can be found); the
/// note it printed and the picture, or `None` when no adapter exists outside CI.
fn vr_fallback(mode: &str, size: &str) -> Option<(String, image::RgbImage)> {
    let png = out_dir().join(format!("vr-fallback-{mode}.png"));
    let output = Command::new(BIN)
        .current_dir(root())
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .env("XR_RUNTIME_JSON", "/nonexistent/openxr/active_runtime.json")
        .args([
            "vr",
            "scenes/small-eatery",
            "--fallback",
            mode,
            "--size",
            size,
            "--shot",
        ])
        .arg(&png)
        .output()
        .expect("run venue-guide");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() && stderr.contains("no graphics adapter") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must render, but: {stderr}"
        );
        eprintln!("skipping: no graphics adapter ({stderr})");
        return None;
    }
    assert!(output.status.success(), "{stderr}");
    Some((stderr, image::open(&png).expect("a PNG").to_rgb8()))
}

/// `vr --fallback flat` without a headset: a note, then the walk view from the entrance
/// (rendered into an image here instead of a window).
#[test]
fn vr_falls_back_to_the_flat_walk_view_when_asked() {
    let Some((stderr, img)) = vr_fallback("flat", "480x270") else {
        return;
    };
    assert!(
        stderr.contains("falling back to the flat walk view"),
        "{stderr}"
    );
    let colours: std::collections::HashSet<[u8; 3]> =
        img.pixels().step_by(5).map(|p| p.0).collect();
    assert!(
        colours.len() > 100,
        "a room, not a blank: {} colours",
        colours.len()
    );
}

/// `vr --fallback stereo` without a headset: the same walk view as a side-by-side pair
/// (for a phone in a viewer): the halves show the same room a few pixels apart.
#[test]
fn vr_falls_back_to_the_stereo_walk_view_when_asked() {
    let Some((stderr, img)) = vr_fallback("stereo", "960x270") else {
        return;
    };
    assert!(
        stderr.contains("falling back to the side-by-side stereo walk view"),
        "{stderr}"
    );
    let half = img.width() / 2;
    // Mean luminance difference of the halves, pixel by pixel, at the best horizontal
    // shift: small for a pair (the same room, a few pixels of disparity), large for the
    // two halves of one picture.
    let luminance = |x: u32, y: u32| {
        let [r, g, b] = img.get_pixel(x, y).0.map(f32::from);
        0.3 * r + 0.59 * g + 0.11 * b
    };
    /// Shifts tried (px) and the margin kept clear of them.
    const SHIFT: i32 = 24;
    let difference = |dx: i32| {
        let (mut sum, mut n) = (0.0, 0.0);
        for y in (0..img.height()).step_by(3) {
            for x in (SHIFT as u32..half - SHIFT as u32).step_by(3) {
                let right = (x as i32 + dx) as u32 + half;
                sum += (luminance(x, y) - luminance(right, y)).abs();
                n += 1.0;
            }
        }
        sum / n
    };
    let best = (-SHIFT..=SHIFT)
        .map(difference)
        .fold(f32::INFINITY, f32::min);
    assert!(
        best < 15.0,
        "the halves differ by {best:.1} levels on average at their best shift"
    );
}
