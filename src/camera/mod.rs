//! The camera: four ways to look around and smooth flights between them.
//!
//! - **Overview** ("dollhouse"): orbit around the venue; walls between the camera and the
//!   interior drop to a low stub so the inside stays visible.
//! - **Plan**: top-down orthographic, the whole venue fitted to the screen.
//! - **Walk**: first person at eye height; WASD/arrows or the on-screen pad to move, drag
//!   (mouse or one finger) to look; walls and fixtures stop you, doors let you through.
//! - **Flights**: any change of mode or viewpoint eases the camera over
//!   [`FLIGHT_SECONDS`].
//!
//! The camera's state is the [`CameraRig`] component on the rig entity, whose
//! `Transform` is the viewer's pose; the [`MainCamera`] hangs under it with an identity
//! transform, so a stereo pair or an XR rig can hang there instead. The view is centred
//! in the screen area the panels leave free, from the [`ViewInsets`] the UI publishes.
//!
//! All math lives in [`math`]; the systems here only gather input and call it.

pub mod math;
pub mod stereo;
pub mod stereo_math;
#[cfg(target_arch = "wasm32")]
pub mod web_stereo;

use crate::shared::{ActiveVenue, AppSet, CameraCommand, ViewInsets, ViewMode, venue_bounds};
use crate::spawn::{Ceiling, WallPiece};
use bevy::camera::ScalingMode;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::input::touch::Touches;
use bevy::prelude::*;
use math::{EYE_HEIGHT, Obstacle, Orbit};
use venue_core::Opening;
use venue_core::compact_sort::CompactSort;

/// Duration of a camera flight (s): long enough to follow, short enough not to wait.
pub const FLIGHT_SECONDS: f32 = 0.9;
/// Orbit and look sensitivity (radians per pixel dragged).
const RADIANS_PER_PIXEL: f32 = 0.006;
/// Walking speed (m/s): a relaxed indoor pace.
const WALK_SPEED: f32 = 1.4;
/// Zoom factor per wheel line.
const ZOOM_PER_LINE: f32 = 1.12;
/// Height of walls cut away in the overview (m).
const CUTAWAY_HEIGHT: f32 = 0.35;
/// Fixtures whose bottom is above this stop nobody (hoods, signs) (m).
const HEADROOM: f64 = 1.2;
/// Room left around the venue in plan view, as a fraction (the top bar covers some).
const PLAN_MARGIN: f32 = 0.18;
/// Vertical field of view of the perspective camera (rad).
pub const FOV: f32 = std::f32::consts::FRAC_PI_4;

/// Where the walking visitor stands and looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Walker {
    pub position: Vec2,
    pub yaw: f32,
    pub pitch: f32,
}

/// The camera's controllers and any flight in progress: a component on the rig entity,
/// whose `Transform` the camera systems set to the pose these describe.
#[derive(Component, Debug, Clone)]
#[require(Transform, Visibility)]
pub struct CameraRig {
    pub mode: ViewMode,
    pub orbit: Orbit,
    pub walker: Walker,
    pub plan_center: Vec2,
    pub plan_half_height: f32,
    pub flight: Option<Flight>,
    /// Venue bounds on the plan.
    pub bounds: (Vec2, Vec2),
    /// The point the last flight to a checkpoint looked at (its evidence's centre): the
    /// stereo pair's zero-parallax plane while that checkpoint is open.
    pub focus_point: Option<Vec3>,
}

impl Default for CameraRig {
    fn default() -> Self {
        Self {
            mode: ViewMode::Overview,
            orbit: Orbit {
                focus: Vec3::ZERO,
                yaw: 0.0,
                pitch: 0.8,
                distance: 12.0,
            },
            walker: Walker {
                position: Vec2::ZERO,
                yaw: 0.0,
                pitch: 0.0,
            },
            plan_center: Vec2::ZERO,
            plan_half_height: 5.0,
            flight: None,
            bounds: (Vec2::ZERO, Vec2::ONE),
            focus_point: None,
        }
    }
}

/// A camera flight from one pose to another.
#[derive(Debug, Clone, Copy)]
pub struct Flight {
    pub from: Transform,
    pub to: Transform,
    pub elapsed: f32,
}

/// Movement asked for by the on-screen pad: x = strafe right, y = forward, each in −1..1.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct WalkPad(pub Vec2);

/// Walls and fixtures the walker collides with, rebuilt with the venue.
#[derive(Resource, Debug, Default)]
pub struct WalkObstacles {
    pub generation: Option<u32>,
    /// The id of the venue they were built for: another venue (a scene picked) starts
    /// the camera afresh, a reload of the same one keeps it where it is.
    pub venue_id: Option<String>,
    pub obstacles: Vec<Obstacle>,
    /// Per wall: midpoint, unit normal (either side), for the cutaway.
    pub walls: Vec<(Vec2, Vec2)>,
    /// Every wall whole, its doors and windows included: a line of sight that crosses
    /// none of them stays in one room.
    pub room_walls: Vec<Obstacle>,
    pub center: Vec2,
}

/// The 3D camera (under the [`CameraRig`]); the panels draw on its target too.
#[derive(Component)]
pub struct MainCamera;

/// The cameras a pointer can look through: the main camera, or the eyes in stereo.
pub type ViewCameras<'w, 's> = Query<
    'w,
    's,
    (&'static Camera, &'static GlobalTransform),
    Or<(With<MainCamera>, With<stereo::EyeCamera>)>,
>;

/// The ray under a pointer at `screen` (logical pixels of the window): through the active
/// camera whose viewport holds it (the main camera, or one of the eyes in stereo).
pub fn pointer_ray(cameras: &ViewCameras, screen: Vec2) -> Option<Ray3d> {
    cameras
        .iter()
        .filter(|(camera, _)| camera.is_active)
        .find_map(|(camera, transform)| {
            let rect = camera.logical_viewport_rect()?;
            if !rect.contains(screen) {
                return None;
            }
            camera.viewport_to_world(transform, screen - rect.min).ok()
        })
}

pub fn plugin(app: &mut App) {
    app.add_plugins(stereo::plugin)
        .init_resource::<WalkPad>()
        .init_resource::<WalkObstacles>()
        .add_systems(Startup, spawn_camera)
        .add_systems(
            Update,
            (mode_keys, pointer_input, walk_keys).in_set(AppSet::Input),
        )
        .add_systems(
            Update,
            (
                rebuild_obstacles,
                forget_visitor,
                handle_commands,
                refit_views,
                walk_move,
                apply_camera,
                cutaway,
                center_between_panels,
                stereo::forget_visitor,
                stereo::switch_stereo,
                stereo::layout_eyes,
            )
                .chain()
                .in_set(AppSet::Camera),
        );
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Name::new("Camera rig"),
        CameraRig::default(),
        Transform::from_xyz(0.0, 10.0, 12.0).looking_at(Vec3::ZERO, Vec3::Y),
        children![(
            Name::new("Main camera"),
            MainCamera,
            Camera3d::default(),
            // The panels draw on this camera's target, window or headless image alike.
            IsDefaultUiCamera,
            Projection::Perspective(PerspectiveProjection {
                fov: FOV,
                ..default()
            }),
        )],
    ));
}

/// Keeps the 3D view's centre in the middle of the screen area the panels leave free, so
/// what the camera frames is not half under the checklist, the card or the bottom sheet.
fn center_between_panels(
    mut cameras: Query<&mut Camera, With<MainCamera>>,
    insets: Res<ViewInsets>,
) {
    for mut camera in &mut cameras {
        let Some(viewport) = camera.physical_viewport_size() else {
            continue;
        };
        let wanted = math::lens_shift(
            viewport,
            insets.left.round() as u32,
            insets.right.round() as u32,
            insets.top.round() as u32,
            insets.bottom.round() as u32,
        );
        if camera.sub_camera_view != wanted {
            camera.sub_camera_view = wanted;
        }
    }
}

/// Obstacles from the plan: wall stretches outside door openings, and the footprints of
/// fixtures that stand in the way.
pub fn obstacles_for(data: &crate::venue_asset::VenueData) -> WalkObstacles {
    let mut obstacles = Vec::new();
    let mut walls = Vec::new();
    let mut room_walls = Vec::new();
    for wall in &data.venue.walls {
        let a = Vec2::new(wall.from.0 as f32, wall.from.1 as f32);
        let b = Vec2::new(wall.to.0 as f32, wall.to.1 as f32);
        let length = a.distance(b);
        // Also skips NaN lengths.
        if length.is_nan() || length <= 0.0 {
            continue;
        }
        let dir = (b - a) / length;
        walls.push(((a + b) / 2.0, Vec2::new(dir.y, -dir.x)));
        room_walls.push(Obstacle::Segment {
            a,
            b,
            half_thickness: (wall.thickness / 2.0) as f32,
        });
        let mut doors: Vec<(f32, f32)> = wall
            .openings
            .iter()
            .filter_map(|o| match o {
                Opening::Door(d) => Some((
                    (d.center - d.width / 2.0) as f32,
                    (d.center + d.width / 2.0) as f32,
                )),
                Opening::Window(_) => None,
            })
            .collect();
        doors.sort_compact_by(|x, y| x.0.total_cmp(&y.0));
        let mut cursor = 0.0;
        let half_thickness = (wall.thickness / 2.0) as f32;
        for (start, end) in doors.into_iter().chain([(length, length)]) {
            if start > cursor {
                obstacles.push(Obstacle::Segment {
                    a: a + dir * cursor,
                    b: a + dir * start.min(length),
                    half_thickness,
                });
            }
            cursor = cursor.max(end);
        }
    }
    for f in &data.plan.fixtures {
        if f.blocks_walking && f.bottom < HEADROOM {
            obstacles.push(Obstacle::Quad(
                f.footprint.map(|(x, z)| Vec2::new(x as f32, z as f32)),
            ));
        }
    }
    let (min, max) = venue_bounds(data);
    WalkObstacles {
        generation: None,
        venue_id: None,
        obstacles,
        walls,
        room_walls,
        center: (min + max) / 2.0,
    }
}

/// A free spot to start walking: just inside the first exterior door, else the centre.
fn walk_start(data: &crate::venue_asset::VenueData, obstacles: &[Obstacle]) -> Walker {
    let (min, max) = venue_bounds(data);
    let center = (min + max) / 2.0;
    for door in &data.plan.doors {
        if !door.exterior {
            continue;
        }
        let c = Vec2::new(door.center.0 as f32, door.center.1 as f32);
        let n = Vec2::new(door.normal.0 as f32, door.normal.1 as f32);
        for side in [1.0, -1.0] {
            let p = c + n * side * 1.0;
            let inside = data.plan.zone_at((p.x as f64, p.y as f64)).is_some();
            if inside && !obstacles.iter().any(|o| o.blocks(p, math::BODY_RADIUS)) {
                let look = center - p;
                return Walker {
                    position: p,
                    yaw: (-look.x).atan2(-look.y),
                    pitch: 0.0,
                };
            }
        }
    }
    Walker {
        position: center,
        yaw: 0.0,
        pitch: 0.0,
    }
}

pub fn rebuild_obstacles(
    active: Option<Res<ActiveVenue>>,
    mut obstacles: ResMut<WalkObstacles>,
    mut rigs: Query<&mut CameraRig>,
    frame: FrameParams,
) {
    let Some(active) = active else { return };
    if obstacles.generation == Some(active.generation) {
        return;
    }
    let another_venue = obstacles.venue_id.as_deref() != Some(active.data.venue.id.as_str());
    *obstacles = obstacles_for(&active.data);
    obstacles.generation = Some(active.generation);
    obstacles.venue_id = Some(active.data.venue.id.clone());
    if another_venue {
        let frame = frame.get();
        let (min, max) = venue_bounds(&active.data);
        for mut rig in &mut rigs {
            rig.bounds = (min, max);
            rig.orbit = overview_orbit(min, max, frame);
            rig.plan_center = (min + max) / 2.0;
            rig.plan_half_height = frame.plan_half_height(min, max, PLAN_MARGIN);
            rig.walker = walk_start(&active.data, &obstacles.obstacles);
        }
    }
}

/// A reset ([`crate::shared::ResetVisitor`]) puts the camera where a fresh start has it:
/// the home overview, the plan fitted, the walker at the entrance, no flight, no pad.
fn forget_visitor(
    mut resets: MessageReader<crate::shared::ResetVisitor>,
    active: Option<Res<ActiveVenue>>,
    obstacles: Res<WalkObstacles>,
    mut rigs: Query<&mut CameraRig>,
    mut pad: ResMut<WalkPad>,
    frame: FrameParams,
) {
    if resets.read().count() == 0 {
        return;
    }
    pad.0 = Vec2::ZERO;
    let frame = frame.get();
    for mut rig in &mut rigs {
        let (min, max) = rig.bounds;
        rig.mode = ViewMode::Overview;
        rig.orbit = overview_orbit(min, max, frame);
        rig.plan_center = (min + max) / 2.0;
        rig.plan_half_height = frame.plan_half_height(min, max, PLAN_MARGIN);
        if let Some(active) = &active {
            rig.walker = walk_start(&active.data, &obstacles.obstacles);
        }
        rig.flight = None;
        rig.focus_point = None;
    }
}

/// What the camera fits its views to: the screen, one eye's picture of it in stereo,
/// and the part of it the panels leave free.
#[derive(bevy::ecs::system::SystemParam)]
pub struct FrameParams<'w, 's> {
    windows: Query<'w, 's, &'static Window>,
    cameras: Query<'w, 's, &'static Camera, With<MainCamera>>,
    stereo: Res<'w, stereo::StereoSettings>,
    insets: Res<'w, ViewInsets>,
}

impl FrameParams<'_, '_> {
    /// The picture the viewer sees (the window's; without one, the camera's image, or
    /// 16:9 in stereo), one eye's of it in stereo, less what a top bar and a bottom
    /// sheet cover.
    pub fn get(&self) -> math::ViewFrame {
        let stereo_on = self.stereo.mode != stereo_math::StereoMode::Off;
        let screen = match self.windows.iter().next() {
            Some(window) => Some(window.physical_size()),
            None if !stereo_on => self.cameras.iter().find_map(|c| c.physical_target_size()),
            None => None,
        }
        .filter(|size| size.x > 0 && size.y > 0);
        let aspect = screen.map_or(16.0 / 9.0, |s| s.x as f32 / s.y as f32);
        let share = screen.map_or(1.0, |s| {
            math::free_height_share(
                s.y,
                self.insets.top.round() as u32,
                self.insets.bottom.round() as u32,
            )
        });
        math::ViewFrame::new(
            FOV,
            stereo_math::eye_aspect(aspect, self.stereo.mode),
            share,
        )
    }
}

/// The home overview: from the street side (low z), three-quarter view, the whole venue
/// in `frame`.
pub fn overview_orbit(min: Vec2, max: Vec2, frame: math::ViewFrame) -> Orbit {
    let mut orbit = math::overview_for(min, max, frame.vertical_fov, frame.aspect);
    orbit.yaw = std::f32::consts::PI - 0.55;
    orbit
}

/// When the part of the screen left to the view changes (the bottom sheet first laid out,
/// folded or unfolded; the window resized; a phone turned): the home overview and the
/// fitted plan, while shown, are fitted again, so the venue is whole in the new part; a
/// checkpoint's view steps back or closer by as much as its framing needs (see
/// `math::ViewFrame::framing_factor`). A home view the visitor has moved stays as it is.
fn refit_views(
    frame: FrameParams,
    mut rigs: Query<&mut CameraRig>,
    mut last: Local<Option<math::ViewFrame>>,
) {
    let now = frame.get();
    let Some(before) = last.replace(now) else {
        return;
    };
    if before == now {
        return;
    }
    for mut rig in &mut rigs {
        if rig.flight.is_some() {
            continue;
        }
        let (min, max) = rig.bounds;
        if rig.orbit == overview_orbit(min, max, before) {
            rig.orbit = overview_orbit(min, max, now);
        }
        if rig.plan_center == (min + max) / 2.0
            && rig.plan_half_height == before.plan_half_height(min, max, PLAN_MARGIN)
        {
            rig.plan_half_height = now.plan_half_height(min, max, PLAN_MARGIN);
        }
        if rig.focus_point.is_some() {
            let step = now.framing_factor(FOV) / before.framing_factor(FOV);
            rig.orbit.distance = (rig.orbit.distance * step)
                .clamp(math::ORBIT_DISTANCE_MIN, math::ORBIT_DISTANCE_MAX);
        }
    }
}

fn mode_keys(keys: Res<ButtonInput<KeyCode>>, mut commands: MessageWriter<CameraCommand>) {
    let pairs = [
        (KeyCode::Digit1, ViewMode::Overview),
        (KeyCode::Digit2, ViewMode::Plan),
        (KeyCode::Digit3, ViewMode::Walk),
    ];
    for (key, mode) in pairs {
        if keys.just_pressed(key) {
            commands.write(CameraCommand::SetMode(mode));
        }
    }
    if keys.just_pressed(KeyCode::Home) {
        commands.write(CameraCommand::Home);
    }
}

/// Mouse and touch: drag orbits / pans / looks; wheel and pinch zoom.
fn pointer_input(
    mouse: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    touches: Res<Touches>,
    ui: Query<&Interaction>,
    mut rigs: Query<&mut CameraRig>,
    capture: Res<crate::shared::PointerCapture>,
) {
    if capture.0 || ui.iter().any(|i| *i != Interaction::None) {
        return;
    }
    let Ok(mut rig) = rigs.single_mut() else {
        return;
    };
    let mut drag = Vec2::ZERO;
    let mut zoom = 1.0;
    if mouse.pressed(MouseButton::Left) || mouse.pressed(MouseButton::Right) {
        drag += motion.delta;
    }
    if scroll.delta.y != 0.0 {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        zoom *= ZOOM_PER_LINE.powf(-lines);
    }
    let active: Vec<_> = touches.iter().collect();
    match active.as_slice() {
        [one] => drag += one.delta(),
        [a, b, ..] => {
            let before = (a.previous_position() - b.previous_position()).length();
            let now = (a.position() - b.position()).length();
            if before > 1.0 && now > 1.0 {
                zoom *= before / now;
            }
        }
        _ => {}
    }
    if drag == Vec2::ZERO && zoom == 1.0 {
        return;
    }
    let rig = rig.as_mut();
    if rig.flight.is_some() {
        return;
    }
    match rig.mode {
        ViewMode::Overview => rig.orbit.apply(drag, zoom, RADIANS_PER_PIXEL),
        ViewMode::Plan => {
            // One screen pixel is 2·half_height / screen height metres; 720 px assumed
            // for the drag scale since the pan only needs to feel proportional.
            let metres_per_pixel = 2.0 * rig.plan_half_height / 720.0;
            rig.plan_center += Vec2::new(drag.x, drag.y) * metres_per_pixel;
            rig.plan_half_height = (rig.plan_half_height * zoom).clamp(1.0, 200.0);
        }
        ViewMode::Walk => {
            rig.walker.yaw -= drag.x * RADIANS_PER_PIXEL;
            rig.walker.pitch = (rig.walker.pitch - drag.y * RADIANS_PER_PIXEL)
                .clamp(-math::WALK_PITCH_LIMIT, math::WALK_PITCH_LIMIT);
        }
    }
}

fn walk_keys(keys: Res<ButtonInput<KeyCode>>, mut pad: ResMut<WalkPad>, mut held: Local<bool>) {
    let axis = |pos: [KeyCode; 2], neg: [KeyCode; 2]| {
        let p = pos.iter().any(|k| keys.pressed(*k)) as i32 as f32;
        let n = neg.iter().any(|k| keys.pressed(*k)) as i32 as f32;
        p - n
    };
    let v = Vec2::new(
        axis(
            [KeyCode::KeyD, KeyCode::ArrowRight],
            [KeyCode::KeyA, KeyCode::ArrowLeft],
        ),
        axis(
            [KeyCode::KeyW, KeyCode::ArrowUp],
            [KeyCode::KeyS, KeyCode::ArrowDown],
        ),
    );
    // Keys only own the pad while held, so the on-screen pad works when no key is down.
    if v != Vec2::ZERO {
        pad.0 = v;
        *held = true;
    } else if *held {
        pad.0 = Vec2::ZERO;
        *held = false;
    }
}

fn walk_move(
    time: Res<Time>,
    pad: Res<WalkPad>,
    obstacles: Res<WalkObstacles>,
    mut rigs: Query<&mut CameraRig>,
) {
    let Ok(mut rig) = rigs.single_mut() else {
        return;
    };
    if rig.mode != ViewMode::Walk || rig.flight.is_some() || pad.0 == Vec2::ZERO {
        return;
    }
    let (forward, right) = math::walk_axes(rig.walker.yaw);
    let delta = (forward * pad.0.y + right * pad.0.x).clamp_length_max(1.0)
        * WALK_SPEED
        * time.delta_secs();
    rig.walker.position = math::walk_step(
        rig.walker.position,
        delta,
        &obstacles.obstacles,
        math::BODY_RADIUS,
    );
}

/// The pose the camera has when settled in `mode`.
pub fn settled_pose(rig: &CameraRig, mode: ViewMode) -> Transform {
    match mode {
        ViewMode::Overview => {
            Transform::from_translation(rig.orbit.eye()).looking_at(rig.orbit.focus, Vec3::Y)
        }
        ViewMode::Plan => {
            let c = rig.plan_center;
            // Screen-up is +z so the street side (low z) is at the bottom, as seen from
            // the street.
            Transform::from_xyz(c.x, 60.0, c.y).looking_at(Vec3::new(c.x, 0.0, c.y), Vec3::Z)
        }
        ViewMode::Walk => {
            let w = rig.walker;
            Transform::from_xyz(w.position.x, EYE_HEIGHT, w.position.y)
                .with_rotation(Quat::from_euler(EulerRot::YXZ, w.yaw, w.pitch, 0.0))
        }
    }
}

pub fn handle_commands(
    mut commands: MessageReader<CameraCommand>,
    mut rigs: Query<(&mut CameraRig, &Transform)>,
    obstacles: Res<WalkObstacles>,
    frame: FrameParams,
) {
    let Ok((mut rig, current)) = rigs.single_mut() else {
        return;
    };
    let current = *current;
    let frame = frame.get();
    for command in commands.read() {
        let rig = rig.as_mut();
        match *command {
            CameraCommand::SetMode(mode) => rig.mode = mode,
            CameraCommand::Home => {
                let (min, max) = rig.bounds;
                rig.orbit = overview_orbit(min, max, frame);
                rig.plan_center = (min + max) / 2.0;
                rig.plan_half_height = frame.plan_half_height(min, max, PLAN_MARGIN);
                rig.focus_point = None;
            }
            CameraCommand::LookAt { eye, target } => {
                // Checkpoint views are framed for a landscape screen: a narrower free part
                // (a phone's, above its sheet) sees the same from further back.
                let eye = target + (eye - target) * frame.framing_factor(FOV);
                rig.focus_point = Some(target);
                match rig.mode {
                    ViewMode::Overview => rig.orbit = Orbit::from_eye_target(eye, target),
                    ViewMode::Plan => {
                        rig.plan_center = target.xz();
                        let reach = (eye.xz() - target.xz()).length().max(1.5);
                        rig.plan_half_height = reach.max(2.5);
                    }
                    ViewMode::Walk => {
                        let spot = math::walk_spot(
                            eye.xz(),
                            target.xz(),
                            &obstacles.obstacles,
                            rig.walker.position,
                        );
                        let look =
                            Vec3::new(target.x - spot.x, target.y - EYE_HEIGHT, target.z - spot.y);
                        let horizontal = look.xz().length().max(1e-3);
                        rig.walker = Walker {
                            position: spot,
                            yaw: (-look.x).atan2(-look.z),
                            pitch: (look.y / horizontal)
                                .atan()
                                .clamp(-math::WALK_PITCH_LIMIT, math::WALK_PITCH_LIMIT),
                        };
                    }
                }
            }
        }
        rig.flight = Some(Flight {
            from: current,
            to: settled_pose(rig, rig.mode),
            elapsed: 0.0,
        });
    }
}

pub fn apply_camera(
    time: Res<Time>,
    mut rigs: Query<(&mut CameraRig, &mut Transform)>,
    mut cameras: Query<(&mut Projection, &Camera), Or<(With<MainCamera>, With<stereo::EyeCamera>)>>,
    mut ceilings: Query<&mut Visibility, With<Ceiling>>,
) {
    let Ok((mut rig, mut transform)) = rigs.single_mut() else {
        return;
    };
    let rig = rig.as_mut();
    let mode = rig.mode;
    let target_pose = settled_pose(rig, mode);
    let wants_ortho = mode == ViewMode::Plan;
    if let Some(flight) = rig.flight.as_mut() {
        flight.elapsed += time.delta_secs();
        flight.to = target_pose;
        let t = math::ease_in_out(flight.elapsed / FLIGHT_SECONDS);
        // A plan flight descends in perspective from high above, then switches.
        *transform = Transform {
            translation: flight.from.translation.lerp(flight.to.translation, t),
            rotation: flight.from.rotation.slerp(flight.to.rotation, t),
            scale: Vec3::ONE,
        };
        if flight.elapsed >= FLIGHT_SECONDS {
            rig.flight = None;
        }
    } else {
        transform.set_if_neq(target_pose);
    }
    // A flight is drawn in perspective (a plan flight descends from high above, then
    // switches); settled, the mode decides.
    let ortho_height = (wants_ortho && rig.flight.is_none()).then_some(2.0 * rig.plan_half_height);
    for (mut projection, camera) in &mut cameras {
        // A lens shift that enlarges the picture upwards or downwards (the compact
        // layout's sheet) spreads the projection over the enlarged height: widen it by as
        // much, so the screen shows what it would without the shift.
        let stretch = camera.sub_camera_view.map_or(1.0, |view| {
            view.full_size.y as f32 / view.size.y.max(1) as f32
        });
        set_projection(&mut projection, ortho_height, stretch);
    }
    let show_ceiling = mode == ViewMode::Walk && rig.flight.is_none();
    for mut visibility in &mut ceilings {
        visibility.set_if_neq(if show_ceiling {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

/// Orthographic with this viewport height (m), or perspective with [`FOV`], each spread
/// over `stretch` times the screen's height (see `apply_camera`); writes only on a
/// change, so the projection is not marked changed every frame.
fn set_projection(projection: &mut Mut<Projection>, ortho_height: Option<f32>, stretch: f32) {
    let wanted_fov = math::stretched_fov(FOV, stretch);
    let wanted_height = ortho_height.map(|h| h * stretch);
    let current = match **projection {
        Projection::Orthographic(ref o) => match o.scaling_mode {
            ScalingMode::FixedVertical { viewport_height } => Some(Some(viewport_height)),
            _ => None,
        },
        Projection::Perspective(ref p) if (p.fov - wanted_fov).abs() < 1e-6 => Some(None),
        _ => None,
    };
    if current == Some(wanted_height) {
        return;
    }
    **projection = match wanted_height {
        Some(height) => Projection::Orthographic(OrthographicProjection {
            scaling_mode: ScalingMode::FixedVertical {
                viewport_height: height,
            },
            ..OrthographicProjection::default_3d()
        }),
        None => Projection::Perspective(PerspectiveProjection {
            fov: wanted_fov,
            ..default()
        }),
    };
}

/// Whether a wall hides the interior from a camera looking from `camera_dir` (horizontal,
/// unit, from the venue centre towards the camera): it stands on the camera's side of the
/// centre and faces the camera.
pub fn wall_blocks_view(mid: Vec2, normal: Vec2, center: Vec2, camera_dir: Vec2) -> bool {
    let side = (mid - center).dot(camera_dir);
    let facing = normal.dot(camera_dir).abs();
    side > 0.3 && facing > 0.35
}

fn cutaway(
    rigs: Query<(&CameraRig, &Transform), Without<WallPiece>>,
    obstacles: Res<WalkObstacles>,
    mut pieces: Query<(&WallPiece, &mut Transform, &mut Visibility)>,
) {
    let Ok((rig, cam)) = rigs.single() else {
        return;
    };
    let overview =
        rig.mode == ViewMode::Overview || (rig.flight.is_some() && rig.mode != ViewMode::Walk);
    let to_camera = (cam.translation.xz() - obstacles.center).normalize_or_zero();
    // Looking almost straight down nothing hides the interior.
    let steep =
        (cam.translation.y - 0.0) > 3.0 * (cam.translation.xz() - obstacles.center).length();
    for (piece, mut transform, mut visibility) in &mut pieces {
        let original = piece.base;
        let cut = overview
            && !steep
            && obstacles
                .walls
                .get(piece.wall)
                .is_some_and(|(mid, normal)| {
                    wall_blocks_view(*mid, *normal, obstacles.center, to_camera)
                });
        let bottom = original.translation.y - original.scale.y / 2.0;
        let (new_transform, visible) = if !cut {
            (original, true)
        } else if bottom >= CUTAWAY_HEIGHT {
            (original, false)
        } else {
            let top = (original.translation.y + original.scale.y / 2.0).min(CUTAWAY_HEIGHT);
            let mut t = original;
            t.scale.y = top - bottom;
            t.translation.y = (top + bottom) / 2.0;
            (t, true)
        };
        if *transform != new_transform {
            *transform = new_transform;
        }
        visibility.set_if_neq(if visible {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_wall_blocks_and_back_wall_does_not() {
        let center = Vec2::new(3.0, 4.0);
        let to_camera = Vec2::new(0.0, -1.0); // camera on the street side (low z)
        let front = (Vec2::new(3.0, 0.0), Vec2::new(0.0, 1.0));
        let back = (Vec2::new(3.0, 8.0), Vec2::new(0.0, 1.0));
        let side = (Vec2::new(0.0, 4.0), Vec2::new(1.0, 0.0));
        assert!(wall_blocks_view(front.0, front.1, center, to_camera));
        assert!(!wall_blocks_view(back.0, back.1, center, to_camera));
        assert!(!wall_blocks_view(side.0, side.1, center, to_camera));
    }
}
