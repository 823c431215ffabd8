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
use sheaf_ecma::{DynamicImport, ModuleFormat, Replacement, RequireCall, SymbolIdx, SymbolKind};

use crate::{
    graph::ModuleGraph,
    link::{LinkOutput, ModulePlan},
};

/// Every name the output reads other than inside the module that declares it.
pub(crate) fn names_read_across(graph: &ModuleGraph, linked: &LinkOutput) -> FxHashSet<String> {
    let mut names = FxHashSet::default();
    let mut add = |r: &Replacement| {
        if let Replacement::Name(n) = r {
            names.insert(n.clone());
        }
    };
    for plan in linked.modules.iter().filter(|p| p.included) {
        let info = &graph.module(plan.module).info;
        // Its import bindings (and namespace) as linked: other modules' names.
        for (s, name) in plan.names.iter().enumerate() {
            let own = info.symbols.get(s).is_some_and(|sym| {
                matches!(sym.kind, SymbolKind::Declared | SymbolKind::DefaultExport)
            });
            if let (false, Some(r)) = (own, name) {
                add(r);
            }
        }
        plan.members
            .values()
            .flat_map(|m| m.values())
            .for_each(&mut add);
    }
    for chunk in &linked.chunks {
        for ns in &chunk.namespaces {
            ns.members.iter().for_each(|(_, r)| add(r));
        }
        chunk.exports.iter().for_each(|(_, r)| add(r));
        chunk.export_vars.iter().for_each(|(_, r)| add(r));
    }
    for chunk in &linked.chunks {
        names.extend(chunk.shared_exports.iter().cloned());
        for import in &chunk.imports {
            names.extend(import.names.iter().cloned());
        }
    }
    for plan in linked.modules.iter().filter(|p| p.included) {
        names.extend(identifiers(&plan.prelude));
        for call in plan.requires.values() {
            if let RequireCall::EsModule { namespace, .. } = call {
                names.insert(namespace.clone());
            }
        }
        for import in plan.dynamic_imports.values() {
            if let DynamicImport::Bundled { namespace, .. } = import {
                names.insert(namespace.clone());
            }
        }
    }
    names
}

/// The identifiers in glue lines (keywords among them: harmless).
fn identifiers(lines: &[String]) -> impl Iterator<Item = String> + '_ {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    (lines.iter())
        .flat_map(move |line| line.split(move |c: char| !ident(c)))
        .filter(|w| w.starts_with(|c: char| !c.is_ascii_digit()))
        .map(str::to_string)
}

/// The top-level symbols of `plan`'s module that code outside it reads, when
/// every other binding is its own. Not for a CommonJS module (its factory's
/// locals are mangled anyway), without tree shaking (all stays as written), or
/// with a direct `eval` (which may read any name).
pub(crate) fn read_outside(
    graph: &ModuleGraph,
    plan: &ModulePlan,
    options: &BuildOptions,
    across: &FxHashSet<String>,
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
