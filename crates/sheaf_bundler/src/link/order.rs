//! Execution order: the order in which an ES module loader evaluates the modules.
//!
//! Example: `main` imports `a` then `b`, and `a` imports `c`: the order is
//! `c, a, b, main` (depth-first, imports in source order, each module after its
//! dependencies; a module already on the stack — a cycle — is not revisited).
//! Dynamically imported modules follow. `require()` edges are followed too:
//! CommonJS modules are emitted as lazy factories, and an ES module reached only
//! through `require` still needs a place.
//!
//! Why it also records edge positions: an ES module's import of a CommonJS (or
//! lazily evaluated) module must run at its place in the import list — after the
//! modules imported before it, before those imported after it — as in Node. The
//! position of each static import edge in this order says where that is.

use rustc_hash::FxHashMap;
use sheaf_ecma::ImportKind;

use super::dense::RecordMap;
use super::edges::Edges;
use crate::graph::{ModuleGraph, ModuleIdx};

/// A static import record: (importer, record index).
type Edge = (ModuleIdx, u32);

/// Where code for an import runs: (position in the order, the edge's rank).
pub(super) type Place = (usize, usize);

/// A DFS frame: the module, its next record, and the edge (with its rank) that entered it.
type Frame = (ModuleIdx, usize, Option<(Edge, usize)>);

pub(super) struct ExecutionOrder {
    pub modules: Vec<ModuleIdx>,
    /// For each static import or re-export record `(importer, record)` (of a
    /// bundled or an external module): how many
    /// modules of `modules` had finished once the loader was done with it (the
    /// target and its own dependencies evaluated). Code that must run at that
    /// import's place goes before the first hoisted module at or after that index.
    /// With it, the edge's rank among all static edges in the order the loader
    /// reached them: code for edges at the same position runs in that order.
    pub edge_pos: RecordMap<Place>,
    /// Each module's index in `modules`.
    pub index: FxHashMap<ModuleIdx, usize>,
}

pub(super) fn execution_order(
    graph: &ModuleGraph,
    edges: &Edges,
    entries: &[ModuleIdx],
) -> ExecutionOrder {
    // Sized up front: growing them step by step rehashed every entry each time.
    let modules = graph.modules.len();
    let mut order = Vec::with_capacity(modules);
    let mut edge_pos = RecordMap::new(graph);
    edge_pos.reserve(edges.len());
    // By module index: a hash set's lookups were cache misses at 50,000 modules.
    let mut seen = vec![false; modules];
    let mut first_visit = |m: ModuleIdx| !std::mem::replace(&mut seen[m.index()], true);
    let mut rank = 0usize;
    let mut dynamic_roots = entries.to_vec();
    let mut i = 0;
    while i < dynamic_roots.len() {
        let root = dynamic_roots[i];
        i += 1;
        if !first_visit(root) {
            continue;
        }
        // Iterative DFS: (module, next record index, the static edge that entered it).
        let mut stack: Vec<Frame> = vec![(root, 0, None)];
        while let Some((m, r, _)) = stack.last_mut() {
            let m = *m;
            let Some(&edge) = edges.of(m).get(*r) else {
                order.push(m);
                if let Some((_, _, Some((edge, rank)))) = stack.pop() {
                    edge_pos.insert(edge.0, edge.1, (order.len(), rank));
                }
                continue;
            };
            let record = *r as u32;
            *r += 1;
            if edge.is_external() && edge.is_static() {
                // An external module runs here too (its place orders the
                // output's external imports).
                rank += 1;
                edge_pos.insert(m, record, (order.len(), rank));
            }
            let Some(t) = edge.module() else {
                continue;
            };
            let entered = edge.is_static().then(|| {
                rank += 1;
                ((m, record), rank)
            });
            if edge.kind == ImportKind::Dynamic {
                dynamic_roots.push(t);
            } else if first_visit(t) {
                stack.push((t, 0, entered));
            } else if let Some((entered, rank)) = entered {
                // Already evaluated (or on the stack: a cycle).
                edge_pos.insert(entered.0, entered.1, (order.len(), rank));
            }
        }
    }
    let index = order.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    ExecutionOrder {
        modules: order,
        edge_pos,
        index,
    }
}
