//! Scan with plugins: one level of modules through the hooks, Rollup's order.
//!
//! Example: a level of `[main.ts, data.yaml]` asks `load` for both ids once
//! (no plugin answers), reads both files on the pool, asks `transform` once
//! (the YAML plugin turns `data.yaml` into JavaScript), parses both on the
//! pool, then asks `resolveId` once for every import of both, and resolves
//! what no plugin claimed with sheaf's resolver, on the pool again.
//!
//! Why this shape: hooks may be JavaScript. They are asked from the scan
//! thread, a whole level at a time, so the driver can run every call at once
//! and no rayon worker waits on JavaScript (see `sheaf_common::hooks`).

use std::path::Path;

use rayon::prelude::*;
use sheaf_common::{
    hooks::{
        BuildHooks, Builtin, HookResolved, HookSource, ParsedModule, ResolveKind, ResolveRequest,
        Slot, TransformRequest,
    },
    BuildOptions, Diagnostic,
};
use sheaf_ecma::{Define, EcmaContext, ImportKind, Lowering};
use sheaf_resolve::Resolver;

use crate::graph::Module;
use crate::scan::{on_pool, parse_module, read_file, resolve_module, Loaded, Source, Task};

/// What loading a module needs besides the hooks.
pub(crate) struct LoadEnv<'a> {
    pub(crate) pool: Option<&'a rayon::ThreadPool>,
    pub(crate) ctx: &'a EcmaContext,
    pub(crate) options: &'a BuildOptions,
    pub(crate) resolver: &'a Resolver,
    pub(crate) define: &'a Define,
    pub(crate) lowering: Lowering,
    pub(crate) outbase: &'a Path,
    /// The entry modules' paths (`isEntry`), when known (not in the dev
    /// server's fast path, which loads no entry anew).
    pub(crate) entries: Option<&'a rustc_hash::FxHashSet<std::path::PathBuf>>,
}

/// The module id plugins see: the path as a string (`\0virtual:x` included).
pub(crate) fn module_id(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// `load` → read → `transform` → parse → `resolveId` → resolve, for one level.
pub(crate) fn load_level(
    hooks: &dyn BuildHooks,
    env: &LoadEnv,
    tasks: &[&Task],
) -> Vec<Result<Loaded, Vec<Diagnostic>>> {
    let ids: Vec<String> = tasks.iter().map(|t| module_id(&t.path)).collect();
    let sources = sources(hooks, env, tasks);
    let sources = transformed(hooks, env, sources, &ids);
    let parsed: Vec<Result<Module, Vec<Diagnostic>>> = on_pool(env.pool, || {
        tasks
            .par_iter()
            .zip(sources)
            .map(|(task, source)| {
                let source = source?;
                let LoadEnv {
                    ctx,
                    options,
                    resolver,
                    define,
                    lowering,
                    ..
                } = *env;
                parse_module(ctx, options, resolver, define, lowering, task, source)
            })
            .collect()
    });
    let hooked = resolve_ids(hooks, &parsed, &ids);
    let mut loaded: Vec<Result<Loaded, Vec<Diagnostic>>> = on_pool(env.pool, || {
        parsed
            .into_par_iter()
            .zip(hooked)
            .map(|(module, hooked)| {
                Ok(resolve_module(
                    env.ctx,
                    env.options,
                    env.resolver,
                    module?,
                    &hooked,
                ))
            })
            .collect()
    });
    module_parsed(hooks, &mut loaded, tasks, &ids, env.entries);
    loaded
}

/// `moduleParsed` for every module of the level that loaded (and what
/// `getModuleInfo` answers during the build); its errors become the module's.
fn module_parsed(
    hooks: &dyn BuildHooks,
    loaded: &mut [Result<Loaded, Vec<Diagnostic>>],
    tasks: &[&Task],
    ids: &[String],
    entries: Option<&rustc_hash::FxHashSet<std::path::PathBuf>>,
) {
    // Asked even when no plugin has `moduleParsed`: the driver keeps what it
    // learns for `this.getModuleInfo` while the build runs.
    let mut at = Vec::new();
    let mut modules = Vec::new();
    for (i, l) in loaded.iter().enumerate() {
        let Ok(l) = l else { continue };
        // Records that point at files are in `files` (edges are patched later).
        let files: rustc_hash::FxHashMap<usize, &Task> =
            l.files.iter().map(|(r, t)| (*r, t)).collect();
        let (imported_ids, dynamically_imported_ids) =
            crate::graph::import_ids(&l.module.info, |r| {
                match (files.get(&r), &l.module.resolved[r]) {
                    (Some(task), _) => Some(module_id(&task.path)),
                    (None, crate::graph::ResolvedRecord::External(s)) if !s.is_empty() => {
                        Some(s.clone())
                    }
                    _ => None,
                }
            });
        at.push(i);
        modules.push(ParsedModule {
            id: ids[i].clone(),
            is_entry: entries.is_some_and(|e| e.contains(&tasks[i].path)),
            imported_ids,
            dynamically_imported_ids,
        });
    }
    for (i, result) in at.into_iter().zip(hooks.module_parsed(&modules)) {
        if let (Err(d), Ok(l)) = (result, &mut loaded[i]) {
            l.errors.push(d);
        }
    }
}

/// A plugin as scan runs it: a stretch of the build's JS plugins (asked
/// through the hooks in one batch) or one of sheaf's builtins
/// (`builtins.rs`), in one ordered list (`hooks::Slot`).
pub(crate) trait Plugin: Sync {
    /// `load` for the tasks at `pending` (loaded by no plugin before it):
    /// each one's source, or `None` when this plugin does not load it.
    fn load(
        &self,
        env: &LoadEnv,
        tasks: &[&Task],
        pending: &[usize],
    ) -> Vec<Option<Result<Source, Vec<Diagnostic>>>>;
    /// `transform` of every module of the level (`ids[k]`'s source so far).
    fn transform(
        &self,
        env: &LoadEnv,
        ids: &[String],
        sources: &mut [Result<Source, Vec<Diagnostic>>],
    );
}

/// The build's JS plugins at `span` of a hook's order.
struct JsPlugins<'a> {
    hooks: &'a dyn BuildHooks,
    span: std::ops::Range<usize>,
}

/// A hook's plugins in the order they run: its `slots`, then every builtin
/// the user did not place among the plugins.
fn plugins<'a>(hooks: &'a dyn BuildHooks, slots: Vec<Slot>) -> Vec<Box<dyn Plugin + 'a>> {
    let placed: Vec<Builtin> = slots
        .iter()
        .filter_map(|s| match s {
            Slot::Builtin(b) => Some(*b),
            Slot::Plugins(_) => None,
        })
        .collect();
    let unplaced = Builtin::ALL.into_iter().filter(|b| !placed.contains(b));
    slots
        .into_iter()
        .map(|slot| -> Box<dyn Plugin + 'a> {
            match slot {
                Slot::Plugins(span) => Box::new(JsPlugins { hooks, span }),
                Slot::Builtin(b) => Box::new(b),
            }
        })
        .chain(unplaced.map(|b| Box::new(b) as Box<dyn Plugin>))
        .collect()
}

/// Each module's text: from the first plugin whose `load` answers, else as
/// sheaf reads a file (`scan::read_file`).
fn sources(
    hooks: &dyn BuildHooks,
    env: &LoadEnv,
    tasks: &[&Task],
) -> Vec<Result<Source, Vec<Diagnostic>>> {
    let mut results: Vec<Option<Result<Source, Vec<Diagnostic>>>> =
        tasks.iter().map(|_| None).collect();
    // A `browser: false` stub is empty whatever plugins say.
    for (k, task) in tasks.iter().enumerate() {
        if task.empty {
            results[k] = Some(Ok(Source::js(String::new())));
        }
    }
    for plugin in plugins(hooks, hooks.slots("load")) {
        let pending: Vec<usize> = (0..tasks.len()).filter(|&k| results[k].is_none()).collect();
        if pending.is_empty() {
            break;
        }
        for (k, loaded) in pending.iter().zip(plugin.load(env, tasks, &pending)) {
            results[*k] = loaded;
        }
    }
    on_pool(env.pool, || {
        results
            .into_par_iter()
            .zip(tasks)
            .map(|(loaded, task)| loaded.unwrap_or_else(|| read_file(env.options, &task.path)))
            .collect()
    })
}

impl Plugin for JsPlugins<'_> {
    fn load(
        &self,
        _env: &LoadEnv,
        tasks: &[&Task],
        pending: &[usize],
    ) -> Vec<Option<Result<Source, Vec<Diagnostic>>>> {
        let ids: Vec<String> = pending.iter().map(|&k| module_id(&tasks[k].path)).collect();
        let loaded = self.hooks.load(&ids, self.span.clone());
        pending
            .iter()
            .zip(loaded)
            .map(|(&k, loaded)| match loaded {
                Err(d) => Some(Err(vec![d])),
                Ok(None) => None,
                Ok(Some(hooked)) => {
                    // Loaded text is a stylesheet when the hook says so or the id
                    // ends in `.css` (`App.vue?vue&type=style&lang.css`, as in Vite).
                    let css = match hooked.module_type.as_deref() {
                        Some(t) => t == "css",
                        None => crate::css::is_css(&tasks[k].path),
                    };
                    Some(Ok(Source {
                        code: hooked.code,
                        css,
                        asset: None,
                        maps: hooked.maps,
                        module_type: hooked.module_type,
                        text: false,
                        file_hash: None,
                    }))
                }
            })
            .collect()
    }

    fn transform(
        &self,
        _env: &LoadEnv,
        ids: &[String],
        sources: &mut [Result<Source, Vec<Diagnostic>>],
    ) {
        let mut requests = Vec::new();
        // Each module asked, its type before the hooks and the hash of its code
        // (the code itself goes to the hooks: no copy).
        let mut asked = Vec::new();
        for (k, (source, id)) in sources.iter_mut().zip(ids).enumerate() {
            let Ok(source) = source else { continue };
            let before = module_type(id, source);
            let hash = xxhash_rust::xxh3::xxh3_64(source.code.as_bytes());
            asked.push((k, before.clone(), hash));
            requests.push(TransformRequest {
                id: id.clone(),
                source: HookSource {
                    code: std::mem::take(&mut source.code),
                    maps: std::mem::take(&mut source.maps),
                    module_type: Some(before),
                },
            });
        }
        let results = self.hooks.transform(requests, self.span.clone());
        for ((k, before, hash), after) in asked.into_iter().zip(results) {
            let after = match after {
                Ok(after) => after,
                Err(d) => {
                    sources[k] = Err(vec![d]);
                    continue;
                }
            };
            let Ok(source) = &mut sources[k] else {
                continue;
            };
            source.code = after.code;
            source.maps = after.maps;
            if xxhash_rust::xxh3::xxh3_64(source.code.as_bytes()) == hash {
                continue;
            }
            source.text = false;
            // The driver says what each plugin made the code (`hooks::type_after_change`).
            let Some(now) = after.module_type.filter(|t| *t != before) else {
                continue;
            };
            source.css = now == "css";
            source.module_type = Some(now);
        }
    }
}

/// What a module's code is, as filters (`moduleType`) and parsing see it.
fn module_type(id: &str, source: &Source) -> String {
    if let Some(t) = &source.module_type {
        return t.clone();
    }
    if source.text {
        return "text".into();
    }
    if source.css {
        return "css".into();
    }
    if source.asset.is_some() {
        return "js".into();
    }
    let (file, _) = sheaf_resolve::split_loader_query(Path::new(id));
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "ts" | "mts" | "cts" => "ts",
        "tsx" => "tsx",
        "jsx" => "jsx",
        "json" => "json",
        _ => "js",
    }
    .into()
}

/// Every module's text through the `transform` hooks (all modules at once,
/// plugin by plugin). The builtins after the last JS plugin are left to the
/// parser, which makes the same modules of JSON, text and stylesheets.
fn transformed(
    hooks: &dyn BuildHooks,
    env: &LoadEnv,
    mut sources: Vec<Result<Source, Vec<Diagnostic>>>,
    ids: &[String],
) -> Vec<Result<Source, Vec<Diagnostic>>> {
    if !hooks.has_hook("transform") {
        return sources;
    }
    let slots = hooks.slots("transform");
    let last_js = slots
        .iter()
        .rposition(|s| matches!(s, Slot::Plugins(_)))
        .map_or(0, |at| at + 1);
    for plugin in plugins(hooks, slots).iter().take(last_js) {
        plugin.transform(env, ids, &mut sources);
    }
    sources
}

/// Plugins' answers for every import record of every parsed module, asked at once.
fn resolve_ids(
    hooks: &dyn BuildHooks,
    parsed: &[Result<Module, Vec<Diagnostic>>],
    ids: &[String],
) -> Vec<Vec<Option<Result<HookResolved, Diagnostic>>>> {
    if !hooks.has_hook("resolveId") {
        // No answers: every record goes to sheaf's resolver.
        return parsed.iter().map(|_| Vec::new()).collect();
    }
    let mut requests = Vec::new();
    for (module, id) in parsed.iter().zip(ids) {
        let Ok(module) = module else { continue };
        let stylesheet = module.css.is_some();
        for record in &module.info.records {
            let kind = match record.kind {
                _ if stylesheet => ResolveKind::Style,
                ImportKind::Static | ImportKind::ReExport => ResolveKind::Import,
                ImportKind::Dynamic => ResolveKind::DynamicImport,
                ImportKind::Require => ResolveKind::Require,
            };
            requests.push(ResolveRequest {
                specifier: record.specifier.clone(),
                importer: Some(id.clone()),
                kind,
            });
        }
    }
    let mut answers = hooks.resolve_id(&requests).into_iter();
    parsed
        .iter()
        .map(|module| match module {
            Ok(m) => (0..m.info.records.len())
                .map(|_| answers.next().expect("one answer per request").transpose())
                .collect(),
            Err(_) => Vec::new(),
        })
        .collect()
}
