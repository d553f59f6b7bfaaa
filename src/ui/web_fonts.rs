//! The web build's fonts: small first, complete when needed, never a missing glyph.
//!
//! The desktop app compiles in the full CJK subsets (`assets/fonts/`, 8.5 MB). A web
//! visitor downloads every byte, so the browser build compiles in no font at all: the
//! page (web/index.html) fetches the fonts of the first view alongside the wasm, under
//! its loading bar, and hands them over in `window.venueGuideFonts` before the app starts:
//!
//! - `sc-regular`, `sc-bold`: the SC face cut to the characters of every shipped string
//!   in 简体 and English (`assets/fonts/web/`, about 0.2 MB each);
//! - `names`: the HK face's glyphs of "繁體" alone, so the language selector names
//!   Traditional Chinese in its own script from the first frame;
//! - `hk-regular`, `hk-bold`, only when the page opens in Traditional Chinese (`?lang=`).
//!
//! Later sets are asked of the page (`venueGuideLoadFonts(name)`), which answers through
//! [`fonts_arrived`]:
//!
//! - `hk`: the HK web subsets, when the visitor picks 繁體. The language changes when
//!   they arrive, so no text is ever drawn in a face that lacks its glyphs.
//! - `sc-full` / `hk-full`: the complete subsets, when a scene (one the visitor opened
//!   from their own folder) has a character the web subsets lack. Knowing what a web
//!   subset covers needs no font parser: it is cut from the list compiled in here, and
//!   a test (`ui::glyphs`) checks the files against the lists.
//!
//! Traditional Chinese also needs OpenCC's dictionaries (`venue_core::hant`, 1.1 MB of
//! text, not compiled into the web build): the page fetches them with the HK fonts, in
//! the first view when it opens in 繁體 (`window.venueGuideHant`) and later with the `hk`
//! set (handed over through [`hant_dictionaries_arrived`] before the fonts). The switch
//! to 繁體 waits for both, so no text shows unconverted.
//!
//! Fonts that arrive are added as new assets and [`FontFaces`] points at them; marking
//! [`Language`] changed then rebuilds every panel, marker and label with the new faces
//! (the same rebuild a language change makes, invariant 7).

use super::style::FontFaces;
use crate::i18n::Language;
use crate::shared::{ActiveVenue, AppSet};
use bevy::prelude::*;
use std::collections::HashSet;
use std::sync::Mutex;
use venue_core::{Lang, Text};
use wasm_bindgen::prelude::*;

/// What the web subsets were cut from (tools/font/make_web_subset.py).
const SC_WEB_CHARS: &str = include_str!("../../tools/font/web-chars-sc.txt");
const HK_WEB_CHARS: &str = include_str!("../../tools/font/web-chars-hk.txt");

/// The page's object holding the first view's fonts (web/index.html).
const FIRST_VIEW_GLOBAL: &str = "venueGuideFonts";
/// The page's function that fetches a later set and answers with [`fonts_arrived`].
const LOADER_GLOBAL: &str = "venueGuideLoadFonts";
/// The page's array of the Traditional dictionaries' texts when the first view is in
/// 繁體 (in `venue_core::hant::DICTIONARY_FILES` order).
const FIRST_VIEW_HANT_GLOBAL: &str = "venueGuideHant";

/// A set of fonts the app can ask the page for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontSet {
    /// The HK face cut to the shipped Traditional strings.
    HkWeb,
    /// The complete SC subset (all of GB 2312).
    ScFull,
    /// The complete HK subset (Big5 level 1).
    HkFull,
}

impl FontSet {
    /// The name the page knows the set by.
    pub fn name(self) -> &'static str {
        match self {
            FontSet::HkWeb => "hk",
            FontSet::ScFull => "sc-full",
            FontSet::HkFull => "hk-full",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [FontSet::HkWeb, FontSet::ScFull, FontSet::HkFull]
            .into_iter()
            .find(|set| set.name() == name)
    }
}

/// Sets the page has delivered and the app has not taken yet: (set, regular, bold).
static ARRIVED: Mutex<Vec<(FontSet, Vec<u8>, Vec<u8>)>> = Mutex::new(Vec::new());

/// The bytes of the regular faces in use, for the printed report (which embeds its
/// language's face): SC, HK. Each is leaked once when it arrives (at most three a
/// session: web SC, and full SC or web and full HK), so the report can borrow it.
static REPORT_FONTS: Mutex<[Option<&'static [u8]>; 2]> = Mutex::new([None, None]);

/// Called by the page with a set the app asked for (`venueGuideLoadFonts`).
#[wasm_bindgen]
pub fn fonts_arrived(name: String, regular: js_sys::Uint8Array, bold: js_sys::Uint8Array) {
    let Some(set) = FontSet::from_name(&name) else {
        error!("the page sent an unknown font set {name:?}");
        return;
    };
    if let Ok(mut arrived) = ARRIVED.lock() {
        arrived.push((set, regular.to_vec(), bold.to_vec()));
    }
}

/// Called by the page with OpenCC's dictionaries (`venue_core::hant::DICTIONARY_FILES`,
/// in that order), fetched with the `hk` fonts and handed over before them.
#[wasm_bindgen]
pub fn hant_dictionaries_arrived(phrases: String, characters: String, variants: String) {
    install_hant(&phrases, &characters, &variants);
}

fn install_hant(phrases: &str, characters: &str, variants: &str) {
    if venue_core::hant::is_ready() {
        return;
    }
    match venue_core::hant::Converter::from_dictionaries(phrases, characters, variants) {
        Ok(converter) => {
            venue_core::hant::install(converter);
            info!("the Traditional Chinese dictionaries arrived");
        }
        // Traditional Chinese stays unavailable (the switch keeps waiting); the other
        // languages are unaffected.
        Err(e) => error!("the Traditional Chinese dictionaries could not be read: {e}"),
    }
}

/// The dictionaries the page fetched for a first view in 繁體, if it did.
fn install_first_view_hant() {
    let Some(texts) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str(FIRST_VIEW_HANT_GLOBAL)).ok())
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
    else {
        return;
    };
    let texts: Vec<String> = texts.iter().filter_map(|t| t.as_string()).collect();
    match texts.as_slice() {
        [phrases, characters, variants] => install_hant(phrases, characters, variants),
        _ => error!("the page handed over {} dictionaries, not 3", texts.len()),
    }
}

/// The regular face's bytes for a report in `lang` (empty when none has arrived, which
/// the report survives: its text then uses the system's fonts).
pub fn report_font(lang: Lang) -> &'static [u8] {
    let slot = usize::from(lang == Lang::ZhHant);
    REPORT_FONTS
        .lock()
        .ok()
        .and_then(|fonts| fonts[slot].or(fonts[0]))
        .unwrap_or_default()
}

fn keep_for_report(lang: Lang, regular: &[u8]) {
    let slot = usize::from(lang == Lang::ZhHant);
    if let Ok(mut fonts) = REPORT_FONTS.lock() {
        fonts[slot] = Some(Box::leak(regular.to_vec().into_boxed_slice()));
    }
}

/// How much of a face the app has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Coverage {
    /// Not loaded (the HK face before a visitor picks 繁體: only "繁體" itself).
    None,
    /// The web subset: every shipped string.
    Web,
    /// The complete subset.
    Full,
}

/// What the app has and waits for.
#[derive(Resource, Debug)]
pub struct WebFonts {
    sc: Coverage,
    hk: Coverage,
    /// Asked of the page, not arrived yet.
    asked: Vec<FontSet>,
    /// The language the visitor picked, applied when its face arrives.
    pending_language: Option<Lang>,
    sc_chars: HashSet<char>,
    hk_chars: HashSet<char>,
}

impl WebFonts {
    /// Whether text in `lang` can be drawn now.
    pub fn ready_for(&self, lang: Lang) -> bool {
        match lang {
            Lang::ZhHant => self.hk >= Coverage::Web && venue_core::hant::is_ready(),
            Lang::Zh | Lang::En => true,
        }
    }

    /// Fetches `lang`'s face and switches to `lang` when it is there.
    pub fn switch_when_ready(&mut self, lang: Lang) {
        self.pending_language = Some(lang);
        if lang == Lang::ZhHant {
            self.ask(FontSet::HkWeb);
        }
    }

    fn ask(&mut self, set: FontSet) {
        if self.asked.contains(&set) {
            return;
        }
        let loader = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str(LOADER_GLOBAL)).ok())
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match loader {
            Some(loader) => {
                info!("fetching the {} fonts", set.name());
                if let Err(e) = loader.call1(&JsValue::NULL, &JsValue::from_str(set.name())) {
                    error!("the page could not fetch the {} fonts: {e:?}", set.name());
                    return;
                }
                self.asked.push(set);
            }
            None => error!("the page has no {LOADER_GLOBAL}: cannot fetch more fonts"),
        }
    }
}

/// The first view's fonts, as the page handed them over: (name, bytes).
fn first_view_fonts() -> Vec<(String, Vec<u8>)> {
    let Some(fonts) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str(FIRST_VIEW_GLOBAL)).ok())
        .filter(|v| v.is_object())
    else {
        error!("the page did not hand over {FIRST_VIEW_GLOBAL}: text cannot be drawn");
        return Vec::new();
    };
    let names = js_sys::Object::keys(fonts.unchecked_ref::<js_sys::Object>());
    names
        .iter()
        .filter_map(|name| {
            let bytes = js_sys::Reflect::get(&fonts, &name).ok()?;
            let bytes = bytes.dyn_into::<js_sys::Uint8Array>().ok()?;
            Some((name.as_string()?, bytes.to_vec()))
        })
        .collect()
}

/// Puts the page's first-view fonts under the app's font handles; returns what the app
/// now has.
pub fn insert_first_view(
    fonts: &mut Assets<Font>,
    regular: AssetId<Font>,
    bold: AssetId<Font>,
    hant_regular: AssetId<Font>,
    hant_bold: AssetId<Font>,
) -> WebFonts {
    let mut state = WebFonts {
        sc: Coverage::None,
        hk: Coverage::None,
        asked: Vec::new(),
        pending_language: None,
        sc_chars: SC_WEB_CHARS.trim_end().chars().collect(),
        hk_chars: HK_WEB_CHARS.trim_end().chars().collect(),
    };
    install_first_view_hant();
    let given = first_view_fonts();
    let get = |name: &str| given.iter().find(|(n, _)| n == name).map(|(_, b)| b);
    if let (Some(r), Some(b)) = (get("sc-regular"), get("sc-bold")) {
        let _ = fonts.insert(regular, Font::from_bytes(r.clone()));
        let _ = fonts.insert(bold, Font::from_bytes(b.clone()));
        keep_for_report(Lang::Zh, r);
        state.sc = Coverage::Web;
    }
    if let (Some(r), Some(b)) = (get("hk-regular"), get("hk-bold")) {
        let _ = fonts.insert(hant_regular, Font::from_bytes(r.clone()));
        let _ = fonts.insert(hant_bold, Font::from_bytes(b.clone()));
        keep_for_report(Lang::ZhHant, r);
        state.hk = Coverage::Web;
    } else if let Some(names) = get("names") {
        // Only the language selector uses the HK face before 繁體 is picked.
        let _ = fonts.insert(hant_regular, Font::from_bytes(names.clone()));
        let _ = fonts.insert(hant_bold, Font::from_bytes(names.clone()));
    }
    state
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (take_arrived_fonts, check_venue_coverage)
            .chain()
            .in_set(AppSet::Input),
    );
}

/// Adds the fonts that arrived, points the faces at them, and redraws every text (or
/// makes the language change that waited for them).
fn take_arrived_fonts(
    mut state: ResMut<WebFonts>,
    mut fonts: ResMut<Assets<Font>>,
    mut faces: ResMut<FontFaces>,
    mut language: ResMut<Language>,
) {
    let arrived: Vec<_> = ARRIVED
        .lock()
        .map(|mut a| std::mem::take(&mut *a))
        .unwrap_or_default();
    if arrived.is_empty() {
        // What a language waited for may have come without fonts (the dictionaries).
        if let Some(lang) = state.pending_language
            && state.ready_for(lang)
        {
            state.pending_language = None;
            language.0 = lang;
        }
        return;
    }
    for (set, regular, bold) in arrived {
        state.asked.retain(|&s| s != set);
        let (lang, coverage) = match set {
            FontSet::HkWeb => (Lang::ZhHant, Coverage::Web),
            FontSet::HkFull => (Lang::ZhHant, Coverage::Full),
            FontSet::ScFull => (Lang::Zh, Coverage::Full),
        };
        keep_for_report(lang, &regular);
        // New assets (not a new font under the old handle: Bevy's text stack registers
        // each font asset once, by id).
        let regular = fonts.add(Font::from_bytes(regular));
        let bold = fonts.add(Font::from_bytes(bold));
        if lang == Lang::ZhHant {
            if state.hk >= coverage {
                continue;
            }
            (faces.hant_regular, faces.hant_bold) = (regular, bold);
            state.hk = coverage;
        } else {
            if state.sc >= coverage {
                continue;
            }
            (faces.regular, faces.bold) = (regular, bold);
            state.sc = coverage;
        }
        info!("the {} fonts arrived", set.name());
    }
    match state.pending_language.take() {
        Some(lang) if state.ready_for(lang) => language.0 = lang,
        Some(lang) => state.pending_language = Some(lang),
        None => {}
    }
    // Rebuild every text with the new faces, as a language change does.
    language.set_changed();
}

/// When a scene has a character the web subsets lack, fetches the complete subset of
/// that face (the HK one only once Traditional Chinese is in use).
fn check_venue_coverage(
    active: Option<Res<ActiveVenue>>,
    language: Res<Language>,
    mut state: ResMut<WebFonts>,
) {
    let Some(active) = active else { return };
    if !active.is_changed() && !language.is_changed() {
        return;
    }
    let texts = texts_of(&active.data);
    if state.sc == Coverage::Web && lacks(&state.sc_chars, &texts, &[Lang::Zh, Lang::En]) {
        state.ask(FontSet::ScFull);
    }
    if state.hk == Coverage::Web && lacks(&state.hk_chars, &texts, &[Lang::ZhHant]) {
        state.ask(FontSet::HkFull);
    }
}

/// Whether any text in `langs` has a character outside `covered`.
fn lacks(covered: &HashSet<char>, texts: &[Text], langs: &[Lang]) -> bool {
    texts.iter().any(|text| {
        langs.iter().any(|&lang| {
            text.get(lang)
                .chars()
                .any(|c| !c.is_whitespace() && !c.is_control() && !covered.contains(&c))
        })
    })
}

/// Every bilingual text of a loaded venue: its scene, catalogue, rule packs and report.
fn texts_of(data: &crate::venue_asset::VenueData) -> Vec<Text> {
    let mut out = Vec::new();
    for value in [
        serde_json::to_value(&data.venue),
        serde_json::to_value(&data.catalogue),
        serde_json::to_value(&data.packs),
        serde_json::to_value(&data.report),
    ]
    .into_iter()
    .flatten()
    {
        collect_texts(&value, &mut out);
    }
    out
}

fn collect_texts(value: &serde_json::Value, out: &mut Vec<Text>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.contains_key("zh")
                && map.contains_key("en")
                && let Ok(text) = serde_json::from_value::<Text>(value.clone())
            {
                out.push(text);
                return;
            }
            map.values().for_each(|v| collect_texts(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_texts(v, out)),
        _ => {}
    }
}
