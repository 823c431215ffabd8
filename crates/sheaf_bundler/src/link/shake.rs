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

use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_ecma::{ImportKind, ModuleFormat, SymbolIdx, SymbolKind};

use super::{Linker, Lookup, Target};
use crate::graph::{ModuleIdx, ResolvedRecord};

/// The result: live statements per ES module, and the modules to emit at all.
#[derive(Default)]
pub struct Liveness {
    /// Per ES module, one flag per top-level item.
    pub parts: FxHashMap<ModuleIdx, Vec<bool>>,
    /// CommonJS modules whose factory is needed.
    pub commonjs: FxHashSet<ModuleIdx>,
    /// ES modules with something to emit (a live statement, or a prelude others rely on).
    pub included: FxHashSet<ModuleIdx>,
    /// Modules used as a whole (namespace objects, `require`, `import()`).
    pub whole: FxHashSet<ModuleIdx>,
}

struct Marker<'l, 'a> {
    linker: &'l Linker<'a>,
    targets: &'l FxHashMap<(ModuleIdx, SymbolIdx), Target>,
    live: Liveness,
    work: Vec<(ModuleIdx, usize)>,
    cjs_work: Vec<ModuleIdx>,
}

impl Linker<'_> {
    pub(super) fn shake(
        &self,
        order: &[ModuleIdx],
        entry: ModuleIdx,
        entry_exports: &[(String, Target)],
        targets: &FxHashMap<(ModuleIdx, SymbolIdx), Target>,
    ) -> Liveness {
        let mut m = Marker {
            linker: self,
            targets,
            live: Liveness::default(),
            work: Vec::new(),
            cjs_work: Vec::new(),
        };
        for &module in order {
            let info = &self.graph.module(module).info;
            if info.format == ModuleFormat::Esm {
                m.live.parts.insert(module, vec![false; info.parts.len()]);
            }
        }
        if self.graph.module(entry).info.format == ModuleFormat::CommonJs {
            m.cjs(entry);
        }
        m.live.included.insert(entry);
        for &module in order {
            let graph_module = self.graph.module(module);
            let info = &graph_module.info;
            // The entry always runs as written; other modules of side-effect-free
            // packages only when something of theirs is used (see `part`).
            if info.format != ModuleFormat::Esm || (!graph_module.side_effects && module != entry) {
                continue;
            }
            for (i, part) in info.parts.iter().enumerate() {
                if part.side_effects {
                    m.part(module, i);
                }
            }
            // Importing a CommonJS module runs it, whether or not a binding is used.
            for (r, record) in info.records.iter().enumerate() {
                if let (ResolvedRecord::Module(t), ImportKind::Static | ImportKind::ReExport) =
                    (&graph_module.resolved[r], record.kind)
                {
                    if self.graph.module(*t).info.format == ModuleFormat::CommonJs {
                        m.cjs(*t);
                    }
                }
            }
        }
        for (_, target) in entry_exports {
            m.target(target);
        }
        m.run();
        // An emitted module runs the CommonJS modules it imports (its prelude
        // calls their factories), so those are needed too; repeat until stable.
        loop {
            let before = m.live.commonjs.len();
            let included: Vec<ModuleIdx> = m.live.included.iter().copied().collect();
            for module in included {
                let gm = self.graph.module(module);
                for (r, record) in gm.info.records.iter().enumerate() {
                    if let (ResolvedRecord::Module(t), ImportKind::Static | ImportKind::ReExport) =
                        (&gm.resolved[r], record.kind)
                    {
                        if self.graph.module(*t).info.format == ModuleFormat::CommonJs {
                            m.cjs(*t);
                        }
                    }
                }
            }
            m.run();
            if m.live.commonjs.len() == before {
                break;
            }
        }
        m.live
    }
}

impl Marker<'_, '_> {
    fn part(&mut self, module: ModuleIdx, i: usize) {
        let Some(flags) = self.live.parts.get_mut(&module) else {
            return;
        };
        if flags[i] {
            return;
        }
        flags[i] = true;
        self.work.push((module, i));
        if self.live.included.insert(module) {
            // `"sideEffects": false` lets a module be skipped when nothing of it is
            // used; once something is, it runs as written, side effects included.
            let info = &self.linker.graph.module(module).info;
            let effects: Vec<usize> = (0..info.parts.len())
                .filter(|&j| info.parts[j].side_effects)
                .collect();
            for j in effects {
                self.part(module, j);
            }
        }
    }

    fn cjs(&mut self, module: ModuleIdx) {
        if self.live.commonjs.insert(module) {
            self.cjs_work.push(module);
        }
    }

    /// Every statement that declares `symbol` in `module`.
    fn symbol(&mut self, module: ModuleIdx, symbol: SymbolIdx) {
        let info = &self.linker.graph.module(module).info;
        let declaring: Vec<usize> = info
            .parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.declares.contains(&symbol))
            .map(|(i, _)| i)
            .collect();
        for i in declaring {
            self.part(module, i);
        }
    }

    /// A whole module is used (namespace object, `require`, `import()`).
    fn whole(&mut self, module: ModuleIdx) {
        if self.linker.graph.module(module).info.format == ModuleFormat::CommonJs {
            self.cjs(module);
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
        let info = &self.linker.graph.module(module).info;
        let effects: Vec<usize> = (0..info.parts.len())
            .filter(|&i| info.parts[i].side_effects)
            .collect();
        for i in effects {
            self.part(module, i);
        }
    }

    fn target(&mut self, target: &Target) {
        match target {
            Target::Symbol(m, s) => self.symbol(*m, *s),
            Target::Namespace(m) => self.whole(*m),
            Target::CommonJs { via, module, .. } => {
                // `via` declares the `import_x` variable: its prelude must be emitted.
                self.live.included.insert(*via);
                self.cjs(*module);
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
                let targets: Vec<ModuleIdx> = graph_module
                    .resolved
                    .iter()
                    .filter_map(|r| match r {
                        ResolvedRecord::Module(t) => Some(*t),
                        _ => None,
                    })
                    .collect();
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
        let part = &m.info.parts[i];
        for &s in &part.uses {
            match m.info.symbols[s as usize].kind {
                SymbolKind::Import(_) => {
                    let Some(target) = self.targets.get(&(module, s)) else {
                        continue;
                    };
                    match target {
                        // `ns.x` only: keep just `x`.
                        Target::Namespace(t)
                            if !part.value_uses.contains(&s) && !m.info.value_uses.contains(&s) =>
                        {
                            let t = *t;
                            let props: Vec<&String> = part
                                .member_uses
                                .iter()
                                .filter(|(b, _)| *b == s)
                                .map(|(_, p)| p)
                                .collect();
                            for p in props {
                                if let Lookup::Found(inner) =
                                    self.linker.resolve_export(t, p, &mut Vec::new())
                                {
                                    self.target(&inner);
                                }
                            }
                            // The module still runs for its side effects.
                            self.live.included.insert(t);
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
        for &r in &part.records {
            if let ResolvedRecord::Module(t) = m.resolved[r as usize] {
                self.whole(t);
            }
        }
    }
}
