//! The browser's way into stereo: `web/stereo.js` adds a button that asks for the phone's
//! orientation (iOS: `DeviceOrientationEvent.requestPermission()` from the tap, over
//! HTTPS), then calls these exported functions: [`set_stereo`] to enter or leave the
//! side-by-side view, [`set_device_orientation`] with every `deviceorientation` event
//! for head look, [`recentre_head`] to look straight ahead again.
//!
//! The page calls in between frames, so the calls only leave requests here; a system
//! hands them to the stereo settings and the head look in the next frame.

use super::stereo::{HeadLook, StereoSettings};
use super::stereo_math::{self as math, Convergence, StereoMode};
use bevy::prelude::*;
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

/// What the page asked for since the last frame.
#[derive(Default)]
struct Requests {
    mode: Option<StereoMode>,
    /// alpha, beta, gamma, screen angle (degrees).
    orientation: Option<[f32; 4]>,
    recentre: bool,
}

static REQUESTS: Mutex<Requests> = Mutex::new(Requests {
    mode: None,
    orientation: None,
    recentre: false,
});

/// Enters or leaves stereo: `"off"`, `"sbs"` (a phone in a viewer) or `"sbs-half"` (a
/// 3D TV). Anything else is refused with a message.
#[wasm_bindgen]
pub fn set_stereo(mode: &str) -> Result<(), JsValue> {
    let mode = match mode {
        "off" => StereoMode::Off,
        "sbs" => StereoMode::Sbs,
        "sbs-half" => StereoMode::SbsHalf,
        other => {
            return Err(JsValue::from_str(&format!(
                "unknown stereo mode `{other}`: off, sbs or sbs-half"
            )));
        }
    };
    if let Ok(mut requests) = REQUESTS.lock() {
        requests.mode = Some(mode);
    }
    Ok(())
}

/// One `deviceorientation` event: its `alpha`, `beta`, `gamma` and the screen's
/// orientation angle (`screen.orientation.angle`), all in degrees.
#[wasm_bindgen]
pub fn set_device_orientation(alpha: f64, beta: f64, gamma: f64, screen_angle: f64) {
    let angles = [alpha, beta, gamma, screen_angle].map(|a| a as f32);
    if angles.iter().all(|a| a.is_finite())
        && let Ok(mut requests) = REQUESTS.lock()
    {
        requests.orientation = Some(angles);
    }
}

/// Makes the direction the phone faces now straight ahead.
#[wasm_bindgen]
pub fn recentre_head() {
    if let Ok(mut requests) = REQUESTS.lock() {
        requests.recentre = true;
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, take_requests.in_set(crate::shared::AppSet::Input));
}

/// Hands the page's requests over: the stereo mode (with the convergence that suits it),
/// and the head's turn relative to where head look began.
fn take_requests(
    mut settings: ResMut<StereoSettings>,
    mut head: ResMut<HeadLook>,
    mut reference: Local<Option<f32>>,
) {
    let Ok(mut requests) = REQUESTS.lock() else {
        return;
    };
    let requests = std::mem::take(&mut *requests);
    if let Some(mode) = requests.mode {
        settings.mode = mode;
        settings.convergence = Convergence::for_mode(mode);
        if mode == StereoMode::Off {
            *reference = None;
            head.set_if_neq(HeadLook(None));
        }
    }
    if requests.recentre {
        *reference = None;
    }
    if let Some([alpha, beta, gamma, screen]) = requests.orientation
        && settings.mode != StereoMode::Off
    {
        let look = math::device_look(alpha, beta, gamma, screen);
        let reference = *reference.get_or_insert_with(|| math::yaw_of(look));
        head.set_if_neq(HeadLook(Some(math::recentred(look, reference))));
    }
}
