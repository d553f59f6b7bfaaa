//! The booth's configuration file (`kiosk.ron`; the format is in docs/booth.md).
//!
//! [`load_config`] reads it, parses it ([`parse_config`], the same parser and syntax
//! diagnostics as a venue) and validates it against the scene index of its scenes folder
//! ([`validate_config`]): every problem is reported at once, each with its file, line
//! and column, and a configuration with any error is refused whole, so a booth never
//! starts half-configured.
//!
//! Invariant: a [`LoadedConfig`] only exists for a configuration without errors, and
//! its scenes are the index entries of existing scene folders, in the configuration's
//! order.

use crate::compact_sort::CompactSort;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::{LoadError, parse_ron, read_source};
use crate::model::{Lang, Text};
use crate::scene_index::{INDEX_FILE, SceneEntry, parse_index};
use crate::span::{Sources, locate};
use crate::suggest::nearest;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Idle time in a session before "still there?" when the file gives none (s).
pub const DEFAULT_IDLE_SECONDS: f64 = 90.0;
/// Shortest idle time accepted (s): a visitor reading a checkpoint card touches nothing
/// for half a minute; a shorter time would reset people in the middle of reading.
pub const MIN_IDLE_SECONDS: f64 = 30.0;
/// Longest idle time accepted (s): beyond it the next visitor finds the last one's state.
pub const MAX_IDLE_SECONDS: f64 = 3600.0;
/// Length of the "still there?" countdown when the file gives none (s).
pub const DEFAULT_COUNTDOWN_SECONDS: f64 = 20.0;
/// Shortest countdown accepted (s): time to read the question and reach the button.
pub const MIN_COUNTDOWN_SECONDS: f64 = 5.0;
/// Time on each checkpoint of the attract loop when the file gives none (s).
pub const DEFAULT_STOP_SECONDS: f64 = 8.0;
/// Shortest and longest time on a checkpoint of the attract loop (s): the camera's flight
/// takes about a second, and a loop slower than two minutes a stop looks frozen.
pub const MIN_STOP_SECONDS: f64 = 3.0;
pub const MAX_STOP_SECONDS: f64 = 120.0;
/// How long the operator presses the corner when the file gives no time (s).
pub const DEFAULT_HOLD_SECONDS: f64 = 3.0;
/// Shortest and longest press accepted (s): shorter, a visitor resting a hand on the
/// corner opens the PIN pad; longer, operators give up.
pub const MIN_HOLD_SECONDS: f64 = 2.0;
pub const MAX_HOLD_SECONDS: f64 = 10.0;
/// Digits of an operator PIN.
pub const MIN_PIN_DIGITS: usize = 4;
pub const MAX_PIN_DIGITS: usize = 8;
/// Modifier keys of the operator's key chord.
pub const CHORD_MODIFIERS: [&str; 4] = ["ctrl", "alt", "shift", "super"];
/// Modifiers a chord must hold, so that no visitor presses it by accident (and it is
/// not a system shortcut such as Alt+F4).
pub const MIN_CHORD_MODIFIERS: usize = 2;

/// The version of the format this build reads.
pub const CONFIG_FORMAT_VERSION: u32 = 1;

/// A booth's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskConfig {
    #[serde(default = "current_version")]
    pub format_version: u32,
    /// The folder of scene folders (holding `index.ron`), relative to this file.
    #[serde(default = "default_scenes_folder")]
    pub scenes_folder: String,
    /// The scenes the start screen offers, in order.
    pub scenes: Vec<KioskScene>,
    /// The loop played while nobody is there.
    #[serde(default)]
    pub attract: Attract,
    /// Seconds without a touch in a session before "still there?".
    #[serde(default = "default_idle")]
    pub idle_seconds: f64,
    /// Seconds of the "still there?" countdown before everything is reset.
    #[serde(default = "default_countdown")]
    pub countdown_seconds: f64,
    /// The language a visitor finds (and every reset goes back to).
    #[serde(default)]
    pub default_language: Lang,
    /// The staff's way out.
    pub operator: Operator,
    /// The help line at the foot of the start screen ("press the call button…").
    pub help: Text,
    /// Side-by-side stereo: `off`, `sbs` (a phone in a viewer), `sbs_half` (a 3D TV).
    /// `false` and `true` (the first format's flag) read as `off` and `sbs`.
    #[serde(default)]
    pub stereo: Stereo,
    /// Reload scenes when their files change (off at a booth: files change under a
    /// visitor only when staff are updating them).
    #[serde(default)]
    pub hot_reload: bool,
}

/// One tile of the start screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskScene {
    /// The scene's folder in the scenes folder.
    pub folder: String,
    /// A title for the tile instead of the scene's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
}

/// The attract loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attract {
    /// Folders whose tours play in turn; empty: every scene of the start screen, in order.
    #[serde(default)]
    pub order: Vec<String>,
    /// Seconds on each checkpoint.
    #[serde(default = "default_stop")]
    pub stop_seconds: f64,
}

impl Default for Attract {
    fn default() -> Self {
        Self {
            order: Vec::new(),
            stop_seconds: DEFAULT_STOP_SECONDS,
        }
    }
}

/// How staff leave the kiosk: a long press in a corner then the PIN, or a key chord.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Digits asked for on the on-screen pad.
    pub pin: String,
    /// The screen corner to press.
    #[serde(default)]
    pub corner: Corner,
    /// Seconds to hold the corner.
    #[serde(default = "default_hold")]
    pub hold_seconds: f64,
    /// Keys held together to leave at once (`["ctrl", "alt", "shift", "q"]`); empty: no
    /// chord, only the corner and the PIN.
    #[serde(default)]
    pub chord: Vec<String>,
}

/// How the booth shows the venue: one picture, or a side-by-side stereo pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stereo {
    #[default]
    Off,
    /// Each eye half the width at its own aspect (a phone in a cardboard viewer).
    Sbs,
    /// Each eye the whole picture squeezed to half the width (a 3D TV).
    SbsHalf,
}

impl<'de> Deserialize<'de> for Stereo {
    /// `off`, `sbs`, `sbs_half`, or the flag the setting once was (`false`, `true`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Stereo;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`off`, `sbs` or `sbs_half`")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Stereo, E> {
                Ok(if on { Stereo::Sbs } else { Stereo::Off })
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Stereo, E> {
                match name {
                    "off" | "false" => Ok(Stereo::Off),
                    "sbs" | "true" => Ok(Stereo::Sbs),
                    "sbs_half" => Ok(Stereo::SbsHalf),
                    _ => Err(E::unknown_variant(name, &["off", "sbs", "sbs_half"])),
                }
            }
            fn visit_enum<A: serde::de::EnumAccess<'de>>(
                self,
                data: A,
            ) -> Result<Stereo, A::Error> {
                use serde::de::VariantAccess;
                let (name, variant): (String, _) = data.variant()?;
                variant.unit_variant()?;
                self.visit_str(&name)
            }
        }
        // RON reads a bare name as a unit value when asked for anything, so ask for an
        // identifier: `false` and `true` come as names too.
        deserializer.deserialize_identifier(Visitor)
    }
}

/// A corner of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Corner {
    TopLeft,
    #[default]
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Corner {
    /// Whether `point` (pixels from the top left of a `width`×`height` screen) lies in
    /// this corner's square of side `side`.
    pub fn contains(self, point: (f32, f32), width: f32, height: f32, side: f32) -> bool {
        let (x, y) = point;
        let left = x <= side;
        let right = x >= width - side;
        let top = y <= side;
        let bottom = y >= height - side;
        match self {
            Corner::TopLeft => left && top,
            Corner::TopRight => right && top,
            Corner::BottomLeft => left && bottom,
            Corner::BottomRight => right && bottom,
        }
    }
}

fn current_version() -> u32 {
    CONFIG_FORMAT_VERSION
}
fn default_scenes_folder() -> String {
    ".".into()
}
fn default_idle() -> f64 {
    DEFAULT_IDLE_SECONDS
}
fn default_countdown() -> f64 {
    DEFAULT_COUNTDOWN_SECONDS
}
fn default_stop() -> f64 {
    DEFAULT_STOP_SECONDS
}
fn default_hold() -> f64 {
    DEFAULT_HOLD_SECONDS
}

/// Whether `name` is a key the operator's chord may use: a modifier, a letter, a digit
/// or F1–F12 (lower case).
pub fn is_chord_key(name: &str) -> bool {
    let one_char = name.len() == 1
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let function_key = name
        .strip_prefix('f')
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=12).contains(&n));
    CHORD_MODIFIERS.contains(&name) || one_char || function_key
}

/// A configuration ready to run: valid, with its scenes found.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedConfig {
    pub config: KioskConfig,
    /// The configuration file as given.
    pub file: PathBuf,
    /// The folder of scene folders.
    pub scenes_root: PathBuf,
    /// The start screen's scenes in order: each configured folder's index entry, with
    /// the configured title when there is one.
    pub scenes: Vec<SceneEntry>,
    /// The attract loop's folders in order (never empty).
    pub attract_order: Vec<String>,
}

/// Parses a configuration's text. `file` is only used in the diagnostics.
pub fn parse_config(text: &str, file: &Path) -> Result<KioskConfig, Vec<Diagnostic>> {
    parse_ron(text, file)
}

/// Every problem of a parsed configuration: settings outside what works at a booth, and
/// scene folders missing from `index` (the scene index of its scenes folder; `None` when
/// there is none to read, itself reported at `scenes_folder`). `text` gives the spans.
pub fn validate_config(
    config: &KioskConfig,
    text: &str,
    file: &Path,
    index: Option<&[SceneEntry]>,
) -> Vec<Diagnostic> {
    let locator = locate::Locator::new(text);
    let root = locate::Path::root();
    let at = |path: &locate::Path| locator.span(path);
    let mut diags = Vec::new();
    let mut error = |code: Code, path: &locate::Path, message: String, hint: String| {
        diags.push(
            Diagnostic::error(code, file, message)
                .with_span(at(path))
                .with_hint(hint),
        );
    };

    // The scenes.
    let known: Vec<&str> = index
        .unwrap_or_default()
        .iter()
        .map(|e| e.folder.as_str())
        .collect();
    if index.is_none() {
        error(
            Code::Io,
            &root.field("scenes_folder"),
            format!(
                "no scene index ({INDEX_FILE}) in the scenes folder `{}`",
                config.scenes_folder
            ),
            "the scenes folder is relative to this file and holds the scene folders and their index.ron".into(),
        );
    }
    if config.scenes.is_empty() {
        error(
            Code::InvalidSetting,
            &root.field("scenes"),
            "the start screen offers no scene".into(),
            "list at least one scene folder: `scenes: [(folder: \"small-eatery\")]`".into(),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, scene) in config.scenes.iter().enumerate() {
        let path = root.field("scenes").index(i).field("folder");
        if seen.contains(&scene.folder.as_str()) {
            error(
                Code::DuplicateId,
                &path,
                format!("scene `{}` is already on the start screen", scene.folder),
                "each scene gets one tile: remove this entry".into(),
            );
        }
        seen.push(&scene.folder);
        if index.is_some() && !known.contains(&scene.folder.as_str()) {
            dangling(&mut error, &path, "scene", &scene.folder, &known);
        }
        if let Some(title) = &scene.title {
            translated(
                &mut error,
                &root.field("scenes").index(i).field("title"),
                title,
            );
        }
    }
    for (i, folder) in config.attract.order.iter().enumerate() {
        if !seen.contains(&folder.as_str()) {
            dangling(
                &mut error,
                &root.field("attract").field("order").index(i),
                "scene of the start screen",
                folder,
                &seen,
            );
        }
    }

    // The timings.
    let seconds =
        |value: f64, min: f64, max: f64| value.is_finite() && (min..=max).contains(&value);
    if !seconds(config.idle_seconds, MIN_IDLE_SECONDS, MAX_IDLE_SECONDS) {
        error(
            Code::InvalidSetting,
            &root.field("idle_seconds"),
            format!(
                "idle time {} s is outside {MIN_IDLE_SECONDS}–{MAX_IDLE_SECONDS} s",
                config.idle_seconds
            ),
            "visitors reading a card touch nothing for half a minute; 60–180 s suits a booth"
                .into(),
        );
    }
    if !seconds(
        config.countdown_seconds,
        MIN_COUNTDOWN_SECONDS,
        MAX_IDLE_SECONDS,
    ) {
        error(
            Code::InvalidSetting,
            &root.field("countdown_seconds"),
            format!("countdown {} s is shorter than {MIN_COUNTDOWN_SECONDS} s", config.countdown_seconds),
            "a visitor needs time to read \"still there?\" and reach the button; 15–30 s suits a booth".into(),
        );
    } else if config.countdown_seconds >= config.idle_seconds {
        error(
            Code::InvalidSetting,
            &root.field("countdown_seconds"),
            format!(
                "the countdown ({} s) is not shorter than the idle time ({} s)",
                config.countdown_seconds, config.idle_seconds
            ),
            "the countdown is the last warning before a reset: make it a fraction of idle_seconds"
                .into(),
        );
    }
    if !seconds(
        config.attract.stop_seconds,
        MIN_STOP_SECONDS,
        MAX_STOP_SECONDS,
    ) {
        error(
            Code::InvalidSetting,
            &root.field("attract").field("stop_seconds"),
            format!(
                "{} s on each checkpoint is outside {MIN_STOP_SECONDS}–{MAX_STOP_SECONDS} s",
                config.attract.stop_seconds
            ),
            "6–10 s shows a checkpoint long enough to catch a passer-by's eye".into(),
        );
    }

    // The operator.
    let operator = root.field("operator");
    let pin = &config.operator.pin;
    if !(MIN_PIN_DIGITS..=MAX_PIN_DIGITS).contains(&pin.len())
        || !pin.chars().all(|c| c.is_ascii_digit())
    {
        error(
            Code::InvalidSetting,
            &operator.field("pin"),
            format!("the PIN must be {MIN_PIN_DIGITS}–{MAX_PIN_DIGITS} digits"),
            "the on-screen pad has the digits 0–9 only".into(),
        );
    }
    if !seconds(
        config.operator.hold_seconds,
        MIN_HOLD_SECONDS,
        MAX_HOLD_SECONDS,
    ) {
        error(
            Code::InvalidSetting,
            &operator.field("hold_seconds"),
            format!(
                "holding the corner {} s is outside {MIN_HOLD_SECONDS}–{MAX_HOLD_SECONDS} s",
                config.operator.hold_seconds
            ),
            "shorter, a visitor resting a hand on the corner opens the PIN pad".into(),
        );
    }
    let chord = &config.operator.chord;
    for (i, key) in chord.iter().enumerate() {
        if !is_chord_key(key) {
            error(
                Code::InvalidSetting,
                &operator.field("chord").index(i),
                format!("`{key}` is not a key the chord can use"),
                "use ctrl, alt, shift, super, a letter a–z, a digit 0–9 or f1–f12".into(),
            );
        }
    }
    let modifiers = chord
        .iter()
        .filter(|k| CHORD_MODIFIERS.contains(&k.as_str()))
        .count();
    let others = chord.len() - modifiers;
    if !chord.is_empty() && (modifiers < MIN_CHORD_MODIFIERS || others == 0) {
        error(
            Code::InvalidSetting,
            &operator.field("chord"),
            "the chord needs two modifiers and one other key".into(),
            "e.g. [\"ctrl\", \"alt\", \"shift\", \"q\"]: nobody presses it by accident, and it is no system shortcut".into(),
        );
    }

    // Texts and what this build can do.
    translated(&mut error, &root.field("help"), &config.help);
    if config.format_version != CONFIG_FORMAT_VERSION {
        error(
            Code::UnsupportedVersion,
            &root.field("format_version"),
            format!(
                "format_version {} is not supported: this build reads version {CONFIG_FORMAT_VERSION}",
                config.format_version
            ),
            format!("write `format_version: {CONFIG_FORMAT_VERSION}`"),
        );
    }
    diags.sort_compact_by_key(|d| d.span.as_ref().map(|s| s.start));
    diags
}

fn dangling(
    error: &mut impl FnMut(Code, &locate::Path, String, String),
    path: &locate::Path,
    what: &str,
    found: &str,
    known: &[&str],
) {
    let hint = match nearest(found, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => "there is none to choose from".into(),
        None => format!("one of: {}", known.join(", ")),
    };
    error(
        Code::DanglingReference,
        path,
        format!("no {what} `{found}`"),
        hint,
    );
}

fn translated(
    error: &mut impl FnMut(Code, &locate::Path, String, String),
    path: &locate::Path,
    text: &Text,
) {
    for (lang, value) in [("zh", &text.zh), ("en", &text.en)] {
        if value.trim().is_empty() {
            error(
                Code::MissingTranslation,
                &path.field(lang),
                format!("the {lang} text is empty"),
                "every text the booth shows needs Chinese and English".into(),
            );
        }
    }
}

/// Reads, parses and validates the configuration at `path`, with the scene index of its
/// scenes folder. Any error refuses the whole file; the error holds every diagnostic and
/// the texts read, to render them rustc-style.
pub fn load_config(path: &Path) -> Result<LoadedConfig, LoadError> {
    let mut sources = Sources::new();
    let fail = |diagnostics: Vec<Diagnostic>, sources: Sources| LoadError {
        diagnostics,
        sources,
    };
    let text = match read_source(path) {
        Ok(text) => text,
        Err(failure) => {
            let (diagnostic, text) = *failure;
            if let Some(text) = text {
                sources.insert(path, text);
            }
            return Err(fail(vec![diagnostic], sources));
        }
    };
    sources.insert(path, text.clone());
    let config = parse_config(&text, path).map_err(|d| fail(d, sources.clone()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let scenes_root = base.join(&config.scenes_folder);
    let index_path = scenes_root.join(INDEX_FILE);
    let index = read_source(&index_path)
        .ok()
        .and_then(|text| parse_index(&text).ok())
        .map(|index| index.scenes);
    let diags = validate_config(&config, &text, path, index.as_deref());
    if diags.iter().any(Diagnostic::is_error) {
        return Err(fail(diags, sources));
    }
    let index = index.unwrap_or_default();
    let scenes = config
        .scenes
        .iter()
        .filter_map(|scene| {
            let mut entry = index.iter().find(|e| e.folder == scene.folder)?.clone();
            if let Some(title) = &scene.title {
                entry.title = title.clone();
            }
            Some(entry)
        })
        .collect();
    let attract_order = if config.attract.order.is_empty() {
        config.scenes.iter().map(|s| s.folder.clone()).collect()
    } else {
        config.attract.order.clone()
    };
    Ok(LoadedConfig {
        file: path.to_path_buf(),
        scenes_root,
        scenes,
        attract_order,
        config,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"(
    scenes: [(folder: "small-eatery"), (folder: "retail-pharmacy")],
    idle_seconds: 90,
    countdown_seconds: 20,
    operator: (pin: "2580", chord: ["ctrl", "alt", "shift", "q"]),
    help: (zh: "需要帮助请按呼叫按钮", en: "Press the call button for help"),
)"#;

    fn index() -> Vec<SceneEntry> {
        ["small-eatery", "retail-pharmacy"]
            .iter()
            .map(|f| SceneEntry {
                folder: f.to_string(),
                id: f.to_string(),
                title: Text::new("店", "Shop"),
                permit: "food_business".into(),
            })
            .collect()
    }

    fn check(text: &str) -> Vec<Diagnostic> {
        let file = Path::new("kiosk.ron");
        match parse_config(text, file) {
            Ok(config) => validate_config(&config, text, file, Some(&index())),
            Err(diags) => diags,
        }
    }

    fn line_col(text: &str, d: &Diagnostic) -> (usize, usize) {
        crate::span::line_col(text, d.span.clone().unwrap().start)
    }

    #[test]
    fn a_good_configuration_has_no_diagnostics_and_takes_the_defaults() {
        assert_eq!(check(GOOD), []);
        let config = parse_config(GOOD, Path::new("kiosk.ron")).unwrap();
        assert_eq!(config.attract.stop_seconds, DEFAULT_STOP_SECONDS);
        assert_eq!(config.default_language, Lang::Zh);
        assert_eq!(config.operator.corner, Corner::TopRight);
        assert!(!config.hot_reload);
        assert_eq!(config.stereo, Stereo::Off);
    }

    #[test]
    fn every_problem_is_reported_at_its_line_and_column() {
        let text = GOOD
            .replace("\"retail-pharmacy\"", "\"retail-pharmcy\"")
            .replace("countdown_seconds: 20", "countdown_seconds: 120")
            .replace("\"2580\"", "\"25a\"")
            .replace("\"alt\", \"shift\", \"q\"", "\"q\"");
        let diags = check(&text);
        let found: Vec<(&str, (usize, usize))> = diags
            .iter()
            .map(|d| (d.code.as_str(), line_col(&text, d)))
            .collect();
        assert_eq!(
            found,
            [
                ("E0202", (2, 49)),
                ("E0701", (4, 24)),
                ("E0701", (5, 21)),
                ("E0701", (5, 35)),
            ],
            "{diags:#?}"
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("did you mean `retail-pharmacy`?")
        );
    }

    #[test]
    fn stereo_is_a_mode_and_the_old_flag_still_reads() {
        for (value, stereo) in [
            ("off", Stereo::Off),
            ("sbs", Stereo::Sbs),
            ("sbs_half", Stereo::SbsHalf),
            ("false", Stereo::Off),
            ("true", Stereo::Sbs),
        ] {
            let text = GOOD.replace(
                "idle_seconds: 90,",
                &format!("idle_seconds: 90, stereo: {value},"),
            );
            assert_ne!(text, GOOD);
            assert_eq!(check(&text), [], "{value}");
            let config = parse_config(&text, Path::new("kiosk.ron")).unwrap();
            assert_eq!(config.stereo, stereo, "{value}");
        }
        let text = GOOD.replace("idle_seconds: 90,", "idle_seconds: 90, stereo: anaglyph,");
        let diags = check(&text);
        assert!(
            diags.iter().any(Diagnostic::is_error),
            "anaglyph was accepted"
        );
        assert!(
            diags.iter().any(|d| d.message.contains("sbs_half")
                || d.hint.as_deref().is_some_and(|h| h.contains("sbs_half"))),
            "{diags:#?}"
        );
    }

    #[test]
    fn syntax_errors_and_unknown_fields_have_positions() {
        let typo = GOOD.replace("idle_seconds", "idle_secs");
        let diags = check(&typo);
        assert_eq!(diags[0].code, Code::UnknownField);
        assert_eq!(line_col(&typo, &diags[0]), (3, 5));
        let broken = GOOD.replace("operator: (", "operator: ((");
        assert_eq!(check(&broken)[0].code, Code::Syntax);
    }

    #[test]
    fn settings_a_booth_cannot_use_are_refused() {
        for (from, to) in [
            ("idle_seconds: 90", "idle_seconds: 5"),
            ("\"2580\"", "\"123456789\""),
            ("[\"ctrl\", \"alt\", \"shift\", \"q\"]", "[\"alt\", \"f4\"]"),
            (
                "[\"ctrl\", \"alt\", \"shift\", \"q\"]",
                "[\"ctrl\", \"alt\", \"shift\"]",
            ),
            (
                "[\"ctrl\", \"alt\", \"shift\", \"q\"]",
                "[\"ctrl\", \"alt\", \"enter\"]",
            ),
            ("en: \"Press the call button for help\"", "en: \" \""),
            (
                "scenes: [(folder: \"small-eatery\"), (folder: \"retail-pharmacy\")]",
                "scenes: []",
            ),
            ("idle_seconds: 90,", "idle_seconds: 90, stereo: sbs_full,"),
            (
                "idle_seconds: 90,",
                "idle_seconds: 90, attract: (order: [\"elsewhere\"]),",
            ),
            (
                "(folder: \"retail-pharmacy\")",
                "(folder: \"small-eatery\")",
            ),
        ] {
            let text = GOOD.replace(from, to);
            assert_ne!(text, GOOD, "{from} not found");
            let diags = check(&text);
            assert!(diags.iter().any(Diagnostic::is_error), "{to} was accepted");
        }
    }

    #[test]
    fn chord_keys_are_modifiers_letters_digits_and_function_keys() {
        for good in ["ctrl", "alt", "shift", "super", "q", "7", "f1", "f12"] {
            assert!(is_chord_key(good), "{good}");
        }
        for bad in ["f13", "f0", "Q", "enter", "", "qq", "escape"] {
            assert!(!is_chord_key(bad), "{bad}");
        }
    }

    #[test]
    fn corners_are_squares_of_the_screen() {
        let (w, h, side) = (1920.0, 1080.0, 100.0);
        assert!(Corner::TopRight.contains((1900.0, 20.0), w, h, side));
        assert!(!Corner::TopRight.contains((20.0, 20.0), w, h, side));
        assert!(Corner::BottomLeft.contains((0.0, 1080.0), w, h, side));
        assert!(!Corner::BottomLeft.contains((0.0, 900.0), w, h, side));
        assert!(Corner::TopLeft.contains((100.0, 100.0), w, h, side));
        assert!(Corner::BottomRight.contains((1919.0, 1079.0), w, h, side));
    }

    #[test]
    fn the_shipped_configuration_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes/kiosk.ron");
        let loaded = load_config(&path).unwrap_or_else(|e| panic!("{}", e.render(false)));
        assert!(loaded.scenes.len() >= 2);
        assert!(!loaded.attract_order.is_empty());
        for folder in &loaded.attract_order {
            assert!(loaded.scenes_root.join(folder).join("venue.ron").is_file());
        }
    }

    #[test]
    fn a_missing_file_or_scenes_folder_is_a_diagnostic() {
        let err = load_config(Path::new("/nonexistent/kiosk.ron")).unwrap_err();
        assert_eq!(err.diagnostics[0].code, Code::Io);
        let dir = std::env::temp_dir().join(format!("kiosk-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("kiosk.ron");
        std::fs::write(&file, GOOD).unwrap();
        let err = load_config(&file).unwrap_err();
        let codes: Vec<Code> = err.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::Io), "{codes:?}");
        assert!(
            err.render(false).contains("kiosk.ron:1:"),
            "{}",
            err.render(false)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
