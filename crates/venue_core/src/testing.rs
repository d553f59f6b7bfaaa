//! Helpers shared by the unit tests of the core: the shipped scenes, loaded.

use crate::loaded::LoadedVenue;
use std::path::PathBuf;

/// `scenes/` of this checkout.
pub fn scenes_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenes")
}

/// The scene folder `name` under `scenes/`.
pub fn scene(name: &str) -> PathBuf {
    scenes_dir().join(name)
}

/// The scene `name`, loaded (it must load: the shipped scenes are golden-tested).
pub fn load(name: &str) -> LoadedVenue {
    match crate::load::load_venue(&scene(name)) {
        Ok(loaded) => loaded,
        Err(e) => panic!("scene {name} does not load: {e}"),
    }
}

/// The text of the scene's `venue.ron`.
pub fn venue_text(name: &str) -> String {
    std::fs::read_to_string(scene(name).join("venue.ron")).unwrap_or_default()
}
