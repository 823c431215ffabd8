//! Dev builds for `sheaf dev`: every module as a factory in a module registry,
//! rebuilt and re-rendered one changed file at a time.
//!
//! Example: `src/app.js` doing `import { h } from './h.js'; export const App = …`
//! becomes
//! ```js
//! __sheaf.define("src/app.js", [["./h.js", "src/h.js"]], true, function (require, module, exports, __sheaf_meta) {
//! require.esm(exports, { App: function () { return App; } });
//! var __sheaf_i0 = require("src/h.js");
//! const App = … __sheaf_i0.h …;
//! });
//! ```
//! and the browser runtime (`sheaf_cli/src/dev/client.js`) runs it on demand.
//!
//! Why a registry and not the production bundle: a changed module is replaced by
//! sending just its factory; importers read its bindings through its exports
//! object (live getters), so nothing else is re-rendered, and hot updates cost
//! one parse + one render whatever the size of the app.

use std::path::PathBuf;

use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::{BuildOptions, Diagnostic};
use sheaf_ecma::{
    render_module, DynamicImport, ImportKind, ImportMetaMode, Imported, ModuleFormat, RenderPlan,
    Replacement, RequireCall, SymbolKind,
};

use crate::{
    cache::ModuleCache,
    generate::{getters as getters_js, js_string},
    graph::{Module, ModuleGraph, ModuleIdx, ResolvedRecord},
    scan,
    write::display_path,
};

/// One module, ready for the registry.
#[derive(Clone, Debug)]
pub struct DevModule {
    pub id: String,
    /// `__sheaf.define(…);` with the module's code (shared with the server's page).
    pub code: std::sync::Arc<str>,
}

/// The result of one dev (re)build.
pub struct DevBuild {
    /// Ids of the entry modules, in order.
    pub entries: Vec<String>,
    /// Modules rendered by this build (new or changed), in graph order.
    pub changed: Vec<DevModule>,
    /// Modules of the last build that are no longer in the graph.
    pub removed: Vec<String>,
    /// Imported assets: path in the output folder → bytes (`None` when this
    /// build did not look at them: they are unchanged).
    pub assets: Option<Vec<(String, Vec<u8>)>>,
    pub modules: usize,
    pub warnings: Vec<Diagnostic>,
}

/// The state `sheaf dev` keeps between builds.
pub struct DevSession {
    options: BuildOptions,
    cache: ModuleCache,
    /// Per module id: its rendered code and the ids its records resolved to
    /// (a module whose imports now resolve elsewhere is rendered again).
    rendered: FxHashMap<String, (DevModule, Vec<DevTarget>)>,
    /// Module ids in graph order, for the whole bundle.
    order: Vec<String>,
    /// Files read by builds that failed: rendered at the next good build.
    dirty: FxHashSet<PathBuf>,
    /// From the last full build: the entry ids and the folder `[dir]` is relative to.
    entries: Vec<String>,
    outbase: PathBuf,
    /// The last build failed: the next one is a full build (a file that failed
    /// to load is not in the cache, so a save of it would look unknown).
    failed: bool,
}

impl DevSession {
    pub fn new(options: BuildOptions) -> Self {
        DevSession {
            options,
            cache: ModuleCache::new(),
            rendered: FxHashMap::default(),
            order: Vec::new(),
            dirty: FxHashSet::default(),
            entries: Vec::new(),
            outbase: PathBuf::new(),
            failed: false,
        }
    }

    /// Takes in changed files and rebuilds: files whose imports still resolve
    /// to the same files are read, parsed and rendered alone (the graph keeps
    /// its shape); anything else (a file added or removed, changed imports, an
    /// error) goes through a full [`DevSession::build`] from the cache.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<DevBuild, Vec<Diagnostic>> {
        self.update_forced(changed, &[])
    }

    /// [`DevSession::update`], where the modules of `forced` (among
    /// `changed`) load again even if their bytes did not change: a file a
    /// plugin watches for them (`this.addWatchFile`) changed.
    pub fn update_forced(
        &mut self,
        changed: &[PathBuf],
        forced: &[PathBuf],
    ) -> Result<DevBuild, Vec<Diagnostic>> {
        if let Some(build) = self.fast_update(changed, forced) {
            return Ok(build);
        }
        self.cache.invalidate(changed);
        self.cache.forget(forced);
        self.build()
    }

    fn fast_update(&mut self, changed: &[PathBuf], forced: &[PathBuf]) -> Option<DevBuild> {
        if self.order.is_empty() || !self.dirty.is_empty() || self.failed {
            return None;
        }
        let ctx = &self.cache.ctx;
        let (define, resolver, lowering) = crate::prepare(ctx, &self.options).ok()?;
        let loads = &self.cache.loads;
        let mut reloaded = Vec::new();
        for path in changed {
            let Some((task, old, files)) = loads.module_of(path) else {
                // A forced module that is not a file's (a virtual module a
                // watched file changed): a whole build loads it again.
                if forced.contains(path) {
                    return None;
                }
                // A file no module reads: a temporary file (already gone), or a
                // new file, which matters only to imports that did not resolve.
                if path.exists() && (path.is_dir() || loads.has_unresolved()) {
                    return None;
                }
                continue;
            };
            if loads.has_variants(path) {
                return None;
            }
            let bytes = std::fs::read(path).ok()?;
            if !forced.contains(path) && xxhash_rust::xxh3::xxh3_64(&bytes) == old.content_hash {
                continue;
            }
            let loaded = scan::load_file(
                ctx,
                &self.options,
                &resolver,
                &define,
                lowering,
                path,
                &self.outbase,
            )
            .ok()?;
            // Same imports, same kind of module, nothing to copy: the graph keeps its shape.
            if loaded.files != files
                || !loaded.errors.is_empty()
                || loaded.module.info.format != old.info.format
                || loaded.module.asset.is_some()
                || loaded.module.info.top_level_await.is_some()
            {
                return None;
            }
            let mut targets = Vec::with_capacity(loaded.module.resolved.len());
            for (r, resolved) in loaded.module.resolved.iter().enumerate() {
                targets.push(match files.iter().find(|(record, _)| *record == r) {
                    Some((_, t)) => DevTarget::Module {
                        id: display_path(&t.path, &self.options.cwd),
                        commonjs: loads.module_for(t)?.info.format == ModuleFormat::CommonJs,
                    },
                    None => match resolved {
                        ResolvedRecord::External(s) => DevTarget::External(s.clone()),
                        _ => DevTarget::Failed,
                    },
                });
            }
            reloaded.push((task.clone(), loaded, targets));
        }
        let refresh = self.options.jsx.refresh;
        let mut changed_modules = Vec::new();
        for (task, loaded, targets) in reloaded {
            let id = display_path(&task.path, &self.options.cwd);
            let module = render_dev_module(
                ctx,
                &loaded.module,
                &targets,
                id.clone(),
                lowering,
                refresh && !sheaf_common::path_text::in_node_modules(&task.path),
                &self.options.cwd,
            );
            changed_modules.push(module.clone());
            self.rendered.insert(id, (module, targets));
            self.cache.loads.replace(&task, loaded);
        }
        Some(DevBuild {
            entries: self.entries.clone(),
            changed: changed_modules,
            removed: Vec::new(),
            assets: None,
            modules: self.order.len(),
            warnings: Vec::new(),
        })
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Ids of the modules of `file` as plugins name them: the file's and
    /// those with a query (`App.vue?vue&type=style…`).
    pub fn module_ids_of(&self, file: &std::path::Path) -> Vec<String> {
        self.cache.loads.module_paths_of(file)
    }

    /// The files the last build read (to watch).
    pub fn files(&self) -> Vec<PathBuf> {
        self.cache.files()
    }

    /// Forgets changed files (see [`ModuleCache::invalidate`]).
    pub fn invalidate(&mut self, changed: &[PathBuf]) {
        self.cache.invalidate(changed);
    }

    /// Every module's code in graph order (the page's bundle).
    pub fn all_modules(&self) -> Vec<&DevModule> {
        self.order
            .iter()
            .filter_map(|id| self.rendered.get(id).map(|(m, _)| m))
            .collect()
    }

    /// Scans (reusing unchanged modules) and renders the modules that are new,
    /// changed, or whose imports resolve elsewhere now.
    pub fn build(&mut self) -> Result<DevBuild, Vec<Diagnostic>> {
        crate::guard::ensure_global_pool();
        let options = &self.options;
        let ctx = &self.cache.ctx;
        let (define, resolver, lowering) = crate::prepare(ctx, options)?;
        let loads = &mut self.cache.loads;
        loads.start_build();
        let (graph, errors) = scan::scan(
            None,
            ctx,
            options,
            &resolver,
            &define,
            lowering,
            Some(&mut *loads),
        );
        self.dirty.extend(loads.fresh.iter().cloned());
        let fresh = &self.dirty;
        // A module factory is a plain function: top-level await cannot run in it.
        let mut errors = errors;
        // Warnings (an optional dependency left to run time) do not fail a dev build.
        errors.retain(|d| d.is_error());
        for module in &graph.modules {
            if let Some(loc) = module.info.top_level_await {
                let mut d = Diagnostic::error(
                    "E_DEV_TLA",
                    "Top-level await is not supported by sheaf dev yet",
                )
                .with_help("move the await into an async function, or use `sheaf build`");
                if let Some(label) = ctx.label(loc) {
                    d = d.with_label(label);
                }
                errors.push(d);
            }
        }
        let result = if errors.is_empty() {
            let id_of = |m: ModuleIdx| display_path(&graph.module(m).path, &graph.cwd);
            let mut changed = Vec::new();
            let mut order = Vec::with_capacity(graph.modules.len());
            let mut jobs = Vec::new();
            for (i, module) in graph.modules.iter().enumerate() {
                let m = ModuleIdx(i as u32);
                let id = id_of(m);
                let targets = graph_targets(&graph, m);
                let same = !fresh.contains(&module.path)
                    && self.rendered.get(&id).is_some_and(|(_, t)| *t == targets);
                if !same {
                    jobs.push((m, id.clone(), targets));
                }
                order.push(id);
            }
            use rayon::prelude::*;
            let rendered: Vec<(DevModule, Vec<DevTarget>)> = jobs
                .into_par_iter()
                .map(|(m, id, targets)| {
                    let refresh = options.jsx.refresh
                        && !sheaf_common::path_text::in_node_modules(&graph.module(m).path);
                    (
                        render_dev_module(
                            ctx,
                            graph.module(m),
                            &targets,
                            id,
                            lowering,
                            refresh,
                            &options.cwd,
                        ),
                        targets,
                    )
                })
                .collect();
            for (module, targets) in rendered {
                changed.push(module.clone());
                self.rendered.insert(module.id.clone(), (module, targets));
            }
            let present: FxHashSet<&String> = order.iter().collect();
            let removed: Vec<String> = self
                .order
                .iter()
                .filter(|id| !present.contains(id))
                .cloned()
                .collect();
            for id in &removed {
                self.rendered.remove(id);
            }
            self.order = order;
            self.entries = graph.entries.iter().map(|e| id_of(e.module)).collect();
            self.outbase = graph.outbase.clone();
            Ok(DevBuild {
                entries: self.entries.clone(),
                changed,
                removed,
                assets: Some(
                    graph
                        .modules
                        .iter()
                        .filter_map(|m| m.asset.as_ref().map(|a| (a.file.clone(), a.bytes.clone())))
                        .collect(),
                ),
                modules: graph.modules.len(),
                warnings: Vec::new(),
            })
        } else {
            Err(errors)
        };
        self.cache.loads.restore(graph);
        self.failed = result.is_err();
        if result.is_ok() {
            self.dirty.clear();
        }
        result
    }
}

/// What one import record of a module points at, as the registry names it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum DevTarget {
    Module { id: String, commonjs: bool },
    External(String),
    Failed,
}

fn graph_targets(graph: &ModuleGraph, m: ModuleIdx) -> Vec<DevTarget> {
    graph
        .module(m)
        .resolved
        .iter()
        .map(|r| match r {
            ResolvedRecord::Module(t) => DevTarget::Module {
                id: display_path(&graph.module(*t).path, &graph.cwd),
                commonjs: graph.is_commonjs(*t),
            },
            ResolvedRecord::External(s) => DevTarget::External(s.clone()),
            ResolvedRecord::Failed => DevTarget::Failed,
        })
        .collect()
}

/// Renders one module as `__sheaf.define(id, deps, esm, factory)`.
fn render_dev_module(
    ctx: &sheaf_ecma::EcmaContext,
    module: &Module,
    targets: &[DevTarget],
    id: String,
    lowering: sheaf_ecma::Lowering,
    refresh: bool,
    root: &std::path::Path,
) -> DevModule {
    let info = &module.info;
    let esm = info.format == ModuleFormat::Esm;
    let var = |record: u32| format!("__sheaf_i{record}");
    // How a record's module is read: `__sheaf_i3.name`.
    let binding = |record: u32, imported: &Imported| -> Replacement {
        match &targets[record as usize] {
            DevTarget::Failed => Replacement::Undefined,
            _ => match imported {
                Imported::Namespace => Replacement::Name(var(record).into()),
                Imported::Named(n) => Replacement::member(var(record), n.as_str()),
            },
        }
    };
    let mut names = vec![None; info.symbols.len()];
    for (s, sym) in info.symbols.iter().enumerate() {
        names[s] = match &sym.kind {
            SymbolKind::Import(b) => {
                let b = &info.imports[*b as usize];
                Some(binding(b.record, &b.imported))
            }
            SymbolKind::DefaultExport => Some(Replacement::Name("__sheaf_default".into())),
            _ => None,
        };
    }
    let mut prelude = Vec::new();
    if esm {
        // Live getters first, so that modules in a cycle see them.
        let mut getters = Vec::new();
        for e in &info.exports {
            let value = names[e.symbol as usize].clone().unwrap_or_else(|| {
                Replacement::Name(info.symbols[e.symbol as usize].name.as_str().into())
            });
            getters.push((e.exported.clone(), value));
        }
        for r in &info.re_exports {
            getters.push((r.exported.clone(), binding(r.record, &r.imported)));
        }
        prelude.push(format!("require.esm(exports, {});", getters_js(&getters)));
        for (r, record) in info.records.iter().enumerate() {
            if !matches!(record.kind, ImportKind::Static | ImportKind::ReExport) {
                continue;
            }
            let value = match &targets[r] {
                DevTarget::Module { id, commonjs: true } => format!(
                    "require.interop(require({}), {})",
                    js_string(id),
                    module.node_esm
                ),
                DevTarget::Module { id, .. } | DevTarget::External(id) => {
                    format!("require({})", js_string(id))
                }
                DevTarget::Failed => continue,
            };
            prelude.push(format!("var {} = {value};", var(r as u32)));
        }
        for &r in &info.star_exports {
            if !matches!(targets[r as usize], DevTarget::Failed) {
                prelude.push(format!("require.star(exports, {});", var(r)));
            }
        }
    }
    let mut footer = String::new();
    if refresh {
        // React Fast Refresh: components register under this module's id, and a
        // module that exports only components accepts its own updates.
        prelude.push(format!(
            "var $RefreshReg$ = function (type, name) {{ __sheaf_refresh.register(type, {} + \" \" + name); }}, $RefreshSig$ = __sheaf_refresh.signature;",
            js_string(&id)
        ));
        footer.push_str("\n__sheaf_refresh.accept(module.exports, __sheaf_meta.hot);\n");
    }
    if let Some(css) = &module.css {
        let self_accept = !crate::css_modules::is_css_module(&module.path);
        let text = crate::css::dev_text(&module.path, css, root);
        footer.push_str(&css_footer(&id, &text, self_accept));
    }
    let mut requires = FxHashMap::default();
    let mut dynamic_imports = FxHashMap::default();
    for (r, record) in info.records.iter().enumerate() {
        let target = match &targets[r] {
            DevTarget::Module { id, .. } | DevTarget::External(id) => id.clone(),
            DevTarget::Failed => continue,
        };
        match record.kind {
            ImportKind::Require => {
                requires.insert(r as u32, RequireCall::Runtime(target));
            }
            ImportKind::Dynamic => {
                dynamic_imports.insert(r as u32, DynamicImport::Registry(target));
            }
            _ => {}
        }
    }
    let plan = RenderPlan {
        names: &names,
        members: &FxHashMap::default(),
        dynamic_imports: &dynamic_imports,
        import_meta: ImportMetaMode::Dev,
        requires: &requires,
        commonjs: !esm,
        prelude: &[],
        lazy: false,
        live: None,
        unused: &Default::default(),
        lowering,
        minify: false,
        minified_whole: false,
        read_outside: None,
        comments: true,
        legal_comments: Default::default(),
        positions: false,
        strict: false,
        exits_after: false,
    };
    let rendered = render_module(ctx, &module.ast, &plan);
    // The swc helpers its transformed code calls (`_ts_decorate` for legacy
    // decorators), declared inside the module's function: dev modules do not
    // share an output's top level.
    let helpers = sheaf_ecma::render_helpers(ctx, std::iter::once(&info.helpers), lowering, false)
        .unwrap_or_default();
    let deps: Vec<String> = info
        .records
        .iter()
        .zip(targets)
        .filter_map(|(record, t)| match t {
            DevTarget::Module { id, .. } => Some(format!(
                "[{}, {}]",
                js_string(&record.specifier),
                js_string(id)
            )),
            _ => None,
        })
        .collect();
    let code = format!(
        "__sheaf.define({}, [{}], {esm}, function (require, module, exports, __sheaf_meta) {{\n{helpers}{}\n{}{footer}}});\n",
        js_string(&id),
        deps.join(", "),
        prelude.join("\n"),
        rendered.code
    );
    DevModule {
        id,
        code: code.into(),
    }
}

/// A stylesheet in dev: its text goes into a `<style>` of its own (appended when
/// the module first runs, so in cascade order), which a hot update of the module
/// refills in place, without a reload. (`@import` media and layer conditions are
/// the build's; dev applies imported sheets as they are.) A CSS module's update
/// goes on to its importers (`self_accept` false), as its names may change.
fn css_footer(id: &str, css: &str, self_accept: bool) -> String {
    let accept = if self_accept {
        "if (__sheaf_meta.hot) __sheaf_meta.hot.accept();\n"
    } else {
        ""
    };
    // `__sheaf.css` (the dev client) keeps each stylesheet's element by id.
    format!(
        "\nif (typeof document !== \"undefined\") __sheaf.css({}, {});\n{accept}",
        js_string(id),
        js_string(css)
    )
}
