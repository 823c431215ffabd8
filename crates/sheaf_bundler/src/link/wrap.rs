//! Wrapping decisions and CommonJS interop: which ES modules are evaluated on
//! demand, and what a module runs before its own code.
//!
//! Example: `a.cjs` does `require('./b.mjs')`. `b.mjs` cannot be hoisted (it must
//! run when required, not when the output loads), so it becomes lazy:
//! `var init_b = __sheafEsm(function () { … })`, and so does every ES module it
//! imports. An ES module that imports `c.cjs` gets
//! `var import_c = __sheafToEsm(require_c())` at the place of that import.
//!
//! Why a pass of its own: the shape of a module (hoisted, lazy, CommonJS factory)
//! decides how it is referred to everywhere else, so it is fixed before binding.

use super::IndexSet;
use sheaf_common::{Diagnostic, Format};
use sheaf_ecma::ImportKind;

use super::{
    edges::Edges,
    format_name,
    names::Names,
    order::{ExecutionOrder, Place},
    ChunkIdx, Key, Linker,
};
use crate::{graph::ModuleIdx, runtime::Helper};

impl Linker<'_> {
    /// The ES modules evaluated on demand: those that are `require()`d or (without
    /// code splitting) `import()`ed, and (since their dependencies must not run
    /// before they do) every ES module they import. A module with top-level await
    /// cannot be required (as in Node); an `import()`ed one, or one imported by a
    /// lazy module, gets an async initializer, and so does every lazy module that
    /// imports it (`async_init`): `import()` resolves once it has finished.
    pub(super) fn lazy_modules(&mut self, order: &[ModuleIdx]) -> IndexSet<ModuleIdx> {
        let graph = self.graph;
        let edges = &self.edges;
        let mut lazy = IndexSet::default();
        for &m in order {
            for (r, edge) in edges.of(m).iter().enumerate() {
                let Some(t) = edge.module().filter(|&t| !edges.is_commonjs(t)) else {
                    continue;
                };
                match edge.kind {
                    ImportKind::Require => match graph.module(t).info.top_level_await {
                        Some(loc) => {
                            let record = &graph.module(m).info.records[r];
                            let mut d = Diagnostic::error(
                                "E_REQUIRE_ASYNC_MODULE",
                                format!(
                                    "Cannot require() \"{}\": it uses top-level await",
                                    record.specifier
                                ),
                            )
                            .with_help("use `await import()` instead");
                            if let Some(label) = self.ctx.label(record.loc) {
                                d = d.with_label(label);
                            }
                            if let Some(label) = self.ctx.label(loc) {
                                d = d.with_label(label.with_message("top-level await here"));
                            }
                            self.errors.push(d);
                        }
                        None => {
                            lazy.insert(t);
                        }
                    },
                    // With code splitting, an `import()` target is its chunk's entry instead.
                    ImportKind::Dynamic if !self.options.splitting => {
                        lazy.insert(t);
                    }
                    _ => {}
                }
            }
        }
        let mut i = 0;
        while i < lazy.len() {
            let m = lazy[i];
            i += 1;
            for t in edges.static_targets(m) {
                if !edges.is_commonjs(t) {
                    lazy.insert(t);
                }
            }
        }
        self.async_init = async_initializers(graph, edges, &lazy);
        lazy
    }

    /// Top-level await needs esm output.
    pub(super) fn check_top_level_await(&mut self, order: &[ModuleIdx]) {
        if self.options.format == Format::Esm {
            return;
        }
        for &m in order {
            let Some(loc) = self.graph.module(m).info.top_level_await else {
                continue;
            };
            let mut d = Diagnostic::error(
                "E_TLA_FORMAT",
                format!(
                    "Top-level await is not available in {} output",
                    format_name(self.options.format)
                ),
            )
            .with_help("use --format esm, or move the await into an async function");
            if let Some(label) = self.ctx.label(loc) {
                d = d.with_label(label);
            }
            self.errors.push(d);
        }
    }

    /// What module `m` runs before its own code, in import order, each line with
    /// its import's position in the execution order (see [`ExecutionOrder`]):
    /// `init_x();` for the lazy ES modules it imports, `var import_x =
    /// __sheafToEsm(require_x());` for the CommonJS modules it binds, and
    /// `require_x();` for CommonJS modules it imports only for their effects.
    pub(super) fn prelude(
        &self,
        m: ModuleIdx,
        order: &ExecutionOrder,
        names: &Names,
        here: Option<ChunkIdx>,
    ) -> Vec<(Place, String)> {
        let module = self.graph.module(m);
        let mut prelude = Vec::new();
        let mut done = rustc_hash::FxHashSet::default();
        let cjs_imports = self.cjs_imports.get(m);
        // A lazy module's `import_x` is declared outside its initializer (see
        // `lazy_init`): namespace getters and re-exporters read it from there.
        let decl = if names.get(&Key::LazyInit(m)).is_some() {
            ""
        } else {
            "var "
        };
        let eq = if self.options.minify { "=" } else { " = " };
        let static_targets =
            (self.edges.static_edges(m)).map(|(r, t)| (t, order.edge_pos.get(m, r).copied()));
        let own = (order.index.get(&m).copied().unwrap_or(0), usize::MAX);
        let indirect = self
            .indirect_inits
            .get(&m)
            .into_iter()
            .flatten()
            .map(|&(r, t)| (t, order.edge_pos.get(m, r).copied()));
        for (t, pos) in static_targets
            .chain(indirect)
            .chain(cjs_imports.iter().map(|&t| (t, None)))
        {
            if !done.insert(t) {
                continue;
            }
            let pos = pos.unwrap_or(own);
            // Lines are joined with `concat`, not `format!`: one per import of a
            // lazy or CommonJS module (34,000 on the 10,000-module app), where
            // `format!` took 880 instructions each, a quarter of the plans.
            if let Some(init) = names.name_in(&Key::LazyInit(t), here) {
                let wait = if self.async_init.contains(&t) {
                    "await "
                } else {
                    ""
                };
                prelude.push((pos, [wait, &init, "();"].concat()));
            } else if cjs_imports.contains(&t) {
                if decl == "var " && self.cjs_imports.declarer(m, t).is_some() {
                    // Declared by another module of the chunk, which runs first.
                    // (A lazy sharer assigns the shared name itself.)
                    continue;
                }
                let import = names.get(&Key::CjsImport(m, t)).expect("imports are named");
                let factory = names
                    .name_in(&Key::CjsFactory(t), here)
                    .expect("factories are named");
                let line = match self.cjs_esm_view.contains(&(m, t)) {
                    true => [
                        decl,
                        &import,
                        eq,
                        &names.helper(Helper::ToEsm),
                        "(",
                        &factory,
                        "()",
                        &sheaf_ecma::Interop::extra_args(module.node_esm, self.graph.is_json(t)),
                        ");",
                    ]
                    .concat(),
                    // Named imports only: they read `module.exports` itself.
                    false => [decl, &import, eq, &factory, "();"].concat(),
                };
                prelude.push((pos, line));
            } else if self.edges.is_commonjs(t) {
                // `import './x.cjs'`: run it for its side effects.
                if let Some(factory) = names.name_in(&Key::CjsFactory(t), here) {
                    prelude.push((pos, [&factory, "();"].concat()));
                }
            }
        }
        prelude
    }
}

/// The lazy modules that use top-level await or import (statically, at any
/// depth) a lazy module that does: their initializers must be awaited.
fn async_initializers(
    graph: &crate::graph::ModuleGraph,
    edges: &Edges,
    lazy: &IndexSet<ModuleIdx>,
) -> rustc_hash::FxHashSet<ModuleIdx> {
    let mut async_init: rustc_hash::FxHashSet<ModuleIdx> = lazy
        .iter()
        .copied()
        .filter(|&m| graph.module(m).info.top_level_await.is_some())
        .collect();
    loop {
        let before = async_init.len();
        for &m in lazy {
            let waits = edges.static_targets(m).any(|t| async_init.contains(&t));
            if waits {
                async_init.insert(m);
            }
        }
        if async_init.len() == before {
            return async_init;
        }
    }
}
