//! Which arrangement the panels get on this screen, and at what scale: pure functions
//! of the screen's size, with tests beside them; `ui::scale_ui` applies them.
//!
//! - **Wide** (the booth's 16:9 screen, a desktop window, a tablet on its side): the
//!   checklist on the left, the open checkpoint's card on the right, the view between
//!   them, the interface scaled with the screen's height.
//! - **Compact** (a phone held upright, a narrow window): there is no room for two side
//!   panels and a view, so the view takes the top of the screen and one panel, the
//!   checklist or the card, sits under it as a sheet across the width (the card replacing
//!   the list while it is open), which a visitor can fold down to its header. The
//!   interface is scaled with the screen's width, so text stays as large as on a
//!   phone's own apps.

use bevy::prelude::*;

/// The arrangement of the panels.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScreenLayout {
    /// Side panels left and right of the view.
    #[default]
    Wide,
    /// The view on top, one panel under it across the width.
    Compact,
}

/// The height every size in `style` is designed for (logical px).
const REFERENCE_HEIGHT: f32 = super::style::REFERENCE_HEIGHT;
/// The least width (interface px) the wide layout needs: the checklist (470), the card
/// (540) and a view between them no narrower than a phone's (~390).
pub const WIDE_LAYOUT_MIN_WIDTH: f32 = 1400.0;
/// The width (interface px) the compact layout is designed for: a 390-px phone shows it
/// at 0.7, so body text (24) is 17 px, a phone's own body size.
pub const COMPACT_REFERENCE_WIDTH: f32 = 560.0;
/// The smallest scale: below it text would be unreadable whatever the screen.
const MIN_SCALE: f32 = 0.4;

/// The layout and the interface scale (before large text) for a target of `size`
/// logical pixels. Side-by-side stereo is always wide (each eye is narrow, but the
/// viewer sees one picture; `scale_ui` scales it by the eye's width).
pub fn layout_for(size: Vec2) -> (ScreenLayout, f32) {
    let by_height = size.y / REFERENCE_HEIGHT;
    if size.x >= WIDE_LAYOUT_MIN_WIDTH * by_height {
        return (ScreenLayout::Wide, by_height.max(MIN_SCALE));
    }
    let by_width = size.x / COMPACT_REFERENCE_WIDTH;
    (
        ScreenLayout::Compact,
        by_width.min(by_height).max(MIN_SCALE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landscape_screens_are_wide_and_scale_with_their_height() {
        assert_eq!(
            layout_for(Vec2::new(1920.0, 1080.0)),
            (ScreenLayout::Wide, 1.0)
        );
        assert_eq!(
            layout_for(Vec2::new(1280.0, 720.0)),
            (ScreenLayout::Wide, 720.0 / 1080.0)
        );
        // A 4:3 tablet on its side still has room for both panels.
        assert_eq!(layout_for(Vec2::new(1024.0, 768.0)).0, ScreenLayout::Wide);
    }

    #[test]
    fn upright_phones_and_square_windows_are_compact() {
        let (layout, scale) = layout_for(Vec2::new(390.0, 844.0));
        assert_eq!(layout, ScreenLayout::Compact);
        // Scaled by the width: the sheet's 560 px fill the phone's 390.
        assert!((scale - 390.0 / COMPACT_REFERENCE_WIDTH).abs() < 1e-6);
        assert_eq!(layout_for(Vec2::new(900.0, 900.0)).0, ScreenLayout::Compact);
        // A tall, wide-enough window is scaled by its height, not blown up by its width.
        let (_, scale) = layout_for(Vec2::new(720.0, 1280.0));
        assert!((scale - 1280.0 / REFERENCE_HEIGHT).abs() < 1e-6);
    }

    #[test]
    fn tiny_targets_keep_a_readable_scale() {
        assert_eq!(layout_for(Vec2::new(100.0, 100.0)).1, MIN_SCALE);
    }
}
