//! Code splitting: a module that is always loaded before an `import()` runs is
//! not that `import()`'s to load.
//!
//! Example: `main.js` imports `shared.js` and does `import('./lazy.js')`, which
//! imports `shared.js` too. By entry-point sets, `shared.js` is reached from
//! {main, lazy} and would get a chunk of its own, loaded by both. But `lazy.js`
//! can only be loaded by code of `main.js`, so `shared.js` has run by then: it
//! goes into main's chunk, and lazy's chunk imports it from there. Two files
//! instead of three, one request less. Rollup and rolldown do the same.
//!
//! How: group modules by their entry-point set ("atoms"). For each entry point
//! E, `loaded(E)` is the set of atoms certainly loaded once E has run: what E
//! loads up front, plus, for an `import()` target, what is loaded wherever it
//! can be imported from. A place `I` (the importing module) is reached through
//! any of the entry points that load `I`, so only what all of those have loaded
//! counts. Computed as a greatest fixpoint (cycles of `import()` are common).
//! A module then drops the bits of the `import()` targets for which it is
//! already loaded. Only bits of `import()` targets are dropped, so no entry
//! point ever loads code it did not load before; a module keeps at least one
//! bit, and an `import()` target keeps its own module. Nothing moves into the
//! chunk of an entry point whose exports others see (`adds_exports`). Not with top-level await
//! (see `drop_already_loaded`).

use super::IndexMap;
use rustc_hash::FxHashMap;
use sheaf_ecma::ImportKind;

use super::chunks::{reach, static_imports, subset, EntryPoint, SplitInput};
use crate::graph::{ModuleGraph, ModuleIdx, ResolvedRecord};

/// Drops from `entry_points` the `import()` targets that are loaded up front
/// wherever they are imported from: every entry point that loads an importer
/// loads the target too. Such an `import()` needs no chunk of its own; it
/// resolves to the namespace already in memory (`Promise.resolve().then(() =>
/// ns)`), as Rollup and rolldown do. Example: `main.js` imports `foo.js` and
/// also does `import('./foo.js')`.
///
/// The target keeps being loaded wherever it was: a module reached from a
/// dropped target is reached from the target's other entry points, and a target
/// is kept when all of those are dropped too. Evaluation needs no care: without
/// top-level await (then nothing is dropped) an entry point's static graph runs
/// to the end before the `import()`'s promise settles.
pub(super) fn inline_already_loaded(
    graph: &ModuleGraph,
    order: &[ModuleIdx],
    entry_points: &mut Vec<EntryPoint>,
) {
    let n = entry_points.len();
    if entry_points.iter().all(|e| e.user.is_some())
        || order
            .iter()
            .any(|&m| graph.module(m).info.top_level_await.is_some())
    {
        return;
    }
    let words = n.div_ceil(64);
    let roots: Vec<ModuleIdx> = entry_points.iter().map(|e| e.module).collect();
    let mut bits = reach(graph.modules.len(), &roots, words, |m| {
        static_imports(graph, m)
    });
    let has =
        |b: &[u64], m: ModuleIdx, e: usize| b[m.index() * words + e / 64] & (1 << (e % 64)) != 0;
    let edges = import_edges(graph, order.iter().copied(), &import_targets(entry_points));
    // Dropping an entry point clears its bit everywhere, which may make more
    // targets already loaded (`b` imports `a` and does `import('./b.js')`:
    // once `b`'s own entry point is gone, `a` is loaded wherever `b` runs).
    let mut drop = vec![false; n];
    loop {
        let row = |m: ModuleIdx| &bits[m.index() * words..(m.index() + 1) * words];
        let mut candidate: Vec<bool> = (0..n)
            .map(|d| !drop[d] && entry_points[d].user.is_none())
            .collect();
        for &(i, d) in &edges {
            candidate[d] &= subset(row(i), row(entry_points[d].module));
        }
        // Keep a target all of whose loaders would be dropped.
        let mut changed = true;
        while changed {
            changed = false;
            for d in 0..n {
                let t = entry_points[d].module;
                let loaded =
                    (0..n).any(|e| e != d && !drop[e] && !candidate[e] && has(&bits, t, e));
                if candidate[d] && !loaded {
                    candidate[d] = false;
                    changed = true;
                }
            }
        }
        if !candidate.iter().any(|&c| c) {
            break;
        }
        for d in (0..n).filter(|&d| candidate[d]) {
            drop[d] = true;
            for m in 0..graph.modules.len() {
                bits[m * words + d / 64] &= !(1 << (d % 64));
            }
        }
    }
    let mut i = 0;
    entry_points.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// The `import()` targets among `entry_points`, by module: their indices.
fn import_targets(entry_points: &[EntryPoint]) -> FxHashMap<ModuleIdx, usize> {
    entry_points
        .iter()
        .enumerate()
        .filter(|(_, ep)| ep.user.is_none())
        .map(|(i, ep)| (ep.module, i))
        .collect()
}

/// The `import()`s in `modules` of `targets` (`import_targets`): (importer,
/// the target's entry point index), in module and record order.
fn import_edges(
    graph: &ModuleGraph,
    modules: impl Iterator<Item = ModuleIdx>,
    targets: &FxHashMap<ModuleIdx, usize>,
) -> Vec<(ModuleIdx, usize)> {
    let mut edges = Vec::new();
    for m in modules {
        let module = graph.module(m);
        for (record, r) in module.info.records.iter().zip(&module.resolved) {
            if let (ResolvedRecord::Module(t), ImportKind::Dynamic) = (r, record.kind) {
                if let Some(&d) = targets.get(t) {
                    edges.push((m, d));
                }
            }
        }
    }
    edges
}

/// Clears, in `bits` (`words` words per module), the `import()` targets'
/// bits of modules already loaded wherever that target is imported from.
pub(super) fn drop_already_loaded(input: &SplitInput, bits: &mut [u64], words: usize) {
    let graph = input.graph;
    let n = input.entry_points.len();
    let of = |bits: &[u64], m: ModuleIdx| bits[m.index() * words..(m.index() + 1) * words].to_vec();
    let has = |b: &[u64], i: usize| b[i / 64] & (1 << (i % 64)) != 0;

    // Atoms: the distinct entry-point sets of emitted modules.
    let mut atoms: IndexMap<Vec<u64>, ()> = IndexMap::default();
    let mut importers: Vec<Vec<ModuleIdx>> = vec![Vec::new(); n];
    let target = import_targets(input.entry_points);
    // A chunk that awaits an `import()` at its top level would deadlock if the
    // imported chunk imported back from it (ESM waits for the evaluation it
    // imports), so with top-level await anywhere, nothing moves.
    let awaits = input
        .order
        .iter()
        .any(|&m| (input.emitted)(m) && graph.module(m).info.top_level_await.is_some());
    if target.is_empty() || awaits {
        return;
    }
    let emitted = input.order.iter().copied().filter(|&m| (input.emitted)(m));
    for m in emitted.clone() {
        atoms.insert(of(bits, m), ());
    }
    for (m, d) in import_edges(graph, emitted, &target) {
        importers[d].push(m);
    }
    let a_words = atoms.len().div_ceil(64).max(1);
    let full = vec![u64::MAX; a_words];
    // What entry point `e` loads up front, as atoms.
    let up_front: Vec<Vec<u64>> = (0..n)
        .map(|e| {
            let mut set = vec![0u64; a_words];
            for (a, (atom, _)) in atoms.iter().enumerate() {
                if has(atom, e) {
                    set[a / 64] |= 1 << (a % 64);
                }
            }
            set
        })
        .collect();
    // Atoms certainly loaded once `e` ran, and before an `import()` target ran.
    let mut loaded: Vec<Vec<u64>> = (0..n)
        .map(|e| match input.entry_points[e].user {
            Some(_) => up_front[e].clone(),
            None => full.clone(),
        })
        .collect();
    let mut before: Vec<Vec<u64>> = vec![vec![0; a_words]; n];
    let mut changed = true;
    while changed {
        changed = false;
        for d in 0..n {
            if input.entry_points[d].user.is_some() {
                continue;
            }
            let mut common = if importers[d].is_empty() {
                vec![0; a_words]
            } else {
                full.clone()
            };
            for &i in &importers[d] {
                // Loaded wherever `i` runs: what every entry point loading it has loaded.
                for e in set_bits(&bits[i.index() * words..(i.index() + 1) * words]) {
                    for (c, l) in common.iter_mut().zip(&loaded[e]) {
                        *c &= l;
                    }
                }
            }
            let next: Vec<u64> = common
                .iter()
                .zip(&up_front[d])
                .map(|(c, u)| c | u)
                .collect();
            if next != loaded[d] {
                loaded[d] = next;
                changed = true;
            }
            before[d] = common;
        }
    }

    // Per entry point, once: whether its chunk must keep exactly its exports.
    let fixed: Vec<bool> = (0..n).map(|e| fixed_signature(input, e)).collect();
    for &m in input.order {
        if !(input.emitted)(m) || target.contains_key(&m) {
            continue;
        }
        let original = of(bits, m);
        let a = atoms
            .get_index_of(&original)
            .expect("every emitted module has an atom");
        let mut next = original.clone();
        for d in (0..n).filter(|&d| has(&original, d) && input.entry_points[d].user.is_none()) {
            if has(&before[d], a) {
                next[d / 64] &= !(1 << (d % 64));
            }
        }
        if next != original && next.iter().any(|&w| w != 0) && !adds_exports(&fixed, &next) {
            bits[m.index() * words..(m.index() + 1) * words].copy_from_slice(&next);
        }
    }
}

/// Whether modules with entry-point set `b` would go into the chunk of an entry
/// point whose exports others see and cannot grow: a user entry that has
/// exports (its signature would change; unless the config file says
/// `"preserveEntrySignatures": "allow-extension"`), or an `import()` target whose
/// namespace cannot be exported as one name (see `SplitInput::extractable`; or
/// it is also a user entry). Otherwise the target's chunk exports the namespace
/// (`sharing.rs: extract_namespaces`).
/// Such modules keep their shared chunk.
fn adds_exports(fixed: &[bool], b: &[u64]) -> bool {
    let mut set = set_bits(b);
    matches!((set.next(), set.next()), (Some(e), None) if fixed[e])
}

/// Whether entry point `e`'s chunk must export exactly what its module does
/// (see `adds_exports`).
fn fixed_signature(input: &SplitInput, e: usize) -> bool {
    let ep = &input.entry_points[e];
    let info = &input.graph.module(ep.module).info;
    if ep.user.is_none() {
        let also_user = input
            .entry_points
            .iter()
            .any(|o| o.module == ep.module && o.user.is_some());
        return also_user || !(input.extractable)(ep.module);
    }
    // An entry with exports keeps its signature unless the config allows
    // extending it (`preserveEntrySignatures`) and it is a plain ES module.
    info.format == sheaf_ecma::ModuleFormat::CommonJs
        || (has_exports(info) && !(input.options.extend_entries && (input.extractable)(ep.module)))
}

fn has_exports(info: &sheaf_ecma::ModuleInfo) -> bool {
    !info.exports.is_empty() || !info.re_exports.is_empty() || !info.star_exports.is_empty()
}

/// The indices of the set bits of `b`, in order.
fn set_bits(b: &[u64]) -> impl Iterator<Item = usize> + '_ {
    b.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                w * 64 + bit
            })
        })
    })
}
