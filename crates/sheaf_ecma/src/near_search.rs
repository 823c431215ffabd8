//! `partition_point` over a sorted list, started from where the last search
//! ended instead of from the whole list.
//!
//! Example: looking up each mapping of a printed file in another, sorted list
//! of places (`oxc_minify::compose`, `map_join`'s line of a position): the
//! next lookup's answer is usually the last one or a step past it.
//!
//! Why: a search over the whole list per lookup was 2.6% (oxc's mappings in
//! SWC's) and 1.6% (React DOM's lines) of the small React app's `--minify`;
//! widening a window from the last answer costs a few comparisons when it is
//! near and stays logarithmic when it is far.

/// `items.partition_point(before)`, searched outwards from `near` (usually
/// the last answer): the index of the first item `before` is false for,
/// given that it is true for every item ahead of that one and false after.
pub(crate) fn partition_point_near<T>(
    items: &[T],
    near: usize,
    before: impl Fn(&T) -> bool,
) -> usize {
    let near = near.min(items.len());
    // Widen a window around `near` until it holds the answer, then bisect it.
    let (mut low, mut high) = (near, near);
    let mut step = 1;
    while low > 0 && !before(&items[low - 1]) {
        high = low;
        low = low.saturating_sub(step);
        step *= 2;
    }
    while high < items.len() && before(&items[high]) {
        low = high + 1;
        high = (high + step).min(items.len());
        step *= 2;
    }
    low + items[low..high].partition_point(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_full_search_does_from_anywhere() {
        // Sorted, with repeats and gaps.
        let items: Vec<u32> = (0..60).map(|i| (i / 2) * 3).collect();
        for near in [0, 1, 7, 30, 59, 60, 200] {
            for value in 0..100 {
                let full = items.partition_point(|&i| i <= value);
                let found = partition_point_near(&items, near, |&i| i <= value);
                assert_eq!(found, full, "{value} from {near}");
            }
        }
        assert_eq!(partition_point_near(&[] as &[u32], 3, |_| true), 0);
    }
}
