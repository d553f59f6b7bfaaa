//! Headless ECS tests (no GPU, no window): spawning a venue, walking into walls and
//! through doors, switching view modes, and focusing a checkpoint from every entry point
//! (marker, fixture, checklist row, close button, Esc, tour), in and out of a tour.

use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use std::sync::Arc;
use std::time::Duration;
use venue_guide::camera::{CameraRig, MainCamera, math};
use venue_guide::shared::{
    ActiveVenue, AppSet, CameraCommand, Focus, StartView, TourCommand, TourPhase, ViewMode,
    ViewSpec,
};
use venue_guide::spawn::{FixtureRef, VenueMaterials, WallPiece, ZoneTint};
use venue_guide::tour::TourState;
use venue_guide::venue_asset::{VenueAsset, VenueData};

const EATERY: &str = "scenes/small-eatery";

fn eatery() -> Arc<VenueData> {
    let path = venue_guide::manifest_dir().join(EATERY);
    let valid = venue_core::load::load_valid_venue(&path).expect("the standard eatery loads");
    Arc::new(VenueData::from_valid(valid))
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
        mesh_models: Default::default(),
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
        .add_plugins((venue_guide::shared::plugin, venue_guide::camera::plugin));
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
    assert!(rig(&mut app).flight.is_some(), "a flight starts");
    for _ in 0..40 {
        app.update();
    }
    // The camera hangs under the rig: its world pose is the rig's.
    let world = app.world_mut();
    let (transform, projection) = world
        .query_filtered::<(&GlobalTransform, &Projection), With<MainCamera>>()
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
    assert!(rig(&mut app).flight.is_none());
    let world = app.world_mut();

    world.write_message(CameraCommand::SetMode(ViewMode::Walk));
    for _ in 0..40 {
        app.update();
    }
    let world = app.world_mut();
    let (transform, projection) = world
        .query_filtered::<(&GlobalTransform, &Projection), With<MainCamera>>()
        .single(world)
        .unwrap();
    assert!(matches!(projection, Projection::Perspective(_)));
    assert!(
        (transform.translation().y - math::EYE_HEIGHT).abs() < 1e-3,
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
    assert_eq!(rig(&mut app).mode, ViewMode::Walk);
}

/// The camera rig's state (a component on the rig entity).
fn rig(app: &mut App) -> CameraRig {
    let world = app.world_mut();
    world
        .query::<&CameraRig>()
        .single(world)
        .expect("one camera rig")
        .clone()
}

/// The rig's pose: the camera hangs under it.
fn rig_pose(app: &mut App) -> Transform {
    let world = app.world_mut();
    *world
        .query_filtered::<&Transform, With<CameraRig>>()
        .single(world)
        .unwrap()
}

#[test]
fn the_camera_hangs_under_its_rig() {
    let mut app = camera_app(eatery());
    let world = app.world_mut();
    let rig = world
        .query_filtered::<Entity, With<CameraRig>>()
        .single(world)
        .unwrap();
    let (parent, local) = world
        .query_filtered::<(&ChildOf, &Transform), With<MainCamera>>()
        .single(world)
        .unwrap();
    assert_eq!(parent.parent(), rig);
    assert_eq!(
        *local,
        Transform::IDENTITY,
        "the rig's transform is the pose"
    );
}

// ---- Focus: one message, one decision, every entry point ----

/// The camera, tour and focus plugins, with the marker and button systems that turn
/// taps into focus requests; the eatery is loaded and no tour runs (a start view skips
/// the intro, as `render --view` does).
fn focus_app() -> (App, Arc<VenueData>) {
    let data = eatery();
    let mut app = camera_app(data.clone());
    app.insert_resource(StartView(ViewSpec::Overview))
        .init_resource::<venue_guide::i18n::Language>()
        .init_resource::<venue_guide::ui::LargeText>()
        // What the buttons and taps also reach: the scene picker, edit mode.
        .init_resource::<venue_guide::ui::picker::ScenePickerOpen>()
        .init_resource::<venue_guide::edit::EditMode>()
        .init_resource::<venue_guide::ui::palette::PaletteOpen>()
        .init_resource::<venue_guide::ui::SheetOpen>()
        .init_resource::<venue_guide::ui::MenuOpen>()
        .add_message::<venue_guide::venue_asset::OpenScene>()
        .add_message::<venue_guide::edit::EditCommand>()
        .add_message::<venue_guide::shared::ExportReport>()
        .init_resource::<bevy::picking::hover::HoverMap>()
        .init_resource::<UiScale>()
        .add_plugins((
            venue_guide::tour::plugin,
            venue_guide::focus::plugin,
            venue_guide::ui::scroll::plugin,
        ))
        .add_systems(
            Update,
            (
                venue_guide::overlays::marker_clicks,
                venue_guide::ui::button_actions,
            )
                .in_set(AppSet::Input),
        );
    settle(&mut app);
    assert_eq!(tour(&mut app).phase, TourPhase::Off);
    (app, data)
}

fn settle(app: &mut App) {
    for _ in 0..30 {
        app.update();
    }
}

fn focus(app: &mut App) -> Option<String> {
    app.world().resource::<Focus>().0.clone()
}

fn tour(app: &mut App) -> TourState {
    app.world().resource::<TourState>().clone()
}

/// How a visitor asks for a checkpoint.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Marker,
    Fixture,
    Checklist,
}

const ENTRIES: [Entry; 3] = [Entry::Marker, Entry::Fixture, Entry::Checklist];

/// A rule a tap on fixture `fixture` focuses, and that fixture: one with a single rule
/// about it, so the pick is unambiguous.
fn fixture_with_one_rule(data: &VenueData, wanted: impl Fn(&str) -> bool) -> (String, String) {
    data.venue
        .fixtures
        .iter()
        .find_map(|f| {
            let about: Vec<&str> = data
                .report
                .results
                .iter()
                .filter(|r| r.entities.contains(&f.id))
                .map(|r| r.id.as_str())
                .collect();
            match about.as_slice() {
                [rule] if wanted(rule) => Some((f.id.clone(), rule.to_string())),
                _ => None,
            }
        })
        .expect("a fixture with exactly one rule of the kind wanted")
}

/// A primary-button click (press and release without moving) on `target`.
fn click(world: &mut World, target: Entity) {
    use bevy::picking::events::Click;
    use bevy::picking::pointer::PointerButton;
    let hit = hit(world);
    pointer_event(
        world,
        target,
        Click {
            button: PointerButton::Primary,
            hit,
            duration: Duration::from_millis(100),
            count: 1,
        },
    );
}

/// A hit on the main camera's picture, as a picking backend reports it.
fn hit(world: &mut World) -> bevy::picking::backend::HitData {
    let camera = world
        .query_filtered::<Entity, With<MainCamera>>()
        .single(world)
        .unwrap();
    bevy::picking::backend::HitData::new(camera, 1.0, None, None)
}

/// Triggers a mouse pointer event on `target`, as picking does, and runs its observers.
fn pointer_event<E: std::fmt::Debug + Clone + Reflect>(
    world: &mut World,
    target: Entity,
    event: E,
) {
    use bevy::picking::events::Pointer;
    use bevy::picking::pointer::{Location, PointerId};
    let location = Location {
        target: bevy::camera::NormalizedRenderTarget::None {
            width: 1920,
            height: 1080,
        },
        position: Vec2::new(960.0, 540.0),
    };
    world.trigger(Pointer::new(PointerId::Mouse, location, event, target));
    world.flush();
}

fn tap(app: &mut App, entry: Entry, rule: &str, fixture: Option<&str>) {
    use venue_guide::overlays::Marker;
    use venue_guide::shared::MarkerStatus;
    let world = app.world_mut();
    let tapped = match entry {
        Entry::Marker => Some(
            world
                .spawn((
                    Marker {
                        rule: rule.to_string(),
                        number: 1,
                        status: MarkerStatus::Pass,
                    },
                    Interaction::Pressed,
                ))
                .id(),
        ),
        Entry::Checklist => {
            // A row acts when let go of after a press that did not travel (a tap), not on
            // the press, so that a finger that scrolls the list selects nothing.
            let row = world
                .spawn((
                    venue_guide::ui::UiAction::Select(rule.to_string()),
                    venue_guide::ui::scroll::TapOnly,
                    Interaction::Pressed,
                ))
                .id();
            app.update();
            app.world_mut().entity_mut(row).insert(Interaction::Hovered);
            Some(row)
        }
        Entry::Fixture => {
            let id = fixture.expect("a fixture id").to_string();
            // The fixture and its model's mesh; the tap lands on the mesh.
            let fixture = world
                .spawn(FixtureRef { index: 0, id })
                .observe(venue_guide::overlays::on_fixture_click)
                .id();
            let mesh = world.spawn(ChildOf(fixture)).id();
            click(world, mesh);
            None
        }
    };
    app.update();
    if let Some(tapped) = tapped {
        app.world_mut().despawn(tapped);
    }
}

/// The eye and target the focus flies to for `rule`.
fn viewpoint(data: &VenueData, rule: &str) -> Vec3 {
    venue_guide::focus::viewpoint_for_rule(data, rule)
        .expect("a viewpoint")
        .1
}

#[test]
fn outside_a_tour_every_entry_point_opens_the_card_and_flies_there() {
    for entry in ENTRIES {
        let (mut app, data) = focus_app();
        let (fixture, rule) = fixture_with_one_rule(&data, |_| true);
        let before = rig_pose(&mut app);
        tap(&mut app, entry, &rule, Some(&fixture));
        assert_eq!(focus(&mut app).as_deref(), Some(rule.as_str()), "{entry:?}");
        assert_eq!(tour(&mut app).phase, TourPhase::Off, "{entry:?}: no tour");
        assert!(rig(&mut app).flight.is_some(), "{entry:?}: a flight starts");
        settle(&mut app);
        let rig = rig(&mut app);
        assert!(
            rig.orbit.focus.distance(viewpoint(&data, &rule)) < 1e-3,
            "{entry:?}: the overview orbits the checkpoint"
        );
        assert_ne!(rig_pose(&mut app), before, "{entry:?}: the camera moved");
    }
}

/// Starts the tour and goes to its first stop.
fn start_tour(app: &mut App) {
    app.world_mut().write_message(TourCommand::Start);
    app.update();
    assert_eq!(tour(app).phase, TourPhase::Intro);
    assert_eq!(focus(app), None, "the intro shows no card");
    app.world_mut().write_message(TourCommand::Next);
    app.update();
    let state = tour(app);
    assert_eq!(state.phase, TourPhase::Stop(0));
    assert_eq!(focus(app).as_deref(), Some(state.stops[0].as_str()));
    assert!(rig(app).flight.is_some(), "the tour flies to its stop");
    settle(app);
}

#[test]
fn the_tour_moves_the_focus_from_stop_to_stop() {
    let (mut app, data) = focus_app();
    start_tour(&mut app);
    app.world_mut().write_message(TourCommand::Next);
    app.update();
    let state = tour(&mut app);
    assert_eq!(state.progress(), Some((2, state.stops.len())));
    assert_eq!(focus(&mut app).as_deref(), Some(state.stops[1].as_str()));
    settle(&mut app);
    assert!(
        rig(&mut app)
            .orbit
            .focus
            .distance(viewpoint(&data, &state.stops[1]))
            < 1e-3
    );
    // Leaving the tour keeps the card and the view.
    let pose = rig_pose(&mut app);
    app.world_mut().write_message(TourCommand::Exit);
    app.update();
    assert_eq!(tour(&mut app).phase, TourPhase::Off);
    assert_eq!(focus(&mut app).as_deref(), Some(state.stops[1].as_str()));
    assert!(rig(&mut app).flight.is_none());
    assert_eq!(rig_pose(&mut app), pose);
}

#[test]
fn in_a_tour_every_entry_point_to_a_stop_moves_the_tour_there() {
    for entry in ENTRIES {
        let (mut app, data) = focus_app();
        let stops = TourState::for_venue(&data.venue, &data.report).stops;
        // A stop other than the first, so the bar has to move.
        let (fixture, rule) =
            fixture_with_one_rule(&data, |r| stops.iter().skip(1).any(|s| s == r));
        start_tour(&mut app);
        tap(&mut app, entry, &rule, Some(&fixture));
        let state = tour(&mut app);
        let k = stops.iter().position(|s| *s == rule).unwrap();
        assert_eq!(state.phase, TourPhase::Stop(k), "{entry:?}");
        assert_eq!(
            state.progress(),
            Some((k + 1, stops.len())),
            "{entry:?}: the bar says the stop"
        );
        assert_eq!(focus(&mut app).as_deref(), Some(rule.as_str()), "{entry:?}");
        assert!(rig(&mut app).flight.is_some(), "{entry:?}: a flight starts");
    }
}

#[test]
fn in_a_tour_every_entry_point_to_another_checkpoint_leaves_the_tour() {
    for entry in ENTRIES {
        let (mut app, data) = focus_app();
        let (fixture, rule) = fixture_with_one_rule(&data, |_| true);
        // A tour that skips this checkpoint (as an authored tour may).
        app.world_mut()
            .resource_mut::<TourState>()
            .stops
            .retain(|s| *s != rule);
        start_tour(&mut app);
        tap(&mut app, entry, &rule, Some(&fixture));
        assert_eq!(tour(&mut app).phase, TourPhase::Off, "{entry:?}");
        assert_eq!(focus(&mut app).as_deref(), Some(rule.as_str()), "{entry:?}");
        assert!(rig(&mut app).flight.is_some(), "{entry:?}: a flight starts");
    }
}

#[test]
fn closing_the_card_by_button_or_esc_leaves_the_tour_without_moving_the_camera() {
    for esc in [false, true] {
        let (mut app, _) = focus_app();
        for touring in [false, true] {
            if touring {
                start_tour(&mut app);
            } else {
                let rule = app.world().resource::<ActiveVenue>().data.report.results[0]
                    .id
                    .clone();
                tap(&mut app, Entry::Checklist, &rule, None);
                settle(&mut app);
            }
            assert!(focus(&mut app).is_some());
            let pose = rig_pose(&mut app);
            if esc {
                let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
                keys.press(KeyCode::Escape);
                app.update();
                let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
                keys.release(KeyCode::Escape);
                keys.clear();
            } else {
                let close = app
                    .world_mut()
                    .spawn((venue_guide::ui::UiAction::CloseCard, Interaction::Pressed))
                    .id();
                app.update();
                app.world_mut().despawn(close);
            }
            assert_eq!(focus(&mut app), None, "esc {esc}, touring {touring}");
            assert_eq!(tour(&mut app).phase, TourPhase::Off);
            assert!(rig(&mut app).flight.is_none(), "closing does not fly");
            assert_eq!(rig_pose(&mut app), pose);
        }
    }
}

/// A finger put down on a checklist row to scroll the list, moved and lifted over the
/// same row, selects nothing; the same row tapped selects its checkpoint.
#[test]
fn a_row_selects_on_a_tap_and_not_when_the_list_is_dragged() {
    use bevy::picking::events::Drag;
    use bevy::picking::pointer::PointerButton;
    use venue_guide::ui::scroll::{DragScroll, TAP_SLOP, TapOnly};
    let (mut app, data) = focus_app();
    let rule = data.report.results[0].id.clone();
    let world = app.world_mut();
    let list = world.spawn((DragScroll, ScrollPosition::default())).id();
    let row = world
        .spawn((
            venue_guide::ui::UiAction::Select(rule.clone()),
            TapOnly,
            Interaction::Pressed,
            ChildOf(list),
        ))
        .id();
    app.update();
    assert_eq!(focus(&mut app), None, "a press alone selects nothing");
    let swipe = Vec2::new(0.0, -(TAP_SLOP + 30.0));
    pointer_event(
        app.world_mut(),
        row,
        Drag {
            button: PointerButton::Primary,
            distance: swipe,
            delta: swipe,
        },
    );
    app.world_mut().entity_mut(row).insert(Interaction::None);
    settle(&mut app);
    assert_eq!(focus(&mut app), None, "a drag is not a tap");
    assert!(rig(&mut app).flight.is_none());

    app.world_mut().entity_mut(row).insert(Interaction::Pressed);
    app.update();
    app.world_mut().entity_mut(row).insert(Interaction::Hovered);
    app.update();
    assert_eq!(focus(&mut app), Some(rule), "a tap selects");
}

#[test]
fn a_rule_the_venue_does_not_have_changes_nothing() {
    let (mut app, _) = focus_app();
    tap(&mut app, Entry::Checklist, "no_such_rule", None);
    assert_eq!(focus(&mut app), None);
    assert!(rig(&mut app).flight.is_none());
}
