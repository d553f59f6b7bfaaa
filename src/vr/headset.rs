//! The headset session (feature `xr`, native only): OpenXR through `bevy_mod_openxr`.
//!
//! The venue is at 1:1 in the runtime's stage space (its floor on the real floor); the
//! visitor moves by moving the tracking root ([`XrTrackingRoot`]): a teleport puts the
//! root where the head lands over the target, a snap turn turns it about the head. The
//! systems here only read the controllers and the head and call [`super::math`].
//!
//! Where the visitor stands follows the app's one focus decision: a checkpoint focused
//! by the tour, a pin or a fixture (each asks through [`FocusCheckpoint`]) makes the
//! camera systems choose a free spot facing it (the walker of the [`CameraRig`], walking
//! being the mode the headset starts in); the headset teleports there. The start is the
//! walker's first spot: inside the entrance, facing in.
//!
//! Controls (right hand points; the left hand is for the tour and recentring):
//!
//! | | Quest / Touch | Index | Vive | simple controller |
//! |---|---|---|---|---|
//! | select a pin or fixture; teleport to the floor target | trigger | trigger | trigger | select |
//! | snap turn | thumbstick left / right | thumbstick | trackpad | — |
//! | next / previous tour stop | A / B | A / B | menu / grip (right) | menu (right) |
//! | start or leave the tour | Y | A (left) | grip (left) | select (left) |
//! | recentre | X | B (left) | menu (left) | menu (left) |

use super::math::{self, Prism, RootPose};
use super::world::{Pin, PlaceCard, VrHead};
use crate::camera::{CameraRig, WalkObstacles};
use crate::overlays::checkpoint_for_fixture;
use crate::shared::{
    ActiveVenue, AppSet, Focus, FocusCheckpoint, FocusSource, TourCommand, TourPhase, venue_bounds,
};
use crate::tour::TourState;
use bevy::prelude::*;
use bevy_mod_openxr::action_binding::{OxrSendActionBindings, OxrSuggestActionBinding};
use bevy_mod_openxr::action_set_attaching::OxrAttachActionSet;
use bevy_mod_openxr::action_set_syncing::{OxrActionSetSyncSet, OxrSyncActionSet};
use bevy_mod_openxr::openxr_session_running;
use bevy_mod_openxr::resources::OxrInstance;
use bevy_mod_openxr::session::OxrSession;
use bevy_mod_xr::session::{XrSessionCreated, XrTracker, XrTrackingRoot, session_available};
use bevy_xr_utils::tracking_utils::{TrackingUtilitiesPlugin, XrTrackedView};

/// How the visitor wants to be moved (from the command line).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct HeadsetSettings {
    /// Snap-turn step (degrees): one of [`math::SNAP_TURN_STEPS_DEG`].
    pub snap_deg: f32,
    /// Seated: the floor is raised by this much (m) so the eyes are at standing height;
    /// recentring measures it again.
    pub seated_lift: Option<f32>,
}

/// Radius of the black sphere around the head that fades the view (m): inside the near
/// reach of the hands, outside the eyes' near plane.
const FADE_SPHERE_RADIUS: f32 = 0.25;
/// How far the pointer's line is drawn when it hits nothing (m).
const POINTER_IDLE_LENGTH: f32 = 2.0;
/// Radius of the floor target's ring (m): a body's width.
const TARGET_RING_RADIUS: f32 = 0.25;
const TARGET_OK: Color = Color::srgb(0.2, 0.85, 0.45);
const POINTER_COLOR: Color = Color::srgba(1.0, 1.0, 1.0, 0.8);

/// The controller actions of the visit.
#[derive(Resource)]
struct VisitActions {
    set: openxr::ActionSet,
    aim: openxr::Action<openxr::Posef>,
    select: openxr::Action<bool>,
    turn: openxr::Action<openxr::Vector2f>,
    next: openxr::Action<bool>,
    previous: openxr::Action<bool>,
    tour: openxr::Action<bool>,
    recentre: openxr::Action<bool>,
}

/// The right hand's aim pose (its −z points where the hand points).
#[derive(Component)]
struct Aim;

/// The black sphere of the fade.
#[derive(Component)]
struct FadeSphere;

/// Where the visitor is and what is under way.
#[derive(Resource, Debug, Default)]
struct Visit {
    /// The root's pose; None until the venue is there.
    root: Option<RootPose>,
    /// The walker last seen on the rig, to notice the camera's decisions.
    walker: Option<(Vec2, f32)>,
    /// Where the visitor last chose to stand and face (recentring goes back there).
    stance: Option<(Vec2, f32)>,
    /// A teleport in progress: the root it ends at and the time since it began.
    fade: Option<(RootPose, f32)>,
    /// The stick came back to the middle since the last turn.
    stick_armed: bool,
    lift: f32,
}

pub fn plugin(app: &mut App) {
    app.add_plugins(TrackingUtilitiesPlugin)
        .init_resource::<Visit>()
        .add_systems(Startup, create_actions.run_if(session_available))
        .add_systems(OxrSendActionBindings, suggest_bindings)
        .add_systems(XrSessionCreated, (attach_actions, spawn_tracked))
        .add_systems(
            PreUpdate,
            sync_actions
                .before(OxrActionSetSyncSet)
                .run_if(openxr_session_running),
        )
        .add_systems(
            Update,
            (
                (buttons, point_and_select)
                    .run_if(openxr_session_running)
                    .in_set(AppSet::Input),
                (
                    follow_focus,
                    snap_turn.run_if(openxr_session_running),
                    run_fade,
                )
                    .chain()
                    .in_set(AppSet::Camera),
            ),
        );
}

/// One action set for the visit, created once the runtime is there.
fn create_actions(instance: Res<OxrInstance>, mut commands: Commands) {
    let created = (|| -> openxr::Result<VisitActions> {
        let set = instance.create_action_set("visit", "Venue visit", 0)?;
        Ok(VisitActions {
            aim: set.create_action("aim", "Point", &[])?,
            select: set.create_action("select", "Select or teleport", &[])?,
            turn: set.create_action("turn", "Snap turn", &[])?,
            next: set.create_action("next_stop", "Next tour stop", &[])?,
            previous: set.create_action("previous_stop", "Previous tour stop", &[])?,
            tour: set.create_action("tour", "Start or leave the tour", &[])?,
            recentre: set.create_action("recentre", "Recentre", &[])?,
            set,
        })
    })();
    match created {
        Ok(actions) => commands.insert_resource(actions),
        // No controls is a visit one can only look around in, not a crash.
        Err(e) => error!("cannot create the controller actions: {e}"),
    }
}

/// Suggested bindings for the common controllers; the runtime maps others onto them.
fn suggest_bindings(
    actions: Option<Res<VisitActions>>,
    mut bindings: MessageWriter<OxrSuggestActionBinding>,
) {
    let Some(a) = actions else { return };
    let mut bind = |profile: &'static str, action: openxr::sys::Action, path: &'static str| {
        bindings.write(OxrSuggestActionBinding {
            action,
            interaction_profile: profile.into(),
            bindings: vec![path.into()],
        });
    };
    const TOUCH: &str = "/interaction_profiles/oculus/touch_controller";
    const INDEX: &str = "/interaction_profiles/valve/index_controller";
    const VIVE: &str = "/interaction_profiles/htc/vive_controller";
    const SIMPLE: &str = "/interaction_profiles/khr/simple_controller";
    for profile in [TOUCH, INDEX, VIVE, SIMPLE] {
        bind(profile, a.aim.as_raw(), "/user/hand/right/input/aim/pose");
    }
    bind(
        TOUCH,
        a.select.as_raw(),
        "/user/hand/right/input/trigger/value",
    );
    bind(
        INDEX,
        a.select.as_raw(),
        "/user/hand/right/input/trigger/click",
    );
    bind(
        VIVE,
        a.select.as_raw(),
        "/user/hand/right/input/trigger/click",
    );
    bind(
        SIMPLE,
        a.select.as_raw(),
        "/user/hand/right/input/select/click",
    );
    bind(TOUCH, a.turn.as_raw(), "/user/hand/right/input/thumbstick");
    bind(INDEX, a.turn.as_raw(), "/user/hand/right/input/thumbstick");
    bind(VIVE, a.turn.as_raw(), "/user/hand/right/input/trackpad");
    bind(TOUCH, a.next.as_raw(), "/user/hand/right/input/a/click");
    bind(INDEX, a.next.as_raw(), "/user/hand/right/input/a/click");
    bind(VIVE, a.next.as_raw(), "/user/hand/right/input/menu/click");
    bind(SIMPLE, a.next.as_raw(), "/user/hand/right/input/menu/click");
    bind(TOUCH, a.previous.as_raw(), "/user/hand/right/input/b/click");
    bind(INDEX, a.previous.as_raw(), "/user/hand/right/input/b/click");
    bind(
        VIVE,
        a.previous.as_raw(),
        "/user/hand/right/input/squeeze/click",
    );
    bind(TOUCH, a.tour.as_raw(), "/user/hand/left/input/y/click");
    bind(INDEX, a.tour.as_raw(), "/user/hand/left/input/a/click");
    bind(VIVE, a.tour.as_raw(), "/user/hand/left/input/squeeze/click");
    bind(
        SIMPLE,
        a.tour.as_raw(),
        "/user/hand/left/input/select/click",
    );
    bind(TOUCH, a.recentre.as_raw(), "/user/hand/left/input/x/click");
    bind(INDEX, a.recentre.as_raw(), "/user/hand/left/input/b/click");
    bind(
        VIVE,
        a.recentre.as_raw(),
        "/user/hand/left/input/menu/click",
    );
    bind(
        SIMPLE,
        a.recentre.as_raw(),
        "/user/hand/left/input/menu/click",
    );
}

fn attach_actions(
    actions: Option<Res<VisitActions>>,
    mut attach: MessageWriter<OxrAttachActionSet>,
) {
    if let Some(actions) = actions {
        attach.write(OxrAttachActionSet(actions.set.clone()));
    }
}

fn sync_actions(actions: Option<Res<VisitActions>>, mut sync: MessageWriter<OxrSyncActionSet>) {
    if let Some(actions) = actions {
        sync.write(OxrSyncActionSet(actions.set.clone()));
    }
}

/// The head (with the fade's sphere) and the pointing hand, under the tracking root.
fn spawn_tracked(
    mut commands: Commands,
    actions: Option<Res<VisitActions>>,
    session: Res<OxrSession>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let black = materials.add(StandardMaterial {
        base_color: Color::BLACK.with_alpha(0.0),
        unlit: true,
        alpha_mode: AlphaMode::Blend,
        // Seen from inside.
        cull_mode: None,
        ..default()
    });
    commands
        .spawn((Transform::default(), XrTrackedView, XrTracker, VrHead))
        .with_children(|head| {
            head.spawn((
                FadeSphere,
                Mesh3d(meshes.add(Sphere::new(FADE_SPHERE_RADIUS))),
                MeshMaterial3d(black),
                Visibility::Hidden,
            ));
        });
    let Some(actions) = actions else { return };
    match session.create_action_space(
        &actions.aim,
        openxr::Path::NULL,
        bevy::math::Isometry3d::IDENTITY,
    ) {
        Ok(space) => {
            commands.spawn((space, Aim));
        }
        Err(e) => error!("cannot track the pointing hand: {e}"),
    }
}

/// A button pressed this frame.
fn pressed(action: &openxr::Action<bool>, session: &OxrSession) -> bool {
    let session: &openxr::Session<openxr::AnyGraphics> = session;
    action
        .state(session, openxr::Path::NULL)
        .is_ok_and(|s| s.is_active && s.current_state && s.changed_since_last_sync)
}

/// Tour buttons and recentring.
fn buttons(
    actions: Option<Res<VisitActions>>,
    session: Res<OxrSession>,
    tour: Res<TourState>,
    settings: Res<HeadsetSettings>,
    heads: Query<&Transform, With<VrHead>>,
    mut visit: ResMut<Visit>,
    mut commands: MessageWriter<TourCommand>,
) {
    let Some(a) = actions else { return };
    let touring = tour.phase != TourPhase::Off;
    if pressed(&a.tour, &session) {
        commands.write(if touring {
            TourCommand::Exit
        } else {
            TourCommand::Start
        });
    }
    if pressed(&a.next, &session) {
        commands.write(if touring {
            TourCommand::Next
        } else {
            TourCommand::Start
        });
    }
    if touring && pressed(&a.previous, &session) {
        commands.write(TourCommand::Previous);
    }
    if pressed(&a.recentre, &session)
        && let (Ok(head), Some((spot, facing))) = (heads.single(), visit.stance)
    {
        if settings.seated_lift.is_some() {
            visit.lift = math::seated_lift(head.translation.y);
        }
        let lift = visit.lift;
        let to = math::root_for(
            spot,
            facing,
            head.translation,
            math::yaw_of(head.rotation),
            lift,
        );
        visit.fade = Some((to, 0.0));
    }
}

/// The pointer: a line from the hand to what it points at; the trigger selects a pin or a
/// fixture (as a tap would) or teleports to the floor target.
fn point_and_select(
    actions: Option<Res<VisitActions>>,
    session: Res<OxrSession>,
    aims: Query<&GlobalTransform, With<Aim>>,
    heads: Query<&GlobalTransform, With<VrHead>>,
    pins: Query<(&Pin, &GlobalTransform)>,
    active: Option<Res<ActiveVenue>>,
    obstacles: Res<WalkObstacles>,
    focus: Res<Focus>,
    mut visit: ResMut<Visit>,
    mut requests: MessageWriter<FocusCheckpoint>,
    mut gizmos: Gizmos,
) {
    let (Some(a), Some(active), Ok(aim), Ok(head)) =
        (actions, active, aims.single(), heads.single())
    else {
        return;
    };
    let origin = aim.translation();
    let dir = aim.forward().as_vec3();
    let pins: Vec<(&Pin, Vec3)> = pins.iter().map(|(p, t)| (p, t.translation())).collect();
    let centres: Vec<Vec3> = pins.iter().map(|(_, c)| *c).collect();
    let fixtures: Vec<Prism> = active
        .data
        .plan
        .fixtures
        .iter()
        .map(|f| Prism {
            footprint: f.footprint.map(|(x, z)| Vec2::new(x as f32, z as f32)),
            bottom: f.bottom as f32,
            top: f.top as f32,
        })
        .collect();
    let select = pressed(&a.select, &session);
    if let Some(pointed) = math::pick(origin, dir, &centres, &fixtures) {
        let rule = match pointed {
            math::Pointed::Marker(i) => Some((pins[i].0.rule.clone(), FocusSource::Marker)),
            math::Pointed::Fixture(i) => checkpoint_for_fixture(
                &active.data.report.results,
                &active.data.plan.fixtures[i].id,
                focus.0.as_deref(),
            )
            .map(|r| (r.to_owned(), FocusSource::Fixture)),
        };
        gizmos.line(origin, origin + dir * POINTER_IDLE_LENGTH, POINTER_COLOR);
        if select && let Some((rule, source)) = rule {
            requests.write(FocusCheckpoint::on(rule, source));
        }
        return;
    }
    let Some(root) = visit.root else { return };
    let here = head.translation().xz();
    let target = math::floor_hit(origin, dir, 0.0).and_then(|hit| {
        math::teleport_target(here, hit, &obstacles.obstacles, venue_bounds(&active.data))
    });
    match target {
        Some(target) => {
            let on_floor = Vec3::new(target.x, 0.01, target.y);
            gizmos.line(origin, on_floor, POINTER_COLOR);
            gizmos.circle(
                Isometry3d::new(
                    on_floor,
                    Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2),
                ),
                TARGET_RING_RADIUS,
                TARGET_OK,
            );
            if select && visit.fade.is_none() {
                // Same facing; the head moves by the difference.
                let shift = target - here;
                let to = RootPose {
                    translation: root.translation + Vec3::new(shift.x, 0.0, shift.y),
                    yaw: root.yaw,
                };
                visit.stance = Some((target, math::yaw_of(head.rotation())));
                visit.fade = Some((to, 0.0));
            }
        }
        None => {
            gizmos.line(origin, origin + dir * POINTER_IDLE_LENGTH, POINTER_COLOR);
        }
    }
}

/// Teleports to the walker's spot whenever the camera systems choose a new one (the
/// start at the entrance, a checkpoint focused by the tour, a pin or a fixture).
fn follow_focus(
    rigs: Query<&CameraRig>,
    heads: Query<&Transform, With<VrHead>>,
    active: Option<Res<ActiveVenue>>,
    settings: Res<HeadsetSettings>,
    mut visit: ResMut<Visit>,
    mut roots: Query<&mut Transform, (With<XrTrackingRoot>, Without<VrHead>)>,
) {
    let (Ok(rig), Some(_)) = (rigs.single(), active) else {
        return;
    };
    let walker = (rig.walker.position, rig.walker.yaw);
    if visit.walker == Some(walker) {
        return;
    }
    let first = visit.walker.is_none();
    visit.walker = Some(walker);
    visit.stance = Some(walker);
    let head = heads.single().copied().unwrap_or_default();
    if first {
        visit.lift = settings.seated_lift.unwrap_or(0.0);
    }
    let to = math::root_for(
        walker.0,
        walker.1,
        head.translation,
        math::yaw_of(head.rotation),
        visit.lift,
    );
    if first {
        // The start: no fade, there is nothing to fade from.
        visit.root = Some(to);
        if let Ok(mut root) = roots.single_mut() {
            *root = Transform::from_translation(to.translation).with_rotation(to.rotation());
        }
    } else {
        visit.fade = Some((to, 0.0));
    }
}

/// Snap turns on the stick: one turn per push.
fn snap_turn(
    actions: Option<Res<VisitActions>>,
    session: Res<OxrSession>,
    settings: Res<HeadsetSettings>,
    heads: Query<&Transform, With<VrHead>>,
    mut visit: ResMut<Visit>,
    mut roots: Query<&mut Transform, (With<XrTrackingRoot>, Without<VrHead>)>,
) {
    let (Some(a), Ok(head)) = (actions, heads.single()) else {
        return;
    };
    let session: &openxr::Session<openxr::AnyGraphics> = &session;
    let Ok(state) = a.turn.state(session, openxr::Path::NULL) else {
        return;
    };
    let x = if state.is_active {
        state.current_state.x
    } else {
        0.0
    };
    if x.abs() < math::STICK_RELEASE {
        visit.stick_armed = true;
        return;
    }
    let Some(root) = visit.root else { return };
    if !visit.stick_armed || x.abs() < math::STICK_PUSH || visit.fade.is_some() {
        return;
    }
    visit.stick_armed = false;
    let turned = math::turn_about_head(
        root,
        head.translation,
        math::snap_angle(x, settings.snap_deg),
    );
    visit.root = Some(turned);
    if let Some(stance) = &mut visit.stance {
        stance.1 += turned.yaw - root.yaw;
    }
    if let Ok(mut transform) = roots.single_mut() {
        *transform =
            Transform::from_translation(turned.translation).with_rotation(turned.rotation());
    }
}

/// Runs the fade of a teleport: to black, the root moved, back; the card placed again.
fn run_fade(
    time: Res<Time>,
    mut visit: ResMut<Visit>,
    mut roots: Query<&mut Transform, (With<XrTrackingRoot>, Without<VrHead>)>,
    mut spheres: Query<(&mut Visibility, &MeshMaterial3d<StandardMaterial>), With<FadeSphere>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut place: MessageWriter<PlaceCard>,
) {
    let Some((to, elapsed)) = visit.fade else {
        return;
    };
    let elapsed = elapsed + time.delta_secs();
    let (alpha, due) = math::fade(elapsed);
    if due && visit.root != Some(to) {
        visit.root = Some(to);
        if let Ok(mut root) = roots.single_mut() {
            *root = Transform::from_translation(to.translation).with_rotation(to.rotation());
        }
        place.write(PlaceCard);
    }
    let done = math::fade_done(elapsed);
    visit.fade = (!done).then_some((to, elapsed));
    for (mut visibility, material) in &mut spheres {
        *visibility = if done {
            Visibility::Hidden
        } else {
            Visibility::Inherited
        };
        if let Some(mut m) = materials.get_mut(&material.0) {
            m.base_color = Color::BLACK.with_alpha(if done { 0.0 } else { alpha });
        }
    }
}
