//! Build options: what `sheaf build` was asked to do, after the CLI and the config
//! file have been merged and validated.
//!
//! Example: `sheaf build app=src/main.ts --outdir dist --format iife` gives
//! `entries: [EntryPoint { name: Some("app"), path: "src/main.ts" }]`, `out_dir: Some("dist")`.
//!
//! Why plain data: every stage borrows one `BuildOptions`; nothing parses flags twice.

use std::path::PathBuf;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Esm,
    Cjs,
    Iife,
}

/// `--polyfills`: which core-js modules the output imports for `--target`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Polyfills {
    #[default]
    Off,
    /// The polyfills each module's code uses (`[].includes`, `Promise`, …).
    Usage,
    /// `import "core-js"` / `"core-js/stable"` is replaced by the modules the target lacks.
    Entry,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Platform {
    #[default]
    Browser,
    Node,
    Neutral,
}

/// `--legal-comments`: where `/*! … */`, `@license` and `@preserve` comments go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LegalComments {
    /// Where they are in the code (the default).
    #[default]
    Inline,
    /// Collected, each once, at the end of each output file (esbuild's `eof`).
    Eof,
    /// Left out.
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceMapMode {
    /// `out.js.map` next to the output, with a `//# sourceMappingURL` comment.
    Linked,
    /// A base64 data URL in the output itself.
    Inline,
    /// `out.js.map` without a comment in the output.
    External,
}

/// `--exports`: how a cjs or iife entry hands out its exports (Rollup's
/// `output.exports`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportsMode {
    /// `exports.name` for each export, `exports.default` too, and `__esModule`.
    #[default]
    Named,
    /// `module.exports = value` when the entry's only export is `default`
    /// (Rollup's and rolldown's default), else named.
    Auto,
    /// `module.exports = value`; an entry with other exports is an error.
    Default,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsxRuntime {
    Automatic,
    Classic,
}

/// What the command line said about JSX; unset fields fall back to the nearest
/// tsconfig.json, then to pragma comments, then to the automatic runtime from `react`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsxOptions {
    pub runtime: Option<JsxRuntime>,
    pub import_source: Option<String>,
    pub factory: Option<String>,
    pub fragment: Option<String>,
    pub development: bool,
    /// React Fast Refresh registration (`$RefreshReg$`, `$RefreshSig$`): `sheaf dev`
    /// turns it on for the project's own files when `react-refresh` is installed.
    pub refresh: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryPoint {
    /// `name=` prefix from the command line; otherwise the file stem.
    pub name: Option<String>,
    pub path: String,
}

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Directory that relative entries, outputs and source paths are taken from.
    pub cwd: PathBuf,
    pub entries: Vec<EntryPoint>,
    pub out_file: Option<PathBuf>,
    pub out_dir: Option<PathBuf>,
    pub format: Format,
    pub platform: Platform,
    pub global_name: Option<String>,
    /// Specifier patterns kept out of the bundle; `*` matches any run of characters.
    pub external: Vec<String>,
    /// `KEY=EXPR` pairs; EXPR is JavaScript source.
    pub define: Vec<(String, String)>,
    pub sourcemap: Option<SourceMapMode>,
    pub jsx: JsxOptions,
    /// `--target`: `es5` … `esnext` or a browserslist query; `None` uses the
    /// project's browserslist config if it has one, else leaves syntax as is.
    pub target: Option<String>,
    /// `--minify`: compress, mangle local names, drop whitespace.
    pub minify: bool,
    /// `--legal-comments`.
    pub legal_comments: LegalComments,
    /// `--polyfills`: core-js modules for what the target lacks (needs `--target`).
    pub polyfills: Polyfills,
    /// `--splitting`: shared code and `import()` targets get chunks of their own.
    pub splitting: bool,
    /// `--tree-shaking=false`: every statement of every bundled module is kept.
    pub keep_unused: bool,
    /// `--exports`.
    pub exports: ExportsMode,
    /// `--unresolved external`: an import that does not resolve is kept as an
    /// external import with a warning (Rollup's default) instead of an error.
    pub unresolved_external: bool,
    /// `--entry-names`: the path pattern of entry outputs (default `[name]`).
    pub entry_names: Option<String>,
    /// `--chunk-names`: the path pattern of other chunks (default `[name]-[hash]`).
    pub chunk_names: Option<String>,
    /// `--asset-names`: the path pattern of copied assets (default `[name]-[hash]`).
    pub asset_names: Option<String>,
    /// `--asset-inline-limit`: assets smaller than this many bytes become `data:`
    /// URLs instead of files (default 4096; 0 never inlines).
    pub asset_inline_limit: Option<usize>,
    /// `--metafile FILE`: write the esbuild-shaped metafile here.
    pub metafile: Option<PathBuf>,
    /// Config-file chunk control for code splitting.
    pub chunks: ChunkOptions,
    /// Worker threads; `None` lets rayon decide (one per core).
    pub threads: Option<usize>,
    /// `--mode`: `import.meta.env.MODE` and which `.env.[mode]` files are read
    /// (default `production`; `sheaf dev` uses `development`).
    pub mode: Option<String>,
    /// `--base`: the public path the app is served under (`import.meta.env.BASE_URL`;
    /// default `/`).
    pub base: Option<String>,
    /// The app's root (the folder of its pages): `/x` specifiers and URLs name
    /// `public/x` when that exists, else `ROOT/x`.
    pub root: Option<PathBuf>,
    /// Files that exist only in memory (a page's inline module scripts): path and
    /// text. An entry or import of such a path reads this text.
    pub virtual_files: Vec<(PathBuf, String)>,
    /// Built for `sheaf dev`: `import.meta.hot` is the dev server's (in a build it
    /// is `undefined`, so HMR code drops out).
    pub dev_server: bool,
    /// Plugin hooks (`resolveId`, `load`, `transform`, …) from the JS API.
    pub hooks: crate::hooks::Hooks,
    /// `--analyze=html`: also write `analyze.html` into the output folder.
    pub analyze_page: bool,
    /// The caller reads `BuildOutput::metafile` (`--analyze`, the JS API's
    /// `metafile: true`). Without it, `--metafile` or `--analyze=html`, no
    /// metafile is made (on 10,000 modules it costs as much as a quarter of link).
    pub want_metafile: bool,
    /// Updated as the build goes (the CLI's progress line on a terminal).
    pub progress: crate::progress::SharedProgress,
    /// The process exits once this build's output is written (the `sheaf`
    /// binary's one-shot `build`): what the build is done with (trees, the
    /// module graph) is not freed, the OS takes it back at exit. Never in
    /// watch mode, the dev server or the JS API.
    pub exits_after: bool,
}

/// Chunk control (config file only), applied with `--splitting`.
///
/// Example: `"manualChunks": { "vendor": ["react", "react-dom"] }, "minChunkSize": 2000,
/// "maxInitialChunks": 3`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChunkOptions {
    /// Named groups: each pattern is a package name (`react` matches
    /// `node_modules/react/…`) or a path glob relative to the working directory
    /// (`src/vendor/**`); matching modules go into the group's chunk.
    pub manual: Vec<(String, Vec<String>)>,
    /// Shared chunks smaller than this many source bytes are merged into a chunk
    /// every one of their importers already loads (when that is safe).
    pub min_size: Option<usize>,
    /// At most this many chunks loaded up front by one entry (its own and the
    /// shared chunks it imports statically).
    pub max_initial: Option<usize>,
    /// Rollup's `preserveEntrySignatures: "allow-extension"` (or `false`): an
    /// entry chunk may export more than its entry module does, so code its
    /// `import()`s share with it can live in it instead of a chunk of its own.
    pub extend_entries: bool,
}
