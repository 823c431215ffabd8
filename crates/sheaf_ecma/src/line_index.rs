//! A source file's line starts and the characters that take more UTF-8 bytes
//! than UTF-16 units: what a source map needs to turn a byte position into a
//! line and a UTF-16 column (`map_join.rs`).
//!
//! Why not swc's `SourceFile::analyze`: it walks the text a byte at a time,
//! also lists every tab and wide character (for terminal columns: three.js
//! is indented with tabs) and hashes the whole text, none of which a map
//! uses. The join made each file's on first use, React DOM's first of all,
//! alone, every other core waiting (2.5 ms of the small React app's 6 ms map
//! join). Here line ends are found with `memchr`, and an ASCII file (most of
//! them) has nothing more to look at.
//!
//! Lines end where swc's do: after `\n`, `\r\n` and a lone `\r` (a line
//! that would start at the file's end is not one). Example: `"a\r\nb\rc"` at
//! position 10 has lines starting at 10, 13 and 15.

use swc_core::common::BytePos;

/// Line starts and wide characters of one file, as positions in the source
/// map (`SourceFile::start_pos` onwards).
pub(crate) struct LineIndex {
    pub(crate) lines: Vec<BytePos>,
    pub(crate) wide: Vec<Wide>,
}

/// A character of 2–4 UTF-8 bytes, and how many more bytes it takes than
/// UTF-16 units (1 or 2: four bytes are a surrogate pair).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Wide {
    pub(crate) pos: BytePos,
    pub(crate) extra: u32,
}

impl LineIndex {
    /// The index of `src`, a file starting at `start`.
    pub(crate) fn new(src: &str, start: BytePos) -> Self {
        // No line starts at the end, not even the empty file's first.
        let lines = std::iter::once(0)
            .chain(line_starts(src.as_bytes()))
            .filter(|&at| at < src.len())
            .map(|at| start + BytePos(at as u32))
            .collect();
        LineIndex {
            lines,
            wide: wide_chars(src, start),
        }
    }
}

/// Where each line after the first starts in `bytes`: just past every `\n`,
/// `\r\n` and lone `\r` (a line start may be `bytes.len()`). The rule of
/// both the index and the printer's writer (`map_writer.rs`).
pub(crate) fn line_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes);
    std::iter::from_fn(move || {
        let i = ends.next()?;
        let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
        if crlf {
            ends.next();
        }
        Some(i + 1 + crlf as usize)
    })
}

fn wide_chars(src: &str, start: BytePos) -> Vec<Wide> {
    let mut wide = Vec::new();
    if src.is_ascii() {
        return wide;
    }
    let bytes = src.as_bytes();
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|b| !b.is_ascii()) {
        let at = i + skip;
        let c = src[at..]
            .chars()
            .next()
            .expect("a non-ASCII byte starts a character");
        wide.push(Wide {
            pos: start + BytePos(at as u32),
            extra: (c.len_utf8() - c.len_utf16()) as u32,
        });
        i = at + c.len_utf8();
    }
    wide
}

#[cfg(test)]
mod tests {
    use super::*;
    use swc_core::common::{sync::Lrc, FileName, SourceMap};

    /// The index agrees with swc's analysis of the same file.
    fn same_as_swc(src: &str) {
        let cm = SourceMap::default();
        cm.new_source_file(Lrc::new(FileName::Anon), "padding".to_string());
        let f = cm.new_source_file(Lrc::new(FileName::Anon), src.to_string());
        let ours = LineIndex::new(src, f.start_pos);
        let swc = f.analyze();
        assert_eq!(ours.lines, swc.lines, "lines of {src:?}");
        let swc_wide: Vec<Wide> = (swc.multibyte_chars.iter())
            .map(|c| Wide {
                pos: c.pos,
                extra: c.byte_to_char_diff() as u32,
            })
            .collect();
        assert_eq!(ours.wide, swc_wide, "wide characters of {src:?}");
    }

    #[test]
    fn lines_and_wide_characters_as_swc_has_them() {
        for src in [
            "",
            "a",
            "\n",
            "a\n",
            "a\nb",
            "a\r\nb\rc",
            "\r",
            "\r\n",
            "a\r\r\n\n",
            "\tx = 1;\n",
            "é\nß€😀\u{7f}x\n\u{2028}y",
            "const s = '日本語';\r\nlet t = `😀`\n",
        ] {
            same_as_swc(src);
        }
    }

    #[test]
    fn positions_start_at_the_file() {
        let index = LineIndex::new("a\r\nb\rc", BytePos(10));
        assert_eq!(index.lines, [BytePos(10), BytePos(13), BytePos(15)]);
        let index = LineIndex::new("xé😀", BytePos(1));
        let wide = [(2, 1), (4, 2)].map(|(pos, extra)| Wide {
            pos: BytePos(pos),
            extra,
        });
        assert_eq!(index.wide, wide);
    }
}
