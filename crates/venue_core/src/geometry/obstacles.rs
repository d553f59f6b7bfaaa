//! The obstacles of a plan as real geometry, for exact clearances.
//!
//! The occupancy grid decides where a route can go; the figures a rule reports come
//! from these shapes: wall pieces between door openings (rectangles), the footprints of
//! walking-blocking fixtures (rectangles) and the edges of the floor outline (segments:
//! beyond them is outside). All are convex, so the distance from a point or a segment to
//! each is exact ([`super::polygon_distance`]).
//!
//! A coarse tile index (tiles of [`TILE_CELLS`] grid cells) keeps queries local: a query
//! looks only at the obstacles listed in the tiles its search box overlaps, so its cost
//! grows with what is nearby, not with the plan.

use super::{BBox, P2, closest_point_on_segment, dist, dot, edges, normalize, point_in_polygon};
use super::{polygon_distance, sub};

/// Tile edge in grid cells (1 m at 5 cm cells).
pub const TILE_CELLS: usize = 20;

/// Most tiles along one side; a larger plan gets larger tiles.
const MAX_TILES_SIDE: usize = 256;

/// An obstacle's shape: a convex polygon, or two points for a segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Obstacle {
    pub shape: Vec<P2>,
    pub bbox: BBox,
}

/// The nearest obstacle to a point: its index, the distance and the nearest point on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    pub obstacle: usize,
    pub distance: f64,
    pub point: P2,
}

/// Obstacles with a tile index.
#[derive(Debug, Default)]
pub struct Obstacles {
    items: Vec<Obstacle>,
    origin: P2,
    tile: f64,
    ntx: usize,
    ntz: usize,
    tiles: Vec<Vec<u32>>,
}

/// The point of a convex polygon (or segment, or point) nearest to `p`; `p` itself when
/// inside.
pub fn closest_point(shape: &[P2], p: P2) -> P2 {
    if shape.len() >= 3 && point_in_polygon(p, shape) {
        return p;
    }
    if shape.len() == 1 {
        return shape[0];
    }
    edges(shape)
        .map(|(a, b)| closest_point_on_segment(p, a, b))
        .min_by(|x, y| dist(*x, p).total_cmp(&dist(*y, p)))
        .unwrap_or(p)
}

impl Obstacles {
    /// Index `items` on tiles covering `bounds` (the grid's extent) of about
    /// [`TILE_CELLS`] × `cell` metres.
    pub fn new(items: Vec<Obstacle>, bounds: BBox, cell: f64) -> Obstacles {
        if bounds.is_empty() || !(cell.is_finite() && cell > 0.0) {
            return Obstacles {
                items,
                ..Obstacles::default()
            };
        }
        let side = bounds.width().max(bounds.depth());
        let tile = (cell * TILE_CELLS as f64).max(side / MAX_TILES_SIDE as f64);
        let ntx = ((bounds.width() / tile).ceil() as usize).clamp(1, MAX_TILES_SIDE);
        let ntz = ((bounds.depth() / tile).ceil() as usize).clamp(1, MAX_TILES_SIDE);
        let mut o = Obstacles {
            items,
            origin: bounds.min,
            tile,
            ntx,
            ntz,
            tiles: vec![Vec::new(); ntx * ntz],
        };
        for (k, it) in o.items.iter().enumerate() {
            if let Some((x0, z0, x1, z1)) = o.tile_range(&it.bbox) {
                for tz in z0..=z1 {
                    for tx in x0..=x1 {
                        o.tiles[tz * ntx + tx].push(k as u32);
                    }
                }
            }
        }
        o
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Obstacle> {
        self.items.get(i)
    }

    /// Tiles `(x0, z0, x1, z1)` (inclusive) overlapping a box, clamped to the index.
    fn tile_range(&self, b: &BBox) -> Option<(usize, usize, usize, usize)> {
        if b.is_empty() || self.tiles.is_empty() {
            return None;
        }
        let t = |v: f64, o: f64, n: usize| {
            let f = ((v - o) / self.tile).floor();
            if f.is_nan() {
                0
            } else {
                f.clamp(0.0, (n - 1) as f64) as usize
            }
        };
        Some((
            t(b.min.0, self.origin.0, self.ntx),
            t(b.min.1, self.origin.1, self.ntz),
            t(b.max.0, self.origin.0, self.ntx),
            t(b.max.1, self.origin.1, self.ntz),
        ))
    }

    /// Calls `f` once with each obstacle whose box overlaps `b` (ascending indices).
    fn for_each_near(&self, b: &BBox, mut f: impl FnMut(usize, &Obstacle)) {
        let Some((x0, z0, x1, z1)) = self.tile_range(b) else {
            return;
        };
        // One tile (the usual case): its list as it is, already ascending.
        if x0 == x1 && z0 == z1 {
            for &k in &self.tiles[z0 * self.ntx + x0] {
                let it = &self.items[k as usize];
                if it.bbox.distance(b) == 0.0 {
                    f(k as usize, it);
                }
            }
            return;
        }
        let mut seen: Vec<u32> = Vec::new();
        for tz in z0..=z1 {
            for tx in x0..=x1 {
                seen.extend_from_slice(&self.tiles[tz * self.ntx + tx]);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for k in seen {
            let it = &self.items[k as usize];
            if it.bbox.distance(b) == 0.0 {
                f(k as usize, it);
            }
        }
    }

    /// The obstacle nearest to `p` among those within `r` (ties: the lower index).
    pub fn nearest(&self, p: P2, r: f64) -> Option<Nearest> {
        let b = BBox::of(&[p]).expand(r.max(0.0));
        let mut best: Option<Nearest> = None;
        self.for_each_near(&b, |k, it| {
            if best.is_some_and(|n| it.bbox.distance(&BBox::of(&[p])) >= n.distance) {
                return;
            }
            let q = closest_point(&it.shape, p);
            let d = dist(p, q);
            if d <= r && best.is_none_or(|n| d < n.distance) {
                best = Some(Nearest {
                    obstacle: k,
                    distance: d,
                    point: q,
                });
            }
        });
        best
    }

    /// The obstacle across from `p` as seen from its nearest obstacle point `a` (on
    /// obstacle `own`): the nearest other obstacle within `r` whose nearest point lies
    /// within [`ACROSS_COS`] of the direction from `a` through `p`.
    pub fn across(&self, p: P2, a: P2, own: usize, r: f64) -> Option<Nearest> {
        let u = normalize(sub(p, a))?;
        let b = BBox::of(&[p]).expand(r.max(0.0));
        let mut best: Option<Nearest> = None;
        self.for_each_near(&b, |k, it| {
            if k == own {
                return;
            }
            let q = closest_point(&it.shape, p);
            let v = sub(q, p);
            let d = dist(p, q);
            if d > r || dot(v, u) < ACROSS_COS * d {
                return;
            }
            if best.is_none_or(|n| d < n.distance) {
                best = Some(Nearest {
                    obstacle: k,
                    distance: d,
                    point: q,
                });
            }
        });
        best
    }

    /// The least distance from segment `p`–`q` to an obstacle within `r` of it, with the
    /// point of the segment where it occurs and the obstacle's nearest point; `None` when
    /// nothing is within `r`.
    pub fn segment_clearance(&self, p: P2, q: P2, r: f64) -> Option<(f64, P2, Nearest)> {
        let b = BBox::of(&[p, q]).expand(r.max(0.0));
        let seg = [p, q];
        let mut best: Option<(f64, P2, Nearest)> = None;
        self.for_each_near(&b, |k, it| {
            if best.is_some_and(|(d, ..)| it.bbox.distance(&BBox::of(&seg)) >= d) {
                return;
            }
            let (d, on_seg, on_obstacle) = polygon_distance(&seg, &it.shape);
            if d <= r && best.is_none_or(|(bd, ..)| d < bd) {
                best = Some((
                    d,
                    on_seg,
                    Nearest {
                        obstacle: k,
                        distance: d,
                        point: on_obstacle,
                    },
                ));
            }
        });
        best
    }
}

/// An obstacle counts as "across" a point from another when its nearest point lies
/// within 45° of the direction away from the other (cos 45°): the far side of a
/// passage, not a wall meeting the near one at a corner.
pub const ACROSS_COS: f64 = std::f64::consts::FRAC_1_SQRT_2;

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, z0: f64, x1: f64, z1: f64) -> Obstacle {
        let shape = vec![(x0, z0), (x1, z0), (x1, z1), (x0, z1)];
        Obstacle {
            bbox: BBox::of(&shape),
            shape,
        }
    }

    fn index() -> Obstacles {
        // A table (x 1..2, z 1..2) and a wall face at z = 2.852 (a 0.852 m gap).
        let items = vec![rect(1.0, 1.0, 2.0, 2.0), rect(0.0, 2.852, 4.0, 3.0)];
        let b = BBox {
            min: (0.0, 0.0),
            max: (4.0, 3.0),
        };
        Obstacles::new(items, b, 0.05)
    }

    #[test]
    fn nearest_and_across_are_exact() {
        let o = index();
        let p = (1.5, 2.3);
        let n = o.nearest(p, 2.0).expect("near");
        assert_eq!(n.obstacle, 0);
        assert!((n.distance - 0.3).abs() < 1e-12);
        let x = o.across(p, n.point, n.obstacle, 2.0).expect("across");
        assert_eq!(x.obstacle, 1);
        assert!((dist(n.point, x.point) - 0.852).abs() < 1e-12);
        // Nothing within a small radius.
        assert!(o.nearest(p, 0.1).is_none());
    }

    #[test]
    fn segment_clearance_finds_the_pinch() {
        let o = index();
        // A segment passing the table corner (2, 2) diagonally, on the line x + z = 4.2.
        let (d, on_seg, n) = o
            .segment_clearance((2.6, 1.6), (1.6, 2.6), 2.0)
            .expect("near");
        assert_eq!(n.obstacle, 0);
        assert!((d - 0.2 / 2f64.sqrt()).abs() < 1e-9, "{d}");
        assert!(dist(on_seg, (2.1, 2.1)) < 1e-9, "{on_seg:?}");
        assert!(dist(n.point, (2.0, 2.0)) < 1e-9);
    }

    #[test]
    fn closest_point_inside_is_the_point() {
        let r = rect(0.0, 0.0, 1.0, 1.0);
        assert_eq!(closest_point(&r.shape, (0.5, 0.5)), (0.5, 0.5));
        assert_eq!(closest_point(&r.shape, (2.0, 0.5)), (1.0, 0.5));
        assert_eq!(
            closest_point(&[(0.0, 0.0), (1.0, 0.0)], (0.5, 1.0)),
            (0.5, 0.0)
        );
    }
}
