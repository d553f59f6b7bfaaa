//! What a booth hears: touches and clicks anywhere (activity for the idle timer), the
//! operator's long press in the configured corner and key chord; and what it ignores:
//! every other key (Esc, Alt+F4 and the app's shortcuts do nothing), the window's close
//! request (the window plugin is built without `close_when_requested`). The cursor
//! hides while the screen is touched and comes back when a mouse moves.
//!
//! The gesture's timing is a plain value ([`CornerHold`]), tested below.

use super::{KioskInput, KioskSetup, KioskState};
use bevy::input::InputSystems;
use bevy::input::mouse::MouseWheel;
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::window::{CursorOptions, PrimaryWindow};
use venue_core::kiosk::Input;

/// Side of the operator's corner square (logical px): about a thumb's width and a half
/// on a booth screen, too small to be pressed by accident while reaching for a button.
pub const CORNER_SIDE: f32 = 110.0;
/// After a touch, mouse motion for this long is the touch screen's own (some drivers
/// move the pointer with the finger) and does not bring the cursor back (s).
const TOUCH_POINTER_SECONDS: f64 = 1.0;

pub fn plugin(app: &mut App) {
    app.init_resource::<CornerHold>().add_systems(
        PreUpdate,
        (operator_keys, pointer_activity, hide_cursor_on_touch)
            .chain()
            .after(InputSystems),
    );
}

/// The operator's press on the corner: when it began (booth time), and whether it has
/// already opened the pad (one press opens it once).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct CornerHold {
    since: Option<f64>,
    fired: bool,
}

impl CornerHold {
    /// Follows one frame: `in_corner` whether a finger or the mouse is down in the
    /// corner now. True on the frame the press has lasted `hold` seconds.
    pub fn update(&mut self, in_corner: bool, now: f64, hold: f64) -> bool {
        if !in_corner {
            *self = CornerHold::default();
            return false;
        }
        let since = *self.since.get_or_insert(now);
        if !self.fired && now - since >= hold {
            self.fired = true;
            return true;
        }
        false
    }
}

/// The key chord (held together, in any order) leaves at once; every key is then
/// swallowed, so no shortcut of the app reaches a visitor at a booth.
fn operator_keys(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    setup: Res<KioskSetup>,
    mut inputs: MessageWriter<KioskInput>,
) {
    if keys.get_just_pressed().next().is_none() && keys.get_pressed().next().is_none() {
        return;
    }
    let chord = &setup.0.config.operator.chord;
    let held = |name: &str| chord_keys(name).iter().any(|k| keys.pressed(*k));
    let just = |name: &str| chord_keys(name).iter().any(|k| keys.just_pressed(*k));
    if !chord.is_empty() && chord.iter().all(|k| held(k)) && chord.iter().any(|k| just(k)) {
        inputs.write(KioskInput(Input::ExitChord));
    } else if keys.get_just_pressed().next().is_some() {
        // A key is activity too (a keyboard left at a booth), and nothing more.
        inputs.write(KioskInput(Input::Touch));
    }
    keys.reset_all();
}

/// The key codes of a chord key's name (`ctrl` is either Control key).
pub fn chord_keys(name: &str) -> Vec<KeyCode> {
    use KeyCode::*;
    match name {
        "ctrl" => vec![ControlLeft, ControlRight],
        "alt" => vec![AltLeft, AltRight],
        "shift" => vec![ShiftLeft, ShiftRight],
        "super" => vec![SuperLeft, SuperRight],
        _ => {
            const LETTERS: [KeyCode; 26] = [
                KeyA, KeyB, KeyC, KeyD, KeyE, KeyF, KeyG, KeyH, KeyI, KeyJ, KeyK, KeyL, KeyM, KeyN,
                KeyO, KeyP, KeyQ, KeyR, KeyS, KeyT, KeyU, KeyV, KeyW, KeyX, KeyY, KeyZ,
            ];
            const DIGITS: [KeyCode; 10] = [
                Digit0, Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, Digit7, Digit8, Digit9,
            ];
            const FUNCTION: [KeyCode; 12] = [F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12];
            let mut chars = name.chars();
            match (chars.next(), chars.next()) {
                (Some(c @ 'a'..='z'), None) => vec![LETTERS[(c as u8 - b'a') as usize]],
                (Some(c @ '0'..='9'), None) => vec![DIGITS[(c as u8 - b'0') as usize]],
                _ => name
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| FUNCTION.get(n.wrapping_sub(1)).copied())
                    .into_iter()
                    .collect(),
            }
        }
    }
}

/// Touches and clicks are activity ([`Input::Touch`]); one held in the operator's corner
/// long enough opens the PIN pad.
fn pointer_activity(
    touches: Res<Touches>,
    mouse: Res<ButtonInput<MouseButton>>,
    mut wheel: MessageReader<MouseWheel>,
    windows: Query<&Window, With<PrimaryWindow>>,
    setup: Res<KioskSetup>,
    state: Res<KioskState>,
    mut hold: ResMut<CornerHold>,
    mut inputs: MessageWriter<KioskInput>,
) {
    let pressed_now = touches.any_just_pressed() || mouse.get_just_pressed().next().is_some();
    let scrolled = wheel.read().count() > 0;
    if pressed_now || scrolled {
        inputs.write(KioskInput(Input::Touch));
    }
    let Ok(window) = windows.single() else {
        return;
    };
    let (width, height) = (window.width(), window.height());
    let operator = &setup.0.config.operator;
    let in_corner = |p: Vec2| {
        operator
            .corner
            .contains((p.x, p.y), width, height, CORNER_SIDE)
    };
    let touch_in_corner = touches.iter().any(|t| in_corner(t.position()));
    let mouse_in_corner =
        mouse.pressed(MouseButton::Left) && window.cursor_position().is_some_and(in_corner);
    if hold.update(
        touch_in_corner || mouse_in_corner,
        state.now,
        operator.hold_seconds,
    ) {
        inputs.write(KioskInput(Input::OperatorGesture));
    }
}

/// The cursor hides while the screen is touched, and shows again when a mouse moves.
fn hide_cursor_on_touch(
    touches: Res<Touches>,
    mut moved: MessageReader<CursorMoved>,
    mut cursors: Query<&mut CursorOptions, With<PrimaryWindow>>,
    time: Res<Time<Real>>,
    mut last_touch: Local<Option<f64>>,
) {
    let now = time.elapsed_secs_f64();
    let touched = touches.iter().next().is_some() || touches.any_just_released();
    if touched {
        *last_touch = Some(now);
    }
    let mouse_moved =
        moved.read().count() > 0 && last_touch.is_none_or(|t| now - t > TOUCH_POINTER_SECONDS);
    for mut cursor in &mut cursors {
        if touched && cursor.visible {
            cursor.visible = false;
        } else if mouse_moved && !cursor.visible {
            cursor.visible = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corner_opens_the_pad_once_per_long_press() {
        let mut hold = CornerHold::default();
        let mut fired = Vec::new();
        for frame in 0..100 {
            let now = frame as f64 * 0.1;
            fired.push(hold.update(true, now, 3.0));
        }
        assert_eq!(fired.iter().filter(|f| **f).count(), 1);
        assert!(fired[30] && !fired[29]);
        // Let go and press again: a new press.
        assert!(!hold.update(false, 10.0, 3.0));
        assert!(!hold.update(true, 10.1, 3.0));
        assert!(hold.update(true, 13.1, 3.0));
    }

    #[test]
    fn a_short_press_or_one_outside_the_corner_does_nothing() {
        let mut hold = CornerHold::default();
        for frame in 0..20 {
            assert!(!hold.update(true, frame as f64 * 0.1, 3.0));
        }
        assert!(!hold.update(false, 2.5, 3.0));
        assert!(!hold.update(true, 2.6, 3.0));
        assert!(!hold.update(true, 5.5, 3.0), "2.9 s since the new press");
    }

    #[test]
    fn every_chord_key_the_configuration_accepts_has_a_key_code() {
        let mut names: Vec<String> = venue_core::kiosk::config::CHORD_MODIFIERS
            .iter()
            .map(|s| s.to_string())
            .collect();
        names.extend(('a'..='z').map(String::from));
        names.extend(('0'..='9').map(String::from));
        names.extend((1..=12).map(|n| format!("f{n}")));
        for name in names {
            assert!(venue_core::kiosk::config::is_chord_key(&name));
            assert!(!chord_keys(&name).is_empty(), "{name}");
        }
        assert_eq!(chord_keys("q"), [KeyCode::KeyQ]);
        assert_eq!(chord_keys("f4"), [KeyCode::F4]);
        assert!(chord_keys("f0").is_empty());
    }
}
