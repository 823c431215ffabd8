//! Source maps for chunks: per-module mappings shifted by their line offset in the
//! chunk, then one `build_source_map` over all of them (swc-notes §6, variant 2).
//!
//! Example: a chunk of `a.js` (lines 0–9) then `b.ts` at line 12 passes
//! `[(0, &a.mappings), (12, &b.mappings)]` and gets one map with both sources.
//!
//! Why: modules render in parallel into their own buffers; only this join is serial.

use std::path::{Component, Path, PathBuf};

use swc_core::common::{source_map::SourceMapGenConfig, BytePos, FileName, LineCol};

use crate::EcmaContext;

/// Opaque mappings of one rendered module: source position → output line/column.
#[derive(Default, Clone)]
pub struct Mappings(pub(crate) Vec<(BytePos, LineCol)>);

impl Mappings {
    /// Mappings of one generated line: each `(column, source position)` (a
    /// position from a module's [`crate::Loc`] or `RenderedModule::hoisted`).
    pub fn on_one_line(marks: impl IntoIterator<Item = (u32, u32)>) -> Self {
        Mappings(
            marks
                .into_iter()
                .map(|(col, pos)| (BytePos(pos), LineCol { line: 0, col }))
                .collect(),
        )
    }
}

struct Config<'a> {
    map_dir: &'a Path,
}

impl SourceMapGenConfig for Config<'_> {
    fn file_name_to_source(&self, f: &FileName) -> String {
        match f {
            FileName::Real(p) => relative_path(self.map_dir, p),
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
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to_c: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to_c[common..] {
        out.push(c.as_os_str());
    }
    out.to_string_lossy().replace('\\', "/")
}

impl EcmaContext {
    /// Builds the JSON of one source map from modules placed at the given line
    /// offsets of one output file. `map_dir` is the folder the map is written to;
    /// `sources` are relative to it and `sourcesContent` is filled in.
    pub fn build_source_map(
        &self,
        parts: &[(u32, &Mappings)],
        map_dir: &Path,
        file: &str,
    ) -> String {
        let total = parts.iter().map(|(_, m)| m.0.len()).sum();
        let mut all: Vec<(BytePos, LineCol)> = Vec::with_capacity(total);
        for (offset, m) in parts {
            for (pos, lc) in &m.0 {
                let lc = LineCol {
                    line: lc.line + offset,
                    col: lc.col,
                };
                // One segment per output position: codegen records an enclosing
                // node (a dropped paren, a stripped `public`) and then the token
                // printed there; consumers disagree on which of two segments
                // wins, so only the token's (the last) is kept.
                match all.last_mut() {
                    Some(last) if last.1 == lc => {
                        if !pos.is_dummy() {
                            last.0 = *pos;
                        }
                    }
                    _ => all.push((*pos, lc)),
                }
            }
        }
        let mut map = self.cm.build_source_map(&all, None, Config { map_dir });
        map.set_file(Some(file.to_string()));
        let mut out = Vec::new();
        map.to_writer(&mut out)
            .expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("source maps are UTF-8 JSON")
    }
}
