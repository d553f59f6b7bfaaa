//! Finding overlapping pairs among many boxes without testing all pairs: a uniform grid
//! of buckets, with caps on what is reported and a budget on the work done.
//!
//! Invariants: the work is bounded whatever the input. Building the grid costs
//! O(n log n) plus at most [`MAX_CELLS_PER_BOX`] bucket entries per box (bigger boxes go
//! to one list that meets every box, paid from the budget); every candidate pair looked
//! at, and every exact test, is paid from [`PairLimits::budget`]; an item that has been
//! reported [`PairLimits::per_item`] times leaves the search, so N identical boxes cost
//! O(N · per_item) rather than N². The pairs found are the same, in the same order, for
//! the same input (no hashing order, no threads).

use super::BBox;
use crate::compact_sort::CompactSort;
use std::collections::BTreeMap;

/// Most grid cells one box is put in; a bigger box is compared with every box instead.
/// 64 keeps the buckets small while a box up to about 7 × 7 typical boxes still uses
/// the grid.
pub const MAX_CELLS_PER_BOX: usize = 64;

/// Smallest grid cell (metres): finer cells would only multiply bucket entries.
const MIN_CELL_M: f64 = 0.05;

/// How much an overlap search may report and do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairLimits {
    /// Most pairs reported per item; an item reported this often is left out of the rest
    /// of the search.
    pub per_item: usize,
    /// Most pairs reported in all; the search stops there.
    pub total: usize,
    /// Work units the search may spend: 1 per candidate pair looked at, plus what the
    /// exact test says it cost.
    pub budget: u64,
}

/// What an overlap search found.
#[derive(Debug, Clone, PartialEq)]
pub struct PairSearch<T> {
    /// `(i, j, value)` with `i < j`, sorted by `(j, i)`.
    pub pairs: Vec<(usize, usize, T)>,
    /// Some item reached [`PairLimits::per_item`]: pairs with it may be missing.
    pub item_capped: bool,
    /// [`PairLimits::total`] pairs were found: the search stopped.
    pub total_capped: bool,
    /// The budget ran out: the search stopped and overlaps may be missing.
    pub out_of_budget: bool,
    /// Work units spent.
    pub spent: u64,
}

/// Every pair of `boxes` whose boxes overlap (touching counts) and for which `test`
/// returns `Some((value, cost))`, within `limits`. `test(i, j)` is called with `i < j`
/// at most once per pair; `cost` is the work it did, in the units of the budget. Empty
/// boxes (no points) and boxes with non-finite corners take part in nothing.
pub fn overlapping_pairs<T>(
    boxes: &[BBox],
    limits: PairLimits,
    mut test: impl FnMut(usize, usize) -> Option<(T, u64)>,
) -> PairSearch<T> {
    let mut out = PairSearch {
        pairs: Vec::new(),
        item_capped: false,
        total_capped: false,
        out_of_budget: false,
        spent: 0,
    };
    let usable: Vec<usize> = (0..boxes.len())
        .filter(|&i| {
            let b = &boxes[i];
            !b.is_empty()
                && [b.min.0, b.min.1, b.max.0, b.max.1]
                    .iter()
                    .all(|v| v.is_finite())
        })
        .collect();
    if usable.len() < 2 || limits.per_item == 0 || limits.total == 0 {
        return out;
    }
    let cell = cell_size(boxes, &usable);
    let key = |v: f64| (v / cell).floor() as i64;
    // Buckets in a BTreeMap: deterministic, and only cells that hold something exist.
    let mut buckets: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    let mut large: Vec<usize> = Vec::new();
    for &i in &usable {
        let b = &boxes[i];
        let (x0, x1, z0, z1) = (key(b.min.0), key(b.max.0), key(b.min.1), key(b.max.1));
        let cells = (x1 - x0 + 1).saturating_mul(z1 - z0 + 1);
        if cells <= 0 || cells as u64 > MAX_CELLS_PER_BOX as u64 {
            large.push(i);
            continue;
        }
        for x in x0..=x1 {
            for z in z0..=z1 {
                buckets.entry((x, z)).or_default().push(i);
            }
        }
    }

    let mut reported = vec![0usize; boxes.len()];
    // `cell`: the bucket the pair is looked at in, `None` for a large box. A pair of
    // small boxes shares several buckets; it is tested only in the one holding the
    // corner where their overlap starts, so each pair is tested once without a record
    // of the pairs seen.
    let mut consider = |a: usize,
                        b: usize,
                        cell: Option<(i64, i64)>,
                        out: &mut PairSearch<T>,
                        reported: &mut [usize]|
     -> bool {
        // Returns false when the whole search must stop.
        if out.spent >= limits.budget {
            out.out_of_budget = true;
            return false;
        }
        out.spent += 1;
        let (i, j) = if a < b { (a, b) } else { (b, a) };
        if reported[i] >= limits.per_item || reported[j] >= limits.per_item {
            return true;
        }
        if !boxes[i].overlaps(&boxes[j]) {
            return true;
        }
        if let Some(cell) = cell {
            let corner = (
                boxes[i].min.0.max(boxes[j].min.0),
                boxes[i].min.1.max(boxes[j].min.1),
            );
            if (key(corner.0), key(corner.1)) != cell {
                return true;
            }
        }
        if let Some((value, cost)) = test(i, j) {
            out.spent = out.spent.saturating_add(cost);
            out.pairs.push((i, j, value));
            reported[i] += 1;
            reported[j] += 1;
            if reported[i] >= limits.per_item || reported[j] >= limits.per_item {
                out.item_capped = true;
            }
            if out.pairs.len() >= limits.total {
                out.total_capped = true;
                return false;
            }
        }
        true
    };

    'search: {
        // Within each bucket: each box against the earlier boxes still searching there.
        for (&cell, members) in &buckets {
            let mut active: Vec<usize> = Vec::new();
            for &b in members {
                for &a in &active {
                    if reported[b] >= limits.per_item {
                        break;
                    }
                    if !consider(a, b, Some(cell), &mut out, &mut reported) {
                        break 'search;
                    }
                }
                active.retain(|&a| reported[a] < limits.per_item);
                if reported[b] < limits.per_item {
                    active.push(b);
                }
            }
        }
        // Large boxes meet every box (a pair of large boxes once: the later one meets
        // the earlier).
        let mut large_rank = vec![usize::MAX; boxes.len()];
        for (k, &a) in large.iter().enumerate() {
            large_rank[a] = k;
        }
        for (k, &a) in large.iter().enumerate() {
            for &b in &usable {
                if b == a || large_rank[b] < k {
                    continue;
                }
                if reported[a] >= limits.per_item {
                    break;
                }
                if !consider(a, b, None, &mut out, &mut reported) {
                    break 'search;
                }
            }
        }
    }
    out.pairs.sort_compact_by_key(|p| (p.1, p.0));
    out
}

/// The grid cell: the median of the boxes' larger sides, so that a typical box covers
/// one to four cells whatever the unit of the scene.
fn cell_size(boxes: &[BBox], usable: &[usize]) -> f64 {
    let mut sides: Vec<f64> = usable
        .iter()
        .map(|&i| boxes[i].width().max(boxes[i].depth()))
        .collect();
    let mid = sides.len() / 2;
    let median = if sides.is_empty() {
        MIN_CELL_M
    } else {
        *sides.select_nth_unstable_by(mid, f64::total_cmp).1
    };
    median.max(MIN_CELL_M)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, z: f64, side: f64) -> BBox {
        BBox::of(&[(x, z), (x + side, z + side)])
    }

    const WIDE: PairLimits = PairLimits {
        per_item: usize::MAX,
        total: usize::MAX,
        budget: u64::MAX,
    };

    #[test]
    fn finds_exactly_the_overlapping_pairs() {
        let boxes = [
            square(0.0, 0.0, 1.0),
            square(0.5, 0.5, 1.0),
            square(5.0, 5.0, 1.0),
            square(-1.0, -1.0, 10.0), // large: meets everyone
        ];
        let found = overlapping_pairs(&boxes, WIDE, |_, _| Some(((), 0)));
        let pairs: Vec<(usize, usize)> = found.pairs.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(pairs, vec![(0, 1), (0, 3), (1, 3), (2, 3)]);
        assert!(!found.item_capped && !found.total_capped && !found.out_of_budget);
    }

    #[test]
    fn agrees_with_all_pairs_on_a_scatter() {
        // A deterministic scatter of boxes of mixed sizes.
        let boxes: Vec<BBox> = (0..300)
            .map(|i| {
                let f = i as f64;
                square((f * 7.31) % 23.0, (f * 3.17) % 19.0, 0.3 + (f * 0.37) % 2.5)
            })
            .collect();
        let found = overlapping_pairs(&boxes, WIDE, |_, _| Some(((), 0)));
        let mut expected = Vec::new();
        for j in 0..boxes.len() {
            for i in 0..j {
                if boxes[i].overlaps(&boxes[j]) {
                    expected.push((i, j));
                }
            }
        }
        let pairs: Vec<(usize, usize)> = found.pairs.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn a_stack_costs_linear_work_with_a_per_item_cap() {
        let boxes = vec![square(0.0, 0.0, 1.0); 20_000];
        let limits = PairLimits {
            per_item: 3,
            total: usize::MAX,
            budget: u64::MAX,
        };
        let found = overlapping_pairs(&boxes, limits, |_, _| Some(((), 1)));
        assert!(found.item_capped);
        assert!(found.pairs.len() <= 3 * 20_000 / 2 + 1);
        assert!(found.spent < 20 * 20_000, "{}", found.spent);
    }

    #[test]
    fn budget_and_total_stop_the_search() {
        let boxes = vec![square(0.0, 0.0, 1.0); 1000];
        let limits = PairLimits {
            per_item: usize::MAX,
            total: 10,
            budget: u64::MAX,
        };
        let found = overlapping_pairs(&boxes, limits, |_, _| Some(((), 0)));
        assert_eq!(found.pairs.len(), 10);
        assert!(found.total_capped);
        let limits = PairLimits {
            per_item: usize::MAX,
            total: usize::MAX,
            budget: 500,
        };
        let found = overlapping_pairs(&boxes, limits, |_, _| None::<((), u64)>);
        assert!(found.out_of_budget);
        assert!(found.spent <= 500);
    }

    #[test]
    fn skips_empty_and_non_finite_boxes() {
        let boxes = [
            BBox::of(&[]),
            square(0.0, 0.0, 1.0),
            BBox::of(&[(f64::INFINITY, 0.0), (1.0, 1.0)]),
            square(0.0, 0.0, 1.0),
        ];
        let found = overlapping_pairs(&boxes, WIDE, |_, _| Some(((), 0)));
        let pairs: Vec<(usize, usize)> = found.pairs.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(pairs, vec![(1, 3)]);
    }
}
