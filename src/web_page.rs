//! The browser build's link to its page (web/index.html).
//!
//! - **First frame.** The page shows its loading bar until the app has drawn the venue:
//!   once a venue is on screen and [`FRAMES_BEFORE_READY`] frames have been presented,
//!   the app calls the page's `venueGuideFirstFrame()`.
//! - **What is on screen, for tests and tools.** `venueGuideState()` (exported as
//!   [`venue_guide_state`]) answers a JSON object: the scene's id and title, the
//!   language, the load error if any, whether a venue is shown, the stereo mode and its eye cameras, every visible text, and every visible button
//!   with its action and its rectangle in page pixels. The browser test (web/test.mjs)
//!   clicks those rectangles as a visitor would tap them, and checks the texts.
//!
//! The snapshot is rewritten a few times a second ([`SNAPSHOT_SECONDS`]), not every
//! frame: only the page's questions read it.

use crate::i18n::Language;
use crate::shared::{ActiveVenue, AppSet};
use crate::ui::UiAction;
use bevy::prelude::*;
use bevy::ui::{ComputedNode, UiGlobalTransform};
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

/// Frames presented with the venue before the page is told (the first ones may still
/// lack pipelines compiled in the background).
const FRAMES_BEFORE_READY: u32 = 3;
/// How often the on-screen snapshot is rewritten (s).
const SNAPSHOT_SECONDS: f32 = 0.25;
/// At most this many texts and buttons in a snapshot.
const SNAPSHOT_LIMIT: usize = 400;

/// The page's function told of the first frame.
const FIRST_FRAME_GLOBAL: &str = "venueGuideFirstFrame";

static SNAPSHOT: Mutex<String> = Mutex::new(String::new());

/// What the app shows now, as JSON (see the module's overview).
#[wasm_bindgen(js_name = venueGuideState)]
pub fn venue_guide_state() -> String {
    SNAPSHOT.lock().map(|s| s.clone()).unwrap_or_default()
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            tell_first_frame,
            snapshot.run_if(bevy::time::common_conditions::on_timer(
                std::time::Duration::from_secs_f32(SNAPSHOT_SECONDS),
            )),
        )
            .after(AppSet::Ui),
    );
}

/// Calls the page's `venueGuideFirstFrame()` once the venue has been drawn, or once the
/// app shows why it could not load one (a missing scene or model): either way the page
/// takes its loading screen away so the visitor sees the app.
fn tell_first_frame(
    active: Option<Res<ActiveVenue>>,
    current: Res<crate::venue_asset::CurrentVenue>,
    mut frames: Local<u32>,
    mut told: Local<bool>,
) {
    if *told || (active.is_none() && current.error.is_none()) {
        return;
    }
    *frames += 1;
    if *frames < FRAMES_BEFORE_READY {
        return;
    }
    *told = true;
    let callback = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str(FIRST_FRAME_GLOBAL)).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(callback) = callback
        && let Err(e) = callback.call0(&JsValue::NULL)
    {
        error!("the page's {FIRST_FRAME_GLOBAL} failed: {e:?}");
    }
}

/// A node's rectangle in page pixels: [left, top, width, height]. The node's figures are
/// physical pixels; its inverse scale factor also undoes the app's `UiScale` (which
/// follows the window's height), while the page's pixels only divide by the device pixel
/// ratio, so the `UiScale` is put back.
fn rect(node: &ComputedNode, transform: &UiGlobalTransform, ui_scale: f32) -> [f32; 4] {
    let scale = node.inverse_scale_factor() * ui_scale;
    let size = node.size() * scale;
    let center = transform.translation * scale;
    [
        center.x - size.x / 2.0,
        center.y - size.y / 2.0,
        size.x,
        size.y,
    ]
}

fn snapshot(
    active: Option<Res<ActiveVenue>>,
    current: Res<crate::venue_asset::CurrentVenue>,
    language: Res<Language>,
    stereo: Res<crate::camera::stereo::StereoSettings>,
    ui_scale: Res<UiScale>,
    eyes: Query<(), With<crate::camera::stereo::EyeCamera>>,
    rigs: Query<&crate::camera::CameraRig>,
    texts: Query<(&Text, &InheritedVisibility)>,
    buttons: Query<(
        &UiAction,
        &ComputedNode,
        &UiGlobalTransform,
        &InheritedVisibility,
    )>,
) {
    let visible_texts: Vec<&str> = texts
        .iter()
        .filter(|(_, visible)| visible.get())
        .map(|(text, _)| text.0.as_str())
        .filter(|t| !t.is_empty())
        .take(SNAPSHOT_LIMIT)
        .collect();
    let visible_buttons: Vec<serde_json::Value> = buttons
        .iter()
        .filter(|(_, node, _, visible)| visible.get() && node.size().min_element() > 0.0)
        .take(SNAPSHOT_LIMIT)
        .map(|(action, node, transform, _)| {
            serde_json::json!({
                "action": format!("{action:?}"),
                "rect": rect(node, transform, ui_scale.0),
            })
        })
        .collect();
    let title = active
        .as_ref()
        .map(|active| active.data.venue.title.get(language.0).to_owned());
    let state = serde_json::json!({
        "scene": crate::venue_asset::current_scene_folder(&current),
        "title": title,
        "error": current.error,
        "language": format!("{:?}", language.0),
        "venue_shown": active.is_some(),
        "stereo": format!("{:?}", stereo.mode),
        "eye_cameras": eyes.iter().count(),
        // Whether a camera flight is under way (a screenshot taken then is between views).
        "camera_flying": rigs.iter().any(|rig| rig.flight.is_some()),
        "texts": visible_texts,
        "buttons": visible_buttons,
    });
    if let Ok(mut snapshot) = SNAPSHOT.lock() {
        *snapshot = state.to_string();
    }
}
