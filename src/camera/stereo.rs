//! Side-by-side stereo (`--stereo sbs|sbs-half`, the booth's `stereo`, the web's
//! stereo button): two [`EyeCamera`]s under the [`CameraRig`], each drawing the venue
//! into its half of the output; the camera systems move the rig as they always do.
//!
//! - **Eyes.** Half the IPD to each side of the rig. With parallel axes (viewers) each
//!   eye looks straight ahead; for 3D screens (`--convergence checkpoint`) each eye's
//!   frustum is shifted off its axis so that the focused checkpoint (or, with none, the
//!   overview's centre, or a room's depth walking) lies on the zero-parallax plane.
//!   The shift is a Bevy sub-camera view rather than a custom projection: the app already
//!   centres the view between the panels with one (`math::lens_shift`), the two shifts
//!   simply add up, and it works unchanged for the orthographic plan and for Bevy's
//!   frustum culling. The plan is orthographic, so it has no depth: both eyes see it
//!   the same (no separation).
//! - **Panels, markers and labels.** The one UI tree is drawn once, for a viewer between
//!   the eyes, into an eye-sized overlay image by an [`OverlayCamera`]; each eye shows
//!   that image moved sideways by half the disparity of the overlay's depth, the focused
//!   checkpoint's (so the card, its marker and its evidence labels sit at the checkpoint
//!   in both eyes; on a 3D screen that is the screen plane, no shift at all). The
//!   [`MainCamera`] stays as that viewer between the eyes: inactive (it draws nothing),
//!   its target the overlay image, so every system that projects through it (markers,
//!   the probe, the panels' lens shift, the UI scale) keeps working in overlay pixels.
//! - **Taps** on the venue go through the eye cameras (Bevy's mesh picking uses every
//!   active camera and its viewport); the panels in the overlay image take no taps: in
//!   stereo the keys and the tour drive the app (a viewer has no touch screen either).
//!
//! `sbs` gives each eye half the output at its own aspect (a phone in a viewer);
//! `sbs-half` gives each eye the whole picture squeezed into half the width, which a 3D
//! TV stretches back. All the math is in [`super::stereo_math`].

use super::stereo_math::{self as math, Convergence, Eye, StereoMode};
use super::{CameraRig, FOV, MainCamera};
use crate::shared::{Focus, ResetVisitor, ViewMode};
use bevy::camera::{RenderTarget, SubCameraView, Viewport};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureFormat};

/// How the app shows the venue: one picture or a side-by-side pair.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct StereoSettings {
    pub mode: StereoMode,
    /// Interpupillary distance (m).
    pub ipd_m: f32,
    pub convergence: Convergence,
}

impl Default for StereoSettings {
    fn default() -> Self {
        Self {
            mode: StereoMode::Off,
            ipd_m: math::DEFAULT_IPD_M,
            convergence: Convergence::Parallel,
        }
    }
}

impl StereoSettings {
    /// The booth configuration's `stereo`, with the convergence that suits the mode and
    /// the default IPD.
    pub fn for_booth(stereo: venue_core::kiosk::config::Stereo) -> Self {
        use venue_core::kiosk::config::Stereo;
        let mode = match stereo {
            Stereo::Off => StereoMode::Off,
            Stereo::Sbs => StereoMode::Sbs,
            Stereo::SbsHalf => StereoMode::SbsHalf,
        };
        Self {
            mode,
            convergence: Convergence::for_mode(mode),
            ..default()
        }
    }
}

/// The stereo setting the app was started with (command line, booth configuration): a
/// reset ([`ResetVisitor`]) returns to it whatever the visitor switched to.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct ConfiguredStereo(pub StereoSettings);

/// One eye of the pair, a child of the rig.
#[derive(Component, Debug, Clone, Copy)]
pub struct EyeCamera(pub Eye);

/// The camera that draws the panels, markers and labels into the overlay image.
#[derive(Component)]
pub struct OverlayCamera;

/// The overlay image shown in one eye.
#[derive(Component)]
pub struct OverlayView(Eye);

/// Where the pair draws (the window or the capture image, the main camera's target
/// before stereo started) and the overlay image.
#[derive(Resource)]
pub struct StereoOutput {
    target: RenderTarget,
    overlay: Handle<Image>,
}

/// The rotation of the viewer's head within the rig (the phone's orientation in a
/// viewer on the web); `None`: looking where the rig looks.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct HeadLook(pub Option<Quat>);

/// What the pair shows this frame, for the probe and the tests.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct StereoView {
    /// One eye's picture (px).
    pub eye_image: UVec2,
    /// Its focal length (px).
    pub focal_px: f32,
    /// The distance between the eyes this frame (m; zero in the plan).
    pub separation_m: f32,
    /// The zero-parallax plane (m); `None`: parallel axes.
    pub convergence_m: Option<f32>,
    /// The depth the overlay appears at (m).
    pub overlay_depth_m: f32,
}

/// Picture size used until the output's size is known (the first frame of a window).
const FALLBACK_OUTPUT: UVec2 = UVec2::new(1280, 720);

pub fn plugin(app: &mut App) {
    app.init_resource::<StereoSettings>()
        .init_resource::<ConfiguredStereo>()
        .init_resource::<HeadLook>()
        .init_resource::<StereoView>()
        .add_systems(Startup, take_configured)
        .add_systems(Update, stereo_key.in_set(crate::shared::AppSet::Input));
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(super::web_stereo::plugin);
}

/// The settings the app starts with become the configured ones.
fn take_configured(settings: Res<StereoSettings>, mut configured: ResMut<ConfiguredStereo>) {
    configured.0 = *settings;
}

/// `F3` cycles one picture → side by side → half-width side by side.
fn stereo_key(keys: Res<ButtonInput<KeyCode>>, mut settings: ResMut<StereoSettings>) {
    if keys.just_pressed(KeyCode::F3) {
        settings.mode = match settings.mode {
            StereoMode::Off => StereoMode::Sbs,
            StereoMode::Sbs => StereoMode::SbsHalf,
            StereoMode::SbsHalf => StereoMode::Off,
        };
    }
}

/// A reset returns to the configured stereo setting and forgets the head's turn.
pub(super) fn forget_visitor(
    mut resets: MessageReader<ResetVisitor>,
    configured: Res<ConfiguredStereo>,
    mut settings: ResMut<StereoSettings>,
    mut head: ResMut<HeadLook>,
) {
    if resets.read().count() == 0 {
        return;
    }
    settings.set_if_neq(configured.0);
    head.set_if_neq(HeadLook(None));
}

/// Builds or removes the pair when the setting turns stereo on or off.
pub(super) fn switch_stereo(
    mut commands: Commands,
    settings: Res<StereoSettings>,
    mut main: Query<
        (
            Entity,
            &mut Camera,
            Option<&RenderTarget>,
            &Projection,
            &ChildOf,
        ),
        With<MainCamera>,
    >,
    eyes: Query<Entity, With<EyeCamera>>,
    overlays: Query<Entity, Or<(With<OverlayCamera>, With<OverlayView>)>>,
    output: Option<Res<StereoOutput>>,
    images: Option<ResMut<Assets<Image>>>,
) {
    // Without a renderer (the ECS tests) there is nothing to draw a pair into.
    let (Ok((main, mut camera, target, projection, rig)), Some(mut images)) =
        (main.single_mut(), images)
    else {
        return;
    };
    let on = settings.mode != StereoMode::Off;
    if on != eyes.is_empty() {
        return;
    }
    if !on {
        for entity in eyes.iter().chain(&overlays) {
            commands.entity(entity).despawn();
        }
        if let Some(output) = output {
            commands.entity(main).insert((
                output.target.clone(),
                IsDefaultUiCamera,
                Transform::IDENTITY,
            ));
        }
        // The overlay image goes with it: one picture leaves nothing of stereo behind.
        commands.remove_resource::<StereoOutput>();
        camera.is_active = true;
        return;
    }
    let size = math::eye_image_size(
        camera.physical_target_size().unwrap_or(FALLBACK_OUTPUT),
        settings.mode,
    );
    let overlay = match &output {
        Some(output) => output.overlay.clone(),
        None => images.add(Image::new_target_texture(
            size.x,
            size.y,
            TextureFormat::Rgba8UnormSrgb,
            None,
        )),
    };
    let target = match &output {
        Some(output) => output.target.clone(),
        None => target.cloned().unwrap_or_default(),
    };
    commands.insert_resource(StereoOutput {
        target: target.clone(),
        overlay: overlay.clone(),
    });
    // The viewer between the eyes: draws nothing, projects into the overlay.
    camera.is_active = false;
    commands
        .entity(main)
        .insert(RenderTarget::Image(overlay.clone().into()))
        .remove::<IsDefaultUiCamera>();
    commands.spawn((
        Name::new("Overlay camera"),
        OverlayCamera,
        Camera2d,
        Camera {
            // Before the eyes, which show its image.
            order: -1,
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
        RenderTarget::Image(overlay.clone().into()),
        IsDefaultUiCamera,
        Msaa::Off,
    ));
    for eye in Eye::BOTH {
        let camera = commands
            .spawn((
                Name::new(format!("{eye:?} eye")),
                EyeCamera(eye),
                Camera3d::default(),
                Camera {
                    order: eye.index() as isize,
                    ..default()
                },
                target.clone(),
                projection.clone(),
                Transform::default(),
                ChildOf(rig.parent()),
            ))
            .id();
        commands.spawn((
            Name::new(format!("Overlay in the {eye:?} eye")),
            OverlayView(eye),
            UiTargetCamera(camera),
            // Stretched over the eye's half: squeezed to half width for `sbs-half`.
            ImageNode::new(overlay.clone()).with_mode(bevy::ui::widget::NodeImageMode::Stretch),
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                ..default()
            },
            Pickable::IGNORE,
        ));
    }
}

/// Every frame in stereo: the halves, the eyes' places and frusta, the overlay's size and
/// its shift in each eye. Writes only what differs.
pub(super) fn layout_eyes(
    settings: Res<StereoSettings>,
    focus: Res<Focus>,
    head: Res<HeadLook>,
    output: Option<Res<StereoOutput>>,
    rigs: Query<(&CameraRig, &Transform), (Without<EyeCamera>, Without<MainCamera>)>,
    mut main: Query<(&Camera, &Projection, &mut Transform), (With<MainCamera>, Without<EyeCamera>)>,
    mut eyes: Query<(&EyeCamera, &mut Camera, &mut Transform), Without<MainCamera>>,
    mut views: Query<(&OverlayView, &mut Node)>,
    images: Option<ResMut<Assets<Image>>>,
    mut view: ResMut<StereoView>,
) {
    let (Some(output), Some(mut images)) = (output, images) else {
        return;
    };
    if settings.mode == StereoMode::Off {
        return;
    }
    let (Ok((rig, pose)), Ok((main_camera, main_projection, mut main_transform))) =
        (rigs.single(), main.single_mut())
    else {
        return;
    };
    let Some(target) = eyes.iter().find_map(|(_, c, ..)| c.physical_target_size()) else {
        return;
    };
    let image = math::eye_image_size(target, settings.mode);
    if let Some(overlay) = images.get(&output.overlay)
        && overlay.size() != image
        && let Some(mut overlay) = images.get_mut(&output.overlay)
    {
        overlay.resize(Extent3d {
            width: image.x,
            height: image.y,
            depth_or_array_layers: 1,
        });
    }
    let ortho = matches!(main_projection, Projection::Orthographic(_));
    let separation = if ortho { 0.0 } else { settings.ipd_m };
    let focus_depth = focus
        .0
        .as_ref()
        .and(rig.focus_point)
        .map(|p| (p - pose.translation).dot(*pose.forward()));
    let orbit = (rig.mode == ViewMode::Overview).then_some(rig.orbit.distance);
    let depth = math::convergence_distance(focus_depth, orbit);
    let convergence = match settings.convergence {
        Convergence::Parallel => None,
        Convergence::Checkpoint => Some(depth),
    };
    let focal = math::focal_px(image.y, FOV);
    // The panels' lens shift, as the main camera has it, in both eyes.
    let lens = math::axis_shift_of(main_camera.sub_camera_view.as_ref(), image);
    let turn = head.0.unwrap_or(Quat::IDENTITY);
    main_transform.set_if_neq(Transform::from_rotation(turn));
    for (eye, mut camera, mut transform) in &mut eyes {
        let eye = eye.0;
        let (position, size) = math::eye_viewport(target, eye);
        if camera
            .viewport
            .as_ref()
            .is_none_or(|v| v.physical_position != position || v.physical_size != size)
        {
            camera.viewport = Some(Viewport {
                physical_position: position,
                physical_size: size,
                ..default()
            });
        }
        transform.set_if_neq(Transform {
            translation: turn * Vec3::X * math::eye_offset(eye, separation),
            rotation: turn,
            scale: Vec3::ONE,
        });
        let shift = lens + math::eye_axis_shift_px(eye, separation, focal, convergence);
        // Always a sub-view, even unshifted: its full size carries the picture's aspect,
        // which for `sbs-half` is not the half-width viewport's.
        let wanted = math::shifted_view(image, shift).unwrap_or(SubCameraView {
            full_size: image,
            offset: Vec2::ZERO,
            size: image,
        });
        if camera.sub_camera_view != Some(wanted) {
            camera.sub_camera_view = Some(wanted);
        }
    }
    for (overlay, mut node) in &mut views {
        let shift = math::overlay_shift_px(overlay.0, separation, focal, depth, convergence);
        let left = percent(100.0 * shift / image.x as f32);
        if node.left != left {
            node.left = left;
        }
    }
    view.set_if_neq(StereoView {
        eye_image: image,
        focal_px: focal,
        separation_m: separation,
        convergence_m: convergence,
        overlay_depth_m: depth,
    });
}
