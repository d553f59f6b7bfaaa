//! Sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site
//! with its own closure compiles its own copy of the sort (2–10 KB of wasm each: the
//! web build carried 53 copies, about 0.2 MB). [`CompactSort`] sorts a permutation of
//! indices with the comparator behind `dyn`, so the sort itself is compiled once for the
//! whole program; a call site adds only its closure and the permutation's application.
//!
//! Invariants:
//! - Stable, like `sort_by`: elements that compare equal keep their order.
//! - O(n log n) comparisons, one indirect call each, an n-word buffer and one O(n) pass
//!   to move the elements. The sorts it replaces order tens to thousands of elements per
//!   check, far from the checks' hot loops; plain numbers, sorted in hot loops, go
//!   through [`sort_floats`], one direct copy that every such call shares.
//! - clippy.toml disallows the closure-taking `slice` sorts elsewhere, so a new call
//!   site cannot bring a copy back unnoticed.

use std::cmp::Ordering;

/// Stable sorts that share one compiled sort (see the module's overview).
pub trait CompactSort<T> {
    /// Like `slice::sort_by`.
    fn sort_compact_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering) {
        self.sort_compact_by_in(&mut Vec::new(), compare);
    }

    /// Like [`CompactSort::sort_compact_by`], with the index buffer supplied by the
    /// caller, so that a per-frame sort reuses one instead of allocating each time.
    fn sort_compact_by_in(
        &mut self,
        order: &mut Vec<usize>,
        compare: impl FnMut(&T, &T) -> Ordering,
    );

    /// Like `slice::sort_by_key`: the key is computed for each comparison.
    fn sort_compact_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        self.sort_compact_by(|a, b| key(a).cmp(&key(b)));
    }

    /// Like `slice::sort`.
    fn sort_compact(&mut self)
    where
        T: Ord,
    {
        self.sort_compact_by(T::cmp);
    }
}

impl<T> CompactSort<T> for [T] {
    fn sort_compact_by_in(
        &mut self,
        order: &mut Vec<usize>,
        mut compare: impl FnMut(&T, &T) -> Ordering,
    ) {
        if self.len() < 2 {
            return;
        }
        let items = &*self;
        sorted_order(self.len(), order, &mut |a, b| compare(&items[a], &items[b]));
        apply_order(self, order);
    }
}

/// Sorts numbers in `f64::total_cmp` order: one direct copy of the
/// standard sort, shared by every caller, for the geometry's hot loops.
#[allow(clippy::disallowed_methods)] // the one shared copy for floats
pub fn sort_floats(values: &mut [f64]) {
    values.sort_by(f64::total_cmp);
}

/// The one instantiation of the standard sort: fills `order` with the indices `0..len`
/// ordered by `compare`. Never inlined, so that no call site gets a copy.
#[inline(never)]
#[allow(clippy::disallowed_methods)] // the one shared copy
fn sorted_order(
    len: usize,
    order: &mut Vec<usize>,
    compare: &mut dyn FnMut(usize, usize) -> Ordering,
) {
    order.clear();
    order.extend(0..len);
    order.sort_by(|&a, &b| compare(a, b));
}

/// Moves `items` so that position `i` holds the element that was at `order[i]`,
/// following each cycle of the permutation with swaps (`order` marks what is done).
fn apply_order<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut current = start;
        loop {
            let source = order[current];
            order[current] = current;
            if source == start || source == current {
                break;
            }
            items.swap(current, source);
            current = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard stable sort, ties included: each element
        /// carries its original position, which the comparison ignores.
        #[test]
        fn matches_the_standard_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
            let tagged: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = tagged.clone();
            #[allow(clippy::disallowed_methods)] // the reference
            expected.sort_by_key(|a| a.0);
            let mut sorted = tagged;
            sorted.sort_compact_by(|a, b| a.0.cmp(&b.0));
            prop_assert_eq!(sorted, expected);
        }

        #[test]
        fn by_key_and_plain_agree_with_std(values in proptest::collection::vec(any::<i32>(), 0..100)) {
            let mut expected = values.clone();
            expected.sort();
            let mut plain = values.clone();
            plain.sort_compact();
            prop_assert_eq!(&plain, &expected);
            let mut by_key = values;
            by_key.sort_compact_by_key(|v| std::cmp::Reverse(*v));
            expected.reverse();
            prop_assert_eq!(by_key, expected);
        }
    }

    #[test]
    fn a_reused_buffer_sorts_like_a_fresh_one() {
        let mut order = Vec::new();
        for len in [7usize, 3, 12, 0, 5] {
            let values: Vec<u32> = (0..len as u32).map(|i| (i * 7919) % 11).collect();
            let mut expected = values.clone();
            expected.sort();
            let mut sorted = values;
            sorted.sort_compact_by_in(&mut order, |a, b| a.cmp(b));
            assert_eq!(sorted, expected, "length {len}");
        }
    }

    #[test]
    fn moves_owned_elements_without_losing_any() {
        let mut names: Vec<String> = ["pear", "apple", "fig", "apple", "date"]
            .map(String::from)
            .to_vec();
        names.sort_compact();
        assert_eq!(names, ["apple", "apple", "date", "fig", "pear"]);
    }
}
