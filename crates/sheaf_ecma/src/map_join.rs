//! A chunk's source map built in slices on all cores and joined as text.
//!
//! Why: one `build_source_map` over a whole chunk ran on one thread after every
//! module had rendered; on the 10,000-module app it was 8% of the build, half
//! of it serde writing the map (and first copying every source's text into it).
//! Here the chunk's mappings are cut into slices at line boundaries, swc maps
//! each slice (positions to source lines and UTF-16 columns, as before), and
//! the slices' `mappings` and the sources' JSON are written in parallel, then
//! concatenated.
//!
//! Example: slices A (lines 0–999) and B (lines 1000–1999) map to their own
//! source lists; B's sources get the ids that follow A's (first appearance
//! decides, as in one map), and B's text starts with the `;` separators after
//! A's last line and its first segment's deltas from A's last segment.
//!
//! The JSON is the one `swc_sourcemap` writes for the same map: `version`,
//! `file`, `sources`, `sourcesContent`, `names`, `mappings`, with serde_json's
//! string escaping.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use swc_core::common::{BytePos, LineCol};
use swc_sourcemap::{RawToken, SourceMap};

/// Mappings per slice: enough to keep both cores busy, few enough that the
/// per-slice source lists stay short.
pub(crate) const SLICE: usize = 32 * 1024;

/// `all` (sorted by output line) cut into slices of about `size` mappings,
/// each ending at the end of an output line.
pub(crate) fn slices(all: &[(BytePos, LineCol)], size: usize) -> Vec<&[(BytePos, LineCol)]> {
    debug_assert!(all.is_sorted_by_key(|(_, lc)| lc.line));
    let size = size.max(1);
    let mut out = Vec::with_capacity(all.len() / size + 1);
    let mut rest = all;
    while rest.len() > size {
        let line = rest[size - 1].1.line;
        let end = size
            + rest[size..]
                .iter()
                .take_while(|(_, lc)| lc.line == line)
                .count();
        let (head, tail) = rest.split_at(end);
        out.push(head);
        rest = tail;
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Where the encoder stands after a segment: the deltas of the next one are
/// taken from here.
#[derive(Clone, Copy, Default)]
struct State {
    dst_line: u32,
    src_id: u32,
    src_line: u32,
    src_col: u32,
}

/// The JSON of one map made of `maps`, slices of consecutive output lines.
pub(crate) fn join(maps: &[SourceMap], file: &str) -> String {
    // Sources in order of first appearance; each slice's ids renumbered.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut sources: Vec<(&str, Option<&str>)> = Vec::new();
    let renumber: Vec<Vec<u32>> = maps
        .iter()
        .map(|m| {
            (0..m.get_source_count())
                .map(|i| {
                    let name = m.get_source(i).map_or("", |s| &**s);
                    *ids.entry(name).or_insert_with(|| {
                        sources.push((name, m.get_source_contents(i).map(|c| &**c)));
                        sources.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    // Each slice starts from the state the slices before it left.
    let mut starts = Vec::with_capacity(maps.len());
    let mut state = State::default();
    for (m, ids) in maps.iter().zip(&renumber) {
        starts.push(state);
        if let Some(last) = m.tokens().last().map(|t| t.get_raw_token()) {
            state.dst_line = last.dst_line;
            if last.src_id != !0 {
                state.src_id = ids[last.src_id as usize];
                state.src_line = last.src_line;
                state.src_col = last.src_col;
            }
        }
    }
    let mappings: Vec<String> = maps
        .par_iter()
        .zip(&renumber)
        .zip(&starts)
        .map(|((m, ids), start)| encode(m, ids, *start))
        .collect();
    let contents: Vec<Vec<u8>> = sources
        .par_iter()
        .map(|(_, c)| {
            // Room for the text and some escapes: growing a source's copy
            // step by step was a third of the join.
            let mut v = Vec::with_capacity(c.map_or(4, |c| c.len() + c.len() / 8 + 2));
            serde_json::to_writer(&mut v, c).expect("a string serializes");
            v
        })
        .collect();

    let size = mappings.iter().map(String::len).sum::<usize>()
        + contents.iter().map(Vec::len).sum::<usize>()
        + sources.iter().map(|(s, _)| s.len() + 3).sum::<usize>()
        + 128;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(b"{\"version\":3,\"file\":");
    write_str(&mut out, file);
    out.extend_from_slice(b",\"sources\":[");
    for (i, (name, _)) in sources.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(&mut out, name);
    }
    out.push(b']');
    if sources.iter().any(|(_, c)| c.is_some()) {
        out.extend_from_slice(b",\"sourcesContent\":[");
        for (i, c) in contents.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(c);
        }
        out.push(b']');
    }
    out.extend_from_slice(b",\"names\":[],\"mappings\":\"");
    for m in &mappings {
        out.extend_from_slice(m.as_bytes());
    }
    out.extend_from_slice(b"\"}");
    String::from_utf8(out).expect("JSON of UTF-8 strings is UTF-8")
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(out, s).expect("writing to a Vec cannot fail");
}

/// One slice's `mappings` text, as `swc_sourcemap` encodes tokens (a token
/// equal to the one before it on its line is left out), from `start`. A slice
/// begins on a later line than the one before it ended on (slices end at line
/// ends), so only the `;`s in between join them; the first slice's first token
/// may be on line 0, written with no separator.
fn encode(map: &SourceMap, ids: &[u32], start: State) -> String {
    debug_assert_eq!(map.get_name_count(), 0, "chunk maps carry no names");
    let mut out = String::with_capacity(map.get_token_count() as usize * 6);
    let mut s = start;
    let mut dst_col = 0;
    let mut prev: Option<RawToken> = None;
    for t in map.tokens() {
        let t = t.get_raw_token();
        if t.dst_line != s.dst_line {
            dst_col = 0;
            for _ in s.dst_line..t.dst_line {
                out.push(';');
            }
            s.dst_line = t.dst_line;
        } else if let Some(p) = prev {
            if p == t {
                continue;
            }
            out.push(',');
        }
        prev = Some(t);
        vlq(&mut out, t.dst_col as i64 - dst_col as i64);
        dst_col = t.dst_col;
        if t.src_id != !0 {
            let id = ids[t.src_id as usize];
            vlq(&mut out, id as i64 - s.src_id as i64);
            vlq(&mut out, t.src_line as i64 - s.src_line as i64);
            vlq(&mut out, t.src_col as i64 - s.src_col as i64);
            s.src_id = id;
            s.src_line = t.src_line;
            s.src_col = t.src_col;
        }
    }
    out
}

/// One base64 VLQ number, appended (`swc_sourcemap::vlq::generate_vlq_segment`
/// makes a `String` per segment: a million of them for the 10k app).
fn vlq(out: &mut String, n: i64) {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut n = if n < 0 { ((-n) << 1) + 1 } else { n << 1 };
    loop {
        let mut digit = n & 0b11111;
        n >>= 5;
        if n > 0 {
            digit |= 1 << 5;
        }
        out.push(B64[digit as usize] as char);
        if n == 0 {
            break;
        }
    }
}
