//! Plan geometry: small, allocation-light functions on points, segments and simple
//! polygons in the x/z plane ([`P2`]), polygon shape tests and boolean areas
//! ([`polygon`]), the bounded search for overlapping boxes ([`overlaps`]), plus the
//! occupancy grid ([`grid`]) and the grid route searches ([`route`]) that the
//! walking-space rules use. This is the one geometry module of the workspace's core:
//! validation and evaluation share these functions and the tolerance [`EPS`].
//!
//! Polygons are slices of points, not closed (the last point joins the first), in either
//! winding. Every function is total: degenerate input (no points, repeated points, zero
//! length) gives a sensible value (an infinite distance, a zero area, `false`) rather than
//! a panic. Callers make coordinates finite first (see [`crate::plan::Plan::new`]).

pub mod grid;
pub mod obstacles;
pub mod overlaps;
pub mod polygon;
pub(crate) mod pool;
pub mod route;

pub use grid::{Blocker, DEFAULT_CELL_M, FIXTURE_BLOCKS_BELOW_M, OccupancyGrid};
pub use obstacles::{Nearest, Obstacle, Obstacles};
pub use route::{
    DistanceField, RouteWidth, WidestRoute, cross_section, measure_route, walking_distances,
    walking_distances_from, widest_route,
};

use crate::model::P2;

/// Tolerance for "equal" lengths and coordinates in metres: far below anything a plan
/// can express (millimetres), far above f64 rounding of plan-sized numbers.
pub const EPS: f64 = 1e-9;

pub fn add(a: P2, b: P2) -> P2 {
    (a.0 + b.0, a.1 + b.1)
}

pub fn sub(a: P2, b: P2) -> P2 {
    (a.0 - b.0, a.1 - b.1)
}

pub fn scale(a: P2, k: f64) -> P2 {
    (a.0 * k, a.1 * k)
}

pub fn dot(a: P2, b: P2) -> f64 {
    a.0 * b.0 + a.1 * b.1
}

/// The z-component of the 3D cross product of `(a.0, 0, a.1)`-style plan vectors taken
/// as 2D `(x, z)`: positive when `b` is counter-clockwise from `a` in the (x, z) axes.
pub fn cross(a: P2, b: P2) -> f64 {
    a.0 * b.1 - a.1 * b.0
}

/// Euclidean length. `sqrt(x² + z²)` rather than `hypot`: plan numbers are far from
/// overflow and `hypot` is several times slower, which shows in per-cell loops.
pub fn length(a: P2) -> f64 {
    (a.0 * a.0 + a.1 * a.1).sqrt()
}

pub fn dist(a: P2, b: P2) -> f64 {
    length(sub(a, b))
}

pub fn lerp(a: P2, b: P2, t: f64) -> P2 {
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

pub fn midpoint(a: P2, b: P2) -> P2 {
    lerp(a, b, 0.5)
}

/// `a` scaled to length 1, or `None` for a (near) zero vector.
pub fn normalize(a: P2) -> Option<P2> {
    let l = length(a);
    (l > EPS && l.is_finite()).then(|| scale(a, 1.0 / l))
}

/// The edges of a polygon as `(start, end)` pairs, closing back to the first point.
/// One point gives one zero-length edge; no points give none.
pub fn edges(poly: &[P2]) -> impl Iterator<Item = (P2, P2)> + '_ {
    let n = poly.len();
    (0..n).map(move |i| (poly[i], poly[(i + 1) % n]))
}

/// Shoelace area with sign: positive when the points run counter-clockwise in the
/// `(x, z)` axes (which is clockwise seen from above, since +z points towards the viewer
/// of a top view with x to the right).
pub fn signed_area(poly: &[P2]) -> f64 {
    if poly.len() < 3 {
        return 0.0;
    }
    0.5 * edges(poly).map(|(a, b)| cross(a, b)).sum::<f64>()
}

/// Area of a simple polygon in m² (shoelace, absolute value).
pub fn polygon_area(poly: &[P2]) -> f64 {
    signed_area(poly).abs()
}

/// Area centroid; the mean of the points when the area is (near) zero.
pub fn centroid(poly: &[P2]) -> P2 {
    if poly.is_empty() {
        return (0.0, 0.0);
    }
    let a = signed_area(poly);
    if a.abs() > EPS {
        let (mut cx, mut cz) = (0.0, 0.0);
        for (p, q) in edges(poly) {
            let c = cross(p, q);
            cx += (p.0 + q.0) * c;
            cz += (p.1 + q.1) * c;
        }
        return (cx / (6.0 * a), cz / (6.0 * a));
    }
    let n = poly.len() as f64;
    let s = poly.iter().fold((0.0, 0.0), |acc, p| add(acc, *p));
    scale(s, 1.0 / n)
}

/// A point inside the polygon, for labels: the centroid when it lies inside, otherwise
/// the middle of the widest inside span of the horizontal line through the centroid.
pub fn interior_point(poly: &[P2]) -> P2 {
    let c = centroid(poly);
    if poly.len() < 3 || point_in_polygon(c, poly) {
        return c;
    }
    let mut xs: Vec<f64> = edges(poly)
        .filter(|(a, b)| (a.1 <= c.1) != (b.1 <= c.1))
        .map(|(a, b)| a.0 + (c.1 - a.1) / (b.1 - a.1) * (b.0 - a.0))
        .collect();
    crate::compact_sort::sort_floats(&mut xs);
    xs.chunks_exact(2)
        .max_by(|u, v| (u[1] - u[0]).total_cmp(&(v[1] - v[0])))
        .map(|s| ((s[0] + s[1]) / 2.0, c.1))
        .unwrap_or(c)
}

/// Whether `p` lies inside the polygon (crossing-number test). Points exactly on the
/// boundary may go either way; callers that care test [`point_polygon_distance`].
pub fn point_in_polygon(p: P2, poly: &[P2]) -> bool {
    if poly.len() < 3 {
        return false;
    }
    let mut inside = false;
    for (a, b) in edges(poly) {
        if (a.1 > p.1) != (b.1 > p.1) {
            let x = a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if p.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// The point of segment `a`–`b` nearest to `p`.
pub fn closest_point_on_segment(p: P2, a: P2, b: P2) -> P2 {
    let d = sub(b, a);
    let l2 = dot(d, d);
    if l2 <= EPS * EPS {
        return a;
    }
    let t = (dot(sub(p, a), d) / l2).clamp(0.0, 1.0);
    lerp(a, b, t)
}

pub fn point_segment_distance(p: P2, a: P2, b: P2) -> f64 {
    dist(p, closest_point_on_segment(p, a, b))
}

/// Distance from `p` to the polygon's boundary (no inside test).
pub fn point_boundary_distance(p: P2, poly: &[P2]) -> f64 {
    edges(poly)
        .map(|(a, b)| point_segment_distance(p, a, b))
        .fold(f64::INFINITY, f64::min)
}

/// Distance from `p` to the polygon as an area: 0 inside, else to the boundary.
/// Infinite for an empty polygon.
pub fn point_polygon_distance(p: P2, poly: &[P2]) -> f64 {
    if point_in_polygon(p, poly) {
        0.0
    } else {
        point_boundary_distance(p, poly)
    }
}

fn orient(a: P2, b: P2, c: P2) -> f64 {
    cross(sub(b, a), sub(c, a))
}

fn on_segment(p: P2, a: P2, b: P2) -> bool {
    p.0 >= a.0.min(b.0) - EPS
        && p.0 <= a.0.max(b.0) + EPS
        && p.1 >= a.1.min(b.1) - EPS
        && p.1 <= a.1.max(b.1) + EPS
}

/// Whether segments `a`–`b` and `c`–`d` share at least one point (touching counts).
pub fn segments_intersect(a: P2, b: P2, c: P2, d: P2) -> bool {
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    let tol = EPS * (1.0 + dist(a, b) + dist(c, d));
    if ((o1 > tol && o2 < -tol) || (o1 < -tol && o2 > tol))
        && ((o3 > tol && o4 < -tol) || (o3 < -tol && o4 > tol))
    {
        return true;
    }
    (o1.abs() <= tol && on_segment(c, a, b))
        || (o2.abs() <= tol && on_segment(d, a, b))
        || (o3.abs() <= tol && on_segment(a, c, d))
        || (o4.abs() <= tol && on_segment(b, c, d))
}

/// Whether the segments cross at a single point interior to both (touching, sharing an
/// end point or running collinear does not count).
pub fn segments_cross_properly(a: P2, b: P2, c: P2, d: P2) -> bool {
    let tol = 1e-7 * (1.0 + dist(a, b) + dist(c, d));
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    ((o1 > tol && o2 < -tol) || (o1 < -tol && o2 > tol))
        && ((o3 > tol && o4 < -tol) || (o3 < -tol && o4 > tol))
}

/// The intersection point of two segments' supporting lines clamped to the first
/// segment, for segments known to intersect.
fn intersection_point(a: P2, b: P2, c: P2, d: P2) -> P2 {
    let r = sub(b, a);
    let s = sub(d, c);
    let den = cross(r, s);
    if den.abs() <= EPS {
        // Collinear overlap: any shared point will do; pick the one nearest to `a`.
        return [a, b, c, d]
            .into_iter()
            .filter(|p| on_segment(*p, a, b) && on_segment(*p, c, d))
            .min_by(|p, q| dist(*p, a).total_cmp(&dist(*q, a)))
            .unwrap_or(a);
    }
    let t = (cross(sub(c, a), s) / den).clamp(0.0, 1.0);
    lerp(a, b, t)
}

/// Shortest distance between segments `a`–`b` and `c`–`d`, with the nearest points on
/// each (`(distance, on_ab, on_cd)`).
pub fn segment_segment_closest(a: P2, b: P2, c: P2, d: P2) -> (f64, P2, P2) {
    if segments_intersect(a, b, c, d) {
        let p = intersection_point(a, b, c, d);
        return (0.0, p, p);
    }
    let cands = [
        (a, closest_point_on_segment(a, c, d)),
        (b, closest_point_on_segment(b, c, d)),
        (closest_point_on_segment(c, a, b), c),
        (closest_point_on_segment(d, a, b), d),
    ];
    cands
        .into_iter()
        .map(|(p, q)| (dist(p, q), p, q))
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .unwrap_or((f64::INFINITY, a, c))
}

/// Shortest distance between two polygons taken as areas, with the nearest points
/// (`(distance, on_a, on_b)`): 0 when they overlap or touch. A polygon of one or two
/// points acts as a point or a segment. Infinite when either is empty.
pub fn polygon_distance(a: &[P2], b: &[P2]) -> (f64, P2, P2) {
    if a.is_empty() || b.is_empty() {
        return (f64::INFINITY, (0.0, 0.0), (0.0, 0.0));
    }
    if let Some(p) = a.iter().find(|p| point_in_polygon(**p, b)) {
        return (0.0, *p, *p);
    }
    if let Some(p) = b.iter().find(|p| point_in_polygon(**p, a)) {
        return (0.0, *p, *p);
    }
    let mut best = (f64::INFINITY, a[0], b[0]);
    for (p, q) in edges(a) {
        for (r, s) in edges(b) {
            let c = segment_segment_closest(p, q, r, s);
            if c.0 < best.0 {
                best = c;
                if best.0 == 0.0 {
                    return best;
                }
            }
        }
    }
    best
}

/// Whether two polygons (as areas) share at least one point.
pub fn polygons_intersect(a: &[P2], b: &[P2]) -> bool {
    polygon_distance(a, b).0 <= EPS
}

/// Whether `inner` lies inside `outer` (boundaries may touch). Exact for simple
/// polygons: every vertex of `inner` is inside or on `outer`, no edges cross properly
/// and no vertex of `outer` lies strictly inside `inner`.
pub fn polygon_contains_polygon(outer: &[P2], inner: &[P2]) -> bool {
    const ON_EDGE_M: f64 = 1e-7;
    if outer.len() < 3 || inner.is_empty() {
        return false;
    }
    let inside_or_on =
        |p: P2| point_in_polygon(p, outer) || point_boundary_distance(p, outer) <= ON_EDGE_M;
    if !inner.iter().all(|p| inside_or_on(*p)) {
        return false;
    }
    for (p, q) in edges(inner) {
        // The midpoint of each inner edge must be inside too (catches an edge leaving a
        // concave outer polygon between two inside vertices through an outer vertex).
        if !inside_or_on(midpoint(p, q)) {
            return false;
        }
        for (r, s) in edges(outer) {
            if segments_cross_properly(p, q, r, s) {
                return false;
            }
        }
    }
    !outer
        .iter()
        .any(|v| point_in_polygon(*v, inner) && point_boundary_distance(*v, inner) > ON_EDGE_M)
}

/// Sutherland–Hodgman: the part of `subject` inside the convex polygon `clip` (either
/// winding). The subject may be concave; the result then can contain zero-width
/// bridges, which do not change its area.
pub fn clip_to_convex(subject: &[P2], clip: &[P2]) -> Vec<P2> {
    if clip.len() < 3 || subject.len() < 3 {
        return Vec::new();
    }
    let sign = if signed_area(clip) >= 0.0 { 1.0 } else { -1.0 };
    let mut out: Vec<P2> = subject.to_vec();
    for (a, b) in edges(clip) {
        if out.is_empty() {
            break;
        }
        let inside = |p: P2| sign * orient(a, b, p) >= -EPS;
        let input = std::mem::take(&mut out);
        for (i, &cur) in input.iter().enumerate() {
            let prev = input[(i + input.len() - 1) % input.len()];
            let (ci, pi) = (inside(cur), inside(prev));
            if ci != pi {
                let d = sub(cur, prev);
                let den = cross(sub(b, a), d);
                if den.abs() > EPS * EPS {
                    let t = cross(sub(b, a), sub(a, prev)) / den;
                    out.push(lerp(prev, cur, t.clamp(0.0, 1.0)));
                }
            }
            if ci {
                out.push(cur);
            }
        }
    }
    out
}

/// Area of the overlap of `subject` and the convex polygon `clip`.
pub fn overlap_area(subject: &[P2], clip: &[P2]) -> f64 {
    polygon_area(&clip_to_convex(subject, clip))
}

/// An axis-aligned bounding box on the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub min: P2,
    pub max: P2,
}

impl BBox {
    /// The box of the points; an empty box (min > max) for no points.
    pub fn of(points: &[P2]) -> BBox {
        let mut b = BBox {
            min: (f64::INFINITY, f64::INFINITY),
            max: (f64::NEG_INFINITY, f64::NEG_INFINITY),
        };
        for p in points {
            b.min = (b.min.0.min(p.0), b.min.1.min(p.1));
            b.max = (b.max.0.max(p.0), b.max.1.max(p.1));
        }
        b
    }

    pub fn is_empty(&self) -> bool {
        !(self.min.0 <= self.max.0 && self.min.1 <= self.max.1)
    }

    pub fn width(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.max.0 - self.min.0
        }
    }

    pub fn depth(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.max.1 - self.min.1
        }
    }

    pub fn center(&self) -> P2 {
        midpoint(self.min, self.max)
    }

    /// The box grown by `m` on every side.
    pub fn expand(&self, m: f64) -> BBox {
        BBox {
            min: (self.min.0 - m, self.min.1 - m),
            max: (self.max.0 + m, self.max.1 + m),
        }
    }

    /// Gap between two boxes (0 when they overlap); a lower bound of the distance of
    /// anything inside them. Infinite when either is empty.
    pub fn distance(&self, o: &BBox) -> f64 {
        if self.is_empty() || o.is_empty() {
            return f64::INFINITY;
        }
        let dx = (o.min.0 - self.max.0).max(self.min.0 - o.max.0).max(0.0);
        let dz = (o.min.1 - self.max.1).max(self.min.1 - o.max.1).max(0.0);
        length((dx, dz))
    }

    pub fn contains(&self, p: P2) -> bool {
        p.0 >= self.min.0 && p.0 <= self.max.0 && p.1 >= self.min.1 && p.1 <= self.max.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQ: [P2; 4] = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)];

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn area_is_absolute_and_degenerate_is_zero() {
        assert!(close(polygon_area(&SQ), 4.0));
        let mut rev = SQ.to_vec();
        rev.reverse();
        assert!(close(polygon_area(&rev), 4.0));
        assert_eq!(polygon_area(&[(0.0, 0.0), (1.0, 1.0)]), 0.0);
        assert_eq!(polygon_area(&[]), 0.0);
    }

    #[test]
    fn centroid_and_interior_point() {
        assert_eq!(centroid(&SQ), (1.0, 1.0));
        // An L whose centroid lies outside it.
        let l = [
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 0.5),
            (0.5, 0.5),
            (0.5, 4.0),
            (0.0, 4.0),
        ];
        let p = interior_point(&l);
        assert!(point_in_polygon(p, &l), "{p:?}");
        assert_eq!(centroid(&[]), (0.0, 0.0));
    }

    #[test]
    fn point_in_polygon_basic() {
        assert!(point_in_polygon((1.0, 1.0), &SQ));
        assert!(!point_in_polygon((3.0, 1.0), &SQ));
        assert!(!point_in_polygon((1.0, 1.0), &SQ[..2]));
    }

    #[test]
    fn segment_distances() {
        assert!(close(
            point_segment_distance((1.0, 1.0), (0.0, 0.0), (2.0, 0.0)),
            1.0
        ));
        assert!(close(
            point_segment_distance((3.0, 0.0), (0.0, 0.0), (2.0, 0.0)),
            1.0
        ));
        assert!(close(
            point_segment_distance((1.0, 1.0), (0.0, 0.0), (0.0, 0.0)),
            2f64.sqrt()
        ));
        let (d, p, q) = segment_segment_closest((0.0, 0.0), (1.0, 0.0), (2.0, 1.0), (2.0, 2.0));
        assert!(close(d, 2f64.sqrt()));
        assert_eq!((p, q), ((1.0, 0.0), (2.0, 1.0)));
        let (d, p, _) = segment_segment_closest((0.0, 0.0), (2.0, 2.0), (0.0, 2.0), (2.0, 0.0));
        assert_eq!(d, 0.0);
        assert!(close(p.0, 1.0) && close(p.1, 1.0));
    }

    #[test]
    fn proper_crossing_excludes_touching() {
        assert!(segments_cross_properly(
            (0.0, 0.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (2.0, 0.0)
        ));
        assert!(!segments_cross_properly(
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0)
        ));
        assert!(!segments_cross_properly(
            (0.0, 0.0),
            (2.0, 0.0),
            (1.0, 0.0),
            (3.0, 0.0)
        ));
        assert!(segments_intersect(
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0)
        ));
    }

    #[test]
    fn polygon_distance_overlap_and_gap() {
        let far: Vec<P2> = SQ.iter().map(|p| (p.0 + 3.0, p.1)).collect();
        let (d, a, b) = polygon_distance(&SQ, &far);
        assert!(close(d, 1.0));
        assert!(close(a.0, 2.0) && close(b.0, 3.0));
        let inner = [(0.5, 0.5), (1.0, 0.5), (1.0, 1.0)];
        assert_eq!(polygon_distance(&SQ, &inner).0, 0.0);
        assert_eq!(polygon_distance(&[(5.0, 5.0)], &SQ).0, 3f64.hypot(3.0));
        assert!(polygon_distance(&[], &SQ).0.is_infinite());
    }

    #[test]
    fn containment() {
        let inner = [(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5)];
        assert!(polygon_contains_polygon(&SQ, &inner));
        assert!(polygon_contains_polygon(&SQ, &SQ));
        assert!(!polygon_contains_polygon(&inner, &SQ));
        // U shape: a box bridging the notch has all corners inside but is not contained.
        let u = [
            (0.0, 0.0),
            (3.0, 0.0),
            (3.0, 3.0),
            (2.0, 3.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 3.0),
            (0.0, 3.0),
        ];
        let bridge = [(0.5, 2.0), (2.5, 2.0), (2.5, 2.5), (0.5, 2.5)];
        assert!(!polygon_contains_polygon(&u, &bridge));
    }

    #[test]
    fn clipping_area() {
        let shifted: Vec<P2> = SQ.iter().map(|p| (p.0 + 1.0, p.1 + 1.0)).collect();
        assert!(close(overlap_area(&SQ, &shifted), 1.0));
        let apart: Vec<P2> = SQ.iter().map(|p| (p.0 + 5.0, p.1)).collect();
        assert_eq!(overlap_area(&SQ, &apart), 0.0);
        // Touching along an edge has no overlap area.
        let touching: Vec<P2> = SQ.iter().map(|p| (p.0 + 2.0, p.1)).collect();
        assert!(overlap_area(&SQ, &touching) < 1e-9);
    }

    #[test]
    fn bbox_distance() {
        let a = BBox::of(&SQ);
        let b = BBox::of(&[(5.0, 6.0), (6.0, 7.0)]);
        assert!(close(a.distance(&b), 5.0));
        assert!(BBox::of(&[]).is_empty());
        assert!(a.distance(&BBox::of(&[])).is_infinite());
    }
}
