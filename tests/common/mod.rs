//! Helpers shared by the app's integration tests that load venues through the real asset
//! loader without a GPU or a window.
#![allow(dead_code)] // each test file uses its own subset

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use venue_guide::AppOptions;
use venue_guide::venue_asset::{CurrentVenue, VenueAsset};

/// How long a load or reload may take: the watcher debounces, then the loader parses,
/// validates and evaluates (debug build, shared 2-core CI machine). A hang guard.
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fresh, empty temporary folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("venue-guide-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    root
}

/// An app with only the venue loader (no renderer): `MinimalPlugins`, the asset plugin
/// rooted at `assets`, and the venue source for `scene`. Model handles are created by
/// the loader; no glTF loader is registered (the models fail to load, which the venue
/// does not depend on).
pub fn loader_app(scene: PathBuf, assets: PathBuf, watch: bool) -> App {
    let options = AppOptions {
        scene,
        assets_dir: assets,
        large_text: false,
        quality: Default::default(),
        edit: false,
        palette: false,
        stereo: Default::default(),
    };
    let mut app = App::new();
    venue_guide::venue_asset::register_sources(&mut app, &options);
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: options.assets_dir.to_string_lossy().into_owned(),
            watch_for_changes_override: Some(watch),
            unapproved_path_mode: bevy::asset::UnapprovedPathMode::Allow,
            ..default()
        },
    ))
    .init_asset::<bevy::world_serialization::WorldAsset>()
    .init_asset::<Mesh>()
    .init_asset::<StandardMaterial>()
    .insert_resource(options)
    .add_plugins(venue_guide::venue_asset::plugin);
    app
}

/// Runs frames until `done` holds, or panics after [`LOAD_TIMEOUT`].
pub fn run_until(app: &mut App, what: &str, mut done: impl FnMut(&mut World) -> bool) {
    let start = Instant::now();
    loop {
        app.update();
        if done(app.world_mut()) {
            return;
        }
        if start.elapsed() > LOAD_TIMEOUT {
            let error = app.world().resource::<CurrentVenue>().error.clone();
            panic!("timed out waiting for: {what} (last load error: {error:?})");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Whether the current venue has loaded or failed.
pub fn settled(world: &mut World) -> bool {
    let current = world.resource::<CurrentVenue>();
    current.error.is_some()
        || world
            .resource::<Assets<VenueAsset>>()
            .contains(&current.handle)
}

/// An app with the edit plugin on the scene at `scene` (give it a copy: edits may be
/// saved), its venue published as `spawn` would; no renderer.
pub fn edit_app(scene: &std::path::Path) -> App {
    edit_app_with(scene, |_| {})
}

/// [`edit_app`] with more plugins, added before the first update (so their start-up
/// systems run).
pub fn edit_app_with(scene: &std::path::Path, more: impl FnOnce(&mut App)) -> App {
    let valid = venue_core::load::load_valid_venue(scene).expect("the scene loads");
    let data = std::sync::Arc::new(venue_guide::venue_asset::VenueData::from_valid(valid));
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        bevy::input::InputPlugin,
    ))
    .init_asset::<VenueAsset>()
    .init_asset::<Mesh>()
    .init_asset::<StandardMaterial>()
    .add_plugins(venue_guide::shared::plugin)
    .add_plugins(venue_guide::edit::plugin)
    .insert_resource(AppOptions {
        scene: scene.to_path_buf(),
        assets_dir: venue_guide::manifest_dir().join("assets"),
        large_text: false,
        quality: Default::default(),
        edit: false,
        palette: false,
        stereo: Default::default(),
    });
    let handle = app
        .world_mut()
        .resource_mut::<Assets<VenueAsset>>()
        .add(VenueAsset {
            data: data.clone(),
            models: Default::default(),
            mesh_models: Default::default(),
        });
    app.insert_resource(CurrentVenue {
        handle,
        ..Default::default()
    })
    .insert_resource(venue_guide::shared::ActiveVenue {
        data,
        generation: 0,
    });
    // Checked in the frame of each edit, however loaded the test machine is (the
    // off-thread path has its own test below).
    app.world_mut()
        .resource_mut::<venue_guide::edit::EditSession>()
        .same_frame_budget_secs = f64::INFINITY;
    more(&mut app);
    app.update();
    app
}
