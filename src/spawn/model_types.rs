//! The component types a fixture's glTF scene is made of, registered for reflection.
//!
//! A glTF scene is a small world that Bevy copies into the app's world through
//! reflection, so every component type in it must be in the app's type registry, or the
//! model does not spawn (`WorldInstanceSpawnError::UnregisteredType`). The desktop build
//! registers every reflected type on its own (Bevy's `reflect_auto_register`); the web
//! build leaves that feature out, because registering everything keeps every type's
//! reflection code in the wasm (several megabytes a visitor would download; figures in
//! web/README.md). So the app registers these itself, on every target.
//!
//! **Invariant:** every component of every bundled model's scene is listed here; a test
//! (`tests/model_loading.rs`) copies each bundled model's scene with a registry holding
//! only this list, as the web build does. Models a visitor opens on the web come from
//! the bundled assets too (a local folder brings only RON files).

use bevy::camera::primitives::Aabb;
use bevy::camera::visibility::VisibilityClass;
use bevy::gltf::{GltfExtras, GltfMaterialName, GltfMeshName, GltfSceneName};
use bevy::prelude::*;
use bevy::reflect::TypeRegistry;
use bevy::transform::components::TransformTreeChanged;

/// Registers the component types of the bundled models' scenes in `registry`.
pub fn register(registry: &mut TypeRegistry) {
    // Placement and hierarchy.
    registry.register::<Transform>();
    registry.register::<GlobalTransform>();
    registry.register::<TransformTreeChanged>();
    registry.register::<ChildOf>();
    registry.register::<Children>();
    registry.register::<Name>();
    // Visibility.
    registry.register::<Visibility>();
    registry.register::<InheritedVisibility>();
    registry.register::<ViewVisibility>();
    registry.register::<VisibilityClass>();
    // The meshes.
    registry.register::<Mesh3d>();
    registry.register::<MeshMaterial3d<StandardMaterial>>();
    registry.register::<Aabb>();
    // What the glTF file says of its parts (names, extras).
    registry.register::<GltfExtras>();
    registry.register::<GltfMeshName>();
    registry.register::<GltfMaterialName>();
    registry.register::<GltfSceneName>();
}

pub fn plugin(app: &mut App) {
    register(&mut app.world().resource::<AppTypeRegistry>().write());
}
