//! A JSON string literal written as serde_json writes it, eight bytes at a
//! time where nothing needs escaping.
//!
//! Example: the text `a"b` and a line break is written `"a\"b\n"`; a control
//! character without a short escape becomes `\u001f` (lowercase hex);
//! everything else, non-ASCII included, is copied as it is.
//!
//! Why: a source map's `sourcesContent` is every source file's text once more.
//! serde_json looks each byte up in its escape table; on the 10,000-module
//! app's `--minify --sourcemap` that was 70M instructions (1.5% of the build),
//! for text that is mostly plain (a tenth of three.js's bytes, indented by
//! tabs, are escaped; fewer of most code's). Here each word of eight bytes gets a
//! bit mask of its bytes to escape in a few operations: a word without one is
//! copied later as part of a run, and in a word with some each is where a bit
//! of its mask says.

/// Appends `s` to `out` as a JSON string literal, quotes included.
pub(crate) fn write_json_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // The start of the text not yet copied.
    let mut copied = 0;
    let mut i = 0;
    while let Some(word) = bytes.get(i..i + 8) {
        // Each byte to escape, lowest first (the word is read little-endian):
        // indentation by tabs puts several in one word.
        let mut found = to_escape(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        while found != 0 {
            let j = i + (found.trailing_zeros() / 8) as usize;
            out.extend_from_slice(&bytes[copied..j]);
            write_escape(out, bytes[j]);
            copied = j + 1;
            found &= found - 1;
        }
        i += 8;
    }
    for (j, &b) in bytes.iter().enumerate().skip(i) {
        if escape(b).is_some() {
            out.extend_from_slice(&bytes[copied..j]);
            write_escape(out, b);
            copied = j + 1;
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const LOWS: u64 = u64::from_le_bytes([0x7f; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// The high bit of each byte of `word` that is below 0x20, a `"` or a `\`.
/// Exact per byte: the sums stay within each byte (no carry into the next).
fn to_escape(word: u64) -> u64 {
    // A byte is at least n (n ≤ 0x80) when its low seven bits plus 0x80 - n
    // reach the high bit, or its own high bit is set.
    let at_least = |x: u64, n: u64| ((x & LOWS) + (0x80 - n) * ONES) | x;
    let zero = |x: u64| !at_least(x, 1) & HIGHS;
    let below_space = !at_least(word, 0x20) & HIGHS;
    below_space | zero(word ^ (b'"' as u64 * ONES)) | zero(word ^ (b'\\' as u64 * ONES))
}

/// What follows the backslash for `b`: a letter, or `u` for `\u00XX`; `None`
/// if `b` is written as it is.
fn escape(b: u8) -> Option<u8> {
    match b {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0x08 => Some(b'b'),
        0x0c => Some(b'f'),
        b'\n' => Some(b'n'),
        b'\r' => Some(b'r'),
        b'\t' => Some(b't'),
        0..0x20 => Some(b'u'),
        _ => None,
    }
}

/// `b`, a byte [`escape`] names, as its escape.
fn write_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match escape(b).expect("a byte to escape") {
        b'u' => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(b >> 4) as usize],
            HEX[(b & 0xf) as usize],
        ]),
        letter => out.extend_from_slice(&[b'\\', letter]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        write_json_string(&mut out, s);
        String::from_utf8(out).expect("UTF-8")
    }

    /// Every ASCII byte, at every offset within a word, alone and in runs,
    /// next to non-ASCII text: the same JSON as serde_json's.
    #[test]
    fn writes_what_serde_json_writes() {
        let mut cases: Vec<String> = vec![
            String::new(),
            "plain text that is longer than a word".into(),
            "é–😀\u{7f}\u{80}\u{2028}".into(),
            "\"\\\"\\".into(),
        ];
        for b in 0u8..0x80 {
            let c = b as char;
            for pad in 0..17 {
                let before = "x".repeat(pad);
                cases.push(format!("{before}{c}"));
                cases.push(format!("{before}{c}é{c}{c}abcdefgh{c}"));
            }
        }
        for case in &cases {
            let expected = serde_json::to_string(case).expect("serializes");
            assert_eq!(ours(case), expected, "{case:?}");
        }
    }

    /// Each byte of a word is flagged exactly when it is one to escape,
    /// whatever its neighbours (no borrow or carry across bytes).
    #[test]
    fn flags_exactly_the_bytes_to_escape() {
        for b in 0u8..=255 {
            for other in [0u8, b'"', b'a', 0x1f, 0x20, 0x7f, 0x80, 0xff] {
                for at in 0..8 {
                    let mut word = [other; 8];
                    word[at] = b;
                    let mask = to_escape(u64::from_le_bytes(word));
                    for (k, &byte) in word.iter().enumerate() {
                        let flagged = mask >> (k * 8 + 7) & 1 == 1;
                        assert_eq!(flagged, escape(byte).is_some(), "{word:?} byte {k}");
                    }
                }
            }
        }
    }
}
