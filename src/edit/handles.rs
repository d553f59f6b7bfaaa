//! Grips for the shapes in edit mode: a disc at every corner of the room (cyan) and of
//! every zone (orange), and one at the middle of every door and window (white). Pressing
//! one and dragging moves that corner (snapped to the 5 cm grid) or slides the opening
//! along its wall; the drag goes through [`super::Dragging`] like a fixture's.
//!
//! Grips are rebuilt when the venue on screen changes or edit mode is switched; the
//! mesh and materials are made once.

use super::{DragTarget, Dragging, EditCommand, EditMode};
use crate::shared::{ActiveVenue, PointerCapture};
use bevy::prelude::*;
use venue_core::Opening;

/// What a grip moves.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Grip(pub DragTarget);

/// Parent of every grip.
#[derive(Component)]
pub struct Grips;

/// Radius of a grip disc (m): large enough to hit with a finger in the overview.
const GRIP_RADIUS: f32 = 0.12;
/// Heights of the grips above the floor (m): zone corners lowest, openings at hand
/// height, so the different kinds do not hide one another.
const ZONE_GRIP_Y: f32 = 0.03;
const FLOOR_GRIP_Y: f32 = 0.06;
const OPENING_GRIP_Y: f32 = 1.0;
/// In the plan view (straight down) every grip sits above the walls and fixtures, where
/// it can be seen and pressed; the point under it is the same.
const PLAN_GRIP_Y: f32 = 3.5;

#[derive(Resource)]
struct GripLook {
    mesh: Handle<Mesh>,
    zone: Handle<StandardMaterial>,
    floor: Handle<StandardMaterial>,
    opening: Handle<StandardMaterial>,
}

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, make_grip_look)
        .add_systems(Update, rebuild_grips.in_set(crate::AppSet::Overlay));
}

/// The grips' mesh and materials, made at start-up (not on first use, so that a booth
/// after a reset has the same resources and assets as a fresh start).
fn make_grip_look(
    mut commands: Commands,
    meshes: Option<ResMut<Assets<Mesh>>>,
    materials: Option<ResMut<Assets<StandardMaterial>>>,
) {
    let (Some(mut meshes), Some(mut materials)) = (meshes, materials) else {
        return;
    };
    let unlit = |color: Color| StandardMaterial {
        base_color: color,
        unlit: true,
        ..default()
    };
    commands.insert_resource(GripLook {
        mesh: meshes.add(Cylinder::new(GRIP_RADIUS, 0.04)),
        zone: materials.add(unlit(Color::srgb(1.0, 0.55, 0.1))),
        floor: materials.add(unlit(Color::srgb(0.1, 0.8, 0.9))),
        opening: materials.add(unlit(Color::WHITE)),
    });
}

fn rebuild_grips(
    mut commands: Commands,
    mode: Res<EditMode>,
    active: Option<Res<ActiveVenue>>,
    existing: Query<Entity, With<Grips>>,
    look: Option<Res<GripLook>>,
    rigs: Query<&crate::camera::CameraRig>,
    mut built: Local<Option<(bool, Option<u32>, bool)>>,
) {
    let plan = rigs
        .iter()
        .next()
        .is_some_and(|rig| rig.mode == crate::shared::ViewMode::Plan);
    let key = (mode.0, active.as_ref().map(|a| a.generation), plan);
    if *built == Some(key) {
        return;
    }
    *built = Some(key);
    for grips in &existing {
        commands.entity(grips).despawn();
    }
    let (true, Some(active)) = (mode.0, active) else {
        return;
    };
    let Some(look) = look else {
        return;
    };
    let venue = &active.data.venue;
    let root = commands
        .spawn((
            Name::new("Edit grips"),
            Grips,
            Transform::default(),
            Visibility::default(),
        ))
        .id();
    let mut grip = |target: DragTarget, mut at: Vec3, material: &Handle<StandardMaterial>| {
        if plan {
            // The room's corners over the zones' that share them.
            let above = matches!(target, DragTarget::FloorCorner(_));
            at.y = PLAN_GRIP_Y + if above { 0.1 } else { 0.0 };
        }
        commands
            .spawn((
                Grip(target),
                Mesh3d(look.mesh.clone()),
                MeshMaterial3d(material.clone()),
                Transform::from_translation(at),
                ChildOf(root),
            ))
            .observe(on_press_grip);
    };
    for (index, &(x, z)) in venue.floor.iter().enumerate() {
        grip(
            DragTarget::FloorCorner(index),
            Vec3::new(x as f32, FLOOR_GRIP_Y, z as f32),
            &look.floor,
        );
    }
    for zone in &venue.zones {
        for (index, &(x, z)) in zone.polygon.iter().enumerate() {
            grip(
                DragTarget::ZoneCorner {
                    zone: zone.id.clone(),
                    index,
                },
                Vec3::new(x as f32, ZONE_GRIP_Y, z as f32),
                &look.zone,
            );
        }
    }
    for wall in &venue.walls {
        let (dx, dz) = (wall.to.0 - wall.from.0, wall.to.1 - wall.from.1);
        let length = dx.hypot(dz);
        if length <= 0.0 {
            continue;
        }
        for opening in &wall.openings {
            let (id, center) = match opening {
                Opening::Door(d) => (&d.id, d.center),
                Opening::Window(w) => (&w.id, w.center),
            };
            let t = center / length;
            let at = Vec3::new(
                (wall.from.0 + dx * t) as f32,
                OPENING_GRIP_Y,
                (wall.from.1 + dz * t) as f32,
            );
            grip(DragTarget::Opening(id.clone()), at, &look.opening);
        }
    }
}

/// A press on a grip starts dragging what it moves.
fn on_press_grip(
    press: On<Pointer<Press>>,
    grips: Query<&Grip>,
    mode: Res<EditMode>,
    camera: crate::camera::ViewCameras,
    mut capture: ResMut<PointerCapture>,
    mut dragging: ResMut<Dragging>,
    mut edits: MessageWriter<EditCommand>,
) {
    if !mode.0 || press.button != PointerButton::Primary {
        return;
    }
    let Ok(Grip(target)) = grips.get(press.entity) else {
        return;
    };
    if super::floor_point(&camera, press.pointer_location.position).is_none() {
        return;
    }
    dragging.0 = Some((target.clone(), Vec2::ZERO));
    capture.0 = true;
    edits.write(EditCommand::BeginDrag);
}
