//! Look and feel: one place for colours, sizes and fonts.
//!
//! Sizes are logical pixels at the 1920×1080 reference; `UiScale` follows the window (see
//! `ui::scale_ui`), so at 1080p body text is 24 px and touch targets at least 48 px, and
//! large-text mode scales everything by [`LARGE_TEXT_SCALE`]. Every text/background pair
//! below is checked for a WCAG contrast of at least 4.5:1 by a test.

use crate::i18n::{Lang, Language};
use crate::shared::MarkerStatus;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::text::{FontSize, FontSource};

/// Reference height the sizes are designed for.
pub const REFERENCE_HEIGHT: f32 = 1080.0;
/// The width the layout is designed for (a 16:9 screen at [`REFERENCE_HEIGHT`]); only a
/// stereo eye's narrow picture scales by it.
pub const REFERENCE_WIDTH: f32 = 1920.0;
/// Large-text mode enlarges the whole interface by this factor.
pub const LARGE_TEXT_SCALE: f32 = 1.3;

pub const BODY_TEXT: f32 = 24.0;
pub const SMALL_TEXT: f32 = 22.0;
pub const TITLE_TEXT: f32 = 32.0;
pub const BIG_VALUE_TEXT: f32 = 34.0;
pub const MARKER_TEXT: f32 = 24.0;
pub const LABEL_TEXT: f32 = 22.0;
/// Minimum touch target (px): above the 48 px accessibility guideline.
pub const TOUCH_TARGET: f32 = 56.0;

pub const Z_LABELS: i32 = 1;
pub const Z_EVIDENCE: i32 = 2;
pub const Z_MARKERS: i32 = 3;
pub const Z_PANELS: i32 = 10;
pub const Z_MODAL: i32 = 20;
/// Panels a visitor opens over everything else, the tour's intro included (the scene
/// picker, the fixture palette).
pub const Z_DIALOG: i32 = 30;
/// Short notices, above any dialog.
pub const Z_NOTICE: i32 = 40;
/// The booth's own screens (start screen, countdown, PIN pad), above everything.
pub const Z_BOOTH: i32 = 50;

/// Opaque: the text's contrast is then what the test below checks, whatever the scene
/// behind; at 94 % a dark model behind the card showed through as a stray mark.
pub const PANEL_BG: Color = Color::srgb(0.07, 0.09, 0.12);
pub const PANEL_TEXT: Color = Color::srgb(0.96, 0.96, 0.96);
pub const MUTED_TEXT: Color = Color::srgb(0.78, 0.80, 0.84);
pub const BUTTON_BG: Color = Color::srgb(0.16, 0.29, 0.55);
pub const BUTTON_ACTIVE_BG: Color = Color::srgb(0.05, 0.45, 0.75);
/// A button that does nothing now (undo with nothing to undo).
pub const BUTTON_DISABLED_BG: Color = Color::srgb(0.30, 0.32, 0.36);
pub const BUTTON_TEXT: Color = Color::WHITE;
pub const SELECTED_ROW_BG: Color = Color::srgb(0.18, 0.24, 0.33);
pub const LABEL_BG: Color = Color::srgba(0.10, 0.12, 0.16, 0.82);
pub const EVIDENCE_LABEL_BG: Color = Color::srgba(0.05, 0.05, 0.08, 0.92);
pub const WARNING_BG: Color = Color::srgb(1.0, 0.82, 0.25);
pub const ERROR_BG: Color = Color::srgb(0.55, 0.08, 0.08);

pub fn marker_fill(status: MarkerStatus) -> Color {
    match status {
        MarkerStatus::Pass => Color::srgb(0.12, 0.50, 0.20),
        MarkerStatus::FailRequired => Color::srgb(0.80, 0.10, 0.10),
        MarkerStatus::FailRecommended => Color::srgb(1.0, 0.70, 0.10),
        MarkerStatus::NotApplicable => Color::srgb(0.38, 0.38, 0.40),
    }
}

pub fn marker_text(status: MarkerStatus) -> Color {
    match status {
        MarkerStatus::FailRecommended => Color::BLACK,
        _ => Color::WHITE,
    }
}

/// The font files, each a `Font` asset: the Simplified Chinese face (Noto Sans CJK SC
/// subset, also the default font) and the Traditional Chinese one (Noto Sans CJK HK
/// subset, Hong Kong glyph forms), regular and bold.
#[derive(Resource, Clone, Default)]
pub struct FontFaces {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
    pub hant_regular: Handle<Font>,
    pub hant_bold: Handle<Font>,
}

impl FontFaces {
    /// The (regular, bold) face for text in `lang`: Traditional Chinese gets the Hong
    /// Kong face (its characters and glyph forms), Simplified Chinese and English the SC
    /// face.
    pub fn for_lang(&self, lang: Lang) -> (&Handle<Font>, &Handle<Font>) {
        match lang {
            Lang::ZhHant => (&self.hant_regular, &self.hant_bold),
            Lang::Zh | Lang::En => (&self.regular, &self.bold),
        }
    }
}

/// Fonts used everywhere, in the face of the interface language as the system reads it
/// (so a panel built for a language always gets that language's face, whichever system
/// changed the language, and in whichever order).
#[derive(SystemParam)]
pub struct UiFonts<'w> {
    faces: Res<'w, FontFaces>,
    language: Option<Res<'w, Language>>,
}

impl UiFonts<'_> {
    fn lang(&self) -> Lang {
        self.language.as_ref().map_or_else(Lang::default, |l| l.0)
    }

    /// Regular text in the interface language's face.
    pub fn text(&self, size: f32) -> TextFont {
        self.text_in(self.lang(), size)
    }

    /// Bold text in the interface language's face.
    pub fn bold(&self, size: f32) -> TextFont {
        font(self.faces.for_lang(self.lang()).1, size)
    }

    /// Regular text in `lang`'s face, whatever the interface language (the language
    /// selector writes each language's name in its own face).
    pub fn text_in(&self, lang: Lang, size: f32) -> TextFont {
        font(self.faces.for_lang(lang).0, size)
    }

    /// Bold text in `lang`'s face (the booth's attract banner, in every language).
    pub fn bold_in(&self, lang: Lang, size: f32) -> TextFont {
        font(self.faces.for_lang(lang).1, size)
    }
}

fn font(handle: &Handle<Font>, size: f32) -> TextFont {
    TextFont {
        font: FontSource::Handle(handle.clone()),
        font_size: FontSize::Px(size),
        ..default()
    }
}

/// Relative luminance (WCAG 2.x) of an sRGB colour.
pub fn luminance(color: Color) -> f32 {
    let c = color.to_srgba();
    let lin = |v: f32| {
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue)
}

/// WCAG contrast ratio between two opaque colours.
pub fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_pair_has_enough_contrast() {
        let opaque = |c: Color| c.with_alpha(1.0);
        let pairs = [
            ("panel text", PANEL_TEXT, PANEL_BG),
            ("muted text", MUTED_TEXT, PANEL_BG),
            ("button", BUTTON_TEXT, BUTTON_BG),
            ("active button", BUTTON_TEXT, BUTTON_ACTIVE_BG),
            ("selected row", PANEL_TEXT, SELECTED_ROW_BG),
            ("label", Color::WHITE, LABEL_BG),
            ("evidence", Color::WHITE, EVIDENCE_LABEL_BG),
            ("warning", Color::BLACK, WARNING_BG),
            ("error", Color::WHITE, ERROR_BG),
        ];
        for (name, fg, bg) in pairs {
            let ratio = contrast(fg, opaque(bg));
            assert!(ratio >= 4.5, "{name}: {ratio:.2}");
        }
        for status in [
            MarkerStatus::Pass,
            MarkerStatus::FailRequired,
            MarkerStatus::FailRecommended,
            MarkerStatus::NotApplicable,
        ] {
            let ratio = contrast(marker_text(status), marker_fill(status));
            assert!(ratio >= 4.5, "{status:?}: {ratio:.2}");
        }
    }

    #[test]
    fn sizes_meet_the_booth_minimums() {
        const { assert!(BODY_TEXT >= 24.0) };
        const { assert!(TOUCH_TARGET >= 48.0) };
    }

    #[test]
    fn contrast_matches_known_values() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 1e-6);
    }
}
