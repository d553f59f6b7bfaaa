//! Engine-free math of the headset view: where the controller's pointer lands on the
//! floor and how far a teleport may go (walls stop it, doors let it through, as walking
//! does), snap turns about the head, the pose of the tracking root that puts the head
//! where the visitor should stand, the fade around a teleport, what the pointer selects,
//! and where the checkpoint card floats and how large its text must be to stay readable.
//!
//! The headset systems (`vr/headset.rs`, feature `xr`) only gather poses and buttons and
//! call these; the tests run in every build, with or without the feature.

use crate::camera::math::{BODY_RADIUS, EYE_HEIGHT, Obstacle};
use bevy::math::{Quat, Vec2, Vec3, Vec3Swizzles};

/// The snap-turn steps offered (degrees): 30° is gentle, 45° turns round in four steps.
pub const SNAP_TURN_STEPS_DEG: [f32; 2] = [30.0, 45.0];
/// The pointer reaches the floor up to this far from the controller (m): the far side of
/// a 50 m² eatery, not the street across the road.
pub const MAX_POINTER_REACH: f32 = 10.0;
/// A teleport shorter than this (m) is no move: a pointer aimed at one's own feet.
pub const MIN_TELEPORT: f32 = 0.3;
/// Pointer targets may lie this far outside the venue's bounds (m): the pavement in
/// front of the entrance, no further.
pub const OUTSIDE_MARGIN: f32 = 1.0;
/// The fade: to black, then the move, then back (s). Short enough not to slow a tour,
/// long enough that the jump is not seen (seeing the world jump is what makes people
/// sick, not the jump).
pub const FADE_OUT_S: f32 = 0.12;
pub const FADE_IN_S: f32 = 0.18;
/// Text on a panel must be at least this tall per metre of viewing distance (m/m):
/// 1.5 cm at 1 m, the size of large print held at reading distance.
pub const MIN_TEXT_HEIGHT_PER_METRE: f32 = 0.015;
/// The card floats this far in front of the eyes (m) and this far below them, where
/// reading is comfortable without tilting the head.
pub const PANEL_DISTANCE: f32 = 1.3;
pub const PANEL_DROP: f32 = 0.2;
/// The card panel: its size in the world (m) and its texture's (px, square like the
/// panel), and the font sizes on it (px): the interface language's text, and the other
/// language's, larger when Latin (see [`LATIN_SCALE`]). Checked against
/// [`min_font_px`] at [`PANEL_DISTANCE`] by a test.
pub const PANEL_SIZE: f32 = 0.9;
pub const PANEL_TEXTURE_PX: u32 = 1200;
pub const CARD_TITLE_PX: f32 = 40.0;
pub const CARD_TEXT_PX: f32 = 30.0;
pub const CARD_LATIN_TEXT_PX: f32 = 38.0;
/// A seated visitor's eyes are this much lower than a standing one's (m): the default
/// lift of seated mode.
pub const SEATED_LIFT: f32 = 0.4;
/// Radius of a checkpoint marker's pin in the headset (m): large enough to aim at from
/// across the room.
pub const MARKER_PIN_RADIUS: f32 = 0.09;
/// The thumbstick turns once when pushed past this and again only after coming back
/// under [`STICK_RELEASE`], so one push is one turn.
pub const STICK_PUSH: f32 = 0.7;
pub const STICK_RELEASE: f32 = 0.3;

/// The pose of the tracking root (the play area's origin) in the venue: where its floor
/// centre is and how it is turned about the vertical.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RootPose {
    pub translation: Vec3,
    pub yaw: f32,
}

impl RootPose {
    pub fn rotation(&self) -> Quat {
        Quat::from_rotation_y(self.yaw)
    }

    /// Where a point of the play area (tracking space) is in the venue.
    pub fn to_world(&self, local: Vec3) -> Vec3 {
        self.translation + self.rotation() * local
    }
}

/// The yaw (about +y) of a rotation's forward direction (−z), as the walker's yaw.
pub fn yaw_of(rotation: Quat) -> f32 {
    let forward = rotation * Vec3::NEG_Z;
    (-forward.x).atan2(-forward.z)
}

/// The root pose that puts the head, at `head_local` in tracking space and turned
/// `head_local_yaw`, over `spot` on the floor and facing `facing` (yaw), with the floor
/// raised by `lift` (seated mode; 0 standing). Only the vertical rotation is touched:
/// the real floor stays level.
pub fn root_for(
    spot: Vec2,
    facing: f32,
    head_local: Vec3,
    head_local_yaw: f32,
    lift: f32,
) -> RootPose {
    let yaw = facing - head_local_yaw;
    let offset = Quat::from_rotation_y(yaw) * Vec3::new(head_local.x, 0.0, head_local.z);
    RootPose {
        translation: Vec3::new(spot.x - offset.x, lift, spot.y - offset.z),
        yaw,
    }
}

/// The root pose turned by `angle` (rad, counter-clockwise seen from above) about the
/// head, so the visitor turns on the spot instead of swinging around the play area's
/// centre.
pub fn turn_about_head(root: RootPose, head_local: Vec3, angle: f32) -> RootPose {
    let head = root.to_world(head_local);
    let yaw = root.yaw + angle;
    let offset = Quat::from_rotation_y(yaw) * Vec3::new(head_local.x, 0.0, head_local.z);
    RootPose {
        translation: Vec3::new(head.x - offset.x, root.translation.y, head.z - offset.z),
        yaw,
    }
}

/// A snap turn: `steps_deg` to the left (stick pushed left, `direction` < 0) or right.
pub fn snap_angle(direction: f32, step_deg: f32) -> f32 {
    // Turning right is clockwise seen from above: a negative yaw.
    -direction.signum() * step_deg.to_radians()
}

/// The lift that brings a seated visitor's eyes, measured at `head_height` above the real
/// floor, to a standing visitor's eye height; never negative, never more than a metre.
pub fn seated_lift(head_height: f32) -> f32 {
    if head_height.is_finite() {
        (EYE_HEIGHT - head_height).clamp(0.0, 1.0)
    } else {
        SEATED_LIFT
    }
}

/// Where a ray from `origin` along `dir` meets the floor (the plane y = `floor`), within
/// [`MAX_POINTER_REACH`]; none when it points level or up.
pub fn floor_hit(origin: Vec3, dir: Vec3, floor: f32) -> Option<Vec2> {
    let dir = dir.try_normalize()?;
    if dir.y >= -1e-3 {
        return None;
    }
    let t = (floor - origin.y) / dir.y;
    if !(0.0..=MAX_POINTER_REACH).contains(&t) {
        return None;
    }
    Some((origin + dir * t).xz())
}

/// Where a teleport from `from` towards `aimed` ends: the last spot along the straight
/// line where a body fits, so a wall (or a fixture) stops it and a door opening lets it
/// through, as walking does. None when that is no move at all, or when `aimed` lies
/// outside the venue's `bounds` (with [`OUTSIDE_MARGIN`]).
pub fn teleport_target(
    from: Vec2,
    aimed: Vec2,
    obstacles: &[Obstacle],
    bounds: (Vec2, Vec2),
) -> Option<Vec2> {
    let (min, max) = bounds;
    let margin = Vec2::splat(OUTSIDE_MARGIN);
    if !aimed.is_finite() || aimed.cmplt(min - margin).any() || aimed.cmpgt(max + margin).any() {
        return None;
    }
    let free = |p: Vec2| !obstacles.iter().any(|o| o.blocks(p, BODY_RADIUS));
    let length = from.distance(aimed);
    // Steps of half a body radius: no wall is thinner than that plus the body.
    let steps = ((length / (BODY_RADIUS * 0.5)).ceil() as usize).clamp(1, 512);
    let mut last = from;
    for i in 1..=steps {
        let p = from.lerp(aimed, i as f32 / steps as f32);
        if !free(p) {
            break;
        }
        last = p;
    }
    (last.distance(from) >= MIN_TELEPORT).then_some(last)
}

/// How far the fade has gone `elapsed` seconds after a teleport was asked for: the
/// black's opacity (0..1), and whether the move is due (the screen is black). Smooth at
/// both ends; done (0, not due) after [`FADE_OUT_S`] + [`FADE_IN_S`].
pub fn fade(elapsed: f32) -> (f32, bool) {
    let smooth = |t: f32| {
        let t = t.clamp(0.0, 1.0);
        t * t * (3.0 - 2.0 * t)
    };
    if elapsed < FADE_OUT_S {
        (smooth(elapsed / FADE_OUT_S), false)
    } else {
        (1.0 - smooth((elapsed - FADE_OUT_S) / FADE_IN_S), true)
    }
}

/// Whether a fade begun `elapsed` seconds ago is over.
pub fn fade_done(elapsed: f32) -> bool {
    elapsed >= FADE_OUT_S + FADE_IN_S
}

/// Where the card floats for a head at `head` looking along `forward`: in front at
/// [`PANEL_DISTANCE`] on the level (a head looking at the floor still gets it in front,
/// not under its feet), [`PANEL_DROP`] below the eyes, turned to face the head. The
/// rotation turns the panel's front (+z) towards the eyes.
pub fn panel_pose(head: Vec3, forward: Vec3) -> (Vec3, Quat) {
    let level = Vec2::new(forward.x, forward.z)
        .try_normalize()
        .unwrap_or(Vec2::new(0.0, -1.0));
    let position = Vec3::new(
        head.x + level.x * PANEL_DISTANCE,
        head.y - PANEL_DROP,
        head.z + level.y * PANEL_DISTANCE,
    );
    let to_head = head - position;
    (position, Quat::from_rotation_y(to_head.x.atan2(to_head.z)))
}

/// The smallest font size (pixels of the panel's texture) whose letters are
/// [`MIN_TEXT_HEIGHT_PER_METRE`] tall per metre of `distance` on a panel `panel_height`
/// metres tall drawn from a texture `texture_height` pixels tall. The font size is the
/// em; Chinese characters fill nearly all of it, Latin capitals about 70 %, so the
/// English lines get [`LATIN_SCALE`] more.
pub fn min_font_px(distance: f32, panel_height: f32, texture_height: u32) -> f32 {
    let metres_per_px = panel_height / texture_height.max(1) as f32;
    (MIN_TEXT_HEIGHT_PER_METRE * distance / metres_per_px).ceil()
}

/// How much larger Latin text must be set than Chinese for the same letter height: a
/// capital is ~70 % of the em, a Chinese character ~90 %.
pub const LATIN_SCALE: f32 = 1.3;

/// The distance along a ray (unit `dir`) to a sphere, if it hits it in front.
pub fn ray_sphere(origin: Vec3, dir: Vec3, center: Vec3, radius: f32) -> Option<f32> {
    let oc = origin - center;
    let b = oc.dot(dir);
    let c = oc.length_squared() - radius * radius;
    let disc = b * b - c;
    if disc < 0.0 {
        return None;
    }
    let sq = disc.sqrt();
    [-b - sq, -b + sq].into_iter().find(|t| *t >= 0.0)
}

/// The distance along a ray (unit `dir`) to an upright prism: a convex footprint on the
/// plan (corners in order, either winding) from `bottom` to `top`, if it hits it in
/// front. Slabs: the ray is inside between the two heights and on the inner side of every
/// edge.
pub fn ray_prism(
    origin: Vec3,
    dir: Vec3,
    footprint: &[Vec2; 4],
    bottom: f32,
    top: f32,
) -> Option<f32> {
    let (mut enter, mut exit) = (0.0f32, f32::INFINITY);
    let mut clip = |start: f32, rate: f32| -> bool {
        // Inside where start + rate * t >= 0.
        if rate.abs() < 1e-9 {
            return start >= 0.0;
        }
        let t = -start / rate;
        if rate > 0.0 {
            enter = enter.max(t);
        } else {
            exit = exit.min(t);
        }
        enter <= exit
    };
    if !clip(origin.y - bottom, dir.y) || !clip(top - origin.y, -dir.y) {
        return None;
    }
    let centre = footprint.iter().copied().sum::<Vec2>() / 4.0;
    for i in 0..4 {
        let (a, b) = (footprint[i], footprint[(i + 1) % 4]);
        let edge = b - a;
        // The inward normal: the side the centre is on.
        let mut normal = edge.perp();
        if normal.dot(centre - a) < 0.0 {
            normal = -normal;
        }
        if !clip(normal.dot(origin.xz() - a), normal.dot(dir.xz())) {
            return None;
        }
    }
    Some(enter)
}

/// What the pointer points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointed {
    /// The `i`-th marker pin.
    Marker(usize),
    /// The `i`-th fixture.
    Fixture(usize),
}

/// An upright box a pointer can select: a fixture's footprint and heights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prism {
    pub footprint: [Vec2; 4],
    pub bottom: f32,
    pub top: f32,
}

/// The nearest marker pin (centres, radius [`MARKER_PIN_RADIUS`]) or fixture along the
/// ray, if any: a marker wins over the fixture it floats above only by being nearer,
/// which it is, since it floats in front of it.
pub fn pick(origin: Vec3, dir: Vec3, markers: &[Vec3], fixtures: &[Prism]) -> Option<Pointed> {
    let dir = dir.try_normalize()?;
    let markers = markers.iter().enumerate().filter_map(|(i, c)| {
        ray_sphere(origin, dir, *c, MARKER_PIN_RADIUS).map(|t| (t, Pointed::Marker(i)))
    });
    let fixtures = fixtures.iter().enumerate().filter_map(|(i, f)| {
        ray_prism(origin, dir, &f.footprint, f.bottom, f.top).map(|t| (t, Pointed::Fixture(i)))
    });
    markers
        .chain(fixtures)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::{FRAC_PI_2, PI};

    fn wall(a: (f32, f32), b: (f32, f32)) -> Obstacle {
        Obstacle::Segment {
            a: Vec2::new(a.0, a.1),
            b: Vec2::new(b.0, b.1),
            half_thickness: 0.06,
        }
    }

    const BOUNDS: (Vec2, Vec2) = (Vec2::new(0.0, 0.0), Vec2::new(6.0, 8.0));

    #[test]
    fn the_root_puts_the_head_over_the_spot_facing_the_way_asked() {
        // Head 0.4 m right and 0.3 m back in the play area, turned 20° left.
        let head = Vec3::new(0.4, 1.7, 0.3);
        let head_yaw = 20f32.to_radians();
        let spot = Vec2::new(3.0, 2.0);
        for facing in [0.0, 1.0, -2.5, PI] {
            let root = root_for(spot, facing, head, head_yaw, 0.0);
            let world = root.to_world(head);
            assert!(world.xz().distance(spot) < 1e-5, "{world}");
            assert!(
                (world.y - 1.7).abs() < 1e-5,
                "the real floor stays the floor"
            );
            let head_rot = root.rotation() * Quat::from_rotation_y(head_yaw);
            let diff = (yaw_of(head_rot) - facing).rem_euclid(2.0 * PI);
            assert!(
                !(1e-4..=2.0 * PI - 1e-4).contains(&diff),
                "facing {facing}: {diff}"
            );
        }
    }

    #[test]
    fn a_seated_visitor_is_lifted_to_standing_eye_height() {
        let root = root_for(
            Vec2::ZERO,
            0.0,
            Vec3::new(0.0, 1.2, 0.0),
            0.0,
            seated_lift(1.2),
        );
        assert!((root.to_world(Vec3::new(0.0, 1.2, 0.0)).y - EYE_HEIGHT).abs() < 1e-5);
        assert_eq!(seated_lift(1.9), 0.0, "never pushed under the floor");
        assert_eq!(seated_lift(0.1), 1.0, "never more than a metre");
        assert_eq!(seated_lift(f32::NAN), SEATED_LIFT);
    }

    #[test]
    fn a_snap_turn_turns_on_the_spot() {
        let head = Vec3::new(0.5, 1.6, -0.2);
        let root = RootPose {
            translation: Vec3::new(2.0, 0.0, 3.0),
            yaw: 0.3,
        };
        for step in SNAP_TURN_STEPS_DEG {
            for direction in [-1.0, 1.0] {
                let angle = snap_angle(direction, step);
                let turned = turn_about_head(root, head, angle);
                assert!(turned.to_world(head).distance(root.to_world(head)) < 1e-5);
                assert!((turned.yaw - root.yaw - angle).abs() < 1e-6);
                assert!((angle.abs() - step.to_radians()).abs() < 1e-6);
            }
        }
        // Right (stick pushed right) is clockwise from above: the yaw decreases.
        assert!(snap_angle(1.0, 30.0) < 0.0);
        // Twelve 30° turns come back round.
        let mut r = root;
        for _ in 0..12 {
            r = turn_about_head(r, head, snap_angle(1.0, 30.0));
        }
        assert!(r.to_world(head).distance(root.to_world(head)) < 1e-4);
        assert!(
            ((r.yaw - root.yaw).rem_euclid(2.0 * PI))
                .min(2.0 * PI - (r.yaw - root.yaw).rem_euclid(2.0 * PI))
                < 1e-4
        );
    }

    #[test]
    fn the_pointer_lands_on_the_floor_ahead_and_not_behind_or_beyond_reach() {
        let hit = floor_hit(Vec3::new(0.0, 1.0, 0.0), Vec3::new(0.0, -1.0, -1.0), 0.0).unwrap();
        assert!(hit.distance(Vec2::new(0.0, -1.0)) < 1e-5);
        assert_eq!(
            floor_hit(Vec3::Y, Vec3::new(0.0, 0.2, -1.0), 0.0),
            None,
            "upwards"
        );
        assert_eq!(floor_hit(Vec3::Y, Vec3::NEG_Z, 0.0), None, "level");
        assert_eq!(
            floor_hit(Vec3::Y, Vec3::new(0.0, -0.01, -1.0), 0.0),
            None,
            "100 m away"
        );
        assert_eq!(floor_hit(Vec3::Y, Vec3::ZERO, 0.0), None);
    }

    #[test]
    fn walls_stop_a_teleport_and_doors_let_it_through() {
        // A wall along x = 3 with a 0.9 m door from z = 3.55 to 4.45.
        let obstacles = [wall((3.0, 0.0), (3.0, 3.55)), wall((3.0, 4.45), (3.0, 8.0))];
        let from = Vec2::new(1.0, 2.0);
        let blocked = teleport_target(from, Vec2::new(5.0, 2.0), &obstacles, BOUNDS).unwrap();
        assert!(
            blocked.x < 3.0 - BODY_RADIUS,
            "stopped before the wall: {blocked}"
        );
        assert!(blocked.x > 2.4, "but as close as a body gets: {blocked}");
        let through = teleport_target(Vec2::new(1.0, 4.0), Vec2::new(5.0, 4.0), &obstacles, BOUNDS);
        assert_eq!(through, Some(Vec2::new(5.0, 4.0)), "through the door");
    }

    #[test]
    fn a_teleport_stops_short_of_a_fixture_and_refuses_tiny_or_far_off_targets() {
        let counter = Obstacle::Quad([
            Vec2::new(2.0, 1.0),
            Vec2::new(3.0, 1.0),
            Vec2::new(3.0, 3.0),
            Vec2::new(2.0, 3.0),
        ]);
        let to =
            teleport_target(Vec2::new(0.5, 2.0), Vec2::new(2.5, 2.0), &[counter], BOUNDS).unwrap();
        assert!(!counter.blocks(to, BODY_RADIUS) && to.x > 1.5, "{to}");
        assert_eq!(
            teleport_target(Vec2::new(1.0, 1.0), Vec2::new(1.1, 1.0), &[], BOUNDS),
            None
        );
        assert_eq!(
            teleport_target(Vec2::new(1.0, 1.0), Vec2::new(1.0, -5.0), &[], BOUNDS),
            None
        );
        assert!(
            teleport_target(Vec2::new(1.0, 1.0), Vec2::new(1.0, -0.8), &[], BOUNDS).is_some(),
            "the pavement"
        );
        assert_eq!(
            teleport_target(Vec2::new(1.0, 1.0), Vec2::NAN, &[], BOUNDS),
            None
        );
    }

    #[test]
    fn the_fade_goes_to_black_moves_and_comes_back() {
        assert_eq!(fade(0.0), (0.0, false));
        let (half, due) = fade(FADE_OUT_S / 2.0);
        assert!(half > 0.3 && half < 0.7 && !due);
        let (black, due) = fade(FADE_OUT_S);
        assert!(
            (black - 1.0).abs() < 1e-6 && due,
            "black when the move happens"
        );
        let (back, _) = fade(FADE_OUT_S + FADE_IN_S);
        assert!(back.abs() < 1e-6 && fade_done(FADE_OUT_S + FADE_IN_S));
        assert!(!fade_done(FADE_OUT_S));
        // Monotone both ways.
        let steps: Vec<f32> = (0..=60).map(|i| fade(i as f32 * 0.005).0).collect();
        let peak = (FADE_OUT_S / 0.005) as usize;
        assert!(steps[..=peak].windows(2).all(|w| w[1] >= w[0] - 1e-6));
        assert!(steps[peak..].windows(2).all(|w| w[1] <= w[0] + 1e-6));
        const { assert!(FADE_OUT_S + FADE_IN_S <= 0.5, "short") };
    }

    #[test]
    fn the_card_floats_ahead_at_reading_distance_facing_the_eyes() {
        let head = Vec3::new(2.0, 1.6, 3.0);
        for forward in [Vec3::NEG_Z, Vec3::X, Vec3::new(1.0, -0.9, 1.0), Vec3::NEG_Y] {
            let (pos, rot) = panel_pose(head, forward);
            let flat = Vec2::new(pos.x - head.x, pos.z - head.z);
            assert!((flat.length() - PANEL_DISTANCE).abs() < 1e-5);
            assert!((head.y - pos.y - PANEL_DROP).abs() < 1e-5);
            // The panel's front (+z) points at the head, on the level.
            let front = rot * Vec3::Z;
            let to_head = Vec3::new(head.x - pos.x, 0.0, head.z - pos.z).normalize();
            assert!(
                front.dot(to_head) > 0.9999,
                "{forward}: {front} vs {to_head}"
            );
        }
    }

    #[test]
    fn card_text_is_at_least_one_and_a_half_centimetres_per_metre() {
        // A 0.6 m tall panel from a 768 px texture, at reading distance.
        let distance = Vec2::new(PANEL_DISTANCE, PANEL_DROP).length();
        let px = min_font_px(distance, 0.6, 768);
        let height = px * 0.6 / 768.0;
        assert!(height >= MIN_TEXT_HEIGHT_PER_METRE * distance, "{height} m");
        assert!(
            height < MIN_TEXT_HEIGHT_PER_METRE * distance + 0.6 / 768.0 + 1e-6,
            "the smallest"
        );
        // The card's own sizes, at the distance it is placed at.
        let min = min_font_px(distance, PANEL_SIZE, PANEL_TEXTURE_PX);
        assert!(CARD_TEXT_PX >= min, "{CARD_TEXT_PX} < {min}");
        assert!(CARD_TITLE_PX >= min * LATIN_SCALE);
        assert!(
            CARD_LATIN_TEXT_PX >= min * LATIN_SCALE,
            "{CARD_LATIN_TEXT_PX} < {}",
            min * LATIN_SCALE
        );
        // Twice as far, twice as large.
        assert!(min_font_px(2.0 * distance, 0.6, 768) >= 2.0 * px - 1.0);
    }

    #[test]
    fn rays_hit_spheres_and_fixtures_in_front_and_pick_the_nearest() {
        let o = Vec3::new(0.0, 1.0, 0.0);
        assert!(
            (ray_sphere(o, Vec3::NEG_Z, Vec3::new(0.0, 1.0, -3.0), 0.5).unwrap() - 2.5).abs()
                < 1e-5
        );
        assert_eq!(
            ray_sphere(o, Vec3::Z, Vec3::new(0.0, 1.0, -3.0), 0.5),
            None,
            "behind"
        );
        assert_eq!(
            ray_sphere(o, Vec3::NEG_Z, Vec3::new(1.0, 1.0, -3.0), 0.5),
            None,
            "beside"
        );
        // A sink 1 m wide, 0.6 m deep, 0.9 m tall, 3 m ahead; clockwise corners.
        let sink = Prism {
            footprint: [
                Vec2::new(-0.5, -3.3),
                Vec2::new(-0.5, -2.7),
                Vec2::new(0.5, -2.7),
                Vec2::new(0.5, -3.3),
            ],
            bottom: 0.0,
            top: 0.9,
        };
        let down = Vec3::new(0.0, -0.2, -1.0).normalize();
        let t = ray_prism(o, down, &sink.footprint, sink.bottom, sink.top).unwrap();
        assert!(
            ((o + down * t).z + 2.7).abs() < 1e-4,
            "enters by the front face"
        );
        assert_eq!(
            ray_prism(o, Vec3::NEG_Z, &sink.footprint, 0.0, 0.9),
            None,
            "over the top"
        );
        assert_eq!(
            ray_prism(o, -down, &sink.footprint, 0.0, 0.9),
            None,
            "behind"
        );
        // A marker floating in front of the sink is nearer; aimed past it, the sink.
        let marker = Vec3::new(0.0, 0.7, -2.2);
        let at_marker = (marker - o).normalize();
        assert_eq!(
            pick(o, at_marker, &[marker], &[sink]),
            Some(Pointed::Marker(0))
        );
        assert_eq!(
            pick(o, down, &[Vec3::new(3.0, 0.7, -2.0)], &[sink]),
            Some(Pointed::Fixture(0))
        );
        assert_eq!(pick(o, Vec3::Y, &[marker], &[sink]), None);
        // Yaw of a rotation: Bevy's camera looks along −z at yaw 0.
        assert!(yaw_of(Quat::IDENTITY).abs() < 1e-6);
        assert!((yaw_of(Quat::from_rotation_y(FRAC_PI_2)) - FRAC_PI_2).abs() < 1e-5);
    }
}
