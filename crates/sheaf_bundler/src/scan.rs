//! Scan: from the entry points, load every reachable module in parallel.
//!
//! Example: entries `[src/main.ts]` → level 0 loads `main.ts`; its records resolve to
//! `util.ts` and `react`, which form level 1, loaded together on rayon; and so on
//! until no new file turns up.
//!
//! Why level by level: module indices are assigned on the calling thread in a
//! fixed order, level by level, which makes the graph (and so the output)
//! identical whatever the thread count. Without plugins or a cache the files
//! themselves are loaded before that, all at once (`Preload`: a module's
//! imports start loading as soon as it is parsed), so that no level waits for
//! its largest file; with plugins each level is one batch through the hooks.

use std::{
    collections::hash_map::Entry as MapEntry,
    path::{Path, PathBuf},
    sync::Arc,
};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sheaf_common::{
    hooks::{Builtin, HookResolved, ResolveKind, ResolveRequest},
    BuildOptions, Diagnostic, EntryPoint, JsxOptions, JsxRuntime, Label,
};
use sheaf_ecma::{
    empty_module, load_module, Define, EcmaContext, ImportKind, LoadOptions, Lowering,
};
use sheaf_resolve::{Kind, PackageFacts, Resolved, Resolver};

use crate::{
    cache::{Loads, Reuse},
    graph::{Entry, Module, ModuleGraph, ModuleIdx, ResolvedRecord},
};

/// A file to load: its path, and whether it is a `browser: false` stub.
///
/// Two tasks are the same when their paths are the same text, as Rollup
/// compares module ids (the resolver's paths are normalized already).
/// `Path`'s own `Hash` and `Eq` walk its components: a tenth of scan's serial
/// numbering of 10,000 modules.
#[derive(Clone)]
pub(crate) struct Task {
    pub(crate) path: PathBuf,
    pub(crate) empty: bool,
}

impl PartialEq for Task {
    fn eq(&self, other: &Self) -> bool {
        self.empty == other.empty && self.path.as_os_str() == other.path.as_os_str()
    }
}

impl Eq for Task {}

impl std::hash::Hash for Task {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.path.as_os_str().as_encoded_bytes().hash(state);
        self.empty.hash(state);
    }
}

/// What a worker hands back for one file.
pub(crate) struct Loaded {
    pub(crate) module: Module,
    /// Resolved records that point at files, to be enqueued.
    pub(crate) files: Vec<(usize, Task)>,
    /// Records that did not resolve: reported, and the module is kept.
    pub(crate) errors: Vec<Diagnostic>,
}

/// Returns the graph and the errors found while building it. A file that failed
/// to load is in the graph as an empty module, so that linking can still run and
/// report its own errors in the same build.
///
/// Runs on the calling thread and hands each level's work to `pool` (the
/// global pool when `None`); with plugins, their hooks are asked from here,
/// never from a pool thread.
#[allow(clippy::too_many_arguments)]
pub fn scan(
    pool: Option<&rayon::ThreadPool>,
    ctx: &EcmaContext,
    options: &BuildOptions,
    resolver: &Resolver,
    define: &Define,
    lowering: Lowering,
    mut cache: Option<&mut Loads>,
) -> (ModuleGraph, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut index: FxHashMap<Task, ModuleIdx> = FxHashMap::default();
    let mut modules: Vec<Option<Module>> = Vec::new();
    let mut entries = Vec::new();
    let mut frontier: Vec<Task> = Vec::new();
    let hooks = options.hooks.get();

    // `file_names`: for emitted chunks, the file each must have (if said).
    let mut add_entries = |points: &[EntryPoint],
                           file_names: Option<&[Option<String>]>,
                           index: &mut FxHashMap<Task, ModuleIdx>,
                           modules: &mut Vec<Option<Module>>,
                           frontier: &mut Vec<Task>,
                           errors: &mut Vec<Diagnostic>|
     -> Vec<PathBuf> {
        let mut paths = Vec::new();
        for (k, (entry, resolved)) in points
            .iter()
            .zip(resolve_entries(options, points, resolver))
            .enumerate()
        {
            match resolved {
                Ok(path) => {
                    let task = Task { path, empty: false };
                    let idx = *index.entry(task.clone()).or_insert_with(|| {
                        modules.push(None);
                        frontier.push(task.clone());
                        ModuleIdx(modules.len() as u32 - 1)
                    });
                    let name = entry.name.clone().unwrap_or_else(|| file_stem(&task.path));
                    entries.push(Entry {
                        name,
                        module: idx,
                        emitted: file_names.is_some(),
                        file_name: file_names.and_then(|f| f[k].clone()),
                    });
                    paths.push(task.path);
                }
                Err(d) => errors.push(d),
            }
        }
        paths
    };
    // Entry modules' paths (`isEntry` for plugins).
    let mut entry_paths: rustc_hash::FxHashSet<PathBuf> = add_entries(
        &options.entries,
        None,
        &mut index,
        &mut modules,
        &mut frontier,
        &mut errors,
    )
    .into_iter()
    .collect();
    // Chunks plugins emitted in buildStart, or while loading a level.
    let mut emitted = |index: &mut FxHashMap<Task, ModuleIdx>,
                       modules: &mut Vec<Option<Module>>,
                       frontier: &mut Vec<Task>,
                       errors: &mut Vec<Diagnostic>|
     -> Vec<PathBuf> {
        let Some(hooks) = hooks else {
            return Vec::new();
        };
        let chunks = hooks.take_emitted_chunks();
        let file_names: Vec<Option<String>> = chunks.iter().map(|c| c.file_name.clone()).collect();
        let points: Vec<EntryPoint> = chunks
            .into_iter()
            .map(|c| EntryPoint {
                name: c.name,
                path: c.id,
            })
            .collect();
        add_entries(&points, Some(&file_names), index, modules, frontier, errors)
    };
    entry_paths.extend(emitted(
        &mut index,
        &mut modules,
        &mut frontier,
        &mut errors,
    ));

    // `[dir]` in asset names is relative to the folder that holds every entry.
    let outbase = crate::naming::common_folder(
        index
            .keys()
            .map(|t| t.path.parent().unwrap_or(Path::new("/"))),
    );
    // Pending edges: (module, record) → the index of the file it imports,
    // patched in once every module is loaded.
    let mut edges: Vec<(ModuleIdx, usize, ModuleIdx)> = Vec::new();
    // Without plugins or a cache every reachable file is loaded up front, each
    // module's imports as soon as it is parsed, and `number_preloaded` numbers
    // them; the levels below load with plugins or the cache.
    let load_env = crate::plugin_scan::LoadEnv {
        pool,
        ctx,
        options,
        resolver,
        define,
        lowering,
        outbase: &outbase,
        entries: None,
    };
    if let (None, None) = (hooks, &cache) {
        let preloaded = on_pool(pool, || Preload::run(&load_env, &frontier));
        if let Some(p) = &options.progress {
            p.add_modules(preloaded.len());
        }
        modules.reserve(preloaded.len());
        let roots = frontier.drain(..).map(|t| index[&t]).collect();
        number_preloaded(preloaded, roots, &mut modules, &mut edges, &mut errors);
    }
    while !frontier.is_empty() {
        let level: Vec<(ModuleIdx, Task)> = frontier.drain(..).map(|t| (index[&t], t)).collect();
        if let Some(p) = &options.progress {
            p.add_modules(level.len());
        }
        // One result per task of the level, in the level's order.
        let results: Vec<Result<Loaded, Vec<Diagnostic>>> = match hooks {
            Some(hooks) => {
                // With a cache (the dev server, the addon's `context()`) files
                // unchanged since the last build keep what the hooks made of
                // them, as in Vite and Rollup's watch mode (a file a plugin
                // watches for a module makes it load again: `ModuleCache::
                // forget`); virtual modules and modules whose imports must
                // resolve again go through the hooks again.
                let hits: Vec<Option<Loaded>> = level
                    .iter()
                    .map(|(_, task)| match cache.as_deref_mut() {
                        Some(c) if task.path.is_absolute() => match c.take(task) {
                            Some(Reuse::AsIs(loaded)) => Some(loaded),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                let misses: Vec<&Task> = level
                    .iter()
                    .zip(&hits)
                    .filter(|(_, hit)| hit.is_none())
                    .map(|((_, t), _)| t)
                    .collect();
                let env = crate::plugin_scan::LoadEnv {
                    entries: Some(&entry_paths),
                    ..load_env
                };
                let mut loaded = match misses.is_empty() {
                    true => Vec::new(),
                    false => crate::plugin_scan::load_level(hooks, &env, &misses),
                }
                .into_iter();
                hits.into_iter()
                    .map(|hit| match hit {
                        Some(l) => Ok(l),
                        None => loaded.next().expect("one load per missed task"),
                    })
                    .collect()
            }
            None => {
                // Watch mode: modules of unchanged files come from the last build.
                let hits: Vec<Option<Reuse>> = level
                    .iter()
                    .map(|(_, task)| cache.as_deref_mut().and_then(|c| c.take(task)))
                    .collect();
                on_pool(pool, || {
                    level
                        .par_iter()
                        .zip(hits)
                        .map(|((_, task), hit)| match hit {
                            Some(Reuse::AsIs(loaded)) => Ok(loaded),
                            Some(Reuse::Resolve(module)) => {
                                Ok(resolve_module(ctx, options, resolver, module, &[]))
                            }
                            None => load(&load_env, task),
                        })
                        .collect()
                })
            }
        };
        if let Some(c) = cache.as_deref_mut() {
            c.attempted
                .extend(level.iter().map(|(_, t)| t.path.clone()));
        }
        for ((idx, task), result) in level.into_iter().zip(results) {
            let lend = cache.as_deref_mut();
            let files = settle(result, idx, task, lend, &mut modules, &mut errors);
            for (record, task) in files {
                let target = match index.entry(task) {
                    MapEntry::Occupied(e) => *e.get(),
                    MapEntry::Vacant(e) => {
                        modules.push(None);
                        frontier.push(e.key().clone());
                        *e.insert(ModuleIdx(modules.len() as u32 - 1))
                    }
                };
                edges.push((idx, record, target));
            }
        }
        entry_paths.extend(emitted(
            &mut index,
            &mut modules,
            &mut frontier,
            &mut errors,
        ));
    }
    let mut modules: Vec<Module> = modules
        .into_iter()
        .map(|m| m.expect("every enqueued module was loaded or reported"))
        .collect();
    for (idx, record, target) in edges {
        modules[idx.index()].resolved[record] = ResolvedRecord::Module(target);
    }
    let graph = ModuleGraph {
        modules,
        entries,
        cwd: options.cwd.clone(),
        outbase,
    };
    (graph, errors)
}

/// The entry points' files: a plugin's `resolveId` first, then in-memory
/// files (a page's inline scripts), then sheaf's resolver.
fn resolve_entries(
    options: &BuildOptions,
    entries: &[EntryPoint],
    resolver: &Resolver,
) -> Vec<Result<PathBuf, Diagnostic>> {
    let hooked: Vec<Option<Result<HookResolved, Diagnostic>>> = match options.hooks.get() {
        Some(hooks) => {
            let requests: Vec<ResolveRequest> = entries
                .iter()
                .map(|e| ResolveRequest {
                    specifier: e.path.clone(),
                    importer: None,
                    kind: ResolveKind::Entry,
                })
                .collect();
            hooks
                .resolve_id(&requests)
                .into_iter()
                .map(|r| r.transpose())
                .collect()
        }
        None => vec![None; entries.len()],
    };
    let not_found = |entry: &sheaf_common::EntryPoint| {
        Diagnostic::error(
            "E_ENTRY",
            format!("Entry point \"{}\" not found", entry.path),
        )
        .with_help("entry paths are relative to the working directory")
    };
    entries
        .iter()
        .zip(hooked)
        .map(|(entry, hooked)| match hooked {
            Some(Ok(r)) if r.external => {
                Err(not_found(entry)
                    .with_help("a plugin's resolveId marked the entry point external"))
            }
            Some(Ok(r)) => Ok(PathBuf::from(r.id)),
            Some(Err(d)) => Err(d),
            None => {
                let path = sheaf_common::normalize_path(&options.cwd.join(&entry.path));
                match options.virtual_files.iter().find(|(p, _)| *p == path) {
                    Some((p, _)) => Ok(p.clone()),
                    None => resolver
                        .resolve_entry(&options.cwd, &entry.path)
                        .map_err(|_| not_found(entry)),
                }
            }
        })
        .collect()
}

/// The module of a file that failed to load: empty, so that linking can run.
fn failed_module(path: &Path) -> Module {
    let hint = name_hint(path);
    let (ast, info) = empty_module(&hint);
    Module {
        path: path.to_path_buf(),
        name_hint: hint,
        ast,
        info,
        resolved: vec![],
        is_empty_stub: true,
        node_esm: false,
        side_effects: true,
        source_bytes: 0,
        asset: None,
        css: None,
        content_hash: 0,
        warnings: Vec::new(),
        input_map: None,
    }
}

/// A parsed module with its records resolved (`hooked`: plugins' answers).
pub(crate) fn resolve_module(
    ctx: &EcmaContext,
    options: &BuildOptions,
    resolver: &Resolver,
    mut module: Module,
    hooked: &[Option<Result<HookResolved, Diagnostic>>],
) -> Loaded {
    let (resolved, files, errors) =
        resolve_records(ctx, options, resolver, &module.path, &module.info, hooked);
    module.resolved = resolved;
    Loaded {
        module,
        files,
        errors,
    }
}

/// Runs `f` on `pool`, or here (its parallel work on the global pool).
pub(crate) fn on_pool<R: Send>(
    pool: Option<&rayon::ThreadPool>,
    f: impl FnOnce() -> R + Send,
) -> R {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

fn is_node_esm(path: &Path, facts: PackageFacts) -> bool {
    match sheaf_common::path_text::extension(path) {
        Some("mjs" | "mts") => true,
        Some("cjs" | "cts") => false,
        _ => facts.esm,
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into())
}

/// `src/utils/index.ts` → `utils`; `my-lib.js` → `my_lib`: a valid identifier part.
fn name_hint(path: &Path) -> String {
    let stem = file_stem(path);
    let base = if stem == "index" {
        path.parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(stem)
    } else {
        stem
    };
    let mut out: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '$' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The JSX settings for one file: command line first, then the nearest tsconfig.json.
/// Pragma comments in the file override both (swc reads them).
fn jsx_for(options: &BuildOptions, resolver: &Resolver, path: &Path) -> JsxOptions {
    let mut jsx = options.jsx.clone();
    // Fast Refresh registers the project's components, not those of packages
    // (the path is looked at only when it is on).
    jsx.refresh = jsx.refresh && !sheaf_common::path_text::in_node_modules(path);
    let ts = resolver.tsconfig_jsx(path);
    if jsx.runtime.is_none() {
        match ts.jsx.as_deref() {
            Some("react") => jsx.runtime = Some(JsxRuntime::Classic),
            Some("react-jsx") => jsx.runtime = Some(JsxRuntime::Automatic),
            Some("react-jsxdev") => {
                jsx.runtime = Some(JsxRuntime::Automatic);
                jsx.development = true;
            }
            _ => {}
        }
    }
    if jsx.import_source.is_none() {
        jsx.import_source = ts.import_source;
    }
    if jsx.factory.is_none() {
        jsx.factory = ts.factory;
    }
    if jsx.fragment.is_none() {
        jsx.fragment = ts.fragment;
    }
    jsx
}

/// Decorators and class fields as the tsconfig.json that owns `path` says.
pub(crate) fn classes_for(resolver: &Resolver, path: &Path) -> sheaf_ecma::ClassOptions {
    let ts = resolver.tsconfig_classes(path);
    sheaf_ecma::ClassOptions {
        legacy_decorators: ts.experimental_decorators,
        decorator_metadata: ts.emit_decorator_metadata,
        define_class_fields: ts.use_define_for_class_fields,
    }
}

/// A module's text, ready to parse: what [`read_source`] found on disk, or
/// what plugins' `load` and `transform` hooks made of it.
pub(crate) struct Source {
    pub(crate) code: String,
    /// The code is a stylesheet (`css::load` makes its module).
    pub(crate) css: bool,
    /// An image, font, … copied to the output: `code` is its module.
    pub(crate) asset: Option<crate::asset::Asset>,
    /// Plugins' source maps, first hook first (see `sheaf_ecma::chain_maps`).
    pub(crate) maps: Vec<String>,
    /// What a plugin said the code is (`js`, `ts`, `css`, …).
    pub(crate) module_type: Option<String>,
    /// `code` is a text file's own text (module type `text`): the parser, or
    /// `sheaf:text` before other plugins, makes it a module of the text,
    /// unless a plugin made it into code first.
    pub(crate) text: bool,
    /// The hash of the file's bytes it was made from (`None`: not read from
    /// a file, as a plugin's `load`): what a rebuild compares to tell whether
    /// the file changed (its code may differ: plugins transformed it).
    pub(crate) file_hash: Option<u64>,
}

impl Source {
    pub(crate) fn js(code: String) -> Self {
        Source {
            code,
            css: false,
            asset: None,
            maps: Vec::new(),
            module_type: None,
            text: false,
            file_hash: None,
        }
    }

    /// The source, made from a file's `bytes`.
    pub(crate) fn read_from(self, bytes: &[u8]) -> Self {
        Source {
            file_hash: Some(xxhash_rust::xxh3::xxh3_64(bytes)),
            ..self
        }
    }
}

/// Loads every file reachable from some roots at once: each module's imports
/// are started as soon as it is parsed, so no level waits for its largest file
/// (loading level by level left one of two cores idle for 40 ms of the 70 ms
/// three.js ×10 spent between levels). Which files are reachable, and so the
/// graph [`number_preloaded`] numbers, does not depend on the order.
///
/// The set of files seen is behind a lock taken once per loaded module, for
/// a few hash inserts, against milliseconds of parsing. Each file seen gets a
/// number there, and each module's imported files are kept as those numbers,
/// so [`number_preloaded`] walks the graph without hashing a path (on the
/// 10,000-module app, the walk with a path lookup per import took 21 ms on
/// one core while the other sat idle).
struct Preload<'a> {
    env: &'a crate::plugin_scan::LoadEnv<'a>,
    seen: std::sync::Mutex<FxHashMap<Task, u32>>,
    done: std::sync::Mutex<Vec<(u32, Preloaded)>>,
}

/// One preloaded file: what loading it gave, and the number of each of its
/// `files` (see [`Preload`]).
struct Preloaded {
    task: Task,
    result: Result<Loaded, Vec<Diagnostic>>,
    files: Vec<u32>,
}

impl<'a> Preload<'a> {
    /// Every file reachable from `roots`, by number: the roots are 0, 1, …
    fn run(env: &'a crate::plugin_scan::LoadEnv<'a>, roots: &[Task]) -> Vec<Option<Preloaded>> {
        let p = Preload {
            env,
            seen: std::sync::Mutex::new(roots.iter().cloned().zip(0..).collect()),
            done: Default::default(),
        };
        rayon::scope(|s| {
            for (id, task) in (0..).zip(roots) {
                p.spawn(s, id, task.clone());
            }
        });
        let done = p.done.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut by_id: Vec<Option<Preloaded>> = (0..done.len()).map(|_| None).collect();
        for (id, file) in done {
            by_id[id as usize] = Some(file);
        }
        by_id
    }

    fn spawn<'s>(&'s self, s: &rayon::Scope<'s>, id: u32, task: Task) {
        s.spawn(move |s| {
            let result = load(self.env, &task);
            let mut files = Vec::new();
            if let Ok(loaded) = &result {
                let mut new = Vec::new();
                {
                    let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
                    for (_, t) in &loaded.files {
                        let file = match seen.get(t) {
                            Some(&file) => file,
                            None => {
                                let file = seen.len() as u32;
                                seen.insert(t.clone(), file);
                                new.push((file, t.clone()));
                                file
                            }
                        };
                        files.push(file);
                    }
                }
                for (file, t) in new {
                    self.spawn(s, file, t);
                }
            }
            let file = Preloaded {
                task,
                result,
                files,
            };
            let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
            done.push((id, file));
        });
    }
}

/// The graph's numbering of preloaded files: breadth first from the roots
/// (`frontier`, whose modules are numbered already), each module's imports in
/// their order, as the levels of [`scan`] number them. Fills `modules`, and
/// `edges` and `errors` in that order.
fn number_preloaded(
    mut preloaded: Vec<Option<Preloaded>>,
    roots: Vec<ModuleIdx>,
    modules: &mut Vec<Option<Module>>,
    edges: &mut Vec<(ModuleIdx, usize, ModuleIdx)>,
    errors: &mut Vec<Diagnostic>,
) {
    let mut module_of: Vec<Option<ModuleIdx>> = vec![None; preloaded.len()];
    let mut queue: Vec<u32> = Vec::with_capacity(preloaded.len());
    for (id, idx) in (0..).zip(roots) {
        module_of[id as usize] = Some(idx);
        queue.push(id);
    }
    let mut next = 0;
    while let Some(&id) = queue.get(next) {
        next += 1;
        let idx = module_of[id as usize].expect("queued files are numbered");
        let file = (preloaded[id as usize].take()).expect("every reachable file was preloaded");
        let files = settle(file.result, idx, file.task, None, modules, errors);
        for ((record, _), target) in files.into_iter().zip(file.files) {
            let target = *module_of[target as usize].get_or_insert_with(|| {
                modules.push(None);
                queue.push(target);
                ModuleIdx(modules.len() as u32 - 1)
            });
            edges.push((idx, record, target));
        }
    }
}

/// Puts what loading `task` gave in its place, `idx` (a file that failed to
/// load becomes an empty module), lends it to the watch cache if there is
/// one, and adds what it reports to `errors`. Returns its records' files, for
/// the caller to number.
fn settle(
    result: Result<Loaded, Vec<Diagnostic>>,
    idx: ModuleIdx,
    task: Task,
    cache: Option<&mut Loads>,
    modules: &mut [Option<Module>],
    errors: &mut Vec<Diagnostic>,
) -> Vec<(usize, Task)> {
    match result {
        Ok(loaded) => {
            if let Some(c) = cache {
                c.lend(task, idx, &loaded);
            }
            errors.extend(loaded.errors);
            errors.extend(loaded.module.warnings.iter().cloned());
            modules[idx.index()] = Some(loaded.module);
            loaded.files
        }
        Err(e) => {
            errors.extend(e);
            modules[idx.index()] = Some(failed_module(&task.path));
            Vec::new()
        }
    }
}

/// Reads, parses and resolves one file, without plugins.
fn load(env: &crate::plugin_scan::LoadEnv, task: &Task) -> Result<Loaded, Vec<Diagnostic>> {
    let (ctx, options, resolver) = (env.ctx, env.options, env.resolver);
    let source = read_source(options, env.lowering, task, env.outbase)?;
    let module = parse_module(
        ctx,
        options,
        resolver,
        env.define,
        env.lowering,
        task,
        source,
    )?;
    Ok(resolve_module(ctx, options, resolver, module, &[]))
}

/// The text of a module as sheaf reads it without plugins: through the
/// builtins (`builtins.rs`: stylesheets, assets, `public/` URLs, `?raw` text,
/// text files), else the file itself, a data URL's module or a virtual file.
pub(crate) fn read_source(
    options: &BuildOptions,
    lowering: Lowering,
    task: &Task,
    outbase: &Path,
) -> Result<Source, Vec<Diagnostic>> {
    if task.empty {
        return Ok(Source::js(String::new()));
    }
    for builtin in Builtin::ALL {
        if let Some(source) = crate::builtins::load_one(builtin, options, lowering, task, outbase) {
            return source;
        }
    }
    read_file(options, &task.path)
}

/// What no plugin loads: a data URL's module, a virtual file, or the file.
pub(crate) fn read_file(options: &BuildOptions, path: &Path) -> Result<Source, Vec<Diagnostic>> {
    let code = if let Some(url) = path.to_str().filter(|p| p.starts_with("data:")) {
        crate::data_url::module_source(url)?
    } else if let Some((_, text)) = options.virtual_files.iter().find(|(p, _)| p == path) {
        text.clone()
    } else {
        // `file`: the id without a query a plugin build keeps (`x.js?v=3`).
        let (file, _) = sheaf_resolve::split_loader_query(path);
        let code = std::fs::read_to_string(file).map_err(|e| read_error(path, e))?;
        let hash = xxhash_rust::xxh3::xxh3_64(code.as_bytes());
        return Ok(Source {
            file_hash: Some(hash),
            ..Source::js(code)
        });
    };
    Ok(Source::js(code))
}

/// `E_READ` for a module's file that cannot be read.
pub(crate) fn read_error(path: &Path, e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        "E_READ",
        format!("Cannot read {}: {e}", path.display()),
    )]
}

/// Parses and transforms one module's text (a stylesheet through `css::load`),
/// and gathers the facts scan keeps about it. Its records are not resolved yet.
pub(crate) fn parse_module(
    ctx: &EcmaContext,
    options: &BuildOptions,
    resolver: &Resolver,
    define: &Define,
    lowering: Lowering,
    task: &Task,
    source: Source,
) -> Result<Module, Vec<Diagnostic>> {
    let path = &task.path;
    let data_url = path.to_str().filter(|p| p.starts_with("data:"));
    let (file, _) = sheaf_resolve::split_loader_query(path);
    let Source {
        code,
        css: is_css,
        asset,
        maps,
        module_type,
        text,
        file_hash,
    } = source;
    let code = match text {
        true => crate::asset::text_module_source(&code),
        false => code,
    };
    let mut warnings = Vec::new();
    let is_css = match module_type.as_deref() {
        Some(t) => t == "css",
        None => is_css,
    };
    let mut css = None;
    let content_hash = match (file_hash, &asset) {
        (Some(hash), _) => hash,
        (None, Some(a)) => xxhash_rust::xxh3::xxh3_64(&a.bytes),
        (None, None) => xxhash_rust::xxh3::xxh3_64(code.as_bytes()),
    };
    let code = if is_css {
        let loaded = crate::css::load(path, &code, &options.cwd)?;
        warnings = loaded.warnings;
        css = Some(loaded.css);
        loaded.source
    } else {
        code
    };
    // A data URL has no folder: no tsconfig or package.json applies.
    let (jsx, facts, classes) = match data_url {
        Some(_) => {
            let facts = PackageFacts {
                esm: false,
                side_effects: true,
            };
            (options.jsx.clone(), facts, Default::default())
        }
        None => (
            jsx_for(options, resolver, file),
            resolver.package_facts(file),
            classes_for(resolver, file),
        ),
    };
    let hint = name_hint(path);
    let source_bytes = match (&asset, &css) {
        (Some(a), _) => a.bytes.len(),
        (_, Some(text)) => text.len(),
        _ => code.len(),
    };
    let input_map = match maps.is_empty() {
        true => None,
        false => match sheaf_ecma::chain_maps(&maps, path) {
            Ok(m) => Some(Arc::new(m)),
            Err(e) => {
                warnings.push(Diagnostic::warning(
                    "W_PLUGIN_SOURCEMAP",
                    format!(
                        "{}: a plugin's {e}; its mappings are left out",
                        crate::write::display_path(path, &options.cwd)
                    ),
                ));
                None
            }
        },
    };
    let module_type = module_type.filter(|_| !is_css);
    let (ast, info) = crate::guard::guard_stage(
        || format!("loading {}", crate::write::display_path(path, &options.cwd)),
        || {
            load_module(
                ctx,
                path,
                code,
                &LoadOptions {
                    jsx: &jsx,
                    classes,
                    define,
                    lowering: &lowering,
                    name_hint: &hint,
                    asset_urls: true,
                    module_type: module_type.as_deref(),
                },
            )
        },
    )?;
    Ok(Module {
        path: path.clone(),
        name_hint: hint,
        ast,
        info,
        resolved: Vec::new(),
        is_empty_stub: task.empty,
        node_esm: is_node_esm(path, facts),
        side_effects: facts.side_effects,
        source_bytes,
        asset,
        css,
        content_hash,
        warnings,
        input_map,
    })
}

/// Reads, parses and transforms one file again, and resolves its imports (the
/// dev server's fast path for a saved file).
pub(crate) fn load_file(
    ctx: &EcmaContext,
    options: &BuildOptions,
    resolver: &Resolver,
    define: &Define,
    lowering: Lowering,
    path: &Path,
    outbase: &Path,
) -> Result<Loaded, Vec<Diagnostic>> {
    let task = Task {
        path: path.to_path_buf(),
        empty: false,
    };
    let env = crate::plugin_scan::LoadEnv {
        pool: None,
        ctx,
        options,
        resolver,
        define,
        lowering,
        outbase,
        entries: None,
    };
    let Some(hooks) = options.hooks.get() else {
        return load(&env, &task);
    };
    crate::plugin_scan::load_level(hooks, &env, &[&task])
        .pop()
        .expect("one load for one task")
}

/// `specifier` resolved from `importer`; a data URL is its own module id.
fn resolve(
    resolver: &Resolver,
    importer: &Path,
    specifier: &str,
    kind: Kind,
    root: Option<&Path>,
) -> Result<Resolved, sheaf_resolve::ResolveFailure> {
    if let Some(r) = root.and_then(|root| root_relative(root, specifier)) {
        return Ok(r);
    }
    if !specifier.starts_with("data:") || resolver.is_external(specifier) {
        return resolver.resolve(importer, specifier, kind);
    }
    match crate::data_url::kind(specifier) {
        Some(_) => Ok(Resolved::File(PathBuf::from(specifier))),
        None => Err(sheaf_resolve::ResolveFailure {
            message: format!(
                "Could not load \"{}\": sheaf loads data URLs of JavaScript, JSON and plain text",
                crate::data_url::short(specifier)
            ),
            help: Some("mark it with --external to leave it to run time".into()),
        }),
    }
}

/// Marks a module id as a file of `public/`: its module is its URL (see `load`).
const PUBLIC_URL: &str = "?sheaf-public-url";

/// `/vite.svg` in an app with a root (pages, the dev server): `public/vite.svg`
/// when that exists (the module is its URL; the file is served or copied as it
/// is), else `ROOT/vite.svg`, as Vite resolves them. An absolute path that
/// exists on disk stays itself.
fn root_relative(root: &Path, specifier: &str) -> Option<Resolved> {
    let rel = specifier.strip_prefix('/')?;
    if rel.starts_with('/') || Path::new(specifier).exists() {
        return None;
    }
    let rel = rel.split(['?', '#']).next().unwrap_or(rel);
    if let Some(public) = crate::public::file(root, &format!("/{rel}")) {
        return Some(Resolved::File(PathBuf::from(format!(
            "{}{PUBLIC_URL}",
            public.display()
        ))));
    }
    let file = root.join(rel);
    file.is_file()
        .then(|| Resolved::File(sheaf_common::normalize_path(&file)))
}

/// A module id of a `public/` file: the URL it is served at.
pub(crate) fn public_url(path: &Path, options: &BuildOptions) -> Option<String> {
    let file = path.to_str()?.strip_suffix(PUBLIC_URL)?;
    let public = options.root.as_ref()?.join("public");
    let rel = Path::new(file).strip_prefix(&public).ok()?;
    Some(crate::public::url(
        &rel.to_string_lossy(),
        options.base.as_deref(),
    ))
}

/// Resolves a module's import records: what each points at, the files to load
/// next, and the errors of those that do not resolve.
#[allow(clippy::type_complexity)]
fn resolve_records(
    ctx: &EcmaContext,
    options: &BuildOptions,
    resolver: &Resolver,
    path: &Path,
    info: &sheaf_ecma::ModuleInfo,
    hooked: &[Option<Result<HookResolved, Diagnostic>>],
) -> (Vec<ResolvedRecord>, Vec<(usize, Task)>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut resolved = Vec::with_capacity(info.records.len());
    let mut files = Vec::new();
    let stylesheet = crate::css::is_css(path);
    for (i, record) in info.records.iter().enumerate() {
        // A plugin's `resolveId` answered for this record.
        match hooked.get(i).cloned().flatten() {
            Some(Ok(r)) if r.external => {
                resolved.push(ResolvedRecord::External(crate::naming::absolute_external(
                    path, &r.id,
                )));
                continue;
            }
            Some(Ok(r)) => {
                resolved.push(ResolvedRecord::External(String::new()));
                let path = PathBuf::from(r.id);
                files.push((i, Task { path, empty: false }));
                continue;
            }
            Some(Err(d)) => {
                errors.push(d);
                resolved.push(ResolvedRecord::Failed);
                continue;
            }
            None => {}
        }
        let kind = match record.kind {
            // A stylesheet's imports are its `@import`s (and `composes` files).
            _ if stylesheet => Kind::Style,
            ImportKind::Static | ImportKind::ReExport | ImportKind::Dynamic => Kind::Import,
            ImportKind::Require => Kind::Require,
        };
        match resolve(
            resolver,
            path,
            &record.specifier,
            kind,
            options.root.as_deref(),
        ) {
            Ok(Resolved::File(p)) => {
                resolved.push(ResolvedRecord::External(String::new()));
                files.push((
                    i,
                    Task {
                        path: p,
                        empty: false,
                    },
                ));
            }
            Ok(Resolved::Empty(p)) => {
                resolved.push(ResolvedRecord::External(String::new()));
                files.push((
                    i,
                    Task {
                        path: p,
                        empty: true,
                    },
                ));
            }
            Ok(Resolved::External(s)) => resolved.push(ResolvedRecord::External(
                crate::naming::absolute_external(path, &s),
            )),
            Err(f) => {
                let mut d = Diagnostic::error("E_RESOLVE", f.message);
                if let Some(l) = ctx.label(record.loc) {
                    d = d.with_label(l);
                } else {
                    d = d.with_label(Label::new(path.to_path_buf(), Arc::from(""), 0, 0));
                }
                if let Some(h) = f.help {
                    d = d.with_help(h);
                }
                if options.unresolved_external {
                    errors.push(
                        d.into_warning("W_UNRESOLVED")
                            .with_help("--unresolved external keeps it as an import at run time"),
                    );
                    resolved.push(ResolvedRecord::External(crate::naming::absolute_external(
                        path,
                        &record.specifier,
                    )));
                } else if record.in_try {
                    // An optional dependency (`try { require("x") } catch {}`): left
                    // to run time, as the code expects it may be missing.
                    errors.push(d.into_warning("W_RESOLVE_IN_TRY").with_help(
                        "the require() is inside a try block, so it is left to run time",
                    ));
                    resolved.push(ResolvedRecord::External(record.specifier.clone()));
                } else {
                    errors.push(d);
                    resolved.push(ResolvedRecord::Failed);
                }
            }
        }
    }
    (resolved, files, errors)
}
