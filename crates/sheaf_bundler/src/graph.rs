//! The module graph: every module scan found, with its AST, facts and resolved
//! import records. Immutable once scan returns.
//!
//! Example: `graph.modules[idx].resolved[r]` is what record `r` of module `idx`
//! (`graph.modules[idx].info.records[r]`) resolved to.
//!
//! Why indices: modules refer to each other by [`ModuleIdx`], never by pointer, so
//! the graph is `Send + Sync` and later stages can borrow it from many threads.

use std::path::PathBuf;

use sheaf_ecma::{ModuleAst, ModuleInfo};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleIdx(pub u32);

impl ModuleIdx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolvedRecord {
    Module(ModuleIdx),
    External(String),
    /// Did not resolve; the error is already reported.
    Failed,
}

pub struct Module {
    pub path: PathBuf,
    /// Base for synthesized names, e.g. `src/utils/index.ts` → `utils`.
    pub name_hint: String,
    pub ast: ModuleAst,
    pub info: ModuleInfo,
    /// One entry per `info.records`.
    pub resolved: Vec<ResolvedRecord>,
    /// A `browser: false` replacement, or a file that failed to load: every
    /// import from it is `undefined` (and for a failed file, not reported again).
    pub is_empty_stub: bool,
    /// Node would load this file as an ES module (`.mjs`, or `"type": "module"`):
    /// then `import x from "cjs"` gives `module.exports` even with `__esModule`.
    pub node_esm: bool,
    /// `false` when its package.json `"sideEffects"` says the module has none:
    /// then it is left out entirely when none of its exports is used.
    pub side_effects: bool,
    /// Size of the file as read (the metafile's `bytes`; chunk size limits).
    pub source_bytes: usize,
    /// An image, font, … imported from code: copied to the output folder; the
    /// module's default export is its path there.
    pub asset: Option<crate::asset::Asset>,
    /// A stylesheet's text (its module source is its `@import`s; see `css.rs`).
    pub css: Option<String>,
    /// xxh3 of the file's bytes when it was read (watch mode skips saves that
    /// change nothing).
    pub content_hash: u64,
    /// Warnings about the file itself (a stylesheet's uncompiled Tailwind
    /// source): reported by every build that holds it, cached with it.
    pub warnings: Vec<sheaf_common::Diagnostic>,
    /// The plugins' source maps of this module, composed (`transform`, `load`):
    /// output maps look positions up here, to point into the original file.
    pub input_map: Option<std::sync::Arc<sheaf_ecma::InputMap>>,
}

pub struct Entry {
    /// Output name (`[name]`): the `name=` prefix or the file stem.
    pub name: String,
    pub module: ModuleIdx,
    /// A plugin emitted it (`emitFile({ type: 'chunk' })`), in emission order.
    pub emitted: bool,
    /// Its output file, when the plugin said (`fileName`): not from a pattern.
    pub file_name: Option<String>,
}

pub struct ModuleGraph {
    pub modules: Vec<Module>,
    pub entries: Vec<Entry>,
    /// Directory that output paths and `sources` are relative to.
    pub cwd: PathBuf,
    /// The folder that holds every entry: `[dir]` in name patterns is relative to it.
    pub outbase: PathBuf,
}

impl ModuleGraph {
    pub fn module(&self, idx: ModuleIdx) -> &Module {
        &self.modules[idx.index()]
    }

    /// Whether the module is a JSON file (CommonJS whose ESM view is a "Module").
    pub fn is_json(&self, idx: ModuleIdx) -> bool {
        sheaf_common::path_text::extension(&self.module(idx).path)
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    }

    /// Whether the module is CommonJS (emitted as a lazy factory).
    pub fn is_commonjs(&self, idx: ModuleIdx) -> bool {
        self.module(idx).info.format == sheaf_ecma::ModuleFormat::CommonJs
    }

    /// Moves every module's AST out (leaving empty ones), for a last use that
    /// consumes them. The facts (`info`) stay.
    pub fn take_asts(&mut self) -> Vec<Option<ModuleAst>> {
        self.modules
            .iter_mut()
            .map(|m| Some(std::mem::take(&mut m.ast)))
            .collect()
    }
}

/// What a module imports, by id: static imports and `require`s, then
/// `import()`s, each id once in record order. `target(r)` is the id record
/// `r` points at, if any (plugins' `moduleParsed` and `getModuleInfo`).
pub(crate) fn import_ids(
    info: &ModuleInfo,
    mut target: impl FnMut(usize) -> Option<String>,
) -> (Vec<String>, Vec<String>) {
    let (mut imported, mut dynamic) = (Vec::new(), Vec::new());
    for (r, record) in info.records.iter().enumerate() {
        let Some(id) = target(r) else { continue };
        let list = match record.kind {
            sheaf_ecma::ImportKind::Dynamic => &mut dynamic,
            _ => &mut imported,
        };
        if !list.contains(&id) {
            list.push(id);
        }
    }
    (imported, dynamic)
}
