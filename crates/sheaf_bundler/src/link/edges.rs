//! The graph's import records as link reads them, in one flat table: for each
//! record, its kind and where it resolved; for each module, whether it is
//! CommonJS.
//!
//! Example: module 7's records `import "./a.js"` (module 3) and `require("fs")`
//! (external) are `edges.of(ModuleIdx(7))` = `[Static → 3, Require → external]`,
//! and `edges.static_targets(ModuleIdx(7))` yields module 3 only.
//!
//! Why: nearly every pass walks the records of every module (order, wrap, bind,
//! shake, chunks, plans), and each walk read three places per module: the
//! module, its `info.records` (40 bytes each, with the specifier) and its
//! `resolved`. On 10,000 modules those reads were cache misses, the largest
//! share of link's own time. Here a record is 8 bytes, a module's records sit
//! together, and the table is filled once, in parallel.

use rayon::prelude::*;
use sheaf_ecma::{ImportKind, ModuleFormat};
use smallvec::SmallVec;

use crate::graph::{Module, ModuleGraph, ModuleIdx, ResolvedRecord};

/// `Edge::to` of a record that resolved to an external module.
const EXTERNAL: u32 = u32::MAX;
/// `Edge::to` of a record that did not resolve.
const FAILED: u32 = u32::MAX - 1;

/// One import record: its kind and where it resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Edge {
    pub kind: ImportKind,
    /// The bundled module's index, or `EXTERNAL`, or `FAILED`.
    to: u32,
}

impl Edge {
    fn new(kind: ImportKind, resolved: &ResolvedRecord) -> Self {
        let to = match resolved {
            ResolvedRecord::Module(t) => {
                assert!(t.0 < FAILED, "fewer than 2^32 - 2 modules");
                t.0
            }
            ResolvedRecord::External(_) => EXTERNAL,
            ResolvedRecord::Failed => FAILED,
        };
        Edge { kind, to }
    }

    /// The bundled module the record resolved to.
    pub fn module(self) -> Option<ModuleIdx> {
        (self.to < FAILED).then_some(ModuleIdx(self.to))
    }

    pub fn is_external(self) -> bool {
        self.to == EXTERNAL
    }

    /// An `import` or `export … from`: the target runs before the importer.
    pub fn is_static(self) -> bool {
        matches!(self.kind, ImportKind::Static | ImportKind::ReExport)
    }
}

pub(super) struct Edges {
    /// Where each module's records start in `edges` (one more than modules).
    start: Vec<u32>,
    /// Every module's records, in module and record order.
    edges: Vec<Edge>,
    commonjs: Vec<bool>,
}

/// What one module adds to the table.
type ModuleEdges = (bool, SmallVec<[Edge; 8]>);

impl Edges {
    pub fn new(graph: &ModuleGraph) -> Self {
        let per_module: Vec<ModuleEdges> = graph.modules.par_iter().map(module_edges).collect();
        let mut start = Vec::with_capacity(per_module.len() + 1);
        let mut edges = Vec::with_capacity(per_module.iter().map(|(_, e)| e.len()).sum());
        let mut commonjs = Vec::with_capacity(per_module.len());
        start.push(0);
        for (cjs, module_edges) in per_module {
            edges.extend_from_slice(&module_edges);
            start.push(u32::try_from(edges.len()).expect("fewer than 2^32 records"));
            commonjs.push(cjs);
        }
        Edges {
            start,
            edges,
            commonjs,
        }
    }

    /// Module `m`'s records, by record index.
    pub fn of(&self, m: ModuleIdx) -> &[Edge] {
        &self.edges[self.start[m.index()] as usize..self.start[m.index() + 1] as usize]
    }

    /// The bundled modules `m` imports or re-exports from (`is_static`), in
    /// record order, with the record's index.
    pub fn static_edges(&self, m: ModuleIdx) -> impl Iterator<Item = (u32, ModuleIdx)> + '_ {
        (self.of(m).iter().enumerate())
            .filter(|(_, e)| e.is_static())
            .filter_map(|(r, e)| Some((r as u32, e.module()?)))
    }

    /// `static_edges` without the record indices.
    pub fn static_targets(&self, m: ModuleIdx) -> impl Iterator<Item = ModuleIdx> + '_ {
        self.static_edges(m).map(|(_, t)| t)
    }

    /// Whether `m` has a record of this kind (most modules have no
    /// `require()` or `import()`: then passes about those skip its records).
    pub fn has_kind(&self, m: ModuleIdx, kind: ImportKind) -> bool {
        self.of(m).iter().any(|e| e.kind == kind)
    }

    /// The number of records of all modules.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// `ModuleGraph::is_commonjs`, from the table.
    pub fn is_commonjs(&self, m: ModuleIdx) -> bool {
        self.commonjs[m.index()]
    }
}

fn module_edges(module: &Module) -> ModuleEdges {
    let records = &module.info.records;
    let edges = (records.iter().zip(&module.resolved))
        .map(|(record, resolved)| Edge::new(record.kind, resolved))
        .collect();
    (module.info.format == ModuleFormat::CommonJs, edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_says_where_its_record_resolved() {
        let to_module = Edge::new(ImportKind::ReExport, &ResolvedRecord::Module(ModuleIdx(3)));
        assert_eq!(to_module.module(), Some(ModuleIdx(3)));
        assert!(to_module.is_static() && !to_module.is_external());
        let external = Edge::new(ImportKind::Static, &ResolvedRecord::External("fs".into()));
        assert_eq!(external.module(), None);
        assert!(external.is_external() && external.is_static());
        let failed = Edge::new(ImportKind::Require, &ResolvedRecord::Failed);
        assert_eq!(failed.module(), None);
        assert!(!failed.is_external() && !failed.is_static());
        let dynamic = Edge::new(ImportKind::Dynamic, &ResolvedRecord::Module(ModuleIdx(0)));
        assert_eq!(dynamic.module(), Some(ModuleIdx(0)));
        assert!(!dynamic.is_static());
    }
}
