//! `venue-guide vr`: the venue in an OpenXR headset, at 1:1, with the floor on the real
//! floor.
//!
//! - [`math`]: teleport targets, snap turns, the tracking root's pose, the fade, pointer
//!   picking, the card's placement and text size: plain functions with their tests, in
//!   every build.
//! - [`runtime`]: is there an OpenXR loader and runtime, and what `vr` does without one
//!   (say what it looked for and how to get one, or fall back to the flat walk view).
//! - [`world`]: pins and the checkpoint card as objects in the world (the headset has no
//!   screen for panels).
//! - `headset` (feature `xr`, native only): the session, the controllers, teleports, snap
//!   turns, the fade, recentring, the tour as teleports.
//!
//! Everything the visitor asks for goes through the app's one focus message
//! ([`crate::shared::FocusCheckpoint`]) and the tour's commands, as taps and buttons do.

pub mod math;
pub mod runtime;
pub mod world;

#[cfg(all(feature = "xr", not(target_arch = "wasm32")))]
pub mod headset;

use bevy::prelude::*;

/// Whether this build can drive a headset.
pub const XR_BUILT: bool = cfg!(all(feature = "xr", not(target_arch = "wasm32")));

/// The headset's plugins: the world-space pins and card, and (with the `xr` feature) the
/// session's controls.
pub fn plugin(app: &mut App) {
    app.add_plugins(world::plugin);
    #[cfg(all(feature = "xr", not(target_arch = "wasm32")))]
    app.add_plugins(headset::plugin);
}
