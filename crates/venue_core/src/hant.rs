//! Traditional Chinese (繁體中文) from the Simplified text.
//!
//! Content and interface strings are written once, in Simplified Chinese; the Traditional
//! text is converted from it with [OpenCC](https://github.com/BYVoid/OpenCC)'s
//! dictionaries (through the pure-Rust `ferrous-opencc`), phrase by phrase, in the **Hong
//! Kong** variant (`s2hk`: 裏, 着, 枱面, …), because the booths serve cross-region
//! applicants of the Greater Bay Area (Hong Kong and Macau write the Hong Kong standard
//! forms). An author overrides a wrong conversion per text (`Text::zh_hant`); the app's
//! interface has its own override table.
//!
//! Why this crate: `zhconv` (MediaWiki + OpenCC rules) converts as well but is licensed
//! GPL-2.0-or-later, which the MIT OR Apache-2.0 app could not ship; OpenCC's data and
//! `ferrous-opencc` are Apache-2.0. Both build for wasm32; the Simplified → Traditional
//! dictionaries add about 2.3 MB to the wasm (0.7 MB gzipped).
//!
//! The converter is built once, on first use (a few milliseconds), and shared; each
//! [`crate::Text`] caches its converted text, so nothing is converted per frame.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

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

static CONVERTER: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::S2hk).ok());

/// `zh` (Simplified Chinese) in Traditional Chinese, Hong Kong forms. Text without
/// Simplified characters (ASCII, numbers, symbols) comes back as it is. Never fails: if
/// the built-in dictionaries could not be read, the text is returned unchanged.
pub fn convert(zh: &str) -> String {
    if zh.is_ascii() {
        return zh.to_owned();
    }
    let Some(converter) = CONVERTER.as_ref() else {
        return zh.to_owned();
    };
    let mut hant = converter.convert(zh);
    for (_, wrong, right) in PHRASE_FIXES {
        if hant.contains(wrong) {
            hant = hant.replace(wrong, right);
        }
    }
    hant
}

/// [`convert`] of a string that lives for the whole program (an interface literal), as a
/// string that does too: each distinct literal is converted once and kept (the set of
/// literals is fixed, so this is a bounded table, not a leak that grows).
pub fn convert_static(zh: &'static str) -> &'static str {
    static TABLE: LazyLock<Mutex<HashMap<&'static str, &'static str>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if zh.is_ascii() {
        return zh;
    }
    let mut table = TABLE.lock().unwrap_or_else(|e| e.into_inner());
    table
        .entry(zh)
        .or_insert_with(|| Box::leak(convert(zh).into_boxed_str()))
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
        let raw = OpenCC::from_config(BuiltinConfig::S2hk).unwrap();
        for (zh, wrong, right) in PHRASE_FIXES {
            assert_eq!(
                raw.convert(zh),
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
}
