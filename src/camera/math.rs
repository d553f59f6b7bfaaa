//! Engine-free camera math: orbit poses, plan framing, walking with collision, easing.
//! Systems in `camera/mod.rs` only gather input and call these.

use bevy::camera::SubCameraView;
use bevy::math::{UVec2, Vec2, Vec3};

/// Eye height of a walking visitor (m).
pub const EYE_HEIGHT: f32 = 1.6;
/// Radius of the walker's body for collision (m): a person is about 0.5 m wide.
pub const BODY_RADIUS: f32 = 0.22;
/// Pitch limits of the orbit camera (rad): never under the floor, never upside down.
pub const ORBIT_PITCH_MIN: f32 = 0.12;
pub const ORBIT_PITCH_MAX: f32 = 1.50;
/// Orbit distance limits (m). The far one leaves room for the 40 m setback checkpoint
/// (seen from 80 m up on a landscape screen) seen from twice as far on a phone.
pub const ORBIT_DISTANCE_MIN: f32 = 2.0;
pub const ORBIT_DISTANCE_MAX: f32 = 200.0;
/// Walk look-pitch limit (rad).
pub const WALK_PITCH_LIMIT: f32 = 1.2;

/// An orbit around a focus point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orbit {
    pub focus: Vec3,
    /// Angle around +y (rad); 0 looks from +z towards −z.
    pub yaw: f32,
    /// Elevation above the horizon (rad).
    pub pitch: f32,
    pub distance: f32,
}

impl Orbit {
    pub fn eye(&self) -> Vec3 {
        let pitch = self.pitch.clamp(ORBIT_PITCH_MIN, ORBIT_PITCH_MAX);
        let horizontal = self.distance * pitch.cos();
        self.focus
            + Vec3::new(
                horizontal * self.yaw.sin(),
                self.distance * pitch.sin(),
                horizontal * self.yaw.cos(),
            )
    }

    /// The orbit that puts the eye at `eye` looking at `target`.
    pub fn from_eye_target(eye: Vec3, target: Vec3) -> Self {
        let offset = eye - target;
        let distance = offset.length().max(ORBIT_DISTANCE_MIN);
        let pitch = (offset.y / distance).clamp(-1.0, 1.0).asin();
        Orbit {
            focus: target,
            yaw: offset.x.atan2(offset.z),
            pitch: pitch.clamp(ORBIT_PITCH_MIN, ORBIT_PITCH_MAX),
            distance: distance.clamp(ORBIT_DISTANCE_MIN, ORBIT_DISTANCE_MAX),
        }
    }

    /// Applies a drag (pixels) and a zoom factor (> 1 zooms out).
    pub fn apply(&mut self, drag: Vec2, zoom: f32, radians_per_pixel: f32) {
        self.yaw -= drag.x * radians_per_pixel;
        self.pitch =
            (self.pitch + drag.y * radians_per_pixel).clamp(ORBIT_PITCH_MIN, ORBIT_PITCH_MAX);
        if zoom.is_finite() && zoom > 0.0 {
            self.distance = (self.distance * zoom).clamp(ORBIT_DISTANCE_MIN, ORBIT_DISTANCE_MAX);
        }
    }
}

/// The overview that shows the whole venue: a three-quarter view from the street side.
pub fn overview_for(min: Vec2, max: Vec2, vertical_fov: f32, aspect: f32) -> Orbit {
    let center = (min + max) / 2.0;
    let radius = ((max - min).length() / 2.0).max(1.0);
    let fov = vertical_fov.min(vertical_fov * aspect.max(0.1));
    let distance = (radius / (fov / 2.0).sin()) * 1.05;
    Orbit {
        focus: Vec3::new(center.x, 0.8, center.y),
        yaw: -0.55,
        pitch: 0.85,
        distance: distance.clamp(ORBIT_DISTANCE_MIN, ORBIT_DISTANCE_MAX),
    }
}

/// Orthographic half-height (m) that fits the rectangle `min..max` on a screen of
/// `aspect` (width / height), with `margin` as a fraction.
pub fn plan_half_height(min: Vec2, max: Vec2, aspect: f32, margin: f32) -> f32 {
    let size = (max - min).abs();
    let half_h = size.y / 2.0;
    let half_w = size.x / 2.0 / aspect.max(0.01);
    half_h.max(half_w).max(0.5) * (1.0 + margin)
}

/// Smooth start and stop for camera flights.
pub fn ease_in_out(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// A wall segment or fixture box the walker cannot enter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Obstacle {
    /// A wall stretch from `a` to `b` with half its thickness.
    Segment {
        a: Vec2,
        b: Vec2,
        half_thickness: f32,
    },
    /// A convex quad (fixture footprint), corners in order.
    Quad([Vec2; 4]),
}

/// The least share of the screen's height the bottom sheet and top bar may leave for the
/// view and still have it centred there (the compact layout leaves about half).
const MIN_FREE_HEIGHT_SHARE: u32 = 4;

/// The sub-view that moves the optical centre of a `viewport` (physical pixels) to the
/// middle of the part the panels leave free: `left` and `right` pixels of side panels,
/// `top` and `bottom` of bars and sheets. The image is one corner of a view enlarged by
/// the differences, so nothing is cropped or stretched and the field of view stays.
/// `None` (no shift) when the panels balance. Side panels that would leave less than
/// half the width are ignored (a narrow window: better centred on the whole screen);
/// so are a top and bottom that leave less than a quarter of the height.
pub fn lens_shift(
    viewport: UVec2,
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
) -> Option<SubCameraView> {
    let sideways = left.saturating_add(right).saturating_mul(2) < viewport.x;
    let (left, right) = if sideways { (left, right) } else { (0, 0) };
    let (top, bottom) = if free_height_share(viewport.y, top, bottom) < 1.0 {
        (top, bottom)
    } else {
        (0, 0)
    };
    if left == right && top == bottom {
        return None;
    }
    let extra = UVec2::new(left.abs_diff(right), top.abs_diff(bottom));
    Some(SubCameraView {
        full_size: viewport + extra,
        // Enlarged on the right when the left panel is wider, so the image is the left
        // part; else on the left, and the image is the right part. Likewise enlarged at
        // the top when the bottom sheet is taller, so the image is the lower part.
        offset: Vec2::new(
            if right > left { extra.x as f32 } else { 0.0 },
            if bottom > top { extra.y as f32 } else { 0.0 },
        ),
        size: viewport,
    })
}

/// The vertical field of view that shows `fov` on the screen when spread over `stretch`
/// times its height (a sub-view enlarged upwards or downwards).
pub fn stretched_fov(fov: f32, stretch: f32) -> f32 {
    if stretch <= 1.0 {
        return fov;
    }
    2.0 * ((fov / 2.0).tan() * stretch).atan()
}

/// The share of a `height`-pixel picture that a `top` bar and a `bottom` sheet leave to
/// the view, as [`lens_shift`] centres the view there: 1 (the whole picture) when they
/// leave less than a quarter of it.
pub fn free_height_share(height: u32, top: u32, bottom: u32) -> f32 {
    let free = height.saturating_sub(top.saturating_add(bottom));
    if height == 0 || free.saturating_mul(MIN_FREE_HEIGHT_SHARE) < height {
        1.0
    } else {
        free as f32 / height as f32
    }
}

/// The picture views are fitted to: the part of the screen the panels leave free, which
/// the lens shift makes a centred frustum of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewFrame {
    /// Vertical field of view of the free part (rad).
    pub vertical_fov: f32,
    /// Its width over its height.
    pub aspect: f32,
    /// Its share of the whole picture's height.
    pub height_share: f32,
}

impl ViewFrame {
    /// The frame of a picture of `aspect` seen with `vertical_fov`, of which a
    /// `height_share` (from [`free_height_share`]) is left to the view, as wide as the
    /// picture.
    pub fn new(vertical_fov: f32, aspect: f32, height_share: f32) -> Self {
        let share = height_share.clamp(f32::EPSILON, 1.0);
        Self {
            vertical_fov: 2.0 * ((vertical_fov / 2.0).tan() * share).atan(),
            aspect: aspect / share,
            height_share: share,
        }
    }

    /// How much further back a viewpoint framed for a `designed_fov` cone (the checkpoint
    /// views: a 45° field on a landscape screen) must stand for the cone to fit this
    /// frame's narrower angle: 1 when the frame is as wide both ways.
    pub fn framing_factor(&self, designed_fov: f32) -> f32 {
        let horizontal = 2.0 * ((self.vertical_fov / 2.0).tan() * self.aspect).atan();
        let narrowest = self.vertical_fov.min(horizontal);
        if narrowest >= designed_fov || narrowest <= 0.0 {
            return 1.0;
        }
        (designed_fov / 2.0).sin() / (narrowest / 2.0).sin()
    }

    /// The orthographic half-height of the whole picture that fits `min..max` in the
    /// free part, with `margin` as a fraction.
    pub fn plan_half_height(&self, min: Vec2, max: Vec2, margin: f32) -> f32 {
        plan_half_height(min, max, self.aspect, margin) / self.height_share
    }
}

/// Whether `target` can be seen from `eye` on the plan: no wall stretch crosses the line
/// of sight (door openings are gaps between stretches; fixtures never hide a point).
/// The last stretch of the line, as long as the wall is half thick, is not tested, so a
/// point in a wall's thickness on the near side (a sign on the wall face, a guard in the
/// door opening) stays in sight while one mounted on the far face does not.
pub fn in_sight(eye: Vec2, target: Vec2, obstacles: &[Obstacle]) -> bool {
    let to_target = target - eye;
    let length = to_target.length();
    if !length.is_finite() || length <= f32::EPSILON {
        return true;
    }
    let dir = to_target / length;
    obstacles.iter().all(|o| match *o {
        Obstacle::Segment {
            a,
            b,
            half_thickness,
        } => {
            let end = eye + dir * (length - half_thickness).max(0.0);
            !segments_cross(eye, end, a, b)
        }
        Obstacle::Quad(_) => true,
    })
}

/// Whether segments `p0p1` and `q0q1` intersect (touching counts).
fn segments_cross(p0: Vec2, p1: Vec2, q0: Vec2, q1: Vec2) -> bool {
    let d1 = (p1 - p0).perp_dot(q0 - p0);
    let d2 = (p1 - p0).perp_dot(q1 - p0);
    let d3 = (q1 - q0).perp_dot(p0 - q0);
    let d4 = (q1 - q0).perp_dot(p1 - q0);
    if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
        return true;
    }
    let on = |a: Vec2, b: Vec2, p: Vec2, d: f32| {
        d == 0.0
            && p.x >= a.x.min(b.x)
            && p.x <= a.x.max(b.x)
            && p.y >= a.y.min(b.y)
            && p.y <= a.y.max(b.y)
    };
    on(p0, p1, q0, d1) || on(p0, p1, q1, d2) || on(q0, q1, p0, d3) || on(q0, q1, p1, d4)
}

fn point_segment_distance(p: Vec2, a: Vec2, b: Vec2) -> f32 {
    let ab = b - a;
    let t = if ab.length_squared() > 0.0 {
        ((p - a).dot(ab) / ab.length_squared()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t).distance(p)
}

fn inside_quad(p: Vec2, q: &[Vec2; 4]) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let c = (b - a).perp_dot(p - a);
        if c.abs() < 1e-9 {
            continue;
        }
        if sign == 0.0 {
            sign = c.signum();
        } else if c.signum() != sign {
            return false;
        }
    }
    true
}

impl Obstacle {
    /// Whether a body of `radius` at `p` overlaps the obstacle.
    pub fn blocks(&self, p: Vec2, radius: f32) -> bool {
        match self {
            Obstacle::Segment {
                a,
                b,
                half_thickness,
            } => point_segment_distance(p, *a, *b) < radius + half_thickness,
            Obstacle::Quad(q) => {
                inside_quad(p, q)
                    || (0..4).any(|i| point_segment_distance(p, q[i], q[(i + 1) % 4]) < radius)
            }
        }
    }
}

/// Moves from `from` by `delta`, sliding along obstacles: the full step if it is free,
/// else the step along x or along z alone, else no move. Long steps are split so that
/// a fast frame cannot tunnel through a thin wall.
pub fn walk_step(from: Vec2, delta: Vec2, obstacles: &[Obstacle], radius: f32) -> Vec2 {
    let free = |p: Vec2| !obstacles.iter().any(|o| o.blocks(p, radius));
    let max_sub = radius * 0.5;
    let steps = ((delta.length() / max_sub).ceil() as usize).clamp(1, 64);
    let sub = delta / steps as f32;
    let mut p = from;
    for _ in 0..steps {
        let candidates = [
            p + sub,
            p + Vec2::new(sub.x, 0.0),
            p + Vec2::new(0.0, sub.y),
        ];
        match candidates.into_iter().find(|c| free(*c)) {
            Some(next) => p = next,
            None => break,
        }
    }
    p
}

/// Where a walker stands to look at `target` from about `eye` (plan points): the first
/// spot free for a body on the way from the eye towards the target (at most 80 % of the
/// way, so the target stays in front); when the whole way is blocked (an eye over a wall
/// or a counter, looking along it), the free spot nearest the eye within 1.5 m; else
/// `fallback`.
pub fn walk_spot(eye: Vec2, target: Vec2, obstacles: &[Obstacle], fallback: Vec2) -> Vec2 {
    /// Spots tried along the way.
    const TRIES: usize = 20;
    /// The farthest fraction of the way tried.
    const MAX_FRACTION: f32 = 0.8;
    /// The rings searched around the eye: their spacing (m), how many, and the spots on each.
    const RING_STEP: f32 = 0.1;
    const RINGS: usize = 15;
    const RING_SPOTS: usize = 24;
    let free = |p: Vec2| !obstacles.iter().any(|o| o.blocks(p, BODY_RADIUS));
    let on_the_way = (0..=TRIES)
        .map(|i| eye.lerp(target, i as f32 / TRIES as f32 * MAX_FRACTION))
        .find(|p| free(*p));
    let around = || {
        (1..=RINGS)
            .flat_map(|ring| {
                (0..RING_SPOTS).map(move |k| {
                    let angle = k as f32 * std::f32::consts::TAU / RING_SPOTS as f32;
                    eye + Vec2::from_angle(angle) * (ring as f32 * RING_STEP)
                })
            })
            .find(|p| free(*p))
    };
    on_the_way.or_else(around).unwrap_or(fallback)
}

/// The walker's yaw that looks along `dir` on the plan (the inverse of [`walk_axes`]'s
/// forward).
pub fn yaw_of_look(dir: Vec2) -> f32 {
    (-dir.x).atan2(-dir.y)
}

/// Unit forward and right vectors on the plan for a walker's yaw (0 looks towards −z,
/// matching Bevy's camera default; yaw turns counter-clockwise seen from above).
pub fn walk_axes(yaw: f32) -> (Vec2, Vec2) {
    let forward = Vec2::new(-yaw.sin(), -yaw.cos());
    let right = Vec2::new(yaw.cos(), -yaw.sin());
    (forward, right)
}

#[cfg(test)]
mod tests {

    fn wall(a: (f32, f32), b: (f32, f32)) -> Obstacle {
        Obstacle::Segment {
            a: Vec2::new(a.0, a.1),
            b: Vec2::new(b.0, b.1),
            half_thickness: 0.1,
        }
    }

    #[test]
    fn a_walker_looking_at_a_checkpoint_stands_free_of_walls_in_front_of_it() {
        let w = wall((0.0, 2.0), (6.0, 2.0));
        // The eye is in the wall: the first free spot towards the target.
        let spot = walk_spot(Vec2::new(3.0, 2.0), Vec2::new(3.0, 5.0), &[w], Vec2::ZERO);
        assert!(
            !w.blocks(spot, BODY_RADIUS) && spot.y > 2.0 && spot.y < 5.0,
            "{spot}"
        );
        // Already free: the eye itself.
        assert_eq!(
            walk_spot(Vec2::new(3.0, 4.0), Vec2::new(3.0, 6.0), &[w], Vec2::ZERO),
            Vec2::new(3.0, 4.0)
        );
        // Nowhere free on the way: the fallback.
        let big = Obstacle::Quad([
            Vec2::new(-9.0, -9.0),
            Vec2::new(9.0, -9.0),
            Vec2::new(9.0, 9.0),
            Vec2::new(-9.0, 9.0),
        ]);
        assert_eq!(
            walk_spot(Vec2::ZERO, Vec2::ONE, &[big], Vec2::new(7.0, 7.0)),
            Vec2::new(7.0, 7.0)
        );
    }

    #[test]
    fn the_yaw_of_a_look_is_the_walkers_forward() {
        for yaw in [0.0f32, 0.7, -2.0, 3.0] {
            let (forward, _) = walk_axes(yaw);
            assert!((yaw_of_look(forward * 2.5) - yaw).abs() < 1e-5);
        }
    }

    #[test]
    fn the_view_centres_right_of_the_panel() {
        let view = lens_shift(UVec2::new(1280, 720), 320, 0, 0, 0).expect("a shift");
        // The image is the left 1280 px of a 1600 px view: its centre (800) is the
        // middle of the free area 320..1280.
        assert_eq!(view.full_size, UVec2::new(1600, 720));
        assert_eq!(view.size, UVec2::new(1280, 720));
        assert_eq!(view.offset, Vec2::ZERO);
        assert_eq!(view.full_size.x / 2, (320 + 1280) / 2);
        // A wider card on the right: the image is the right part of the wider view, whose
        // centre is the middle of 320..(1920 - 560).
        let view = lens_shift(UVec2::new(1920, 1080), 320, 560, 0, 0).expect("a shift");
        assert_eq!(view.full_size, UVec2::new(2160, 1080));
        assert_eq!(view.offset, Vec2::new(240.0, 0.0));
        let centre_in_image = view.full_size.x as f32 / 2.0 - view.offset.x;
        assert_eq!(centre_in_image, (320.0 + 1920.0 - 560.0) / 2.0);
        assert_eq!(lens_shift(UVec2::new(1280, 720), 0, 0, 0, 0), None);
        assert_eq!(
            lens_shift(UVec2::new(1280, 720), 300, 300, 0, 0),
            None,
            "balanced"
        );
        assert_eq!(
            lens_shift(UVec2::new(600, 800), 320, 0, 0, 0),
            None,
            "narrow screen"
        );
    }

    #[test]
    fn the_view_centres_above_a_bottom_sheet() {
        // A phone: a 160 px top bar and a 560 px sheet leave 160..720 of 1280.
        let view = lens_shift(UVec2::new(720, 1280), 0, 0, 160, 560).expect("a shift");
        assert_eq!(view.full_size, UVec2::new(720, 1680));
        assert_eq!(view.offset, Vec2::new(0.0, 400.0));
        let centre_in_image = view.full_size.y as f32 / 2.0 - view.offset.y;
        assert_eq!(centre_in_image, (160.0 + 1280.0 - 560.0) / 2.0);
        // Bars that leave under a quarter of the height: centred on the whole screen.
        assert_eq!(lens_shift(UVec2::new(720, 1280), 0, 0, 200, 900), None);
    }

    #[test]
    fn a_stretched_projection_shows_the_same_angle_per_pixel() {
        assert_eq!(stretched_fov(0.8, 1.0), 0.8);
        let wide = stretched_fov(0.8, 1680.0 / 1280.0);
        // The screen's 1280 px of the 1680 see tan(fov/2) as before.
        assert!(((wide / 2.0).tan() * 1280.0 / 1680.0 - (0.4f32).tan()).abs() < 1e-6);
    }

    #[test]
    fn checkpoint_views_step_back_on_a_narrow_frame() {
        let fov = std::f32::consts::FRAC_PI_4;
        // A landscape screen sees the designed cone whole.
        assert_eq!(
            ViewFrame::new(fov, 16.0 / 9.0, 1.0).framing_factor(fov),
            1.0
        );
        // A phone's free part above the sheet: about twice as far.
        let phone = ViewFrame::new(fov, 720.0 / 1280.0, 560.0 / 1280.0);
        let factor = phone.framing_factor(fov);
        assert!(factor > 1.8 && factor < 2.6, "{factor}");
        // A bounding sphere that fit the designed cone fits the narrower one from there.
        let narrowest = phone
            .vertical_fov
            .min(2.0 * ((phone.vertical_fov / 2.0).tan() * phone.aspect).atan());
        assert!(((narrowest / 2.0).sin() * factor - (fov / 2.0).sin()).abs() < 1e-5);
    }

    #[test]
    fn views_fit_the_part_the_sheet_leaves() {
        let share = free_height_share(1280, 160, 560);
        assert!((share - 560.0 / 1280.0).abs() < 1e-6);
        assert_eq!(free_height_share(1280, 200, 900), 1.0, "too little left");
        assert_eq!(free_height_share(1280, 0, 0), 1.0);
        let whole = ViewFrame::new(0.8, 720.0 / 1280.0, 1.0);
        assert_eq!(whole.vertical_fov, 0.8);
        let frame = ViewFrame::new(0.8, 720.0 / 1280.0, share);
        // The free part is 720 × 560: wider than tall, with a narrower vertical angle
        // whose tangent scales with the height.
        assert!((frame.aspect - 720.0 / 560.0).abs() < 1e-5);
        assert!(((frame.vertical_fov / 2.0).tan() / (0.4f32).tan() - share).abs() < 1e-5);
        // The plan fits a 10 × 4 m venue in the free part: the whole picture's
        // half-height is larger by the share.
        let (min, max) = (Vec2::ZERO, Vec2::new(10.0, 4.0));
        let half = frame.plan_half_height(min, max, 0.0);
        let free_half = half * share;
        assert!(free_half * frame.aspect >= 5.0 - 1e-4 && free_half >= 2.0 - 1e-4);
    }

    #[test]
    fn a_wall_hides_what_is_behind_it() {
        // A wall along x = 2 from z = 0 to z = 4, with a door gap from z = 1 to z = 2.
        let walls = [wall((2.0, 0.0), (2.0, 1.0)), wall((2.0, 2.0), (2.0, 4.0))];
        let eye = Vec2::new(0.0, 1.5);
        assert!(in_sight(eye, Vec2::new(1.0, 3.5), &walls), "same room");
        assert!(
            in_sight(eye, Vec2::new(4.0, 1.5), &walls),
            "through the door"
        );
        assert!(
            !in_sight(eye, Vec2::new(4.0, 3.5), &walls),
            "behind the wall"
        );
        assert!(
            !in_sight(eye, Vec2::new(2.2, 3.0), &walls),
            "on the far face"
        );
        assert!(
            in_sight(eye, Vec2::new(1.95, 3.0), &walls),
            "on the near face"
        );
        assert!(in_sight(eye, eye, &walls), "where the eye is");
        let fixture = Obstacle::Quad([
            Vec2::new(0.5, 0.0),
            Vec2::new(1.0, 0.0),
            Vec2::new(1.0, 4.0),
            Vec2::new(0.5, 4.0),
        ]);
        assert!(
            in_sight(eye, Vec2::new(1.5, 1.5), &[fixture]),
            "fixtures never hide"
        );
    }

    use super::*;

    #[test]
    fn orbit_round_trips_through_eye_and_target() {
        let o = Orbit {
            focus: Vec3::new(1.0, 0.5, 2.0),
            yaw: 0.7,
            pitch: 0.6,
            distance: 9.0,
        };
        let back = Orbit::from_eye_target(o.eye(), o.focus);
        assert!((back.yaw - o.yaw).abs() < 1e-4);
        assert!((back.pitch - o.pitch).abs() < 1e-4);
        assert!((back.distance - o.distance).abs() < 1e-3);
    }

    #[test]
    fn orbit_pitch_and_distance_are_clamped() {
        let mut o = Orbit {
            focus: Vec3::ZERO,
            yaw: 0.0,
            pitch: 1.0,
            distance: 10.0,
        };
        o.apply(Vec2::new(0.0, 10_000.0), 1000.0, 0.01);
        assert_eq!(o.pitch, ORBIT_PITCH_MAX);
        assert_eq!(o.distance, ORBIT_DISTANCE_MAX);
        assert!(o.eye().y > 0.0);
    }

    #[test]
    fn plan_fits_wide_and_tall_rooms() {
        let tall = plan_half_height(Vec2::ZERO, Vec2::new(6.0, 8.0), 16.0 / 9.0, 0.0);
        assert!((tall - 4.0).abs() < 1e-6);
        let wide = plan_half_height(Vec2::ZERO, Vec2::new(40.0, 2.0), 2.0, 0.0);
        assert!((wide - 10.0).abs() < 1e-6);
    }

    #[test]
    fn walking_stops_at_a_wall_and_slides_along_it() {
        let wall = [Obstacle::Segment {
            a: Vec2::new(-5.0, 0.0),
            b: Vec2::new(5.0, 0.0),
            half_thickness: 0.1,
        }];
        let start = Vec2::new(0.0, 1.0);
        let end = walk_step(start, Vec2::new(0.0, -3.0), &wall, BODY_RADIUS);
        assert!(
            end.y >= 0.1 + BODY_RADIUS - 1e-3,
            "stopped before the wall: {end}"
        );
        let slid = walk_step(start, Vec2::new(1.0, -3.0), &wall, BODY_RADIUS);
        assert!(slid.x > 0.9 && slid.y > 0.3, "slides along x: {slid}");
    }

    #[test]
    fn walking_passes_through_a_door_gap() {
        // A wall with a 1 m gap between x = -0.5 and 0.5.
        let walls = [
            Obstacle::Segment {
                a: Vec2::new(-5.0, 0.0),
                b: Vec2::new(-0.5, 0.0),
                half_thickness: 0.1,
            },
            Obstacle::Segment {
                a: Vec2::new(0.5, 0.0),
                b: Vec2::new(5.0, 0.0),
                half_thickness: 0.1,
            },
        ];
        let end = walk_step(
            Vec2::new(0.0, 1.0),
            Vec2::new(0.0, -2.0),
            &walls,
            BODY_RADIUS,
        );
        assert!((end.y + 1.0).abs() < 1e-4, "walked through: {end}");
    }

    #[test]
    fn fixtures_block() {
        let quad = Obstacle::Quad([
            Vec2::new(0.0, 0.0),
            Vec2::new(1.0, 0.0),
            Vec2::new(1.0, 1.0),
            Vec2::new(0.0, 1.0),
        ]);
        assert!(quad.blocks(Vec2::new(0.5, 0.5), 0.2));
        assert!(quad.blocks(Vec2::new(1.1, 0.5), 0.2));
        assert!(!quad.blocks(Vec2::new(1.5, 0.5), 0.2));
        let end = walk_step(
            Vec2::new(-1.0, 0.5),
            Vec2::new(3.0, 0.0),
            &[quad],
            BODY_RADIUS,
        );
        assert!(end.x < -BODY_RADIUS + 1e-3);
    }

    #[test]
    fn walk_axes_match_bevy_default_view() {
        let (f, r) = walk_axes(0.0);
        assert_eq!(f, Vec2::new(0.0, -1.0));
        assert!((r - Vec2::new(1.0, 0.0)).length() < 1e-6);
    }
}
