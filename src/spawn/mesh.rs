//! Plan polygons to triangle meshes: a small ear-clipping triangulator (zones and floors
//! are simple polygons with a handful of corners, so O(n²) is plenty).

/// Signed area (shoelace), the core's: one definition in the workspace.
pub use venue_core::geometry::signed_area;

/// Triangulates a simple polygon; returns index triples into `points`, each wound the
/// same way as the input. Degenerate input yields fewer (or no) triangles, never a panic.
pub fn triangulate(points: &[(f64, f64)]) -> Vec<[u32; 3]> {
    let n = points.len();
    if n < 3 {
        return Vec::new();
    }
    let ccw = signed_area(points) > 0.0;
    let mut remaining: Vec<usize> = (0..n).collect();
    let mut out = Vec::with_capacity(n - 2);
    let cross = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    };
    let mut guard = 0;
    while remaining.len() > 3 && guard < n * n {
        guard += 1;
        let m = remaining.len();
        let mut clipped = false;
        for i in 0..m {
            let (ia, ib, ic) = (
                remaining[(i + m - 1) % m],
                remaining[i],
                remaining[(i + 1) % m],
            );
            let (a, b, c) = (points[ia], points[ib], points[ic]);
            let turn = cross(a, b, c);
            let convex = if ccw { turn > 1e-12 } else { turn < -1e-12 };
            if !convex {
                continue;
            }
            let inside = remaining.iter().any(|&j| {
                if j == ia || j == ib || j == ic {
                    return false;
                }
                let p = points[j];
                let (d1, d2, d3) = (cross(a, b, p), cross(b, c, p), cross(c, a, p));
                if ccw {
                    d1 >= 0.0 && d2 >= 0.0 && d3 >= 0.0
                } else {
                    d1 <= 0.0 && d2 <= 0.0 && d3 <= 0.0
                }
            });
            if inside {
                continue;
            }
            out.push([ia as u32, ib as u32, ic as u32]);
            remaining.remove(i);
            clipped = true;
            break;
        }
        if !clipped {
            break;
        }
    }
    if remaining.len() == 3 {
        out.push([
            remaining[0] as u32,
            remaining[1] as u32,
            remaining[2] as u32,
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area_of(points: &[(f64, f64)], tris: &[[u32; 3]]) -> f64 {
        tris.iter()
            .map(|t| {
                signed_area(&[
                    points[t[0] as usize],
                    points[t[1] as usize],
                    points[t[2] as usize],
                ])
                .abs()
            })
            .sum()
    }

    #[test]
    fn l_shape_is_covered_exactly() {
        let l = [
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 1.0),
            (1.0, 1.0),
            (1.0, 3.0),
            (0.0, 3.0),
        ];
        let tris = triangulate(&l);
        assert_eq!(tris.len(), 4);
        assert!((area_of(&l, &tris) - signed_area(&l).abs()).abs() < 1e-9);
        let reversed: Vec<_> = l.iter().rev().copied().collect();
        let tris = triangulate(&reversed);
        assert!((area_of(&reversed, &tris) - 6.0).abs() < 1e-9);
    }

    #[test]
    fn degenerate_input_does_not_panic() {
        assert!(triangulate(&[(0.0, 0.0), (1.0, 0.0)]).is_empty());
        let _ = triangulate(&[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)]);
        let _ = triangulate(&[(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0)]);
    }
}
