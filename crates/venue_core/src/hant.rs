//! Traditional Chinese (繁體中文) from the Simplified text.
//!
//! Content and interface strings are written once, in Simplified Chinese; the Traditional
//! text is converted from it with [OpenCC](https://github.com/BYVoid/OpenCC)'s
//! dictionaries, phrase by phrase, in the **Hong
//! Kong** variant (`s2hk`: 裏, 着, 枱面, …), because the booths serve cross-region
//! applicants of the Greater Bay Area (Hong Kong and Macau write the Hong Kong standard
//! forms). An author overrides a wrong conversion per text (`Text::zh_hant`); the app's
//! interface has its own override table.
//!
//! Why a converter of our own: the dictionaries are 1.1 MB of text, which a web visitor
//! should download only when they pick 繁體, so the web build must load them at run time.
//! `ferrous-opencc` (Apache-2.0, pure Rust) compiles its dictionaries in and keeps its
//! dictionary trait private, so it cannot be handed dictionaries it fetched; `zhconv`
//! (MediaWiki + OpenCC rules) is GPL-2.0-or-later, which the MIT OR Apache-2.0 app could
//! not ship. OpenCC's conversion is simple to state (below), and a test checks this one
//! against `ferrous-opencc` on every dictionary entry and every shipped text.
//!
//! How OpenCC converts (`s2hk`): two stages, each a left-to-right scan that replaces the
//! longest dictionary key starting at the current character with its first value (or
//! keeps the character). Stage 1 looks in the phrases and the characters together (the
//! longer key wins, the phrases on a tie); stage 2 maps Traditional characters to their
//! Hong Kong forms. The dictionaries are in `opencc/` (see its README).
//!
//! **Invariant:** the desktop converter is always there (the dictionaries are compiled in
//! and parsed on first use, ~20 ms); the web's is there once [`install`] got the fetched
//! dictionaries. Until then [`convert`] returns the Simplified text and nothing caches
//! it, so every text converts once the dictionaries arrive ([`is_ready`] tells the app
//! when it may switch to Traditional Chinese).
//!
//! The converter is built once, on first use, and shared; each [`crate::Text`] caches its
//! converted text, so nothing is converted per frame.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

use thiserror::Error;

/// The OpenCC configuration used everywhere: Simplified → Traditional, Hong Kong forms.
pub const VARIANT: &str = "s2hk";

/// The BCP 47 tag of the converted text (for `<html lang>` and fonts): Traditional,
/// Hong Kong.
pub const BCP47: &str = "zh-Hant-HK";

/// Phrases the converter gets wrong in this project's content, fixed after conversion
/// (for every text, so the interface and content agree; one text alone is fixed with its
/// `zh_hant`): `(Simplified, converter's Traditional, right Traditional)`. A test checks
/// that each is still needed.
pub const PHRASE_FIXES: &[(&str, &str, &str)] = &[
    // 厘米 (centimetre): OpenCC writes the Taiwan 釐米; Hong Kong writes 厘米.
    ("厘米", "釐米", "厘米"),
    // 斗柜 (a chest of small drawers, as in a pharmacy): 斗 is the measure, not 鬥 (fight).
    ("斗柜", "鬥櫃", "斗櫃"),
];

/// The dictionaries' file names, in the order [`Converter::from_dictionaries`] takes them
/// (and the page fetches them): stage 1's phrases and characters, stage 2's variants.
pub const DICTIONARY_FILES: [&str; 3] = ["STPhrases.txt", "STCharacters.txt", "HKVariants.txt"];

/// A dictionary that could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DictionaryError {
    /// A line that is neither a comment, blank, nor `key<TAB>values`.
    #[error("{file}:{line}: expected `key<TAB>value`, found {text:?}")]
    BadLine {
        file: &'static str,
        line: usize,
        text: String,
    },
    /// A dictionary with no entry at all (an empty or truncated download).
    #[error("{file}: no entries")]
    Empty { file: &'static str },
}

/// One stage of the conversion: keys to their first value, and the longest key in
/// characters (how far a match can reach).
#[derive(Debug, Default)]
struct Stage {
    entries: HashMap<Box<str>, Box<str>>,
    longest_key_chars: usize,
}

impl Stage {
    /// Adds a dictionary's entries; a key already there (from an earlier dictionary of the
    /// stage) keeps its value, as OpenCC's dictionary groups do. Within one file a repeated
    /// key takes the later line, as OpenCC's compiler does.
    fn add(&mut self, file: &'static str, text: &str) -> Result<(), DictionaryError> {
        let mut this_file: HashMap<Box<str>, Box<str>> = HashMap::new();
        for (index, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let bad = || DictionaryError::BadLine {
                file,
                line: index + 1,
                text: line.to_owned(),
            };
            let (key, values) = line.split_once('\t').ok_or_else(bad)?;
            if values.contains('\t') {
                return Err(bad());
            }
            // OpenCC's compiler skips an entry with an empty key or an empty value.
            if key.is_empty() || values.split(' ').any(str::is_empty) {
                continue;
            }
            let first = values.split(' ').next().unwrap_or(values);
            this_file.insert(key.into(), first.into());
        }
        if this_file.is_empty() {
            return Err(DictionaryError::Empty { file });
        }
        for (key, value) in this_file {
            self.longest_key_chars = self.longest_key_chars.max(key.chars().count());
            self.entries.entry(key).or_insert(value);
        }
        Ok(())
    }

    /// `text` with every longest match replaced, scanning left to right.
    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(first) = rest.chars().next() {
            // The longest key among the next 1..=longest characters (the last match of
            // the byte ends in increasing order).
            let found = rest
                .char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain(std::iter::once(rest.len()))
                .take(self.longest_key_chars.max(1))
                .filter_map(|end| self.entries.get(&rest[..end]).map(|v| (end, v)))
                .last();
            match found {
                Some((end, value)) => {
                    out.push_str(value);
                    rest = &rest[end..];
                }
                None => {
                    out.push(first);
                    rest = &rest[first.len_utf8()..];
                }
            }
        }
        out
    }
}

/// OpenCC's `s2hk` conversion over its dictionaries.
#[derive(Debug)]
pub struct Converter {
    stages: [Stage; 2],
}

impl Converter {
    /// The converter over the three dictionaries' texts, in [`DICTIONARY_FILES`] order.
    pub fn from_dictionaries(
        phrases: &str,
        characters: &str,
        variants: &str,
    ) -> Result<Self, DictionaryError> {
        let [phrases_file, characters_file, variants_file] = DICTIONARY_FILES;
        let mut words = Stage::default();
        words.add(phrases_file, phrases)?;
        words.add(characters_file, characters)?;
        let mut hong_kong = Stage::default();
        hong_kong.add(variants_file, variants)?;
        Ok(Self {
            stages: [words, hong_kong],
        })
    }

    /// `zh` in Traditional Chinese, Hong Kong forms, before [`PHRASE_FIXES`].
    pub fn convert_raw(&self, zh: &str) -> String {
        let words = self.stages[0].apply(zh);
        self.stages[1].apply(&words)
    }
}

static CONVERTER: OnceLock<Converter> = OnceLock::new();

/// The dictionaries compiled into the desktop build.
#[cfg(not(target_arch = "wasm32"))]
mod bundled {
    pub const PHRASES: &str = include_str!("../opencc/STPhrases.txt");
    pub const CHARACTERS: &str = include_str!("../opencc/STCharacters.txt");
    pub const VARIANTS: &str = include_str!("../opencc/HKVariants.txt");
}

/// The converter, when there is one (always on the desktop; on the web once installed).
fn converter() -> Option<&'static Converter> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Some(CONVERTER.get_or_init(|| {
            Converter::from_dictionaries(bundled::PHRASES, bundled::CHARACTERS, bundled::VARIANTS)
                // A test parses the bundled files: this cannot fail in a built program.
                .expect("the bundled OpenCC dictionaries parse")
        }))
    }
    #[cfg(target_arch = "wasm32")]
    {
        CONVERTER.get()
    }
}

/// Installs the converter built from fetched dictionaries (the web build). Returns false
/// if one was there already (the first stays).
pub fn install(converter: Converter) -> bool {
    CONVERTER.set(converter).is_ok()
}

/// Whether Traditional Chinese can be produced now.
pub fn is_ready() -> bool {
    cfg!(not(target_arch = "wasm32")) || CONVERTER.get().is_some()
}

/// `zh` in Traditional Chinese, or `None` while the web build has no dictionaries yet.
pub fn try_convert(zh: &str) -> Option<String> {
    if zh.is_ascii() {
        return Some(zh.to_owned());
    }
    let mut hant = converter()?.convert_raw(zh);
    for (_, wrong, right) in PHRASE_FIXES {
        if hant.contains(wrong) {
            hant = hant.replace(wrong, right);
        }
    }
    Some(hant)
}

/// `zh` (Simplified Chinese) in Traditional Chinese, Hong Kong forms. Text without
/// Simplified characters (ASCII, numbers, symbols) comes back as it is; so does every
/// text while the web build waits for its dictionaries (see the invariant above).
pub fn convert(zh: &str) -> String {
    try_convert(zh).unwrap_or_else(|| zh.to_owned())
}

/// [`convert`] of a string that lives for the whole program (an interface literal), as a
/// string that does too: each distinct literal is converted once and kept (the set of
/// literals is fixed, so this is a bounded table, not a leak that grows).
pub fn convert_static(zh: &'static str) -> &'static str {
    static TABLE: LazyLock<Mutex<HashMap<&'static str, &'static str>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if zh.is_ascii() || !is_ready() {
        return zh;
    }
    let mut table = TABLE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hant) = table.get(zh) {
        return hant;
    }
    let Some(hant) = try_convert(zh) else {
        return zh;
    };
    let hant: &'static str = Box::leak(hant.into_boxed_str());
    table.insert(zh, hant);
    hant
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_phrases_convert_to_hong_kong_forms() {
        for (zh, hant) in [
            ("消毒柜", "消毒櫃"),
            ("洗手池", "洗手池"),
            ("干货仓库", "乾貨倉庫"),
            ("厨房里的垃圾桶要带盖", "廚房裏的垃圾桶要帶蓋"),
            ("万一着火", "萬一着火"),
            ("台面", "枱面"),
            ("头发", "頭髮"),
            ("面积", "面積"),
            ("标准小型餐饮店（48 平方米）", "標準小型餐飲店（48 平方米）"),
            ("≥ 0.90 m", "≥ 0.90 m"),
            ("离墙 10 厘米", "離牆 10 厘米"),
            ("中药斗柜", "中藥斗櫃"),
            ("", ""),
        ] {
            assert_eq!(convert(zh), hant, "{zh}");
        }
    }

    #[test]
    fn every_phrase_fix_is_still_needed() {
        let raw = converter().unwrap();
        for (zh, wrong, right) in PHRASE_FIXES {
            assert_eq!(
                raw.convert_raw(zh),
                *wrong,
                "{zh}: drop the fix if the converter is right"
            );
            assert_eq!(convert(zh), *right);
        }
    }

    #[test]
    fn static_conversion_is_cached_and_equal() {
        let a = convert_static("自查报告");
        assert_eq!(a, "自查報告");
        assert!(std::ptr::eq(a, convert_static("自查报告")));
        assert_eq!(convert_static("PASS"), "PASS");
    }

    /// Every line of every shipped scene file (the texts a visitor reads), under `dir`.
    fn shipped_lines(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                shipped_lines(&path, out);
            } else if path.extension().is_some_and(|e| e == "ron") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.extend(text.lines().filter(|l| !l.is_ascii()).map(str::to_owned));
            }
        }
    }

    #[test]
    fn agrees_with_ferrous_opencc_on_every_entry_and_every_shipped_text() {
        use ferrous_opencc::{OpenCC, config::BuiltinConfig};
        let reference = OpenCC::from_config(BuiltinConfig::S2hk).unwrap();
        let ours = converter().unwrap();
        let mut inputs: Vec<String> = Vec::new();
        for text in [bundled::PHRASES, bundled::CHARACTERS, bundled::VARIANTS] {
            let keys: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t').map(|(k, _)| k))
                .collect();
            inputs.extend(keys.iter().map(|k| (*k).to_owned()));
            // Neighbouring keys run together, so matches compete across the seam.
            inputs.extend(keys.windows(3).step_by(7).map(|w| w.concat()));
        }
        let scenes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes");
        let before = inputs.len();
        shipped_lines(&scenes, &mut inputs);
        assert!(
            inputs.len() > before + 100,
            "the shipped scenes were not found"
        );
        let differ: Vec<_> = inputs
            .iter()
            .filter(|text| ours.convert_raw(text) != reference.convert(text))
            .take(10)
            .map(|text| (text, ours.convert_raw(text), reference.convert(text)))
            .collect();
        assert!(
            differ.is_empty(),
            "(input, ours, ferrous-opencc): {differ:#?}"
        );
    }

    #[test]
    fn a_bad_dictionary_says_which_line() {
        let err =
            Converter::from_dictionaries("# comment\n\n干\t乾 幹\nbroken line\n", "x\ty", "a\tb")
                .unwrap_err();
        assert_eq!(
            err,
            DictionaryError::BadLine {
                file: "STPhrases.txt",
                line: 4,
                text: "broken line".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "STPhrases.txt:4: expected `key<TAB>value`, found \"broken line\""
        );
        // A truncated download (an HTML error page would fail on its first line).
        let err =
            Converter::from_dictionaries("干\t乾", "x\ty", "# only a comment\r\n").unwrap_err();
        assert_eq!(
            err,
            DictionaryError::Empty {
                file: "HKVariants.txt"
            }
        );
    }

    #[test]
    fn the_longest_match_wins_and_phrases_win_ties() {
        let converter = Converter::from_dictionaries(
            "头发\t頭髮\n发\t發_phrase",
            "发\t發 髮\n头\t頭",
            "發_phrase\tX",
        )
        .unwrap();
        // 头发 as one phrase; 发 alone takes the phrase dictionary's value, then stage 2.
        assert_eq!(converter.convert_raw("头发，发"), "頭髮，X");
        assert_eq!(converter.convert_raw("头"), "頭");
        assert_eq!(converter.convert_raw("abc"), "abc");
    }

    #[test]
    fn the_desktop_converter_is_always_there_and_stays() {
        assert!(is_ready());
        assert!(converter().is_some());
        let other = Converter::from_dictionaries("干\t乾", "x\ty", "a\tb").unwrap();
        assert!(!install(other), "the first converter stays");
        assert_eq!(convert("干货"), "乾貨");
    }
}
