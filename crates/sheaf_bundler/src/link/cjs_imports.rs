//! One `import_x` per chunk: the ES modules of a chunk that import the same
//! CommonJS module share one `var import_x = __sheafToEsm(require_x())`.
//!
//! Example: 10,000 modules of an app `import { useState } from 'react'`. Each
//! used to declare its own `import_react$N`, so the bundle called `__sheafToEsm`
//! (which builds an object with a getter per export) 10,000 times at start-up
//! and carried 10,000 such lines; now the chunk has one, as in rolldown.
//!
//! Which modules share: hoisted ones (emitted, not lazy, not CommonJS) of one
//! chunk with the same interop (`node_esm`). The declaring module is the one
//! whose import of `x` the loader reaches first, so its line (placed at that
//! import, see `plans::place_preludes`) runs before the code of every module
//! that reads the variable. Bindings keep naming their own module (`via`); the
//! sharers' keys get the declaring module's name, and their referrers count for
//! that name's collision checks.
//!
//! Lazy ES modules (run by their initializers, in an order only known at run
//! time) of a chunk share one too, apart from the hoisted ones: the name is
//! declared once (in the declaring module's `var` list, outside every
//! initializer), and each initializer still assigns it
//! (`import_x = __sheafToEsm(require_x())`: the same text in every module, the
//! same interop object shape, so whichever runs first serves all).

use rustc_hash::FxHashMap;

use super::{chunks::ChunkGraph, order::ExecutionOrder, shake::Liveness, Key, Linker};
use crate::graph::ModuleIdx;

impl Linker<'_> {
    /// Decides which modules share whose `import_x` (`CjsImportTable::share`)
    /// and merges the sharers' references into the declaring module's key.
    pub(super) fn share_cjs_imports(
        &mut self,
        order: &ExecutionOrder,
        chunk_graph: &ChunkGraph,
        lazy: &super::IndexSet<ModuleIdx>,
        liveness: &Liveness,
    ) {
        // (chunk, CommonJS module, node interop) → (first place, declaring module).
        let mut first: FxHashMap<_, ((usize, usize), ModuleIdx)> = FxHashMap::default();
        let mut sharers = Vec::new();
        for (via, targets) in self.cjs_imports.iter() {
            let es = liveness.included.contains(&via) && !self.edges.is_commonjs(via);
            let Some(chunk) = chunk_graph.chunk_of(via).filter(|_| es) else {
                continue;
            };
            let node_esm = self.graph.module(via).node_esm;
            let is_lazy = lazy.contains(&via);
            for &t in targets {
                let place = self.first_import_place(via, t, order);
                let group = (chunk, t, node_esm, is_lazy);
                let slot = first.entry(group).or_insert((place, via));
                if place < slot.0 {
                    *slot = (place, via);
                }
                sharers.push((group, via));
            }
        }
        for (group, via) in sharers {
            let declarer = first[&group].1;
            if declarer != via {
                self.cjs_imports.share(via, group.1, declarer);
                // One sharer that needs the ES view gives it to all.
                if self.cjs_esm_view.contains(&(via, group.1)) {
                    self.cjs_esm_view.insert((declarer, group.1));
                }
            }
        }
        if !self.cjs_imports.any_shared() {
            return;
        }
        self.merge_shared();
    }

    /// Merges each sharer's referrers into its declaring module's key, which
    /// takes the first position of its group; its referrers stay in key order.
    fn merge_shared(&mut self) {
        // Declaring key's position → the positions of its group.
        let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        let mut dropped = vec![false; self.refs.len()];
        for (i, key) in self.refs.keys().enumerate() {
            let Key::CjsImport(via, t) = key else {
                continue;
            };
            let Some(declarer) = self.cjs_imports.declarer(*via, *t) else {
                continue;
            };
            let d = (self.refs.get_index_of(&Key::CjsImport(declarer, *t)))
                .expect("a declaring module refers to its own import_x");
            groups.entry(d).or_insert_with(|| vec![d]).push(i);
            dropped[i] = true;
        }
        // First position of a group → its declaring key's position.
        let mut placed: FxHashMap<usize, usize> = FxHashMap::default();
        for (&d, members) in &mut groups {
            members.sort_unstable();
            let mut merged = super::Referrers::new();
            for &i in members.iter() {
                merged.extend(std::mem::take(&mut self.refs[i]));
            }
            self.refs[d] = merged;
            if members[0] != d {
                placed.insert(members[0], d);
                dropped[d] = true;
            }
        }
        self.refs.compact(&dropped, &placed);
    }

    /// The key whose name `key` uses: the declaring module's for a shared `import_x`.
    pub(super) fn shared_key(&self, key: &Key) -> Key {
        match key {
            Key::CjsImport(via, t) => match self.cjs_imports.declarer(*via, *t) {
                Some(declarer) => Key::CjsImport(declarer, *t),
                None => key.clone(),
            },
            _ => key.clone(),
        }
    }

    /// Gives each sharer's key the declaring module's name.
    pub(super) fn name_shared_cjs_imports(&self, names: &mut super::names::NameTable) {
        for (via, t, declarer) in self.cjs_imports.shared() {
            if let Some(name) = names.get(&Key::CjsImport(declarer, t)).cloned() {
                names.insert(Key::CjsImport(via, t), name);
            }
        }
    }

    /// Where the loader first reaches `via`'s import of `t`.
    fn first_import_place(
        &self,
        via: ModuleIdx,
        t: ModuleIdx,
        order: &ExecutionOrder,
    ) -> (usize, usize) {
        let own = (order.index.get(&via).copied().unwrap_or(0), usize::MAX);
        (self.edges.static_edges(via))
            .filter(|&(_, target)| target == t)
            .filter_map(|(r, _)| order.edge_pos.get(via, r).copied())
            .min()
            .unwrap_or(own)
    }
}
