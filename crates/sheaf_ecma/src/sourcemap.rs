//! Source maps for chunks: per-module mappings shifted by their line offset in the
//! chunk, then one `build_source_map` over all of them (swc-notes §6, variant 2).
//!
//! Example: a chunk of `a.js` (lines 0–9) then `b.ts` at line 12 passes
//! `[(0, &a.mappings), (12, &b.mappings)]` and gets one map with both sources.
//!
//! Why: modules render in parallel into their own buffers; the map is built in
//! slices on all cores and joined as text (`map_join.rs`).

use std::{
    borrow::Cow,
    path::{Component, Path, PathBuf},
    sync::OnceLock,
};

use swc_core::common::{source_map::SourceMapGenConfig, BytePos, FileName, LineCol};

use crate::{
    map_join::{Part, Parts},
    places::Places,
    EcmaContext,
};

/// Opaque mappings of one rendered module: output line/column → where in
/// the sources it comes from.
#[derive(Clone)]
pub struct Mappings(pub(crate) List);

/// A module's mappings, as its printer gave them.
#[derive(Clone)]
pub(crate) enum List {
    /// Each output place with a position in SWC's source map (SWC's printer).
    Positions(Vec<(BytePos, LineCol)>),
    /// Each output place with the line and UTF-16 column in one file that
    /// oxc's printer found for it (a converted module: `oxc_minify.rs`);
    /// `file` is where the file starts in SWC's source map. Only for a file
    /// whose lines end where SWC's do (no U+2028 or U+2029 in it): the map
    /// join writes them as they are, with no second look-up.
    Resolved { file: BytePos, places: Places },
}

impl Default for Mappings {
    fn default() -> Self {
        Mappings(List::Positions(Vec::new()))
    }
}

impl From<Vec<(BytePos, LineCol)>> for Mappings {
    fn from(positions: Vec<(BytePos, LineCol)>) -> Self {
        Mappings(List::Positions(positions))
    }
}

impl Mappings {
    /// Mappings of one generated line: each `(column, source position)` (a
    /// position from a module's [`crate::Loc`] or `RenderedModule::hoisted`).
    pub fn on_one_line(marks: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let on_line_0 = |(col, pos)| (BytePos(pos), LineCol { line: 0, col });
        Mappings::from(marks.into_iter().map(on_line_0).collect::<Vec<_>>())
    }

    fn part(&self) -> Part<'_> {
        match &self.0 {
            List::Positions(list) => Part::Positions(list),
            List::Resolved { file, places } => Part::Resolved {
                file: *file,
                places,
            },
        }
    }

    /// The mappings as positions in SWC's source map: resolved ones turned
    /// back by their file's lines (for the joins that need one sorted list).
    fn positions(&self, cm: &swc_core::common::SourceMap) -> Cow<'_, [(BytePos, LineCol)]> {
        match &self.0 {
            List::Positions(list) => Cow::Borrowed(list),
            List::Resolved { file, places } => {
                let Some(f) = cm.try_lookup_source_file(*file).ok().flatten() else {
                    return Cow::Owned(Vec::new());
                };
                let lines = crate::to_oxc::Lines::new(&f.src);
                Cow::Owned(lines.positions(f.start_pos, places.range(0..places.len())))
            }
        }
    }
}

struct Config<'a> {
    map_dir: RelativeTo<'a>,
}

impl<'a> Config<'a> {
    fn new(map_dir: &'a Path) -> Self {
        Config {
            map_dir: RelativeTo::new(map_dir),
        }
    }
}

impl SourceMapGenConfig for Config<'_> {
    fn file_name_to_source(&self, f: &FileName) -> String {
        match f {
            FileName::Real(p) => self.map_dir.path(p),
            other => other.to_string(),
        }
    }

    fn inline_sources_content(&self, _: &FileName) -> bool {
        true
    }

    fn skip(&self, f: &FileName) -> bool {
        !matches!(f, FileName::Real(_))
    }
}

/// `to` relative to the directory `from`, with `/` separators, as source maps want.
/// A module id that is not a path (a plugin's `\0virtual:x`) is shown as it is,
/// without the `\0`.
pub fn relative_path(from: &Path, to: &Path) -> String {
    RelativeTo::new(from).path(to)
}

/// [`relative_path`] from one directory, its components taken apart once: a
/// map names a source for every module (the 10k app's map join parsed its
/// folder again each time, about 9 ms of CPU of its `--minify --sourcemap`).
///
/// Most paths are inside the folder, and both are plain (`/a/b` and
/// `/a/b/c/d.js`): the answer is then the text after the folder's, without
/// taking either apart (that was 2,800 instructions for each module's
/// `// path` comment, 0.9% of building the 10k app).
struct RelativeTo<'a> {
    from: &'a Path,
    /// The folder's components, taken apart the first time they are needed.
    components: OnceLock<Vec<Component<'a>>>,
    /// The folder's text, when it is a plain absolute path.
    plain: Option<&'a str>,
}

impl<'a> RelativeTo<'a> {
    fn new(from: &'a Path) -> Self {
        let plain =
            (from.to_str()).filter(|f| f.starts_with('/') && f.len() > 1 && is_plain(&f[1..]));
        RelativeTo {
            from,
            components: OnceLock::new(),
            plain,
        }
    }

    fn path(&self, to: &Path) -> String {
        let inside = match (self.plain, to.to_str()) {
            (Some(from), Some(to)) => to.strip_prefix(from).and_then(|r| r.strip_prefix('/')),
            _ => None,
        };
        match inside {
            Some(rest) if cfg!(unix) && is_plain(rest) && !rest.contains('\\') => rest.to_string(),
            _ => self.by_components(to),
        }
    }

    fn by_components(&self, to: &Path) -> String {
        let from = self
            .components
            .get_or_init(|| self.from.components().collect());
        if !to.is_absolute() {
            let id = to.to_string_lossy();
            return id.trim_start_matches('\0').to_string();
        }
        let mut to_c = to.components();
        let mut common = 0;
        let mut first_apart = None;
        for c in to_c.by_ref() {
            if from.get(common) == Some(&c) {
                common += 1;
            } else {
                first_apart = Some(c);
                break;
            }
        }
        let mut out = PathBuf::new();
        for _ in common..from.len() {
            out.push("..");
        }
        for c in first_apart.into_iter().chain(to_c) {
            out.push(c.as_os_str());
        }
        out.to_string_lossy().replace('\\', "/")
    }
}

/// Whether `/`-separated `text` has only plain names: none empty, `.` or
/// `..` (no `a//b`, `./a`, `a/../b` or trailing `/`), so that its components
/// are its names.
fn is_plain(text: &str) -> bool {
    (text.as_bytes().split(|&b| b == b'/')).all(|name| !matches!(name, b"" | b"." | b".."))
}

impl EcmaContext {
    /// Builds the JSON of one source map from modules placed at the given line
    /// offsets of one output file. `map_dir` is the folder the map is written to;
    /// `sources` are relative to it and `sourcesContent` is filled in.
    ///
    /// `inputs` are the maps plugins gave for some modules (see [`chain_maps`]):
    /// positions in those modules are looked up there, so the map points into
    /// the files the plugins read.
    pub fn build_source_map(
        &self,
        parts: &[(u32, &Mappings)],
        map_dir: &Path,
        file: &str,
        inputs: &[(&Path, &swc_sourcemap::SourceMap)],
    ) -> String {
        let lists = parts.iter().map(|(offset, m)| (*offset, m.part()));
        let joined = Parts::new(lists.collect());
        if inputs.is_empty() && joined.in_order() {
            return self.sliced_map(&joined, map_dir, file, crate::map_join::SLICE);
        }
        // Out of order, or to be looked up in plugins' maps: one sorted list.
        let mut all = self.positions(parts);
        in_output_order(&mut all);
        if inputs.is_empty() {
            let parts = Parts::new(vec![(0, Part::Positions(&all))]);
            return self.sliced_map(&parts, map_dir, file, crate::map_join::SLICE);
        }
        let mut map = self.cm.build_source_map(&all, None, Config::new(map_dir));
        map = remap(&map, inputs, map_dir);
        map.set_file(Some(file.to_string()));
        let mut out = Vec::new();
        map.to_writer(&mut out)
            .expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("source maps are UTF-8 JSON")
    }

    /// The map of `parts` (in output order), written in slices of about
    /// `slice` mappings on all cores (see `map_join.rs`).
    fn sliced_map(&self, parts: &Parts, map_dir: &Path, file: &str, slice: usize) -> String {
        crate::map_join::source_map_json(&self.cm, &Config::new(map_dir), parts, file, slice)
    }

    /// All the mappings of `parts` (at their line offsets) as positions, one
    /// per output place ([`crate::map_join::positions_in_one_list`]).
    fn positions(&self, parts: &[(u32, &Mappings)]) -> Vec<(BytePos, LineCol)> {
        let lists: Vec<_> = (parts.iter())
            .map(|(offset, m)| (*offset, m.positions(&self.cm)))
            .collect();
        crate::map_join::positions_in_one_list(lists.iter().map(|(o, l)| (*o, &l[..])))
    }

    /// The mappings of a file whose code was printed once more
    /// ([`crate::chunk_minify`]): each of `tokens` (a position in the new code
    /// and the one in the old code it comes from) looked up in the old code's
    /// `parts`.
    pub fn remapped(&self, tokens: &[(LineCol, LineCol)], parts: &[(u32, &Mappings)]) -> Mappings {
        let mut all = self.positions(parts);
        in_output_order(&mut all);
        Mappings::from(crate::oxc_minify::compose(tokens, &all))
    }
}

/// Sorts mappings by output position, as swc's map builder sorts its tokens
/// (codegen's go down the output already; the slices of `map_join` must hold
/// whole lines). The sort is stable: mappings at one position stay in the
/// order codegen wrote them.
fn in_output_order(all: &mut [(BytePos, LineCol)]) {
    let key = |(_, lc): &(BytePos, LineCol)| (lc.line, lc.col);
    if !all.is_sorted_by_key(key) {
        all.sort_by_key(key);
    }
}

/// Composes the maps plugins returned for one module (each from its code to
/// the code before it, first hook first) into one map from the module's final
/// code to the files it came from. Sources become absolute paths (a relative
/// source is taken from the module's folder; a missing one is the module).
pub fn chain_maps(maps: &[String], module: &Path) -> Result<swc_sourcemap::SourceMap, String> {
    let mut chained: Option<swc_sourcemap::SourceMap> = None;
    for json in maps {
        let map = swc_sourcemap::SourceMap::from_slice(json.as_bytes())
            .map_err(|e| format!("invalid source map: {e}"))?;
        chained = Some(match chained {
            None => absolute_sources(map, module),
            Some(mut earlier) => {
                earlier.adjust_mappings(&map);
                earlier
            }
        });
    }
    chained.ok_or_else(|| "no source map".into())
}

fn absolute_sources(mut map: swc_sourcemap::SourceMap, module: &Path) -> swc_sourcemap::SourceMap {
    let dir = module.parent().unwrap_or(Path::new("/"));
    for i in 0..map.get_source_count() {
        let source = map.get_source(i).map(|s| s.to_string()).unwrap_or_default();
        let path = match source.as_str() {
            "" => module.to_path_buf(),
            s if Path::new(s).is_absolute() => PathBuf::from(s),
            s => sheaf_common::normalize_path(&dir.join(s)),
        };
        map.set_source(i, path.to_string_lossy().into_owned().into());
    }
    map
}

/// `map` with every position in a module of `inputs` replaced by where that
/// module's input map says it came from. A position the input map does not
/// cover on the same line is dropped rather than guessed.
fn remap(
    map: &swc_sourcemap::SourceMap,
    inputs: &[(&Path, &swc_sourcemap::SourceMap)],
    map_dir: &Path,
) -> swc_sourcemap::SourceMap {
    let map_dir = RelativeTo::new(map_dir);
    let by_name: rustc_hash::FxHashMap<String, &swc_sourcemap::SourceMap> = inputs
        .iter()
        .map(|(path, m)| (map_dir.path(path), *m))
        .collect();
    let mut b = swc_sourcemap::SourceMapBuilder::new(None);
    for token in map.tokens() {
        let input = token.get_source().and_then(|s| by_name.get(s.as_str()));
        let Some(input) = input else {
            let raw = b.add_token(&token, true);
            if raw.src_id != !0 && !b.has_source_contents(raw.src_id) {
                let contents = map.get_source_contents(token.get_src_id()).cloned();
                b.set_source_contents(raw.src_id, contents);
            }
            continue;
        };
        let found = input
            .lookup_token(token.get_src_line(), token.get_src_col())
            .filter(|t| t.get_dst_line() == token.get_src_line() && t.has_source());
        let Some(orig) = found else { continue };
        let source = orig.get_source().expect("filtered on has_source");
        let name = orig.get_name().or(token.get_name()).cloned();
        let raw = b.add(
            token.get_dst_line(),
            token.get_dst_col(),
            orig.get_src_line(),
            orig.get_src_col(),
            Some(map_dir.path(Path::new(source.as_str())).into()),
            name,
            false,
        );
        if !b.has_source_contents(raw.src_id) {
            let contents = input
                .get_source_contents(orig.get_src_id())
                .cloned()
                .or_else(|| {
                    std::fs::read_to_string(source.as_str())
                        .ok()
                        .map(Into::into)
                });
            b.set_source_contents(raw.src_id, contents);
        }
    }
    b.into_sourcemap()
}

/// An output map after `count` lines were inserted before line `at` (0-based)
/// of its file (a plugin's banner or intro).
pub fn shift_lines(map_json: &str, at: u32, count: u32) -> Result<String, String> {
    let map = swc_sourcemap::SourceMap::from_slice(map_json.as_bytes())
        .map_err(|e| format!("invalid source map: {e}"))?;
    let mut b = swc_sourcemap::SourceMapBuilder::new(map.get_file().cloned());
    for token in map.tokens() {
        let line = token.get_dst_line();
        let raw = b.add(
            if line >= at { line + count } else { line },
            token.get_dst_col(),
            token.get_src_line(),
            token.get_src_col(),
            token.get_source().cloned(),
            token.get_name().cloned(),
            false,
        );
        if raw.src_id != !0 && !b.has_source_contents(raw.src_id) {
            b.set_source_contents(
                raw.src_id,
                map.get_source_contents(token.get_src_id()).cloned(),
            );
        }
    }
    to_json(&b.into_sourcemap())
}

/// An output map followed by plugins' maps of later changes to the file
/// (`renderChunk`): one map from the final file to the original sources.
pub fn chain_output_map(map_json: &str, later: &[String]) -> Result<String, String> {
    let mut map = swc_sourcemap::SourceMap::from_slice(map_json.as_bytes())
        .map_err(|e| format!("invalid source map: {e}"))?;
    for json in later {
        let step = swc_sourcemap::SourceMap::from_slice(json.as_bytes())
            .map_err(|e| format!("invalid source map: {e}"))?;
        map.adjust_mappings(&step);
    }
    to_json(&map)
}

fn to_json(map: &swc_sourcemap::SourceMap) -> Result<String, String> {
    let mut out = Vec::new();
    map.to_writer(&mut out).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use swc_core::common::sync::Lrc;

    use super::*;
    use crate::map_join::positions_in_one_list;

    /// The quick answer for plain paths inside the folder is the one taken
    /// from the components, on every shape of path either can have.
    #[test]
    fn relative_paths_are_those_of_the_components() {
        let froms = [
            "/p",
            "/p/dist",
            "/p/dist/",
            "/p//dist",
            "/p/./dist",
            "/",
            "/p/../q",
            "p/dist",
        ];
        let tos = [
            "/p/dist/a.js",
            "/p/dist/src/a.ts",
            "/p/dist",
            "/p/dist/",
            "/p/dist//a.js",
            "/p/dist/./a.js",
            "/p/dist/../a.js",
            "/p/dist/a/.",
            "/p/dist/a\\b.js",
            "/p/distant/a.js",
            "/p/other/a.js",
            "/q/a.js",
            "/",
            "\0virtual:x",
            "rel/a.js",
            "/p/dist/é/ü.js",
        ];
        for from in froms {
            let relative = RelativeTo::new(Path::new(from));
            for to in tos {
                let to = Path::new(to);
                assert_eq!(
                    relative.path(to),
                    relative.by_components(to),
                    "{from} -> {to:?}"
                );
            }
        }
    }

    /// Whatever the slice size, the joined map is the one swc writes for the
    /// whole chunk: sources in order of first appearance, UTF-16 columns,
    /// deltas across slice ends, repeated tokens left out, files not mapped.
    #[test]
    fn a_map_joined_from_slices_is_the_map_of_the_whole() {
        let ctx = EcmaContext::new();
        let a = ctx.cm.new_source_file(
            Lrc::new(FileName::Real("/p/src/a.ts".into())),
            "let é = 1;\nconst \"\u{1F600}\" = 'x';\nf(é);\n".to_string(),
        );
        let b = ctx.cm.new_source_file(
            Lrc::new(FileName::Real("/p/src/b.js".into())),
            "export const b = 2;\n\nexport default b;\n".to_string(),
        );
        let anon = ctx
            .cm
            .new_source_file(Lrc::new(FileName::Anon), "x".to_string());
        let at = |f: &swc_core::common::SourceFile, off: u32| BytePos(f.start_pos.0 + off);
        let mut all = Vec::new();
        for line in 0..40u32 {
            let lc = |col| LineCol { line, col };
            match line % 5 {
                0 => all.extend([(at(&a, 0), lc(0)), (at(&a, 4), lc(4)), (at(&a, 4), lc(4))]),
                1 => all.extend([(at(&a, 12), lc(2)), (at(&a, 23), lc(9))]),
                2 => all.extend([(at(&b, 20), lc(0)), (at(&anon, 0), lc(5))]),
                3 => {}
                _ => all.extend([(at(&b, 0), lc(1)), (at(&a, 36), lc(7)), (at(&b, 7), lc(8))]),
            }
        }
        let whole = {
            let mut map = ctx
                .cm
                .build_source_map(&all, None, Config::new(Path::new("/p/dist")));
            map.set_file(Some("out.js".to_string()));
            to_json(&map).unwrap()
        };
        assert!(
            whole.contains("\"sources\":[\"../src/a.ts\",\"../src/b.js\"]"),
            "{whole}"
        );
        let parts = Parts::new(vec![(0, Part::Positions(&all))]);
        assert!(parts.in_order());
        for slice in [1, 2, 3, 7, 1000] {
            let joined = ctx.sliced_map(&parts, Path::new("/p/dist"), "out.js", slice);
            assert_eq!(joined, whole, "slices of {slice}");
        }
    }

    /// The same on pseudo-random mappings: positions anywhere in files with
    /// two-, three- and four-byte characters, moving back and forth; two files
    /// of one name; an unmapped file, a dummy position, positions reserved for
    /// comments and `u32::MAX`.
    #[test]
    fn a_map_written_from_random_mappings_is_the_one_swc_builds() {
        let ctx = EcmaContext::new();
        let text = |seed: u32| {
            let words = ["let ", "é", "x", "\u{1F600}", "€", "\n", "ab", "\r\n", " "];
            (0..400)
                .map(|i| words[((i * 7 + seed * 13) ^ (i / 3)) as usize % words.len()])
                .collect::<String>()
        };
        let real = |path: &str, seed| {
            let name = Lrc::new(FileName::Real(path.into()));
            ctx.cm.new_source_file(name, text(seed))
        };
        let files = [
            real("/p/src/a.ts", 1),
            real("/p/src/b.js", 2),
            ctx.cm.new_source_file(Lrc::new(FileName::Anon), text(3)),
            real("/p/src/a.ts", 4),
            real("/p/c.mjs", 5),
        ];
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut all = vec![(BytePos(0), LineCol { line: 0, col: 0 })];
        let mut file = 0;
        for line in 0..300u32 {
            // Distinct columns, not all in order (swc sorts them; ties would
            // come out of its unstable sort in no set order).
            let count = next(12) as u32;
            let shift = next(count as u64 + 1) as u32;
            for col in (0..count).map(|c| (c + shift) % count.max(1)) {
                if next(6) == 0 {
                    file = next(files.len() as u64) as usize;
                }
                let f = &files[file];
                // A character boundary of the file, near where the last one was.
                let src = &f.src;
                let mut off = next(src.len() as u64) as usize;
                while !src.is_char_boundary(off) {
                    off -= 1;
                }
                // (swc's builder panics on a dummy position elsewhere than
                // line 0, column 0; codegen writes none.)
                let pos = match next(40) {
                    1 => BytePos(u32::MAX),
                    2 => BytePos(u32::MAX - 5),
                    _ => BytePos(f.start_pos.0 + off as u32),
                };
                all.push((pos, LineCol { line, col: col * 3 }));
            }
        }
        in_output_order(&mut all);
        let config = Config::new(Path::new("/p/dist"));
        let mut map = ctx.cm.build_source_map(&all, None, config);
        map.set_file(Some("out.js".to_string()));
        let whole = to_json(&map).unwrap();
        // As one list, and as parts of a few lines each at their offsets
        // (some empty), as modules are.
        let mut lists: Vec<(u32, Vec<(BytePos, LineCol)>)> = Vec::new();
        for &(pos, lc) in &all {
            if lists.last().is_none_or(|(first, _)| lc.line >= first + 7) {
                lists.push((lc.line, Vec::new()));
                lists.push((lc.line, Vec::new()));
            }
            let (first, list) = lists.last_mut().unwrap();
            list.push((
                pos,
                LineCol {
                    line: lc.line - *first,
                    col: lc.col,
                },
            ));
        }
        let one = Parts::new(vec![(0, Part::Positions(&all))]);
        let parts = lists.iter().map(|(o, l)| (*o, Part::Positions(l)));
        let parts = Parts::new(parts.collect());
        // And with each run of mappings in one real file as oxc's printer
        // gives them: lines and UTF-16 columns, found here by hand.
        let runs = resolved_runs(&ctx, &all);
        let resolved = Parts::new(runs.iter().map(|r| (0, r.part())).collect());
        assert!(runs.iter().any(|r| matches!(r.0, List::Resolved { .. })));
        assert!(one.in_order() && parts.in_order() && resolved.in_order());
        for slice in [1, 5, 64, 100_000] {
            for parts in [&one, &parts, &resolved] {
                let joined = ctx.sliced_map(parts, Path::new("/p/dist"), "out.js", slice);
                assert_eq!(joined, whole, "slices of {slice}");
            }
        }
        // Turned back into positions, for the joins that need them.
        let all_parts: Vec<_> = runs.iter().map(|r| (0, r)).collect();
        assert_eq!(
            ctx.positions(&all_parts),
            positions_in_one_list([(0, &all[..])].into_iter())
        );
    }

    /// `all` cut into runs: each run of positions in one real file as a
    /// resolved list (its places' lines and UTF-16 columns), the rest as
    /// they are.
    fn resolved_runs(ctx: &EcmaContext, all: &[(BytePos, LineCol)]) -> Vec<Mappings> {
        let file_of = |pos: BytePos| {
            let f = ctx.cm.try_lookup_source_file(pos).ok().flatten()?;
            let inside = f.start_pos <= pos && pos < f.end_pos;
            (inside && matches!(*f.name, FileName::Real(_))).then_some(f)
        };
        // Positions, or a file's start and places in it.
        type Run = (
            Option<BytePos>,
            Vec<(BytePos, LineCol)>,
            Vec<(LineCol, LineCol)>,
        );
        let mut runs: Vec<Run> = Vec::new();
        for &(pos, lc) in all {
            let Some(f) = file_of(pos) else {
                match runs.last_mut() {
                    Some((None, list, _)) => list.push((pos, lc)),
                    _ => runs.push((None, vec![(pos, lc)], Vec::new())),
                }
                continue;
            };
            let line = f.lookup_line(pos).unwrap();
            let (begin, _) = f.line_bounds(line);
            let text = &f.src[(begin.0 - f.start_pos.0) as usize..(pos.0 - f.start_pos.0) as usize];
            let col = text.encode_utf16().count() as u32;
            let at = LineCol {
                line: line as u32,
                col,
            };
            match runs.last_mut() {
                Some((Some(file), _, places)) if *file == f.start_pos => places.push((lc, at)),
                _ => runs.push((Some(f.start_pos), Vec::new(), vec![(lc, at)])),
            }
        }
        let mappings = |(file, positions, places): Run| match file {
            None => Mappings::from(positions),
            Some(file) => Mappings(List::Resolved {
                file,
                places: Places::new(&places),
            }),
        };
        runs.into_iter().map(mappings).collect()
    }
}
