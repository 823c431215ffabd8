//! Cross-chunk bindings: which names each chunk takes from other chunks, and
//! which it gives them.
//!
//! Example: entries `a` and `b` share `s.js`, which declares `count`. The shared
//! chunk exports `count`; esm chunks `import { count } from "./chunk-….js"`,
//! cjs chunks read it as `chunk.count` through a variable per imported chunk.
//!
//! Why: a name keeps one spelling across the whole output (names are unique
//! across chunks), so sharing is only a matter of import/export lists. Keys are
//! owned by the chunk of the module that declares them; external bindings are
//! imported by every chunk that uses them.

use super::{IndexMap, IndexSet};
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::Format;
use sheaf_ecma::{SymbolIdx, NAMESPACE_SYMBOL};

use super::{
    bind::Bindings,
    chunks::{emitted, ChunkGraph, EntryPoint},
    shake::Liveness,
    ChunkIdx, Key, Linker, Target,
};
use crate::graph::ModuleIdx;

pub(super) struct Sharing {
    /// Per chunk: the chunks it loads first, in order, with the keys it takes from each.
    pub imports: Vec<IndexMap<ChunkIdx, IndexSet<Key>>>,
    /// Per chunk: the keys other chunks take from it.
    pub exports: Vec<IndexSet<Key>>,
}

impl Sharing {
    /// Chunk `from` uses `key`, which chunk `owner` declares: unless they are the
    /// same chunk, `from` imports it and `owner` exports it.
    fn share(&mut self, from: ChunkIdx, owner: ChunkIdx, key: &Key) {
        if from != owner {
            self.imports[from.index()]
                .entry(owner)
                .or_default()
                .insert(key.clone());
            self.exports[owner.index()].insert(key.clone());
        }
    }
}

impl Linker<'_> {
    pub(super) fn share_across_chunks(
        &mut self,
        order: &FxHashMap<ModuleIdx, usize>,
        chunk_graph: &ChunkGraph,
        entry_points: &[EntryPoint],
        bindings: &Bindings,
        lazy: &IndexSet<ModuleIdx>,
        liveness: &Liveness,
    ) -> Sharing {
        let n_chunks = chunk_graph.chunks.len();
        let mut sharing = Sharing {
            imports: (0..n_chunks).map(|_| IndexMap::default()).collect(),
            exports: (0..n_chunks).map(|_| IndexSet::default()).collect(),
        };
        if n_chunks > 1 {
            self.static_chunk_imports(chunk_graph, order, &mut sharing);
            self.shared_keys(chunk_graph, lazy, liveness, &mut sharing);
            self.entry_keys(chunk_graph, entry_points, bindings, lazy, &mut sharing);
            if self.options.format != Format::Esm {
                self.chunk_vars(chunk_graph, &sharing);
            }
        }
        sharing
    }

    /// Static imports first: the chunks to run before each one, in the order
    /// their first modules are evaluated (`import './a'; import './b'` loads
    /// a's chunk first even when a module evaluated earlier imports b). An
    /// import of a module loaded only where it is used (`loaded_up_front` in
    /// chunks.rs) does not load a chunk meant for fewer entry points: what is
    /// used is shared by key.
    fn static_chunk_imports(
        &self,
        chunk_graph: &ChunkGraph,
        order: &FxHashMap<ModuleIdx, usize>,
        sharing: &mut Sharing,
    ) {
        for (c, chunk) in chunk_graph.chunks.iter().enumerate() {
            for &m in &chunk.modules {
                for t in self.edges.static_targets(m) {
                    match chunk_graph.chunk_of(t) {
                        Some(tc)
                            if tc.index() != c
                                && (super::chunks::subset(
                                    &chunk.bits,
                                    &chunk_graph.chunks[tc.index()].bits,
                                ) || !chunk_graph.loaded_by_use.contains(&t)) =>
                        {
                            sharing.imports[c].entry(tc).or_default();
                        }
                        _ => {}
                    }
                }
            }
            // An entry chunk whose module lives in a shared chunk runs it from there.
            if let Some(tc) = chunk.entry.and_then(|m| chunk_graph.chunk_of(m)) {
                if tc.index() != c {
                    sharing.imports[c].entry(tc).or_default();
                }
            }
            let first = |tc: &ChunkIdx| {
                chunk_graph.chunks[tc.index()]
                    .modules
                    .first()
                    .and_then(|m| order.get(m))
                    .copied()
                    .unwrap_or(usize::MAX)
            };
            sharing.imports[c].sort_by(|a, _, b, _| first(a).cmp(&first(b)));
        }
    }

    /// Every referred key that another chunk declares.
    fn shared_keys(
        &self,
        chunk_graph: &ChunkGraph,
        lazy: &IndexSet<ModuleIdx>,
        liveness: &Liveness,
        sharing: &mut Sharing,
    ) {
        let graph = self.graph;
        let emitted = |m: ModuleIdx| emitted(graph, liveness, lazy, m);
        let mut live_declared: FxHashMap<ModuleIdx, FxHashSet<SymbolIdx>> = FxHashMap::default();
        let mut key_emitted = |k: &Key| -> bool {
            match k {
                Key::Local(m, NAMESPACE_SYMBOL) => self.materialized.contains(m),
                Key::Local(m, s) => {
                    if !emitted(*m) {
                        return false;
                    }
                    if lazy.contains(m) {
                        return true;
                    }
                    live_declared
                        .entry(*m)
                        .or_insert_with(|| {
                            let info = &graph.module(*m).info;
                            let live = liveness.parts.get(*m);
                            info.parts
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| live.is_none_or(|l| l[*i]))
                                .flat_map(|(_, p)| p.declares().iter().copied())
                                .collect()
                        })
                        .contains(s)
                }
                Key::CjsFactory(m) => liveness.commonjs.contains(m),
                Key::LazyInit(m) | Key::CjsImport(m, _) => emitted(*m),
                _ => false,
            }
        };
        for (key, referrers) in &self.refs {
            let Some(oc) = key.owner().and_then(|m| chunk_graph.chunk_of(m)) else {
                continue;
            };
            if !key_emitted(key) {
                continue;
            }
            for (r, _) in referrers {
                if let Some(rc) = chunk_graph.chunk_of(*r) {
                    sharing.share(rc, oc, key);
                }
            }
        }
    }

    /// What an entry chunk exports may live elsewhere.
    fn entry_keys(
        &self,
        chunk_graph: &ChunkGraph,
        entry_points: &[EntryPoint],
        bindings: &Bindings,
        lazy: &IndexSet<ModuleIdx>,
        sharing: &mut Sharing,
    ) {
        for (ep, exports) in bindings.entry_exports.iter().enumerate() {
            let ec = chunk_graph.entry_chunk(&entry_points[ep]);
            let module = entry_points[ep].module;
            let mut keys: Vec<Key> = exports
                .iter()
                .filter_map(|(_, t)| match t {
                    Target::Symbol(m, s) => Some(Key::Local(*m, *s)),
                    Target::Namespace(m) => Some(Key::Local(*m, NAMESPACE_SYMBOL)),
                    Target::CommonJs { via, module, .. } => {
                        Some(self.shared_key(&Key::CjsImport(*via, *module)))
                    }
                    _ => None,
                })
                .collect();
            if self.graph.is_commonjs(module) {
                keys.push(Key::CjsFactory(module));
            }
            if lazy.contains(&module) {
                keys.push(Key::LazyInit(module));
            }
            for key in keys {
                if let Some(oc) = key.owner().and_then(|m| chunk_graph.chunk_of(m)) {
                    sharing.share(ec, oc, &key);
                }
            }
        }
    }

    /// The `import()` targets whose chunk exports more than their module does:
    /// chunk splitting put modules already loaded wherever the target is
    /// imported into its chunk (see `already_loaded.rs`), and other chunks
    /// import their bindings from it. The module's namespace object is then
    /// built in the chunk and exported as one more name, which `import()`
    /// returns (`import("./lazy.js").then(m => m.lazy_exports)`), so that the
    /// namespace the program sees has exactly the module's exports. Rollup does
    /// the same.
    pub(super) fn extract_namespaces(
        &mut self,
        chunk_graph: &ChunkGraph,
        sharing: &mut Sharing,
    ) -> FxHashSet<ModuleIdx> {
        let mut extracted = FxHashSet::default();
        for (c, chunk) in chunk_graph.chunks.iter().enumerate() {
            let super::ChunkKind::Dynamic(m) = chunk.kind else {
                continue;
            };
            if sharing.exports[c].is_empty() || self.graph.is_commonjs(m) {
                continue;
            }
            let key = Key::Local(m, NAMESPACE_SYMBOL);
            self.materialized.insert(m);
            self.refer(key.clone(), m, "");
            sharing.exports[c].insert(key);
            extracted.insert(m);
        }
        extracted
    }

    /// cjs output reads other chunks' bindings through a variable per chunk.
    fn chunk_vars(&mut self, chunk_graph: &ChunkGraph, sharing: &Sharing) {
        for (c, imports) in sharing.imports.iter().enumerate() {
            for (oc, keys) in imports {
                if keys.is_empty() {
                    continue;
                }
                let key = Key::chunk_var(*oc, chunk_graph.chunks[oc.index()].name.clone());
                for &m in &chunk_graph.chunks[c].modules {
                    self.refer(key.clone(), m, "");
                }
                if chunk_graph.chunks[c].modules.is_empty() {
                    self.refs.entry(key);
                }
            }
        }
    }
}
