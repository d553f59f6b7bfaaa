//! The occupancy grid: where a person can stand, on square cells of the plan.
//!
//! A cell is free when its centre lies on the floor, outside every wall (except inside a
//! door opening: doors are passable, windows are not) and outside the footprint of every
//! fixture that blocks walking and starts below [`FIXTURE_BLOCKS_BELOW_M`]. The grid has
//! a one-cell blocked border, so a free cell's eight neighbours always exist.
//!
//! The clearance (built on first use) is an **exact Euclidean distance transform**
//! (Felzenszwalb–Huttenlocher, two separable passes, O(cells)) from each cell centre to
//! the centre of the nearest blocked cell, with that cell (the feature transform). The
//! clear width at a free cell `p` is `d(p) + d(q)`, where `q` is the next cell away from
//! `p`'s nearest obstacle. On a straight passage this is exactly the number of free
//! cells across it times the cell size, i.e. the width of the rasterised passage, which
//! for grid-aligned geometry is the drawn width; `2 × d(p)` would overstate it by up to
//! one cell. Elsewhere it is within about one cell of twice the distance to the nearest
//! obstacle.
//!
//! Everything is flat `Vec`s indexed `iz * nx + ix`; nothing is allocated per cell.

use super::{BBox, P2, add, edges, point_polygon_distance, scale, sub};
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

/// Fixtures that block walking do so only when their bottom is below this height
/// (1.2 m): a person cannot pass under a counter or a shelf, but can walk under a wall
/// cabinet, a hood or a sign mounted higher.
pub const FIXTURE_BLOCKS_BELOW_M: f64 = 1.2;

/// The occupancy grid of a plan.
#[derive(Debug)]
pub struct OccupancyGrid {
    /// Corner of cell (0, 0) (its minimum x and z).
    pub origin: P2,
    /// Edge of a cell in metres.
    pub cell: f64,
    pub nx: usize,
    pub nz: usize,
    free: Vec<bool>,
    clearance: OnceLock<Clearance>,
}

/// Distance transform, feature transform, clear width and the cells ordered by width.
#[derive(Debug)]
struct Clearance {
    /// Metres from the cell centre to the nearest blocked cell centre (0 if blocked).
    dist: Vec<f32>,
    /// Index of that nearest blocked cell.
    site: Vec<u32>,
    /// Clear width in metres (0 for blocked cells).
    width: Vec<f32>,
    /// Free cells, widest first (ties by index).
    by_width: Vec<u32>,
}

impl OccupancyGrid {
    /// The cell size actually used for `cell_m`: the default for a non-finite or
    /// non-positive request, at least [`MIN_CELL_M`], and coarse enough to stay within
    /// [`MAX_GRID_CELLS`].
    pub fn effective_cell(plan: &Plan, cell_m: f64) -> f64 {
        let mut c = if cell_m.is_finite() && cell_m > 0.0 { cell_m.max(MIN_CELL_M) } else { DEFAULT_CELL_M };
        let (w, d) = (plan.bbox.width(), plan.bbox.depth());
        while (w / c + 3.0) * (d / c + 3.0) > MAX_GRID_CELLS as f64 {
            c *= 1.25;
        }
        c
    }

    /// Rasterise the plan on cells of `cell` metres (use [`Plan::grid`] to share grids).
    pub fn build(plan: &Plan, cell: f64) -> OccupancyGrid {
        let cell = Self::effective_cell(plan, cell);
        let bb = plan.bbox;
        if bb.is_empty() || plan.floor.len() < 3 {
            return Self::from_mask((0.0, 0.0), cell, 1, 1, vec![false]);
        }
        let nx = (bb.width() / cell).ceil() as usize + 2;
        let nz = (bb.depth() / cell).ceil() as usize + 2;
        let origin = sub(bb.min, (cell, cell));
        let mut g = OccupancyGrid {
            origin,
            cell,
            nx,
            nz,
            free: vec![false; nx * nz],
            clearance: OnceLock::new(),
        };
        let mut free = std::mem::take(&mut g.free);
        g.for_each_cell_in(&plan.floor, |i| free[i] = true);

        // Walls: each solid piece between door openings is a rectangle of half width
        // `r`, extended by `r` past the wall's ends so that corners close. `r` is at
        // least half a cell diagonal, so every cell the wall axis crosses is blocked and
        // a thin wall never leaks.
        let min_r = cell * std::f64::consts::FRAC_1_SQRT_2;
        for (wi, w) in plan.walls.iter().enumerate() {
            let r = (w.thickness / 2.0).max(min_r);
            let mut gaps: Vec<(f64, f64)> = plan
                .doors
                .iter()
                .filter(|d| d.wall_index == wi)
                .map(|d| {
                    let t = super::dot(sub(d.center, w.from), w.dir);
                    (t - d.width / 2.0, t + d.width / 2.0)
                })
                .collect();
            gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
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
                g.for_each_cell_in(&rect, |i| free[i] = false);
            }
        }
        for f in &plan.fixtures {
            if f.blocks_walking && f.bottom < FIXTURE_BLOCKS_BELOW_M {
                g.for_each_cell_in(&f.footprint, |i| free[i] = false);
            }
        }
        g.free = free;
        g.block_border();
        g
    }

    /// A grid from a mask (`true` = free); the outer ring of cells is forced blocked.
    /// A mask of the wrong length is treated as all blocked.
    pub fn from_mask(origin: P2, cell: f64, nx: usize, nz: usize, free: Vec<bool>) -> Self {
        let (nx, nz) = (nx.max(1), nz.max(1));
        let free = if free.len() == nx * nz { free } else { vec![false; nx * nz] };
        let mut g = OccupancyGrid { origin, cell, nx, nz, free, clearance: OnceLock::new() };
        g.block_border();
        g
    }

    fn block_border(&mut self) {
        let (nx, nz) = (self.nx, self.nz);
        for ix in 0..nx {
            self.free[ix] = false;
            self.free[(nz - 1) * nx + ix] = false;
        }
        for iz in 0..nz {
            self.free[iz * nx] = false;
            self.free[iz * nx + nx - 1] = false;
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
        if !(iz0 <= iz1) {
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
            xs.sort_by(f64::total_cmp);
            for pair in xs.chunks_exact(2) {
                let col = |x: f64| ((x - self.origin.0) / c - 0.5).ceil().clamp(0.0, self.nx as f64);
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
        self.for_each_cell_in(poly, |i| {
            if self.free[i] {
                out.push(i as u32);
            }
        });
        out.sort_unstable();
        out
    }

    /// Free cells whose centre lies within `r` metres of the polygon (inside counts; one
    /// or two points act as a point or a segment), ascending.
    pub fn free_cells_near(&self, poly: &[P2], r: f64) -> Vec<u32> {
        let bb = BBox::of(poly).expand(r.max(0.0));
        if bb.is_empty() {
            return Vec::new();
        }
        let c = self.cell;
        let lo = |v: f64, o: f64, n: usize| ((v - o) / c - 0.5).ceil().clamp(0.0, n as f64) as usize;
        let hi = |v: f64, o: f64, n: usize| (((v - o) / c - 0.5).floor() + 1.0).clamp(0.0, n as f64) as usize;
        let (ix0, ix1) = (lo(bb.min.0, self.origin.0, self.nx), hi(bb.max.0, self.origin.0, self.nx));
        let (iz0, iz1) = (lo(bb.min.1, self.origin.1, self.nz), hi(bb.max.1, self.origin.1, self.nz));
        let mut out = Vec::new();
        for iz in iz0..iz1 {
            for ix in ix0..ix1 {
                let i = iz * self.nx + ix;
                if self.free[i] && point_polygon_distance(self.center(i), poly) <= r {
                    out.push(i as u32);
                }
            }
        }
        out
    }

    /// The free cells nearest to the polygon (all within one cell of the nearest one's
    /// distance), or none when no cell is free. Scans the whole grid.
    pub fn nearest_free_cells(&self, poly: &[P2]) -> Vec<u32> {
        let dists: Vec<(u32, f64)> = (0..self.free.len())
            .filter(|i| self.free[*i])
            .map(|i| (i as u32, point_polygon_distance(self.center(i), poly)))
            .collect();
        let best = dists.iter().map(|(_, v)| *v).fold(f64::INFINITY, f64::min);
        dists
            .into_iter()
            .filter(|(_, v)| *v <= best + self.cell)
            .map(|(i, _)| i)
            .collect()
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

    /// Free cells, widest first.
    pub(crate) fn cells_by_width(&self) -> &[u32] {
        &self.clearance().by_width
    }

    /// Whether the step from free cell `i` by `(dx, dz)` (each −1, 0 or 1) lands on a
    /// free cell without cutting a blocked corner.
    #[inline]
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
pub(crate) const STEPS: [(isize, isize); 8] =
    [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)];

/// Width quantum for ordering cells: 1 mm.
pub(crate) fn width_key(w: f32) -> u32 {
    (w.max(0.0) * 1000.0) as u32
}

fn compute_clearance(g: &OccupancyGrid) -> Clearance {
    let (nx, nz) = (g.nx, g.nz);
    let n = nx * nz;
    // Larger than any squared distance on a grid within MAX_GRID_CELLS.
    const FAR: i64 = i64::MAX / 4;

    // Pass 1: per column, distance (in cells) to the nearest blocked cell of the column.
    let mut col = vec![0i64; n];
    let mut col_site = vec![0u32; n];
    for ix in 0..nx {
        let mut last: Option<usize> = None;
        for iz in 0..nz {
            let i = iz * nx + ix;
            if !g.free[i] {
                last = Some(iz);
                col[i] = 0;
                col_site[i] = iz as u32;
            } else if let Some(l) = last {
                col[i] = (iz - l) as i64;
                col_site[i] = l as u32;
            } else {
                col[i] = FAR;
            }
        }
        last = None;
        for iz in (0..nz).rev() {
            let i = iz * nx + ix;
            if !g.free[i] {
                last = Some(iz);
            } else if let Some(l) = last
                && ((l - iz) as i64) < col[i]
            {
                col[i] = (l - iz) as i64;
                col_site[i] = l as u32;
            }
        }
    }

    // Pass 2: per row, lower envelope of parabolas (x - q)² + col(q)².
    let mut dist = vec![0f32; n];
    let mut site = vec![0u32; n];
    let mut v = vec![0usize; nx];
    let mut zb = vec![0f64; nx + 1];
    let mut f = vec![0f64; nx];
    for iz in 0..nz {
        let row = iz * nx;
        for ix in 0..nx {
            let c = col[row + ix];
            f[ix] = if c >= FAR { f64::INFINITY } else { (c * c) as f64 };
        }
        let mut k = 0usize;
        // Skip leading columns with no blocked cell at all (cannot happen with the
        // blocked border, kept for from_mask safety).
        let Some(first) = (0..nx).find(|q| f[*q].is_finite()) else {
            for ix in 0..nx {
                dist[row + ix] = f32::INFINITY;
                site[row + ix] = (row + ix) as u32;
            }
            continue;
        };
        v[0] = first;
        zb[0] = f64::NEG_INFINITY;
        zb[1] = f64::INFINITY;
        for q in first + 1..nx {
            if !f[q].is_finite() {
                continue;
            }
            let qf = q as f64;
            loop {
                let p = v[k] as f64;
                let s = ((f[q] + qf * qf) - (f[v[k]] + p * p)) / (2.0 * qf - 2.0 * p);
                // zb[0] is -inf, so k never drops below 0.
                if k > 0 && s <= zb[k] {
                    k -= 1;
                    continue;
                }
                k += 1;
                v[k] = q;
                zb[k] = s;
                zb[k + 1] = f64::INFINITY;
                break;
            }
        }
        k = 0;
        for ix in 0..nx {
            while zb[k + 1] < ix as f64 {
                k += 1;
            }
            let q = v[k];
            let dx = ix as f64 - q as f64;
            let d2 = dx * dx + f[q];
            dist[row + ix] = (d2.sqrt() * g.cell) as f32;
            site[row + ix] = (col_site[row + q] as usize * nx + q) as u32;
        }
    }

    // Clear width: d(p) + d(q), q one step further from p's nearest obstacle.
    let mut width = vec![0f32; n];
    for i in 0..n {
        if !g.free[i] {
            continue;
        }
        let s = site[i] as usize;
        let dx = (i % nx) as isize - (s % nx) as isize;
        let dz = (i / nx) as isize - (s / nx) as isize;
        let (sx, sz) = if dx.abs() >= dz.abs() { (dx.signum(), 0) } else { (0, dz.signum()) };
        let j = i as isize + sz * nx as isize + sx;
        let dq = if j >= 0 && (j as usize) < n { dist[j as usize] } else { 0.0 };
        width[i] = dist[i] + dq;
    }

    // Counting sort of free cells by width key, widest first, ties by index.
    let max_key = (0..n).filter(|i| g.free[*i]).map(|i| width_key(width[i])).max().unwrap_or(0);
    let mut counts = vec![0u32; max_key as usize + 2];
    for i in 0..n {
        if g.free[i] {
            counts[(max_key - width_key(width[i])) as usize + 1] += 1;
        }
    }
    for k in 1..counts.len() {
        counts[k] += counts[k - 1];
    }
    let total = counts[counts.len() - 1] as usize;
    let mut by_width = vec![0u32; total];
    for i in 0..n {
        if g.free[i] {
            let k = (max_key - width_key(width[i])) as usize;
            by_width[counts[k] as usize] = i as u32;
            counts[k] += 1;
        }
    }
    Clearance { dist, site, width, by_width }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grid of `nx` × `nz` cells of 0.05 m, free where `f(ix, iz)`.
    pub(crate) fn mask_grid(nx: usize, nz: usize, f: impl Fn(usize, usize) -> bool) -> OccupancyGrid {
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
        assert_eq!(g.nearest_obstacle(12) % 11 == 0 || g.nearest_obstacle(12) < 11, true);
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
            let w = g.clear_widths();
            let best = (0..g.len()).map(|i| w[i]).fold(0f32, f32::max);
            assert!((best - n as f32 * 0.05).abs() < 1e-5, "n={n} best={best}");
        }
    }

    #[test]
    fn order_is_widest_first() {
        let g = mask_grid(30, 12, |_, _| true);
        let w = g.clear_widths();
        let o = g.cells_by_width();
        assert_eq!(o.len(), g.free_count());
        assert!(o.windows(2).all(|p| width_key(w[p[0] as usize]) >= width_key(w[p[1] as usize])));
    }

    #[test]
    fn scanline_matches_point_in_polygon() {
        let g = mask_grid(40, 40, |_, _| true);
        let poly = [(0.3, 0.2), (1.7, 0.5), (1.1, 1.8), (0.4, 1.2)];
        let mut hit = vec![false; g.len()];
        g.for_each_cell_in(&poly, |i| hit[i] = true);
        for i in 0..g.len() {
            assert_eq!(hit[i], super::super::point_in_polygon(g.center(i), &poly), "cell {i}");
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
