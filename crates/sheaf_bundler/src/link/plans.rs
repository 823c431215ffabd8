//! Module plans: for every module of the output, what rendering must do to it —
//! the name each symbol is printed as, what `ns.x`, `require()` and `import()`
//! become, whether it is a CommonJS factory or a lazy initializer, and what runs
//! before its code.
//!
//! Why last: a plan reads every earlier pass's output (bindings, liveness, chunks,
//! names) and is plain data, so modules render in parallel without the linker.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::{Diagnostic, Format, Platform};
use sheaf_ecma::{
    DynamicImport, ImportMetaMode, Interop, ModuleFormat, RequireCall, SymbolIdx, SymbolKind,
    NAMESPACE_SYMBOL,
};

use super::{
    bind::Bindings,
    chunks::ChunkGraph,
    dense::SymbolSet,
    format_name,
    names::Names,
    namespaces::is_member_namespace,
    order::{ExecutionOrder, Place},
    shake::Liveness,
    ChunkIdx, IndexMap, Key, Linker, ModulePlan, RequireTarget,
};
use crate::{
    graph::{ModuleIdx, ResolvedRecord},
    naming::relative_specifier,
    runtime::Helper,
};

/// What the plan and glue passes read.
pub(super) struct PlanInput<'a> {
    pub order: &'a ExecutionOrder,
    pub bindings: &'a Bindings,
    pub names: &'a Names<'a>,
    pub chunk_graph: &'a ChunkGraph,
    /// Each chunk's file, relative to the output folder.
    pub files: &'a [String],
    /// The output folder.
    pub root: std::path::PathBuf,
    /// `import()` targets whose chunk exports their namespace as one name
    /// (see `Linker::extract_namespaces`).
    pub extracted: &'a rustc_hash::FxHashSet<ModuleIdx>,
    /// Entry chunks whose exports object is their default export
    /// (`exports_mode.rs`).
    pub default_exports: &'a rustc_hash::FxHashSet<ChunkIdx>,
}

impl PlanInput<'_> {
    /// An external specifier as chunk `here` writes it (relative externals are
    /// relative to the chunk's own folder).
    pub fn external(&self, spec: &str, here: Option<ChunkIdx>) -> String {
        let file = here.map_or("", |c| self.files[c.index()].as_str());
        crate::naming::external_specifier(spec, &self.root.join(file))
    }
}

impl Linker<'_> {
    pub(super) fn module_plans(
        &mut self,
        input: &PlanInput,
        liveness: &mut Liveness,
    ) -> Vec<ModulePlan> {
        let import_meta = match (self.options.format, self.options.platform) {
            (Format::Esm, _) => ImportMetaMode::Keep,
            (Format::Cjs, Platform::Node) => ImportMetaMode::NodeCjs,
            _ => ImportMetaMode::Empty,
        };
        for &m in &input.order.modules {
            if self.graph.module(m).info.uses_import_meta && import_meta == ImportMetaMode::Empty {
                self.warnings.push(Diagnostic::warning(
                    "W_IMPORT_META",
                    format!(
                        "`import.meta` is empty in {} output ({})",
                        format_name(self.options.format),
                        self.graph.module(m).path.display()
                    ),
                ));
            }
        }
        // Each plan reads only the earlier passes' results: made in parallel,
        // in execution order (rayon's collect keeps it).
        let live: Vec<_> = (input.order.modules.iter())
            .map(|&m| liveness.parts.remove(m))
            .collect();
        let this = &*self;
        let used = &liveness.used;
        let (mut plans, preludes): (Vec<ModulePlan>, Vec<_>) = (input.order.modules.par_iter())
            .zip(live)
            .map(|(&m, live)| this.module_plan(m, input, import_meta, live, used))
            .unzip();
        place_preludes(&mut plans, preludes, input, self.graph);
        plans
    }

    /// One module's plan, and its prelude lines with where each runs.
    fn module_plan(
        &self,
        m: ModuleIdx,
        input: &PlanInput,
        import_meta: ImportMetaMode,
        live: Option<Vec<bool>>,
        used: &SymbolSet,
    ) -> (ModulePlan, Vec<(Place, String)>) {
        let here = input.chunk_graph.chunk_of(m);
        let (names_m, members) = self.symbol_names(m, input, here);
        let commonjs = self.graph.module(m).info.format == ModuleFormat::CommonJs;
        let prelude = self.prelude(m, input.order, input.names, here);
        let plan = ModulePlan {
            module: m,
            names: names_m,
            members,
            dynamic_imports: self.dynamic_imports(m, input, here),
            requires: self.require_calls(m, input, here),
            import_meta,
            cjs_factory: commonjs.then(|| {
                input
                    .names
                    .get(&Key::CjsFactory(m))
                    .expect("factories are named")
            }),
            lazy_init: self.lazy_init(m, input.names, live.as_ref()),
            lazy_async: self.async_init.contains(&m),
            prelude: Vec::new(),
            unused: self.unused_symbols(m, live.as_deref(), used),
            live,
            included: here.is_some(),
        };
        (plan, prelude)
    }

    /// The name each symbol of `m` is printed as, and for namespace imports read
    /// only as `ns.x`, what each `ns.x` becomes.
    #[allow(clippy::type_complexity)]
    fn symbol_names(
        &self,
        m: ModuleIdx,
        input: &PlanInput,
        here: Option<ChunkIdx>,
    ) -> (
        Vec<Option<sheaf_ecma::Replacement>>,
        FxHashMap<SymbolIdx, FxHashMap<String, sheaf_ecma::Replacement>>,
    ) {
        let module = self.graph.module(m);
        let mut names_m = vec![None; module.info.symbols.len()];
        let mut members = FxHashMap::default();
        for (s, sym) in module.info.symbols.iter().enumerate() {
            let s32 = s as SymbolIdx;
            names_m[s] = match &sym.kind {
                SymbolKind::Import(_) => {
                    let Some(t) = input.bindings.targets.get(m, s32) else {
                        continue;
                    };
                    if let Some(ns) = is_member_namespace(self, t) {
                        members.insert(s32, self.namespace_members(m, s32, ns, input.names, here));
                    }
                    if let Some(reads) = self.array_reads(m, s32, t) {
                        members.insert(s32, reads);
                        continue;
                    }
                    match self.inlined_const(t) {
                        Some(v) => Some(sheaf_ecma::Replacement::Literal(v)),
                        None => input.names.replacement(t, here),
                    }
                }
                _ => (input.names.get_str(&Key::Local(m, s32)))
                    .map(|n| sheaf_ecma::Replacement::Name(n.into())),
            };
        }
        (names_m, members)
    }

    /// `--minify`: the symbols `m`'s live statements declare that nothing uses.
    /// Not with `--tree-shaking=false` (everything stays as written), nor for
    /// CommonJS modules (their statements are not parts).
    fn unused_symbols(
        &self,
        m: ModuleIdx,
        live: Option<&[bool]>,
        used: &SymbolSet,
    ) -> FxHashSet<SymbolIdx> {
        let info = &self.graph.module(m).info;
        let (true, false, Some(live)) = (self.options.minify, self.options.keep_unused, live)
        else {
            return FxHashSet::default();
        };
        // With a direct `eval`, any name may be read.
        if info.format != ModuleFormat::Esm || info.direct_eval {
            return FxHashSet::default();
        }
        (info.parts.iter().zip(live))
            .filter(|(_, &l)| l)
            .flat_map(|(p, _)| p.declares().iter().copied())
            .filter(|&s| !used.contains(m, s))
            .collect()
    }

    /// What each `import()` of `m` becomes.
    fn dynamic_imports(
        &self,
        m: ModuleIdx,
        input: &PlanInput,
        here: Option<ChunkIdx>,
    ) -> FxHashMap<u32, DynamicImport> {
        let module = self.graph.module(m);
        let names = input.names;
        let mut dyn_m = input.bindings.dynamic.get(&m).cloned().unwrap_or_default();
        for (r, d) in dyn_m.iter_mut() {
            if let DynamicImport::External(spec) = d {
                *spec = input.external(spec, here);
                continue;
            }
            let ResolvedRecord::Module(t) = &module.resolved[*r as usize] else {
                continue;
            };
            match d {
                DynamicImport::CommonJs { factory, interop } => {
                    *factory = names
                        .name_in(&Key::CjsFactory(*t), here)
                        .expect("factories are named");
                    interop.helper = names.helper(Helper::ToEsm);
                }
                DynamicImport::Bundled {
                    namespace,
                    init,
                    init_async,
                } => {
                    *namespace = names
                        .name_in(&Key::Local(*t, NAMESPACE_SYMBOL), here)
                        .expect("dynamic import targets are named");
                    *init = names.name_in(&Key::LazyInit(*t), here);
                    *init_async = self.async_init.contains(t);
                }
                DynamicImport::Chunk {
                    specifier,
                    require,
                    interop,
                    extract,
                    ..
                } => {
                    let target = input.chunk_graph.dynamic[t];
                    *extract = input
                        .extracted
                        .contains(t)
                        .then(|| names.get(&Key::Local(*t, NAMESPACE_SYMBOL)))
                        .flatten();
                    let from = here.map_or("", |c| input.files[c.index()].as_str());
                    *specifier = relative_specifier(from, &input.files[target.index()]);
                    *require = self.options.format != Format::Esm;
                    *interop = self.graph.is_commonjs(*t).then(|| Interop {
                        helper: names.helper(Helper::ToEsm),
                        node_mode: module.node_esm,
                        json: self.graph.is_json(*t),
                    });
                }
                DynamicImport::External(_) | DynamicImport::Registry(_) => {}
            }
        }
        dyn_m
    }

    /// What each `require()` of `m` becomes.
    fn require_calls(
        &self,
        m: ModuleIdx,
        input: &PlanInput,
        here: Option<ChunkIdx>,
    ) -> FxHashMap<u32, RequireCall> {
        let names = input.names;
        let Some(requires) = input.bindings.requires.get(&m) else {
            return FxHashMap::default();
        };
        requires
            .iter()
            .map(|(r, t)| {
                let call = match t {
                    RequireTarget::Factory(t) => RequireCall::Factory(
                        names
                            .name_in(&Key::CjsFactory(*t), here)
                            .expect("factories are named"),
                    ),
                    RequireTarget::EsModule(t) => RequireCall::EsModule {
                        helper: names.helper(Helper::ToCjs),
                        namespace: names
                            .name_in(&Key::Local(*t, NAMESPACE_SYMBOL), here)
                            .expect("required modules have a namespace"),
                        init: names.name_in(&Key::LazyInit(*t), here),
                    },
                    RequireTarget::Runtime(s) => RequireCall::Runtime(input.external(s, here)),
                };
                (*r, call)
            })
            .collect()
    }

    /// A lazy ES module's initializer and the top-level names declared outside it,
    /// its `import_x` bindings of CommonJS modules included. Names whose every
    /// declaration was tree-shaken away (`live`: the module's statements) are
    /// not declared: nothing assigns or reads them.
    fn lazy_init(
        &self,
        m: ModuleIdx,
        names: &Names,
        live: Option<&Vec<bool>>,
    ) -> Option<(String, Vec<String>)> {
        let init = names.get(&Key::LazyInit(m))?;
        // A shared `import_x` is declared by its declaring module only.
        let imports = self.cjs_imports.get(m).iter();
        let imports = imports
            .filter(|&&t| self.cjs_imports.declarer(m, t).is_none())
            .filter_map(|&t| names.get(&Key::CjsImport(m, t)));
        let info = &self.graph.module(m).info;
        // Per symbol: declared by a live statement, or only by dropped ones.
        let mut shaken = vec![false; info.symbols.len()];
        if let Some(live) = live {
            let mut kept = vec![false; info.symbols.len()];
            for (p, &l) in info.parts.iter().zip(live) {
                for &s in p.declares() {
                    match l {
                        true => kept[s as usize] = true,
                        false => shaken[s as usize] = true,
                    }
                }
            }
            for (shaken, kept) in shaken.iter_mut().zip(kept) {
                *shaken &= !kept;
            }
        }
        let declared = info
            .symbols
            .iter()
            .enumerate()
            .filter(|(s, _)| !shaken[*s])
            .filter(|(_, s)| matches!(s.kind, SymbolKind::Declared | SymbolKind::DefaultExport))
            .filter_map(|(s, _)| names.get(&Key::Local(m, s as SymbolIdx)))
            .chain(imports)
            .collect();
        Some((init, declared))
    }
}

/// Puts each module's prelude lines where they run. A lazy module runs its
/// prelude inside its initializer, in import order. A hoisted module's lines go
/// before the first hoisted module of its chunk at or after the import's
/// position in the execution order, so that `import './a.mjs'; import './b.cjs';
/// import './c.mjs'` runs a, b, c as Node does (the importer's own code comes
/// after all three). Lines at one place run in the order the loader reached
/// their imports.
fn place_preludes(
    plans: &mut [ModulePlan],
    preludes: Vec<Vec<(Place, String)>>,
    input: &PlanInput,
    graph: &crate::graph::ModuleGraph,
) {
    // A stylesheet is not rendered as JavaScript (its chunk's CSS file holds
    // it), so lines placed before it would be lost: it is no anchor. A CSS
    // module's code is its exports, so it is one.
    let code = |p: &ModulePlan| {
        let m = graph.module(p.module);
        m.css.is_none() || crate::css_modules::is_css_module(&m.path)
    };
    let hoisted =
        |p: &ModulePlan| p.included && p.cjs_factory.is_none() && p.lazy_init.is_none() && code(p);
    // Per chunk, the hoisted modules in execution order (plans are in that order).
    let mut anchors: IndexMap<ChunkIdx, Vec<usize>> = IndexMap::default();
    for (i, p) in plans.iter().enumerate() {
        if let (true, Some(c)) = (hoisted(p), input.chunk_graph.chunk_of(p.module)) {
            anchors.entry(c).or_default().push(i);
        }
    }
    let mut placed: Vec<Vec<(Place, usize, String)>> = vec![Vec::new(); plans.len()];
    for (i, lines) in preludes.into_iter().enumerate() {
        let chunk = input.chunk_graph.chunk_of(plans[i].module);
        let anchor_list = chunk.and_then(|c| anchors.get(&c));
        for (seq, (pos, line)) in lines.into_iter().enumerate() {
            let anchor = match anchor_list {
                // The anchors are in ascending order: the first at or after the import.
                Some(list) if hoisted(&plans[i]) => {
                    let first = list.partition_point(|&a| a < pos.0.min(i));
                    list.get(first).copied().unwrap_or(i)
                }
                _ => i,
            };
            placed[anchor].push((pos, seq, line));
        }
    }
    for (plan, mut lines) in plans.iter_mut().zip(placed) {
        lines.sort_by_key(|(pos, seq, _)| (*pos, *seq));
        plan.prelude = lines.into_iter().map(|(_, _, l)| l).collect();
    }
}
