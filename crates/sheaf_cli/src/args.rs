//! The command-line grammar (clap). Every option is documented here and so in `--help`.
//!
//! Example: `sheaf build app=src/main.tsx --outdir dist --format iife --global-name App`.
//!
//! Why only parsing here: merging with the config file and validating lives in
//! `config.rs`, so both sources of options go through the same checks.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(name = "sheaf", version, about = "A fast JavaScript and TypeScript bundler", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Bundle entry points and their dependencies into output files.
    Build(Box<BuildArgs>),
    /// Transpile files or folders one by one, without bundling (TypeScript, JSX,
    /// --target lowering, --minify), keeping the folder structure.
    Transform(TransformArgs),
    /// Serve an app from memory with hot module replacement: the module scripts
    /// of index.html are the entries; saved files are rebuilt and pushed to the page.
    Dev(DevArgs),
}

#[derive(Args, Debug, Default, Clone)]
pub struct DevArgs {
    /// The app's folder (serving its index.html) or an .html file [default: .].
    pub root: Option<PathBuf>,

    /// Port to listen on; the next free one is taken when it is busy.
    #[arg(long, default_value_t = 5173)]
    pub port: u16,

    /// Address to listen on (127.0.0.1 keeps the server to this machine).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// The mode: import.meta.env.MODE, and which .env.[mode] files are read
    /// [default: development].
    #[arg(long, value_name = "MODE")]
    pub mode: Option<String>,
}

#[derive(Args, Debug, Default)]
pub struct TransformArgs {
    /// Files or folders (folders are walked, skipping node_modules and .d.ts files).
    #[arg(required = true)]
    pub inputs: Vec<String>,

    /// Write outputs here, mirroring the inputs' folders; without it, one file's
    /// output goes to standard output.
    #[arg(long, value_name = "DIR")]
    pub outdir: Option<PathBuf>,

    /// Syntax the output may use (as for `build`).
    #[arg(long, value_name = "LIST")]
    pub target: Option<String>,

    /// Emit source maps (linked by default; needs --outdir).
    #[arg(long, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "linked")]
    pub sourcemap: Option<SourceMapArg>,

    /// Mangle local names and remove whitespace.
    #[arg(long)]
    pub minify: bool,

    /// JSX runtime (as for `build`).
    #[arg(long, value_enum)]
    pub jsx: Option<JsxArg>,

    /// Package the automatic JSX runtime is imported from.
    #[arg(long, value_name = "PKG")]
    pub jsx_import_source: Option<String>,

    /// Replace a global identifier or member chain with a JavaScript expression (repeatable).
    #[arg(long, value_name = "KEY=EXPR")]
    pub define: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Esm,
    Cjs,
    Iife,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PlatformArg {
    Browser,
    Node,
    Neutral,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum SourceMapArg {
    Linked,
    Inline,
    External,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevelArg {
    Silent,
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum AnalyzeArg {
    Table,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExportsArg {
    Named,
    Auto,
    Default,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum LegalCommentsArg {
    Inline,
    Eof,
    None,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PolyfillsArg {
    Usage,
    Entry,
    Off,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum UnresolvedArg {
    Error,
    External,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum JsxArg {
    Automatic,
    Classic,
}

#[derive(Args, Debug, Default)]
pub struct BuildArgs {
    /// Entry points: `src/main.ts`, or `name=src/main.ts` to name the output `name.js`.
    pub entries: Vec<String>,

    /// Write the bundle to this file (one entry point only).
    #[arg(long, value_name = "FILE")]
    pub outfile: Option<PathBuf>,

    /// Write one file per entry point into this folder, as `DIR/NAME.js`.
    #[arg(long, value_name = "DIR")]
    pub outdir: Option<PathBuf>,

    /// Output format [default: esm].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Where the bundle runs [default: browser]. `node` keeps built-ins external
    /// and uses the `node` export condition; `browser` honours the `browser` field.
    #[arg(long, value_enum)]
    pub platform: Option<PlatformArg>,

    /// With --format iife: the global variable (or dotted path) that receives the entry's exports.
    #[arg(long, value_name = "NAME")]
    pub global_name: Option<String>,

    /// Keep matching imports out of the bundle (repeatable; `*` matches any run of characters).
    /// A path (`./vendor/*`, `../x.js`, `/abs/*`) also matches the files imports resolve
    /// to, relative to the working directory.
    #[arg(long, value_name = "NAME")]
    pub external: Vec<String>,

    /// Replace a global identifier or member chain with a JavaScript expression,
    /// e.g. --define process.env.NODE_ENV='"production"' (repeatable). A key
    /// `typeof NAME` folds `typeof NAME`: --define 'typeof window="object"'.
    #[arg(long, value_name = "KEY=EXPR")]
    pub define: Vec<String>,

    /// Emit a source map: `linked` (default when given without a value) writes
    /// FILE.map and a sourceMappingURL comment, `inline` embeds it, `external`
    /// writes FILE.map without a comment.
    #[arg(long, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "linked")]
    pub sourcemap: Option<SourceMapArg>,

    /// JSX runtime; otherwise tsconfig.json `jsx`, then `@jsxRuntime` pragmas, then automatic.
    #[arg(long, value_enum)]
    pub jsx: Option<JsxArg>,

    /// Package the automatic JSX runtime is imported from (default: `react`).
    #[arg(long, value_name = "PKG")]
    pub jsx_import_source: Option<String>,

    /// Syntax the output may use: es5, es2015 … es2024, esnext, or a browserslist
    /// query such as "defaults" or "ie 11, chrome 58". Everything newer is lowered,
    /// node_modules included. Default: the project's browserslist config, else esnext.
    #[arg(long, value_name = "LIST")]
    pub target: Option<String>,

    /// Minify the output: compress, mangle local names, remove whitespace (keeps
    /// /*! … */, @license and @preserve comments). Also defaults
    /// process.env.NODE_ENV to "production".
    #[arg(long)]
    pub minify: bool,

    /// Where /*! … */, @license and @preserve comments go: `inline` (where they
    /// are; default), `eof` (each once, at the end of each output file) or `none`.
    #[arg(long, value_enum, value_name = "MODE")]
    pub legal_comments: Option<LegalCommentsArg>,

    /// cjs and iife (--global-name) output: how an entry hands out its exports.
    /// `named` (default): `exports.name`, `exports.default`; `auto`: `module.exports
    /// = value` when `default` is the entry's only export (Rollup's default), else
    /// named; `default`: always `module.exports = value` (other exports are an error).
    #[arg(long, value_enum, value_name = "MODE")]
    pub exports: Option<ExportsArg>,

    /// `--tree-shaking=false` keeps every statement of every bundled module,
    /// used or not (as esbuild's flag and Rollup's `treeshake: false`) [default: true].
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub tree_shaking: Option<bool>,

    /// Import the core-js modules the --target lacks: `usage` (what each module
    /// uses), `entry` (replaces `import "core-js"`), or `off` (default). core-js
    /// must be installed in the project.
    #[arg(long, value_enum, value_name = "MODE")]
    pub polyfills: Option<PolyfillsArg>,

    /// Code splitting (needs --outdir; esm or cjs): every entry and every
    /// `import()` target gets a chunk, and code they share goes into shared
    /// chunks loaded once. Chunk control (manualChunks, minChunkSize,
    /// maxInitialChunks) is set in the config file.
    #[arg(long)]
    pub splitting: bool,

    /// What an import that does not resolve becomes: `error` (default, as in
    /// esbuild), or `external`: kept as an import at run time, with a warning (as
    /// in Rollup and rolldown)
    #[arg(long, value_enum, value_name = "MODE")]
    pub unresolved: Option<UnresolvedArg>,

    /// Path pattern of entry outputs inside --outdir, without extension:
    /// [name], [dir] (the entry's folder below the entries' common folder),
    /// [hash] (content hash) [default: [name]].
    #[arg(long, value_name = "PATTERN")]
    pub entry_names: Option<String>,

    /// Path pattern of shared and `import()` chunks [default: [name]-[hash]].
    #[arg(long, value_name = "PATTERN")]
    pub chunk_names: Option<String>,

    /// Path pattern of imported assets (images, fonts, …) copied to the output
    /// folder; [ext] is the file's extension [default: [name]-[hash]].
    #[arg(long, value_name = "PATTERN")]
    pub asset_names: Option<String>,

    /// Assets smaller than this (bytes) become data: URLs in the code and CSS
    /// instead of files; 0 never inlines [default: 4096].
    #[arg(long, value_name = "BYTES")]
    pub asset_inline_limit: Option<usize>,

    /// Write a JSON description of inputs and outputs (esbuild's metafile shape).
    #[arg(long, value_name = "FILE")]
    pub metafile: Option<PathBuf>,

    /// The mode: import.meta.env.MODE, and which .env.[mode] files are read
    /// (import.meta.env.PROD is true in production) [default: production].
    #[arg(long, value_name = "MODE")]
    pub mode: Option<String>,

    /// The public path the app is served under: import.meta.env.BASE_URL [default: /].
    #[arg(long, value_name = "PATH")]
    pub base: Option<String>,

    /// `--analyze` (or `=table`) prints each output's size and the inputs that
    /// take the most of it; `--analyze=html` also writes OUTDIR/analyze.html, a
    /// page with a zoomable treemap of each output by module, raw/gzip/brotli
    /// sizes, search, and the imports that bring each module in.
    #[arg(long, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "table", value_name = "KIND")]
    pub analyze: Option<AnalyzeArg>,

    /// After building, rebuild whenever an input file changes (only changed files
    /// are read and parsed again); a failed rebuild keeps the last output. Runs
    /// until interrupted.
    #[arg(long)]
    pub watch: bool,

    /// Read options from this JSON file (default: sheaf.config.json in the working directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Number of worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Print how long each stage of the build took.
    #[arg(long)]
    pub timings: bool,

    /// What is printed: `info` (default: outputs, warnings, errors, and a
    /// progress line on a terminal), `warning`, `error`, or `silent`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub log_level: Option<LogLevelArg>,
}
