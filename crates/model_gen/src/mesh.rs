//! Triangle meshes built from simple solids: boxes and other hexahedra, prisms over
//! rounded-rectangle or elliptical outlines, slabs with an elliptical hole or bowl,
//! frustums (cylinders and cones), ellipsoids, tori and tubes along polylines.
//!
//! Every vertex carries its own normal, and [`Mesh::tri`] winds each triangle
//! counter-clockwise as seen from the side its vertex normals point to, so the winding
//! always agrees with the normals whatever order a primitive lists its corners in.
//! Units are metres, y is up; geometry is computed in `f64` and only rounded to `f32`
//! when a file is written, which keeps the output identical across platforms.

use std::f64::consts::{FRAC_PI_2, TAU};

/// A point or direction in model space (x, y, z).
pub type V3 = [f64; 3];

/// A point or direction in the horizontal plane (x, z).
pub type P2 = [f64; 2];

/// Twice the area below which a triangle is treated as degenerate and dropped (m²).
/// Far below any real facet of a fixture (1 mm × 1 mm is 1e-6).
const DEGENERATE_AREA: f64 = 1e-12;

pub fn add(a: V3, b: V3) -> V3 {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

pub fn sub(a: V3, b: V3) -> V3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub fn scale(a: V3, s: f64) -> V3 {
    [a[0] * s, a[1] * s, a[2] * s]
}

pub fn dot(a: V3, b: V3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

pub fn cross(a: V3, b: V3) -> V3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

pub fn length(a: V3) -> f64 {
    dot(a, a).sqrt()
}

/// The unit vector along `a`; the zero vector stays zero.
pub fn normalize(a: V3) -> V3 {
    let len = length(a);
    if len > 0.0 { scale(a, 1.0 / len) } else { a }
}

/// An indexed triangle list with per-vertex normals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mesh {
    pub positions: Vec<V3>,
    pub normals: Vec<V3>,
    pub indices: Vec<u32>,
}

impl Mesh {
    /// Adds a vertex and returns its index. The normal is normalised here.
    pub fn vertex(&mut self, position: V3, normal: V3) -> u32 {
        let index = u32::try_from(self.positions.len()).unwrap_or(u32::MAX);
        self.positions.push(position);
        self.normals.push(normalize(normal));
        index
    }

    /// Adds the triangle (a, b, c), wound so that it faces the way its vertex normals
    /// point. Degenerate triangles (zero area) are dropped.
    pub fn tri(&mut self, a: u32, b: u32, c: u32) {
        let [pa, pb, pc] = [a, b, c].map(|i| self.positions[i as usize]);
        let face = cross(sub(pb, pa), sub(pc, pa));
        if length(face) < DEGENERATE_AREA {
            return;
        }
        let reference = [a, b, c]
            .map(|i| self.normals[i as usize])
            .into_iter()
            .fold([0.0; 3], add);
        if dot(face, reference) < 0.0 {
            self.indices.extend([a, c, b]);
        } else {
            self.indices.extend([a, b, c]);
        }
    }

    /// Adds the quad a-b-c-d (corners in order around it) as two triangles.
    pub fn quad(&mut self, a: u32, b: u32, c: u32, d: u32) {
        self.tri(a, b, c);
        self.tri(a, c, d);
    }

    /// Adds a flat quad with four new vertices sharing the normal `n`.
    pub fn face(&mut self, corners: [V3; 4], n: V3) {
        let [a, b, c, d] = corners.map(|p| self.vertex(p, n));
        self.quad(a, b, c, d);
    }

    /// Appends another mesh's vertices and triangles.
    pub fn append(&mut self, other: &Mesh) {
        let base = u32::try_from(self.positions.len()).unwrap_or(u32::MAX);
        self.positions.extend_from_slice(&other.positions);
        self.normals.extend_from_slice(&other.normals);
        self.indices.extend(other.indices.iter().map(|i| i + base));
    }

    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Applies `p' = r·p + t` to positions and `n' = r·n` to normals. `r` must be a
    /// rotation (orthonormal, determinant +1) so that windings stay consistent.
    pub fn transformed(mut self, r: [[f64; 3]; 3], t: V3) -> Self {
        let apply = |v: V3| -> V3 { [dot(r[0], v), dot(r[1], v), dot(r[2], v)] };
        for p in &mut self.positions {
            *p = add(apply(*p), t);
        }
        for n in &mut self.normals {
            *n = normalize(apply(*n));
        }
        self
    }

    pub fn translated(self, t: V3) -> Self {
        self.transformed(IDENTITY, t)
    }

    /// Rotates by `angle` radians about the x axis (right-handed: +90° takes +y to +z).
    pub fn rotated_x(self, angle: f64) -> Self {
        let (s, c) = angle.sin_cos();
        self.transformed([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]], [0.0; 3])
    }

    /// Rotates by `angle` radians about the z axis (right-handed: +90° takes +x to +y).
    pub fn rotated_z(self, angle: f64) -> Self {
        let (s, c) = angle.sin_cos();
        self.transformed([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]], [0.0; 3])
    }

    /// Turns the surface inside out: normals are negated and windings reversed.
    pub fn inverted(mut self) -> Self {
        for n in &mut self.normals {
            *n = scale(*n, -1.0);
        }
        for t in self.indices.chunks_exact_mut(3) {
            t.swap(1, 2);
        }
        self
    }

    /// Axis-aligned bounds `(min, max)`, or `None` for an empty mesh.
    #[cfg(test)]
    pub fn bounds(&self) -> Option<(V3, V3)> {
        let first = *self.positions.first()?;
        Some(self.positions.iter().fold((first, first), |(lo, hi), p| {
            (
                [lo[0].min(p[0]), lo[1].min(p[1]), lo[2].min(p[2])],
                [hi[0].max(p[0]), hi[1].max(p[1]), hi[2].max(p[2])],
            )
        }))
    }
}

const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

/// A hexahedron with planar faces: `c[0..4]` is the bottom loop, `c[4 + i]` lies above
/// `c[i]`. Each face gets a flat normal pointing away from the solid's centroid, so the
/// solid must be convex.
pub fn hexahedron(c: [V3; 8]) -> Mesh {
    const FACES: [[usize; 4]; 6] = [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [0, 1, 5, 4],
        [1, 2, 6, 5],
        [2, 3, 7, 6],
        [3, 0, 4, 7],
    ];
    let centroid = scale(c.iter().copied().fold([0.0; 3], add), 1.0 / 8.0);
    let mut mesh = Mesh::default();
    for f in FACES {
        let [a, b, d, e] = f.map(|i| c[i]);
        let mut n = normalize(cross(sub(d, a), sub(e, b)));
        let centre = scale(add(add(a, b), add(d, e)), 0.25);
        if dot(n, sub(centre, centroid)) < 0.0 {
            n = scale(n, -1.0);
        }
        mesh.face([a, b, d, e], n);
    }
    mesh
}

/// An axis-aligned box between two opposite corners.
pub fn cuboid(min: V3, max: V3) -> Mesh {
    let [x0, y0, z0] = min;
    let [x1, y1, z1] = max;
    hexahedron([
        [x0, y0, z0],
        [x1, y0, z0],
        [x1, y0, z1],
        [x0, y0, z1],
        [x0, y1, z0],
        [x1, y1, z0],
        [x1, y1, z1],
        [x0, y1, z1],
    ])
}

/// A box `len` long along +x from the origin, `width` across (y) and `thick` deep (z),
/// centred on the x axis; the building block of bars rotated into place.
pub fn bar_x(len: f64, width: f64, thick: f64) -> Mesh {
    cuboid(
        [0.0, -width / 2.0, -thick / 2.0],
        [len, width / 2.0, thick / 2.0],
    )
}

/// The inner surfaces of an open-topped box (floor and four walls, no lid), facing
/// inwards: the visible recess of a sink bowl.
pub fn open_box_inside(min: V3, max: V3) -> Mesh {
    let [x0, y0, z0] = min;
    let [x1, y1, z1] = max;
    let mut m = Mesh::default();
    m.face(
        [[x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1]],
        [0.0, 1.0, 0.0],
    );
    m.face(
        [[x0, y0, z0], [x0, y1, z0], [x0, y1, z1], [x0, y0, z1]],
        [1.0, 0.0, 0.0],
    );
    m.face(
        [[x1, y0, z0], [x1, y1, z0], [x1, y1, z1], [x1, y0, z1]],
        [-1.0, 0.0, 0.0],
    );
    m.face(
        [[x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0]],
        [0.0, 0.0, 1.0],
    );
    m.face(
        [[x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1]],
        [0.0, 0.0, -1.0],
    );
    m
}

/// A horizontal slab `min`..`max` with rectangular holes that all span `hole_z` in z
/// and the given x ranges (sorted, inside the slab): a worktop with sink cut-outs.
pub fn slab_with_holes(min: V3, max: V3, hole_z: (f64, f64), hole_xs: &[(f64, f64)]) -> Mesh {
    let [x0, y0, z0] = min;
    let [x1, y1, z1] = max;
    let mut m = Mesh::default();
    m.append(&cuboid([x0, y0, z0], [x1, y1, hole_z.0]));
    m.append(&cuboid([x0, y0, hole_z.1], [x1, y1, z1]));
    let mut left = x0;
    for &(a, b) in hole_xs {
        if a > left {
            m.append(&cuboid([left, y0, hole_z.0], [a, y1, hole_z.1]));
        }
        left = b;
    }
    if x1 > left {
        m.append(&cuboid([left, y0, hole_z.0], [x1, y1, hole_z.1]));
    }
    m
}

/// A closed outline in the horizontal plane: points with their outward unit normals.
/// A sharp corner is the same point listed twice with the two edges' normals.
pub type Outline = Vec<(P2, P2)>;

/// A rectangle centred at `(cx, cz)` with half extents `hx`, `hz` and corners rounded
/// to `radius` (0 for sharp) with `corner_segments` facets; each straight edge is split
/// into `edge_divisions` pieces so that holes cut against it stay well shaped.
pub fn rounded_rect(
    (cx, cz): (f64, f64),
    (hx, hz): (f64, f64),
    radius: f64,
    corner_segments: usize,
    edge_divisions: usize,
) -> Outline {
    let r = radius.clamp(0.0, hx.min(hz));
    let corners = [
        (hx - r, hz - r, 0.0),
        (-(hx - r), hz - r, FRAC_PI_2),
        (-(hx - r), -(hz - r), 2.0 * FRAC_PI_2),
        (hx - r, -(hz - r), 3.0 * FRAC_PI_2),
    ];
    let segs = corner_segments.max(1);
    let divs = edge_divisions.max(1);
    let mut out = Outline::new();
    for (k, &(ox, oz, start)) in corners.iter().enumerate() {
        for s in 0..=segs {
            let a = start + FRAC_PI_2 * s as f64 / segs as f64;
            let (sin, cos) = a.sin_cos();
            out.push(([cx + ox + r * cos, cz + oz + r * sin], [cos, sin]));
        }
        // Intermediate points along the straight edge to the next corner.
        let (last_p, last_n) = *out.last().unwrap_or(&([0.0; 2], [0.0; 2]));
        let (nx, nz, next_start) = corners[(k + 1) % 4];
        let (sin, cos) = next_start.sin_cos();
        let next_p = [cx + nx + r * cos, cz + nz + r * sin];
        for d in 1..divs {
            let t = d as f64 / divs as f64;
            let p = [
                last_p[0] + (next_p[0] - last_p[0]) * t,
                last_p[1] + (next_p[1] - last_p[1]) * t,
            ];
            out.push((p, last_n));
        }
    }
    out
}

/// An ellipse centred at `(cx, cz)` with semi-axes `a` (x) and `b` (z).
pub fn ellipse((cx, cz): (f64, f64), a: f64, b: f64, segments: usize) -> Outline {
    (0..segments)
        .map(|i| {
            let t = TAU * i as f64 / segments as f64;
            let (s, c) = t.sin_cos();
            let n = normalize([c / a, 0.0, s / b]);
            ([cx + a * c, cz + b * s], [n[0], n[2]])
        })
        .collect()
}

/// The vertical sides of a prism over `outline` between heights `y0` and `y1`.
fn prism_sides(m: &mut Mesh, outline: &[(P2, P2)], y0: f64, y1: f64) {
    let ring: Vec<(u32, u32)> = outline
        .iter()
        .map(|&([x, z], [nx, nz])| {
            let n = [nx, 0.0, nz];
            (m.vertex([x, y0, z], n), m.vertex([x, y1, z], n))
        })
        .collect();
    for i in 0..ring.len() {
        let (b0, t0) = ring[i];
        let (b1, t1) = ring[(i + 1) % ring.len()];
        m.quad(b0, b1, t1, t0);
    }
}

/// A flat cap over `outline` at height `y`, fanned from the outline's centroid (so the
/// outline must be star-shaped about it), facing up or down.
fn prism_cap(m: &mut Mesh, outline: &[(P2, P2)], y: f64, up: bool) {
    let n = [0.0, if up { 1.0 } else { -1.0 }, 0.0];
    let count = outline.len().max(1) as f64;
    let (sx, sz) = outline
        .iter()
        .fold((0.0, 0.0), |(sx, sz), (p, _)| (sx + p[0], sz + p[1]));
    let centre = m.vertex([sx / count, y, sz / count], n);
    let ring: Vec<u32> = outline
        .iter()
        .map(|&([x, z], _)| m.vertex([x, y, z], n))
        .collect();
    for i in 0..ring.len() {
        m.tri(centre, ring[i], ring[(i + 1) % ring.len()]);
    }
}

/// A closed prism over `outline` from `y0` up to `y1`.
pub fn prism(outline: &[(P2, P2)], y0: f64, y1: f64) -> Mesh {
    let mut m = Mesh::default();
    prism_sides(&mut m, outline, y0, y1);
    prism_cap(&mut m, outline, y0, false);
    prism_cap(&mut m, outline, y1, true);
    m
}

/// An elliptical hole or bowl: centre `(cx, cz)`, semi-axes `a` (x) and `b` (z).
#[derive(Clone, Copy, Debug)]
pub struct Hole {
    pub centre: P2,
    pub a: f64,
    pub b: f64,
}

impl Hole {
    /// The point where the ray from the hole's centre through `p` meets its rim.
    fn rim_towards(&self, p: P2) -> P2 {
        let [cx, cz] = self.centre;
        let (dx, dz) = (p[0] - cx, p[1] - cz);
        let k = ((dx / self.a).powi(2) + (dz / self.b).powi(2)).sqrt();
        if k > 0.0 {
            [cx + dx / k, cz + dz / k]
        } else {
            [cx + self.a, cz]
        }
    }
}

/// The flat ring between `outline` and the hole's rim at height `y` (one rim point per
/// outline point, along rays from the hole centre); returns the rim points.
fn ring_cap(m: &mut Mesh, outline: &[(P2, P2)], hole: &Hole, y: f64, up: bool) -> Vec<P2> {
    let n = [0.0, if up { 1.0 } else { -1.0 }, 0.0];
    let rim: Vec<P2> = outline.iter().map(|(p, _)| hole.rim_towards(*p)).collect();
    let pairs: Vec<(u32, u32)> = outline
        .iter()
        .zip(&rim)
        .map(|(&([x, z], _), &[rx, rz])| (m.vertex([x, y, z], n), m.vertex([rx, y, rz], n)))
        .collect();
    for i in 0..pairs.len() {
        let (o0, i0) = pairs[i];
        let (o1, i1) = pairs[(i + 1) % pairs.len()];
        m.quad(o0, o1, i1, i0);
    }
    rim
}

/// A slab over `outline` from `y0` to `y1` pierced by an elliptical hole (a toilet
/// seat, the bezel of a fan). The hole must lie inside the outline, and the outline
/// must be star-shaped about the hole's centre.
pub fn ring_slab(outline: &[(P2, P2)], hole: &Hole, y0: f64, y1: f64) -> Mesh {
    let mut m = Mesh::default();
    prism_sides(&mut m, outline, y0, y1);
    let rim = ring_cap(&mut m, outline, hole, y1, true);
    ring_cap(&mut m, outline, hole, y0, false);
    // Inner wall, facing the hole's axis.
    let [cx, cz] = hole.centre;
    let inner: Outline = rim
        .iter()
        .map(|&[x, z]| {
            let n = normalize([-(x - cx) / hole.a.powi(2), 0.0, -(z - cz) / hole.b.powi(2)]);
            ([x, z], [n[0], n[2]])
        })
        .collect();
    prism_sides(&mut m, &inner, y0, y1);
    m
}

/// A basin: a solid slab over `outline` from `y0` to `y1` whose top holds a half-
/// ellipsoidal bowl `depth` deep under the elliptical `hole`. Returns the body (sides,
/// bottom and top ring) and the bowl's inner surface separately, so that each can have
/// its own material. `rings` is the number of facet rows down the bowl.
pub fn slab_with_bowl(
    outline: &[(P2, P2)],
    hole: &Hole,
    y0: f64,
    y1: f64,
    depth: f64,
    rings: usize,
) -> (Mesh, Mesh) {
    let mut body = Mesh::default();
    prism_sides(&mut body, outline, y0, y1);
    prism_cap(&mut body, outline, y0, false);
    let rim = ring_cap(&mut body, outline, hole, y1, true);

    let mut bowl = Mesh::default();
    let [cx, cz] = hole.centre;
    let rings = rings.max(1);
    let mut rows: Vec<Vec<u32>> = Vec::with_capacity(rings);
    for k in 0..rings {
        let alpha = FRAC_PI_2 * k as f64 / rings as f64;
        let (sin, cos) = alpha.sin_cos();
        let row = rim
            .iter()
            .map(|&[x, z]| {
                let d = [(x - cx) * cos, -depth * sin, (z - cz) * cos];
                // Ellipsoid gradient, negated so the normal faces into the bowl.
                let n = [
                    -d[0] / hole.a.powi(2),
                    -d[1] / depth.powi(2),
                    -d[2] / hole.b.powi(2),
                ];
                bowl.vertex([cx + d[0], y1 + d[1], cz + d[2]], n)
            })
            .collect();
        rows.push(row);
    }
    let bottom = bowl.vertex([cx, y1 - depth, cz], [0.0, 1.0, 0.0]);
    for k in 0..rings {
        let row = &rows[k];
        for i in 0..row.len() {
            let j = (i + 1) % row.len();
            if let Some(next) = rows.get(k + 1) {
                bowl.quad(row[i], row[j], next[j], next[i]);
            } else {
                bowl.tri(row[i], row[j], bottom);
            }
        }
    }
    (body, bowl)
}

/// A flat disc of radius `r` at height `y`, facing up or down.
fn disc(m: &mut Mesh, r: f64, y: f64, segments: usize, up: bool) {
    let n = [0.0, if up { 1.0 } else { -1.0 }, 0.0];
    let centre = m.vertex([0.0, y, 0.0], n);
    let ring: Vec<u32> = (0..segments)
        .map(|i| {
            let (s, c) = (TAU * i as f64 / segments as f64).sin_cos();
            m.vertex([r * c, y, r * s], n)
        })
        .collect();
    for i in 0..segments {
        m.tri(centre, ring[i], ring[(i + 1) % segments]);
    }
}

/// A capped frustum on the y axis from radius `r0` at y = 0 to `r1` at y = `h`: a
/// cylinder when the radii match, a cone when `r1` is 0. Use a segment count divisible
/// by 4 so that the extents along x and z are exactly the radius.
pub fn frustum(r0: f64, r1: f64, h: f64, segments: usize) -> Mesh {
    let mut m = Mesh::default();
    let ring: Vec<(u32, u32)> = (0..segments)
        .map(|i| {
            let (s, c) = (TAU * i as f64 / segments as f64).sin_cos();
            let n = [c * h, r0 - r1, s * h];
            (
                m.vertex([r0 * c, 0.0, r0 * s], n),
                m.vertex([r1 * c, h, r1 * s], n),
            )
        })
        .collect();
    for i in 0..segments {
        let (b0, t0) = ring[i];
        let (b1, t1) = ring[(i + 1) % segments];
        m.quad(b0, b1, t1, t0);
    }
    if r0 > 0.0 {
        disc(&mut m, r0, 0.0, segments, false);
    }
    if r1 > 0.0 {
        disc(&mut m, r1, h, segments, true);
    }
    m
}

/// A capped cylinder on the y axis from y = 0 to y = `h`.
pub fn cylinder(r: f64, h: f64, segments: usize) -> Mesh {
    frustum(r, r, h, segments)
}

/// A capped cylinder of radius `r` from point `a` to point `b`.
pub fn tube(a: V3, b: V3, r: f64, segments: usize) -> Mesh {
    let d = sub(b, a);
    let len = length(d);
    let ey = normalize(d);
    let helper = if ey[1].abs() < 0.9 {
        [0.0, 1.0, 0.0]
    } else {
        [1.0, 0.0, 0.0]
    };
    let ex = normalize(cross(helper, ey));
    let ez = cross(ex, ey);
    // Rows of the rotation whose columns are ex, ey, ez.
    let r_rows = [
        [ex[0], ey[0], ez[0]],
        [ex[1], ey[1], ez[1]],
        [ex[2], ey[2], ez[2]],
    ];
    cylinder(r, len, segments).transformed(r_rows, a)
}

/// A tube of radius `r` through `points`, with a ball at each bend: hoses and pipes.
pub fn polyline_tube(points: &[V3], r: f64, segments: usize) -> Mesh {
    let mut m = Mesh::default();
    for pair in points.windows(2) {
        m.append(&tube(pair[0], pair[1], r, segments));
    }
    if points.len() > 2 {
        for &p in &points[1..points.len() - 1] {
            m.append(&sphere(r, segments, segments / 2).translated(p));
        }
    }
    m
}

/// The part of an ellipsoid centred at the origin with radii `r` between latitudes
/// `lat0` and `lat1` (radians, −π/2 at the bottom pole, π/2 at the top), uncapped.
pub fn ellipsoid_band(r: V3, lat0: f64, lat1: f64, segments: usize, rings: usize) -> Mesh {
    let mut m = Mesh::default();
    let rings = rings.max(1);
    let rows: Vec<Vec<u32>> = (0..=rings)
        .map(|k| {
            let lat = lat0 + (lat1 - lat0) * k as f64 / rings as f64;
            let (sl, cl) = lat.sin_cos();
            (0..segments)
                .map(|i| {
                    let (s, c) = (TAU * i as f64 / segments as f64).sin_cos();
                    let p = [r[0] * cl * c, r[1] * sl, r[2] * cl * s];
                    let n = [
                        p[0] / r[0].powi(2),
                        p[1] / r[1].powi(2),
                        p[2] / r[2].powi(2),
                    ];
                    m.vertex(p, n)
                })
                .collect()
        })
        .collect();
    for k in 0..rings {
        for i in 0..segments {
            let j = (i + 1) % segments;
            m.quad(rows[k][i], rows[k][j], rows[k + 1][j], rows[k + 1][i]);
        }
    }
    m
}

/// A sphere of radius `r` centred at the origin.
pub fn sphere(r: f64, segments: usize, rings: usize) -> Mesh {
    ellipsoid_band([r, r, r], -FRAC_PI_2, FRAC_PI_2, segments, rings)
}

/// The upper half of an ellipsoid with radii `r`, its flat side at y = 0 (open).
pub fn dome(r: V3, segments: usize, rings: usize) -> Mesh {
    ellipsoid_band(r, 0.0, FRAC_PI_2, segments, rings)
}

/// A torus lying in the xz plane around the y axis: ring radius `major`, tube radius
/// `minor`.
pub fn torus(major: f64, minor: f64, segments: usize, minor_segments: usize) -> Mesh {
    let mut m = Mesh::default();
    let rows: Vec<Vec<u32>> = (0..segments)
        .map(|i| {
            let (su, cu) = (TAU * i as f64 / segments as f64).sin_cos();
            (0..minor_segments)
                .map(|j| {
                    let (sv, cv) = (TAU * j as f64 / minor_segments as f64).sin_cos();
                    let n = [cv * cu, sv, cv * su];
                    let rr = major + minor * cv;
                    m.vertex([rr * cu, minor * sv, rr * su], n)
                })
                .collect()
        })
        .collect();
    for i in 0..segments {
        let i1 = (i + 1) % segments;
        for j in 0..minor_segments {
            let j1 = (j + 1) % minor_segments;
            m.quad(rows[i][j], rows[i1][j], rows[i1][j1], rows[i][j1]);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    /// Every triangle's geometric normal agrees with its vertices' normals.
    fn assert_wound_with_normals(m: &Mesh) {
        for t in m.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| i as usize);
            let face = cross(
                sub(m.positions[b], m.positions[a]),
                sub(m.positions[c], m.positions[a]),
            );
            let reference = add(add(m.normals[a], m.normals[b]), m.normals[c]);
            assert!(
                dot(face, reference) > 0.0,
                "triangle {t:?} wound against its normals"
            );
        }
    }

    /// Every normal points away from `inside` (true for convex solids around it).
    fn assert_normals_outward(m: &Mesh, inside: V3) {
        for (p, n) in m.positions.iter().zip(&m.normals) {
            assert!(
                dot(*n, sub(*p, inside)) > -EPS,
                "normal {n:?} at {p:?} points inwards"
            );
        }
    }

    fn assert_bounds(m: &Mesh, min: V3, max: V3) {
        let (lo, hi) = m.bounds().expect("non-empty mesh");
        for k in 0..3 {
            assert!((lo[k] - min[k]).abs() < 1e-9, "min {lo:?} != {min:?}");
            assert!((hi[k] - max[k]).abs() < 1e-9, "max {hi:?} != {max:?}");
        }
    }

    #[test]
    fn cuboid_has_twelve_outward_triangles() {
        let m = cuboid([-1.0, 0.0, -2.0], [1.0, 3.0, 2.0]);
        assert_eq!(m.triangle_count(), 12);
        assert_wound_with_normals(&m);
        assert_normals_outward(&m, [0.0, 1.5, 0.0]);
        assert_bounds(&m, [-1.0, 0.0, -2.0], [1.0, 3.0, 2.0]);
    }

    #[test]
    fn hexahedron_slopes_face_outward() {
        let m = hexahedron([
            [-2.0, 0.0, -1.0],
            [2.0, 0.0, -1.0],
            [2.0, 0.0, 1.0],
            [-2.0, 0.0, 1.0],
            [-1.0, 1.0, -1.0],
            [1.0, 1.0, -1.0],
            [1.0, 1.0, 0.0],
            [-1.0, 1.0, 0.0],
        ]);
        assert_wound_with_normals(&m);
        assert_normals_outward(&m, [0.0, 0.4, -0.3]);
    }

    #[test]
    fn frustum_extents_and_normals() {
        let m = frustum(0.5, 0.25, 2.0, 24);
        assert_wound_with_normals(&m);
        assert_normals_outward(&m, [0.0, 1.0, 0.0]);
        assert_bounds(&m, [-0.5, 0.0, -0.5], [0.5, 2.0, 0.5]);
        // The slanted side's normal tilts upwards because the top is narrower.
        assert!(m.normals[0][1] > 0.0);
    }

    #[test]
    fn cone_drops_degenerate_triangles() {
        let m = frustum(1.0, 0.0, 1.0, 8);
        // 8 side triangles (the other half of each quad is degenerate) and 8 in the base.
        assert_eq!(m.triangle_count(), 16);
        assert_wound_with_normals(&m);
    }

    #[test]
    fn tube_runs_between_its_end_points() {
        let m = tube([0.0, 1.0, 0.0], [2.0, 1.0, 0.0], 0.1, 12);
        assert_wound_with_normals(&m);
        assert_bounds(&m, [0.0, 0.9, -0.1], [2.0, 1.1, 0.1]);
        let m = tube([0.0, 0.0, 0.0], [0.0, 0.0, -1.0], 0.1, 12);
        assert_bounds(&m, [-0.1, -0.1, -1.0], [0.1, 0.1, 0.0]);
    }

    #[test]
    fn rotations_are_right_handed() {
        let m = cuboid([0.0, 0.0, 0.0], [1.0, 2.0, 3.0]);
        assert_bounds(
            &m.clone().rotated_x(FRAC_PI_2),
            [0.0, -3.0, 0.0],
            [1.0, 0.0, 2.0],
        );
        let r = m.rotated_z(FRAC_PI_2);
        assert_bounds(&r, [-2.0, 0.0, 0.0], [0.0, 1.0, 3.0]);
        assert_wound_with_normals(&r);
    }

    #[test]
    fn rounded_prism_fills_its_rectangle() {
        let outline = rounded_rect((0.1, -0.2), (0.5, 0.3), 0.1, 4, 3);
        let m = prism(&outline, 0.0, 1.0);
        assert_wound_with_normals(&m);
        assert_normals_outward(&m, [0.1, 0.5, -0.2]);
        assert_bounds(&m, [-0.4, 0.0, -0.5], [0.6, 1.0, 0.1]);
        // Sharp corners work too.
        let sharp = prism(&rounded_rect((0.0, 0.0), (1.0, 1.0), 0.0, 2, 1), 0.0, 1.0);
        assert_wound_with_normals(&sharp);
        assert_bounds(&sharp, [-1.0, 0.0, -1.0], [1.0, 1.0, 1.0]);
    }

    #[test]
    fn bowl_sinks_below_the_rim_and_faces_inwards() {
        let outline = rounded_rect((0.0, 0.0), (0.3, 0.2), 0.05, 4, 3);
        let hole = Hole {
            centre: [0.0, 0.02],
            a: 0.2,
            b: 0.12,
        };
        let (body, bowl) = slab_with_bowl(&outline, &hole, 0.0, 0.2, 0.15, 6);
        assert_wound_with_normals(&body);
        assert_wound_with_normals(&bowl);
        assert_bounds(&body, [-0.3, 0.0, -0.2], [0.3, 0.2, 0.2]);
        let (lo, hi) = bowl.bounds().expect("bowl");
        assert!((lo[1] - 0.05).abs() < EPS && (hi[1] - 0.2).abs() < EPS);
        // Bowl normals point towards the bowl's axis or upwards, never outwards/down.
        for (p, n) in bowl.positions.iter().zip(&bowl.normals) {
            let outward = [p[0] - 0.0, 0.0, p[2] - 0.02];
            assert!(dot(*n, outward) <= EPS && n[1] >= -EPS);
        }
    }

    #[test]
    fn ring_slab_has_a_hole() {
        let outline = ellipse((0.0, 0.0), 0.2, 0.3, 32);
        let hole = Hole {
            centre: [0.0, 0.02],
            a: 0.12,
            b: 0.18,
        };
        let m = ring_slab(&outline, &hole, 0.0, 0.02);
        assert_wound_with_normals(&m);
        // No vertex lies strictly inside the hole.
        for p in &m.positions {
            let k = (p[0] / 0.12).powi(2) + ((p[2] - 0.02) / 0.18).powi(2);
            assert!(k > 1.0 - 1e-9);
        }
    }

    #[test]
    fn sphere_torus_and_inversion() {
        let s = sphere(0.5, 16, 8);
        assert_wound_with_normals(&s);
        assert_normals_outward(&s, [0.0; 3]);
        assert_bounds(&s, [-0.5; 3], [0.5; 3]);
        let t = torus(1.0, 0.25, 16, 8);
        assert_wound_with_normals(&t);
        assert_bounds(&t, [-1.25, -0.25, -1.25], [1.25, 0.25, 1.25]);
        let inv = s.inverted();
        assert_wound_with_normals(&inv);
        let inside = open_box_inside([0.0; 3], [1.0; 3]);
        assert_wound_with_normals(&inside);
        for (p, n) in inside.positions.iter().zip(&inside.normals) {
            assert!(dot(*n, sub([0.5; 3], *p)) > 0.0);
        }
    }

    #[test]
    fn slab_with_holes_leaves_the_holes_open() {
        let m = slab_with_holes(
            [-1.0, 0.0, -0.5],
            [1.0, 0.1, 0.5],
            (-0.3, 0.3),
            &[(-0.8, -0.1), (0.1, 0.8)],
        );
        assert_wound_with_normals(&m);
        for t in m.indices.chunks_exact(3) {
            let c = scale(
                add(
                    add(m.positions[t[0] as usize], m.positions[t[1] as usize]),
                    m.positions[t[2] as usize],
                ),
                1.0 / 3.0,
            );
            let in_hole = c[2] > -0.3 && c[2] < 0.3 && (c[0].abs() > 0.1 && c[0].abs() < 0.8);
            let top_or_bottom = (c[1] - 0.0).abs() < EPS || (c[1] - 0.1).abs() < EPS;
            assert!(!(in_hole && top_or_bottom), "face over a hole at {c:?}");
        }
    }
}
