//! oxc's mappings of one converted module, as the map join reads them: each
//! output place with the line and UTF-16 column oxc's printer found for it in
//! the module's file (see `sourcemap::List::Resolved`).
//!
//! Why 12 bytes a mapping and not a `(LineCol, LineCol)`'s 16: these lists
//! are kept until the map join, and three.js ×10 has 1.3 million mappings
//! (16 bytes each were +5.4 MiB on its peak). A minified module prints few
//! output lines, so the output line is kept apart: where each line starts.
//!
//! Example: `(0:0 → 5:2), (0:4 → 6:0), (2:1 → 7:3)` is kept as columns
//! `[0,5,2], [4,6,0], [1,7,3]` and line starts `[2, 2]` (lines 1 and 2 start
//! at the third mapping).

use swc_core::common::LineCol;

/// Mappings as output places and source lines and columns, one per output
/// place.
#[derive(Clone, Default)]
pub(crate) struct Places {
    /// Each mapping's output column, source line and source column.
    cols: Vec<[u32; 3]>,
    /// Where in `cols` each output line after the first starts.
    line_starts: Vec<u32>,
}

impl Places {
    /// `tokens` (an output place and the source line and column there), down
    /// the output; of several at one output place, the last (innermost).
    pub(crate) fn new(tokens: &[(LineCol, LineCol)]) -> Self {
        let mut places = Places {
            cols: Vec::with_capacity(tokens.len()),
            line_starts: Vec::new(),
        };
        let mut last: Option<LineCol> = None;
        for &(output, at) in tokens {
            let entry = [output.col, at.line, at.col];
            if let (Some(place), true) = (places.cols.last_mut(), last == Some(output)) {
                *place = entry;
                continue;
            }
            for _ in last.map_or(0, |l| l.line)..output.line {
                places.line_starts.push(places.cols.len() as u32);
            }
            places.cols.push(entry);
            last = Some(output);
        }
        places
    }

    pub(crate) fn len(&self) -> usize {
        self.cols.len()
    }

    /// The places `range`, each as its output place and its source line and
    /// column.
    pub(crate) fn range(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl ExactSizeIterator<Item = (LineCol, LineCol)> + '_ {
        let mut line = self
            .line_starts
            .partition_point(|&s| s as usize <= range.start);
        range.map(move |i| {
            while (self.line_starts.get(line)).is_some_and(|&s| s as usize <= i) {
                line += 1;
            }
            let [col, src_line, src_col] = self.cols[i];
            let output = LineCol {
                line: line as u32,
                col,
            };
            (
                output,
                LineCol {
                    line: src_line,
                    col: src_col,
                },
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Places keep the last of several at one output place and give each
    /// its output line back, from any index, across empty lines.
    #[test]
    fn places_keep_one_mapping_per_output_place_and_their_lines() {
        let lc = |line, col| LineCol { line, col };
        let tokens = [
            (lc(1, 0), lc(5, 1)),
            (lc(1, 0), lc(5, 2)),
            (lc(1, 4), lc(6, 0)),
            (lc(4, 2), lc(7, 3)),
            (lc(4, 3), lc(7, 4)),
            (lc(4, 3), lc(7, 5)),
            (lc(5, 0), lc(0, 0)),
        ];
        let places = Places::new(&tokens);
        let all = [
            (lc(1, 0), lc(5, 2)),
            (lc(1, 4), lc(6, 0)),
            (lc(4, 2), lc(7, 3)),
            (lc(4, 3), lc(7, 5)),
            (lc(5, 0), lc(0, 0)),
        ];
        assert_eq!(places.len(), all.len());
        for start in 0..all.len() {
            for end in start..=all.len() {
                let got: Vec<_> = places.range(start..end).collect();
                assert_eq!(got, all[start..end], "{start}..{end}");
            }
        }
    }
}
