//! Headless ECS tests (no GPU, no window): spawning a venue, walking into walls and
//! through doors, switching view modes, the tour and the language switch.

use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use std::sync::Arc;
use std::time::Duration;
use venue_guide::camera::{CameraCommand, CameraRig, MainCamera, ViewMode, math};
use venue_guide::spawn::{ActiveVenue, FixtureRef, VenueMaterials, WallPiece, ZoneTint};
use venue_guide::venue_asset::{VenueAsset, VenueData};

const EATERY: &str = "scenes/small-eatery";

fn eatery() -> Arc<VenueData> {
    let path = venue_guide::manifest_dir().join(EATERY);
    let loaded = venue_core::load::load_venue(&path).expect("the standard eatery loads");
    Arc::new(VenueData::from_loaded(loaded, String::new()))
}

fn bare_app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, AssetPlugin::default(), TransformPlugin))
        .init_asset::<Mesh>()
        .init_asset::<StandardMaterial>();
    app
}

fn spawn_eatery(app: &mut App, data: Arc<VenueData>) {
    let world = app.world_mut();
    let unit_cube = world
        .resource_mut::<Assets<Mesh>>()
        .add(Cuboid::new(1.0, 1.0, 1.0));
    let mut materials = world.resource_mut::<Assets<StandardMaterial>>();
    let m = materials.add(StandardMaterial::default());
    world.insert_resource(VenueMaterials {
        unit_cube,
        wall: m.clone(),
        frame: m.clone(),
        leaf: m.clone(),
        glass: m.clone(),
        floor: m.clone(),
        ceiling: m.clone(),
        placeholder: m,
    });
    let asset = VenueAsset {
        data,
        models: Default::default(),
    };
    world
        .run_system_once(
            move |mut commands: Commands,
                  mut meshes: ResMut<Assets<Mesh>>,
                  mut materials: ResMut<Assets<StandardMaterial>>,
                  shared: Res<VenueMaterials>| {
                venue_guide::spawn::spawn_venue(
                    &mut commands,
                    &asset,
                    &mut meshes,
                    &mut materials,
                    &shared,
                );
            },
        )
        .expect("spawn runs");
    app.update();
}

#[test]
fn spawning_the_eatery_yields_every_fixture_zone_and_wall() {
    let data = eatery();
    let mut app = bare_app();
    spawn_eatery(&mut app, data.clone());
    let world = app.world_mut();

    let fixtures: Vec<(FixtureRef, Transform)> = world
        .query::<(&FixtureRef, &Transform)>()
        .iter(world)
        .map(|(f, t)| (f.clone(), *t))
        .collect();
    assert_eq!(fixtures.len(), data.venue.fixtures.len());
    for (fixture, transform) in &fixtures {
        let placed = data
            .plan
            .fixtures
            .iter()
            .find(|p| p.index == fixture.index)
            .unwrap();
        let expected = Vec3::new(
            placed.center.0 as f32,
            placed.bottom as f32,
            placed.center.1 as f32,
        );
        assert!(
            transform.translation.distance(expected) < 1e-4,
            "{}: {:?} vs {expected:?}",
            fixture.id,
            transform.translation
        );
        let yaw = Quat::from_rotation_y((placed.rotation_deg as f32).to_radians());
        assert!(
            transform.rotation.angle_between(yaw) < 1e-3,
            "{} rotation",
            fixture.id
        );
    }

    let zones = world.query::<&ZoneTint>().iter(world).count();
    assert_eq!(zones, data.venue.zones.len());

    let pieces: Vec<WallPiece> = world.query::<&WallPiece>().iter(world).copied().collect();
    for index in 0..data.venue.walls.len() {
        assert!(
            pieces.iter().any(|p| p.wall == index),
            "wall {index} has pieces"
        );
    }
    let doors = data
        .venue
        .walls
        .iter()
        .flat_map(|w| &w.openings)
        .filter(|o| matches!(o, venue_core::Opening::Door(_)))
        .count();
    let leaves = pieces
        .iter()
        .filter(|p| p.kind == venue_guide::spawn::walls::PieceKind::DoorLeaf)
        .count();
    assert!(
        leaves <= doors && leaves > 0,
        "door leaves are drawn ({leaves} of {doors} doors)"
    );
    // No model handles in this test: every fixture shows its placeholder.
    let placeholders = world
        .query::<&venue_guide::spawn::PlaceholderModel>()
        .iter(world)
        .count();
    assert_eq!(placeholders, data.venue.fixtures.len());
}

#[test]
fn walking_stops_at_walls_and_passes_doors() {
    let data = eatery();
    let obstacles = venue_guide::camera::obstacles_for(&data).obstacles;
    // Every exterior door can be walked through from one side to the other.
    for door in data.plan.doors.iter() {
        let c = Vec2::new(door.center.0 as f32, door.center.1 as f32);
        let n = Vec2::new(door.normal.0 as f32, door.normal.1 as f32);
        let start = c + n * 0.6;
        let free = |p: Vec2| !obstacles.iter().any(|o| o.blocks(p, math::BODY_RADIUS));
        if !free(start) || !free(c - n * 0.6) || door.width < 0.7 {
            continue; // a fixture stands right at this door; other tests cover it
        }
        let end = math::walk_step(start, -n * 1.2, &obstacles, math::BODY_RADIUS);
        assert!(
            end.distance(c - n * 0.6) < 0.05,
            "door {}: walked through to {end}",
            door.id
        );
    }
    // Walking straight at a wall away from any opening stops in front of it.
    for (wall, authored) in data.plan.walls.iter().zip(&data.venue.walls) {
        let (a, b) = (
            Vec2::new(wall.from.0 as f32, wall.from.1 as f32),
            Vec2::new(wall.to.0 as f32, wall.to.1 as f32),
        );
        let dir = (b - a).normalize_or_zero();
        let normal = Vec2::new(dir.y, -dir.x);
        let openings: Vec<(f32, f32)> = authored
            .openings
            .iter()
            .map(|o| {
                (
                    (o.center() - o.width() / 2.0) as f32,
                    (o.center() + o.width() / 2.0) as f32,
                )
            })
            .collect();
        let candidates = (1..80)
            .map(|i| a.distance(b) * i as f32 / 80.0)
            .filter(|s| {
                openings
                    .iter()
                    .all(|(lo, hi)| *s < lo - 0.4 || *s > hi + 0.4)
            });
        for (along, side) in candidates.flat_map(|s| [(s, 1.0f32), (s, -1.0)]) {
            let start = a + dir * along + normal * side * 0.8;
            let path_clear = (0..8).all(|k| {
                let p = start - normal * side * (k as f32 * 0.05);
                !obstacles
                    .iter()
                    .filter(|o| matches!(o, math::Obstacle::Quad(_)))
                    .any(|o| o.blocks(p, math::BODY_RADIUS))
            });
            if !data.plan.on_floor((start.x as f64, start.y as f64))
                || !path_clear
                || obstacles.iter().any(|o| o.blocks(start, math::BODY_RADIUS))
            {
                continue;
            }
            let end = math::walk_step(start, -normal * side * 2.0, &obstacles, math::BODY_RADIUS);
            let distance_to_axis = (end - a).dot(normal * side);
            assert!(distance_to_axis > 0.0, "crossed wall {}: {end}", wall.id);
            assert!(
                distance_to_axis >= (wall.thickness / 2.0) as f32 + math::BODY_RADIUS - 0.01,
                "wall {}: {distance_to_axis}",
                wall.id
            );
            return;
        }
    }
    panic!("no free spot beside any wall");
}

fn camera_app(data: Arc<VenueData>) -> App {
    let mut app = App::new();
    // Input resources without InputPlugin, so a test's key press is not cleared before
    // the systems see it.
    app.add_plugins((MinimalPlugins, TransformPlugin))
        .init_resource::<ButtonInput<KeyCode>>()
        .init_resource::<ButtonInput<MouseButton>>()
        .init_resource::<bevy::input::mouse::AccumulatedMouseMotion>()
        .init_resource::<bevy::input::mouse::AccumulatedMouseScroll>()
        .init_resource::<bevy::input::touch::Touches>()
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            50,
        )))
        .init_resource::<venue_guide::tour::Selection>()
        .add_plugins(venue_guide::camera::plugin)
        .configure_sets(
            Update,
            (venue_guide::AppSet::Input, venue_guide::AppSet::Camera).chain(),
        );
    app.insert_resource(ActiveVenue {
        data,
        generation: 0,
    });
    app.update();
    app
}

#[test]
fn switching_to_plan_flies_then_goes_orthographic_and_top_down() {
    let mut app = camera_app(eatery());
    app.world_mut()
        .write_message(CameraCommand::SetMode(ViewMode::Plan));
    app.update();
    assert!(
        app.world().resource::<CameraRig>().flight.is_some(),
        "a flight starts"
    );
    for _ in 0..40 {
        app.update();
    }
    let world = app.world_mut();
    let (transform, projection) = world
        .query_filtered::<(&Transform, &Projection), With<MainCamera>>()
        .single(world)
        .unwrap();
    assert!(
        matches!(projection, Projection::Orthographic(_)),
        "plan is orthographic"
    );
    assert!(
        transform.forward().dot(Vec3::NEG_Y) > 0.999,
        "looks straight down"
    );
    assert!(world.resource::<CameraRig>().flight.is_none());

    world.write_message(CameraCommand::SetMode(ViewMode::Walk));
    for _ in 0..40 {
        app.update();
    }
    let world = app.world_mut();
    let (transform, projection) = world
        .query_filtered::<(&Transform, &Projection), With<MainCamera>>()
        .single(world)
        .unwrap();
    assert!(matches!(projection, Projection::Perspective(_)));
    assert!(
        (transform.translation.y - math::EYE_HEIGHT).abs() < 1e-3,
        "eye height"
    );
}

#[test]
fn keys_switch_modes() {
    let mut app = camera_app(eatery());
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(KeyCode::Digit3);
    app.update();
    assert_eq!(app.world().resource::<CameraRig>().mode, ViewMode::Walk);
}
