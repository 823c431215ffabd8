//! Namespace objects: which modules need one, and what goes in it.
//!
//! Example: `import * as ns from './a.js'` used only as `ns.x` binds `ns.x`
//! straight to `a`'s `x`: no object. Passed around (`f(ns)`), or reached by
//! `export * as`, `import()` or `require()`, the namespace is *materialized* as
//! `var a_exports = __sheafNs({ x: () => x })`, which refers to every export of
//! `a`.
//!
//! Why a pass: a materialized namespace uses every export of its module, which
//! may materialize more namespaces; that fixpoint must settle before shaking.

use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_ecma::{Replacement, SymbolIdx, NAMESPACE_SYMBOL};

use super::{names::Names, ChunkIdx, Key, Linker, Lookup, NamespaceObject, Target};
use crate::graph::ModuleIdx;

impl Linker<'_> {
    /// Materialized namespaces refer to every export of their module.
    pub(super) fn materialize_namespaces(&mut self) {
        let mut i = 0;
        while i < self.materialized.len() {
            let t = self.materialized[i];
            self.refer(Key::Local(t, NAMESPACE_SYMBOL), t, "");
            // `export * from "external"`: the external's names join at run time.
            for s in self.external_stars(t) {
                self.refer(self.star_key(&s), t, "");
            }
            for name in self.export_names(t) {
                if let Lookup::Found(target) = self.resolve_export(t, &name, &mut Vec::new()) {
                    self.use_target(&target, t, name.clone());
                }
            }
            i += 1;
        }
    }

    /// The namespace objects chunk `here` builds: those of its modules.
    pub(super) fn namespace_objects(
        &self,
        in_chunk: &FxHashSet<ModuleIdx>,
        names: &Names,
        here: Option<ChunkIdx>,
    ) -> Vec<NamespaceObject> {
        self.materialized
            .iter()
            .filter(|t| in_chunk.contains(t))
            .map(|&t| NamespaceObject {
                name: names
                    .get(&Key::Local(t, NAMESPACE_SYMBOL))
                    .expect("materialized namespaces are named"),
                members: self
                    .export_names(t)
                    .into_iter()
                    .filter_map(|n| match self.resolve_export(t, &n, &mut Vec::new()) {
                        Lookup::Found(target) => names.replacement(&target, here).map(|r| (n, r)),
                        _ => None,
                    })
                    .collect(),
                stars: self
                    .external_stars(t)
                    .iter()
                    .filter_map(|s| names.get(&self.star_key(s)))
                    .collect(),
            })
            .collect()
    }

    /// What a member use `p` of namespace `ns` reads, and the key the reader
    /// rewrites: `ns.a` is `a`; `ns.a.b` (path `a␀b`) is `b` of the module
    /// `a` is the namespace of (`export * as a`), or else `ns.a` read as a value
    /// (key `a`, and `.b` stays a property read).
    pub(super) fn resolve_member(&self, ns: ModuleIdx, p: &str) -> (String, Lookup) {
        let Some((a, b)) = p.split_once(sheaf_ecma::MEMBER_PATH_SEP) else {
            return (p.to_string(), self.resolve_export(ns, p, &mut Vec::new()));
        };
        match self.resolve_export(ns, a, &mut Vec::new()) {
            Lookup::Found(Target::Namespace(t)) if self.members_known(t) => {
                match self.resolve_export(t, b, &mut Vec::new()) {
                    found @ (Lookup::Found(_) | Lookup::Missing) => (p.to_string(), found),
                    _ => (a.to_string(), Lookup::Found(Target::Namespace(t))),
                }
            }
            other => (a.to_string(), other),
        }
    }

    /// What holds an external module's namespace: the required module in cjs
    /// and iife output, `import * as x` in esm output.
    fn star_key(&self, specifier: &str) -> Key {
        match self.options.format {
            sheaf_common::Format::Esm => {
                Key::external_binding(specifier.to_string(), sheaf_ecma::Imported::Namespace)
            }
            // `export *` never copies `default`: Node's interop does not matter.
            _ => Key::external_module(specifier.to_string(), false),
        }
    }

    /// For an import symbol `s` of module `m` bound to a namespace that is read
    /// only as `ns.x`: what each `ns.x` becomes (`undefined` for a name the
    /// module does not export).
    pub(super) fn namespace_members(
        &self,
        m: ModuleIdx,
        s: SymbolIdx,
        ns: ModuleIdx,
        names: &Names,
        here: Option<ChunkIdx>,
    ) -> FxHashMap<String, Replacement> {
        let mut map = FxHashMap::default();
        if let Some(props) = self.graph.module(m).info.member_uses.get(&s) {
            for p in props {
                let (key, lookup) = self.resolve_member(ns, p);
                let r = match lookup {
                    Lookup::Found(inner) => match self.inlined_const(&inner) {
                        Some(v) => Some(Replacement::Literal(v)),
                        None => names.replacement(&inner, here),
                    },
                    _ => None,
                };
                map.insert(key, r.unwrap_or(Replacement::Undefined));
            }
        }
        map
    }
}

/// Whether a binding to `target` is a namespace read member by member.
pub(super) fn is_member_namespace(linker: &Linker, target: &Target) -> Option<ModuleIdx> {
    match target {
        Target::Namespace(ns) if linker.members_known(*ns) => Some(*ns),
        _ => None,
    }
}
