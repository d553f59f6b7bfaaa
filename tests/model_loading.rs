//! Which part of a model file the app loads (no GPU): the default scene, else the first
//! scene, else the meshes, placed by the file's nodes. Model files are rewritten from
//! the bundled ones, so the expected result is known.

mod common;

use bevy::prelude::*;
use common::copy_dir;
use std::path::Path;
use venue_core::compact_sort::CompactSort;
use venue_guide::venue_asset::{CurrentVenue, VenueAsset};

/// Rewrites the JSON chunk of a `.glb` file.
fn rewrite_glb(from: &Path, to: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let bytes = std::fs::read(from).unwrap();
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
    let json_len = u32_at(12);
    let mut json: serde_json::Value = serde_json::from_slice(&bytes[20..20 + json_len]).unwrap();
    edit(&mut json);
    let mut chunk = serde_json::to_vec(&json).unwrap();
    while !chunk.len().is_multiple_of(4) {
        chunk.push(b' ');
    }
    let rest = &bytes[20 + json_len..];
    let mut out = Vec::new();
    out.extend_from_slice(&bytes[0..8]);
    out.extend_from_slice(&((20 + chunk.len() + rest.len()) as u32).to_le_bytes());
    out.extend_from_slice(&(chunk.len() as u32).to_le_bytes());
    out.extend_from_slice(&bytes[16..20]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(rest);
    std::fs::write(to, out).unwrap();
}

#[test]
fn the_default_scene_else_the_first_else_the_node_placed_meshes() {
    let repo = venue_guide::manifest_dir();
    let root = common::scratch("model-loading");
    copy_dir(
        &repo.join("scenes/small-eatery"),
        &root.join("scenes/small-eatery"),
    );
    copy_dir(&repo.join("scenes/rules"), &root.join("scenes/rules"));
    std::fs::copy(
        repo.join("scenes/catalogue.ron"),
        root.join("scenes/catalogue.ron"),
    )
    .unwrap();
    let models = root.join("assets/models");
    copy_dir(&repo.join("assets/models"), &models);
    // Tables: an empty first scene, the real one second and marked default.
    rewrite_glb(
        &repo.join("assets/models/dining_table.glb"),
        &models.join("dining_table.glb"),
        |json| {
            let scenes = json["scenes"].as_array_mut().unwrap();
            scenes.insert(0, serde_json::json!({ "nodes": [] }));
            json["scene"] = 1.into();
        },
    );
    // Chairs: no scene at all (nodes and meshes only).
    rewrite_glb(
        &repo.join("assets/models/chair.glb"),
        &models.join("chair.glb"),
        |json| {
            let object = json.as_object_mut().unwrap();
            object.remove("scenes");
            object.remove("scene");
        },
    );
    // Meat sinks: a link to a good model outside the asset folder (never read).
    #[cfg(unix)]
    {
        let outside = root.join("outside.glb");
        std::fs::rename(models.join("sink_meat.glb"), &outside).unwrap();
        std::os::unix::fs::symlink(&outside, models.join("sink_meat.glb")).unwrap();
    }
    // Counters: not a model at all.
    std::fs::write(models.join("counter.glb"), b"glTF? no").unwrap();

    let mut app = common::loader_app(root.join("scenes/small-eatery"), root.join("assets"), false);
    common::run_until(&mut app, "the venue to load", common::settled);
    let world = app.world();
    let current = world.resource::<CurrentVenue>();
    assert!(current.error.is_none(), "{:?}", current.error);
    let asset = world
        .resource::<Assets<VenueAsset>>()
        .get(&current.handle)
        .unwrap();
    let server = world.resource::<AssetServer>();
    let label = |handle: &Handle<bevy::world_serialization::WorldAsset>| {
        server
            .get_path(handle.id())
            .and_then(|p| p.label().map(str::to_owned))
    };
    assert_eq!(
        label(&asset.models["models/dining_table.glb"]).as_deref(),
        Some("Scene1"),
        "the default scene"
    );
    assert_eq!(
        label(&asset.models["models/sink_vegetable.glb"]).as_deref(),
        Some("Scene0")
    );
    #[cfg(unix)]
    assert!(
        !asset.models.contains_key("models/sink_meat.glb")
            && !asset.mesh_models.contains_key("models/sink_meat.glb"),
        "a model linked from outside the asset folder is not loaded"
    );
    let chair = &asset.mesh_models["models/chair.glb"];
    assert!(!asset.models.contains_key("models/chair.glb"));
    // The bundled chair is one node (no transform) holding one mesh of several
    // primitives (one per material); node placement itself is tested in the core.
    assert!(
        chair.len() > 1,
        "every primitive of the chair: {}",
        chair.len()
    );
    assert!(chair.iter().all(|p| p.transform == Transform::IDENTITY));
    assert!(
        !asset.models.contains_key("models/counter.glb")
            && !asset.mesh_models.contains_key("models/counter.glb"),
        "an unloadable model is not loaded (the fixture gets a placeholder)"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// The web build registers no reflected type on its own (src/spawn/model_types.rs), and a
/// model's glTF scene is copied into the app's world through reflection: it spawns only
/// if the app registered every component type in it. Each bundled model's scene, copied
/// into an empty world with a registry holding only the app's list, as on the web.
#[test]
fn every_bundled_model_spawns_with_only_the_types_the_app_registers() {
    use bevy::ecs::entity::EntityHashMap;
    use bevy::image::{CompressedImageFormatSupport, CompressedImageFormats};
    use bevy::world_serialization::WorldAsset;

    let repo = venue_guide::manifest_dir();
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: repo.join("assets").to_string_lossy().into_owned(),
            ..default()
        },
    ))
    .init_asset::<Image>()
    .init_asset::<Mesh>()
    .init_asset::<StandardMaterial>()
    .init_asset::<WorldAsset>()
    .insert_resource(CompressedImageFormatSupport(CompressedImageFormats::NONE))
    .add_plugins(bevy::gltf::GltfPlugin::default());
    app.finish();
    app.cleanup();

    let server = app.world().resource::<AssetServer>().clone();
    let mut models: Vec<(String, Handle<WorldAsset>)> =
        std::fs::read_dir(repo.join("assets/models"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".glb"))
            .map(|name| {
                let label = GltfAssetLabel::Scene(0).from_asset(format!("models/{name}"));
                (name, server.load(label))
            })
            .collect();
    models.sort_compact_by(|a, b| a.0.cmp(&b.0));
    assert!(models.len() > 40, "the bundled models: {}", models.len());
    let start = std::time::Instant::now();
    while !models
        .iter()
        .all(|(_, h)| server.is_loaded_with_dependencies(h.id()))
    {
        for (name, handle) in &models {
            if let Some(bevy::asset::LoadState::Failed(e)) = server.get_load_state(handle.id()) {
                panic!("{name} did not load: {e}");
            }
        }
        assert!(
            start.elapsed() < common::LOAD_TIMEOUT,
            "the models did not load"
        );
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }

    let registry = AppTypeRegistry::default();
    venue_guide::spawn::model_types::register(&mut registry.write());
    let scenes = app.world().resource::<Assets<WorldAsset>>();
    let mut failures = Vec::new();
    for (name, handle) in &models {
        let mut world = World::new();
        let result = scenes.get(handle).unwrap().write_to_world_with(
            &mut world,
            &mut EntityHashMap::default(),
            &registry,
        );
        match result {
            Ok(()) => {
                let meshes = world.query::<&Mesh3d>().iter(&world).count();
                assert!(meshes > 0, "{name}: no mesh was copied");
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "register these in model_types: {failures:#?}"
    );
}
