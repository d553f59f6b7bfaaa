//! Interface language: zh-CN by default; Traditional Chinese (Hong Kong forms) and
//! English one tap away on the language selector.
//!
//! Every interface string is a [`UiText`] variant with both translations in one `match`,
//! so a string cannot exist in one language only; a test checks none is empty and that
//! the Chinese side really is Chinese. The Traditional text is converted from the
//! Simplified one (`venue_core::hant`, once, into a table), except for the few strings in
//! [`HANT_OVERRIDES`] that the converter gets wrong. Content strings (rule titles, zone
//! names) come from the RON files, which validation checks for both languages (their
//! Traditional text is converted too, or written by the author as `zh_hant`).

use bevy::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;
pub use venue_core::Lang;

/// The language the interface is shown in.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Language(pub Lang);

/// The language selector's name of each language, written in that language (a visitor
/// finds their own script whatever is on screen): 简体 · 繁體 · English.
pub fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "简体",
        Lang::ZhHant => "繁體",
        Lang::En => "English",
    }
}

/// Every fixed string of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiText {
    AppTitle,
    /// The title where the top bar is one phone wide (compact layout).
    AppTitleShort,
    Overview,
    Plan,
    Walk,
    LargeText,
    Checklist,
    RequiredPass,
    RecommendedPass,
    Pass,
    Fail,
    FailRecommended,
    NotApplicable,
    Required,
    Recommended,
    Measured,
    RequiredValue,
    Source,
    Clause,
    Effective,
    Finding,
    Tour,
    StartTour,
    Previous,
    Next,
    Replay,
    ExitTour,
    TourEnd,
    Close,
    LoadError,
    /// A scene that could not be opened when none was shown before (a wrong address).
    OpenError,
    Forward,
    Back,
    Left,
    Right,
    WalkHint,
    Home,
    Explanation,
    Scenes,
    ChooseScene,
    Showing,
    SaveReport,
    Edit,
    RotateLeft,
    RotateRight,
    Delete,
    Undo,
    Redo,
    Save,
    EditHint,
    Unsaved,
    Selected,
    AddFixture,
    ChooseFixture,
    AllFixtureTypes,
    SceneFixtureTypes,
    Open,
    SaveAs,
    StartScreen,
    TouchToStart,
    ChoosePremises,
    StillThere,
    ResetIn,
    StillHere,
    StaffOnly,
    EnterPin,
    WrongPin,
    Cancel,
    Confirm,
    SceneUnavailable,
    SceneUnavailableHint,
    LanguageChoice,
    /// Opens the compact layout's menu (the top bar's less used buttons).
    More,
    /// Folds the compact layout's sheet down to its header.
    HideSheet,
    /// Unfolds it.
    ShowSheet,
}

impl UiText {
    pub const ALL: [UiText; 75] = [
        UiText::AppTitle,
        UiText::AppTitleShort,
        UiText::Overview,
        UiText::Plan,
        UiText::Walk,
        UiText::LargeText,
        UiText::Checklist,
        UiText::RequiredPass,
        UiText::RecommendedPass,
        UiText::Pass,
        UiText::Fail,
        UiText::FailRecommended,
        UiText::NotApplicable,
        UiText::Required,
        UiText::Recommended,
        UiText::Measured,
        UiText::RequiredValue,
        UiText::Source,
        UiText::Clause,
        UiText::Effective,
        UiText::Finding,
        UiText::Tour,
        UiText::StartTour,
        UiText::Previous,
        UiText::Next,
        UiText::Replay,
        UiText::ExitTour,
        UiText::TourEnd,
        UiText::Close,
        UiText::LoadError,
        UiText::OpenError,
        UiText::Forward,
        UiText::Back,
        UiText::Left,
        UiText::Right,
        UiText::WalkHint,
        UiText::Home,
        UiText::Explanation,
        UiText::Scenes,
        UiText::ChooseScene,
        UiText::Showing,
        UiText::SaveReport,
        UiText::Edit,
        UiText::RotateLeft,
        UiText::RotateRight,
        UiText::Delete,
        UiText::Undo,
        UiText::Redo,
        UiText::Save,
        UiText::EditHint,
        UiText::Unsaved,
        UiText::Selected,
        UiText::AddFixture,
        UiText::ChooseFixture,
        UiText::AllFixtureTypes,
        UiText::SceneFixtureTypes,
        UiText::Open,
        UiText::SaveAs,
        UiText::StartScreen,
        UiText::TouchToStart,
        UiText::ChoosePremises,
        UiText::StillThere,
        UiText::ResetIn,
        UiText::StillHere,
        UiText::StaffOnly,
        UiText::EnterPin,
        UiText::WrongPin,
        UiText::Cancel,
        UiText::Confirm,
        UiText::SceneUnavailable,
        UiText::SceneUnavailableHint,
        UiText::LanguageChoice,
        UiText::More,
        UiText::HideSheet,
        UiText::ShowSheet,
    ];

    /// `(zh-CN, en)`.
    pub fn pair(self) -> (&'static str, &'static str) {
        match self {
            UiText::AppTitle => ("开店指引 · 三维示范", "Venue guide · 3D model"),
            UiText::AppTitleShort => ("开店指引", "Venue guide"),
            UiText::Overview => ("总览", "Overview"),
            UiText::Plan => ("平面图", "Plan"),
            UiText::Walk => ("漫游", "Walk"),
            UiText::LargeText => ("大字", "Large text"),
            UiText::Checklist => ("检查清单", "Checklist"),
            UiText::RequiredPass => ("项必须要求达标", "required rules pass"),
            UiText::RecommendedPass => ("项建议要求达标", "recommended rules pass"),
            UiText::Pass => ("符合", "Pass"),
            UiText::Fail => ("不符合", "Fail"),
            UiText::FailRecommended => ("建议改进", "Should improve"),
            UiText::NotApplicable => ("不适用", "Not applicable"),
            UiText::Required => ("必须（应）", "Required (shall)"),
            UiText::Recommended => ("建议（宜）", "Recommended (should)"),
            UiText::Measured => ("实测", "Measured"),
            UiText::RequiredValue => ("要求", "Required"),
            UiText::Source => ("依据", "Source"),
            UiText::Clause => ("条款", "Clause"),
            UiText::Effective => ("施行日期", "In force since"),
            UiText::Finding => ("检查结果", "Finding"),
            UiText::Tour => ("导览", "Tour"),
            UiText::StartTour => ("开始导览", "Start the tour"),
            UiText::Previous => ("上一项", "Previous"),
            UiText::Next => ("下一项", "Next"),
            UiText::Replay => ("重播", "Replay"),
            UiText::ExitTour => ("退出导览", "Leave the tour"),
            UiText::TourEnd => (
                "导览结束。您可以自由漫游，或点击任一检查点查看详情。",
                "End of the tour. Walk around freely, or tap any checkpoint for details.",
            ),
            UiText::Close => ("关闭", "Close"),
            UiText::LoadError => (
                "场景文件有错误，仍显示上一次正确的版本：",
                "The scene files have errors; showing the last good version:",
            ),
            UiText::OpenError => (
                "无法打开这个场景（文件有错误或不存在）。请点击“选择场景”打开其他场景：",
                "This scene could not be opened (its files have errors or are missing). Tap “Scenes” to open another:",
            ),
            UiText::Forward => ("前进", "Forward"),
            UiText::Back => ("后退", "Back"),
            UiText::Left => ("左移", "Left"),
            UiText::Right => ("右移", "Right"),
            UiText::WalkHint => (
                "拖动画面转向，按住箭头行走",
                "Drag to look around, hold an arrow to walk",
            ),
            UiText::Home => ("复位", "Reset view"),
            UiText::Explanation => ("说明", "Explanation"),
            UiText::Scenes => ("选择场景", "Scenes"),
            UiText::ChooseScene => ("选择要查看的场景", "Choose a scene to look at"),
            UiText::Showing => ("正在显示", "On screen"),
            UiText::SaveReport => ("自查报告", "Self-check report"),
            UiText::Edit => ("编辑", "Edit"),
            UiText::RotateLeft => ("左转 90°", "Turn left 90°"),
            UiText::RotateRight => ("右转 90°", "Turn right 90°"),
            UiText::Delete => ("删除", "Delete"),
            UiText::Undo => ("撤销", "Undo"),
            UiText::Redo => ("重做", "Redo"),
            UiText::Save => ("保存", "Save"),
            UiText::EditHint => (
                "按住设备拖动到新位置（自动对齐 5 厘米网格和墙面），检查结果随即更新",
                "Press a fixture and drag it (it snaps to a 5 cm grid and to walls); the checks update at once",
            ),
            UiText::Unsaved => ("有未保存的改动", "Unsaved changes"),
            UiText::Selected => ("已选", "Selected"),
            UiText::AddFixture => ("添加设备", "Add a fixture"),
            UiText::Open => ("打开…", "Open…"),
            UiText::SaveAs => ("另存为…", "Save as…"),
            UiText::StartScreen => ("首页", "Start screen"),
            UiText::TouchToStart => ("触摸屏幕开始", "Touch the screen to start"),
            UiText::ChoosePremises => (
                "请选择您想了解的场所",
                "Choose the premises you want to see",
            ),
            UiText::StillThere => ("还在吗？", "Still there?"),
            UiText::ResetIn => ("{n} 秒后回到首页", "Back to the start screen in {n} s"),
            UiText::StillHere => ("我还在", "I'm still here"),
            UiText::StaffOnly => ("工作人员专用", "Staff only"),
            UiText::EnterPin => ("请输入密码", "Enter the PIN"),
            UiText::WrongPin => ("密码不正确，请重试", "Wrong PIN, try again"),
            UiText::Cancel => ("取消", "Cancel"),
            UiText::Confirm => ("确定", "OK"),
            UiText::SceneUnavailable => (
                "这个场景暂时无法打开",
                "This scene cannot be opened right now",
            ),
            UiText::SceneUnavailableHint => (
                "请选择其他场景，或按呼叫按钮请工作人员帮助。",
                "Please choose another one, or press the call button for a staff member.",
            ),
            UiText::LanguageChoice => ("语言", "Language"),
            UiText::More => ("更多…", "More…"),
            UiText::HideSheet => ("收起 ▼", "Hide ▼"),
            UiText::ShowSheet => ("展开 ▲", "Show ▲"),
            UiText::AllFixtureTypes => ("显示全部类型", "Show all types"),
            UiText::SceneFixtureTypes => ("只看本场景的类型", "This scene's types only"),
            UiText::ChooseFixture => (
                "选择要添加的设备（出现在店中央，再拖到位置）",
                "Choose a fixture to add (it appears mid-floor; drag it into place)",
            ),
        }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        let (zh, en) = self.pair();
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
            Lang::ZhHant => hant_table()
                .and_then(|table| table.get(&self))
                .map_or(zh, |t| t.as_str()),
        }
    }
}

/// Traditional Chinese written by hand where the converter's wording is wrong for the
/// interface (a test checks each differs from the conversion, so a stale entry shows).
/// Empty today: every interface string converts right (reviewed with the ignored test
/// `print_traditional`); a wrong *phrase* that content shares goes into
/// `venue_core::hant::PHRASE_FIXES` instead, so both read alike.
pub const HANT_OVERRIDES: &[(UiText, &str)] = &[];

/// Every interface string in Traditional Chinese: converted once, on first use once the
/// converter is there (the web build fetches its dictionaries; until then, Simplified).
static HANT: OnceLock<HashMap<UiText, String>> = OnceLock::new();

fn hant_table() -> Option<&'static HashMap<UiText, String>> {
    if let Some(table) = HANT.get() {
        return Some(table);
    }
    venue_core::hant::is_ready()
        .then(|| HANT.get_or_init(|| build_hant_table(&UiText::ALL, HANT_OVERRIDES)))
}

fn build_hant_table(texts: &[UiText], overrides: &[(UiText, &str)]) -> HashMap<UiText, String> {
    texts
        .iter()
        .map(|&t| {
            let hant = overrides.iter().find(|(o, _)| *o == t).map_or_else(
                || venue_core::hant::convert(t.pair().0),
                |(_, h)| (*h).to_owned(),
            );
            (t, hant)
        })
        .collect()
}

/// The language a visitor finds; a reset ([`crate::shared::ResetVisitor`]) goes back to it.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StartLanguage(pub Lang);

pub fn plugin(app: &mut App) {
    let start = app
        .world()
        .get_resource::<Language>()
        .map_or(Lang::default(), |l| l.0);
    app.init_resource::<Language>()
        .insert_resource(StartLanguage(start))
        .add_systems(Update, reset_language.in_set(crate::AppSet::Input));
}

fn reset_language(
    mut resets: MessageReader<crate::shared::ResetVisitor>,
    start: Res<StartLanguage>,
    mut language: ResMut<Language>,
) {
    if resets.read().count() > 0 {
        language.set_if_neq(Language(start.0));
    }
}

/// A permit kind as a visitor reads it (the core's names, shared with the report).
pub use venue_core::print::permit_name;

/// A scene title split for a tile: its name, and the trailing aside in brackets
/// without them ("标准小型餐饮店（48 平方米）" → "标准小型餐饮店", "48 平方米"), so a
/// tile can set the aside on its own line. Narrow tiles otherwise broke such a title
/// wherever a line ran out, inside "平方米" or before "看）". A title without a
/// trailing aside (or nothing but one) is all name.
pub fn title_and_aside(title: &str) -> (&str, Option<&str>) {
    let trimmed = title.trim_end();
    for (open, close) in [('（', '）'), ('(', ')')] {
        let Some(inner_end) = trimmed.strip_suffix(close) else {
            continue;
        };
        let Some(open_at) = inner_end.rfind(open) else {
            continue;
        };
        let name = inner_end[..open_at].trim_end();
        let aside = inner_end[open_at + open.len_utf8()..].trim();
        if !name.is_empty() && !aside.is_empty() {
            return (name, Some(aside));
        }
    }
    (title, None)
}

/// Whether `s` contains at least one CJK ideograph.
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_both_languages() {
        for text in UiText::ALL {
            let (zh, en) = text.pair();
            assert!(!zh.trim().is_empty(), "{text:?} has no Chinese");
            assert!(!en.trim().is_empty(), "{text:?} has no English");
            assert_ne!(zh, en, "{text:?} is not translated");
            assert!(has_cjk(zh), "{text:?}: the zh string is not Chinese: {zh}");
            assert!(!has_cjk(en), "{text:?}: the en string has Chinese: {en}");
            let hant = text.get(Lang::ZhHant);
            assert!(has_cjk(hant), "{text:?}: no Traditional text: {hant}");
        }
    }

    #[test]
    fn the_list_of_all_strings_is_complete() {
        let unique: std::collections::HashSet<_> = UiText::ALL.iter().collect();
        assert_eq!(unique.len(), UiText::ALL.len());
    }

    #[test]
    fn the_shipped_permits_have_names_in_both_languages() {
        for permit in ["food_business", "drug_retail"] {
            assert!(has_cjk(&permit_name(permit, Lang::Zh)));
            assert!(!permit_name(permit, Lang::En).contains('_'));
        }
        assert_eq!(permit_name("fire_safety", Lang::En), "fire_safety");
    }

    #[test]
    fn a_titles_trailing_aside_is_split_off() {
        assert_eq!(
            title_and_aside("标准小型餐饮店（48 平方米）"),
            ("标准小型餐饮店", Some("48 平方米"))
        );
        assert_eq!(
            title_and_aside("Small eatery with mistakes (spot them)"),
            ("Small eatery with mistakes", Some("spot them"))
        );
        assert_eq!(title_and_aside("小型餐饮店"), ("小型餐饮店", None));
        // Only a trailing aside: one in the middle stays in the name.
        assert_eq!(
            title_and_aside("餐饮店（二楼）后厨"),
            ("餐饮店（二楼）后厨", None)
        );
        // Nothing but an aside, or an empty one: the whole title is the name.
        assert_eq!(title_and_aside("（示例）"), ("（示例）", None));
        assert_eq!(title_and_aside("餐饮店（）"), ("餐饮店（）", None));
        // Mismatched brackets are not an aside.
        assert_eq!(title_and_aside("餐饮店(48 m²）"), ("餐饮店(48 m²）", None));
    }

    #[test]
    fn zh_is_the_default_and_each_language_names_itself() {
        assert_eq!(Language::default().0, Lang::Zh);
        let names: Vec<_> = Lang::ALL.iter().map(|&l| language_name(l)).collect();
        assert_eq!(names, ["简体", "繁體", "English"]);
    }

    #[test]
    fn traditional_interface_text_is_converted_with_overrides() {
        assert_eq!(UiText::Checklist.get(Lang::ZhHant), "檢查清單");
        assert_eq!(UiText::SaveReport.get(Lang::ZhHant), "自查報告");
        assert_eq!(UiText::Overview.get(Lang::ZhHant), "總覽");
        let table = build_hant_table(&[UiText::Home, UiText::Save], &[(UiText::Home, "返回起點")]);
        assert_eq!(table[&UiText::Home], "返回起點", "an override wins");
        assert_eq!(table[&UiText::Save], "保存");
        assert_eq!(
            UiText::EditHint.get(Lang::ZhHant),
            "按住設備拖動到新位置（自動對齊 5 厘米網格和牆面），檢查結果隨即更新",
            "Hong Kong writes 厘米 (a phrase fix)"
        );
        for (text, hant) in HANT_OVERRIDES {
            assert_eq!(text.get(Lang::ZhHant), *hant);
            assert_ne!(
                venue_core::hant::convert(text.pair().0),
                *hant,
                "{text:?}: the override equals the conversion; drop it"
            );
        }
    }

    /// Prints every interface string in Traditional Chinese, for review:
    /// `cargo test -p venue-guide --lib -- --ignored --nocapture print_traditional`.
    #[test]
    #[ignore]
    fn print_traditional() {
        for text in UiText::ALL {
            println!("{text:?}\t{}\t{}", text.pair().0, text.get(Lang::ZhHant));
        }
    }
}
