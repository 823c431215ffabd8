//! For each module, the CommonJS modules it needs an `import_x` variable for,
//! each once, in the order binding first met them; the modules in the order
//! they got their first one. And which of those `import_x`s are another
//! module's, shared (`cjs_imports.rs`).
//!
//! Example: `main` does `import React from 'react'` and
//! `import { get } from 'lodash'`: `main` → `[react, lodash]`. When `app`,
//! of the same chunk, imports React too, its `import_react` is `main`'s:
//! `(app, react)` → `main`.
//!
//! Why not maps of sets: nearly every module of an app imports a CommonJS
//! package (React), and most import one or two. A hash set per module and the
//! map growing over 10,000 of them were 4% of `link:bind` on the 10,000-module
//! app; here a module's list is a slot of one vector, inline up to two.

use smallvec::SmallVec;

use crate::graph::ModuleIdx;

pub(super) struct CjsImportTable {
    /// By module index.
    targets: Vec<SmallVec<[ModuleIdx; 2]>>,
    /// The modules with a non-empty list, in first-insert order.
    order: Vec<ModuleIdx>,
    /// By module index (empty until the first is set): each target whose
    /// `import_x` another module declares, and that module.
    shared: Vec<SmallVec<[(ModuleIdx, ModuleIdx); 1]>>,
}

impl CjsImportTable {
    pub fn new(modules: usize) -> Self {
        CjsImportTable {
            targets: vec![SmallVec::new(); modules],
            order: Vec::new(),
            shared: Vec::new(),
        }
    }

    /// Notes that `via` needs an `import_x` for `target` (once).
    pub fn insert(&mut self, via: ModuleIdx, target: ModuleIdx) {
        let list = &mut self.targets[via.index()];
        if list.is_empty() {
            self.order.push(via);
        }
        // A linear search: lists are short (one or two on the apps measured),
        // and a module importing n CommonJS modules costs n² / 2 compares.
        if !list.contains(&target) {
            list.push(target);
        }
    }

    /// `m`'s list, in first-insert order (empty when it has none).
    pub fn get(&self, m: ModuleIdx) -> &[ModuleIdx] {
        self.targets.get(m.index()).map_or(&[], |l| &l[..])
    }

    /// Each module with a non-empty list, and its list, in first-insert order.
    pub fn iter(&self) -> impl Iterator<Item = (ModuleIdx, &[ModuleIdx])> + '_ {
        self.order.iter().map(|&m| (m, self.get(m)))
    }

    /// `via`'s `import_x` for `target` is the one `declarer` declares (set
    /// once per pair).
    pub fn share(&mut self, via: ModuleIdx, target: ModuleIdx, declarer: ModuleIdx) {
        if self.shared.is_empty() {
            self.shared = vec![SmallVec::new(); self.targets.len()];
        }
        self.shared[via.index()].push((target, declarer));
    }

    /// The module that declares `via`'s `import_x` for `target`, when that is
    /// another module.
    pub fn declarer(&self, via: ModuleIdx, target: ModuleIdx) -> Option<ModuleIdx> {
        let shared = self.shared.get(via.index())?;
        shared.iter().find(|(t, _)| *t == target).map(|&(_, d)| d)
    }

    /// Whether any `import_x` is shared.
    pub fn any_shared(&self) -> bool {
        !self.shared.is_empty()
    }

    /// Each shared `(module, target, declarer)`, by module.
    pub fn shared(&self) -> impl Iterator<Item = (ModuleIdx, ModuleIdx, ModuleIdx)> + '_ {
        (self.shared.iter().enumerate())
            .flat_map(|(m, list)| list.iter().map(move |&(t, d)| (ModuleIdx(m as u32), t, d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_insert_order_and_each_target_once() {
        let m = ModuleIdx;
        let mut table = CjsImportTable::new(4);
        table.insert(m(2), m(0));
        table.insert(m(1), m(3));
        table.insert(m(2), m(1));
        table.insert(m(2), m(0));
        assert_eq!(table.get(m(2)), [m(0), m(1)]);
        assert_eq!(table.get(m(0)), []);
        let all: Vec<_> = table.iter().map(|(v, t)| (v, t.to_vec())).collect();
        assert_eq!(all, [(m(2), vec![m(0), m(1)]), (m(1), vec![m(3)])]);
    }

    #[test]
    fn a_shared_import_names_its_declarer() {
        let m = ModuleIdx;
        let mut table = CjsImportTable::new(4);
        table.insert(m(2), m(0));
        table.insert(m(1), m(0));
        assert!(!table.any_shared());
        assert_eq!(table.declarer(m(1), m(0)), None);
        table.share(m(1), m(0), m(2));
        assert!(table.any_shared());
        assert_eq!(table.declarer(m(1), m(0)), Some(m(2)));
        assert_eq!(table.declarer(m(2), m(0)), None);
        assert_eq!(table.declarer(m(1), m(3)), None);
        assert_eq!(table.shared().collect::<Vec<_>>(), [(m(1), m(0), m(2))]);
    }
}
