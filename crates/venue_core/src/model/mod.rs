//! The venue data model: plain serde types that mirror the RON files authors write.
//!
//! Units are metres and degrees; plans lie in the x/z plane and y is up. A plan point
//! `(x, z)` is a [`P2`]. Rotations are yaw about +y, counter-clockwise seen from above
//! (the same sense as `Quat::from_rotation_y`). A fixture's front is its local +z.
//!
//! Three file kinds exist, each with a `format_version`:
//! - [`Venue`] (`venue.ron`): one scene: floor, walls, openings, zones, fixtures, tour.
//! - [`Catalogue`]: fixture types shared by scenes.
//! - [`RulePack`]: the compliance rules and their thresholds.

mod catalogue;
mod rule_pack;
mod venue;

pub use catalogue::*;
pub use rule_pack::*;
pub use venue::*;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file-format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A point on the plan: `(x, z)` in metres.
pub type P2 = (f64, f64);

/// A point in space: `(x, y, z)` in metres, y up.
pub type P3 = (f64, f64, f64);

/// Text in the interface languages. `zh` (Simplified Chinese) and `en` are required: the
/// booth is zh-CN first and English by one tap, and a missing translation is a validation
/// error. Traditional Chinese is converted from `zh` ([`crate::hant`], Hong Kong forms);
/// `zh_hant` is an optional override for a text the converter gets wrong, omitted from
/// files when absent.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
    /// The author's Traditional Chinese, replacing the conversion of `zh`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh_hant: Option<String>,
    /// The conversion of `zh`, made on the first [`Text::get`] in Traditional Chinese
    /// and kept (so a text is converted once, never per frame). Set `zh` before asking
    /// for the Traditional text; a `Text` built anew starts empty.
    #[serde(skip)]
    converted: std::sync::OnceLock<String>,
}

/// Equality of what the author wrote (the conversion cache is not part of it).
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.zh == other.zh && self.en == other.en && self.zh_hant == other.zh_hant
    }
}

impl Eq for Text {}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
            zh_hant: None,
            converted: std::sync::OnceLock::new(),
        }
    }

    /// The same text with an author's Traditional Chinese.
    pub fn with_hant(mut self, zh_hant: impl Into<String>) -> Self {
        self.zh_hant = Some(zh_hant.into());
        self
    }

    /// The text in `lang`. Traditional Chinese is the author's `zh_hant` if given, else
    /// `zh` converted (once, then cached in this `Text`).
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
            Lang::ZhHant => match &self.zh_hant {
                Some(t) => t,
                // Cached once converted; not while the web build waits for its
                // dictionaries (the Simplified text shows until they arrive).
                None => match self.converted.get() {
                    Some(hant) => hant,
                    None => match crate::hant::try_convert(&self.zh) {
                        Some(hant) => self.converted.get_or_init(|| hant),
                        None => &self.zh,
                    },
                },
            },
        }
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Simplified Chinese, the default at the booth.
    #[default]
    Zh,
    En,
    /// Traditional Chinese (Hong Kong forms), converted from the Simplified text
    /// unless an author wrote it (`zh_hant`). Serde name `zh_hant`.
    ZhHant,
}

impl Lang {
    /// Every language, in the order the interface offers them.
    pub const ALL: [Lang; 3] = [Lang::Zh, Lang::ZhHant, Lang::En];

    /// Chinese, Simplified or Traditional (the interface's Chinese wording and layout).
    pub fn is_chinese(self) -> bool {
        matches!(self, Lang::Zh | Lang::ZhHant)
    }

    /// A fixed interface text: `zh` (converted to Traditional for [`Lang::ZhHant`], once)
    /// or `en`.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
            Lang::ZhHant => crate::hant::convert_static(zh),
        }
    }

    /// A formatted interface text: `zh` (converted for [`Lang::ZhHant`]) or `en`.
    pub fn text(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
            Lang::ZhHant => crate::hant::convert(&zh.into()),
        }
    }

    /// The BCP 47 tag (`<html lang>`): `zh-CN`, `zh-Hant-HK`, `en`.
    pub fn bcp47(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
            Lang::ZhHant => crate::hant::BCP47,
        }
    }
}

/// A free attribute value: `true`, `16`, `"sensor"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Value {
    /// Truthiness used by flag conditions: `true`, a non-zero number, a non-empty
    /// text other than `"none"`.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0,
            Value::Text(t) => !t.is_empty() && t != "none",
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(t) => write!(f, "\"{t}\""),
        }
    }
}

/// Free attributes on fixtures, doors, windows and zones (`lid: true`, `tap: "sensor"`).
/// A `BTreeMap` so that output order is deterministic.
pub type Attributes = BTreeMap<String, Value>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_is_converted_from_simplified_unless_overridden() {
        let t = Text::new("消毒柜", "Disinfection cabinet");
        assert_eq!(t.get(Lang::Zh), "消毒柜");
        assert_eq!(t.get(Lang::ZhHant), "消毒櫃");
        assert_eq!(t.get(Lang::ZhHant), "消毒櫃", "the cached conversion");
        let o = Text::new("消毒柜", "Disinfection cabinet").with_hant("消毒碗櫃");
        assert_eq!(o.get(Lang::ZhHant), "消毒碗櫃");
        assert_eq!(o.get(Lang::Zh), "消毒柜");
        // The cache is not part of equality.
        let fresh = Text::new("消毒柜", "Disinfection cabinet");
        assert_eq!(t, fresh);
        assert_ne!(t, o);
    }

    #[test]
    fn zh_hant_round_trips_and_is_omitted_when_absent() {
        let plain: Text = ron::from_str(r#"(zh: "洗手池", en: "Hand-wash basin")"#).unwrap();
        assert_eq!(plain.zh_hant, None);
        let s = ron::to_string(&plain).unwrap();
        assert!(!s.contains("zh_hant"), "{s}");
        let with: Text =
            ron::from_str(r#"(zh: "台面", en: "Worktop", zh_hant: Some("工作枱面"))"#).unwrap();
        assert_eq!(with.get(Lang::ZhHant), "工作枱面");
        let back: Text = ron::from_str(&ron::to_string(&with).unwrap()).unwrap();
        assert_eq!(back, with);
        let json = serde_json::to_string(&with).unwrap();
        assert_eq!(json, r#"{"zh":"台面","en":"Worktop","zh_hant":"工作枱面"}"#);
    }

    #[test]
    fn lang_serde_names() {
        assert_eq!(
            serde_json::to_string(&Lang::ZhHant).unwrap(),
            r#""zh_hant""#
        );
        assert_eq!(ron::from_str::<Lang>("zh_hant").unwrap(), Lang::ZhHant);
        assert_eq!(Lang::ZhHant.pick("自查报告", "Report"), "自查報告");
        assert!(Lang::ZhHant.is_chinese() && !Lang::En.is_chinese());
    }
}
