//! Plugin hooks as the bundler sees them: one object that answers whole batches
//! of `resolveId`, `load` and `transform` requests.
//!
//! Example: scan loads a level of modules, then asks `hooks.transform(batch)`
//! once for all of them; the implementation (the Node addon's JS plugin driver)
//! checks each plugin's filter in Rust and calls JavaScript only for the
//! modules a plugin wants, all of them concurrently.
//!
//! Why batches: scan is level by level (see `sheaf_bundler::scan`), and a hook
//! written in JavaScript may take any time. Asking once per level lets the
//! driver await every call at the same time on a thread that is not one of
//! the build's rayon workers, so no worker ever waits on JavaScript. The
//! zero-plugin build has no `Hooks` at all and pays nothing.

use std::{ops::Range, sync::Arc};

use crate::Diagnostic;

/// One of sheaf's own loaders, a plugin in the same ordered list as the
/// build's JS plugins (see `sheaf_bundler`'s `builtins.rs`): stylesheets,
/// assets, JSON files and text files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Css,
    Asset,
    Json,
    Text,
}

impl Builtin {
    /// Every builtin, in the order a build runs the ones not placed by the user.
    pub const ALL: [Builtin; 4] = [Builtin::Css, Builtin::Asset, Builtin::Json, Builtin::Text];

    /// Its plugin name (`sheaf:css`, …), as plugins and errors see it.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Css => "sheaf:css",
            Builtin::Asset => "sheaf:asset",
            Builtin::Json => "sheaf:json",
            Builtin::Text => "sheaf:text",
        }
    }

    /// The builtin of a plugin name (`sheaf:json`).
    pub fn named(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// A stretch of a hook's plugins in the order they run: JS plugins (the
/// positions `span` of the hook's order, asked in one batch) or a builtin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    Plugins(Range<usize>),
    Builtin(Builtin),
}

/// How a module refers to the specifier being resolved (Rollup's `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolveKind {
    Entry,
    Import,
    DynamicImport,
    Require,
    Style,
}

impl ResolveKind {
    /// The name Rollup and rolldown give this kind in `resolveId`'s options.
    pub fn as_str(self) -> &'static str {
        match self {
            ResolveKind::Entry => "entry-point",
            ResolveKind::Import => "import-statement",
            ResolveKind::DynamicImport => "dynamic-import",
            ResolveKind::Require => "require-call",
            ResolveKind::Style => "at-import",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ResolveRequest {
    pub specifier: String,
    /// The importing module's id; `None` for an entry point.
    pub importer: Option<String>,
    pub kind: ResolveKind,
}

/// A plugin's answer to `resolveId`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HookResolved {
    /// A module id: a file path, or any string (`\0virtual:x`) that a `load`
    /// hook will answer for.
    pub id: String,
    pub external: bool,
}

/// Module text from a `load` hook, or after the `transform` hooks.
#[derive(Clone, Debug, Default)]
pub struct HookSource {
    pub code: String,
    /// Source maps (JSON), in the order they were produced: each maps its code
    /// to the code before it. Empty when no hook changed the text.
    pub maps: Vec<String>,
    /// `js`, `jsx`, `ts`, `tsx`, `json` or `css` when a hook said; otherwise the
    /// id's extension decides, as for a file read from disk.
    pub module_type: Option<String>,
}

/// The module type after a hook changed a module's code (`before` its type)
/// without saying what the code is now: Rollup's plugins return JavaScript
/// without saying so, so a text file, or a JSON file whose text is no longer
/// JSON (`@rollup/plugin-json`'s `export const …`), is now `js`. Other types
/// stay (a plugin that changes CSS or TypeScript returns CSS or TypeScript).
pub fn type_after_change(before: &str, code: &str) -> Option<&'static str> {
    match before {
        "text" => Some("js"),
        "json" if !is_json(code) => Some("js"),
        _ => None,
    }
}

/// Whether `code` is JSON.
pub fn is_json(code: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(code).is_ok()
}

/// A module's text before the `transform` hooks run.
#[derive(Clone, Debug)]
pub struct TransformRequest {
    pub id: String,
    pub source: HookSource,
}

/// One output chunk as output hooks see it (Rollup's `RenderedChunk`).
#[derive(Clone, Debug, Default)]
pub struct ChunkInfo {
    /// Path inside the output folder, `/`-separated.
    pub file_name: String,
    /// `[name]`: the file's stem.
    pub name: String,
    /// An entry point (not a chunk of `import()`: that is `is_dynamic_entry`).
    pub is_entry: bool,
    pub is_dynamic_entry: bool,
    pub facade_module_id: Option<String>,
    pub module_ids: Vec<String>,
    pub exports: Vec<String>,
    /// Other chunks it imports (file names), statically and by `import()`.
    pub imports: Vec<String>,
    pub dynamic_imports: Vec<String>,
    /// `es`, `cjs` or `iife`, as Rollup names formats.
    pub format: String,
}

/// Text the `banner`, `intro`, `outro` and `footer` hooks add to a chunk
/// (each plugin's joined by a newline, in plugin order).
#[derive(Clone, Debug, Default)]
pub struct Addons {
    pub banner: String,
    pub intro: String,
    pub outro: String,
    pub footer: String,
}

/// A module after parsing and resolving its imports (`moduleParsed`).
#[derive(Clone, Debug, Default)]
pub struct ParsedModule {
    pub id: String,
    pub is_entry: bool,
    /// Ids it imports (and `require`s), resolved: files, virtual ids, externals.
    pub imported_ids: Vec<String>,
    pub dynamically_imported_ids: Vec<String>,
}

/// The hooks of one build. Every method answers a batch, one result per
/// request and in the same order.
pub trait BuildHooks: Send + Sync {
    /// `buildStart`: before anything is resolved.
    fn build_start(&self) -> Result<(), Diagnostic>;
    /// `resolveId`: the first plugin that returns an id wins; `None` leaves the
    /// specifier to sheaf's resolver.
    fn resolve_id(
        &self,
        requests: &[ResolveRequest],
    ) -> Vec<Result<Option<HookResolved>, Diagnostic>>;
    /// `load` (or `transform`)'s plugins in the order they run, as stretches
    /// of JS plugins between the builtins the user placed among them. A
    /// builtin not placed is not listed (it runs after every plugin).
    fn slots(&self, hook: &str) -> Vec<Slot>;
    /// `load` through the plugins at `span` of the hook's order: the first
    /// plugin that returns code wins; `None`: no plugin there loaded the id.
    fn load(
        &self,
        ids: &[String],
        span: Range<usize>,
    ) -> Vec<Result<Option<HookSource>, Diagnostic>>;
    /// `transform` through the plugins at `span` of the hook's order: each in
    /// order gets the previous one's code. Returns the text after them (the
    /// request's source when no plugin changed it).
    fn transform(
        &self,
        requests: Vec<TransformRequest>,
        span: Range<usize>,
    ) -> Vec<Result<HookSource, Diagnostic>>;
    /// `moduleParsed`, for each module once its imports are resolved (asked
    /// with or without the hook: `getModuleInfo` answers from it).
    fn module_parsed(&self, modules: &[ParsedModule]) -> Vec<Result<(), Diagnostic>>;
    /// `buildEnd`, with the first error of a failed build.
    fn build_end(&self, error: Option<&Diagnostic>) -> Result<(), Diagnostic>;
    /// Whether any plugin has `hook` (Rollup's name): a batch nobody answers
    /// is not even put together.
    fn has_hook(&self, hook: &str) -> bool;
    /// `banner`, `intro`, `outro`, `footer` of each chunk.
    fn addons(&self, chunks: &[ChunkInfo]) -> Vec<Result<Addons, Diagnostic>>;
    /// `renderChunk`: each plugin in order gets the previous one's code;
    /// `maps` of the result are the hooks' maps, first hook first.
    fn render_chunk(&self, chunks: Vec<(ChunkInfo, String)>)
        -> Vec<Result<HookSource, Diagnostic>>;
    /// `renderStart`, once the modules are loaded and before chunks render,
    /// with the modules of the chunks plugins emitted (in emission order).
    fn render_start(&self, _emitted_chunks: &[String]) -> Result<(), Diagnostic> {
        Ok(())
    }
    /// Every chunk of every output, once all are named and before any is
    /// rendered: what `renderChunk` hooks may ask about (file names still
    /// hold hash placeholders).
    fn output_chunks(&self, _chunks: &[ChunkInfo]) {}
    /// Chunks plugins emitted (`this.emitFile({ type: 'chunk' })`) since the
    /// last call: scan adds them as entry points.
    fn take_emitted_chunks(&self) -> Vec<EmittedChunk> {
        Vec::new()
    }
    /// `augmentChunkHash`: what each chunk's `[hash]` covers besides its code
    /// (every plugin's string, joined), `None` when no plugin added any.
    fn augment_chunk_hash(&self, chunks: &[ChunkInfo]) -> Vec<Result<Option<String>, Diagnostic>> {
        chunks.iter().map(|_| Ok(None)).collect()
    }
    /// Vite's `transformIndexHtml`: the page's text (`path` is its file)
    /// before sheaf reads its scripts, through every plugin in order.
    fn transform_index_html(&self, html: String, _path: &str) -> Result<String, Diagnostic> {
        Ok(html)
    }
    /// Files plugins asked to watch (`this.addWatchFile`), each with the ids
    /// of the modules whose `load` or `transform` asked: a change to the file
    /// loads those modules again (none: it was asked outside a module's hook).
    fn watch_files(&self) -> Vec<(std::path::PathBuf, Vec<String>)> {
        Vec::new()
    }
    /// Vite's `handleHotUpdate` in `sheaf dev`, for a changed file and the ids
    /// of its modules: the module ids to update instead when a plugin
    /// returned a list (an empty one: a plugin handled the change itself),
    /// `None` when none did.
    fn handle_hot_update(
        &self,
        _file: &str,
        _modules: Vec<String>,
    ) -> Result<Option<Vec<String>>, Diagnostic> {
        Ok(None)
    }
}

/// A chunk a plugin emitted: an entry point resolved like the others.
#[derive(Clone, Debug)]
pub struct EmittedChunk {
    /// The module to bundle from (resolved through `resolveId` as an entry).
    pub id: String,
    /// Its `[name]`; the file stem when `None`.
    pub name: Option<String>,
    /// Its file in the output, whatever the entry names say (Rollup's `fileName`).
    pub file_name: Option<String>,
}

/// The hooks of a build, if it has any (`BuildOptions::hooks`).
#[derive(Clone, Default)]
pub struct Hooks(pub Option<Arc<dyn BuildHooks>>);

impl Hooks {
    pub fn get(&self) -> Option<&dyn BuildHooks> {
        self.0.as_deref()
    }
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Hooks(plugins)"),
            None => f.write_str("Hooks(none)"),
        }
    }
}
