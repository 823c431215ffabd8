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
        BuildHooks, HookResolved, HookSource, ParsedModule, ResolveKind, ResolveRequest,
        TransformRequest,
    },
    BuildOptions, Diagnostic,
};
use sheaf_ecma::{Define, EcmaContext, ImportKind, Lowering};
use sheaf_resolve::Resolver;

use crate::graph::Module;
use crate::scan::{on_pool, parse_module, read_source, resolve_module, Loaded, Source, Task};

/// What loading a module needs besides the hooks.
pub(crate) struct LoadEnv<'a> {
    pub(crate) pool: Option<&'a rayon::ThreadPool>,
    pub(crate) ctx: &'a EcmaContext,
    pub(crate) options: &'a BuildOptions,
    pub(crate) resolver: &'a Resolver,
    pub(crate) define: &'a Define,
    pub(crate) lowering: Lowering,
    pub(crate) outbase: &'a Path,
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
    let sources = sources(hooks, env, tasks, &ids);
    let sources = transformed(hooks, sources, &ids);
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
    module_parsed(hooks, &mut loaded, &ids);
    loaded
}

/// `moduleParsed` for every module of the level that loaded (and what
/// `getModuleInfo` answers during the build); its errors become the module's.
fn module_parsed(
    hooks: &dyn BuildHooks,
    loaded: &mut [Result<Loaded, Vec<Diagnostic>>],
    ids: &[String],
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
            is_entry: false,
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

/// Each module's text: from a `load` hook, else as sheaf reads it.
fn sources(
    hooks: &dyn BuildHooks,
    env: &LoadEnv,
    tasks: &[&Task],
    ids: &[String],
) -> Vec<Result<Source, Vec<Diagnostic>>> {
    let loaded = hooks.load(ids);
    let transforms = hooks.has_hook("transform");
    on_pool(env.pool, || {
        tasks
            .par_iter()
            .zip(loaded)
            .map(|(task, loaded)| match loaded {
                Err(d) => Err(vec![d]),
                Ok(Some(hooked)) if !task.empty => {
                    // Loaded text is a stylesheet when the hook says so or the id
                    // ends in `.css` (`App.vue?vue&type=style&lang.css`, as in Vite).
                    let css = match hooked.module_type.as_deref() {
                        Some(t) => t == "css",
                        None => crate::css::is_css(&task.path),
                    };
                    Ok(Source {
                        code: hooked.code,
                        css,
                        asset: None,
                        maps: hooked.maps,
                        module_type: hooked.module_type,
                        text: false,
                    })
                }
                // A text file keeps its own text for the `transform` hooks.
                Ok(_) => read_source(env.options, env.lowering, task, env.outbase, transforms),
            })
            .collect()
    })
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

/// Every module's text through the `transform` hooks (all modules at once).
fn transformed(
    hooks: &dyn BuildHooks,
    sources: Vec<Result<Source, Vec<Diagnostic>>>,
    ids: &[String],
) -> Vec<Result<Source, Vec<Diagnostic>>> {
    if !hooks.has_hook("transform") {
        return sources;
    }
    let mut requests = Vec::new();
    // Each source with its module type, and a text file's own text.
    type Kept = (Source, String, Option<String>);
    let mut kept: Vec<Result<Kept, Vec<Diagnostic>>> = Vec::with_capacity(ids.len());
    for (source, id) in sources.into_iter().zip(ids) {
        match source {
            Ok(mut source) => {
                let module_type = module_type(id, &source);
                let text = source.text.then(|| source.code.clone());
                requests.push(TransformRequest {
                    id: id.clone(),
                    source: HookSource {
                        code: std::mem::take(&mut source.code),
                        maps: std::mem::take(&mut source.maps),
                        module_type: Some(module_type.clone()),
                    },
                });
                kept.push(Ok((source, module_type, text)));
            }
            Err(e) => kept.push(Err(e)),
        }
    }
    let mut results = hooks.transform(requests).into_iter();
    kept.into_iter()
        .map(|k| {
            let (mut source, before, text) = k?;
            let after = results.next().expect("one transform result per request");
            let after = after.map_err(|d| vec![d])?;
            source.text = false;
            if text.as_ref() == Some(&after.code) {
                // No plugin made the text into code: sheaf's text loader does.
                source.code = crate::asset::text_module_source(&after.code);
                return Ok(source);
            }
            source.code = after.code;
            source.maps = after.maps;
            // A plugin that made a stylesheet into JavaScript (or the reverse) says so.
            if let Some(t) = after.module_type.filter(|t| *t != before) {
                source.css = t == "css";
                source.module_type = Some(t);
            }
            Ok(source)
        })
        .collect()
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
