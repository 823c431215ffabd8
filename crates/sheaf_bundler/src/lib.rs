//! The bundling pipeline: `build()` = scan → link → generate; `write()` puts the
//! result on disk atomically.
//!
//! Example:
//! ```ignore
//! let output = sheaf_bundler::build(&options)?;   // Err: every diagnostic of the run
//! sheaf_bundler::write(&output)?;                 // nothing is written if build failed
//! ```
//!
//! Why this shape: each stage hands the next an owned, documented struct
//! ([`graph::ModuleGraph`], [`link::LinkOutput`], [`OutputAsset`]), and later stages
//! only borrow, so watch mode can keep the graph and re-link cheaply.

pub mod analyze_page;
pub mod asset;
mod builtins;
pub mod cache;
pub mod css;
mod css_modules;
mod data_url;
pub mod dev;
pub mod env;
pub mod generate;
pub mod graph;
mod guard;
pub mod html;
mod largest_first;
pub mod link;
pub mod metafile;
pub mod naming;
mod pages;
mod plugin_output;
mod plugin_scan;
mod pool;
mod public;
mod read_outside;
mod runtime;
pub mod scan;
mod tailwind;
pub mod transpile;
pub mod write;

use std::time::{Duration, Instant};

use sheaf_common::{diagnostic::sort_diagnostics, BuildOptions, Diagnostic, Platform, Polyfills};
use sheaf_ecma::{Define, EcmaContext, Lowering};
use sheaf_resolve::Resolver;

pub use cache::ModuleCache;
pub use generate::OutputAsset;
pub use guard::install_quiet_panic_hook;
pub use transpile::{transpile, transpile_source};
pub use write::write;

/// Everything a successful build produced. Nothing is on disk yet.
pub struct BuildOutput {
    pub assets: Vec<OutputAsset>,
    pub warnings: Vec<Diagnostic>,
    /// The esbuild-shaped metafile of this build (written with `--metafile`,
    /// summarized by `--analyze`).
    pub metafile: serde_json::Value,
    /// Modules in the build, and how many of them were read from disk (the
    /// rest came from the watch-mode cache).
    pub modules: usize,
    pub modules_loaded: usize,
    /// How long each stage took, in order (`sheaf build --timings` prints them).
    pub timings: Vec<(&'static str, Duration)>,
    /// Every module of the graph, by `ModuleIdx` (what `OutputMeta` refers
    /// to): its id, and with plugins what it imports (`getModuleInfo`).
    pub graph: Vec<ModuleSummary>,
    /// The modules of chunks plugins emitted, in emission order (`getFileName`).
    pub emitted_chunks: Vec<std::path::PathBuf>,
}

/// One module of a build's graph, as plugins' `getModuleInfo` describes it.
#[derive(Clone, Debug, Default)]
pub struct ModuleSummary {
    pub path: std::path::PathBuf,
    pub is_entry: bool,
    /// Modules and externals it imports statically (and by `require`), in order.
    pub imported: Vec<String>,
    pub dynamically_imported: Vec<String>,
}

fn mark_entries(mut summary: Vec<ModuleSummary>, graph: &graph::ModuleGraph) -> Vec<ModuleSummary> {
    for e in &graph.entries {
        if let Some(s) = summary.get_mut(e.module.index()) {
            s.is_entry = true;
        }
    }
    summary
}

fn summarize(graph: &graph::ModuleGraph) -> Vec<ModuleSummary> {
    graph
        .modules
        .iter()
        .map(|m| {
            let (imported, dynamically_imported) =
                graph::import_ids(&m.info, |r| match &m.resolved[r] {
                    graph::ResolvedRecord::Module(t) => {
                        Some(plugin_scan::module_id(&graph.module(*t).path))
                    }
                    graph::ResolvedRecord::External(s) if !s.is_empty() => Some(s.clone()),
                    _ => None,
                });
            ModuleSummary {
                path: m.path.clone(),
                is_entry: false,
                imported,
                dynamically_imported,
            }
        })
        .collect()
}

/// Runs the whole pipeline. On failure, returns every error found in the run
/// (sorted, so the order does not depend on thread scheduling).
pub fn build(options: &BuildOptions) -> Result<BuildOutput, Vec<Diagnostic>> {
    build_with(options, None)
}

/// Watch mode: like [`build`], but modules of files that did not change since
/// the last build (see [`ModuleCache::invalidate`]) are taken from `cache`
/// instead of being read, parsed and transformed again.
pub fn rebuild(
    options: &BuildOptions,
    cache: &mut ModuleCache,
) -> Result<BuildOutput, Vec<Diagnostic>> {
    build_with(options, Some(cache))
}

fn build_with(
    options: &BuildOptions,
    cache: Option<&mut ModuleCache>,
) -> Result<BuildOutput, Vec<Diagnostic>> {
    let pool = pool::worker_pool(options.threads).map_err(|e| {
        vec![Diagnostic::error(
            "E_THREADS",
            format!("cannot start worker threads: {e}"),
        )]
    })?;
    // The stages run their parallel work on `pool`; scan's own thread is the
    // caller's, which is where plugin hooks are asked from (see `plugin_scan`).
    guard::guard_stage(|| "building".into(), || build_pages(options, cache, pool))
        .map(|mut output| {
            css::relabel(&mut output.warnings);
            output
        })
        .map_err(|mut d| {
            css::relabel(&mut d);
            sort_diagnostics(&mut d);
            d
        })
}

/// HTML entries: the pages are read first, their scripts and stylesheets are
/// bundled, then the pages are written (see `pages.rs`).
fn build_pages(
    options: &BuildOptions,
    cache: Option<&mut ModuleCache>,
    pool: &rayon::ThreadPool,
) -> Result<BuildOutput, Vec<Diagnostic>> {
    match pages::prepare(options)? {
        Some((pages, page_options)) => build_in_pool(&page_options, cache, Some(&pages), pool),
        None => build_in_pool(options, cache, None, pool),
    }
}

fn build_in_pool(
    options: &BuildOptions,
    cache: Option<&mut ModuleCache>,
    pages: Option<&pages::Pages>,
    pool: &rayon::ThreadPool,
) -> Result<BuildOutput, Vec<Diagnostic>> {
    validate(options)?;
    let fresh = cache.is_none().then(EcmaContext::new);
    let (ctx, mut loads) = match cache {
        Some(c) => (&c.ctx, Some(&mut c.loads)),
        None => (fresh.as_ref().expect("made without a cache"), None),
    };
    let (define, resolver, lowering) = prepare(ctx, options)?;

    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    if let Some(l) = loads.as_deref_mut() {
        l.start_build();
    }
    if let Some(hooks) = options.hooks.get() {
        hooks.build_start().map_err(|d| vec![d])?;
    }
    let (mut graph, mut errors) = scan::scan(
        Some(pool),
        ctx,
        options,
        &resolver,
        &define,
        lowering,
        loads.as_deref_mut(),
    );
    // Scan's warnings (an optional dependency left to run time) travel with the errors.
    let mut warnings: Vec<Diagnostic> = errors.extract_if(.., |d| !d.is_error()).collect();
    if graph.modules.iter().any(|m| m.css.is_some()) {
        let root = options.root.as_deref().unwrap_or(&options.cwd);
        warnings.extend(css::postcss_warning(&[root], &options.cwd));
    }
    // The modules of the chunks plugins emitted, in emission order.
    let emitted_chunks: Vec<std::path::PathBuf> = graph
        .entries
        .iter()
        .filter(|e| e.emitted)
        .map(|e| graph.module(e.module).path.clone())
        .collect();
    if let Some(hooks) = options.hooks.get() {
        let first_error = errors.iter().find(|d| d.is_error());
        if let Err(d) = hooks.build_end(first_error) {
            errors.push(d);
        }
        // renderStart: the output stage begins (before any chunk is rendered).
        if !errors.iter().any(|d| d.is_error()) {
            let emitted: Vec<String> = emitted_chunks
                .iter()
                .map(|p| plugin_scan::module_id(p))
                .collect();
            if hooks.has_hook("renderStart") || !emitted.is_empty() {
                if let Err(d) = hooks.render_start(&emitted) {
                    errors.push(d);
                }
            }
        }
    }
    let modules = graph.modules.len();
    let modules_loaded = loads.as_ref().map_or(modules, |l| l.fresh.len());
    lap("scan", &mut timings);
    let stage = |i| {
        if let Some(p) = &options.progress {
            p.set_stage(i)
        }
    };
    stage(1);
    let mut assets = Vec::new();
    // Code splitting links every entry into one set of chunks; otherwise each
    // entry is an output of its own.
    let units: Vec<Vec<usize>> = if options.splitting {
        vec![(0..graph.entries.len()).collect()]
    } else {
        (0..graph.entries.len()).map(|e| vec![e]).collect()
    };
    // With one output, rendering may consume the ASTs instead of cloning them
    // (not in watch mode: the cache keeps them for the next build).
    let mut owned = (units.len() == 1 && loads.is_none()).then(|| graph.take_asts());
    let mut outputs: Vec<Vec<OutputAsset>> = Vec::with_capacity(units.len());
    for unit in &units {
        let linked = guard::guard_stage(
            || format!("linking {}", graph.entries[unit[0]].name),
            || pool.install(|| link::link(ctx, &graph, unit, options)),
        );
        match linked {
            Ok(linked) => {
                lap("link", &mut timings);
                timings.extend(&linked.timings);
                stage(2);
                warnings.extend(linked.warnings.iter().cloned());
                let generated = pool.install(|| {
                    generate::generate(ctx, &graph, &linked, options, lowering, owned.as_mut())
                });
                match generated {
                    Ok(a) => outputs.push(a),
                    Err(e) => errors.extend(e),
                }
                lap("generate", &mut timings);
                // Its plans (names, members, preludes of every module): 4 ms
                // on one thread for the 10k app.
                sheaf_common::drop_later_unless_exiting(linked, options.exits_after);
            }
            Err(e) => errors.extend(e),
        }
    }
    // Plugins' banner/intro/outro/footer and renderChunk, once every output's
    // chunks are named (a hook may ask for any chunk's file name), then the
    // hashes of what they made (per output: each has its own chunk numbers).
    if let Some(hooks) = options.hooks.get() {
        plugin_output::announce(hooks, &graph, options, &outputs);
        for a in &mut outputs {
            errors.extend(plugin_output::render(hooks, &graph, options, a));
            if plugin_output::defers_hashes(options) {
                errors.extend(plugin_output::fill_hashes(hooks, &graph, options, a));
            }
        }
    }
    assets.extend(outputs.into_iter().flatten());
    let mut assets = generate::attach_maps(assets);
    assets.extend(copied_assets(&graph, options));
    if let Some(pages) = pages.filter(|_| errors.is_empty()) {
        match pages::emit(pages, &graph, &assets, options) {
            Ok(a) => assets.extend(a),
            Err(e) => errors.extend(e),
        }
    }
    let mut assets = same_files_once(assets);
    let metafile = match options.want_metafile || options.metafile.is_some() || options.analyze_page
    {
        true => metafile::metafile(&graph, &assets),
        false => serde_json::Value::Null,
    };
    if options.analyze_page {
        assets.push(OutputAsset {
            path: naming::output_root(options).join("analyze.html"),
            contents: analyze_page::page(&metafile, &assets, &options.cwd).into_bytes(),
            ..Default::default()
        });
    }
    if let Some(path) = &options.metafile {
        assets.push(OutputAsset {
            map: None,
            path: options.cwd.join(path),
            contents: serde_json::to_vec_pretty(&metafile).expect("JSON serializes"),
            meta: None,
        });
    }
    let mut seen = rustc_hash::FxHashSet::default();
    for asset in &assets {
        if !seen.insert(&asset.path) {
            errors.push(
                Diagnostic::error(
                    "E_OUTPUT_CONFLICT",
                    format!(
                        "Two outputs would be written to {}",
                        write::display_path(&asset.path, &options.cwd)
                    ),
                )
                .with_help(
                    "give the entries distinct names: sheaf build a=src/a/main.ts b=src/b/main.ts",
                ),
            );
        }
    }
    // Imports only for builds with plugins (`getModuleInfo`); others get each
    // module's path (the JS API's `facadeModuleId`, `moduleIds`).
    let summary = match options.hooks.get() {
        Some(_) => summarize(&graph),
        None => graph
            .modules
            .iter()
            .map(|m| ModuleSummary {
                path: m.path.clone(),
                ..Default::default()
            })
            .collect(),
    };
    let summary = mark_entries(summary, &graph);
    match loads {
        Some(l) => l.restore(graph),
        // With the resolver's cache of every path it looked at, and the
        // source map of every file (8 ms on one thread for the 10k app).
        None => {
            sheaf_common::drop_later_unless_exiting((graph, resolver, fresh), options.exits_after)
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    sort_diagnostics(&mut warnings);
    Ok(BuildOutput {
        assets,
        warnings,
        metafile,
        modules,
        modules_loaded,
        timings,
        graph: summary,
        emitted_chunks,
    })
}

/// What every module load needs: the defines, the resolver and the lowering.
pub(crate) fn prepare(
    ctx: &EcmaContext,
    options: &BuildOptions,
) -> Result<(Define, Resolver, Lowering), Vec<Diagnostic>> {
    // Only what `--define` says is folded: `typeof window` is left alone on every
    // platform (see `Define`), as in esbuild and Rollup.
    let define = Define::parse(ctx, &default_defines(options).map_err(|d| vec![d])?)?;
    let plugins = options.hooks.get().is_some();
    let resolver = Resolver::new(options.platform, options.external.clone(), &options.cwd)
        .keeping_queries(plugins)
        .listing_folders(!plugins);
    let lowering =
        Lowering::from_target(options.target.as_deref(), &options.cwd).map_err(|d| vec![d])?;
    let lowering = with_polyfills(lowering, options, &resolver).map_err(|d| vec![d])?;

    Ok((define, resolver, lowering))
}

/// A file both imported from code and named by a stylesheet's `url()` (or by
/// several chunks' CSS) is written once, with the metadata of the imported
/// module. Different contents for one path stay two outputs: a conflict.
fn same_files_once(assets: Vec<OutputAsset>) -> Vec<OutputAsset> {
    let mut at: rustc_hash::FxHashMap<std::path::PathBuf, usize> = Default::default();
    let mut out: Vec<OutputAsset> = Vec::with_capacity(assets.len());
    for a in assets {
        match at.get(&a.path) {
            Some(&i) if out[i].contents == a.contents => {
                if out[i].meta.is_none() {
                    out[i].meta = a.meta;
                }
            }
            _ => {
                at.insert(a.path.clone(), out.len());
                out.push(a);
            }
        }
    }
    out
}

/// Every imported asset file, once per output path.
fn copied_assets(graph: &graph::ModuleGraph, options: &BuildOptions) -> Vec<OutputAsset> {
    let root = naming::output_root(options);
    let mut seen = rustc_hash::FxHashSet::default();
    graph
        .modules
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let asset = m.asset.as_ref().filter(|a| !a.inlined)?;
            // The same file imported from several places is copied once.
            seen.insert(&asset.file).then(|| OutputAsset {
                map: None,
                path: root.join(&asset.file),
                contents: asset.bytes.clone(),
                meta: Some(generate::OutputMeta {
                    inputs: vec![(graph::ModuleIdx(i as u32), asset.bytes.len())],
                    ..Default::default()
                }),
            })
        })
        .collect()
}

/// The user's `--define`s plus the defaults a browser bundle needs:
/// `process.env.NODE_ENV` is `"development"`, or `"production"` with `--minify`
/// (packages such as React branch on it,
/// and `process` does not exist in browsers) and `global` is `globalThis`. On node
/// both are left to the run time. A user's define always wins.
fn default_defines(options: &BuildOptions) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut define = options.define.clone();
    for (key, value) in env::defines(options)? {
        if !define.iter().any(|(k, _)| *k == key) {
            define.push((key, value));
        }
    }
    if options.platform != Platform::Node {
        let node_env = if options.minify {
            "\"production\""
        } else {
            "\"development\""
        };
        for (key, value) in [("process.env.NODE_ENV", node_env), ("global", "globalThis")] {
            if !define.iter().any(|(k, _)| k == key) {
                define.push((key.to_string(), value.to_string()));
            }
        }
    }
    Ok(define)
}

fn validate(options: &BuildOptions) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    if options.entries.is_empty() {
        errors.push(
            Diagnostic::error("E_OPTIONS", "No entry points given")
                .with_help("usage: sheaf build src/index.ts --outfile dist/index.js"),
        );
    }
    if options.out_file.is_some() && options.out_dir.is_some() {
        errors.push(Diagnostic::error(
            "E_OPTIONS",
            "--outfile and --outdir cannot be used together",
        ));
    }
    if options.entries.len() > 1 && options.out_file.is_some() {
        errors.push(
            Diagnostic::error(
                "E_OPTIONS",
                "--outfile takes one entry point; several were given",
            )
            .with_help("use --outdir DIR to write one file per entry"),
        );
    }
    if options.out_file.is_none() && options.out_dir.is_none() {
        errors.push(
            Diagnostic::error("E_OPTIONS", "No output location")
                .with_help("pass --outfile FILE or --outdir DIR"),
        );
    }
    if options.splitting {
        if options.out_dir.is_none() {
            errors.push(
                Diagnostic::error("E_OPTIONS", "--splitting needs --outdir")
                    .with_help("code splitting writes several files: pass --outdir DIR"),
            );
        }
        if options.format == sheaf_common::Format::Iife {
            errors.push(
                Diagnostic::error(
                    "E_SPLITTING_FORMAT",
                    "Code splitting needs --format esm or cjs; an iife cannot load other files",
                )
                .with_help("use --format esm (browsers: <script type=\"module\">) or --format cjs"),
            );
        }
    }
    for (flag, pattern) in [
        ("--entry-names", &options.entry_names),
        ("--chunk-names", &options.chunk_names),
        ("--asset-names", &options.asset_names),
    ] {
        if let Some(p) = pattern {
            if let Err(d) = naming::check_pattern(flag, p) {
                errors.push(d);
            }
        }
    }
    if let Some(g) = &options.global_name {
        if !g.split('.').all(sheaf_common::is_identifier) {
            errors.push(Diagnostic::error(
                "E_OPTIONS",
                format!("--global-name {g:?} is not a valid identifier or dotted path"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `--polyfills usage|entry`: the project's core-js (its version decides which
/// modules exist) must be installed where the build runs.
fn with_polyfills(
    lowering: Lowering,
    options: &BuildOptions,
    resolver: &Resolver,
) -> Result<Lowering, Diagnostic> {
    let usage = match options.polyfills {
        Polyfills::Off => return Ok(lowering),
        Polyfills::Usage => true,
        Polyfills::Entry => false,
    };
    let missing = || {
        Diagnostic::error(
            "E_POLYFILL",
            "--polyfills needs core-js, which is not installed where the build runs",
        )
        .with_help("install it in the project: npm install core-js@3")
    };
    let manifest = resolver
        .resolve_entry(&options.cwd, "core-js/package.json")
        .map_err(|_| missing())?;
    let version = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json.get("version")?.as_str().map(str::to_string))
        .ok_or_else(missing)?;
    lowering.with_polyfills(usage, &version, core_js_order(&manifest))
}

/// core-js's module order (`es.symbol`, `es.symbol.description`, …), read from
/// its `full/index.js` (a list of `require('../modules/NAME')`), once per
/// installed copy: polyfills build on each other and must run in that order.
fn core_js_order(manifest: &std::path::Path) -> &'static [String] {
    use std::sync::{Mutex, OnceLock};
    static ORDERS: OnceLock<Mutex<rustc_hash::FxHashMap<std::path::PathBuf, &'static [String]>>> =
        OnceLock::new();
    let dir = manifest.parent().unwrap_or(manifest).to_path_buf();
    let mut orders = ORDERS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    orders.entry(dir.clone()).or_insert_with(|| {
        let text = std::fs::read_to_string(dir.join("full/index.js")).unwrap_or_default();
        let names: Vec<String> = text
            .lines()
            .filter_map(|l| {
                let rest = l.trim().strip_prefix("require('../modules/")?;
                Some(rest.split('\'').next()?.to_string())
            })
            .collect();
        Vec::leak(names)
    })
}
