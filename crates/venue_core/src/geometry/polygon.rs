//! Polygon shape tests shared by validation and evaluation: distinct points, collinearity,
//! perimeter, self-intersection, and the areas of boolean operations on simple (possibly
//! concave) polygons.
//!
//! Invariants: every function is total on finite input (no panic on empty, repeated or
//! collinear points) and uses the one plan tolerance [`EPS`] of [`super`]: points closer
//! than `EPS` are the same point, and three points are collinear when the triangle they
//! span is thinner than `EPS` (relative to the lengths involved), the tolerance
//! [`super::segments_intersect`] uses too. The boolean operations (via `geo`) are only
//! called on simple polygons with finite coordinates; callers check that first.

use super::{BBox, EPS, dist, edges, segments_intersect, sub};
use crate::model::P2;
use geo::{Area, BooleanOps};

/// The polygon without repeated consecutive points (nor a closing copy of the first),
/// with the original index of each point kept.
pub fn distinct_points(points: &[P2]) -> (Vec<P2>, Vec<usize>) {
    let mut out: Vec<P2> = Vec::new();
    let mut index = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if out.last().is_none_or(|q| dist(*p, *q) > EPS) {
            out.push(*p);
            index.push(i);
        }
    }
    while out.len() > 1
        && out
            .first()
            .zip(out.last())
            .is_some_and(|(a, b)| dist(*a, *b) <= EPS)
    {
        out.pop();
        index.pop();
    }
    (out, index)
}

/// Whether every point lies on one line: no triangle of the first point, the point
/// farthest from it and another point has an area of `min_area` or more.
pub fn all_collinear(points: &[P2], min_area: f64) -> bool {
    let Some(&first) = points.first() else {
        return true;
    };
    let far = points
        .iter()
        .copied()
        .max_by(|a, b| dist(first, *a).total_cmp(&dist(first, *b)))
        .unwrap_or(first);
    points
        .iter()
        .all(|p| super::cross(sub(far, first), sub(*p, first)).abs() / 2.0 < min_area)
}

/// Whether `c` lies on the line through `a` and `b`, with the tolerance of
/// [`segments_intersect`].
pub fn collinear(a: P2, b: P2, c: P2) -> bool {
    let tol = EPS * (1.0 + dist(a, b) + dist(a, c));
    super::cross(sub(b, a), sub(c, a)).abs() <= tol
}

/// Length of the closed outline.
pub fn perimeter(points: &[P2]) -> f64 {
    edges(points).map(|(a, b)| dist(a, b)).sum()
}

/// The first pair of edges `(i, j)` (edge `k` runs from point `k` to `k + 1`) that
/// cross, touch, or fold back on each other; `None` for a simple polygon. `points` are
/// distinct consecutive points ([`distinct_points`]). Quadratic in the number of points,
/// which callers bound.
pub fn first_self_intersection(points: &[P2]) -> Option<(usize, usize)> {
    let n = points.len();
    if n < 3 {
        return None;
    }
    let edge = |k: usize| (points[k], points[(k + 1) % n]);
    for i in 0..n {
        let (a, b) = edge(i);
        let bbox_i = BBox::of(&[a, b]);
        for j in (i + 1)..n {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            if adjacent {
                // Edges sharing a vertex meet there; they overlap only if they fold back.
                let (shared, p, q) = if j == i + 1 {
                    (points[j], points[i], points[(j + 1) % n])
                } else {
                    (points[0], points[1], points[n - 1])
                };
                let along = super::dot(sub(p, shared), sub(q, shared));
                if n > 3 && collinear(shared, p, q) && along > 0.0 {
                    return Some((i, j));
                }
                if n == 3 && collinear(shared, p, q) {
                    // A triangle on one line has no area: reported as degenerate instead.
                    return None;
                }
                continue;
            }
            let (c, d) = edge(j);
            if !bbox_i.overlaps(&BBox::of(&[c, d]).expand(EPS)) {
                continue;
            }
            if segments_intersect(a, b, c, d) {
                return Some((i, j));
            }
        }
    }
    None
}

impl BBox {
    /// Whether the two boxes share at least one point (touching counts).
    pub fn overlaps(&self, o: &BBox) -> bool {
        self.min.0 <= o.max.0
            && o.min.0 <= self.max.0
            && self.min.1 <= o.max.1
            && o.min.1 <= self.max.1
    }
}

/// Length of the part of segment `a`–`b` inside the rectangle around the segment
/// `from`–`to` reaching `half_width` to either side of it (a wall's body: centred on its
/// line, ending at its end points). The boundary counts as inside. 0 for a degenerate
/// rectangle.
pub fn segment_length_in_strip(a: P2, b: P2, from: P2, to: P2, half_width: f64) -> f64 {
    let Some(along) = super::normalize(sub(to, from)) else {
        return 0.0;
    };
    let across = (-along.1, along.0);
    let length = dist(from, to);
    // Local coordinates: u along the strip (0..length), v across it (±half_width).
    let local = |p: P2| {
        (
            super::dot(sub(p, from), along),
            super::dot(sub(p, from), across),
        )
    };
    let (pa, pb) = (local(a), local(b));
    let (du, dv) = (pb.0 - pa.0, pb.1 - pa.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    // Liang–Barsky: clip t to each of the four half-planes.
    for (p, q) in [
        (-du, pa.0),
        (du, length - pa.0),
        (-dv, pa.1 + half_width),
        (dv, half_width - pa.1),
    ] {
        if p.abs() <= EPS {
            if q < -EPS {
                return 0.0;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t1 > t0 { (t1 - t0) * dist(a, b) } else { 0.0 }
}

fn to_geo(points: &[P2]) -> geo::Polygon<f64> {
    geo::Polygon::new(
        geo::LineString::from(
            points
                .iter()
                .map(|&(x, z)| geo::Coord { x, y: z })
                .collect::<Vec<_>>(),
        ),
        Vec::new(),
    )
}

/// Area of `piece` outside `outer`. Both are simple polygons with finite coordinates
/// (either may be concave).
pub fn area_outside(piece: &[P2], outer: &[P2]) -> f64 {
    to_geo(piece).difference(&to_geo(outer)).unsigned_area()
}

/// Area shared by two simple polygons (either may be concave). For a convex one,
/// [`super::overlap_area`] is cheaper.
pub fn intersection_area(a: &[P2], b: &[P2]) -> f64 {
    to_geo(a).intersection(&to_geo(b)).unsigned_area()
}

#[cfg(test)]
mod tests {
    use super::super::{overlap_area, point_polygon_distance, signed_area};
    use super::*;

    #[test]
    fn self_intersections() {
        let square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        assert_eq!(first_self_intersection(&square), None);
        assert!((signed_area(&square) - 1.0).abs() < 1e-12);
        let bowtie = [(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0)];
        assert_eq!(first_self_intersection(&bowtie), Some((0, 2)));
        // A spike that folds back along itself.
        let spike = [(0.0, 0.0), (2.0, 0.0), (1.0, 0.0), (1.0, 1.0)];
        assert!(first_self_intersection(&spike).is_some());
        // Touching itself at a vertex.
        let touch = [
            (0.0, 0.0),
            (2.0, 0.0),
            (1.0, 1.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (1.0, 1.0),
        ];
        assert!(first_self_intersection(&touch).is_some());
        // Concave but simple.
        let ell = [
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 2.0),
            (0.0, 2.0),
        ];
        assert_eq!(first_self_intersection(&ell), None);
        let closed = [(0.0, 0.0), (1.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)];
        let (points, index) = distinct_points(&closed);
        assert_eq!(points.len(), 3);
        assert_eq!(index, vec![0, 1, 3]);
    }

    #[test]
    fn collinearity_and_perimeter() {
        assert!(all_collinear(&[(0.0, 0.0), (1.0, 0.0), (3.0, 0.0)], 1e-4));
        assert!(!all_collinear(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)], 1e-4));
        assert!(all_collinear(&[], 1e-4));
        assert!((perimeter(&[(0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (0.0, 1.0)]) - 6.0).abs() < 1e-12);
    }

    #[test]
    fn segment_in_a_wall_body() {
        // A wall along z at x = 0, 0.2 thick: solid for x in -0.1..0.1, z in 0..4.
        let (from, to) = ((0.0, 0.0), (0.0, 4.0));
        let inside = segment_length_in_strip((0.0, 0.0), (0.4, 0.0), from, to, 0.1);
        assert!((inside - 0.1).abs() < 1e-12, "{inside}");
        assert_eq!(
            segment_length_in_strip((0.2, 1.0), (0.6, 1.0), from, to, 0.1),
            0.0
        );
        // Past the wall's end.
        assert_eq!(
            segment_length_in_strip((-1.0, 5.0), (1.0, 5.0), from, to, 0.1),
            0.0
        );
        // Along the wall inside it.
        let along = segment_length_in_strip((0.0, 1.0), (0.0, 2.0), from, to, 0.1);
        assert!((along - 1.0).abs() < 1e-12);
        assert_eq!(
            segment_length_in_strip((0.0, 1.0), (0.0, 2.0), from, from, 0.1),
            0.0
        );
    }

    #[test]
    fn areas_and_distances() {
        let floor = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];
        let half_out = [(3.0, 1.0), (5.0, 1.0), (5.0, 2.0), (3.0, 2.0)];
        assert!((area_outside(&half_out, &floor) - 1.0).abs() < 1e-9);
        assert!((intersection_area(&half_out, &floor) - 1.0).abs() < 1e-9);
        assert!((overlap_area(&floor, &half_out) - 1.0).abs() < 1e-9);
        assert!(area_outside(&floor, &floor) < 1e-9);
        assert_eq!(point_polygon_distance((1.0, 1.0), &floor), 0.0);
        assert!((point_polygon_distance((5.0, 1.0), &floor) - 1.0).abs() < 1e-12);
        // Sharing an edge is no overlap.
        let next = [(4.0, 0.0), (6.0, 0.0), (6.0, 4.0), (4.0, 4.0)];
        assert!(intersection_area(&next, &floor) < 1e-9);
    }
}
