//! Tree shaking: which top-level statements of which modules the output needs.
//!
//! Example: `main.js` imports `{ a }` from `lib.js`, which declares `a`, `b` and
//! runs `console.log('lib')`. The live statements are main's, `lib`'s `a`
//! declaration (used) and its `console.log` (a side effect); `b` is dropped.
//!
//! Why statement level: a statement is live if it has side effects (in a module
//! whose package does not declare `"sideEffects": false`) or declares a symbol a
//! live statement uses, through imports and re-exports of any depth; `ns.x`
//! reads keep only `x`. CommonJS modules are kept or dropped whole.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_ecma::{Imported, ModuleFormat, SymbolIdx, SymbolKind};

use super::{
    bind::Bindings,
    chunks::EntryPoint,
    dense::{ModuleMap, SymbolMap, SymbolSet},
    Linker, Lookup, Target,
};
use crate::graph::{ModuleIdx, ResolvedRecord};

/// The result: live statements per ES module, and the modules to emit at all.
pub struct Liveness {
    /// Per ES module, one flag per top-level item.
    pub parts: ModuleMap<Vec<bool>>,
    /// CommonJS modules whose factory is needed.
    pub commonjs: FxHashSet<ModuleIdx>,
    /// ES modules with something to emit (a live statement, or a prelude others rely on).
    pub included: FxHashSet<ModuleIdx>,
    /// Modules used as a whole (namespace objects, `require`, `import()`).
    pub whole: FxHashSet<ModuleIdx>,
    /// Top-level symbols of ES modules that live code (or an entry's exports)
    /// uses. A live statement may declare others: it runs for its side effects
    /// (`const unused = sideEffect()`).
    pub used: SymbolSet,
}

struct Marker<'l, 'a> {
    linker: &'l Linker<'a>,
    /// CommonJS modules read only through known property names: the names
    /// (`None` once something uses the exports object as a whole).
    cjs_used: FxHashMap<ModuleIdx, Option<FxHashSet<String>>>,
    targets: &'l SymbolMap<Target>,
    live: Liveness,
    work: Vec<(ModuleIdx, usize)>,
    cjs_work: Vec<ModuleIdx>,
    /// Each ES module's `effectful_parts`, found for all of them in parallel
    /// before marking (one at a time they were a third of this pass).
    effectful: ModuleMap<Vec<usize>>,
}

/// What marking reads of an ES module before it starts.
struct EsmFacts {
    /// How many statements (parts) it has.
    parts: usize,
    /// Its package does not say `"sideEffects": false` for it.
    side_effects: bool,
    /// A stylesheet.
    css: bool,
    /// `effectful_parts`.
    effectful: Vec<usize>,
}

impl EsmFacts {
    /// `None` for a CommonJS module: its statements are not parts until
    /// `shake_commonjs`.
    fn of(linker: &Linker, targets: &SymbolMap<Target>, module: ModuleIdx) -> Option<Self> {
        let m = linker.graph.module(module);
        (m.info.format == ModuleFormat::Esm).then(|| EsmFacts {
            parts: m.info.parts.len(),
            side_effects: m.side_effects,
            css: m.css.is_some(),
            effectful: effectful_parts(linker, targets, module),
        })
    }
}

/// The statements of `module` that must run whenever the module runs.
fn effectful_parts(linker: &Linker, targets: &SymbolMap<Target>, module: ModuleIdx) -> Vec<usize> {
    let info = &linker.graph.module(module).info;
    (0..info.parts.len())
        .filter(|&i| {
            let part = info.parts.get(i);
            part.side_effects()
                || !calls_are_pure(linker, targets, module, part.pure_if_calls_pure())
        })
        .collect()
}

/// Whether every called symbol is a `/*#__NO_SIDE_EFFECTS__*/` function,
/// following imports to the declaring module. In a CommonJS module no call is
/// known pure: its callees keep the numbers of the symbols its table no longer
/// holds (`analyze.rs: keep_only_import_symbols`), so they cannot be looked up.
fn calls_are_pure(
    linker: &Linker,
    targets: &SymbolMap<Target>,
    module: ModuleIdx,
    callees: &[SymbolIdx],
) -> bool {
    let info = &linker.graph.module(module).info;
    if info.format != ModuleFormat::Esm {
        return callees.is_empty();
    }
    callees
        .iter()
        .all(|&s| match info.symbols[s as usize].kind {
            SymbolKind::Import(_) => match targets.get(module, s) {
                Some(Target::Symbol(m, s2)) => {
                    linker.graph.module(*m).info.no_side_effect_fns.contains(s2)
                }
                _ => false,
            },
            _ => info.no_side_effect_fns.contains(&s),
        })
}

impl Linker<'_> {
    pub(super) fn shake(
        &self,
        order: &[ModuleIdx],
        entry_points: &[EntryPoint],
        bindings: &Bindings,
    ) -> Liveness {
        let entries: Vec<ModuleIdx> = entry_points.iter().map(|e| e.module).collect();
        let entries = &entries[..];
        let targets = &bindings.targets;
        let mut m = Marker {
            linker: self,
            cjs_used: FxHashMap::default(),
            targets,
            live: Liveness {
                parts: ModuleMap::new(self.graph),
                commonjs: FxHashSet::default(),
                included: FxHashSet::default(),
                whole: FxHashSet::default(),
                used: SymbolSet::new(self.graph),
            },
            work: Vec::new(),
            cjs_work: Vec::new(),
            effectful: ModuleMap::new(self.graph),
        };
        // What the marking reads of each module, read for all of them in
        // parallel (one at a time, the reads were cache misses).
        let facts: Vec<Option<EsmFacts>> = (order.par_iter())
            .map(|&module| EsmFacts::of(self, targets, module))
            .collect();
        // Per module of `order`, an ES module's `(side_effects, css)`.
        let mut shape = Vec::with_capacity(order.len());
        for (&module, facts) in order.iter().zip(facts) {
            shape.push(facts.map(|f| {
                m.live.parts.insert(module, vec![false; f.parts]);
                m.effectful.insert(module, f.effectful);
                (f.side_effects, f.css)
            }));
        }
        for &entry in entries {
            if self.graph.is_commonjs(entry) {
                m.cjs(entry);
            }
            m.live.included.insert(entry);
        }
        if self.options.keep_unused {
            m.keep_everything(order);
        }
        for (&module, &shape) in order.iter().zip(&shape) {
            // The entry always runs as written; other modules of side-effect-free
            // packages only when something of theirs is used (see `part`).
            let Some((side_effects, css)) = shape else {
                continue;
            };
            if !side_effects && !entries.contains(&module) {
                continue;
            }
            for i in m.effectful_parts(module) {
                m.part(module, i);
            }
            // A stylesheet has no code, but importing it styles the page.
            if css {
                m.live.included.insert(module);
            }
            // Importing a CommonJS module runs it, whether or not a binding is
            // used; the importer's prelude calls it, so the importer is emitted
            // even with no code of its own (a barrel).
            for t in self.edges.static_targets(module) {
                if self.edges.is_commonjs(t) {
                    m.cjs(t);
                    m.live.included.insert(module);
                }
            }
        }
        for (_, target) in bindings.entry_exports.iter().flatten() {
            m.target(target);
        }
        m.run();
        // An emitted module runs the CommonJS modules it imports (its prelude
        // calls their factories), so those are needed too; repeat until stable.
        loop {
            let before = m.live.commonjs.len();
            let included: Vec<ModuleIdx> = m.live.included.iter().copied().collect();
            for module in included {
                for t in self.edges.static_targets(module) {
                    if self.edges.is_commonjs(t) {
                        m.cjs(t);
                    }
                }
            }
            m.run();
            if m.live.commonjs.len() == before {
                break;
            }
        }
        m.shake_commonjs();
        m.live
    }
}

impl Marker<'_, '_> {
    /// `--tree-shaking=false`: every statement of every ES module is live, and
    /// every CommonJS module is kept whole.
    fn keep_everything(&mut self, order: &[ModuleIdx]) {
        for &module in order {
            match self.linker.graph.module(module).info.format {
                ModuleFormat::Esm => {
                    let n = self.live.parts.get(module).map_or(0, Vec::len);
                    for i in 0..n {
                        self.part(module, i);
                    }
                    self.include(module);
                }
                ModuleFormat::CommonJs => self.cjs_use(module, None),
            }
        }
    }

    fn part(&mut self, module: ModuleIdx, i: usize) {
        let Some(flags) = self.live.parts.get_mut(module) else {
            return;
        };
        if flags[i] {
            return;
        }
        flags[i] = true;
        self.work.push((module, i));
        self.include(module);
    }

    /// Something of `module` is used: `"sideEffects": false` lets a module be
    /// skipped when nothing of it is; once something is, it runs as written,
    /// side effects included.
    fn include(&mut self, module: ModuleIdx) {
        if self.live.included.insert(module) {
            for j in self.effectful_parts(module) {
                self.part(module, j);
            }
        }
    }

    fn cjs(&mut self, module: ModuleIdx) {
        if self.live.commonjs.insert(module) {
            self.cjs_work.push(module);
        }
    }

    /// Records that `name` of CommonJS `module` is read (`None`: the whole exports
    /// object). A module that is `module.exports = require("./x")` passes the
    /// read on to `x` (React's `index.js` is one).
    fn cjs_use(&mut self, module: ModuleIdx, name: Option<&str>) {
        self.cjs(module);
        let used = self
            .cjs_used
            .entry(module)
            .or_insert_with(|| Some(FxHashSet::default()));
        let changed = match (used.as_mut(), name) {
            (Some(set), Some(n)) => set.insert(n.to_string()),
            (None, _) => false,
            (Some(_), None) => {
                *used = None;
                true
            }
        };
        if let (true, Some((_, target))) = (changed, self.forwarded(module)) {
            self.cjs_use(target, name);
        }
    }

    /// The record and CommonJS module whose exports `module`'s are, when its
    /// exports are only `module.exports = require("…")`.
    fn forwarded(&self, module: ModuleIdx) -> Option<(usize, ModuleIdx)> {
        let graph = self.linker.graph;
        let m = graph.module(module);
        let r = m.info.cjs_exports.reexport? as usize;
        match m.resolved.get(r) {
            Some(ResolvedRecord::Module(t))
                if m.info.cjs_exports.forwards && graph.is_commonjs(*t) =>
            {
                Some((r, *t))
            }
            _ => None,
        }
    }

    /// Whether the CommonJS module marks itself as compiled from ESM, so that a
    /// default import reads `exports.default` rather than the whole object
    /// (except from Node-mode importers, which always get the whole object).
    fn cjs_es_module(&self, module: ModuleIdx) -> bool {
        // `__esModule` alone is not enough: the module must assign a `default` too
        // (see `__sheafToEsm`), or `default` is the whole exports object.
        let parts = &self.linker.graph.module(module).info.parts;
        let assigns = |name: &str| {
            parts
                .iter()
                .any(|p| p.cjs_exports().iter().any(|n| n == name))
        };
        assigns("__esModule") && assigns("default")
    }

    /// Within each needed CommonJS module whose exports are only read by name:
    /// keep the statements with side effects, the export assignments of names
    /// that are read, and what those use.
    fn shake_commonjs(&mut self) {
        let modules: Vec<ModuleIdx> = self.live.commonjs.iter().copied().collect();
        for module in modules {
            let info = &self.linker.graph.module(module).info;
            let Some(Some(used)) = self.cjs_used.get(&module) else {
                continue;
            };
            if !info.cjs_shakeable || info.parts.is_empty() {
                continue;
            }
            let mut live: Vec<bool> = info
                .parts
                .iter()
                .map(|p| {
                    p.side_effects()
                        || (p.cjs_exports().iter()).any(|n| n == "__esModule" || used.contains(n))
                })
                .collect();
            let mut work: Vec<usize> = (0..live.len()).filter(|&i| live[i]).collect();
            while let Some(i) = work.pop() {
                for &s in info.parts.get(i).uses() {
                    for &j in info.declared_in.parts(s) {
                        if !live[j as usize] {
                            live[j as usize] = true;
                            work.push(j as usize);
                        }
                    }
                }
            }
            self.live.parts.insert(module, live);
        }
    }

    /// Every statement that declares `symbol` in `module`.
    fn symbol(&mut self, module: ModuleIdx, symbol: SymbolIdx) {
        if !self.live.used.insert(module, symbol) {
            return;
        }
        let info = &self.linker.graph.module(module).info;
        for &i in info.declared_in.parts(symbol) {
            self.part(module, i as usize);
        }
    }

    /// A whole module is used (namespace object, `require`, `import()`).
    fn whole(&mut self, module: ModuleIdx) {
        if self.linker.graph.is_commonjs(module) {
            self.cjs_use(module, None);
            return;
        }
        if !self.live.whole.insert(module) {
            return;
        }
        self.live.included.insert(module);
        for name in self.linker.export_names(module) {
            if let Lookup::Found(t) = self.linker.resolve_export(module, &name, &mut Vec::new()) {
                self.target(&t);
            }
        }
        for i in self.effectful_parts(module) {
            self.part(module, i);
        }
    }

    /// The statements of `module` that must run whenever the module runs,
    /// taken from the table made up front: marking them live again later
    /// would change nothing.
    fn effectful_parts(&mut self, module: ModuleIdx) -> Vec<usize> {
        match self.effectful.get_mut(module) {
            Some(parts) => std::mem::take(parts),
            None => effectful_parts(self.linker, self.targets, module),
        }
    }

    fn target(&mut self, target: &Target) {
        match target {
            Target::Symbol(m, s) => self.symbol(*m, *s),
            Target::Namespace(m) => self.whole(*m),
            Target::CommonJs {
                via,
                module,
                imported,
            } => {
                // `via` declares the `import_x` variable: its prelude must be emitted.
                self.live.included.insert(*via);
                match imported {
                    Imported::Named(n) if n != "default" => self.cjs_use(*module, Some(n)),
                    _ => self.cjs_use(*module, None),
                }
            }
            Target::External { .. } | Target::Undefined => {}
        }
    }

    fn run(&mut self) {
        loop {
            if let Some((module, i)) = self.work.pop() {
                self.visit_part(module, i);
            } else if let Some(module) = self.cjs_work.pop() {
                let graph_module = self.linker.graph.module(module);
                // What a forwarding module reads of its target follows its own
                // readers (`cjs_use`); what else it requires is used whole.
                let forwarded = self.forwarded(module);
                let forward = forwarded.map(|(r, _)| r);
                let targets: Vec<ModuleIdx> = graph_module
                    .resolved
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| match r {
                        ResolvedRecord::Module(t) if Some(i) != forward => Some(*t),
                        _ => None,
                    })
                    .collect();
                if let Some((_, t)) = forwarded {
                    self.cjs(t);
                }
                for t in targets {
                    self.whole(t);
                }
            } else {
                break;
            }
        }
    }

    fn visit_part(&mut self, module: ModuleIdx, i: usize) {
        let graph = self.linker.graph;
        let m = graph.module(module);
        let part = m.info.parts.get(i);
        for &s in part.uses() {
            match m.info.symbols[s as usize].kind {
                SymbolKind::Import(_) => {
                    let Some(target) = self.targets.get(module, s) else {
                        continue;
                    };
                    match target {
                        // A CommonJS binding: which names of its exports are read.
                        Target::CommonJs {
                            via,
                            module: t,
                            imported,
                        } => {
                            let (via, t) = (*via, *t);
                            self.live.included.insert(via);
                            // `ns.a.b` reads `exports.a`.
                            let props: Vec<String> = part
                                .member_uses()
                                .iter()
                                .filter(|(b, _)| *b == s)
                                .map(|(_, p)| {
                                    p.split(sheaf_ecma::MEMBER_PATH_SEP)
                                        .next()
                                        .unwrap_or(p)
                                        .to_string()
                                })
                                .collect();
                            let value_used = part.value_uses().contains(&s);
                            match imported {
                                // `import { a }`: reads `exports.a`, whatever is done with it.
                                Imported::Named(n) if n != "default" => self.cjs_use(t, Some(n)),
                                // The default of an ESM-compiled module is `exports.default`.
                                Imported::Named(_)
                                    if self.cjs_es_module(t) && !graph.module(via).node_esm =>
                                {
                                    self.cjs_use(t, Some("default"))
                                }
                                _ if value_used => self.cjs_use(t, None),
                                // `ns.a` reads `exports.a`; `ns.default` is the exports object
                                // itself unless the module says it was ESM.
                                Imported::Namespace => {
                                    for p in props {
                                        if p != "default" {
                                            self.cjs_use(t, Some(&p));
                                        } else if self.cjs_es_module(t)
                                            && !graph.module(via).node_esm
                                        {
                                            self.cjs_use(t, Some("default"));
                                        } else {
                                            self.cjs_use(t, None);
                                        }
                                    }
                                }
                                // A plain default import read as `x.a`: `module.exports.a`.
                                Imported::Named(_) => {
                                    for p in props {
                                        self.cjs_use(t, Some(&p));
                                    }
                                }
                            }
                        }
                        // `ns.x` only: keep just `x`.
                        // (With `export *` of externals, `ns.x` reads the namespace
                        // object: its names are known only at run time.)
                        Target::Namespace(t)
                            if !part.value_uses().contains(&s)
                                && !m.info.value_uses.contains(&s)
                                && self.linker.members_known(*t) =>
                        {
                            let t = *t;
                            let props: Vec<&String> = part
                                .member_uses()
                                .iter()
                                .filter(|(b, _)| *b == s)
                                .map(|(_, p)| p)
                                .collect();
                            for p in props {
                                if let (_, Lookup::Found(inner)) = self.linker.resolve_member(t, p)
                                {
                                    if self.linker.inlined_const(&inner).is_none() {
                                        self.target(&inner);
                                    }
                                }
                            }
                            // The module still runs for its side effects.
                            self.live.included.insert(t);
                        }
                        // Read as its value: the declaration is not needed for it.
                        // The module still runs (with `"sideEffects": false` too:
                        // something of it is used) and keeps its license comments.
                        Target::Symbol(t, _) if self.linker.inlined_const(target).is_some() => {
                            self.include(*t);
                        }
                        // `x.length`, `x[0]` of a constant array: the same.
                        Target::Symbol(t, _) if self.linker.folded_array(module, s) => {
                            self.include(*t);
                        }
                        other => {
                            let other = other.clone();
                            self.target(&other);
                        }
                    }
                }
                _ => self.symbol(module, s),
            }
        }
        let edges = &self.linker.edges;
        for &r in part.records() {
            if let Some(t) = edges.of(module)[r as usize].module() {
                if edges.is_commonjs(t) {
                    self.cjs_use(t, None);
                } else {
                    self.whole(t);
                }
            }
        }
    }
}
