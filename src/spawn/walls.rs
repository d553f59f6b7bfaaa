//! Walls extruded from the plan with real openings: pure geometry, no ECS.
//!
//! A wall is cut along its length at every opening. Solid stretches become full-height
//! boxes; above a door or window a lintel remains, below a window a sill wall. Door
//! leaves and frames are placed from the same numbers.

use venue_core::compact_sort::CompactSort;
use venue_core::{Opening, Swing, Wall};

/// Thickness of door frames and window frames (m).
const FRAME_THICKNESS: f64 = 0.05;
/// Door leaf thickness (m).
const LEAF_THICKNESS: f64 = 0.04;
/// How far the drawn leaf stands open (degrees), so the opening reads as passable.
const LEAF_OPEN_DEG: f64 = 75.0;
/// Pieces shorter than this are skipped: they would only flicker.
const MIN_PIECE: f64 = 1e-3;

/// An axis-aligned box in the wall's own frame, placed in the world.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WallBox {
    /// Centre in the world (x, y, z).
    pub center: [f64; 3],
    /// Size along the wall, up, and across the wall.
    pub size: [f64; 3],
    /// Yaw (radians, counter-clockwise seen from above) taking +x onto the wall direction.
    pub yaw: f64,
}

/// What a box is, for choosing its material.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    Wall,
    DoorFrame,
    DoorLeaf,
    WindowFrame,
    Glass,
}

/// Yaw taking local +x onto the direction `(dx, dz)`. Bevy's yaw sends +x to
/// `(cos θ, -sin θ)`, hence the minus.
pub fn yaw_of(dx: f64, dz: f64) -> f64 {
    (-dz).atan2(dx)
}

/// Cuts `wall` into boxes around its openings.
pub fn wall_pieces(wall: &Wall) -> Vec<(PieceKind, WallBox)> {
    let (fx, fz) = wall.from;
    let (tx, tz) = wall.to;
    let length = ((tx - fx).powi(2) + (tz - fz).powi(2)).sqrt();
    if length.is_nan()
        || length <= MIN_PIECE
        || !wall.height.is_finite()
        || !wall.thickness.is_finite()
    {
        return Vec::new();
    }
    let dir = ((tx - fx) / length, (tz - fz) / length);
    let yaw = yaw_of(dir.0, dir.1);
    let along = |s: f64, y: f64, len: f64, h: f64, thick: f64| WallBox {
        center: [fx + dir.0 * s, y, fz + dir.1 * s],
        size: [len, h, thick],
        yaw,
    };
    let mut openings: Vec<&Opening> = wall.openings.iter().collect();
    openings.sort_compact_by(|a, b| a.center().total_cmp(&b.center()));

    let mut out = Vec::new();
    let mut cursor = 0.0;
    let solid = |from: f64, to: f64, bottom: f64, top: f64, out: &mut Vec<_>| {
        let (from, to) = (from.max(0.0), to.min(length));
        let (bottom, top) = (bottom.max(0.0), top.min(wall.height));
        if to - from > MIN_PIECE && top - bottom > MIN_PIECE {
            out.push((
                PieceKind::Wall,
                along(
                    (from + to) / 2.0,
                    (bottom + top) / 2.0,
                    to - from,
                    top - bottom,
                    wall.thickness,
                ),
            ));
        }
    };
    for opening in openings {
        let start = opening.center() - opening.width() / 2.0;
        let end = opening.center() + opening.width() / 2.0;
        solid(cursor, start, 0.0, wall.height, &mut out);
        match opening {
            Opening::Door(door) => {
                solid(start, end, door.height, wall.height, &mut out);
                door_parts(wall, door, start, end, &along, &mut out);
            }
            Opening::Window(window) => {
                solid(start, end, 0.0, window.sill, &mut out);
                solid(
                    start,
                    end,
                    window.sill + window.height,
                    wall.height,
                    &mut out,
                );
                let mid = window.sill + window.height / 2.0;
                out.push((
                    PieceKind::Glass,
                    along(opening.center(), mid, opening.width(), window.height, 0.02),
                ));
                for s in [start + FRAME_THICKNESS / 2.0, end - FRAME_THICKNESS / 2.0] {
                    out.push((
                        PieceKind::WindowFrame,
                        along(
                            s,
                            mid,
                            FRAME_THICKNESS,
                            window.height,
                            wall.thickness + 0.02,
                        ),
                    ));
                }
                for y in [window.sill, window.sill + window.height] {
                    out.push((
                        PieceKind::WindowFrame,
                        along(
                            opening.center(),
                            y,
                            opening.width(),
                            FRAME_THICKNESS,
                            wall.thickness + 0.02,
                        ),
                    ));
                }
            }
        }
        cursor = cursor.max(end);
    }
    solid(cursor, length, 0.0, wall.height, &mut out);
    out
}

fn door_parts(
    wall: &Wall,
    door: &venue_core::Door,
    start: f64,
    end: f64,
    along: &impl Fn(f64, f64, f64, f64, f64) -> WallBox,
    out: &mut Vec<(PieceKind, WallBox)>,
) {
    let frame_depth = wall.thickness + 0.02;
    for s in [start + FRAME_THICKNESS / 2.0, end - FRAME_THICKNESS / 2.0] {
        out.push((
            PieceKind::DoorFrame,
            along(
                s,
                door.height / 2.0,
                FRAME_THICKNESS,
                door.height,
                frame_depth,
            ),
        ));
    }
    out.push((
        PieceKind::DoorFrame,
        along(
            (start + end) / 2.0,
            door.height,
            end - start,
            FRAME_THICKNESS,
            frame_depth,
        ),
    ));
    if door.swing == Swing::Sliding {
        return;
    }
    // The leaf turns about its hinge, at the `from` or `to` end of the opening, towards
    // the wall's left (+normal) or right (−normal) side.
    let (fx, fz) = wall.from;
    let (tx, tz) = wall.to;
    let length = ((tx - fx).powi(2) + (tz - fz).powi(2)).sqrt();
    let dir = ((tx - fx) / length, (tz - fz) / length);
    // Left of travel, y up: for +x the left is −z.
    let left = (dir.1, -dir.0);
    let (hinge_s, to_free) = match door.swing {
        Swing::LeftIn | Swing::LeftOut => (start, 1.0),
        _ => (end, -1.0),
    };
    let side = match door.swing {
        Swing::LeftIn | Swing::RightIn => 1.0,
        _ => -1.0,
    };
    let width = end - start - 2.0 * FRAME_THICKNESS;
    let angle = LEAF_OPEN_DEG.to_radians();
    // Direction of the open leaf from the hinge: rotate the closed direction towards the side.
    let closed = (dir.0 * to_free, dir.1 * to_free);
    let open = (
        closed.0 * angle.cos() + left.0 * side * angle.sin(),
        closed.1 * angle.cos() + left.1 * side * angle.sin(),
    );
    let hinge = (fx + dir.0 * hinge_s, fz + dir.1 * hinge_s);
    let center = (
        hinge.0 + open.0 * (FRAME_THICKNESS + width / 2.0) + left.0 * side * wall.thickness / 2.0,
        hinge.1 + open.1 * (FRAME_THICKNESS + width / 2.0) + left.1 * side * wall.thickness / 2.0,
    );
    out.push((
        PieceKind::DoorLeaf,
        WallBox {
            center: [center.0, (door.height - 0.01) / 2.0, center.1],
            size: [width, door.height - 0.01, LEAF_THICKNESS],
            yaw: yaw_of(open.0, open.1),
        },
    ));
}

/// The left normal of a wall (unit), pointing to the side a door swings into with `*In`.
pub fn left_normal(wall: &Wall) -> (f64, f64) {
    let (dx, dz) = (wall.to.0 - wall.from.0, wall.to.1 - wall.from.1);
    let len = (dx * dx + dz * dz).sqrt().max(f64::EPSILON);
    (dz / len, -dx / len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use venue_core::{Door, Window};

    fn wall(openings: Vec<Opening>) -> Wall {
        Wall {
            id: "w".into(),
            from: (0.0, 0.0),
            to: (4.0, 0.0),
            thickness: 0.2,
            height: 3.0,
            openings,
        }
    }

    fn door(center: f64, width: f64) -> Opening {
        Opening::Door(Door {
            id: "d".into(),
            center,
            width,
            height: 2.1,
            exterior: false,
            swing: Swing::LeftIn,
            attributes: Default::default(),
        })
    }

    #[test]
    fn plain_wall_is_one_box() {
        let pieces = wall_pieces(&wall(vec![]));
        assert_eq!(pieces.len(), 1);
        let (kind, b) = pieces[0];
        assert_eq!(kind, PieceKind::Wall);
        assert_eq!(b.size, [4.0, 3.0, 0.2]);
        assert_eq!(b.center, [2.0, 1.5, 0.0]);
    }

    #[test]
    fn door_leaves_a_gap_and_a_lintel() {
        let pieces = wall_pieces(&wall(vec![door(2.0, 1.0)]));
        let walls: Vec<_> = pieces
            .iter()
            .filter(|(k, _)| *k == PieceKind::Wall)
            .map(|(_, b)| b)
            .collect();
        assert_eq!(walls.len(), 3, "left, lintel, right");
        let lintel = walls.iter().find(|b| b.center[0] == 2.0).expect("lintel");
        assert!((lintel.size[1] - 0.9).abs() < 1e-9);
        assert!((lintel.center[1] - 2.55).abs() < 1e-9);
        // Nothing solid stands in the doorway below the lintel.
        for b in &walls {
            let (lo, hi) = (b.center[0] - b.size[0] / 2.0, b.center[0] + b.size[0] / 2.0);
            let in_gap = lo < 2.5 - 1e-9 && hi > 1.5 + 1e-9;
            assert!(!in_gap || b.center[1] - b.size[1] / 2.0 >= 2.1 - 1e-9);
        }
        assert!(pieces.iter().any(|(k, _)| *k == PieceKind::DoorLeaf));
    }

    #[test]
    fn window_keeps_sill_and_glass() {
        let pieces = wall_pieces(&wall(vec![Opening::Window(Window {
            id: "win".into(),
            center: 2.0,
            width: 1.2,
            height: 1.2,
            sill: 0.9,
            attributes: Default::default(),
        })]));
        assert!(pieces.iter().any(|(k, b)| *k == PieceKind::Wall
            && (b.size[1] - 0.9).abs() < 1e-9
            && b.center[0] == 2.0));
        assert!(pieces.iter().any(|(k, _)| *k == PieceKind::Glass));
    }

    #[test]
    fn yaw_matches_bevy_rotation() {
        // +x onto +z needs yaw −90°: Quat::from_rotation_y(-π/2) * X = +Z.
        assert!((yaw_of(0.0, 1.0) + std::f64::consts::FRAC_PI_2).abs() < 1e-12);
        assert!(yaw_of(1.0, 0.0).abs() < 1e-12);
    }

    #[test]
    fn degenerate_wall_yields_nothing() {
        let mut w = wall(vec![]);
        w.to = w.from;
        assert!(wall_pieces(&w).is_empty());
    }
}
