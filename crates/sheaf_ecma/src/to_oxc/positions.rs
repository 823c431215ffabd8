//! oxc's mappings of a converted module, back to byte offsets in its file.
//!
//! oxc's printer maps each node's span (a byte offset into the original
//! file, as converted) to a line and a UTF-16 column, by its own line
//! breaks: `\n`, `\r\n`, a lone `\r`, U+2028 and U+2029. A source map's
//! lines end at SWC's, the same but for U+2028 and U+2029: in a file without
//! those, oxc's lines and columns are the map's and are kept as they are
//! (`Mappings`' resolved list). Elsewhere, and for the joins that need
//! positions, each is turned back into its offset by oxc's rules. Example:
//! in `"é\nab"`, line 1 column 1 is byte 4.

use swc_core::common::{BytePos, LineCol};

/// Whether `text`'s lines end where SWC's do for oxc too: it holds no
/// U+2028 or U+2029.
pub(crate) fn lines_end_as_swcs_do(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"\xE2\x80").all(|at| !ls_or_ps_at(bytes, at))
}

/// Whether U+2028 or U+2029 (E2 80 A8, E2 80 A9) starts at `at`.
fn ls_or_ps_at(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at..at + 3), Some([0xE2, 0x80, 0xA8 | 0xA9]))
}

/// Line starts of a text, by oxc's line breaks, and its characters of more
/// UTF-8 bytes than UTF-16 units: each one's offset and the bytes over
/// units of it and all before it (so a column is found by a binary search,
/// not a walk along a long minified line).
pub(crate) struct Lines {
    starts: Vec<u32>,
    len: u32,
    wide: Vec<(u32, u32)>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut i = 0;
        while let Some(found) = memchr::memchr3(b'\n', b'\r', 0xE2, &bytes[i..]) {
            let at = i + found;
            i = at + 1;
            match bytes[at] {
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => i += 1,
                b'\n' | b'\r' => {}
                _ if ls_or_ps_at(bytes, at) => i = at + 3,
                _ => continue,
            }
            starts.push(i as u32);
        }
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (at, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
                extra += (c.len_utf8() - c.len_utf16()) as u32;
                wide.push((at as u32, extra));
            }
        }
        Lines {
            starts,
            len: text.len() as u32,
            wide,
        }
    }

    /// `places` (each output place with a line and UTF-16 column here) as
    /// positions in SWC's source map, the text starting at `start`: one per
    /// output place, the last (innermost) of several; one past its line is
    /// left out.
    pub(crate) fn positions(
        &self,
        start: BytePos,
        places: impl ExactSizeIterator<Item = (LineCol, LineCol)>,
    ) -> Vec<(BytePos, LineCol)> {
        let mut out = Vec::with_capacity(places.len());
        for (output, at) in places {
            let Some(offset) = self.offset(at.line, at.col) else {
                continue;
            };
            crate::oxc_minify::push_innermost(&mut out, BytePos(start.0 + offset), output);
        }
        out
    }

    /// The byte offset of `line`'s UTF-16 column `col`; `None` past the line.
    pub(crate) fn offset(&self, line: u32, col: u32) -> Option<u32> {
        let start = *self.starts.get(line as usize)?;
        let end = self
            .starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.len);
        let first = self.wide.partition_point(|&(at, _)| at < start);
        let last = self.wide.partition_point(|&(at, _)| at < end);
        let before = first.checked_sub(1).map_or(0, |k| self.wide[k].1);
        let extra_before = |k: usize| k.checked_sub(1).map_or(0, |k| self.wide[k].1) - before;
        // The line's wide characters before column `col`: up to `lo`.
        let column_of = |k: usize| self.wide[k].0 - start - extra_before(k);
        let (mut lo, mut hi) = (first, last);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match column_of(mid) < col {
                true => lo = mid + 1,
                false => hi = mid,
            }
        }
        let offset = start + col + extra_before(lo);
        (offset <= end).then_some(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_and_lines_end_as_oxcs_do() {
        let lines = Lines::new("é\nab\r\ncd\re\u{2028}f😀g");
        assert_eq!(lines.offset(0, 0), Some(0));
        assert_eq!(lines.offset(1, 1), Some(4));
        assert_eq!(lines.offset(2, 1), Some(8));
        assert_eq!(lines.offset(3, 0), Some(10));
        assert_eq!(lines.offset(4, 0), Some(14));
        // The emoji is two UTF-16 units and four bytes.
        assert_eq!(lines.offset(4, 3), Some(19));
        assert_eq!(lines.offset(4, 9), None);
    }

    #[test]
    fn only_u2028_and_u2029_end_lines_for_oxc_alone() {
        assert!(lines_end_as_swcs_do("a\r\nb\rc\n\u{2027}\u{202A}“é😀”"));
        assert!(!lines_end_as_swcs_do("a\u{2028}b"));
        assert!(!lines_end_as_swcs_do("“\u{2029}"));
        assert!(lines_end_as_swcs_do(""));
    }
}
