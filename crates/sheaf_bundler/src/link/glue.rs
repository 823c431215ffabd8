//! Chunk glue: for every output file, what goes around its modules — namespace
//! objects, external imports, imports from and exports to other chunks, the
//! entry's exports and the runtime helpers the chunk calls.

use super::{IndexMap, IndexSet};
use rustc_hash::FxHashSet;
use sheaf_common::{Format, Platform};
use sheaf_ecma::{DynamicImport, Replacement, RequireCall};

use super::{
    chunks::{Chunk, EntryPoint},
    plans::PlanInput,
    sharing::Sharing,
    ChunkIdx, ChunkImport, ChunkPlan, ExternalImport, Key, Linker, ModulePlan,
};
use crate::{graph::ModuleIdx, graph::ResolvedRecord, runtime::Helper};

impl Linker<'_> {
    pub(super) fn chunk_plans(
        &self,
        input: &PlanInput,
        plans: &[ModulePlan],
        entry_points: &[EntryPoint],
        sharing: &Sharing,
    ) -> Vec<ChunkPlan> {
        let plan_index: rustc_hash::FxHashMap<ModuleIdx, usize> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| (p.module, i))
            .collect();
        let node_esm =
            self.options.format == Format::Esm && self.options.platform == Platform::Node;
        // Modules render `import.meta` as `__sheafMeta` there (`ImportMetaMode::NodeCjs`).
        let node_cjs =
            self.options.format == Format::Cjs && self.options.platform == Platform::Node;
        let names = input.names;
        let chunk_graph = input.chunk_graph;
        let mut chunks_out = Vec::with_capacity(chunk_graph.chunks.len());
        for (c, chunk) in chunk_graph.chunks.iter().enumerate() {
            let here = Some(ChunkIdx(c as u32));
            let modules: Vec<usize> = chunk.modules.iter().map(|m| plan_index[m]).collect();
            let in_chunk: FxHashSet<ModuleIdx> = chunk.modules.iter().copied().collect();
            // The entry point whose chunk this is (one module may be two entries).
            let ep = entry_points.iter().position(|e| {
                chunk.entry == Some(e.module) && chunk_graph.entry_chunk(e).index() == c
            });
            let entry_module = ep.map(|ep| entry_points[ep].module);
            let externals = self.external_imports(chunk, &in_chunk, entry_module, input, here);
            let chunk_module_plans: Vec<&ModulePlan> = modules.iter().map(|&i| &plans[i]).collect();
            let namespaces = self.namespace_objects(&in_chunk, names, here);
            let globals = |name: &str| {
                chunk
                    .modules
                    .iter()
                    .any(|&m| self.graph.module(m).info.global_names.contains(name))
            };
            let runtime_require = globals("require")
                || chunk_module_plans.iter().any(|p| {
                    p.requires
                        .values()
                        .any(|r| matches!(r, RequireCall::Runtime(_)))
                });
            let imports = sharing.imports[c]
                .iter()
                .map(|(oc, keys)| ChunkImport {
                    chunk: *oc,
                    names: keys.iter().map(|k| names.get(k).expect("named")).collect(),
                    var: if keys.is_empty() {
                        None
                    } else {
                        names.chunk_var(*oc)
                    },
                })
                .collect();
            let mut plan = ChunkPlan {
                kind: chunk.kind.clone(),
                file: input.files[c].clone(),
                modules,
                entry_module,
                namespaces,
                externals: externals.into_values().collect(),
                exports: Vec::new(),
                export_vars: Vec::new(),
                export_star_externals: Vec::new(),
                helpers: IndexMap::default(),
                entry_factory: None,
                default_export: input.default_exports.contains(&ChunkIdx(c as u32)),
                entry_init: None,
                imports,
                shared_exports: sharing.exports[c]
                    .iter()
                    .map(|k| names.get(k).expect("named"))
                    .collect(),
                dynamic_imports: Vec::new(),
                needs_require_shim: node_esm && runtime_require,
                needs_dirname_shim: node_esm && (globals("__dirname") || globals("__filename")),
                needs_import_meta_shim: node_cjs
                    && chunk
                        .modules
                        .iter()
                        .any(|&m| self.graph.module(m).info.uses_import_meta),
            };
            plan.dynamic_imports = self.chunk_dynamic_imports(&chunk_module_plans, input);
            if let Some(ep) = ep {
                self.entry_glue(&mut plan, ep, entry_points, input, here);
            }
            // A chunk whose `import()` takes the namespace from one of its
            // exports keeps the module's own exports (for a script that imports
            // the file itself) unless a name clashes with the other exports.
            let extracted = entry_module.is_some_and(|m| {
                chunk.kind == super::ChunkKind::Dynamic(m) && input.extracted.contains(&m)
            });
            if extracted
                && plan
                    .exports
                    .iter()
                    .any(|(n, _)| plan.shared_exports.contains(n))
            {
                plan.exports.clear();
                plan.export_vars.clear();
            }
            plan.helpers = (self.helpers(chunk, &chunk_module_plans, &plan).into_iter())
                .map(|h| (h, names.helper(h)))
                .collect();
            chunks_out.push(plan);
        }
        chunks_out
    }

    /// The external modules a chunk imports: side-effect imports keep their
    /// place in the list, in module order; then the bindings it uses.
    /// Specifiers are as chunk `here` writes them.
    fn external_imports(
        &self,
        chunk: &Chunk,
        in_chunk: &FxHashSet<ModuleIdx>,
        entry_module: Option<ModuleIdx>,
        input: &PlanInput,
        here: Option<ChunkIdx>,
    ) -> IndexMap<String, ExternalImport> {
        let new = |s: &String| ExternalImport {
            specifier: input.external(s, here),
            bindings: vec![],
            module_vars: Vec::new(),
        };
        let mut externals: IndexMap<String, ExternalImport> = IndexMap::default();
        // In the order the loader reaches them (`import "a"; import "./b.js"`
        // where b imports "c": a, then c), not module by module.
        let mut reached = Vec::new();
        for &m in &chunk.modules {
            let module = self.graph.module(m);
            for (r, record) in module.info.records.iter().enumerate() {
                if let (
                    sheaf_ecma::ImportKind::Static | sheaf_ecma::ImportKind::ReExport,
                    ResolvedRecord::External(s),
                ) = (record.kind, &module.resolved[r])
                {
                    let place = input.order.edge_pos.get(m, r as u32).copied();
                    reached.push((place.unwrap_or((usize::MAX, usize::MAX)), s));
                }
            }
        }
        reached.sort_by_key(|(place, _)| *place);
        for (_, s) in reached {
            externals.entry(s.clone()).or_insert_with(|| new(s));
        }
        let single = input.chunk_graph.chunks.len() == 1;
        for (key, referrers) in &self.refs {
            let spec = match key {
                Key::ExternalBinding(b) => &b.0,
                Key::ExternalModule(b) => &b.0,
                _ => continue,
            };
            let used_here = single
                || referrers
                    .iter()
                    .any(|(r, _)| in_chunk.contains(r) || Some(*r) == entry_module);
            if !used_here {
                continue;
            }
            let e = externals.entry(spec.clone()).or_insert_with(|| new(spec));
            let name = input.names.get(key).expect("externals are named");
            match key {
                Key::ExternalBinding(b) => e.bindings.push((b.1.clone(), name)),
                Key::ExternalModule(b) => e.module_vars.push((name, b.1)),
                _ => {}
            }
        }
        externals
    }

    /// The runtime helpers a chunk's glue and modules call.
    fn helpers(&self, chunk: &Chunk, plans: &[&ModulePlan], glue: &ChunkPlan) -> IndexSet<Helper> {
        let cjs_like = self.options.format != Format::Esm;
        let mut helpers = IndexSet::default();
        if !glue.namespaces.is_empty() {
            helpers.insert(Helper::Namespace);
        }
        let dynamic_interop = plans.iter().any(|p| {
            p.dynamic_imports.values().any(|d| {
                matches!(
                    d,
                    DynamicImport::Chunk {
                        interop: Some(_),
                        ..
                    } | DynamicImport::CommonJs { .. }
                )
            })
        });
        if (cjs_like && glue.externals.iter().any(|e| !e.module_vars.is_empty()))
            || chunk.modules.iter().any(|&m| {
                // An `import_x` that is the ES view (named imports alone are not).
                (self.cjs_imports.get(m).iter()).any(|&t| self.cjs_esm_view.contains(&(m, t)))
            })
            || dynamic_interop
        {
            helpers.insert(Helper::ToEsm);
        }
        if plans.iter().any(|p| p.cjs_factory.is_some()) {
            helpers.insert(Helper::CommonJs);
        }
        if plans.iter().any(|p| p.lazy_init.is_some()) {
            helpers.insert(Helper::Esm);
        }
        if plans.iter().any(|p| {
            p.requires
                .values()
                .any(|r| matches!(r, RequireCall::EsModule { .. }))
        }) {
            helpers.insert(Helper::ToCjs);
        }
        if (self.options.format == Format::Cjs
            || (self.options.format == Format::Iife && self.options.global_name.is_some()))
            && !glue.default_export
        {
            helpers.insert(Helper::Export);
        }
        if cjs_like && !glue.export_star_externals.is_empty() {
            helpers.insert(Helper::ReExport);
        }
        helpers
    }

    /// Chunks the chunk's code loads with `import()`.
    fn chunk_dynamic_imports(&self, plans: &[&ModulePlan], input: &PlanInput) -> Vec<ChunkIdx> {
        let mut out = IndexSet::default();
        for p in plans {
            let module = self.graph.module(p.module);
            let mut records: Vec<(&u32, &DynamicImport)> = p.dynamic_imports.iter().collect();
            records.sort_by_key(|(r, _)| **r);
            for (r, d) in records {
                if let (DynamicImport::Chunk { .. }, ResolvedRecord::Module(t)) =
                    (d, &module.resolved[*r as usize])
                {
                    out.insert(input.chunk_graph.dynamic[t]);
                }
            }
        }
        out.into_iter().collect()
    }

    /// An entry chunk exports its entry point's exports, and runs a CommonJS or
    /// lazy entry module.
    fn entry_glue(
        &self,
        plan: &mut ChunkPlan,
        ep: usize,
        entry_points: &[EntryPoint],
        input: &PlanInput,
        here: Option<ChunkIdx>,
    ) {
        let module = entry_points[ep].module;
        let names = input.names;
        for (n, t) in &input.bindings.entry_exports[ep] {
            let value = names.replacement(t, here).unwrap_or(Replacement::Undefined);
            let value = match names.get(&Key::export_var(module, n.clone())) {
                Some(var) => {
                    plan.export_vars.push((var.clone(), value));
                    Replacement::Name(var.into())
                }
                None => value,
            };
            plan.exports.push((n.clone(), value));
        }
        plan.export_star_externals = input.bindings.entry_stars[ep]
            .iter()
            .map(|s| input.external(s, here))
            .collect();
        plan.entry_factory = self
            .graph
            .is_commonjs(module)
            .then(|| names.name_in(&Key::CjsFactory(module), here))
            .flatten();
        plan.entry_init = names
            .name_in(&Key::LazyInit(module), here)
            .map(|init| (init, self.async_init.contains(&module)));
    }
}
