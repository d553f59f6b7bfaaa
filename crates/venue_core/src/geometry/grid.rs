//! The occupancy grid: where a person can stand, on square cells of the plan.
//!
//! A cell is free when it lies wholly on the floor and **no obstacle touches it**: walls
//! (except inside a door opening: doors are passable, windows are not) and the
//! footprints of fixtures that block walking and start below [`FIXTURE_BLOCKS_BELOW_M`].
//! Obstacles are rasterised conservatively: any cell an obstacle overlaps, however
//! little, is blocked, so a free cell is free all over and a route through free cells
//! never touches an obstacle. (Until 2026 a cell was free when its centre was, which let
//! a passage read up to one cell wider than drawn.) The grid has a one-cell blocked
//! border, so a free cell's eight neighbours always exist. Each blocked cell remembers
//! why ([`Blocker`]). The obstacles themselves are kept as geometry ([`Obstacles`]) so
//! that rules report exact clearances rather than cell counts.
//!
//! The clearance (built on first use) is an **exact Euclidean distance transform**
//! (Felzenszwalb–Huttenlocher, two separable passes, O(cells), integer arithmetic) from
//! each cell centre to the centre of the nearest blocked cell, with that cell (the
//! feature transform). The clear width at a free cell `p` is `d(p) + d(q)`, where `q` is
//! the side neighbour one step further from `p`'s nearest obstacle. Across a straight
//! passage this is exactly the number of free cells across it times the cell size, the
//! width of the rasterised passage, which is never more than the drawn width and at
//! most two cells less. Route searches use it to choose a route; the figure reported
//! for the route is measured on the geometry ([`super::route::measure_route`]).
//! Elsewhere it is within about one cell of twice the distance to the nearest obstacle;
//! at a dead end it reads wide (the end wall is behind, not beside), which never hides a
//! constriction a route passes through.
//!
//! Everything is flat arrays indexed `iz * nx + ix`, taken from `geometry::pool`; nothing
//! is allocated per cell.

use super::obstacles::{Obstacle, Obstacles};
use super::pool::Buf;
use super::{BBox, P2, add, edges, point_polygon_distance, scale, sub};
use crate::compact_sort::CompactSort;
use crate::plan::Plan;
use std::sync::OnceLock;

/// Default cell size: 5 cm, a tenth of a shoulder width, fine enough that a 1.10 m rule
/// and a 1.05 m corridor come out different.
pub const DEFAULT_CELL_M: f64 = 0.05;

/// Smallest cell honoured: finer grids cost memory and time with no gain in accuracy
/// over how precisely plans are drawn.
pub const MIN_CELL_M: f64 = 0.01;

/// Most cells a grid may have (8 M cells ≈ 100 MB of working arrays); a larger plan gets
/// a coarser grid instead of exhausting memory.
pub const MAX_GRID_CELLS: usize = 8_000_000;

/// Most cells along one side (3.2 km at 5 cm); keeps the distance transform's integer
/// arithmetic far inside `i64`.
pub const MAX_GRID_SIDE: usize = 1 << 16;

/// Half thickness given to a wall drawn thinner than this (1 mm), so that a zero-thickness
/// wall still blocks the cells it crosses.
pub const MIN_WALL_HALF_M: f64 = 0.001;

/// An obstacle touches a cell when it overlaps it by more than this (metres) in both
/// directions: an obstacle edge lying exactly on a cell boundary does not block the cell
/// beyond it.
const TOUCH_EPS_M: f64 = 1e-9;

/// Fixtures that block walking do so only when their bottom is below this height
/// (1.2 m): a person cannot pass under a counter or a shelf, but can walk under a wall
/// cabinet, a hood or a sign mounted higher.
pub const FIXTURE_BLOCKS_BELOW_M: f64 = 1.2;

/// Why a cell is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Blocker {
    Free = 0,
    /// Off the floor outline (or the grid's border).
    Outside = 1,
    Wall = 2,
    Fixture = 3,
}

/// The occupancy grid of a plan.
#[derive(Debug)]
pub struct OccupancyGrid {
    /// Corner of cell (0, 0) (its minimum x and z).
    pub origin: P2,
    /// Edge of a cell in metres.
    pub cell: f64,
    pub nx: usize,
    pub nz: usize,
    free: Buf<bool>,
    /// [`Blocker`] of each cell, as its `u8`.
    cause: Buf<u8>,
    clearance: OnceLock<Clearance>,
    /// The obstacles as geometry, for exact clearances.
    obstacles: Obstacles,
    /// The cell size that was asked for (before [`Self::effective_cell`]).
    pub requested_cell: f64,
    /// Per cell, bit `k` set when step [`STEPS`]`[k]` is allowed (built on first use).
    moves: OnceLock<Buf<u8>>,
}

/// Distance transform, feature transform, clear width and the cells ordered by width.
#[derive(Debug)]
struct Clearance {
    /// Metres from the cell centre to the nearest blocked cell centre (0 if blocked).
    dist: Buf<f32>,
    /// Index of that nearest blocked cell.
    site: Buf<u32>,
    /// Clear width in metres (0 for blocked cells).
    width: Buf<f32>,
    /// Clear width in whole millimetres ([`width_key`]).
    keys: Buf<u32>,
    /// Largest key.
    max_key: u32,
}

impl OccupancyGrid {
    /// The cell size actually used for `cell_m`: the default for a non-finite or
    /// non-positive request, at least [`MIN_CELL_M`], and coarse enough to stay within
    /// [`MAX_GRID_CELLS`].
    pub fn effective_cell(plan: &Plan, cell_m: f64) -> f64 {
        let mut c = if cell_m.is_finite() && cell_m > 0.0 {
            cell_m.max(MIN_CELL_M)
        } else {
            DEFAULT_CELL_M
        };
        let (w, d) = (plan.bbox.width(), plan.bbox.depth());
        if !(w.is_finite() && d.is_finite()) {
            return c;
        }
        let side = MAX_GRID_SIDE as f64;
        while c.is_finite()
            && ((w / c + 3.0) * (d / c + 3.0) > MAX_GRID_CELLS as f64
                || w / c + 3.0 > side
                || d / c + 3.0 > side)
        {
            c *= 1.25;
        }
        c
    }

    /// Rasterise the plan on cells of `cell` metres (use [`Plan::grid`] to share grids).
    pub fn build(plan: &Plan, cell_m: f64) -> OccupancyGrid {
        let cell = Self::effective_cell(plan, cell_m);
        let bb = plan.bbox;
        let (fx, fz) = (
            (bb.width() / cell).ceil() + 2.0,
            (bb.depth() / cell).ceil() + 2.0,
        );
        // An empty floor, or one too large to grid at any cell size: nothing is free.
        let fits = (fx * fz).is_finite() && fx * fz <= 2.0 * MAX_GRID_CELLS as f64;
        if bb.is_empty() || plan.floor.len() < 3 || !fits {
            let mut g = Self::from_mask((0.0, 0.0), cell, 1, 1, vec![false]);
            g.requested_cell = cell_m;
            return g;
        }
        let (nx, nz) = (fx as usize, fz as usize);
        let origin = sub(bb.min, (cell, cell));
        let mut g = OccupancyGrid {
            origin,
            cell,
            nx,
            nz,
            free: Buf::default(),
            cause: Buf::default(),
            clearance: OnceLock::new(),
            obstacles: Obstacles::default(),
            requested_cell: cell_m,
            moves: OnceLock::new(),
        };
        const FREE: u8 = Blocker::Free as u8;
        let mut cause = Buf::filled(nx * nz, Blocker::Outside as u8);
        let mut shapes: Vec<Vec<P2>> = Vec::new();
        g.for_each_cell_in(&plan.floor, |i| cause[i] = FREE);
        // A cell the floor outline crosses is partly outside.
        for (a, b) in edges(&plan.floor) {
            g.for_each_cell_touching(&[a, b], |i| cause[i] = Blocker::Outside as u8);
            shapes.push(vec![a, b]);
        }

        // Walls: each solid piece between door openings is a rectangle of half width
        // `r`, extended by `r` past the wall's ends so that corners close (a free end
        // then reads half a thickness long: on the safe side). Door openings are cut
        // exactly, so a door's jambs stand its clear width apart.
        for (wi, w) in plan.walls.iter().enumerate() {
            let r = (w.thickness / 2.0).max(MIN_WALL_HALF_M);
            let mut gaps: Vec<(f64, f64)> = plan
                .doors
                .iter()
                .filter(|d| d.wall_index == wi)
                .map(|d| {
                    let t = super::dot(sub(d.center, w.from), w.dir);
                    (t - d.width / 2.0, t + d.width / 2.0)
                })
                .collect();
            gaps.sort_compact_by(|a, b| a.0.total_cmp(&b.0));
            let mut start = -r;
            let end = w.length + r;
            let mut pieces = Vec::with_capacity(gaps.len() + 1);
            for (g0, g1) in gaps {
                if g0 > start {
                    pieces.push((start, g0.min(end)));
                }
                start = start.max(g1);
            }
            if end > start {
                pieces.push((start, end));
            }
            for (s, e) in pieces {
                let (p, q) = (add(w.from, scale(w.dir, s)), add(w.from, scale(w.dir, e)));
                let h = scale(w.normal, r);
                let rect = [sub(p, h), sub(q, h), add(q, h), add(p, h)];
                g.for_each_cell_touching(&rect, |i| {
                    if cause[i] == FREE {
                        cause[i] = Blocker::Wall as u8;
                    }
                });
                shapes.push(rect.to_vec());
            }
        }
        for f in &plan.fixtures {
            if f.blocks_walking && f.bottom < FIXTURE_BLOCKS_BELOW_M {
                g.for_each_cell_touching(&f.footprint, |i| {
                    if cause[i] == FREE {
                        cause[i] = Blocker::Fixture as u8;
                    }
                });
                shapes.push(f.footprint.to_vec());
            }
        }
        let items = shapes
            .into_iter()
            .map(|shape| Obstacle {
                bbox: BBox::of(&shape),
                shape,
            })
            .collect();
        let extent = BBox {
            min: origin,
            max: add(origin, (nx as f64 * cell, nz as f64 * cell)),
        };
        g.obstacles = Obstacles::new(items, extent, cell);
        let mut free = Buf::filled(cause.len(), false);
        for (f, c) in free.iter_mut().zip(cause.iter()) {
            *f = *c == FREE;
        }
        g.free = free;
        g.cause = cause;
        g.block_border();
        g
    }

    /// A grid from a mask (`true` = free); the outer ring of cells is forced blocked.
    /// A mask of the wrong length is treated as all blocked.
    pub fn from_mask(origin: P2, cell: f64, nx: usize, nz: usize, free: Vec<bool>) -> Self {
        let (nx, nz) = (nx.clamp(1, MAX_GRID_SIDE), nz.clamp(1, MAX_GRID_SIDE));
        let free = if free.len() == nx * nz {
            free
        } else {
            vec![false; nx * nz]
        };
        let cause: Vec<u8> = free
            .iter()
            .map(|f| {
                if *f {
                    Blocker::Free as u8
                } else {
                    Blocker::Outside as u8
                }
            })
            .collect();
        let (free, cause) = (Buf::from(free), Buf::from(cause));
        let mut g = OccupancyGrid {
            origin,
            cell,
            nx,
            nz,
            free,
            cause,
            clearance: OnceLock::new(),
            obstacles: Obstacles::default(),
            requested_cell: cell,
            moves: OnceLock::new(),
        };
        g.block_border();
        g
    }

    /// The obstacles as geometry (empty for a grid made from a mask).
    pub fn obstacles(&self) -> &Obstacles {
        &self.obstacles
    }

    /// Whether the grid is coarser than was asked for (a large plan; see
    /// [`Self::effective_cell`]).
    pub fn coarsened(&self) -> bool {
        self.requested_cell.is_finite()
            && self.requested_cell > 0.0
            && self.cell > self.requested_cell.max(MIN_CELL_M) * (1.0 + 1e-9)
    }

    /// Calls `f` with every cell that the convex polygon (or segment: two points)
    /// overlaps by more than `TOUCH_EPS_M` each way: row by row, the polygon's extent
    /// across the row's band of z, then the columns that extent overlaps.
    pub fn for_each_cell_touching(&self, poly: &[P2], mut f: impl FnMut(usize)) {
        if poly.is_empty() || poly.iter().any(|p| !(p.0.is_finite() && p.1.is_finite())) {
            return;
        }
        let bb = BBox::of(poly);
        let c = self.cell;
        let (o, nx, nz) = (self.origin, self.nx as f64, self.nz as f64);
        // Rows whose open band (z0, z1) the polygon enters.
        let iz0 = (((bb.min.1 + TOUCH_EPS_M) - o.1) / c)
            .floor()
            .clamp(0.0, nz);
        let iz1 = ((((bb.max.1 - TOUCH_EPS_M) - o.1) / c).floor() + 1.0).clamp(0.0, nz);
        for iz in iz0 as usize..iz1 as usize {
            let z0 = o.1 + iz as f64 * c;
            let z1 = z0 + c;
            // Extent in x of the polygon within the closed band: vertices inside it and
            // edges crossing its two lines.
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            let mut take = |x: f64| {
                lo = lo.min(x);
                hi = hi.max(x);
            };
            for p in poly {
                if p.1 >= z0 && p.1 <= z1 {
                    take(p.0);
                }
            }
            for (a, b) in edges(poly) {
                for zl in [z0, z1] {
                    if (a.1 - zl) * (b.1 - zl) < 0.0 {
                        take(a.0 + (zl - a.1) / (b.1 - a.1) * (b.0 - a.0));
                    }
                }
            }
            if lo > hi {
                continue;
            }
            let ix0 = (((lo + TOUCH_EPS_M) - o.0) / c).floor().clamp(0.0, nx);
            let ix1 = ((((hi - TOUCH_EPS_M) - o.0) / c).floor() + 1.0).clamp(0.0, nx);
            for ix in ix0 as usize..ix1 as usize {
                f(iz * self.nx + ix);
            }
        }
    }

    fn block_border(&mut self) {
        let (nx, nz) = (self.nx, self.nz);
        let border = (0..nx)
            .flat_map(|ix| [ix, (nz - 1) * nx + ix])
            .chain((0..nz).flat_map(|iz| [iz * nx, iz * nx + nx - 1]));
        for i in border.collect::<Vec<_>>() {
            self.free[i] = false;
            if self.cause[i] == Blocker::Free as u8 {
                self.cause[i] = Blocker::Outside as u8;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.free.is_empty()
    }

    pub fn is_free(&self, i: usize) -> bool {
        self.free.get(i).copied().unwrap_or(false)
    }

    /// Why cell `i` is blocked ([`Blocker::Free`] if it is not).
    pub fn blocker(&self, i: usize) -> Blocker {
        match self.cause.get(i) {
            Some(0) => Blocker::Free,
            Some(2) => Blocker::Wall,
            Some(3) => Blocker::Fixture,
            _ => Blocker::Outside,
        }
    }

    pub fn free_count(&self) -> usize {
        self.free.iter().filter(|f| **f).count()
    }

    /// The centre of cell `i`.
    pub fn center(&self, i: usize) -> P2 {
        let (ix, iz) = (i % self.nx, i / self.nx);
        (
            self.origin.0 + (ix as f64 + 0.5) * self.cell,
            self.origin.1 + (iz as f64 + 0.5) * self.cell,
        )
    }

    /// The cell containing `p`, if on the grid.
    pub fn cell_at(&self, p: P2) -> Option<usize> {
        let fx = ((p.0 - self.origin.0) / self.cell).floor();
        let fz = ((p.1 - self.origin.1) / self.cell).floor();
        (fx >= 0.0 && fz >= 0.0 && fx < self.nx as f64 && fz < self.nz as f64)
            .then(|| fz as usize * self.nx + fx as usize)
    }

    /// Calls `f` with every cell whose centre lies inside the polygon (scanline fill,
    /// same crossing rule as [`super::point_in_polygon`]).
    pub fn for_each_cell_in(&self, poly: &[P2], mut f: impl FnMut(usize)) {
        if poly.len() < 3 {
            return;
        }
        let bb = BBox::of(poly);
        let c = self.cell;
        let row = |z: f64| (z - self.origin.1) / c - 0.5;
        let iz0 = row(bb.min.1).ceil().max(0.0);
        let iz1 = row(bb.max.1).floor().min(self.nz as f64 - 1.0);
        // Also false for NaN bounds.
        if iz0
            .partial_cmp(&iz1)
            .is_none_or(|o| o == std::cmp::Ordering::Greater)
        {
            return;
        }
        let mut xs: Vec<f64> = Vec::with_capacity(8);
        for iz in iz0 as usize..=iz1 as usize {
            let zc = self.origin.1 + (iz as f64 + 0.5) * c;
            xs.clear();
            for (a, b) in edges(poly) {
                if (a.1 > zc) != (b.1 > zc) {
                    xs.push(a.0 + (zc - a.1) / (b.1 - a.1) * (b.0 - a.0));
                }
            }
            crate::compact_sort::sort_floats(&mut xs);
            for pair in xs.chunks_exact(2) {
                let col = |x: f64| {
                    ((x - self.origin.0) / c - 0.5)
                        .ceil()
                        .clamp(0.0, self.nx as f64)
                };
                let (ix0, ix1) = (col(pair[0]) as usize, col(pair[1]) as usize);
                for ix in ix0..ix1 {
                    f(iz * self.nx + ix);
                }
            }
        }
    }

    /// Free cells whose centre lies inside the polygon, ascending.
    pub fn free_cells_in(&self, poly: &[P2]) -> Vec<u32> {
        let mut out = Vec::new();
        // Rows go up and spans left to right, so the cells come out ascending.
        self.for_each_cell_in(poly, |i| {
            if self.free[i] {
                out.push(i as u32);
            }
        });
        out
    }

    /// Free cells whose centre lies within `r` metres of the polygon (inside counts; one
    /// or two points act as a point or a segment), ascending.
    pub fn free_cells_near(&self, poly: &[P2], r: f64) -> Vec<u32> {
        self.cells_near(poly, r, |i| self.free[i])
    }

    /// Cells accepted by `keep` whose centre lies within `r` metres of the polygon,
    /// ascending.
    pub fn cells_near(&self, poly: &[P2], r: f64, keep: impl Fn(usize) -> bool) -> Vec<u32> {
        let bb = BBox::of(poly).expand(r.max(0.0));
        if bb.is_empty() {
            return Vec::new();
        }
        let c = self.cell;
        let lo =
            |v: f64, o: f64, n: usize| ((v - o) / c - 0.5).ceil().clamp(0.0, n as f64) as usize;
        let hi = |v: f64, o: f64, n: usize| {
            (((v - o) / c - 0.5).floor() + 1.0).clamp(0.0, n as f64) as usize
        };
        let (ix0, ix1) = (
            lo(bb.min.0, self.origin.0, self.nx),
            hi(bb.max.0, self.origin.0, self.nx),
        );
        let (iz0, iz1) = (
            lo(bb.min.1, self.origin.1, self.nz),
            hi(bb.max.1, self.origin.1, self.nz),
        );
        let mut out = Vec::new();
        for iz in iz0..iz1 {
            for ix in ix0..ix1 {
                let i = iz * self.nx + ix;
                if keep(i) && point_polygon_distance(self.center(i), poly) <= r {
                    out.push(i as u32);
                }
            }
        }
        out
    }

    fn clearance(&self) -> &Clearance {
        self.clearance.get_or_init(|| compute_clearance(self))
    }

    /// Metres from each cell centre to the nearest blocked cell centre.
    pub fn distances(&self) -> &[f32] {
        &self.clearance().dist
    }

    /// Clear width at each cell in metres (0 for blocked cells); see the module doc.
    pub fn clear_widths(&self) -> &[f32] {
        &self.clearance().width
    }

    /// The blocked cell nearest to cell `i` (itself if blocked).
    pub fn nearest_obstacle(&self, i: usize) -> usize {
        self.clearance().site.get(i).map_or(i, |s| *s as usize)
    }

    /// For every cell, the index of the nearest blocked cell (itself if blocked).
    pub fn nearest_obstacles(&self) -> &[u32] {
        &self.clearance().site
    }

    /// Clear widths in millimetres, and the largest.
    pub(crate) fn width_keys(&self) -> (&[u32], u32) {
        let c = self.clearance();
        (&c.keys, c.max_key)
    }

    /// Per cell, a bit mask of the allowed [`STEPS`] (0 for blocked cells).
    pub(crate) fn moves(&self) -> &[u8] {
        self.moves.get_or_init(|| {
            let (nx, n) = (self.nx, self.free.len());
            let free = &self.free;
            let mut m = Buf::filled(n, 0u8);
            // The border is blocked, so every free cell has all eight neighbours.
            for i in 0..n {
                if !free[i] {
                    continue;
                }
                let (e, w, s, nn) = (free[i + 1], free[i - 1], free[i + nx], free[i - nx]);
                // Bits follow STEPS: +x, -x, +z, -z, (+x,+z), (-x,+z), (+x,-z), (-x,-z).
                let mut b = (e as u8) | (w as u8) << 1 | (s as u8) << 2 | (nn as u8) << 3;
                b |= ((e && s && free[i + nx + 1]) as u8) << 4;
                b |= ((w && s && free[i + nx - 1]) as u8) << 5;
                b |= ((e && nn && free[i - nx + 1]) as u8) << 6;
                b |= ((w && nn && free[i - nx - 1]) as u8) << 7;
                m[i] = b;
            }
            m
        })
    }

    /// Index offsets of the [`STEPS`].
    pub(crate) fn offsets(&self) -> [isize; 8] {
        let nx = self.nx as isize;
        STEPS.map(|(dx, dz)| dz * nx + dx)
    }

    /// Whether the step from free cell `i` by `(dx, dz)` (each −1, 0 or 1) lands on a
    /// free cell without cutting a blocked corner.
    #[cfg(test)]
    pub(crate) fn step_ok(&self, i: usize, dx: isize, dz: isize) -> Option<usize> {
        let nx = self.nx as isize;
        let j = (i as isize + dz * nx + dx) as usize;
        if !self.free[j] {
            return None;
        }
        if dx != 0 && dz != 0 {
            let a = (i as isize + dx) as usize;
            let b = (i as isize + dz * nx) as usize;
            if !self.free[a] || !self.free[b] {
                return None;
            }
        }
        Some(j)
    }
}

/// The eight neighbour steps `(dx, dz)`, orthogonal first.
pub(crate) const STEPS: [(isize, isize); 8] = [
    (1, 0),
    (-1, 0),
    (0, 1),
    (0, -1),
    (1, 1),
    (-1, 1),
    (1, -1),
    (-1, -1),
];

/// Width quantum for ordering cells: 1 mm.
pub(crate) fn width_key(w: f32) -> u32 {
    (w.max(0.0) * 1000.0) as u32
}

fn compute_clearance(g: &OccupancyGrid) -> Clearance {
    let (nx, nz) = (g.nx, g.nz);
    let n = nx * nz;
    // No blocked cell in the column (cannot happen with the blocked border).
    const FAR: u32 = u32::MAX;
    const NONE: u32 = u32::MAX;

    // Pass 1, row by row so memory is read in order: distance in cells to the nearest
    // blocked cell of the same column, and that cell's row.
    let mut col = Buf::filled(n, FAR);
    let mut col_row = Buf::filled(n, 0u32);
    let mut last = vec![NONE; nx];
    for iz in 0..nz {
        let row = iz * nx;
        for (ix, l) in last.iter_mut().enumerate() {
            let i = row + ix;
            if !g.free[i] {
                *l = iz as u32;
                col[i] = 0;
                col_row[i] = iz as u32;
            } else if *l != NONE {
                col[i] = iz as u32 - *l;
                col_row[i] = *l;
            }
        }
    }
    last.fill(NONE);
    for iz in (0..nz).rev() {
        let row = iz * nx;
        for (ix, l) in last.iter_mut().enumerate() {
            let i = row + ix;
            if !g.free[i] {
                *l = iz as u32;
            } else if *l != NONE && *l - (iz as u32) < col[i] {
                col[i] = *l - iz as u32;
                col_row[i] = *l;
            }
        }
    }

    // Pass 2, per row: lower envelope of the parabolas (x - q)² + col(q)², in exact
    // integer arithmetic (grid sides are at most MAX_GRID_SIDE, so products of squares
    // and sides stay far inside i64). Boundary k between parabolas v[k-1] and v[k] is the
    // fraction zn[k] / zd[k] (zd > 0); zd = 0 stands for -inf (k = 0) or +inf.
    let mut dist = Buf::filled(n, 0f32);
    let mut site = Buf::filled(n, 0u32);
    // Side step away from the site: 0 none, 1 +x, 2 -x, 3 +z, 4 -z.
    let mut away = Buf::filled(n, 0u8);
    let mut v = vec![0usize; nx];
    let mut zn = vec![0i64; nx + 1];
    let mut zd = vec![0i64; nx + 1];
    let mut f = vec![0i64; nx];
    for iz in 0..nz {
        let row = iz * nx;
        let crow = &col[row..row + nx];
        let rrow = &col_row[row..row + nx];
        for (fx, c) in f.iter_mut().zip(crow) {
            *fx = if *c == FAR {
                -1
            } else {
                (*c as i64) * (*c as i64)
            };
        }
        let drow = &mut dist[row..row + nx];
        let srow_out = &mut site[row..row + nx];
        let arow = &mut away[row..row + nx];
        let Some(first) = f.iter().position(|x| *x >= 0) else {
            for ix in 0..nx {
                drow[ix] = f32::INFINITY;
                srow_out[ix] = (row + ix) as u32;
            }
            continue;
        };
        let mut k = 0usize;
        v[0] = first;
        (zn[0], zd[0]) = (-1, 0);
        (zn[1], zd[1]) = (1, 0);
        for q in first + 1..nx {
            let fq = f[q];
            if fq < 0 {
                continue;
            }
            let qi = q as i64;
            loop {
                let p = v[k] as i64;
                let sn = (fq + qi * qi) - (f[v[k]] + p * p);
                let sd = 2 * (qi - p);
                // s <= z[k]; z[0] = -inf is never passed.
                if k > 0 && sn * zd[k] <= zn[k] * sd {
                    k -= 1;
                    continue;
                }
                k += 1;
                v[k] = q;
                (zn[k], zd[k]) = (sn, sd);
                (zn[k + 1], zd[k + 1]) = (1, 0);
                break;
            }
        }
        k = 0;
        for ix in 0..nx {
            // Advance while z[k+1] < ix (+inf never passes).
            while zd[k + 1] != 0 && zn[k + 1] < (ix as i64) * zd[k + 1] {
                k += 1;
            }
            let q = v[k];
            let dx = ix as i64 - q as i64;
            let d2 = dx * dx + f[q];
            let srow = rrow[q] as usize;
            drow[ix] = ((d2 as f64).sqrt() * g.cell) as f32;
            srow_out[ix] = (srow * nx + q) as u32;
            let az = iz as i64 - srow as i64;
            arow[ix] = if dx.abs() >= az.abs() {
                if dx > 0 {
                    1
                } else if dx < 0 {
                    2
                } else {
                    0
                }
            } else if az > 0 {
                3
            } else {
                4
            };
        }
    }
    drop((col, col_row));

    // Clear width: d(p) + d(q), q one step further from p's nearest obstacle.
    let offsets = [0isize, 1, -1, nx as isize, -(nx as isize)];
    let mut width = Buf::filled(n, 0f32);
    let mut keys = Buf::filled(n, 0u32);
    let mut max_key = 0u32;
    for i in 0..n {
        if g.free[i] {
            let j = i as isize + offsets[away[i] as usize];
            let dq = if j >= 0 && (j as usize) < n {
                dist[j as usize]
            } else {
                0.0
            };
            width[i] = dist[i] + dq;
            keys[i] = width_key(width[i]);
            max_key = max_key.max(keys[i]);
        }
    }

    Clearance {
        dist,
        site,
        width,
        keys,
        max_key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grid of `nx` × `nz` cells of 0.05 m, free where `f(ix, iz)`.
    pub(crate) fn mask_grid(
        nx: usize,
        nz: usize,
        f: impl Fn(usize, usize) -> bool,
    ) -> OccupancyGrid {
        let free = (0..nx * nz).map(|i| f(i % nx, i / nx)).collect();
        OccupancyGrid::from_mask((0.0, 0.0), 0.05, nx, nz, free)
    }

    #[test]
    fn border_is_blocked() {
        let g = mask_grid(5, 4, |_, _| true);
        assert_eq!(g.free_count(), 3 * 2);
        assert!(!g.is_free(0) && g.is_free(6));
    }

    #[test]
    fn distance_transform_is_exact() {
        // A blocked ring around 9 × 9 free cells.
        let g = mask_grid(11, 11, |_, _| true);
        let d = g.distances();
        let c = 5 * 11 + 5;
        assert!((d[c] - 0.25).abs() < 1e-6, "{}", d[c]);
        // Cell (1,1) is next to the border: one cell away.
        assert!((d[12] - 0.05).abs() < 1e-6);
        let s = g.nearest_obstacle(12);
        assert!(s % 11 == 0 || s < 11, "{s}");
    }

    #[test]
    fn euclidean_not_chamfer() {
        // One blocked cell in the middle of a big free area: distance (3, 4) cells is 5.
        let g = mask_grid(21, 21, |x, z| !(x == 10 && z == 10));
        let i = 14 * 21 + 13;
        assert!((g.distances()[i] - 0.25).abs() < 1e-6);
    }

    #[test]
    fn clear_width_is_exact_for_aligned_corridors() {
        for n in [1usize, 2, 21, 22, 23] {
            // A corridor n cells wide along x, blocked above and below.
            let g = mask_grid(60, n + 2, |_, z| z >= 1 && z <= n);
            // Across the middle of the corridor (the dead ends are not a cross-section).
            let w = g.clear_widths();
            let best = (0..n + 2).map(|z| w[z * 60 + 30]).fold(0f32, f32::max);
            assert!((best - n as f32 * 0.05).abs() < 1e-5, "n={n} best={best}");
        }
    }

    #[test]
    fn width_keys_are_millimetres() {
        let g = mask_grid(30, 12, |_, _| true);
        let (keys, max) = g.width_keys();
        let w = g.clear_widths();
        assert!((0..g.len()).all(|i| keys[i] == width_key(w[i])));
        assert_eq!(max, keys.iter().copied().max().unwrap_or(0));
        assert_eq!(max, 500);
    }

    #[test]
    fn scanline_matches_point_in_polygon() {
        let g = mask_grid(40, 40, |_, _| true);
        let poly = [(0.3, 0.2), (1.7, 0.5), (1.1, 1.8), (0.4, 1.2)];
        let mut hit = vec![false; g.len()];
        g.for_each_cell_in(&poly, |i| hit[i] = true);
        for (i, h) in hit.iter().enumerate() {
            assert_eq!(
                *h,
                super::super::point_in_polygon(g.center(i), &poly),
                "cell {i}"
            );
        }
    }

    #[test]
    fn move_masks_match_step_checks() {
        let g = mask_grid(17, 13, |x, z| (x * 7 + z * 3) % 5 != 0);
        for (i, m) in g.moves().iter().enumerate() {
            for (k, &(dx, dz)) in STEPS.iter().enumerate() {
                let ok = g.is_free(i) && g.step_ok(i, dx, dz).is_some();
                assert_eq!(m & (1 << k) != 0, ok, "cell {i} step {k}");
            }
        }
    }

    #[test]
    fn corner_cutting_is_refused() {
        // Blocked at (2,1) and (1,2): diagonal step (1,1) -> (2,2) would cut the corner.
        let g = mask_grid(5, 5, |x, z| !((x == 2 && z == 1) || (x == 1 && z == 2)));
        assert!(g.step_ok(5 + 1, 1, 1).is_none());
        assert!(g.step_ok(5 + 1, 1, 0).is_none());
        assert!(g.step_ok(2 * 5 + 2, 1, 1).is_some());
    }
}
