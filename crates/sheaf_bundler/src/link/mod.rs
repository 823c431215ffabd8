//! Link: bind every import to the export it names, decide how each module is
//! wrapped, which statements live, which chunk each module goes to, and give every
//! top-level symbol of the output a collision-free name.
//!
//! Example: `main.js` does `import { x as y } from './a.js'`, `a.js` does
//! `export * from './b.js'`, and `b.js` declares `export let x`. Then `y` in main
//! binds to `x` of b; if c.js also has a top-level `x`, one of them becomes `x$1`,
//! and main's references to `y` are rendered as that name.
//!
//! Why here and not in generate: the result ([`LinkOutput`]) is plain data that
//! rendering (parallel, per module) only reads.
//!
//! [`link`] runs the passes in order; each lives in its own file and owns its output:
//! `order` (execution order) → `wrap` (lazy ES modules, CommonJS interop) →
//! `bind` (imports to exports) → `namespaces` → `shake` (live statements) →
//! `chunks` (chunk assignment) → `cjs_imports` (one `import_x` per chunk) →
//! `sharing` (cross-chunk bindings) → `helper_names` (`--minify`) → `names` →
//! `plans` (per-module render plans) → `glue` (per-chunk plans).

/// Insertion-ordered maps and sets with the Fx hasher: link's keys are indices
/// and short strings, for which the default SipHash cost a tenth of link.
pub type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;
pub type IndexSet<K> = indexmap::IndexSet<K, rustc_hash::FxBuildHasher>;
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::{BuildOptions, Diagnostic, Format};
use sheaf_ecma::{
    DynamicImport, EcmaContext, ImportMetaMode, Imported, Replacement, RequireCall, SymbolIdx,
    NAMESPACE_SYMBOL,
};

mod already_loaded;
mod bind;
pub mod chunks;
mod cjs_import_table;
mod cjs_imports;
mod const_arrays;
mod css_preload;
mod dense;
mod edges;
mod exports_mode;
pub(crate) use css_preload::css_file;
mod glue;
mod helper_names;
mod key_map;
mod names;
pub(crate) use names::RESERVED;
mod namespaces;
mod order;
mod plans;
mod refs;
mod shake;
mod sharing;
mod wrap;

pub use chunks::{ChunkIdx, ChunkKind};

use crate::{
    graph::{ModuleGraph, ModuleIdx},
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
        /// The import is written in a Node ES module (`.mjs`, `"type":
        /// "module"`): in cjs output its `default` is the whole `module.exports`.
        node_mode: bool,
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
    ExternalBinding(Box<(String, Imported)>),
    /// cjs/iife output: `var NAME = __toESM(require("specifier"))`, one for the
    /// imports written in Node ES modules (`true`: `__toESM(…, 1)`) and one for others.
    ExternalModule(Box<(String, bool)>),
    /// `var require_x = __sheafCommonJS(function (exports, module) { … })`.
    CjsFactory(ModuleIdx),
    /// `var import_x = __sheafToEsm(require_x())`, declared by the first module (`.0`) for the second.
    CjsImport(ModuleIdx, ModuleIdx),
    /// `var init_x = __sheafEsm(function () { … })` of an ES module evaluated on demand.
    LazyInit(ModuleIdx),
    /// cjs output with code splitting: `var chunk = require("./chunk.js")`, by
    /// chunk and its `[name]`.
    ChunkVar(Box<(ChunkIdx, String)>),
    /// esm output: an entry export with no binding of its own (a property of a
    /// CommonJS module's exports, or `undefined`) gets `var export_x = …`, by
    /// entry module and exported name.
    ExportVar(Box<(ModuleIdx, String)>),
    /// `--minify`: a runtime helper the output calls (see `helper_names.rs`).
    Helper(Helper),
}

// Keys that carry text hold it boxed, so every key takes 16 bytes, the size of
// the usual one (a module's symbol): `refs` and the name tables hold one per
// name the output declares, and on 10,000 modules filling them was mostly
// page faults (56-byte keys).
const _: () = assert!(std::mem::size_of::<Key>() == 16);

impl Key {
    fn external_binding(specifier: String, imported: Imported) -> Key {
        Key::ExternalBinding(Box::new((specifier, imported)))
    }

    fn external_module(specifier: String, node_mode: bool) -> Key {
        Key::ExternalModule(Box::new((specifier, node_mode)))
    }

    fn chunk_var(chunk: ChunkIdx, name: String) -> Key {
        Key::ChunkVar(Box::new((chunk, name)))
    }

    fn export_var(module: ModuleIdx, name: String) -> Key {
        Key::ExportVar(Box::new((module, name)))
    }

    /// The module that declares the key's name (its chunk owns it); `None` for
    /// external bindings and chunk variables, which every chunk declares itself.
    fn owner(&self) -> Option<ModuleIdx> {
        match self {
            Key::Local(m, _) | Key::CjsFactory(m) | Key::LazyInit(m) | Key::CjsImport(m, _) => {
                Some(*m)
            }
            _ => None,
        }
    }
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
    /// `--minify`: top-level symbols that live statements declare but nothing
    /// uses (see `Liveness::used`); their declarators are dropped, their
    /// initializers kept as statements.
    pub unused: rustc_hash::FxHashSet<SymbolIdx>,
    /// Whether the module is emitted at all.
    pub included: bool,
    pub import_meta: ImportMetaMode,
    /// For a CommonJS module: the name of its factory (`require_x`).
    pub cjs_factory: Option<String>,
    /// For an ES module evaluated on demand: its initializer (`init_x`) and the
    /// top-level names to declare outside it.
    pub lazy_init: Option<(String, Vec<String>)>,
    /// The initializer is an async function (top-level await in it or below).
    pub lazy_async: bool,
    /// Statements emitted before the module's code: `var import_x = …` for the
    /// CommonJS modules it imports.
    pub prelude: Vec<String>,
}

/// A namespace object the output must build: `var name = __sheafNs({ a: () => a$1 })`.
pub struct NamespaceObject {
    pub name: String,
    pub members: Vec<(String, Replacement)>,
    /// Variables holding the external modules it re-exports with `export *`.
    pub stars: Vec<String>,
}

/// An external module the output imports (esm) or requires (cjs/iife).
pub struct ExternalImport {
    pub specifier: String,
    /// esm: the bindings imported from it, with their names in the output.
    pub bindings: Vec<(Imported, String)>,
    /// cjs/iife: the variables holding the required module, each with whether
    /// it is for imports written in Node ES modules (`.mjs`, `"type": "module"`),
    /// whose `default` is `module.exports` whatever `__esModule` says (Node's rule).
    pub module_vars: Vec<(String, bool)>,
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
    /// esm output: `var NAME = VALUE;` before the exports, for exports that are
    /// not bindings (see `Key::ExportVar`).
    pub export_vars: Vec<(String, Replacement)>,
    /// `export * from "specifier"` of external modules at the entry: esm output
    /// keeps the statement, cjs/iife copy the names at run time.
    pub export_star_externals: Vec<String>,
    /// The runtime helpers the chunk defines, with their names (short ones
    /// with `--minify`, see `helper_names.rs`).
    pub helpers: IndexMap<Helper, String>,
    /// The entry is CommonJS: its factory, whose result is the output's exports.
    pub entry_factory: Option<String>,
    /// cjs/iife: the exports object is the entry's default export (its only
    /// export, `--exports auto|default`): `module.exports = value`.
    pub default_export: bool,
    /// The entry is evaluated on demand (a module it imports requires it): run it,
    /// awaiting it when its initializer is async.
    pub entry_init: Option<(String, bool)>,
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
    /// cjs output on node whose modules read `import.meta`: define `__sheafMeta`.
    pub needs_import_meta_shim: bool,
}

impl ChunkPlan {
    /// What the chunk's glue calls helper `h`.
    pub fn helper(&self, h: Helper) -> &str {
        self.helpers.get(&h).map_or(h.name(), String::as_str)
    }
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
    /// How long each pass took, in order (`--timings` prints them under `link`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// The passes' clock: each `lap` records the time since the previous one.
struct Laps {
    clock: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Laps {
    fn new() -> Self {
        Laps {
            clock: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        self.laps.push((name, self.clock.elapsed()));
        self.clock = std::time::Instant::now();
    }
}

/// The name a referring module knows a key by: most are its own symbols' names,
/// borrowed from the graph (one allocation per symbol cost a tenth of link).
type Local<'a> = std::borrow::Cow<'a, str>;

/// The modules that refer to a key, with their local names: most keys have
/// one (a symbol used only by its own module), kept inline (a heap `Vec` per
/// symbol was a fifth of `bind`).
type Referrers<'a> = smallvec::SmallVec<[(ModuleIdx, Local<'a>); 1]>;

struct Linker<'a> {
    ctx: &'a EcmaContext,
    graph: &'a ModuleGraph,
    /// The graph's import records, compact (see `edges.rs`).
    edges: edges::Edges,
    options: &'a BuildOptions,
    errors: Vec<Diagnostic>,
    /// Keys in first-use order, with the modules that refer to each and the local
    /// name each of them used (to know which nested names could capture it).
    refs: refs::Refs<'a>,
    materialized: IndexSet<ModuleIdx>,
    /// For each module, the CommonJS modules it needs an `import_x` variable
    /// for, and the module of the same chunk whose `import_x` it shares, if
    /// another's (see `cjs_imports.rs`).
    cjs_imports: cjs_import_table::CjsImportTable,
    /// `(module, CommonJS module)` whose `import_x` must be the ES view
    /// (`__sheafToEsm`): the module imports its `default` or its namespace.
    /// Named imports alone read `module.exports` itself (`require_x().a`).
    cjs_esm_view: FxHashSet<(ModuleIdx, ModuleIdx)>,
    /// For each module, lazy modules it imports through re-exports, with the
    /// record the import came through (see `bind.rs: note_indirect_init`).
    indirect_inits: IndexMap<ModuleIdx, Vec<(u32, ModuleIdx)>>,
    /// Lazy ES modules whose initializer is async: they, or a module they
    /// import, use top-level await (set by `lazy_modules`).
    async_init: FxHashSet<ModuleIdx>,
    /// `--minify`: how often each helper is called from chunk glue, outside
    /// any module's code (see `helper_names.rs`).
    helper_calls: FxHashMap<Helper, usize>,
    /// Imports read only as `x.length` / `x[i]` of a constant array, until
    /// binding ends (see `const_arrays.rs`).
    array_reads: Vec<(ModuleIdx, SymbolIdx)>,
    /// Constant arrays used otherwise: never folded.
    used_arrays: FxHashSet<(ModuleIdx, SymbolIdx)>,
    /// Imports that get their array's reads as values.
    folded_arrays: FxHashSet<(ModuleIdx, SymbolIdx)>,
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
    // From here: `link:order` includes filling the edge table.
    let mut laps = Laps::new();
    let mut l = Linker {
        ctx,
        graph,
        edges: edges::Edges::new(graph),
        options,
        errors: Vec::new(),
        refs: refs::Refs::new(graph),
        materialized: IndexSet::default(),
        cjs_imports: cjs_import_table::CjsImportTable::new(graph.modules.len()),
        cjs_esm_view: FxHashSet::default(),
        indirect_inits: IndexMap::default(),
        async_init: FxHashSet::default(),
        helper_calls: FxHashMap::default(),
        array_reads: Vec::new(),
        used_arrays: FxHashSet::default(),
        folded_arrays: FxHashSet::default(),
        warnings: Vec::new(),
    };
    let roots: Vec<ModuleIdx> = entries.iter().map(|&e| graph.entries[e].module).collect();
    let order = order::execution_order(graph, &l.edges, &roots);
    laps.lap("link:order");
    // Growing the largest tables step by step cost more than filling them.
    let symbols: usize = (order.modules.iter())
        .map(|&m| graph.module(m).info.symbols.len())
        .sum();
    l.refs
        .reserve(symbols + 2 * order.modules.len(), 2 * order.modules.len());
    let lazy = l.lazy_modules(&order.modules);
    l.check_top_level_await(&order.modules);
    laps.lap("link:wrap");
    let entry_points = chunks::entry_points(graph, entries, &order.modules, options.splitting);
    let bindings = l.bind(&order.modules, &lazy, &entry_points);
    laps.lap("link:bind");
    l.materialize_namespaces();
    l.settle_array_reads(&bindings.targets);
    if !l.errors.is_empty() {
        return Err(l.errors);
    }
    let mut liveness = l.shake(&order.modules, &entry_points, &bindings);
    // Namespace objects only for modules that live code uses as a whole.
    l.materialized.retain(|t| liveness.whole.contains(t));
    laps.lap("link:shake");
    let chunk_graph = l.assign_chunks(&order.modules, entries, &entry_points, &lazy, &liveness);
    l.share_cjs_imports(&order, &chunk_graph, &lazy, &liveness);
    laps.lap("link:chunks");
    let mut sharing = l.share_across_chunks(
        &order.index,
        &chunk_graph,
        &entry_points,
        &bindings,
        &lazy,
        &liveness,
    );
    let extracted = l.extract_namespaces(&chunk_graph, &mut sharing);
    let default_exports = l.default_export_chunks(&chunk_graph, &entry_points, &bindings, &sharing);
    if !l.errors.is_empty() {
        return Err(l.errors);
    }
    laps.lap("link:sharing");
    if options.minify {
        l.refer_helpers(&order.modules, &bindings, &liveness);
    }
    let mut assigned = l.assign_names(&order.modules, &liveness.used);
    l.name_shared_cjs_imports(&mut assigned);
    let names = names::Names::new(assigned, &chunk_graph, options.format, &default_exports);
    let files = chunks::file_names(graph, &chunk_graph, options);
    laps.lap("link:names");
    let input = plans::PlanInput {
        order: &order,
        bindings: &bindings,
        names: &names,
        chunk_graph: &chunk_graph,
        files: &files,
        root: crate::naming::output_root(options),
        extracted: &extracted,
        default_exports: &default_exports,
    };
    let mut modules = l.module_plans(&input, &mut liveness);
    laps.lap("link:plans");
    let mut chunks = l.chunk_plans(&input, &modules, &entry_points, &sharing);
    css_preload::css_preloads(
        graph,
        &chunk_graph,
        &mut modules,
        &mut chunks,
        options.format,
    );
    laps.lap("link:glue");
    Ok(LinkOutput {
        modules,
        chunks,
        warnings: l.warnings,
        timings: laps.laps,
    })
}

impl<'a> Linker<'a> {
    fn refer(&mut self, key: Key, module: ModuleIdx, local: impl Into<Local<'a>>) {
        self.refs.push(key, module, local.into());
    }

    /// The value an import bound to `target` reads, when that is another
    /// module's `const` with a primitive value: the importer gets the value
    /// itself (`if (DEBUG)` → `if (false)`, then folded), and the declaration
    /// is kept only if something else uses it. Rolldown inlines the same way.
    fn inlined_const(&self, target: &Target) -> Option<sheaf_ecma::ConstValue> {
        match target {
            Target::Symbol(m, s) => self.graph.module(*m).info.const_values.get(s).cloned(),
            _ => None,
        }
    }

    /// Registers that `module` refers to `target` (under the local name `local`).
    fn use_target(&mut self, target: &Target, module: ModuleIdx, local: impl Into<Local<'a>>) {
        let cjs_like = self.options.format != Format::Esm;
        match target {
            Target::Symbol(m, s) => {
                self.note_array_use(target);
                self.refer(Key::Local(*m, *s), module, local)
            }
            Target::Namespace(t) => {
                self.materialized.insert(*t);
                self.refer(Key::Local(*t, NAMESPACE_SYMBOL), module, local);
            }
            Target::External {
                specifier,
                imported,
                node_mode,
            } => {
                let key = if cjs_like {
                    Key::external_module(specifier.clone(), *node_mode)
                } else {
                    Key::external_binding(specifier.clone(), imported.clone())
                };
                self.refer(key, module, local);
            }
            Target::CommonJs {
                via,
                module: t,
                imported,
            } => {
                if !matches!(imported, Imported::Named(n) if n != "default") {
                    self.cjs_esm_view.insert((*via, *t));
                }
                self.refer(Key::CjsImport(*via, *t), module, local);
                self.refer(Key::CjsFactory(*t), *via, "");
                self.cjs_imports.insert(*via, *t);
            }
            Target::Undefined => {}
        }
    }
}

/// What a `require()` record binds to, before names are known.
enum RequireTarget {
    Factory(ModuleIdx),
    EsModule(ModuleIdx),
    Runtime(String),
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Esm => "esm",
        Format::Cjs => "cjs",
        Format::Iife => "iife",
    }
}
