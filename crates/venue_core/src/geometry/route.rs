//! Route searches on the [`OccupancyGrid`]: 8-neighbour moves (diagonal = √2 cells, no
//! cutting a blocked corner) over free cells.
//!
//! - [`walking_distances`]: multi-source Dijkstra. Step costs are integers (70 for a
//!   side step, 99 for a diagonal: 99/70 = 1.41429 ≈ √2 to 5·10⁻⁵), so the queue is a
//!   bucket queue (Dial's algorithm): O(cells), no heap. An 8-neighbour path is up to
//!   8 % longer than the straight line in the worst direction (22.5°), so walking
//!   distances err on the long (strict) side. [`walking_distances_from`] lets sources
//!   start some way along (rounded up).
//! - [`widest_route`]: the maximin (bottleneck) route. First the largest width `B` for
//!   which sources and targets connect through cells at least `B` wide, by a maximin
//!   Dijkstra from the sources with a bucket queue on widths in whole millimetres (it
//!   only explores what is reachable at least as wide as the answer); then the shortest
//!   route through cells at least `B` wide (the Dijkstra above). So among the widest
//!   routes it returns a shortest one, exactly (widths compared to the millimetre).
//!   Cells may carry a cap (a door the route ends at: its clear width), which limits
//!   them like a narrow cell would.
//! - [`measure_route`]: the width of a route found on the grid, measured on the real
//!   obstacles ([`super::obstacles`]): at each cell of the route, the cross-section of
//!   the passage from its nearest obstacle to the obstacle across, between real edges
//!   ([`cross_section`]). Between two faces, a corner and a face, or two corners (every
//!   gap between rectangles and segments) that is the drawn gap, wherever in the gap
//!   the route runs. The grid only chooses the route.

use super::grid::OccupancyGrid;
use super::obstacles::closest_point;
use super::pool::Buf;
use super::{P2, dist};
use crate::compact_sort::CompactSort;

/// Cost of a side step in route units (a cell edge is 70 units).
const ORTHO: u32 = 70;
/// Cost of a diagonal step: 99/70 ≈ √2.
const DIAG: u32 = 99;
/// Step costs in the order of the grid's steps (side steps first).
const COST: [u32; 8] = [ORTHO, ORTHO, ORTHO, ORTHO, DIAG, DIAG, DIAG, DIAG];
/// Bucket ring size: larger than the largest step cost.
const RING: usize = 128;
const UNSET: u32 = u32::MAX;

/// The bucket ring of the queue, kept in a pool between searches (its 128 buckets grow
/// to the size of the search front once, not on every search).
struct Ring(Vec<Vec<u32>>);

static RINGS: std::sync::Mutex<Vec<Vec<Vec<u32>>>> = std::sync::Mutex::new(Vec::new());

/// Rings kept in the pool.
const MAX_RINGS: usize = 8;

impl Ring {
    /// A ring of at least `size` buckets (and [`RING`]), a power of two so that a slot
    /// is a mask, not a division. A larger pooled ring is kept as it is.
    fn take(size: usize) -> Ring {
        let mut r = RINGS
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default();
        r.iter_mut().for_each(Vec::clear);
        let want = size.max(RING).next_power_of_two();
        if r.len() < want || !r.len().is_power_of_two() {
            r.resize_with(want, Vec::new);
        }
        Ring(r)
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        let r = std::mem::take(&mut self.0);
        if let Ok(mut p) = RINGS.lock()
            && p.len() < MAX_RINGS
        {
            p.push(r);
        }
    }
}

/// Buckets of the maximin search, pooled like [`Ring`].
struct Buckets(Vec<Vec<u32>>);

static BUCKETS: std::sync::Mutex<Vec<Vec<Vec<u32>>>> = std::sync::Mutex::new(Vec::new());

impl Buckets {
    fn take(n: usize) -> Buckets {
        let mut b = BUCKETS
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default();
        b.iter_mut().for_each(Vec::clear);
        b.resize_with(n, Vec::new);
        Buckets(b)
    }
}

impl Drop for Buckets {
    fn drop(&mut self) {
        let b = std::mem::take(&mut self.0);
        if let Ok(mut p) = BUCKETS.lock()
            && p.len() < MAX_RINGS
        {
            p.push(b);
        }
    }
}

/// Result of [`walking_distances`].
#[derive(Debug, Clone)]
pub struct DistanceField {
    cell: f64,
    /// Route units (cell / 70) from the nearest source; `UNSET` when not reached.
    dist: Buf<u32>,
    /// Previous cell on the route; `UNSET` for sources and unreached cells.
    parent: Buf<u32>,
}

impl DistanceField {
    /// Walking distance in metres to cell `i`, `None` when unreachable.
    pub fn metres(&self, i: usize) -> Option<f64> {
        match self.dist.get(i) {
            Some(&d) if d != UNSET => Some(d as f64 / ORTHO as f64 * self.cell),
            _ => None,
        }
    }

    /// Cells from the nearest source to `i` (source first); empty when unreachable.
    pub fn path_to(&self, i: usize) -> Vec<u32> {
        if self.metres(i).is_none() {
            return Vec::new();
        }
        let mut out = vec![i as u32];
        let mut cur = i;
        while let Some(&p) = self.parent.get(cur) {
            if p == UNSET || out.len() > self.parent.len() {
                break;
            }
            out.push(p);
            cur = p as usize;
        }
        out.reverse();
        out
    }
}

/// Dijkstra from `sources` (cells with their starting distance in route units) over
/// free cells accepted by `allowed`, stopping early once every cell of `stop_after` is
/// settled, or at the first one when `first_only`. Returns the field and the first
/// settled stop cell.
fn dial(
    grid: &OccupancyGrid,
    sources: &[(u32, u32)],
    allowed: impl Fn(usize) -> bool,
    stop_after: &[u32],
    first_only: bool,
) -> (DistanceField, Option<usize>) {
    let n = grid.len();
    let mut dist = Buf::filled(n, UNSET);
    let mut parent = Buf::filled(n, UNSET);
    let mut stop = Buf::filled(if stop_after.is_empty() { 0 } else { n }, false);
    let mut remaining = 0usize;
    for &t in stop_after {
        if let Some(s) = stop.get_mut(t as usize)
            && !*s
        {
            *s = true;
            remaining += 1;
        }
    }
    // Every queued distance lies in [cur, cur + ring size): starting distances up to
    // the largest, steps up to the largest step cost.
    let start_max = sources.iter().map(|s| s.1).max().unwrap_or(0);
    let mut ring = Ring::take(start_max as usize + RING);
    let mask = ring.0.len() - 1;
    let mut pending = 0usize;
    for &(s, d0) in sources {
        let s = s as usize;
        if s < n && grid.is_free(s) && allowed(s) && d0 < dist[s] {
            dist[s] = d0;
            ring.0[d0 as usize & mask].push(s as u32);
            pending += 1;
        }
    }
    let moves = grid.moves();
    let off = grid.offsets();
    let mut cur: u32 = 0;
    let mut first_stop = None;
    while pending > 0 {
        let slot = cur as usize & mask;
        let Some(v) = ring.0[slot].pop() else {
            cur += 1;
            continue;
        };
        pending -= 1;
        let v = v as usize;
        if dist[v] != cur {
            continue;
        }
        if !stop.is_empty() && stop[v] {
            first_stop.get_or_insert(v);
            remaining -= 1;
            if first_only || remaining == 0 {
                break;
            }
        }
        let mut m = moves[v];
        while m != 0 {
            let k = m.trailing_zeros() as usize;
            m &= m - 1;
            let j = (v as isize + off[k]) as usize;
            if !allowed(j) {
                continue;
            }
            let nd = cur + COST[k];
            if nd < dist[j] {
                dist[j] = nd;
                parent[j] = v as u32;
                ring.0[nd as usize & mask].push(j as u32);
                pending += 1;
            }
        }
    }
    (
        DistanceField {
            cell: grid.cell,
            dist,
            parent,
        },
        first_stop,
    )
}

/// Walking distances from the nearest of `sources` to every free cell reachable from
/// them. With a non-empty `targets` the search stops once all targets are settled
/// (cells beyond may then read as unreachable).
pub fn walking_distances(grid: &OccupancyGrid, sources: &[u32], targets: &[u32]) -> DistanceField {
    let sources: Vec<(u32, u32)> = sources.iter().map(|s| (*s, 0)).collect();
    dial(grid, &sources, |_| true, targets, false).0
}

/// [`walking_distances`] from sources that start some metres along already (e.g. the
/// exact distance from a fixture to the centre of a cell beside it). Starting distances
/// are rounded up to whole route units, so distances never read short.
pub fn walking_distances_from(
    grid: &OccupancyGrid,
    sources: &[(u32, f64)],
    targets: &[u32],
) -> DistanceField {
    let per_metre = ORTHO as f64 / grid.cell;
    let sources: Vec<(u32, u32)> = sources
        .iter()
        .map(|(c, m)| {
            let u = (m.max(0.0) * per_metre).ceil();
            // Starts further than a long walk are as good as unreachable anyway.
            (*c, if u.is_finite() { u.min(1e6) as u32 } else { 0 })
        })
        .collect();
    dial(grid, &sources, |_| true, targets, false).0
}

/// A width stored as `f32` back in `f64` metres, rounded to the micrometre (so 0.95
/// reads 0.95, not 0.949999988).
fn metres(w: f32) -> f64 {
    (w as f64 * 1e6).round() / 1e6
}

/// The widest route found by [`widest_route`].
#[derive(Debug, Clone, PartialEq)]
pub struct WidestRoute {
    /// Cells from a source to a target.
    pub cells: Vec<u32>,
    /// Narrowest grid clear width along the route, over the cells that count (metres):
    /// never wider than drawn, but up to a couple of cells narrow; rules report
    /// [`measure_route`]'s figure instead.
    pub width: f64,
    /// The cell where that width occurs.
    pub narrowest: usize,
    /// Length of the route in metres (8-neighbour steps).
    pub length: f64,
}

/// The widest, then shortest, route from any of `sources` to any of `targets`. Cells in
/// `ignore_width` (e.g. the space right at a fixture one walks up to) do not limit the
/// width; a route made of such cells only reports its most open cell. `caps` limit
/// cells to a width in metres whether ignored or not (the cells at a door the route
/// ends at: the door's clear width). Where sources and targets share cells, the widest
/// shared cell is the route. `None` when no route exists.
pub fn widest_route(
    grid: &OccupancyGrid,
    sources: &[u32],
    targets: &[u32],
    ignore_width: &[u32],
    caps: &[(u32, f64)],
) -> Option<WidestRoute> {
    const SOURCE: u8 = 1;
    const TARGET: u8 = 2;
    const IGNORED: u8 = 4;
    let n = grid.len();
    let mut role = Buf::filled(n, 0u8);
    let mark = |role: &mut Buf<u8>, cells: &[u32], bit: u8| {
        for &c in cells {
            if (c as usize) < n && grid.is_free(c as usize) {
                role[c as usize] |= bit;
            }
        }
    };
    mark(&mut role, sources, SOURCE);
    mark(&mut role, targets, TARGET);
    mark(&mut role, ignore_width, IGNORED);
    if !role.iter().any(|r| r & SOURCE != 0) || !role.iter().any(|r| r & TARGET != 0) {
        return None;
    }
    let widths = grid.clear_widths();
    // Ends that meet: the widest shared cell is the whole route.
    if let Some(c) = (0..n)
        .filter(|i| role[*i] & (SOURCE | TARGET) == SOURCE | TARGET)
        .max_by(|a, b| widths[*a].total_cmp(&widths[*b]).then(b.cmp(a)))
    {
        return Some(WidestRoute {
            cells: vec![c as u32],
            width: widths[c] as f64,
            narrowest: c,
            length: 0.0,
        });
    }

    // Phase 1: maximin search from the sources with a bucket queue on width keys
    // (labels only decrease as the search goes on, so a cursor walks the buckets down
    // once). It stops at the first target: its label is the best bottleneck.
    let (keys, max_key) = grid.width_keys();
    let inf = max_key + 1; // label of an ignored cell: does not limit
    // Each cell's key once: ignored cells do not limit, caps do.
    let mut eff = Buf::filled(n, 0u32);
    for (i, e) in eff.iter_mut().enumerate() {
        *e = if role[i] & IGNORED != 0 { inf } else { keys[i] };
    }
    for &(c, w) in caps {
        if let Some(k) = eff.get_mut(c as usize) {
            *k = (*k).min(super::grid::width_key(w as f32));
        }
    }
    let key = |i: usize| eff[i];
    let mut label = Buf::filled(n, 0u32);
    let mut done = Buf::filled(n, false);
    let mut buckets = Buckets::take(inf as usize + 1);
    for (i, r) in role.iter().enumerate() {
        if r & SOURCE != 0 {
            label[i] = key(i).max(1);
            buckets.0[label[i] as usize].push(i as u32);
        }
    }
    let moves = grid.moves();
    let off = grid.offsets();
    let mut cursor = inf as usize;
    let mut threshold: Option<Option<u32>> = None;
    loop {
        let Some(v) = buckets.0[cursor].pop() else {
            if cursor == 0 {
                break;
            }
            cursor -= 1;
            continue;
        };
        let v = v as usize;
        if done[v] || label[v] as usize != cursor {
            continue;
        }
        done[v] = true;
        if role[v] & TARGET != 0 {
            let t = label[v];
            threshold = Some((t < inf).then_some(t));
            break;
        }
        let mut m = moves[v];
        while m != 0 {
            let k = m.trailing_zeros() as usize;
            m &= m - 1;
            let j = (v as isize + off[k]) as usize;
            // Keys of zero width still connect: labels start at 1.
            let nl = label[v].min(key(j).max(1));
            if !done[j] && nl > label[j] {
                label[j] = nl;
                buckets.0[nl as usize].push(j as u32);
            }
        }
    }
    drop(buckets);
    let threshold = threshold?;

    // Phase 2: shortest route through cells at least as wide as the threshold.
    let allowed = |i: usize| threshold.is_none_or(|t| key(i).max(1) >= t);
    let starts: Vec<(u32, u32)> = sources.iter().map(|s| (*s, 0)).collect();
    let (field, hit) = dial(grid, &starts, allowed, targets, true);
    let end = hit?;
    let cells = field.path_to(end);
    let counted: Vec<usize> = cells
        .iter()
        .map(|c| *c as usize)
        .filter(|c| role[*c] & IGNORED == 0)
        .collect();
    // With no cell that counts, nothing narrows the route: report its most open cell.
    let narrowest = if counted.is_empty() {
        cells
            .iter()
            .map(|c| *c as usize)
            .max_by(|a, b| widths[*a].total_cmp(&widths[*b]).then(b.cmp(a)))
    } else {
        counted
            .iter()
            .copied()
            .min_by(|a, b| widths[*a].total_cmp(&widths[*b]).then(a.cmp(b)))
    }
    .unwrap_or(end);
    Some(WidestRoute {
        width: metres(widths.get(narrowest).copied().unwrap_or(0.0)),
        narrowest,
        length: field.metres(end).unwrap_or(0.0),
        cells,
    })
}

/// A cell's grid width is at most this many cells more than the exact cross-section
/// there (a grid distance is within half a cell diagonal of the exact one, each side;
/// plus the cell the width formula adds): cells whose grid width exceeds the narrowest
/// cross-section found by more cannot be narrower, and are not measured.
const MEASURE_MARGIN_CELLS: f64 = 3.0;

/// The width of a route measured on the obstacles ([`measure_route`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RouteWidth {
    /// Metres: the narrowest cross-section.
    pub width: f64,
    /// The route vertex where it was found.
    pub at: P2,
    /// The obstacle points bounding it, on real edges: the ends of the cross-section.
    pub near: P2,
    pub across: Option<P2>,
}

/// The cross-section of the passage at `p`: from its nearest obstacle point `a` (on
/// `O1`) to the obstacle across (`O2`, nearest point `b`, searched within `reach`): the
/// shorter of `a` to `O2` and `b` to `O1`. Each is at least the gap between the two
/// obstacles and equals it when `a` or `b` is where they come closest, which is so at
/// some vertex wherever a route passes between two faces, a corner and a face, or two
/// corners. `None` when nothing lies across within `reach`.
pub fn cross_section(
    grid: &OccupancyGrid,
    p: P2,
    near_r: f64,
    reach: f64,
) -> Option<(f64, P2, P2)> {
    let obstacles = grid.obstacles();
    let n = obstacles.nearest(p, near_r)?;
    let x = obstacles.across(p, n.point, n.obstacle, reach)?;
    let (o1, o2) = (obstacles.get(n.obstacle)?, obstacles.get(x.obstacle)?);
    let from_a = closest_point(&o2.shape, n.point);
    let from_b = closest_point(&o1.shape, x.point);
    let (wa, wb) = (dist(n.point, from_a), dist(from_b, x.point));
    Some(if wa <= wb {
        (wa, n.point, from_a)
    } else {
        (wb, from_b, x.point)
    })
}

/// The width of a route of grid cells measured on the real obstacles: the narrowest
/// [`cross_section`] over the cells for which `counted` holds, taken in order of grid
/// width until no narrower one can follow. Cells with nothing across (the end of a dead
/// end) are not cross-sections and do not count; when no cell has one, the grid's
/// narrowest width (never wider than drawn) stands in. `None` when no cell counts.
pub fn measure_route(
    grid: &OccupancyGrid,
    cells: &[u32],
    counted: impl Fn(usize) -> bool,
) -> Option<RouteWidth> {
    let c = grid.cell;
    let d = grid.distances();
    let w = grid.clear_widths();
    let mut idx: Vec<usize> = cells
        .iter()
        .map(|c| *c as usize)
        .filter(|i| *i < w.len() && counted(*i))
        .collect();
    idx.sort_compact_by(|x, y| w[*x].total_cmp(&w[*y]).then(x.cmp(y)));
    idx.dedup();
    let low = *idx.first()?;
    let grid_only = RouteWidth {
        width: metres(w[low]),
        at: grid.center(low),
        near: grid.center(low),
        across: None,
    };
    if grid.obstacles().is_empty() {
        return Some(grid_only);
    }
    let margin = MEASURE_MARGIN_CELLS * c;
    let mut best: Option<RouteWidth> = None;
    for &i in &idx {
        let g = w[i] as f64;
        if best.as_ref().is_some_and(|b| g - margin > b.width) {
            break;
        }
        let p = grid.center(i);
        // The nearest obstacle lies within the grid distance plus half a cell diagonal.
        // A cross-section narrower than the best so far (or, first, than the grid's
        // width here plus the margin) has the obstacle across within that of `p`'s
        // nearest point.
        let near_r = d[i] as f64 + c;
        let reach = near_r + best.as_ref().map_or(g + margin, |b| b.width);
        let Some((width, near, across)) = cross_section(grid, p, near_r, reach) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| width < b.width) {
            best = Some(RouteWidth {
                width,
                at: p,
                near,
                across: Some(across),
            });
        }
    }
    Some(best.unwrap_or(grid_only))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask_grid(nx: usize, nz: usize, f: impl Fn(usize, usize) -> bool) -> OccupancyGrid {
        let free = (0..nx * nz).map(|i| f(i % nx, i / nx)).collect();
        OccupancyGrid::from_mask((0.0, 0.0), 0.05, nx, nz, free)
    }

    #[test]
    fn walking_distance_straight_and_diagonal() {
        let g = mask_grid(12, 12, |_, _| true);
        let f = walking_distances(&g, &[12 + 1], &[]);
        // 9 cells along x.
        assert!((f.metres(12 + 10).unwrap() - 0.45).abs() < 1e-9);
        // 9 diagonal steps.
        let d = f.metres(10 * 12 + 10).unwrap();
        assert!((d - 9.0 * 0.05 * 2f64.sqrt()).abs() < 1e-4, "{d}");
        assert_eq!(f.path_to(10 * 12 + 10).len(), 10);
        assert!(f.metres(0).is_none());
        assert!(f.path_to(0).is_empty());
    }

    #[test]
    fn walking_goes_around_a_wall() {
        // Wall at x = 10 from z = 0 to 15, gap at the top rows.
        let g = mask_grid(21, 20, |x, z| !(x == 10 && z < 16));
        let src = 5 * 21 + 5;
        let dst = 5 * 21 + 15;
        let f = walking_distances(&g, &[src as u32], &[dst as u32]);
        let d = f.metres(dst).unwrap();
        assert!(d > 0.5 + 0.5, "walks around: {d}");
    }

    #[test]
    fn widest_route_prefers_the_wide_corridor() {
        // Two corridors between left and right rooms: z 1..=4 wide (4 cells), z 10..=11
        // narrow (2 cells). Rooms at x 1..=3 and 17..=19.
        let g = mask_grid(21, 14, |x, z| {
            let room = (1..=3).contains(&x) || (17..=19).contains(&x);
            room || (1..=4).contains(&z) || (10..=11).contains(&z)
        });
        let src: Vec<u32> = (1..13).map(|z| (z * 21 + 2) as u32).collect();
        let dst: Vec<u32> = (1..13).map(|z| (z * 21 + 18) as u32).collect();
        let r = widest_route(&g, &src, &dst, &[], &[]).unwrap();
        assert!((r.width - 0.2).abs() < 1e-6, "{}", r.width);
        assert!(r.cells.iter().all(|c| (*c as usize / 21) <= 5
            || (*c as usize % 21) <= 3
            || (*c as usize % 21) >= 17));
        assert!(r.length > 0.7);
    }

    #[test]
    fn no_route_is_none() {
        let g = mask_grid(10, 5, |x, _| x != 5);
        assert!(widest_route(&g, &[11], &[18], &[], &[]).is_none());
        assert!(widest_route(&g, &[], &[18], &[], &[]).is_none());
    }

    #[test]
    fn ignored_cells_do_not_limit() {
        // A 1-cell pinch right at the source is ignored.
        let g = mask_grid(20, 9, |x, z| x > 3 || z == 4);
        let src = [4 * 20 + 1];
        let dst = [4 * 20 + 12];
        let strict = widest_route(&g, &src, &dst, &[], &[]).unwrap();
        assert!((strict.width - 0.05).abs() < 1e-6);
        // Ignore the pinch and the approach to it.
        let pinch: Vec<u32> = (0..g.len() as u32)
            .filter(|i| g.is_free(*i as usize) && i % 20 <= 6)
            .collect();
        let loose = widest_route(&g, &src, &dst, &pinch, &[]).unwrap();
        assert!(loose.width > 0.3, "{}", loose.width);
    }
}
