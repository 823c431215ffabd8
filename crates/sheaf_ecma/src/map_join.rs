//! A chunk's source map, written as JSON straight from its mappings, in slices
//! on all cores.
//!
//! Why: swc's `build_source_map` turns mappings into a map of tokens (28 bytes
//! each, plus its builder's tables), which then still has to be encoded. On
//! three.js ×10 minified that was 1.3 million tokens: about 90 MB of the
//! build's 340 MB peak. Here each mapping is resolved (source, line, UTF-16
//! column) and written as base64 VLQ at once, read from each module's own
//! list of mappings (`Parts`), not a copy of them all.
//!
//! How: the mappings are cut into slices at line ends. Each slice's files are
//! found in parallel (a range check per mapping, a lookup where the source
//! file changes); then, in output order, the sources are numbered as they
//! first appear and each slice's start state noted: the segment written last
//! before it. The slices are resolved and encoded in parallel from those
//! states, and the texts copied into place in parallel.
//!
//! Example: slices A (lines 0–999) and B (lines 1000–1999). B's text starts
//! with the `;` separators after A's last line and its first segment's deltas
//! from A's last segment.
//!
//! The map is the one swc's `build_source_map` makes of the same mappings (a
//! test holds them equal): a mapping at a position reserved for comments, or a
//! dummy one at line 0 column 0, is left out; `BytePos(u32::MAX)` maps to line
//! 0 column 0 of the source named last; a position in no file, or in a file the
//! config skips, is left out; a token equal to the one before it on its line is
//! left out. Sources with the same name are one source, whose text is the file
//! named last. The JSON is the one `swc_sourcemap` writes for that map:
//! `version`, `file`, `sources`, `sourcesContent`, `names`, `mappings`, with
//! serde_json's string escaping.

use rayon::{iter::Either, prelude::*};
use rustc_hash::{FxHashMap, FxHashSet};
use swc_core::common::{
    source_map::SourceMapGenConfig, sync::Lrc, BytePos, LineCol, SourceFile, SourceMap,
};

use crate::{
    json_string::write_json_string,
    line_index::{LineIndex, Wide},
    near_search::partition_point_near,
    places::Places,
};

/// Mappings per slice: enough to keep both cores busy, few enough that a
/// slice's output stays in cache.
pub(crate) const SLICE: usize = 32 * 1024;

/// One module's (or glue line's) mappings as `Parts` reads them: see
/// `sourcemap::List`.
#[derive(Clone, Copy)]
pub(crate) enum Part<'a> {
    Positions(&'a [(BytePos, LineCol)]),
    Resolved { file: BytePos, places: &'a Places },
}

impl Part<'_> {
    fn len(&self) -> usize {
        match self {
            Part::Positions(list) => list.len(),
            Part::Resolved { places, .. } => places.len(),
        }
    }
}

/// Where an output place comes from: a position in SWC's source map, or a
/// line and UTF-16 column already found in the file starting at `file`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Origin {
    Pos(BytePos),
    At { file: BytePos, line: u32, col: u32 },
}

impl Origin {
    fn is_dummy(self) -> bool {
        matches!(self, Origin::Pos(pos) if pos.is_dummy())
    }
}

/// A chunk's mappings in output order: its modules' (and glue lines') own
/// lists, each at its line offset, read in place rather than copied into one
/// list (18 MB of three.js ×10's peak).
pub(crate) struct Parts<'a> {
    parts: Vec<(u32, Part<'a>)>,
    /// How many mappings come before each part.
    before: Vec<usize>,
    len: usize,
}

impl<'a> Parts<'a> {
    /// `parts` as `(line offset, mappings)`, by offset.
    pub(crate) fn new(parts: Vec<(u32, Part<'a>)>) -> Self {
        let mut before = Vec::with_capacity(parts.len());
        let mut len = 0;
        for (_, m) in &parts {
            before.push(len);
            len += m.len();
        }
        Parts { parts, before, len }
    }

    /// Whether the mappings go down the output in order (line, then column),
    /// as codegen's do; the slices below must hold whole lines. Checked in
    /// ranges on all cores, each from the mapping before it.
    pub(crate) fn in_order(&self) -> bool {
        (0..self.len).into_par_iter().step_by(SLICE).all(|start| {
            let r = start..(start + SLICE).min(self.len);
            let mut raw = self.raw(r.start.saturating_sub(1)..r.end);
            let Some((_, first)) = raw.next() else {
                return true;
            };
            let mut last = (first.line, first.col);
            raw.all(|(_, lc)| {
                let ordered = (lc.line, lc.col) >= last;
                last = (lc.line, lc.col);
                ordered
            })
        })
    }

    /// The mappings `range` (indices over all parts), each on its output line.
    fn raw(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = (Origin, LineCol)> + '_ {
        let first = self.before.partition_point(|&b| b <= range.start).max(1) - 1;
        let parts = self.parts[first..].iter().zip(&self.before[first..]);
        parts
            .take_while(move |(_, &before)| before < range.end)
            .flat_map(move |(&(offset, part), &before)| {
                let lo = range.start.saturating_sub(before).min(part.len());
                let hi = range.end.saturating_sub(before).min(part.len());
                let down = move |lc| lines_down(lc, offset);
                match part {
                    Part::Positions(list) => Either::Left(
                        (list[lo..hi].iter()).map(move |&(pos, lc)| (Origin::Pos(pos), down(lc))),
                    ),
                    Part::Resolved { file, places } => {
                        Either::Right(places.range(lo..hi).map(move |(lc, at)| {
                            let (line, col) = (at.line, at.col);
                            (Origin::At { file, line, col }, down(lc))
                        }))
                    }
                }
            })
    }

    /// `f` called with the mappings `range`, one per output position
    /// ([`one_per_place`]), in a loop over each part's list (an iterator over
    /// all parts, asked for one mapping at a time, took 75 instructions a
    /// mapping: the small React app's `--minify --sourcemap` 419M -> 410M).
    pub(crate) fn for_each_merged(
        &self,
        range: std::ops::Range<usize>,
        f: impl FnMut(Origin, LineCol),
    ) {
        one_per_place(self.raw(range), |o| o.is_dummy(), f)
    }

    /// Ranges of about `size` mappings, each ending at the end of an output
    /// line (so one position's mappings are never cut apart): a cut at every
    /// `size`th mapping, moved on to where its line ends. Only the lines cut
    /// through are read, not every mapping.
    fn slices(&self, size: usize) -> Vec<std::ops::Range<usize>> {
        let size = size.max(1);
        let mut out = Vec::with_capacity(self.len / size + 1);
        let mut start = 0;
        for near in (size..self.len).step_by(size) {
            if near <= start {
                continue;
            }
            let mut raw = self.raw(near - 1..self.len);
            let line = raw.next().map(|(_, lc)| lc.line);
            let cut = near + raw.take_while(|(_, lc)| Some(lc.line) == line).count();
            if cut == self.len {
                break;
            }
            out.push(start..cut);
            start = cut;
        }
        if start < self.len {
            out.push(start..self.len);
        }
        out
    }
}

/// `lc` `offset` lines down (a part's place in its output file).
fn lines_down(lc: LineCol, offset: u32) -> LineCol {
    LineCol {
        line: lc.line + offset,
        col: lc.col,
    }
}

/// `f` called with mappings in output order, one per output position.
/// Codegen records an enclosing node (a dropped paren, a stripped `public`)
/// and then the token printed there; consumers disagree on which of two
/// segments wins, so only the token's (the last origin that is not a dummy)
/// is kept.
fn one_per_place<T: Copy>(
    raw: impl Iterator<Item = (T, LineCol)>,
    is_dummy: impl Fn(T) -> bool,
    mut f: impl FnMut(T, LineCol),
) {
    let mut pending: Option<(T, LineCol)> = None;
    raw.for_each(|(origin, lc)| match &mut pending {
        Some((kept, at)) if *at == lc => {
            if !is_dummy(origin) {
                *kept = origin;
            }
        }
        _ => {
            if let Some((kept, at)) = pending.replace((origin, lc)) {
                f(kept, at);
            }
        }
    });
    if let Some((kept, at)) = pending {
        f(kept, at);
    }
}

/// Lists of positions, each at its line offset, as one list with one
/// mapping per output position ([`one_per_place`]), for the joins that need
/// one list (sorted after).
pub(crate) fn positions_in_one_list<'l>(
    lists: impl Iterator<Item = (u32, &'l [(BytePos, LineCol)])>,
) -> Vec<(BytePos, LineCol)> {
    let lists: Vec<_> = lists.collect();
    let raw = (lists.iter()).flat_map(|&(offset, list)| {
        (list.iter()).map(move |&(pos, lc)| (pos, lines_down(lc, offset)))
    });
    let mut out = Vec::with_capacity(lists.iter().map(|(_, l)| l.len()).sum());
    one_per_place(
        raw,
        |pos: BytePos| pos.is_dummy(),
        |pos, lc| out.push((pos, lc)),
    );
    out
}

/// The JSON of the map of `parts`, encoded in slices of about `slice`
/// mappings.
pub(crate) fn source_map_json(
    cm: &SourceMap,
    config: &(dyn SourceMapGenConfig + Sync),
    parts: &Parts,
    file: &str,
    slice: usize,
) -> String {
    let slices = parts.slices(slice);
    let mut sources = number_sources(cm, config, parts, &slices);
    // Only files with positions to resolve (not those oxc's printer
    // resolved: React DOM's 625 KB).
    let indexes: FxHashMap<BytePos, LineIndex> = (sources.files.par_iter())
        .filter(|f| sources.positioned.contains(&f.start_pos))
        .map(|f| (f.start_pos, LineIndex::new(&f.src, f.start_pos)))
        .collect();
    sources.resolve_starts(&indexes);
    let mappings: Vec<String> = slices
        .par_iter()
        .zip(&sources.starts)
        .map(|(s, start)| {
            encode(
                cm,
                config,
                &sources.ids,
                &indexes,
                parts,
                s.clone(),
                start.0,
            )
        })
        .collect();
    write_json(&sources, mappings, file)
}

/// The sources of the map and where each slice's encoding starts.
struct Sources {
    /// Names in order of first appearance, each with the file named last.
    names: Vec<(String, Lrc<SourceFile>)>,
    /// Each mapped file's source id, by its start position.
    ids: FxHashMap<BytePos, u32>,
    /// Every mapped file, once (files of one name are one source).
    files: Vec<Lrc<SourceFile>>,
    /// The files with a mapping given as a position (by their start).
    positioned: FxHashSet<BytePos>,
    /// For each slice, the state the slices before it left, and the origin
    /// of the last segment before it (with its file's start) when that is in
    /// a file: its source line and column are filled in, a position's from
    /// the file's line index ([`Sources::resolve_starts`]).
    starts: Vec<(State, Option<(BytePos, Origin)>)>,
}

impl Sources {
    /// Each slice's start state gets the source line and column of the
    /// segment before it (`(file start, origin)`).
    fn resolve_starts(&mut self, indexes: &FxHashMap<BytePos, LineIndex>) {
        for (state, last) in &mut self.starts {
            let found = match *last {
                Some((_, Origin::At { line, col, .. })) => Some((line, col)),
                Some((file, Origin::Pos(pos))) => (indexes.get(&file))
                    .and_then(|index| resolve(index, pos, &mut Cursor::default())),
                None => continue,
            };
            (state.src_line, state.src_col) = found.unwrap_or_default();
        }
    }
}

/// Where the encoder stands after a segment: the deltas of the next one are
/// taken from here. Its source is also the one named last, which `u32::MAX`
/// maps to: a source is named where its file starts a run of segments.
#[derive(Clone, Copy, Default)]
struct State {
    dst_line: u32,
    src_id: u32,
    src_line: u32,
    src_col: u32,
}

/// What a mapping is before its file is known.
enum Kind {
    Skipped,
    /// `BytePos(u32::MAX)`: line 0, column 0 of the source named last.
    Unknown,
    /// In the file of this position.
    InFile(BytePos),
}

fn kind(origin: Origin, lc: LineCol) -> Kind {
    let pos = match origin {
        Origin::At { file, .. } => return Kind::InFile(file),
        Origin::Pos(pos) => pos,
    };
    if pos.is_reserved_for_comments() || (lc.line == 0 && lc.col == 0 && pos.is_dummy()) {
        Kind::Skipped
    } else if pos == BytePos(u32::MAX) {
        Kind::Unknown
    } else {
        Kind::InFile(pos)
    }
}

/// The file of consecutive positions: the last one found while positions stay
/// in it, else a lookup. A file the config skips is not kept.
struct FileCursor<'a> {
    cm: &'a SourceMap,
    config: &'a (dyn SourceMapGenConfig + Sync),
    current: Option<Lrc<SourceFile>>,
}

impl FileCursor<'_> {
    /// The file `pos` is in, and whether it differs from the last position's;
    /// `None` for a position in no file or in a skipped one.
    fn find(&mut self, pos: BytePos) -> Option<(&Lrc<SourceFile>, bool)> {
        let stays = (self.current.as_ref()).is_some_and(|f| f.start_pos <= pos && pos < f.end_pos);
        if !stays {
            let f = self.cm.try_lookup_source_file(pos).ok().flatten()?;
            if self.config.skip(&f.name) {
                return None;
            }
            self.current = Some(f);
        }
        Some((self.current.as_ref()?, !stays))
    }
}

/// Sources numbered as they first appear (by name), and each slice's start
/// state, from the last segment before it: each slice's files are found on
/// any core ([`slice_files`]), then numbered in output order.
fn number_sources(
    cm: &SourceMap,
    config: &(dyn SourceMapGenConfig + Sync),
    parts: &Parts,
    slices: &[std::ops::Range<usize>],
) -> Sources {
    let found: Vec<SliceFiles> = (slices.par_iter())
        .map(|s| slice_files(cm, config, parts, s.clone()))
        .collect();
    let mut by_name: FxHashMap<String, u32> = FxHashMap::default();
    let mut sources = Sources {
        names: Vec::new(),
        ids: FxHashMap::default(),
        files: Vec::new(),
        positioned: FxHashSet::default(),
        starts: Vec::with_capacity(slices.len()),
    };
    // Source line and column stay 0 here: [`Sources::resolve_starts`] fills
    // them in.
    let mut state = State::default();
    // The last segment's `(file start, origin)`, `None` after an unknown
    // one (`u32::MAX`: line 0, column 0); a slice with no segment hands it on.
    let mut last = None;
    // The start of the file the segments so far were in last: a slice's first
    // file is a switch only if it is another.
    let mut current = None;
    for slice in found {
        sources.positioned.extend(slice.positioned);
        sources.starts.push((state, last));
        for (i, (f, name)) in slice.switches.into_iter().enumerate() {
            if i == 0 && current == Some(f.start_pos) {
                continue;
            }
            current = Some(f.start_pos);
            state.src_id = name_source(&mut sources, &mut by_name, f, name);
        }
        if let Some((l, line)) = slice.end {
            (last, state.dst_line) = (l, line);
        }
    }
    sources
}

/// One slice's segments, as far as numbering the sources goes.
struct SliceFiles {
    /// Each file its segments move into (the first from none), with its
    /// source name.
    switches: Vec<(Lrc<SourceFile>, String)>,
    /// The files of its segments given as positions (by their start; some
    /// more than once).
    positioned: Vec<BytePos>,
    /// Its last segment: `(file start, origin)` (`None` for an unknown
    /// one) and output line. `None` for a slice with no segment.
    end: Option<(Option<(BytePos, Origin)>, u32)>,
}

/// What `slice`'s segments say about sources, with a file cursor of its own
/// (so its first file always counts as a switch).
fn slice_files(
    cm: &SourceMap,
    config: &(dyn SourceMapGenConfig + Sync),
    parts: &Parts,
    slice: std::ops::Range<usize>,
) -> SliceFiles {
    let mut files = FileCursor {
        cm,
        config,
        current: None,
    };
    let mut out = SliceFiles {
        switches: Vec::new(),
        positioned: Vec::new(),
        end: None,
    };
    parts.for_each_merged(slice, |origin, lc| {
        let last = match kind(origin, lc) {
            Kind::Skipped => return,
            Kind::Unknown => None,
            Kind::InFile(pos) => {
                let Some((f, switched)) = files.find(pos) else {
                    return;
                };
                if switched {
                    let name = config.file_name_to_source(&f.name);
                    out.switches.push((f.clone(), name));
                }
                let start = f.start_pos;
                let recorded = out.positioned.last() == Some(&start);
                if matches!(origin, Origin::Pos(_)) && !recorded {
                    out.positioned.push(start);
                }
                Some((start, origin))
            }
        };
        out.end = Some((last, lc.line));
    });
    out
}

/// Numbers `f`'s source, `name` (a new name gets the next id; a known one
/// takes `f`'s text, as swc's builder does) and returns its id.
fn name_source(
    sources: &mut Sources,
    by_name: &mut FxHashMap<String, u32>,
    f: Lrc<SourceFile>,
    name: String,
) -> u32 {
    let id = match by_name.get(&name) {
        Some(&id) => {
            sources.names[id as usize].1 = f.clone();
            id
        }
        None => {
            let id = sources.names.len() as u32;
            by_name.insert(name.clone(), id);
            sources.names.push((name, f.clone()));
            id
        }
    };
    if sources.ids.insert(f.start_pos, id).is_none() {
        sources.files.push(f);
    }
    id
}

/// The UTF-8 bytes beyond UTF-16 units before a position, kept from the last
/// position asked about, as swc's `calc_utf16_offset` does: consecutive
/// positions mostly move forward a little.
#[derive(Default)]
struct Utf16 {
    pos: BytePos,
    extra: u32,
    index: usize,
}

impl Utf16 {
    fn extra_before(&mut self, chars: &[Wide], pos: BytePos) -> u32 {
        if pos >= self.pos {
            while let Some(c) = chars.get(self.index).filter(|c| c.pos < pos) {
                self.extra += c.extra;
                self.index += 1;
            }
        } else {
            while let Some(c) = self.index.checked_sub(1).map(|i| &chars[i]) {
                if c.pos < pos {
                    break;
                }
                self.extra -= c.extra;
                self.index -= 1;
            }
        }
        self.pos = pos;
        self.extra
    }
}

/// What `resolve` keeps from the last position of one file it was asked
/// about: its line, and the UTF-16 offsets at that line's start and at it.
#[derive(Default)]
struct Cursor {
    line: usize,
    line_start: Utf16,
    pos: Utf16,
}

/// `pos` in the file of `index` as a line and a UTF-16 column. `None` only
/// for a position before the file's first line, which a position in the file
/// never is.
fn resolve(index: &LineIndex, pos: BytePos, cursor: &mut Cursor) -> Option<(u32, u32)> {
    // `SourceFile::lookup_line`, from the last position's line.
    let after = partition_point_near(&index.lines, cursor.line, |start| *start <= pos);
    let line = after.checked_sub(1)?;
    cursor.line = line;
    let line_start = index.lines[line];
    let chars = &index.wide;
    let line_char = line_start.0 - cursor.line_start.extra_before(chars, line_start);
    let char = pos.0 - cursor.pos.extra_before(chars, pos);
    Some((line as u32, char - line_char))
}

/// One slice's `mappings` text, as `swc_sourcemap` encodes tokens, from
/// `start`. A slice begins on a later line than the one before it ended on
/// (slices end at line ends), so only the `;`s in between join them; the first
/// slice's first segment may be on line 0, written with no separator.
fn encode(
    cm: &SourceMap,
    config: &(dyn SourceMapGenConfig + Sync),
    ids: &FxHashMap<BytePos, u32>,
    indexes: &FxHashMap<BytePos, LineIndex>,
    parts: &Parts,
    slice: std::ops::Range<usize>,
    start: State,
) -> String {
    let mut out = String::with_capacity(slice.len() * 6);
    let mut files = FileCursor {
        cm,
        config,
        current: None,
    };
    let mut cursor = Cursor::default();
    let mut index = None;
    let mut s = start;
    let mut file_id = start.src_id;
    let mut dst_col = 0;
    let mut prev: Option<[u32; 5]> = None;
    parts.for_each_merged(slice, |origin, lc| {
        let (src_id, src_line, src_col) = match kind(origin, lc) {
            Kind::Skipped => return,
            Kind::Unknown => (s.src_id, 0, 0),
            Kind::InFile(pos) => {
                let Some((f, switched)) = files.find(pos) else {
                    return;
                };
                if switched {
                    file_id = ids[&f.start_pos];
                    index = indexes.get(&f.start_pos);
                    cursor = Cursor::default();
                }
                let found = match origin {
                    Origin::At { line, col, .. } => Some((line, col)),
                    Origin::Pos(pos) => index.and_then(|i| resolve(i, pos, &mut cursor)),
                };
                let Some((line, col)) = found else {
                    return;
                };
                (file_id, line, col)
            }
        };
        let token = [lc.line, lc.col, src_id, src_line, src_col];
        if lc.line != s.dst_line {
            dst_col = 0;
            for _ in s.dst_line..lc.line {
                out.push(';');
            }
            s.dst_line = lc.line;
        } else if let Some(p) = prev {
            if p == token {
                return;
            }
            out.push(',');
        }
        prev = Some(token);
        vlq(&mut out, lc.col as i64 - dst_col as i64);
        dst_col = lc.col;
        vlq(&mut out, src_id as i64 - s.src_id as i64);
        vlq(&mut out, src_line as i64 - s.src_line as i64);
        vlq(&mut out, src_col as i64 - s.src_col as i64);
        (s.src_id, s.src_line, s.src_col) = (src_id, src_line, src_col);
    });
    out
}

/// The map's JSON: the sources' texts escaped in parallel, then every piece
/// copied into one buffer of the final size, in parallel too
/// ([`crate::concat`]: copied on one thread, three.js ×10's 18 MB map kept one
/// core busy and the other idle for a fifth of the join).
fn write_json(sources: &Sources, mappings: Vec<String>, file: &str) -> String {
    let contents: Vec<String> = sources
        .names
        .par_iter()
        .map(|(_, f)| {
            // Room for the text and some escapes: growing a source's copy
            // step by step was a third of the join.
            let mut v = Vec::with_capacity(f.src.len() + f.src.len() / 8 + 2);
            write_json_string(&mut v, &f.src);
            String::from_utf8(v).expect("JSON of a UTF-8 string is UTF-8")
        })
        .collect();
    let mut head = b"{\"version\":3,\"file\":".to_vec();
    write_json_string(&mut head, file);
    head.extend_from_slice(b",\"sources\":[");
    for (i, (name, _)) in sources.names.iter().enumerate() {
        if i > 0 {
            head.push(b',');
        }
        write_json_string(&mut head, name);
    }
    head.push(b']');
    let head = String::from_utf8(head).expect("JSON of UTF-8 strings is UTF-8");
    let mut pieces: Vec<&str> = vec![&head];
    if !contents.is_empty() {
        pieces.push(",\"sourcesContent\":[");
        for (i, c) in contents.iter().enumerate() {
            if i > 0 {
                pieces.push(",");
            }
            pieces.push(c);
        }
        pieces.push("]");
    }
    pieces.push(",\"names\":[],\"mappings\":\"");
    pieces.extend(mappings.iter().map(String::as_str));
    pieces.push("\"}");
    let mut out = String::new();
    crate::concat::append_strs(&mut out, &pieces);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    fn merged(parts: &Parts, range: std::ops::Range<usize>) -> Vec<(Origin, LineCol)> {
        let mut out = Vec::new();
        parts.for_each_merged(range, |origin, lc| out.push((origin, lc)));
        out
    }

    /// One mapping per output position, the last real one; across parts too.
    #[test]
    fn mappings_at_one_position_are_merged_into_the_last_real_one() {
        let a = [
            (BytePos(5), at(0, 1)),
            (BytePos(0), at(0, 3)),
            (BytePos(9), at(0, 3)),
        ];
        let b = [
            (BytePos(0), at(0, 3)),
            (BytePos(12), at(1, 0)),
            (BytePos(0), at(2, 0)),
        ];
        let lists = [(0, &a[..]), (0, &b[..]), (4, &[][..])];
        let parts = Parts::new(lists.map(|(o, l)| (o, Part::Positions(l))).to_vec());
        assert!(parts.in_order());
        let all = merged(&parts, 0..parts.len);
        let expected = [
            (BytePos(5), at(0, 1)),
            (BytePos(9), at(0, 3)),
            (BytePos(12), at(1, 0)),
            (BytePos(0), at(2, 0)),
        ];
        let origins = expected.map(|(pos, lc)| (Origin::Pos(pos), lc));
        assert_eq!(all, origins);
        assert_eq!(positions_in_one_list(lists.into_iter()), expected);
        assert_eq!(parts.slices(2), [0..4, 4..6]);
        assert_eq!(parts.slices(1), [0..4, 4..5, 5..6]);
        assert_eq!(merged(&parts, 4..6).len(), 2);
    }

    /// Numbers are the VLQ swc_sourcemap writes, at both ends of a u32's
    /// differences.
    #[test]
    fn numbers_are_encoded_as_swc_sourcemap_encodes_them() {
        let max = u32::MAX as i64;
        let cases = [
            [0, 0, 0, 0],
            [1, -1, 15, -16],
            [16, -17, 1023, -1024],
            [max, -max, 0, max],
        ];
        for numbers in cases {
            let mut out = String::new();
            numbers.iter().for_each(|&n| vlq(&mut out, n));
            let expected = swc_sourcemap::vlq::generate_vlq_segment(&numbers).unwrap();
            assert_eq!(out, expected, "{numbers:?}");
        }
    }

    #[test]
    fn parts_out_of_output_order_are_found() {
        let a = [(BytePos(1), at(0, 4)), (BytePos(2), at(0, 2))];
        assert!(!Parts::new(vec![(0, Part::Positions(&a))]).in_order());
        let b = [(BytePos(1), at(0, 0))];
        let c = Places::new(&[(at(0, 0), at(3, 1))]);
        let file = BytePos(1);
        let parts = vec![
            (3, Part::Positions(&b)),
            (1, Part::Resolved { file, places: &c }),
        ];
        assert!(!Parts::new(parts).in_order());
    }
}
