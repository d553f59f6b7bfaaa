//! Venue → entities: floor, walls with openings, doors, windows, zone tints, fixtures and
//! lights. Respawns the whole venue when its asset is (re)loaded, so editing a file with
//! the file watcher on updates the open view.
//!
//! Fixtures are glTF scenes. A model that fails to load is replaced by a placeholder box
//! and marked [`ModelFailed`] (the overlays label it); the app keeps running.
//!
//! Spawning publishes the venue as [`ActiveVenue`] for every other plugin.

pub mod mesh;
pub mod model_types;
pub mod walls;

use crate::shared::{ActiveVenue, AppSet};
use crate::venue_asset::{CurrentVenue, VenueAsset, VenueData};
use bevy::asset::RenderAssetUsages;
use bevy::light::NotShadowCaster;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::world_serialization::{WorldAsset, WorldAssetRoot};
use std::collections::{HashMap, HashSet};
use venue_core::ZoneKind;
use venue_core::plan::PlacedFixture;
use walls::{PieceKind, WallBox};

/// Zone tints float this far above the floor to avoid z-fighting (m).
const TINT_LIFT: f32 = 0.004;
/// Opacity of zone tints: visible but the floor still reads through.
const TINT_ALPHA: f32 = 0.38;
/// Floor slab thickness drawn under the venue (m).
const FLOOR_THICKNESS: f32 = 0.05;
/// Size of the post standing for an outside feature (x, height, z), metres: big enough
/// to see from the overview of a whole block.
const EXTERNAL_POST_SIZE: Vec3 = Vec3::new(1.2, 0.6, 1.2);
/// Brown-grey: ground works, not a fixture.
const EXTERNAL_POST_COLOR: Color = Color::srgb(0.45, 0.40, 0.34);

/// Benchmark switch: load and evaluate the venue but draw nothing of it, to measure the
/// cost of the scene against an empty one with the same camera.
#[derive(Resource)]
pub struct EmptyVenue;

/// Root of all spawned venue entities.
#[derive(Component)]
pub struct VenueRoot;

/// A box of a wall, frame, leaf or pane.
#[derive(Component, Debug, Clone, Copy)]
pub struct WallPiece {
    pub kind: PieceKind,
    /// Index of the wall in the venue.
    pub wall: usize,
    /// The piece's full-height transform, restored when a cutaway ends.
    pub base: Transform,
}

/// A spawned fixture.
#[derive(Component, Debug, Clone)]
pub struct FixtureRef {
    /// Index into `venue.fixtures`.
    pub index: usize,
    pub id: String,
}

/// A fixture whose model is still loading.
#[derive(Component)]
pub struct PendingModel(pub Handle<WorldAsset>);

/// Shown where a model failed to load.
#[derive(Component)]
pub struct PlaceholderModel;

/// A fixture whose model failed to load; the overlays give it a warning label.
#[derive(Component)]
pub struct ModelFailed;

/// The directional light whose shadows `graphics` fits to the venue.
#[derive(Component)]
pub struct KeyLight;

/// A zone's floor tint.
#[derive(Component, Debug, Clone, Copy)]
pub struct ZoneTint {
    pub index: usize,
}

/// The ceiling, shown only when walking inside.
#[derive(Component)]
pub struct Ceiling;

/// Shared meshes and materials, made once.
#[derive(Resource)]
pub struct VenueMaterials {
    pub unit_cube: Handle<Mesh>,
    pub wall: Handle<StandardMaterial>,
    pub frame: Handle<StandardMaterial>,
    pub leaf: Handle<StandardMaterial>,
    pub glass: Handle<StandardMaterial>,
    pub floor: Handle<StandardMaterial>,
    pub ceiling: Handle<StandardMaterial>,
    pub placeholder: Handle<StandardMaterial>,
}

/// Colour of a zone kind's floor tint.
pub fn zone_color(kind: ZoneKind) -> Color {
    match kind {
        ZoneKind::FoodProcessing => Color::srgb(0.95, 0.62, 0.25),
        ZoneKind::Cooking => Color::srgb(0.92, 0.33, 0.25),
        ZoneKind::Washing => Color::srgb(0.25, 0.62, 0.92),
        ZoneKind::Storage => Color::srgb(0.62, 0.48, 0.32),
        ZoneKind::Dining => Color::srgb(0.40, 0.78, 0.40),
        ZoneKind::Toilet => Color::srgb(0.62, 0.40, 0.85),
        ZoneKind::Changing => Color::srgb(0.95, 0.85, 0.30),
        ZoneKind::SpecialRoom => Color::srgb(0.20, 0.80, 0.75),
        ZoneKind::Corridor => Color::srgb(0.75, 0.75, 0.75),
        ZoneKind::Serving => Color::srgb(0.85, 0.55, 0.70),
        ZoneKind::CleaningTools => Color::srgb(0.45, 0.55, 0.65),
        ZoneKind::OtcArea => Color::srgb(0.40, 0.78, 0.40),
        ZoneKind::RxArea => Color::srgb(0.92, 0.45, 0.45),
        ZoneKind::Dispensing => Color::srgb(0.85, 0.55, 0.70),
        ZoneKind::NonDrugArea => Color::srgb(0.95, 0.85, 0.30),
        ZoneKind::LivingQuarters => Color::srgb(0.62, 0.40, 0.85),
        ZoneKind::Office | ZoneKind::Other => Color::srgb(0.6, 0.6, 0.6),
    }
}

pub fn plugin(app: &mut App) {
    app.add_plugins(model_types::plugin);
    app.add_systems(Startup, (make_materials, spawn_lights))
        .add_systems(
            Update,
            (respawn_on_change, resolve_models)
                .chain()
                .in_set(AppSet::Spawn),
        );
}

fn make_materials(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let matte = |c: Color| StandardMaterial {
        base_color: c,
        perceptual_roughness: 0.85,
        ..default()
    };
    commands.insert_resource(VenueMaterials {
        unit_cube: meshes.add(Cuboid::new(1.0, 1.0, 1.0)),
        wall: materials.add(matte(Color::srgb(0.93, 0.92, 0.88))),
        frame: materials.add(matte(Color::srgb(0.45, 0.33, 0.22))),
        leaf: materials.add(matte(Color::srgb(0.70, 0.55, 0.38))),
        glass: materials.add(StandardMaterial {
            base_color: Color::srgba(0.65, 0.82, 0.95, 0.25),
            alpha_mode: AlphaMode::Blend,
            perceptual_roughness: 0.1,
            ..default()
        }),
        floor: materials.add(matte(Color::srgb(0.80, 0.80, 0.78))),
        ceiling: materials.add(matte(Color::srgb(0.97, 0.97, 0.97))),
        placeholder: materials.add(StandardMaterial {
            base_color: Color::srgba(1.0, 0.35, 0.8, 0.75),
            alpha_mode: AlphaMode::Blend,
            ..default()
        }),
    });
}

/// Indoor lighting: a soft sky fill and a key light from above the street side.
fn spawn_lights(mut commands: Commands) {
    commands.insert_resource(GlobalAmbientLight {
        color: Color::srgb(0.95, 0.95, 1.0),
        brightness: 700.0,
        ..default()
    });
    commands.spawn((
        Name::new("Key light"),
        // Its shadow cascades are fitted to the venue (graphics.rs).
        KeyLight,
        DirectionalLight {
            illuminance: 6_000.0,
            shadow_maps_enabled: true,
            ..default()
        },
        Transform::from_xyz(-4.0, 10.0, -6.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
}

/// Spawns the venue when its asset first loads and respawns it on every change. A
/// change that leaves the shell (floor, walls, openings, ceiling, outside features) and
/// the catalogue as they were, as an edit that moves, turns, adds or deletes fixtures
/// does, updates the fixtures in place instead: on a 2,000-fixture venue a respawn
/// re-instantiates every model, which a drag would pay for at every re-check.
fn respawn_on_change(
    mut commands: Commands,
    mut events: MessageReader<AssetEvent<VenueAsset>>,
    current: Res<CurrentVenue>,
    venues: Res<Assets<VenueAsset>>,
    roots: Query<Entity, With<VenueRoot>>,
    mut shown: Query<(Entity, &mut FixtureRef, &mut Transform)>,
    tints: Query<Entity, With<ZoneTint>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    shared: Res<VenueMaterials>,
    active: Option<Res<ActiveVenue>>,
    empty: Option<Res<EmptyVenue>>,
) {
    let changed = events.read().any(|event| match event {
        // `Added`, not `LoadedWithDependencies`: a model that fails to load must not keep
        // the venue from appearing (it gets a placeholder instead).
        AssetEvent::Added { id } | AssetEvent::Modified { id } => *id == current.handle.id(),
        _ => false,
    });
    if !changed {
        return;
    }
    let Some(asset) = venues.get(&current.handle) else {
        return;
    };
    let generation = active.as_ref().map_or(0, |a| a.generation + 1);
    let previous = active.map(|a| a.data.clone());
    commands.insert_resource(ActiveVenue {
        data: asset.data.clone(),
        generation,
    });
    if !asset.data.warnings.is_empty() {
        warn!("{}", asset.data.rendered_warnings());
    }
    if empty.is_some() {
        for root in &roots {
            commands.entity(root).despawn();
        }
        return;
    }
    if let (Some(previous), Ok(root)) = (previous, roots.single())
        && same_shell(&previous, &asset.data)
    {
        if previous.venue.zones != asset.data.venue.zones {
            for tint in &tints {
                commands.entity(tint).despawn();
            }
            spawn_zone_tints(
                &mut commands,
                root,
                &asset.data.venue,
                &mut meshes,
                &mut materials,
            );
        }
        update_fixtures(&mut commands, root, asset, &previous, &mut shown, &shared);
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    spawn_venue(&mut commands, asset, &mut meshes, &mut materials, &shared);
}

/// Whether two versions of a venue draw the same shell from the same catalogue, so
/// only fixtures and zone tints can differ on screen.
fn same_shell(old: &VenueData, new: &VenueData) -> bool {
    let (a, b) = (&old.venue, &new.venue);
    a.floor == b.floor
        && a.walls == b.walls
        && a.ceiling_height == b.ceiling_height
        && a.external == b.external
        && old.catalogue == new.catalogue
}

/// Brings the shown fixtures up to date with `asset`: moved or turned ones get their new
/// transform (and index), ones whose look changed (type, model, size) or that are gone
/// are despawned, new ones are spawned.
fn update_fixtures(
    commands: &mut Commands,
    root: Entity,
    asset: &VenueAsset,
    previous: &VenueData,
    shown: &mut Query<(Entity, &mut FixtureRef, &mut Transform)>,
    shared: &VenueMaterials,
) {
    let data = &asset.data;
    let placed_by_id: HashMap<&str, &PlacedFixture> = data
        .plan
        .fixtures
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let before_by_id: HashMap<&str, &PlacedFixture> = previous
        .plan
        .fixtures
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let mut kept: HashSet<&str> = HashSet::new();
    for (entity, mut fixture, mut transform) in shown.iter_mut() {
        let now = placed_by_id.get(fixture.id.as_str());
        let before = before_by_id.get(fixture.id.as_str());
        match (now, before) {
            (Some(now), Some(before))
                if now.kind == before.kind
                    && now.model == before.model
                    && now.size == before.size =>
            {
                kept.insert(now.id.as_str());
                if fixture.index != now.index {
                    fixture.index = now.index;
                }
                let moved = fixture_transform(data, now);
                if *transform != moved {
                    *transform = moved;
                }
            }
            _ => commands.entity(entity).despawn(),
        }
    }
    for placed in &data.plan.fixtures {
        if !kept.contains(placed.id.as_str()) {
            spawn_fixture(commands, root, asset, placed, shared);
        }
    }
}

/// Builds every entity of the venue under one root.
pub fn spawn_venue(
    commands: &mut Commands,
    asset: &VenueAsset,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    shared: &VenueMaterials,
) {
    let data = &asset.data;
    let venue = &data.venue;
    let root = commands
        .spawn((
            Name::new(format!("Venue {}", venue.id)),
            VenueRoot,
            Transform::default(),
            Visibility::default(),
        ))
        .id();

    // Floor slab and optional ceiling from the outline.
    let floor_mesh = meshes.add(polygon_slab(&venue.floor, FLOOR_THICKNESS));
    commands.spawn((
        Name::new("Floor"),
        Mesh3d(floor_mesh.clone()),
        MeshMaterial3d(shared.floor.clone()),
        Transform::from_xyz(0.0, -FLOOR_THICKNESS, 0.0),
        ChildOf(root),
    ));
    if let Some(h) = venue.ceiling_height.filter(|h| h.is_finite() && *h > 0.0) {
        commands.spawn((
            Name::new("Ceiling"),
            Ceiling,
            Mesh3d(floor_mesh),
            MeshMaterial3d(shared.ceiling.clone()),
            Transform::from_xyz(0.0, h as f32, 0.0),
            Visibility::Hidden,
            NotShadowCaster,
            ChildOf(root),
        ));
    }

    for (index, wall) in venue.walls.iter().enumerate() {
        for (kind, b) in walls::wall_pieces(wall) {
            let material = match kind {
                PieceKind::Wall => shared.wall.clone(),
                PieceKind::DoorFrame | PieceKind::WindowFrame => shared.frame.clone(),
                PieceKind::DoorLeaf => shared.leaf.clone(),
                PieceKind::Glass => shared.glass.clone(),
            };
            let transform = box_transform(&b);
            let mut entity = commands.spawn((
                Name::new(format!("{} {kind:?}", wall.id)),
                WallPiece {
                    kind,
                    wall: index,
                    base: transform,
                },
                Mesh3d(shared.unit_cube.clone()),
                MeshMaterial3d(material),
                transform,
                ChildOf(root),
            ));
            if kind == PieceKind::Glass {
                entity.insert(NotShadowCaster);
            }
        }
    }

    spawn_zone_tints(commands, root, venue, meshes, materials);

    // Outside features rules measure to (a cesspit 40 m away…): a low post each, so a
    // distance line ends at something; the overlay labels them.
    if !venue.external.is_empty() {
        let post = materials.add(StandardMaterial {
            base_color: EXTERNAL_POST_COLOR,
            perceptual_roughness: 0.9,
            ..default()
        });
        for feature in &venue.external {
            commands.spawn((
                Name::new(format!("External {}", feature.id)),
                Mesh3d(shared.unit_cube.clone()),
                MeshMaterial3d(post.clone()),
                Transform::from_xyz(
                    feature.position.0 as f32,
                    EXTERNAL_POST_SIZE.y / 2.0,
                    feature.position.1 as f32,
                )
                .with_scale(EXTERNAL_POST_SIZE),
                ChildOf(root),
            ));
        }
    }

    for placed in &data.plan.fixtures {
        spawn_fixture(commands, root, asset, placed, shared);
    }
}

/// Spawns one fixture (its model, the model's meshes, or a placeholder) under `root`.
fn spawn_fixture(
    commands: &mut Commands,
    root: Entity,
    asset: &VenueAsset,
    placed: &PlacedFixture,
    shared: &VenueMaterials,
) {
    let data = &asset.data;
    let fixture = &data.venue.fixtures[placed.index];
    let model = placed.model.clone();
    let transform = fixture_transform(data, placed);
    let native = native_size(data, placed);
    let mut entity = commands.spawn((
        Name::new(format!("Fixture {}", fixture.id)),
        FixtureRef {
            index: placed.index,
            id: fixture.id.clone(),
        },
        transform,
        Visibility::default(),
        ChildOf(root),
    ));
    let meshes = model.as_ref().and_then(|m| asset.mesh_models.get(m));
    match model.as_ref().and_then(|m| asset.models.get(m)) {
        Some(handle) => {
            entity.insert((WorldAssetRoot(handle.clone()), PendingModel(handle.clone())));
        }
        // A model file with meshes but no scene: its primitives where its nodes put
        // them, in its base colours.
        None if meshes.is_some() => {
            let id = entity.id();
            for part in meshes.into_iter().flatten() {
                commands.spawn((
                    Mesh3d(part.mesh.clone()),
                    MeshMaterial3d(part.material.clone()),
                    part.transform,
                    ChildOf(id),
                ));
            }
        }
        None => {
            warn!("fixture {}: no model; showing a placeholder", fixture.id);
            // A model named but not loadable (missing, broken, linked out of the asset
            // folder) is a failed model: the overlays label it.
            if model.is_some() {
                entity.insert(ModelFailed);
            }
            let size = Vec3::new(native.0 as f32, native.2 as f32, native.1 as f32);
            let id = entity.id();
            spawn_placeholder(commands, id, size, shared);
        }
    }
}

/// The catalogue's size of a fixture's type (the size its model is made at), else its
/// own: `(width, depth, height)`.
fn native_size(data: &VenueData, placed: &PlacedFixture) -> (f64, f64, f64) {
    data.catalogue
        .fixtures
        .get(&placed.kind)
        .map(|t| t.size)
        .unwrap_or(placed.size)
}

/// Where a fixture stands, how it is turned, and how its model is stretched to its size.
fn fixture_transform(data: &VenueData, placed: &PlacedFixture) -> Transform {
    let native = native_size(data, placed);
    let scale = Vec3::new(
        ratio(placed.size.0, native.0),
        ratio(placed.size.2, native.2),
        ratio(placed.size.1, native.1),
    );
    Transform::from_xyz(
        placed.center.0 as f32,
        placed.bottom as f32,
        placed.center.1 as f32,
    )
    .with_rotation(Quat::from_rotation_y(
        (placed.rotation_deg as f32).to_radians(),
    ))
    .with_scale(scale)
}

/// A translucent floor tint per zone, in its kind's colour, under `root`.
fn spawn_zone_tints(
    commands: &mut Commands,
    root: Entity,
    venue: &venue_core::Venue,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
) {
    for (index, zone) in venue.zones.iter().enumerate() {
        let color = zone_color(zone.kind).with_alpha(TINT_ALPHA);
        commands.spawn((
            Name::new(format!("Zone {}", zone.id)),
            ZoneTint { index },
            Mesh3d(meshes.add(polygon_slab(&zone.polygon, 0.0))),
            MeshMaterial3d(materials.add(StandardMaterial {
                base_color: color,
                alpha_mode: AlphaMode::Blend,
                unlit: true,
                ..default()
            })),
            Transform::from_xyz(0.0, TINT_LIFT, 0.0),
            NotShadowCaster,
            ChildOf(root),
        ));
    }
}

fn ratio(a: f64, b: f64) -> f32 {
    if b > 0.0 && a.is_finite() && a > 0.0 {
        (a / b) as f32
    } else {
        1.0
    }
}

/// A translucent box of the fixture's size, in place of a model that failed to load.
fn spawn_placeholder(commands: &mut Commands, parent: Entity, size: Vec3, shared: &VenueMaterials) {
    commands.spawn((
        PlaceholderModel,
        Mesh3d(shared.unit_cube.clone()),
        MeshMaterial3d(shared.placeholder.clone()),
        Transform::from_xyz(0.0, size.y / 2.0, 0.0).with_scale(size.max(Vec3::splat(0.02))),
        ChildOf(parent),
    ));
}

/// Watches pending models: loaded ones stop being pending, failed ones get a placeholder.
fn resolve_models(
    mut commands: Commands,
    pending: Query<(Entity, &PendingModel, &FixtureRef)>,
    server: Res<AssetServer>,
    active: Option<Res<ActiveVenue>>,
    shared: Res<VenueMaterials>,
) {
    for (entity, model, fixture) in &pending {
        match server.load_state(&model.0) {
            bevy::asset::LoadState::Loaded => {
                commands.entity(entity).remove::<PendingModel>();
            }
            bevy::asset::LoadState::Failed(error) => {
                warn!(
                    "fixture {}: model failed to load ({error}); showing a placeholder",
                    fixture.id
                );
                let size = active
                    .as_ref()
                    .and_then(|a| {
                        a.data
                            .plan
                            .fixtures
                            .iter()
                            .find(|p| p.index == fixture.index)
                    })
                    .map(|p| Vec3::new(p.size.0 as f32, p.size.2 as f32, p.size.1 as f32))
                    .unwrap_or(Vec3::splat(0.5));
                commands
                    .entity(entity)
                    .remove::<(PendingModel, WorldAssetRoot)>()
                    .insert(ModelFailed);
                spawn_placeholder(&mut commands, entity, size, &shared);
            }
            _ => {}
        }
    }
}

fn box_transform(b: &WallBox) -> Transform {
    Transform::from_xyz(b.center[0] as f32, b.center[1] as f32, b.center[2] as f32)
        .with_rotation(Quat::from_rotation_y(b.yaw as f32))
        .with_scale(Vec3::new(
            b.size[0] as f32,
            b.size[1] as f32,
            b.size[2] as f32,
        ))
}

/// A flat (thickness 0) or slab mesh of a plan polygon, top face up at y = thickness.
pub fn polygon_slab(points: &[(f64, f64)], thickness: f32) -> Mesh {
    let tris = mesh::triangulate(points);
    let ccw = mesh::signed_area(points) > 0.0;
    let mut positions: Vec<[f32; 3]> = Vec::new();
    let mut normals: Vec<[f32; 3]> = Vec::new();
    let mut uvs: Vec<[f32; 2]> = Vec::new();
    let mut indices: Vec<u32> = Vec::new();
    for &(x, z) in points {
        positions.push([x as f32, thickness, z as f32]);
        normals.push([0.0, 1.0, 0.0]);
        uvs.push([x as f32, z as f32]);
    }
    // Up-facing triangles must wind counter-clockwise seen from +y, i.e. clockwise in
    // (x, z) with z down the page: flip when the outline is counter-clockwise.
    for t in &tris {
        if ccw {
            indices.extend([t[0], t[2], t[1]]);
        } else {
            indices.extend([t[0], t[1], t[2]]);
        }
    }
    if thickness > 0.0 {
        let n = points.len() as u32;
        for i in 0..points.len() {
            let (a, b) = (points[i], points[(i + 1) % points.len()]);
            let base = positions.len() as u32;
            let (dx, dz) = ((b.0 - a.0) as f32, (b.1 - a.1) as f32);
            let len = (dx * dx + dz * dz).sqrt().max(f32::EPSILON);
            let sign = if ccw { -1.0 } else { 1.0 };
            let normal = [sign * dz / len, 0.0, -sign * dx / len];
            for (p, y) in [(a, 0.0), (b, 0.0), (b, thickness), (a, thickness)] {
                positions.push([p.0 as f32, y, p.1 as f32]);
                normals.push(normal);
                uvs.push([0.0, y]);
            }
            if ccw {
                indices.extend([base, base + 1, base + 2, base, base + 2, base + 3]);
            } else {
                indices.extend([base, base + 2, base + 1, base, base + 3, base + 2]);
            }
            let _ = n;
        }
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(Indices::U32(indices))
}
