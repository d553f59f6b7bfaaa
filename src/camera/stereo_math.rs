//! Engine-free side-by-side stereo math: where the eyes sit, which half of the target
//! each one draws into, how far each eye's frustum is shifted off its axis, and the
//! disparity a point at a given depth gets. The stereo systems (`camera/stereo.rs`)
//! only gather input and call these.
//!
//! Conventions: all image quantities are in *eye image* pixels, the picture one eye
//! sees before it is squeezed into its half of the target (`sbs`: half the target wide;
//! `sbs-half`: the whole target, squeezed to half width on output, which a 3D TV
//! stretches back). A positive disparity means the point is further right in the left
//! eye's image than in the right eye's: in front of the zero-parallax plane.

use bevy::camera::SubCameraView;
use bevy::math::{EulerRot, Quat, UVec2, Vec2, Vec3};

/// The interpupillary distance used unless told otherwise (m): the adult mean.
pub const DEFAULT_IPD_M: f32 = 0.064;
/// The IPDs accepted (m): the adult range is about 50–75 mm; wider or narrower only
/// exaggerates or flattens the depth.
pub const IPD_RANGE_M: (f32, f32) = (0.040, 0.080);
/// The zero-parallax plane when no checkpoint is focused and the camera walks (m): about
/// the far side of a small room, so most of it sits around the screen.
pub const WALK_CONVERGENCE_M: f32 = 2.5;
/// The nearest and farthest zero-parallax plane (m): nearer strains the eyes, farther
/// flattens everything in front of it into the screen.
pub const CONVERGENCE_RANGE_M: (f32, f32) = (0.8, 40.0);
/// Sub-view sizes are integers; they are scaled by this so that a fraction of a pixel of
/// frustum shift is kept (only the ratios matter to the projection).
const SUB_VIEW_SCALE: f32 = 8.0;

/// How the two eyes share the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StereoMode {
    /// One picture.
    #[default]
    Off,
    /// Side by side, each eye half the width at its own aspect (phone viewers).
    Sbs,
    /// Side by side, each eye the full picture squeezed to half the width (3D TVs).
    SbsHalf,
}

/// Where the eyes' lines of sight meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Convergence {
    /// Parallel axes: for viewers with a lens per eye (cardboard), where each half is
    /// centred on its eye and infinity lies at the screen.
    #[default]
    Parallel,
    /// A zero-parallax plane at the focused checkpoint (or [`convergence_distance`]'s
    /// fallback), with asymmetric (off-axis) frusta: for 3D screens, where the
    /// checkpoint sits on the screen, nearer things in front of it, farther behind.
    Checkpoint,
}

impl Convergence {
    /// What suits a mode: parallel axes for a viewer (`sbs`), a zero-parallax plane for a
    /// 3D TV (`sbs-half`).
    pub fn for_mode(mode: StereoMode) -> Convergence {
        match mode {
            StereoMode::SbsHalf => Convergence::Checkpoint,
            StereoMode::Off | StereoMode::Sbs => Convergence::Parallel,
        }
    }
}

/// The two eyes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Eye {
    Left,
    Right,
}

impl Eye {
    pub const BOTH: [Eye; 2] = [Eye::Left, Eye::Right];

    /// −1 for the left eye, +1 for the right (its side along the viewer's x axis).
    pub fn sign(self) -> f32 {
        match self {
            Eye::Left => -1.0,
            Eye::Right => 1.0,
        }
    }

    /// Which half of the side-by-side target the eye draws into (0: left).
    pub fn index(self) -> u32 {
        match self {
            Eye::Left => 0,
            Eye::Right => 1,
        }
    }
}

/// The eye's position along the viewer's x axis (m): half the IPD to each side.
pub fn eye_offset(eye: Eye, ipd: f32) -> f32 {
    eye.sign() * ipd / 2.0
}

/// Whether `ipd` (m) is one to accept.
pub fn valid_ipd(ipd: f32) -> bool {
    (IPD_RANGE_M.0..=IPD_RANGE_M.1).contains(&ipd)
}

/// The size of one eye's picture for a `target`-sized output (physical pixels): `sbs`
/// half the width, `sbs-half` the whole target (it is squeezed on output); the target
/// itself when stereo is off.
pub fn eye_image_size(target: UVec2, mode: StereoMode) -> UVec2 {
    match mode {
        StereoMode::Sbs => UVec2::new((target.x / 2).max(1), target.y.max(1)),
        StereoMode::Off | StereoMode::SbsHalf => target.max(UVec2::ONE),
    }
}

/// The aspect ratio of one eye's picture on a screen of `screen_aspect`.
pub fn eye_aspect(screen_aspect: f32, mode: StereoMode) -> f32 {
    match mode {
        StereoMode::Sbs => screen_aspect / 2.0,
        StereoMode::Off | StereoMode::SbsHalf => screen_aspect,
    }
}

/// The viewport (position, size) of `eye` in a `target`-sized output: its half.
pub fn eye_viewport(target: UVec2, eye: Eye) -> (UVec2, UVec2) {
    let half = (target.x / 2).max(1);
    (
        UVec2::new(half * eye.index(), 0),
        UVec2::new(half, target.y.max(1)),
    )
}

/// The focal length in pixels of a perspective camera with vertical field of view `fov`
/// (rad) over `image_height` pixels (pixels are square in the eye image).
pub fn focal_px(image_height: u32, fov: f32) -> f32 {
    image_height as f32 / 2.0 / (fov / 2.0).tan()
}

/// Where `eye`'s own straight-ahead axis lands in its picture, in pixels right of the
/// picture's centre, for a zero-parallax plane `convergence` metres ahead (`None`:
/// parallel axes, no shift). The left eye's frustum leans right (towards the other eye),
/// so that a point on the plane lands at the same place in both pictures.
pub fn eye_axis_shift_px(eye: Eye, ipd: f32, focal: f32, convergence: Option<f32>) -> f32 {
    match convergence {
        Some(distance) if distance > 0.0 => eye.sign() * ipd / 2.0 * focal / distance,
        _ => 0.0,
    }
}

/// The horizontal disparity (pixels, left picture minus right picture) of a point
/// `depth` metres ahead along the view axis: `ipd · focal · (1/depth − 1/convergence)`.
/// Zero on the zero-parallax plane, positive in front of it; with parallel axes
/// (`convergence: None`) it is positive everywhere and vanishes at infinity.
pub fn disparity_px(ipd: f32, focal: f32, depth: f32, convergence: Option<f32>) -> f32 {
    let beyond = convergence.filter(|d| *d > 0.0).map_or(0.0, |d| 1.0 / d);
    ipd * focal * (1.0 / depth - beyond)
}

/// How far (pixels, right positive) the overlay of panels and markers, drawn once for a
/// viewer between the eyes, is moved in `eye`'s picture so that it appears `depth` metres
/// away: half of that depth's disparity, to each side.
pub fn overlay_shift_px(
    eye: Eye,
    ipd: f32,
    focal: f32,
    depth: f32,
    convergence: Option<f32>,
) -> f32 {
    -eye.sign() * disparity_px(ipd, focal, depth, convergence) / 2.0
}

/// The zero-parallax distance (m): the focused checkpoint's depth along the view axis when
/// there is one in front of the viewer; otherwise the orbit's focus (the venue's centre
/// sits on the screen) in the overview, [`WALK_CONVERGENCE_M`] walking. Always within
/// [`CONVERGENCE_RANGE_M`].
pub fn convergence_distance(focus_depth: Option<f32>, orbit_distance: Option<f32>) -> f32 {
    let wanted = focus_depth
        .filter(|d| d.is_finite() && *d > 0.0)
        .or(orbit_distance.filter(|d| d.is_finite() && *d > 0.0))
        .unwrap_or(WALK_CONVERGENCE_M);
    wanted.clamp(CONVERGENCE_RANGE_M.0, CONVERGENCE_RANGE_M.1)
}

/// The sub-view that puts a camera's straight-ahead axis `axis_shift` pixels right of the
/// centre of its `image`-sized picture: the picture becomes a part of a wider one centred
/// on the axis. `None` for no shift. This is both the stereo eyes' off-axis frustum and
/// the lens shift that centres the view between the side panels (the two add up).
pub fn shifted_view(image: UVec2, axis_shift: f32) -> Option<SubCameraView> {
    if !axis_shift.is_finite() || axis_shift.abs() * SUB_VIEW_SCALE < 0.5 {
        return None;
    }
    let width = image.x.max(1) as f32 * SUB_VIEW_SCALE;
    let extra = (2.0 * axis_shift.abs() * SUB_VIEW_SCALE).round();
    let size = UVec2::new(width as u32, image.y.max(1) * SUB_VIEW_SCALE as u32);
    Some(SubCameraView {
        full_size: UVec2::new((width + extra) as u32, size.y),
        // Axis right of centre: the picture is the left part of the wider one; else the
        // right part.
        offset: Vec2::new(if axis_shift > 0.0 { 0.0 } else { extra }, 0.0),
        size,
    })
}

/// Where the axis of a camera with this sub-view lands, in pixels right of the centre of
/// its `image`-sized picture (0 without one): the inverse of [`shifted_view`].
pub fn axis_shift_of(view: Option<&SubCameraView>, image: UVec2) -> f32 {
    view.map_or(0.0, |v| {
        let scale = image.x.max(1) as f32 / v.size.x.max(1) as f32;
        (v.full_size.x as f32 / 2.0 - v.offset.x - v.size.x as f32 / 2.0) * scale
    })
}

/// Where a phone held in a viewer looks, from the browser's `deviceorientation` angles
/// (degrees: `alpha` about the vertical, `beta` about the screen's x axis, `gamma` about
/// its y axis) and the screen's orientation angle (degrees, 90 in landscape): the
/// rotation of a camera looking out of the back of the phone, in the app's frame (y up).
/// Held upright in portrait (beta 90°) it looks level along −z; alpha turns it left.
/// The conversion is the W3C Z-X'-Y'' order, tipped so the screen's normal is the view
/// axis, then turned by the screen's orientation.
pub fn device_look(alpha: f32, beta: f32, gamma: f32, screen_angle: f32) -> Quat {
    Quat::from_euler(
        EulerRot::YXZ,
        alpha.to_radians(),
        beta.to_radians(),
        -gamma.to_radians(),
    ) * Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2)
        * Quat::from_rotation_z(-screen_angle.to_radians())
}

/// The compass direction (rad about +y, 0 looking along −z) a look faces.
pub fn yaw_of(look: Quat) -> f32 {
    let forward = look * Vec3::NEG_Z;
    (-forward.x).atan2(-forward.z)
}

/// A look relative to the direction the viewer faced when head look began
/// (`reference_yaw`): the rig keeps looking where it looked, and turning the head turns
/// the view from there.
pub fn recentred(look: Quat, reference_yaw: f32) -> Quat {
    Quat::from_rotation_y(-reference_yaw) * look
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::f32::consts::FRAC_PI_2;

    const FOV: f32 = std::f32::consts::FRAC_PI_4;

    #[test]
    fn eyes_sit_half_the_ipd_to_each_side() {
        assert_eq!(eye_offset(Eye::Left, 0.064), -0.032);
        assert_eq!(eye_offset(Eye::Right, 0.064), 0.032);
        assert!(valid_ipd(DEFAULT_IPD_M));
        assert!(!valid_ipd(0.2) && !valid_ipd(0.0) && !valid_ipd(f32::NAN));
    }

    #[test]
    fn halves_and_pictures() {
        let target = UVec2::new(1280, 720);
        assert_eq!(
            eye_viewport(target, Eye::Left),
            (UVec2::ZERO, UVec2::new(640, 720))
        );
        assert_eq!(
            eye_viewport(target, Eye::Right),
            (UVec2::new(640, 0), UVec2::new(640, 720))
        );
        assert_eq!(
            eye_image_size(target, StereoMode::Sbs),
            UVec2::new(640, 720)
        );
        // Squeezed: each eye is the whole 16:9 picture, half as wide on output.
        assert_eq!(eye_image_size(target, StereoMode::SbsHalf), target);
        assert_eq!(eye_image_size(target, StereoMode::Off), target);
        assert_eq!(eye_aspect(16.0 / 9.0, StereoMode::Sbs), 8.0 / 9.0);
        assert_eq!(eye_aspect(16.0 / 9.0, StereoMode::SbsHalf), 16.0 / 9.0);
    }

    #[test]
    fn disparity_follows_ipd_and_depth() {
        let f = focal_px(720, FOV);
        // 360 / tan(22.5°) is about 869 px.
        assert!((f - 869.1).abs() < 0.1, "{f}");
        let d = disparity_px(0.064, f, 2.0, None);
        assert!((d - 0.064 * f / 2.0).abs() < 1e-4);
        // Twice as far, half the disparity; twice the IPD, twice.
        assert!((disparity_px(0.064, f, 4.0, None) - d / 2.0).abs() < 1e-4);
        assert!((disparity_px(0.128, f, 2.0, None) - 2.0 * d).abs() < 1e-4);
        // On the zero-parallax plane nothing; behind it negative (uncrossed).
        assert_eq!(disparity_px(0.064, f, 3.0, Some(3.0)), 0.0);
        assert!(disparity_px(0.064, f, 6.0, Some(3.0)) < 0.0);
        assert!(disparity_px(0.064, f, 1.5, Some(3.0)) > 0.0);
    }

    /// The pixel a point (x right, z ahead, of the viewer between the eyes) lands on in an
    /// eye's picture, right of its centre: the pinhole model with the eye moved and its
    /// axis shifted, as the renderer draws it.
    fn image_x(eye: Eye, ipd: f32, f: f32, convergence: Option<f32>, x: f32, z: f32) -> f32 {
        f * (x - eye_offset(eye, ipd)) / z + eye_axis_shift_px(eye, ipd, f, convergence)
    }

    #[test]
    fn off_axis_frusta_meet_on_the_zero_parallax_plane() {
        let f = focal_px(720, FOV);
        for convergence in [None, Some(3.0)] {
            for (x, z) in [(0.0, 3.0), (0.7, 3.0), (-0.4, 1.2), (2.0, 9.0)] {
                let l = image_x(Eye::Left, 0.064, f, convergence, x, z);
                let r = image_x(Eye::Right, 0.064, f, convergence, x, z);
                let expected = disparity_px(0.064, f, z, convergence);
                assert!((l - r - expected).abs() < 1e-3, "{x} {z} {convergence:?}");
                if convergence == Some(z) {
                    assert!((l - r).abs() < 1e-3, "on the plane both eyes agree");
                }
            }
        }
    }

    #[test]
    fn the_overlay_lands_where_a_point_at_its_depth_would() {
        let f = focal_px(720, FOV);
        for convergence in [None, Some(4.0)] {
            // A point straight ahead of the viewer at 2 m lands at the centre for the
            // cyclops; each eye sees it moved by its overlay shift.
            for eye in Eye::BOTH {
                let point = image_x(eye, 0.064, f, convergence, 0.0, 2.0);
                let shift = overlay_shift_px(eye, 0.064, f, 2.0, convergence);
                assert!((point - shift).abs() < 1e-3, "{eye:?} {convergence:?}");
            }
        }
        // On the zero-parallax plane the overlay needs no shift.
        assert_eq!(overlay_shift_px(Eye::Left, 0.064, f, 4.0, Some(4.0)), 0.0);
    }

    #[test]
    fn a_phone_in_a_viewer_looks_where_its_back_faces() {
        let close = |a: Vec3, b: Vec3| (a - b).length() < 1e-4;
        // Upright in portrait: level, along −z, the screen's top up.
        let upright = device_look(0.0, 90.0, 0.0, 0.0);
        assert!(close(upright * Vec3::NEG_Z, Vec3::NEG_Z));
        assert!(close(upright * Vec3::Y, Vec3::Y));
        // Turned 90° to the left (alpha grows anticlockwise seen from above): along −x.
        let left = device_look(90.0, 90.0, 0.0, 0.0);
        assert!(close(left * Vec3::NEG_Z, Vec3::NEG_X));
        assert!((yaw_of(left) - std::f32::consts::FRAC_PI_2).abs() < 1e-4);
        // Tipped back to look up 30°.
        let up = device_look(0.0, 120.0, 0.0, 0.0) * Vec3::NEG_Z;
        assert!((up.y - 0.5).abs() < 1e-4, "{up}");
        // Rolled onto its side for a landscape viewer (the screen turned by its
        // orientation angle), the picture's top is still up and the view level.
        let rolled = device_look(0.0, 90.0, 0.0, 0.0) * Quat::from_rotation_z(FRAC_PI_2);
        let (a, b, c) = (rolled * Quat::from_rotation_x(FRAC_PI_2)).to_euler(EulerRot::YXZ);
        let landscape = device_look(a.to_degrees(), b.to_degrees(), -c.to_degrees(), 90.0);
        assert!(close(landscape * Vec3::NEG_Z, Vec3::NEG_Z));
        assert!(close(landscape * Vec3::Y, Vec3::Y));
        // Recentred, the direction head look began in is straight ahead.
        let ahead = recentred(left, yaw_of(left));
        assert!(close(ahead * Vec3::NEG_Z, Vec3::NEG_Z));
    }

    #[test]
    fn convergence_prefers_the_checkpoint_and_stays_comfortable() {
        assert_eq!(convergence_distance(Some(3.2), Some(12.0)), 3.2);
        assert_eq!(convergence_distance(None, Some(12.0)), 12.0);
        assert_eq!(convergence_distance(None, None), WALK_CONVERGENCE_M);
        assert_eq!(convergence_distance(Some(0.1), None), CONVERGENCE_RANGE_M.0);
        assert_eq!(convergence_distance(Some(-1.0), None), WALK_CONVERGENCE_M);
        assert_eq!(
            convergence_distance(None, Some(500.0)),
            CONVERGENCE_RANGE_M.1
        );
    }

    #[test]
    fn shifted_views_put_the_axis_where_asked() {
        let image = UVec2::new(640, 720);
        assert_eq!(shifted_view(image, 0.0), None);
        for shift in [12.5, -12.5, 160.0, -0.25] {
            let view = shifted_view(image, shift).expect("a shift");
            assert_eq!(view.size.x * 720, view.size.y * 640, "aspect kept");
            assert!((axis_shift_of(Some(&view), image) - shift).abs() < 1.0 / 16.0);
        }
        // The panels' lens shift (see `math::lens_shift`): a 320 px checklist on the
        // left of 1280 moves the axis 160 px right.
        let lens = crate::camera::math::lens_shift(UVec2::new(1280, 720), 320, 0, 0, 0);
        assert_eq!(axis_shift_of(lens.as_ref(), UVec2::new(1280, 720)), 160.0);
    }
}
