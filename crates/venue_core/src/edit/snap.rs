//! Snapping math for the editor: a plan point onto the 5 cm grid, and a fixture's
//! footprint against the faces of nearby walls.
//!
//! Invariants:
//! - Pure functions of their inputs; no model is changed here.
//! - Every coordinate returned is [`tidy`]: rounded to whole micrometres, so a snapped
//!   value is written back to `venue.ron` as `2.75`, not `2.7500000000000004`.
//! - A wall snap only moves a fixture along the wall's normal, never along the wall, so
//!   grid snapping along the wall survives it.

use crate::compact_sort::CompactSort;
use crate::model::{P2, Wall};

/// Grid pitch in millimetres: positions snap to multiples of 5 cm. Kept in whole
/// millimetres so that the snapped value is `k · 50 / 1000`, which prints short.
pub const GRID_MM: i64 = 50;

/// How close (m) the footprint's nearest side must come to a wall face before it snaps
/// against it: about a hand's width, so a drag across the room is never caught.
pub const WALL_SNAP_DISTANCE: f64 = 0.15;

/// Coordinates are rounded to this many units per metre (micrometres): far below any
/// tolerance of validation (1 cm) and above floating-point noise.
const TIDY_PER_M: f64 = 1e6;

/// Two wall normals closer than this (|cos| of the angle between them, i.e. within
/// about 2.5°) count as the same direction: a fixture snaps against one of them only.
const PARALLEL_COS: f64 = 0.999;

/// `v` rounded to whole micrometres (see the module invariants).
pub fn tidy(v: f64) -> f64 {
    (v * TIDY_PER_M).round() / TIDY_PER_M
}

/// `v` (metres) snapped to the nearest multiple of [`GRID_MM`].
pub fn to_grid(v: f64) -> f64 {
    let steps = (v * 1000.0 / GRID_MM as f64).round();
    steps * GRID_MM as f64 / 1000.0
}

/// A plan point snapped to the grid in both coordinates.
pub fn point_to_grid(p: P2) -> P2 {
    (to_grid(p.0), to_grid(p.1))
}

/// A fixture footprint on the plan: `width` along its local x, `depth` along its local
/// z, turned by `rotation_deg` (counter-clockwise seen from above, see
/// docs/scene-format.md: local x maps to `(cos θ, −sin θ)`, local z to `(sin θ, cos θ)`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Footprint {
    pub width: f64,
    pub depth: f64,
    pub rotation_deg: f64,
}

impl Footprint {
    /// Half the footprint's extent along the unit direction `dir`.
    fn half_extent(&self, dir: P2) -> f64 {
        let t = self.rotation_deg.to_radians();
        let local_x = (t.cos(), -t.sin());
        let local_z = (t.sin(), t.cos());
        (self.width / 2.0 * dot(local_x, dir)).abs() + (self.depth / 2.0 * dot(local_z, dir)).abs()
    }
}

/// Where a fixture snapped to, and the walls it now touches.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapped {
    pub position: P2,
    /// Ids of the walls whose face the footprint was snapped against (at most two,
    /// in different directions: a corner).
    pub walls: Vec<String>,
}

/// Snaps the centre of a footprint against the faces of `walls`: for each wall (nearest
/// first) whose face the footprint's nearest side comes within [`WALL_SNAP_DISTANCE`]
/// of, and which runs alongside the footprint, the centre moves along the wall's normal
/// so that side touches the face (walls are centred on their line, so the face lies
/// `thickness / 2` from it). For a fixture facing away from the wall, as wall-mounted
/// fixtures do, that side is its back. At most one wall per direction is used, so a
/// fixture in a corner touches both walls.
/// Openings are not looked at: in front of a door the fixture still snaps to where the
/// wall's face would be (validation and the route checks report a blocked door).
pub fn against_walls(center: P2, footprint: &Footprint, walls: &[Wall]) -> Snapped {
    let mut candidates: Vec<(f64, f64, P2, &str)> = Vec::new();
    for wall in walls {
        let Some((dir, len)) = unit(sub(wall.to, wall.from)) else {
            continue;
        };
        let normal = (-dir.1, dir.0);
        let rel = sub(center, wall.from);
        let along = dot(rel, dir);
        let across = dot(rel, normal);
        // The footprint must overlap the wall's length, else it is past its end.
        let half_along = footprint.half_extent(dir);
        if along + half_along <= 0.0 || along - half_along >= len {
            continue;
        }
        let touching = wall.thickness / 2.0 + footprint.half_extent(normal);
        let gap = (across.abs() - touching).abs();
        if gap <= WALL_SNAP_DISTANCE {
            let side = if across < 0.0 { -1.0 } else { 1.0 };
            candidates.push((gap, side * touching - across, normal, &wall.id));
        }
    }
    candidates.sort_compact_by(|a, b| a.0.total_cmp(&b.0));
    let mut position = center;
    let mut used: Vec<P2> = Vec::new();
    let mut ids = Vec::new();
    for (_, shift, normal, id) in candidates {
        if used.iter().any(|n| dot(*n, normal).abs() >= PARALLEL_COS) {
            continue;
        }
        position = (position.0 + normal.0 * shift, position.1 + normal.1 * shift);
        used.push(normal);
        ids.push(id.to_owned());
    }
    Snapped {
        position: (tidy(position.0), tidy(position.1)),
        walls: ids,
    }
}

/// A rotation in degrees normalised to `[0, 360)` and tidied, so `-90` is written `270`.
pub fn normalize_degrees(deg: f64) -> f64 {
    let d = tidy(deg.rem_euclid(360.0));
    // rem_euclid of a value just below 0 can round up to exactly 360.
    if d >= 360.0 { 0.0 } else { d }
}

/// `deg` rounded to the nearest quarter turn.
pub fn to_quarter_turn(deg: f64) -> f64 {
    normalize_degrees((deg / 90.0).round() * 90.0)
}

pub(crate) fn sub(a: P2, b: P2) -> P2 {
    (a.0 - b.0, a.1 - b.1)
}

pub(crate) fn dot(a: P2, b: P2) -> f64 {
    a.0 * b.0 + a.1 * b.1
}

/// The unit vector along `v` and its length, `None` for a zero-length vector.
pub(crate) fn unit(v: P2) -> Option<(P2, f64)> {
    let len = v.0.hypot(v.1);
    (len > f64::EPSILON).then(|| ((v.0 / len, v.1 / len), len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(id: &str, from: P2, to: P2) -> Wall {
        Wall {
            id: id.into(),
            from,
            to,
            thickness: 0.2,
            height: 3.0,
            openings: vec![],
        }
    }

    const BASIN: Footprint = Footprint {
        width: 0.5,
        depth: 0.45,
        rotation_deg: 0.0,
    };

    #[test]
    fn grid_snaps_to_five_centimetres_and_prints_short() {
        assert_eq!(to_grid(2.7712), 2.75);
        assert_eq!(to_grid(-0.026), -0.05);
        assert_eq!(point_to_grid((1.024, 0.976)), (1.0, 1.0));
        assert_eq!(format!("{:?}", to_grid(2.7499)), "2.75");
    }

    #[test]
    fn a_fixture_near_a_wall_puts_its_back_on_the_face() {
        // Front wall along x at z = 0, face at z = 0.1; a basin facing +z (rotation 0)
        // has its back at z − 0.225, so it touches at z = 0.325.
        let walls = [wall("front", (0.0, 0.0), (6.0, 0.0))];
        let s = against_walls((2.0, 0.4), &BASIN, &walls);
        assert_eq!(s.position, (2.0, 0.325));
        assert_eq!(s.walls, ["front"]);
        // Too far: nothing happens.
        let s = against_walls((2.0, 0.7), &BASIN, &walls);
        assert_eq!(s.position, (2.0, 0.7));
        assert!(s.walls.is_empty());
        // Past the wall's end: nothing happens.
        let s = against_walls((7.0, 0.4), &BASIN, &walls);
        assert!(s.walls.is_empty());
    }

    #[test]
    fn a_turned_fixture_uses_its_turned_footprint_and_corners_take_two_walls() {
        // Rotation 90: the depth runs along x. Against the west wall (x = 0, face 0.1)
        // the centre sits at 0.1 + 0.225; against the front wall at 0.1 + 0.25.
        let walls = [
            wall("front", (0.0, 0.0), (6.0, 0.0)),
            wall("west", (0.0, 8.0), (0.0, 0.0)),
        ];
        let fp = Footprint {
            rotation_deg: 90.0,
            ..BASIN
        };
        let s = against_walls((0.3, 0.4), &fp, &walls);
        assert_eq!(s.position, (0.325, 0.35));
        assert_eq!(s.walls.len(), 2);
        // From the other side of a wall, it snaps to that face.
        let s = against_walls((-0.3, 4.0), &fp, &walls);
        assert_eq!(s.position, (-0.325, 4.0));
    }

    #[test]
    fn angles_normalise() {
        assert_eq!(normalize_degrees(-90.0), 270.0);
        assert_eq!(normalize_degrees(720.5), 0.5);
        assert_eq!(normalize_degrees(-1e-12), 0.0);
        assert_eq!(to_quarter_turn(134.0), 90.0);
        assert_eq!(to_quarter_turn(-46.0), 270.0);
        assert_eq!(tidy(0.1 + 0.2), 0.3);
    }
}
