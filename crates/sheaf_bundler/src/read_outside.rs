//! `--minify`: which of an ES module's top-level bindings code outside the
//! module reads. The minifier keeps those as linked and treats the others as
//! the module's own, to inline and drop (see `RenderPlan::read_outside`).
//!
//! Example: a module exports `View`, which only its own `table` names; no
//! other module imports it and no namespace object lists it. Once the
//! compressor folds `table[1]` and drops `table`, `View` goes too.
//!
//! Why by name: every top-level name is unique in its output file, and every
//! reader outside a module names what it reads — other modules' import
//! bindings and namespace members as linked, prelude lines, and the chunk's
//! glue (namespace objects, exports, cross-chunk imports). The set of those
//! names is a superset of what is read, which is what keeping needs.

use rustc_hash::FxHashSet;
use sheaf_common::BuildOptions;
use sheaf_ecma::{
    prelude_names, DynamicImport, ModuleFormat, Name, Replacement, RequireCall, SymbolIdx,
    SymbolKind,
};

use crate::{
    graph::ModuleGraph,
    link::{LinkOutput, ModulePlan},
};

/// Every name the output reads other than inside the module that declares it.
pub(crate) fn names_read_across(graph: &ModuleGraph, linked: &LinkOutput) -> FxHashSet<Name> {
    let mut names: FxHashSet<Name> = FxHashSet::default();
    for plan in linked.modules.iter().filter(|p| p.included) {
        let info = &graph.module(plan.module).info;
        // Its import bindings (and namespace) as linked: other modules' names.
        for (s, name) in plan.names.iter().enumerate() {
            let own = info.symbols.get(s).is_some_and(|sym| {
                matches!(sym.kind, SymbolKind::Declared | SymbolKind::DefaultExport)
            });
            if let (false, Some(Replacement::Name(n))) = (own, name) {
                names.insert(n.clone());
            }
        }
        let members = plan.members.values().flat_map(|m| m.values());
        names.extend(members.filter_map(name_of));
        names.extend(prelude_names(&plan.prelude).into_iter().map(Name::from));
        for call in plan.requires.values() {
            if let RequireCall::EsModule { namespace, .. } = call {
                names.insert(namespace.as_str().into());
            }
        }
        for import in plan.dynamic_imports.values() {
            if let DynamicImport::Bundled { namespace, .. } = import {
                names.insert(namespace.as_str().into());
            }
        }
    }
    for chunk in &linked.chunks {
        let glue = (chunk.namespaces.iter().flat_map(|ns| &ns.members))
            .chain(&chunk.exports)
            .chain(&chunk.export_vars);
        names.extend(glue.map(|(_, r)| r).filter_map(name_of));
        names.extend(chunk.shared_exports.iter().map(|n| Name::from(n.as_str())));
        for import in &chunk.imports {
            names.extend(import.names.iter().map(|n| Name::from(n.as_str())));
        }
    }
    names
}

fn name_of(r: &Replacement) -> Option<Name> {
    match r {
        Replacement::Name(n) => Some(n.clone()),
        _ => None,
    }
}

/// The top-level symbols of `plan`'s module that code outside it reads, when
/// every other binding is its own. Not for a CommonJS module (its factory's
/// locals are mangled anyway), without tree shaking (all stays as written), or
/// with a direct `eval` (which may read any name).
pub(crate) fn read_outside(
    graph: &ModuleGraph,
    plan: &ModulePlan,
    options: &BuildOptions,
    across: &FxHashSet<Name>,
) -> Option<Vec<SymbolIdx>> {
    let info = &graph.module(plan.module).info;
    let shaken = plan.live.is_some() && !options.keep_unused;
    let esm = info.format == ModuleFormat::Esm && plan.cjs_factory.is_none();
    if !(options.minify && shaken && esm) || info.direct_eval {
        return None;
    }
    // Any of its own symbols read by that name (its exports among them).
    let read = |(s, name): (usize, &Option<Replacement>)| match name {
        Some(Replacement::Name(n)) if across.contains(n) => Some(s as SymbolIdx),
        _ => None,
    };
    Some(plan.names.iter().enumerate().filter_map(read).collect())
}
