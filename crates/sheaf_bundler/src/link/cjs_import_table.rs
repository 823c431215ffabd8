//! For each module, the CommonJS modules it needs an `import_x` variable for,
//! each once, in the order binding first met them; the modules in the order
//! they got their first one.
//!
//! Example: `main` does `import React from 'react'` and
//! `import { get } from 'lodash'`: `main` → `[react, lodash]`.
//!
//! Why not a map of sets: nearly every module of an app imports a CommonJS
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
}

impl CjsImportTable {
    pub fn new(modules: usize) -> Self {
        CjsImportTable {
            targets: vec![SmallVec::new(); modules],
            order: Vec::new(),
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
}
