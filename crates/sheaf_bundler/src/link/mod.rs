//! Link: bind every import to the export it names, decide which namespace objects
//! must exist, and give every top-level symbol of the output a collision-free name.
//!
//! Example: `main.js` does `import { x as y } from './a.js'`, `a.js` does
//! `export * from './b.js'`, and `b.js` declares `export let x`. Then `y` in main
//! binds to `x` of b; if c.js also has a top-level `x`, one of them becomes `x$1`,
//! and main's references to `y` are rendered as that name.
//!
//! Why here and not in generate: the result ([`LinkOutput`]) is plain data that
//! rendering (parallel, per module) only reads.

use indexmap::{IndexMap, IndexSet};
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::{BuildOptions, Diagnostic, Format, Platform};
use sheaf_ecma::{
    DynamicImport, EcmaContext, ImportKind, ImportMetaMode, Imported, Interop, Loc, ModuleFormat,
    Replacement, RequireCall, SymbolIdx, SymbolKind, NAMESPACE_SYMBOL,
};

pub mod chunks;
mod names;
mod shake;

use chunks::{ChunkGraph, EntryPoint};
pub use chunks::{ChunkIdx, ChunkKind};

use crate::{
    graph::{ModuleGraph, ModuleIdx, ResolvedRecord},
    naming::{expand, placeholder, relative_specifier},
    runtime::Helper,
};

/// Where an import finally points.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Symbol(ModuleIdx, SymbolIdx),
    Namespace(ModuleIdx),
    External {
        specifier: String,
        imported: Imported,
    },
    /// A property of a bundled CommonJS module's exports, read through the
    /// `import_x` variable that module `via` declares for it.
    CommonJs {
        via: ModuleIdx,
        module: ModuleIdx,
        imported: Imported,
    },
    /// An export of a `browser: false` stub.
    Undefined,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Lookup {
    Found(Target),
    Missing,
    Ambiguous,
    Cycle,
}

/// A name the linker must assign: a module's own top-level symbol, or a binding
/// to an external module that the output imports.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Local(ModuleIdx, SymbolIdx),
    /// esm output: `import { imported as NAME } from "specifier"`.
    ExternalBinding(String, Imported),
    /// cjs/iife output: `var NAME = __toESM(require("specifier"))`.
    ExternalModule(String),
    /// `var require_x = __sheafCommonJS(function (exports, module) { … })`.
    CjsFactory(ModuleIdx),
    /// `var import_x = __sheafToEsm(require_x())`, declared by the first module (`.0`) for the second.
    CjsImport(ModuleIdx, ModuleIdx),
    /// `var init_x = __sheafEsm(function () { … })` of an ES module evaluated on demand.
    LazyInit(ModuleIdx),
    /// cjs output with code splitting: `var chunk = require("./chunk.js")`, by
    /// chunk and its `[name]`.
    ChunkVar(ChunkIdx, String),
}

/// The instructions for rendering one module.
pub struct ModulePlan {
    pub module: ModuleIdx,
    pub names: Vec<Option<Replacement>>,
    pub members: FxHashMap<SymbolIdx, FxHashMap<String, Replacement>>,
    pub dynamic_imports: FxHashMap<u32, DynamicImport>,
    pub requires: FxHashMap<u32, RequireCall>,
    /// Tree shaking: which top-level items of an ES module to emit (all when `None`).
    pub live: Option<Vec<bool>>,
    /// Whether the module is emitted at all.
    pub included: bool,
    pub import_meta: ImportMetaMode,
    /// For a CommonJS module: the name of its factory (`require_x`).
    pub cjs_factory: Option<String>,
    /// For an ES module evaluated on demand: its initializer (`init_x`) and the
    /// top-level names to declare outside it.
    pub lazy_init: Option<(String, Vec<String>)>,
    /// Statements emitted before the module's code: `var import_x = …` for the
    /// CommonJS modules it imports.
    pub prelude: Vec<String>,
}

/// A namespace object the output must build: `var name = __sheafNs({ a: () => a$1 })`.
pub struct NamespaceObject {
    pub name: String,
    pub members: Vec<(String, Replacement)>,
}

/// An external module the output imports (esm) or requires (cjs/iife).
pub struct ExternalImport {
    pub specifier: String,
    /// esm: the bindings imported from it, with their names in the output.
    pub bindings: Vec<(Imported, String)>,
    /// cjs/iife: the variable holding the required module.
    pub module_var: Option<String>,
}

/// One output file: which modules it holds and the glue around them.
pub struct ChunkPlan {
    pub kind: ChunkKind,
    /// Path relative to the output folder, `/`-separated; a `[hash]` in the
    /// pattern is still a placeholder of the hash's length (see `generate`).
    pub file: String,
    /// Indices into [`LinkOutput::modules`], in execution order.
    pub modules: Vec<usize>,
    /// The module whose exports this chunk exports (entry and `import()` chunks).
    pub entry_module: Option<ModuleIdx>,
    pub namespaces: Vec<NamespaceObject>,
    pub externals: Vec<ExternalImport>,
    /// The entry's exports: exported name → what it refers to.
    pub exports: Vec<(String, Replacement)>,
    /// esm output: `export * from "specifier"` of external modules at the entry.
    pub export_star_externals: Vec<String>,
    pub helpers: IndexSet<Helper>,
    /// The entry is CommonJS: its factory, whose result is the output's exports.
    pub entry_factory: Option<String>,
    /// The entry is evaluated on demand (a module it imports requires it): run it.
    pub entry_init: Option<String>,
    /// Other chunks this one loads first, in order, with what it takes from them.
    pub imports: Vec<ChunkImport>,
    /// Names other chunks import from this one (their names in the output).
    pub shared_exports: Vec<String>,
    /// Chunks its code loads with `import()`.
    pub dynamic_imports: Vec<ChunkIdx>,
    /// esm output on node that still calls `require` (externals, dynamic requires):
    /// define one with `createRequire`.
    pub needs_require_shim: bool,
    /// esm output on node that reads `__filename`/`__dirname`: define them.
    pub needs_dirname_shim: bool,
}

/// `import { a, b } from "./chunk.js"` (esm) or `var chunk = require("./chunk.js")` (cjs).
pub struct ChunkImport {
    pub chunk: ChunkIdx,
    pub names: Vec<String>,
    /// cjs: the variable that holds the chunk's exports (`None`: nothing is read).
    pub var: Option<String>,
}

pub struct LinkOutput {
    /// Modules of this output in execution order, each with its render plan.
    pub modules: Vec<ModulePlan>,
    /// One per output file; without code splitting, exactly one.
    pub chunks: Vec<ChunkPlan>,
    pub warnings: Vec<Diagnostic>,
}

struct Linker<'a> {
    ctx: &'a EcmaContext,
    graph: &'a ModuleGraph,
    options: &'a BuildOptions,
    errors: Vec<Diagnostic>,
    /// Keys in first-use order, with the modules that refer to each and the local
    /// name each of them used (to know which nested names could capture it).
    refs: IndexMap<Key, Vec<(ModuleIdx, String)>>,
    materialized: IndexSet<ModuleIdx>,
    /// For each module, the CommonJS modules it needs an `import_x` variable for.
    cjs_imports: IndexMap<ModuleIdx, IndexSet<ModuleIdx>>,
    warnings: Vec<Diagnostic>,
}

/// Links the given user entries (`graph.entries` indices) into one output: one
/// chunk per entry without code splitting (call once per entry), or with
/// `--splitting` the entries, their `import()` targets and shared chunks.
pub fn link(
    ctx: &EcmaContext,
    graph: &ModuleGraph,
    entries: &[usize],
    options: &BuildOptions,
) -> Result<LinkOutput, Vec<Diagnostic>> {
    let mut l = Linker {
        ctx,
        graph,
        options,
        errors: Vec::new(),
        refs: IndexMap::new(),
        materialized: IndexSet::new(),
        cjs_imports: IndexMap::new(),
        warnings: Vec::new(),
    };
    let splitting = options.splitting;
    let roots: Vec<ModuleIdx> = entries.iter().map(|&e| graph.entries[e].module).collect();
    let order = execution_order(graph, &roots);
    let cjs_like = options.format != Format::Esm;
    let lazy = lazy_modules(graph, &order, &mut l.errors, ctx, splitting);

    // Entry points: the user's entries, and with code splitting every bundled
    // `import()` target (in execution order).
    let mut entry_points: Vec<EntryPoint> = entries
        .iter()
        .map(|&e| EntryPoint {
            module: graph.entries[e].module,
            user: Some(e),
        })
        .collect();
    if splitting {
        let mut seen: FxHashSet<ModuleIdx> = roots.iter().copied().collect();
        for &m in &order {
            let module = graph.module(m);
            for (r, record) in module.info.records.iter().enumerate() {
                if let (ImportKind::Dynamic, ResolvedRecord::Module(t)) =
                    (record.kind, &module.resolved[r])
                {
                    if seen.insert(*t) {
                        entry_points.push(EntryPoint {
                            module: *t,
                            user: None,
                        });
                    }
                }
            }
        }
    }

    if cjs_like {
        for &m in &order {
            let module = graph.module(m);
            if let Some(loc) = module.info.top_level_await {
                let mut d = Diagnostic::error(
                    "E_TLA_FORMAT",
                    format!(
                        "Top-level await is not available in {} output",
                        format_name(options.format)
                    ),
                )
                .with_help("use --format esm, or move the await into an async function");
                if let Some(label) = ctx.label(loc) {
                    d = d.with_label(label);
                }
                l.errors.push(d);
            }
        }
    }

    // 1. Bind every import symbol and record who refers to what.
    let mut targets: FxHashMap<(ModuleIdx, SymbolIdx), Target> = FxHashMap::default();
    for &m in &order {
        let module = graph.module(m);
        if module.info.format == ModuleFormat::CommonJs {
            l.refer(Key::CjsFactory(m), m, "");
        }
        if lazy.contains(&m) {
            l.refer(Key::LazyInit(m), m, "");
        }
        // Importers run the lazy modules they import in their prelude.
        for (r, record) in module.info.records.iter().enumerate() {
            if let (ResolvedRecord::Module(t), ImportKind::Static | ImportKind::ReExport) =
                (&module.resolved[r], record.kind)
            {
                if lazy.contains(t) {
                    l.refer(Key::LazyInit(*t), m, "");
                }
            }
        }
        for (s, sym) in module.info.symbols.iter().enumerate() {
            let s = s as SymbolIdx;
            match &sym.kind {
                SymbolKind::Declared | SymbolKind::DefaultExport => {
                    l.refer(Key::Local(m, s), m, &sym.name);
                }
                SymbolKind::Namespace => {}
                SymbolKind::Import(b) => {
                    let binding = &module.info.imports[*b as usize];
                    let lookup = l.resolve_import(m, *b as usize, &mut Vec::new());
                    let target = match lookup {
                        Lookup::Found(t) => t,
                        other => {
                            l.import_error(
                                m,
                                binding.loc,
                                &binding.imported,
                                binding.record,
                                other,
                            );
                            continue;
                        }
                    };
                    let value_use = module.info.value_uses.contains(&s);
                    let member_use = module.info.member_uses.get(&s);
                    match &target {
                        Target::Namespace(t) if !value_use && !l.has_dynamic_star(*t) => {
                            if let Some(props) = member_use {
                                let mut props: Vec<&String> = props.iter().collect();
                                props.sort();
                                for p in props {
                                    if let Lookup::Found(inner) =
                                        l.resolve_export(*t, p, &mut Vec::new())
                                    {
                                        // `ns.p` becomes a bare name inside m, so the name must not be
                                        // declared in any of m's nested scopes: no local name exempts it.
                                        l.use_target(&inner, m, "");
                                    }
                                }
                            }
                        }
                        _ => l.use_target(&target, m, &sym.name),
                    }
                    targets.insert((m, s), target);
                }
            }
        }
    }
    // `require("x")` calls.
    let mut requires: FxHashMap<ModuleIdx, FxHashMap<u32, RequireTarget>> = FxHashMap::default();
    for &m in &order {
        let module = graph.module(m);
        for (r, record) in module.info.records.iter().enumerate() {
            if record.kind != ImportKind::Require {
                continue;
            }
            let target = match &module.resolved[r] {
                ResolvedRecord::Module(t) if graph.is_commonjs(*t) => {
                    l.refer(Key::CjsFactory(*t), m, "");
                    RequireTarget::Factory(*t)
                }
                ResolvedRecord::Module(t) => {
                    l.use_target(&Target::Namespace(*t), m, "");
                    if lazy.contains(t) {
                        l.refer(Key::LazyInit(*t), m, "");
                    }
                    RequireTarget::EsModule(*t)
                }
                ResolvedRecord::External(s) => RequireTarget::Runtime(s.clone()),
                ResolvedRecord::Failed => continue,
            };
            requires.entry(m).or_default().insert(r as u32, target);
        }
    }
    // What each entry point exports.
    let mut entry_exports: Vec<Vec<(String, Target)>> = Vec::new();
    let mut entry_stars: Vec<Vec<String>> = Vec::new();
    for ep in &entry_points {
        let mut exports = Vec::new();
        if !graph.is_commonjs(ep.module) {
            for name in l.export_names(ep.module) {
                match l.resolve_export(ep.module, &name, &mut Vec::new()) {
                    Lookup::Found(t) => {
                        l.use_target(&t, ep.module, &name);
                        exports.push((name, t));
                    }
                    Lookup::Ambiguous => l.warn_ambiguous(ep.module, &name),
                    _ => {}
                }
            }
        }
        let stars = l.external_stars(ep.module);
        if cjs_like && !stars.is_empty() {
            l.errors.push(Diagnostic::error(
                "E_EXPORT_STAR_EXTERNAL",
                format!(
                    "`export * from` an external module is only supported in esm output ({})",
                    stars.join(", ")
                ),
            ));
        }
        entry_exports.push(exports);
        entry_stars.push(stars);
    }
    // Dynamic imports of bundled modules: with code splitting, the chunk of the
    // target; otherwise what a static import would bind (the namespace, or the
    // interop object of CommonJS).
    let mut dynamic: FxHashMap<ModuleIdx, FxHashMap<u32, DynamicImport>> = FxHashMap::default();
    for &m in &order {
        let module = graph.module(m);
        for (r, record) in module.info.records.iter().enumerate() {
            if record.kind != ImportKind::Dynamic {
                continue;
            }
            let d = match &module.resolved[r] {
                ResolvedRecord::Module(_) if splitting => DynamicImport::Chunk {
                    specifier: String::new(),
                    require: false,
                    interop: None,
                },
                ResolvedRecord::Module(t) if graph.is_commonjs(*t) => {
                    l.use_target(
                        &Target::CommonJs {
                            via: m,
                            module: *t,
                            imported: Imported::Namespace,
                        },
                        m,
                        "",
                    );
                    DynamicImport::Bundled {
                        namespace: String::new(),
                        init: None,
                    }
                }
                ResolvedRecord::Module(t) => {
                    l.use_target(&Target::Namespace(*t), m, "");
                    if lazy.contains(t) {
                        l.refer(Key::LazyInit(*t), m, "");
                    }
                    DynamicImport::Bundled {
                        namespace: String::new(),
                        init: None,
                    }
                }
                ResolvedRecord::External(s) => DynamicImport::External(s.clone()),
                ResolvedRecord::Failed => continue,
            };
            dynamic.entry(m).or_default().insert(r as u32, d);
        }
    }
    // Materialized namespaces refer to every export of their module.
    let mut i = 0;
    while i < l.materialized.len() {
        let t = l.materialized[i];
        l.refer(Key::Local(t, NAMESPACE_SYMBOL), t, "");
        for name in l.export_names(t) {
            if let Lookup::Found(target) = l.resolve_export(t, &name, &mut Vec::new()) {
                l.use_target(&target, t, &name);
            }
        }
        i += 1;
    }
    if !l.errors.is_empty() {
        return Err(l.errors);
    }
    let all_exports: Vec<(String, Target)> = entry_exports.iter().flatten().cloned().collect();
    let entry_modules: Vec<ModuleIdx> = entry_points.iter().map(|e| e.module).collect();
    let mut liveness = l.shake(&order, &entry_modules, &all_exports, &targets);
    // Namespace objects only for modules that live code uses as a whole.
    l.materialized.retain(|t| liveness.whole.contains(t));

    // 2. Chunks.
    let emitted = |m: ModuleIdx| {
        if graph.is_commonjs(m) {
            liveness.commonjs.contains(&m)
        } else {
            liveness.included.contains(&m) || lazy.contains(&m)
        }
    };
    let mut warnings = std::mem::take(&mut l.warnings);
    let chunk_graph = if splitting {
        let pure = |m: ModuleIdx| {
            if graph.is_commonjs(m) || lazy.contains(&m) {
                return true;
            }
            let module = graph.module(m);
            let live = liveness.parts.get(&m);
            let parts_pure = module.info.parts.iter().enumerate().all(|(i, p)| {
                !live.is_some_and(|l| l[i]) || (!p.side_effects && p.pure_if_calls_pure.is_empty())
            });
            // A prelude that runs CommonJS or lazy modules is a side effect too.
            let runs_others = l.cjs_imports.get(&m).is_some_and(|c| !c.is_empty())
                || module.resolved.iter().zip(&module.info.records).any(|(r, rec)| {
                    matches!((r, rec.kind), (ResolvedRecord::Module(t), ImportKind::Static | ImportKind::ReExport) if lazy.contains(t))
                });
            parts_pure && !runs_others
        };
        let (chunk_graph, split_warnings) = chunks::split(&chunks::SplitInput {
            graph,
            order: &order,
            entry_points: &entry_points,
            emitted: &emitted,
            pure: &pure,
            options: &options.chunks,
        });
        warnings.extend(split_warnings);
        chunk_graph
    } else {
        let e = entries[0];
        ChunkGraph::single(
            graph.entries[e].name.clone(),
            graph.entries[e].module,
            e,
            order.iter().copied().filter(|&m| emitted(m)).collect(),
        )
    };
    let entry_chunk = |ep: usize| -> ChunkIdx {
        let module = entry_points[ep].module;
        match entry_points[ep].user {
            Some(u) => ChunkIdx(
                chunk_graph
                    .chunks
                    .iter()
                    .position(|c| c.kind == ChunkKind::Entry(u))
                    .expect("every user entry has a chunk") as u32,
            ),
            None => chunk_graph.dynamic[&module],
        }
    };

    // Which keys each chunk takes from other chunks. Keys are owned by the chunk
    // of the module that declares them; external bindings are imported by every
    // chunk that uses them.
    let owner = |k: &Key| -> Option<ModuleIdx> {
        match k {
            Key::Local(m, _) | Key::CjsFactory(m) | Key::LazyInit(m) | Key::CjsImport(m, _) => {
                Some(*m)
            }
            _ => None,
        }
    };
    let mut live_declared: FxHashMap<ModuleIdx, FxHashSet<SymbolIdx>> = FxHashMap::default();
    let mut key_emitted = |k: &Key| -> bool {
        match k {
            Key::Local(m, NAMESPACE_SYMBOL) => l.materialized.contains(m),
            Key::Local(m, s) => {
                if !emitted(*m) {
                    return false;
                }
                if lazy.contains(m) {
                    return true;
                }
                live_declared
                    .entry(*m)
                    .or_insert_with(|| {
                        let info = &graph.module(*m).info;
                        let live = liveness.parts.get(m);
                        info.parts
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| live.is_none_or(|l| l[*i]))
                            .flat_map(|(_, p)| p.declares.iter().copied())
                            .collect()
                    })
                    .contains(s)
            }
            Key::CjsFactory(m) => liveness.commonjs.contains(m),
            Key::LazyInit(m) | Key::CjsImport(m, _) => emitted(*m),
            _ => false,
        }
    };
    let n_chunks = chunk_graph.chunks.len();
    let mut chunk_imports: Vec<IndexMap<ChunkIdx, IndexSet<Key>>> =
        (0..n_chunks).map(|_| IndexMap::new()).collect();
    let mut chunk_exports: Vec<IndexSet<Key>> = (0..n_chunks).map(|_| IndexSet::new()).collect();
    if n_chunks > 1 {
        // Static imports first, in execution order: the chunks to run before this one.
        for (c, chunk) in chunk_graph.chunks.iter().enumerate() {
            for &m in &chunk.modules {
                let module = graph.module(m);
                for (r, record) in module.info.records.iter().enumerate() {
                    if let (ResolvedRecord::Module(t), ImportKind::Static | ImportKind::ReExport) =
                        (&module.resolved[r], record.kind)
                    {
                        match chunk_graph.chunk_of(*t) {
                            Some(tc) if tc.index() != c => {
                                chunk_imports[c].entry(tc).or_default();
                            }
                            _ => {}
                        }
                    }
                }
            }
            // An entry chunk whose module lives in a shared chunk runs it from there.
            if let Some(tc) = chunk.entry.and_then(|m| chunk_graph.chunk_of(m)) {
                if tc.index() != c {
                    chunk_imports[c].entry(tc).or_default();
                }
            }
        }
        for (key, referrers) in &l.refs {
            let Some(oc) = owner(key).and_then(|m| chunk_graph.chunk_of(m)) else {
                continue;
            };
            if !key_emitted(key) {
                continue;
            }
            for (r, _) in referrers {
                let Some(rc) = chunk_graph.chunk_of(*r) else {
                    continue;
                };
                share(&mut chunk_imports, &mut chunk_exports, rc, oc, key);
            }
        }
        // What an entry chunk exports may live elsewhere.
        for (ep, exports) in entry_exports.iter().enumerate() {
            let ec = entry_chunk(ep);
            let module = entry_points[ep].module;
            let mut keys: Vec<Key> = exports
                .iter()
                .filter_map(|(_, t)| match t {
                    Target::Symbol(m, s) => Some(Key::Local(*m, *s)),
                    Target::Namespace(m) => Some(Key::Local(*m, NAMESPACE_SYMBOL)),
                    Target::CommonJs { via, module, .. } => Some(Key::CjsImport(*via, *module)),
                    _ => None,
                })
                .collect();
            if graph.is_commonjs(module) {
                keys.push(Key::CjsFactory(module));
            }
            if lazy.contains(&module) {
                keys.push(Key::LazyInit(module));
            }
            for key in keys {
                let Some(oc) = owner(&key).and_then(|m| chunk_graph.chunk_of(m)) else {
                    continue;
                };
                share(&mut chunk_imports, &mut chunk_exports, ec, oc, &key);
            }
        }
    }
    // cjs output reads other chunks' bindings through a variable per chunk.
    let cjs_split = cjs_like && n_chunks > 1;
    if cjs_split {
        for (c, imports) in chunk_imports.iter().enumerate() {
            for (oc, keys) in imports {
                if keys.is_empty() {
                    continue;
                }
                let key = Key::ChunkVar(*oc, chunk_graph.chunks[oc.index()].name.clone());
                for &m in &chunk_graph.chunks[c].modules {
                    l.refer(key.clone(), m, "");
                }
                if chunk_graph.chunks[c].modules.is_empty() {
                    l.refs.entry(key).or_default();
                }
            }
        }
    }

    // 3. Names.
    let names = l.assign_names(&order);
    let name_of = |k: &Key| names.get(k).cloned();
    let chunk_var = |c: ChunkIdx| {
        names
            .get(&Key::ChunkVar(
                c,
                chunk_graph.chunks[c.index()].name.clone(),
            ))
            .cloned()
    };
    // The name of `key` as code in chunk `from` sees it: `chunk.name` when cjs
    // output takes it from another chunk.
    let name_in = |key: &Key, from: Option<ChunkIdx>| -> Option<String> {
        let name = names.get(key)?.clone();
        if cjs_split {
            if let (Some(oc), Some(from)) = (owner(key).and_then(|m| chunk_graph.chunk_of(m)), from)
            {
                if oc != from {
                    if let Some(var) = chunk_var(oc) {
                        return Some(format!("{var}.{name}"));
                    }
                }
            }
        }
        Some(name)
    };
    let as_replacement = |name: String| match name.split_once('.') {
        Some((object, property)) => Replacement::Member {
            object: object.to_string(),
            property: property.to_string(),
        },
        None => Replacement::Name(name),
    };
    let replacement = |t: &Target, from: Option<ChunkIdx>| -> Option<Replacement> {
        match t {
            Target::Symbol(m, s) => name_in(&Key::Local(*m, *s), from).map(as_replacement),
            Target::Namespace(m) => {
                name_in(&Key::Local(*m, NAMESPACE_SYMBOL), from).map(as_replacement)
            }
            Target::External {
                specifier,
                imported,
            } => {
                if cjs_like {
                    let object = name_of(&Key::ExternalModule(specifier.clone()))?;
                    Some(match imported {
                        Imported::Namespace => Replacement::Name(object),
                        Imported::Named(n) => Replacement::Member {
                            object,
                            property: n.clone(),
                        },
                    })
                } else {
                    name_of(&Key::ExternalBinding(specifier.clone(), imported.clone()))
                        .map(Replacement::Name)
                }
            }
            Target::CommonJs {
                via,
                module,
                imported,
            } => {
                let object = name_in(&Key::CjsImport(*via, *module), from)?;
                Some(match imported {
                    Imported::Namespace => as_replacement(object),
                    Imported::Named(n) => Replacement::Member {
                        object,
                        property: n.clone(),
                    },
                })
            }
            Target::Undefined => Some(Replacement::Undefined),
        }
    };
    let files = file_names(graph, &chunk_graph, options);

    // 4. Plans.
    let import_meta = match (options.format, options.platform) {
        (Format::Esm, _) => ImportMetaMode::Keep,
        (Format::Cjs, Platform::Node) => ImportMetaMode::NodeCjs,
        _ => ImportMetaMode::Empty,
    };
    let mut chunk_dynamic: Vec<IndexSet<ChunkIdx>> =
        (0..n_chunks).map(|_| IndexSet::new()).collect();
    let mut plans = Vec::with_capacity(order.len());
    for &m in &order {
        let module = graph.module(m);
        let here = chunk_graph.chunk_of(m);
        if module.info.uses_import_meta && import_meta == ImportMetaMode::Empty {
            warnings.push(Diagnostic::warning(
                "W_IMPORT_META",
                format!(
                    "`import.meta` is empty in {} output ({})",
                    format_name(options.format),
                    module.path.display()
                ),
            ));
        }
        let mut names_m = vec![None; module.info.symbols.len()];
        let mut members = FxHashMap::default();
        for (s, sym) in module.info.symbols.iter().enumerate() {
            let s32 = s as SymbolIdx;
            names_m[s] = match &sym.kind {
                SymbolKind::Import(_) => {
                    let Some(t) = targets.get(&(m, s32)) else {
                        continue;
                    };
                    if let Target::Namespace(ns) = t {
                        if !l.has_dynamic_star(*ns) {
                            let mut map = FxHashMap::default();
                            if let Some(props) = module.info.member_uses.get(&s32) {
                                for p in props {
                                    let r = match l.resolve_export(*ns, p, &mut Vec::new()) {
                                        Lookup::Found(inner) => replacement(&inner, here),
                                        _ => None,
                                    };
                                    map.insert(p.clone(), r.unwrap_or(Replacement::Undefined));
                                }
                            }
                            members.insert(s32, map);
                        }
                    }
                    replacement(t, here)
                }
                _ => name_of(&Key::Local(m, s32)).map(Replacement::Name),
            };
        }
        let mut dyn_m = dynamic.remove(&m).unwrap_or_default();
        for (r, d) in dyn_m.iter_mut() {
            let ResolvedRecord::Module(t) = &module.resolved[*r as usize] else {
                continue;
            };
            match d {
                DynamicImport::Bundled { namespace, init } => {
                    let key = if graph.is_commonjs(*t) {
                        Key::CjsImport(m, *t)
                    } else {
                        Key::Local(*t, NAMESPACE_SYMBOL)
                    };
                    *namespace = name_in(&key, here).expect("dynamic import targets are named");
                    *init = name_in(&Key::LazyInit(*t), here);
                }
                DynamicImport::Chunk {
                    specifier,
                    require,
                    interop,
                } => {
                    let target = chunk_graph.dynamic[t];
                    let from = here.map_or("", |c| files[c.index()].as_str());
                    *specifier = relative_specifier(from, &files[target.index()]);
                    *require = cjs_like;
                    *interop = graph.is_commonjs(*t).then(|| Interop {
                        helper: Helper::ToEsm.name(),
                        node_mode: module.node_esm,
                    });
                    if let Some(c) = here {
                        chunk_dynamic[c.index()].insert(target);
                    }
                }
                DynamicImport::External(_) | DynamicImport::Registry(_) => {}
            }
        }
        let requires_m = requires
            .remove(&m)
            .unwrap_or_default()
            .into_iter()
            .map(|(r, t)| {
                let call = match t {
                    RequireTarget::Factory(t) => RequireCall::Factory(
                        name_in(&Key::CjsFactory(t), here).expect("factories are named"),
                    ),
                    RequireTarget::EsModule(t) => RequireCall::EsModule {
                        helper: Helper::ToCjs.name(),
                        namespace: name_in(&Key::Local(t, NAMESPACE_SYMBOL), here)
                            .expect("required modules have a namespace"),
                        init: name_in(&Key::LazyInit(t), here),
                    },
                    RequireTarget::Runtime(s) => RequireCall::Runtime(s),
                };
                (r, call)
            })
            .collect();
        let commonjs = module.info.format == ModuleFormat::CommonJs;
        // Before the module's own code, in import order: run the lazy ES modules
        // it imports, and bind the CommonJS modules it imports.
        let mut prelude = Vec::new();
        let mut done = FxHashSet::default();
        let cjs_imports = l.cjs_imports.get(&m).cloned().unwrap_or_default();
        let static_targets = module
            .info
            .records
            .iter()
            .enumerate()
            .filter_map(|(r, rec)| match (&module.resolved[r], rec.kind) {
                (ResolvedRecord::Module(t), ImportKind::Static | ImportKind::ReExport) => Some(*t),
                _ => None,
            });
        for t in static_targets.chain(cjs_imports.iter().copied()) {
            if !done.insert(t) {
                continue;
            }
            if let Some(init) = name_in(&Key::LazyInit(t), here) {
                prelude.push(format!("{init}();"));
            } else if cjs_imports.contains(&t) {
                prelude.push(format!(
                    "var {} = {}({}(){});",
                    names[&Key::CjsImport(m, t)],
                    Helper::ToEsm.name(),
                    name_in(&Key::CjsFactory(t), here).expect("factories are named"),
                    if module.node_esm { ", 1" } else { "" }
                ));
            }
        }
        let lazy_init = names.get(&Key::LazyInit(m)).map(|init| {
            let declared = module
                .info
                .symbols
                .iter()
                .enumerate()
                .filter(|(_, s)| matches!(s.kind, SymbolKind::Declared | SymbolKind::DefaultExport))
                .filter_map(|(s, _)| names.get(&Key::Local(m, s as SymbolIdx)).cloned())
                .collect();
            (init.clone(), declared)
        });
        plans.push(ModulePlan {
            module: m,
            names: names_m,
            members,
            dynamic_imports: dyn_m,
            requires: requires_m,
            import_meta,
            cjs_factory: commonjs.then(|| names[&Key::CjsFactory(m)].clone()),
            lazy_init,
            prelude,
            live: liveness.parts.remove(&m),
            included: here.is_some(),
        });
    }

    // 5. Chunk glue.
    let plan_index: FxHashMap<ModuleIdx, usize> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| (p.module, i))
        .collect();
    let node_esm = options.format == Format::Esm && options.platform == Platform::Node;
    let mut chunks_out = Vec::with_capacity(n_chunks);
    for (c, chunk) in chunk_graph.chunks.iter().enumerate() {
        let here = Some(ChunkIdx(c as u32));
        let modules: Vec<usize> = chunk.modules.iter().map(|m| plan_index[m]).collect();
        let in_chunk: FxHashSet<ModuleIdx> = chunk.modules.iter().copied().collect();
        let namespaces: Vec<NamespaceObject> = l
            .materialized
            .iter()
            .filter(|t| in_chunk.contains(t))
            .map(|&t| NamespaceObject {
                name: name_of(&Key::Local(t, NAMESPACE_SYMBOL))
                    .expect("materialized namespaces are named"),
                members: l
                    .export_names(t)
                    .into_iter()
                    .filter_map(|n| match l.resolve_export(t, &n, &mut Vec::new()) {
                        Lookup::Found(target) => replacement(&target, here).map(|r| (n, r)),
                        _ => None,
                    })
                    .collect(),
            })
            .collect();

        let ep = chunk
            .entry
            .and_then(|m| entry_points.iter().position(|e| e.module == m))
            .filter(|&ep| entry_chunk(ep).index() == c);
        let mut externals: IndexMap<String, ExternalImport> = IndexMap::new();
        // Side-effect imports of externals keep their place in the list, in module order.
        for &m in &chunk.modules {
            let module = graph.module(m);
            for (r, record) in module.info.records.iter().enumerate() {
                if let (ImportKind::Static | ImportKind::ReExport, ResolvedRecord::External(s)) =
                    (record.kind, &module.resolved[r])
                {
                    externals
                        .entry(s.clone())
                        .or_insert_with(|| ExternalImport {
                            specifier: s.clone(),
                            bindings: vec![],
                            module_var: None,
                        });
                }
            }
        }
        let entry_module = ep.map(|ep| entry_points[ep].module);
        for (key, referrers) in &l.refs {
            let (Key::ExternalBinding(spec, _) | Key::ExternalModule(spec)) = key else {
                continue;
            };
            let used_here = n_chunks == 1
                || referrers
                    .iter()
                    .any(|(r, _)| in_chunk.contains(r) || Some(*r) == entry_module);
            if !used_here {
                continue;
            }
            let e = externals
                .entry(spec.clone())
                .or_insert_with(|| ExternalImport {
                    specifier: spec.clone(),
                    bindings: vec![],
                    module_var: None,
                });
            match key {
                Key::ExternalBinding(_, imported) => {
                    e.bindings.push((imported.clone(), names[key].clone()))
                }
                _ => e.module_var = Some(names[key].clone()),
            }
        }
        let chunk_plans = || modules.iter().map(|&i| &plans[i]);
        let mut helpers = IndexSet::new();
        if !namespaces.is_empty() {
            helpers.insert(Helper::Namespace);
        }
        let dynamic_interop = chunk_plans().any(|p| {
            p.dynamic_imports.values().any(|d| {
                matches!(
                    d,
                    DynamicImport::Chunk {
                        interop: Some(_),
                        ..
                    }
                )
            })
        });
        if (cjs_like && externals.values().any(|e| e.module_var.is_some()))
            || chunk.modules.iter().any(|m| l.cjs_imports.contains_key(m))
            || dynamic_interop
        {
            helpers.insert(Helper::ToEsm);
        }
        if chunk_plans().any(|p| p.cjs_factory.is_some()) {
            helpers.insert(Helper::CommonJs);
        }
        if chunk_plans().any(|p| p.lazy_init.is_some()) {
            helpers.insert(Helper::Esm);
        }
        if chunk_plans().any(|p| {
            p.requires
                .values()
                .any(|r| matches!(r, RequireCall::EsModule { .. }))
        }) {
            helpers.insert(Helper::ToCjs);
        }
        if options.format == Format::Cjs
            || (options.format == Format::Iife && options.global_name.is_some())
        {
            helpers.insert(Helper::Export);
        }
        let globals = |name: &str| {
            chunk
                .modules
                .iter()
                .any(|&m| graph.module(m).info.global_names.contains(name))
        };
        let runtime_require = globals("require")
            || chunk_plans().any(|p| {
                p.requires
                    .values()
                    .any(|r| matches!(r, RequireCall::Runtime(_)))
            });
        let imports = chunk_imports[c]
            .iter()
            .map(|(oc, keys)| ChunkImport {
                chunk: *oc,
                names: keys.iter().map(|k| names[k].clone()).collect(),
                var: if keys.is_empty() {
                    None
                } else {
                    chunk_var(*oc)
                },
            })
            .collect();
        let (exports, export_star_externals, entry_factory, entry_init) = match ep {
            Some(ep) => {
                let module = entry_points[ep].module;
                (
                    entry_exports[ep]
                        .iter()
                        .map(|(n, t)| {
                            (
                                n.clone(),
                                replacement(t, here).unwrap_or(Replacement::Undefined),
                            )
                        })
                        .collect(),
                    entry_stars[ep].clone(),
                    graph
                        .is_commonjs(module)
                        .then(|| name_in(&Key::CjsFactory(module), here))
                        .flatten(),
                    name_in(&Key::LazyInit(module), here),
                )
            }
            None => (Vec::new(), Vec::new(), None, None),
        };
        chunks_out.push(ChunkPlan {
            kind: chunk.kind.clone(),
            file: files[c].clone(),
            modules,
            entry_module,
            namespaces,
            externals: externals.into_values().collect(),
            exports,
            export_star_externals,
            helpers,
            entry_factory,
            entry_init,
            imports,
            shared_exports: chunk_exports[c].iter().map(|k| names[k].clone()).collect(),
            dynamic_imports: chunk_dynamic[c].iter().copied().collect(),
            needs_require_shim: node_esm && runtime_require,
            needs_dirname_shim: node_esm && (globals("__dirname") || globals("__filename")),
        });
    }

    Ok(LinkOutput {
        modules: plans,
        chunks: chunks_out,
        warnings,
    })
}

/// The ES modules evaluated on demand: those that are `require()`d or (without
/// code splitting) `import()`ed,
/// and (since their dependencies must not run before they do) every ES module
/// they import. A module with top-level await cannot be required (as in Node);
/// one that is only `import()`ed stays eager.
fn lazy_modules(
    graph: &ModuleGraph,
    order: &[ModuleIdx],
    errors: &mut Vec<Diagnostic>,
    ctx: &EcmaContext,
    splitting: bool,
) -> IndexSet<ModuleIdx> {
    let is_esm = |t: ModuleIdx| graph.module(t).info.format == ModuleFormat::Esm;
    let mut lazy = IndexSet::new();
    for &m in order {
        let module = graph.module(m);
        for (r, record) in module.info.records.iter().enumerate() {
            let ResolvedRecord::Module(t) = module.resolved[r] else {
                continue;
            };
            if !is_esm(t) {
                continue;
            }
            let tla = graph.module(t).info.top_level_await;
            match (record.kind, tla) {
                (ImportKind::Require, Some(loc)) => {
                    let mut d = Diagnostic::error(
                        "E_REQUIRE_ASYNC_MODULE",
                        format!(
                            "Cannot require() \"{}\": it uses top-level await",
                            record.specifier
                        ),
                    )
                    .with_help("use `await import()` instead");
                    if let Some(label) = ctx.label(record.loc) {
                        d = d.with_label(label);
                    }
                    if let Some(label) = ctx.label(loc) {
                        d = d.with_label(label.with_message("top-level await here"));
                    }
                    errors.push(d);
                }
                (ImportKind::Require, None) => {
                    lazy.insert(t);
                }
                // With code splitting, an `import()` target is its chunk's entry instead.
                (ImportKind::Dynamic, None) if !splitting => {
                    lazy.insert(t);
                }
                _ => {}
            }
        }
    }
    let mut i = 0;
    while i < lazy.len() {
        let module = graph.module(lazy[i]);
        i += 1;
        for (r, record) in module.info.records.iter().enumerate() {
            if let (&ResolvedRecord::Module(t), ImportKind::Static | ImportKind::ReExport) =
                (&module.resolved[r], record.kind)
            {
                if is_esm(t) && graph.module(t).info.top_level_await.is_none() {
                    lazy.insert(t);
                }
            }
        }
    }
    lazy
}

/// Chunk `from` uses `key`, which chunk `owner` declares: unless they are the
/// same chunk, `from` imports it and `owner` exports it.
fn share(
    imports: &mut [IndexMap<ChunkIdx, IndexSet<Key>>],
    exports: &mut [IndexSet<Key>],
    from: ChunkIdx,
    owner: ChunkIdx,
    key: &Key,
) {
    if from != owner {
        imports[from.index()]
            .entry(owner)
            .or_default()
            .insert(key.clone());
        exports[owner.index()].insert(key.clone());
    }
}

/// What a `require()` record binds to, before names are known.
enum RequireTarget {
    Factory(ModuleIdx),
    EsModule(ModuleIdx),
    Runtime(String),
}

/// Each chunk's path relative to the output folder (`[hash]` as a placeholder):
/// entries by `--entry-names` (default `[name]`), other chunks by `--chunk-names`
/// (default `[name]-[hash]`); `[dir]` is the entry's folder relative to the
/// folder that holds all entries.
fn file_names(
    graph: &ModuleGraph,
    chunk_graph: &ChunkGraph,
    options: &BuildOptions,
) -> Vec<String> {
    if let (Some(file), false) = (&options.out_file, options.splitting) {
        let name = file
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        return vec![name; chunk_graph.chunks.len()];
    }
    let base = &graph.outbase;
    chunk_graph
        .chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let pattern = match chunk.kind {
                ChunkKind::Entry(_) => options.entry_names.as_deref().unwrap_or("[name]"),
                _ => options.chunk_names.as_deref().unwrap_or("[name]-[hash]"),
            };
            let dir = chunk
                .entry
                .and_then(|m| graph.module(m).path.parent()?.strip_prefix(base).ok())
                .map(|d| d.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            expand(pattern, &chunk.name, &dir, &placeholder(i), "js")
        })
        .collect()
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Esm => "esm",
        Format::Cjs => "cjs",
        Format::Iife => "iife",
    }
}

/// Modules in the order an ES module loader evaluates them: depth-first, imports
/// in source order, each module after its dependencies; a module already on the
/// stack (a cycle) is not revisited. Dynamically imported modules follow.
/// `require()` edges are followed too: CommonJS modules are emitted as lazy
/// factories, and an ES module reached only through `require` still needs a place.
fn execution_order(graph: &ModuleGraph, entries: &[ModuleIdx]) -> Vec<ModuleIdx> {
    let mut order = Vec::new();
    let mut seen = FxHashSet::default();
    let mut dynamic_roots = entries.to_vec();
    let mut i = 0;
    while i < dynamic_roots.len() {
        let root = dynamic_roots[i];
        i += 1;
        if !seen.insert(root) {
            continue;
        }
        // Iterative DFS: (module, next record index).
        let mut stack = vec![(root, 0usize)];
        while let Some((m, r)) = stack.last_mut() {
            let module = graph.module(*m);
            if *r < module.info.records.len() {
                let record = *r;
                *r += 1;
                if let ResolvedRecord::Module(t) = module.resolved[record] {
                    if module.info.records[record].kind == ImportKind::Dynamic {
                        dynamic_roots.push(t);
                    } else if seen.insert(t) {
                        stack.push((t, 0));
                    }
                }
            } else {
                order.push(*m);
                stack.pop();
            }
        }
    }
    order
}

impl Linker<'_> {
    fn refer(&mut self, key: Key, module: ModuleIdx, local: &str) {
        self.refs
            .entry(key)
            .or_default()
            .push((module, local.to_string()));
    }

    /// Registers that `module` refers to `target` (under the local name `local`).
    fn use_target(&mut self, target: &Target, module: ModuleIdx, local: &str) {
        let cjs_like = self.options.format != Format::Esm;
        match target {
            Target::Symbol(m, s) => self.refer(Key::Local(*m, *s), module, local),
            Target::Namespace(t) => {
                self.materialized.insert(*t);
                self.refer(Key::Local(*t, NAMESPACE_SYMBOL), module, local);
            }
            Target::External {
                specifier,
                imported,
            } => {
                let key = if cjs_like {
                    Key::ExternalModule(specifier.clone())
                } else {
                    Key::ExternalBinding(specifier.clone(), imported.clone())
                };
                self.refer(key, module, local);
            }
            Target::CommonJs { via, module: t, .. } => {
                self.refer(Key::CjsImport(*via, *t), module, local);
                self.refer(Key::CjsFactory(*t), *via, "");
                self.cjs_imports.entry(*via).or_default().insert(*t);
            }
            Target::Undefined => {}
        }
    }

    fn resolve_import(
        &self,
        m: ModuleIdx,
        binding: usize,
        stack: &mut Vec<(ModuleIdx, String)>,
    ) -> Lookup {
        let module = self.graph.module(m);
        let b = &module.info.imports[binding];
        self.resolve_through(m, b.record, &b.imported, stack)
    }

    fn resolve_through(
        &self,
        m: ModuleIdx,
        record: u32,
        imported: &Imported,
        stack: &mut Vec<(ModuleIdx, String)>,
    ) -> Lookup {
        match &self.graph.module(m).resolved[record as usize] {
            ResolvedRecord::Module(t) if self.graph.is_commonjs(*t) => {
                Lookup::Found(Target::CommonJs {
                    via: m,
                    module: *t,
                    imported: imported.clone(),
                })
            }
            ResolvedRecord::Module(t) => match imported {
                Imported::Namespace => Lookup::Found(Target::Namespace(*t)),
                Imported::Named(n) => self.resolve_export(*t, n, stack),
            },
            ResolvedRecord::External(s) => Lookup::Found(Target::External {
                specifier: s.clone(),
                imported: imported.clone(),
            }),
            ResolvedRecord::Failed => Lookup::Found(Target::Undefined),
        }
    }

    fn resolve_export(
        &self,
        m: ModuleIdx,
        name: &str,
        stack: &mut Vec<(ModuleIdx, String)>,
    ) -> Lookup {
        if stack.iter().any(|(sm, sn)| *sm == m && sn == name) {
            return Lookup::Cycle;
        }
        let module = self.graph.module(m);
        if module.is_empty_stub {
            return Lookup::Found(Target::Undefined);
        }
        stack.push((m, name.to_string()));
        let result = self.resolve_export_inner(m, name, stack);
        stack.pop();
        result
    }

    fn resolve_export_inner(
        &self,
        m: ModuleIdx,
        name: &str,
        stack: &mut Vec<(ModuleIdx, String)>,
    ) -> Lookup {
        let info = &self.graph.module(m).info;
        if let Some(e) = info.exports.iter().find(|e| e.exported == name) {
            return match info.symbols[e.symbol as usize].kind {
                SymbolKind::Import(b) => self.resolve_import(m, b as usize, stack),
                _ => Lookup::Found(Target::Symbol(m, e.symbol)),
            };
        }
        if let Some(r) = info.re_exports.iter().find(|r| r.exported == name) {
            return self.resolve_through(m, r.record, &r.imported, stack);
        }
        if name == "default" {
            return Lookup::Missing;
        }
        let mut found: Option<Target> = None;
        let mut external: Option<Target> = None;
        for &record in &info.star_exports {
            match &self.graph.module(m).resolved[record as usize] {
                ResolvedRecord::Module(t) if self.graph.is_commonjs(*t) => {
                    external.get_or_insert(Target::CommonJs {
                        via: m,
                        module: *t,
                        imported: Imported::Named(name.to_string()),
                    });
                }
                ResolvedRecord::Module(t) => match self.resolve_export(*t, name, stack) {
                    Lookup::Found(target) => match &found {
                        Some(prev) if *prev != target => return Lookup::Ambiguous,
                        _ => found = Some(target),
                    },
                    Lookup::Ambiguous => return Lookup::Ambiguous,
                    _ => {}
                },
                ResolvedRecord::Failed => {}
                ResolvedRecord::External(s) => {
                    external.get_or_insert(Target::External {
                        specifier: s.clone(),
                        imported: Imported::Named(name.to_string()),
                    });
                }
            }
        }
        match found.or(external) {
            Some(t) => Lookup::Found(t),
            None => Lookup::Missing,
        }
    }

    /// Every name `m` exports, in a stable order: its own, then re-exports, then
    /// names from `export *` (never `default`), without duplicates.
    fn export_names(&self, m: ModuleIdx) -> Vec<String> {
        let mut names = IndexSet::new();
        let mut visited = FxHashSet::default();
        self.collect_export_names(m, true, &mut names, &mut visited);
        names.into_iter().collect()
    }

    fn collect_export_names(
        &self,
        m: ModuleIdx,
        top: bool,
        names: &mut IndexSet<String>,
        visited: &mut FxHashSet<ModuleIdx>,
    ) {
        if !visited.insert(m) {
            return;
        }
        let info = &self.graph.module(m).info;
        for e in &info.exports {
            if top || e.exported != "default" {
                names.insert(e.exported.clone());
            }
        }
        for r in &info.re_exports {
            if top || r.exported != "default" {
                names.insert(r.exported.clone());
            }
        }
        for &record in &info.star_exports {
            if let ResolvedRecord::Module(t) = self.graph.module(m).resolved[record as usize] {
                let target = &self.graph.module(t).info;
                if target.format == ModuleFormat::CommonJs {
                    // What static analysis found; `export *` of CommonJS is otherwise unknowable.
                    names.extend(
                        target
                            .cjs_exports
                            .names
                            .iter()
                            .filter(|n| *n != "default")
                            .cloned(),
                    );
                } else {
                    self.collect_export_names(t, false, names, visited);
                }
            }
        }
    }

    /// Whether `export *` chains from `m` reach a module whose exports are only
    /// known at run time (an external or CommonJS module).
    fn has_dynamic_star(&self, m: ModuleIdx) -> bool {
        let (externals, commonjs) = self.star_sources(m);
        commonjs || !externals.is_empty()
    }

    /// Specifiers of external modules that `m` re-exports with `export *`, directly or through other modules.
    fn external_stars(&self, m: ModuleIdx) -> Vec<String> {
        self.star_sources(m).0
    }

    /// Walks the `export *` chains from `m`: the external specifiers they reach,
    /// and whether they reach a CommonJS module.
    fn star_sources(&self, m: ModuleIdx) -> (Vec<String>, bool) {
        let mut externals = Vec::new();
        let mut commonjs = false;
        let mut visited = FxHashSet::default();
        let mut stack = vec![m];
        while let Some(m) = stack.pop() {
            if !visited.insert(m) {
                continue;
            }
            let module = self.graph.module(m);
            for &record in &module.info.star_exports {
                match &module.resolved[record as usize] {
                    ResolvedRecord::Module(t) if self.graph.is_commonjs(*t) => commonjs = true,
                    ResolvedRecord::Module(t) => stack.push(*t),
                    ResolvedRecord::External(s) if !externals.contains(s) => {
                        externals.push(s.clone())
                    }
                    ResolvedRecord::External(_) | ResolvedRecord::Failed => {}
                }
            }
        }
        (externals, commonjs)
    }

    fn import_error(
        &mut self,
        m: ModuleIdx,
        loc: Loc,
        imported: &Imported,
        record: u32,
        lookup: Lookup,
    ) {
        let module = self.graph.module(m);
        let ResolvedRecord::Module(t) = module.resolved[record as usize] else {
            return;
        };
        let target_path = crate::write::display_path(&self.graph.module(t).path, &self.graph.cwd);
        let name = match imported {
            Imported::Named(n) => n.as_str(),
            Imported::Namespace => "*",
        };
        let (code, message, help) = match lookup {
            Lookup::Ambiguous => (
                "E_AMBIGUOUS_EXPORT",
                format!("Ambiguous import \"{name}\": \"{target_path}\" gets it from more than one `export *`"),
                "import it from the module that declares it".to_string(),
            ),
            Lookup::Cycle => (
                "E_CIRCULAR_EXPORT",
                format!("Import \"{name}\" from \"{target_path}\" is a circular re-export"),
                "one of the modules in the cycle must declare it".to_string(),
            ),
            _ => {
                let available = self.export_names(t);
                let mut help = if available.is_empty() {
                    format!("\"{target_path}\" has no exports")
                } else {
                    format!("\"{target_path}\" exports: {}", available.join(", "))
                };
                if let Some(close) = available.iter().find(|a| a.eq_ignore_ascii_case(name)) {
                    help = format!("did you mean \"{close}\"? {help}");
                }
                (
                    "E_MISSING_EXPORT",
                    format!("No matching export in \"{target_path}\" for import \"{name}\""),
                    help,
                )
            }
        };
        let mut d = Diagnostic::error(code, message).with_help(help);
        if let Some(label) = self.ctx.label(loc) {
            d = d.with_label(label);
        }
        self.errors.push(d);
    }

    fn warn_ambiguous(&mut self, m: ModuleIdx, name: &str) {
        let path = crate::write::display_path(&self.graph.module(m).path, &self.graph.cwd);
        self.warnings.push(Diagnostic::warning(
            "W_AMBIGUOUS_EXPORT",
            format!(
                "\"{name}\" is exported by more than one `export *` in \"{path}\" and is left out"
            ),
        ));
    }
}
