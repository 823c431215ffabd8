//! Code splitting: which chunk each emitted module goes into.
//!
//! Example: entries `a.js` and `b.js` both import `shared.js`, and `a.js` does
//! `import('./lazy.js')`. The entry points are a, b and lazy; `shared.js` is
//! reached from a and b, so it goes into a shared chunk `{a, b}`; everything
//! reached only from a is in a's entry chunk; `lazy.js` (and what only it
//! imports) is in the chunk `import()` loads.
//!
//! Why by entry-point sets: two modules reached from exactly the same entry
//! points are always loaded together, so they can share a file; and every module
//! is in exactly one chunk, so nothing is duplicated or evaluated twice. A chunk
//! only ever imports chunks whose entry set contains its own, so the chunk graph
//! has no cycles until chunk control (manual groups, merging) asks for them.

use super::{IndexMap, IndexSet};
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::{BuildOptions, ChunkOptions, Diagnostic};
use sheaf_ecma::ImportKind;

use super::{shake::Liveness, Linker};
use crate::{
    graph::{ModuleGraph, ModuleIdx, ResolvedRecord},
    naming::{expand, placeholder},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChunkIdx(pub u32);

impl ChunkIdx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChunkKind {
    /// The output of user entry `graph.entries[i]`.
    Entry(usize),
    /// What `import()` of this module loads.
    Dynamic(ModuleIdx),
    /// A manual group from the config file.
    Manual,
    /// Code several entry points share.
    Shared,
}

/// A point the chunk graph starts from: a user entry or an `import()` target.
#[derive(Clone, Copy, Debug)]
pub struct EntryPoint {
    pub module: ModuleIdx,
    /// Index into `graph.entries`; `None` for an `import()` target.
    pub user: Option<usize>,
}

pub struct Chunk {
    pub kind: ChunkKind,
    /// `[name]`: the entry's name, the dynamic module's name, the group's name, or `chunk`.
    pub name: String,
    /// Emitted modules, in execution order.
    pub modules: Vec<ModuleIdx>,
    /// For entry and dynamic chunks: the module whose exports the chunk exports.
    pub entry: Option<ModuleIdx>,
    /// Which entry points load this chunk up front (one bit per entry point).
    pub(super) bits: Vec<u64>,
}

pub struct ChunkGraph {
    pub chunks: Vec<Chunk>,
    /// The chunk of every emitted module.
    pub of_module: FxHashMap<ModuleIdx, ChunkIdx>,
    /// The chunk that `import()` of a module loads.
    pub dynamic: FxHashMap<ModuleIdx, ChunkIdx>,
    /// Modules a static import loads only where something of them is used
    /// (`Linker::needed_only_by_use`, `loaded_up_front`).
    pub loaded_by_use: FxHashSet<ModuleIdx>,
}

impl ChunkGraph {
    /// One chunk with every emitted module: the output without code splitting.
    pub fn single(name: String, entry: ModuleIdx, user: usize, modules: Vec<ModuleIdx>) -> Self {
        let of_module = modules.iter().map(|&m| (m, ChunkIdx(0))).collect();
        ChunkGraph {
            chunks: vec![Chunk {
                kind: ChunkKind::Entry(user),
                name,
                modules,
                entry: Some(entry),
                bits: vec![1],
            }],
            of_module,
            dynamic: FxHashMap::default(),
            loaded_by_use: FxHashSet::default(),
        }
    }

    pub fn chunk_of(&self, m: ModuleIdx) -> Option<ChunkIdx> {
        self.of_module.get(&m).copied()
    }

    /// The chunk whose exports are entry point `ep`'s.
    pub fn entry_chunk(&self, ep: &EntryPoint) -> ChunkIdx {
        match ep.user {
            Some(u) => ChunkIdx(
                self.chunks
                    .iter()
                    .position(|c| c.kind == ChunkKind::Entry(u))
                    .expect("every user entry has a chunk") as u32,
            ),
            None => self.dynamic[&ep.module],
        }
    }
}

/// Entry points: the user's entries, and with code splitting every bundled
/// `import()` target (in execution order).
pub(super) fn entry_points(
    graph: &ModuleGraph,
    entries: &[usize],
    order: &[ModuleIdx],
    splitting: bool,
) -> Vec<EntryPoint> {
    let mut entry_points: Vec<EntryPoint> = entries
        .iter()
        .map(|&e| EntryPoint {
            module: graph.entries[e].module,
            user: Some(e),
        })
        .collect();
    if !splitting {
        return entry_points;
    }
    let mut seen: FxHashSet<ModuleIdx> = entry_points.iter().map(|e| e.module).collect();
    for &m in order {
        let module = graph.module(m);
        for (r, record) in module.info.records.iter().enumerate() {
            if let (ImportKind::Dynamic, ResolvedRecord::Module(t)) =
                (record.kind, &module.resolved[r])
            {
                if seen.insert(*t) {
                    entry_points.push(EntryPoint {
                        module: *t,
                        user: None,
                    });
                }
            }
        }
    }
    super::already_loaded::inline_already_loaded(graph, order, &mut entry_points);
    entry_points
}

/// Whether module `m` is emitted at all: a CommonJS module whose factory is
/// needed, an ES module with something live, or a lazy ES module.
pub(super) fn emitted(
    graph: &ModuleGraph,
    liveness: &Liveness,
    lazy: &IndexSet<ModuleIdx>,
    m: ModuleIdx,
) -> bool {
    if graph.is_commonjs(m) {
        liveness.commonjs.contains(&m)
    } else {
        liveness.included.contains(&m) || lazy.contains(&m)
    }
}

impl Linker<'_> {
    /// Whether evaluating `m`'s emitted code has no side effects (CommonJS
    /// factories and lazy initializers run when called, not when loaded).
    pub(super) fn runs_nothing(
        &self,
        m: ModuleIdx,
        lazy: &IndexSet<ModuleIdx>,
        liveness: &Liveness,
    ) -> bool {
        let graph = self.graph;
        if graph.is_commonjs(m) || lazy.contains(&m) {
            return true;
        }
        let module = graph.module(m);
        let live = liveness.parts.get(m);
        let parts_pure = module.info.parts.iter().enumerate().all(|(i, p)| {
            !live.is_some_and(|l| l[i]) || (!p.side_effects() && p.pure_if_calls_pure().is_empty())
        });
        // A prelude that runs CommonJS or lazy modules is a side effect too.
        let runs_others = !self.cjs_imports.get(m).is_empty()
            || (self.edges.static_targets(m))
                .any(|t| lazy.contains(&t) || self.edges.is_commonjs(t));
        parts_pure && !runs_others
    }

    /// Whether a static import of `m` may be left out where nothing of `m` is
    /// used: its code runs nothing and it is not a stylesheet (importing one
    /// styles the page). See `loaded_up_front`.
    pub(super) fn needed_only_by_use(
        &self,
        m: ModuleIdx,
        lazy: &IndexSet<ModuleIdx>,
        liveness: &Liveness,
    ) -> bool {
        self.graph.module(m).css.is_none() && self.runs_nothing(m, lazy, liveness)
    }

    /// The chunk graph: one chunk without code splitting, else [`split`].
    pub(super) fn assign_chunks(
        &mut self,
        order: &[ModuleIdx],
        entries: &[usize],
        entry_points: &[EntryPoint],
        lazy: &IndexSet<ModuleIdx>,
        liveness: &Liveness,
    ) -> ChunkGraph {
        let graph = self.graph;
        let emitted = |m: ModuleIdx| emitted(graph, liveness, lazy, m);
        if !self.options.splitting {
            let e = entries[0];
            return ChunkGraph::single(
                graph.entries[e].name.clone(),
                graph.entries[e].module,
                e,
                order.iter().copied().filter(|&m| emitted(m)).collect(),
            );
        }
        let pure = |m: ModuleIdx| self.runs_nothing(m, lazy, liveness);
        // Which modules each module's code refers to (through imports, re-export
        // chains, namespaces, factories and initializers).
        let mut uses: FxHashMap<ModuleIdx, Vec<ModuleIdx>> = FxHashMap::default();
        for (key, referrers) in &self.refs {
            if let Some(owner) = key.owner() {
                for (m, _) in referrers {
                    if *m != owner {
                        uses.entry(*m).or_default().push(owner);
                    }
                }
            }
        }
        let by_use: FxHashSet<ModuleIdx> = order
            .iter()
            .copied()
            .filter(|&m| self.needed_only_by_use(m, lazy, liveness))
            .collect();
        let (mut chunk_graph, warnings) = split(&SplitInput {
            graph,
            order,
            entry_points,
            emitted: &emitted,
            pure: &pure,
            by_use: &by_use,
            uses: &uses,
            extractable: &|m| {
                !graph.is_commonjs(m)
                    && !lazy.contains(&m)
                    && !self.has_dynamic_star(m)
                    && !self.export_names(m).iter().any(|n| n == "then")
            },
            options: &self.options.chunks,
        });
        self.warnings.extend(warnings);
        chunk_graph.loaded_by_use = by_use;
        chunk_graph
    }
}

/// Each chunk's path relative to the output folder (`[hash]` as a placeholder):
/// entries by `--entry-names` (default `[name]`), other chunks by `--chunk-names`
/// (default `[name]-[hash]`); `[dir]` is the entry's folder relative to the
/// folder that holds all entries. A chunk that is not a user entry and would
/// have the file of another output (`--chunk-names [name]`, two `import()`ed
/// `a.js`) gets a number: `a2.js`, as in Rollup.
pub(super) fn file_names(
    graph: &ModuleGraph,
    chunk_graph: &ChunkGraph,
    options: &BuildOptions,
) -> Vec<String> {
    if let (Some(file), false) = (&options.out_file, options.splitting) {
        let name = file
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        return vec![name; chunk_graph.chunks.len()];
    }
    let base = &graph.outbase;
    let mut files: Vec<String> = chunk_graph
        .chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            // An emitted chunk's own `fileName`.
            if let ChunkKind::Entry(e) = chunk.kind {
                if let Some(file) = &graph.entries[e].file_name {
                    return file.clone();
                }
            }
            let pattern = match chunk.kind {
                ChunkKind::Entry(_) => options.entry_names.as_deref().unwrap_or("[name]"),
                _ => options.chunk_names.as_deref().unwrap_or("[name]-[hash]"),
            };
            let dir = chunk
                .entry
                .and_then(|m| graph.module(m).path.parent()?.strip_prefix(base).ok())
                .map(|d| d.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            expand(pattern, &chunk.name, &dir, &placeholder(i), "js")
        })
        .collect();
    let is_entry = |i: usize| matches!(chunk_graph.chunks[i].kind, ChunkKind::Entry(_));
    let mut taken: rustc_hash::FxHashSet<String> = (0..files.len())
        .filter(|&i| is_entry(i))
        .map(|i| files[i].to_lowercase())
        .collect();
    for (i, file) in files.iter_mut().enumerate() {
        if is_entry(i) {
            continue;
        }
        let stem = file.strip_suffix(".js").unwrap_or(file).to_string();
        let mut n = 1;
        while !taken.insert(file.to_lowercase()) {
            n += 1;
            *file = format!("{stem}{n}.js");
        }
    }
    files
}

/// `[name]` of an `import()` target's chunk: its file name without the
/// extension (`lazy-page.js` → `lazy-page`, as in esbuild and Rollup), or for
/// an `index` file the name of what it is the index of (`react`, `settings`).
fn dynamic_chunk_name(module: &crate::graph::Module) -> String {
    match module.path.file_stem().and_then(|s| s.to_str()) {
        Some(stem) if stem != "index" && !stem.is_empty() => stem.to_string(),
        _ => module.name_hint.clone(),
    }
}

/// Per module, `words` words of entry-point bits: the entry points that load it
/// up front (static imports and `require()`s, not `import()`s: those start
/// entry points of their own).
///
/// What an entry point loads is what it must run and what its code uses: an
/// imported module that is pure (its emitted code has no side effects) is
/// loaded only when the importer's code refers to something of it, possibly
/// through re-exports. Example: `main.js` and `route.js` import `{ a }` and
/// `{ b }` from the barrel of a `"sideEffects": false` package; `b`'s module is
/// loaded with `route.js` only, not with `main.js` (Rollup, rolldown and esbuild
/// assign modules by use too). A module no entry point uses that way, but that
/// is emitted (it runs its own side effects), keeps the entry points that reach
/// it by static imports.
fn loaded_up_front(input: &SplitInput, words: usize) -> Vec<u64> {
    let graph = input.graph;
    let no_uses: Vec<ModuleIdx> = Vec::new();
    // What running `m` needs: imports of modules that run something, and the
    // modules its code refers to.
    let next = |m: ModuleIdx| {
        let imports = static_imports(graph, m).filter(|t| !input.by_use.contains(t));
        imports.chain(input.uses.get(&m).unwrap_or(&no_uses).iter().copied())
    };
    let roots: Vec<ModuleIdx> = input.entry_points.iter().map(|e| e.module).collect();
    let n = graph.modules.len();
    let mut bits = reach(n, &roots, words, next);
    let reached = reach(n, &roots, words, |m| static_imports(graph, m));
    // Modules no entry point uses keep the entry points that reach them, and so
    // does what their code uses.
    for &m in input.order {
        let row = m.index() * words..(m.index() + 1) * words;
        if !(input.emitted)(m) || bits[row.clone()].iter().any(|&w| w != 0) {
            continue;
        }
        let seed: Vec<u64> = reached[row.clone()].to_vec();
        bits[row].copy_from_slice(&seed);
        let mut stack: Vec<ModuleIdx> = next(m).collect();
        while let Some(t) = stack.pop() {
            let mut grew = false;
            for (w, add) in seed.iter().enumerate() {
                let slot = &mut bits[t.index() * words + w];
                grew |= *slot | add != *slot;
                *slot |= add;
            }
            if grew {
                stack.extend(next(t));
            }
        }
    }
    bits
}

/// The modules `m` loads with it: its static imports and `require()`s (an
/// `import()` starts an entry point of its own).
pub(super) fn static_imports(
    graph: &ModuleGraph,
    m: ModuleIdx,
) -> impl Iterator<Item = ModuleIdx> + '_ {
    let module = graph.module(m);
    module
        .info
        .records
        .iter()
        .zip(&module.resolved)
        .filter_map(|(record, r)| match (r, record.kind) {
            (_, ImportKind::Dynamic) => None,
            (ResolvedRecord::Module(t), _) => Some(*t),
            _ => None,
        })
}

/// Per module, `words` words of bits: bit `i` is set when `roots[i]` reaches the
/// module through `next`.
pub(super) fn reach<I: Iterator<Item = ModuleIdx>>(
    modules: usize,
    roots: &[ModuleIdx],
    words: usize,
    next: impl Fn(ModuleIdx) -> I,
) -> Vec<u64> {
    let mut bits = vec![0u64; modules * words];
    for (i, &root) in roots.iter().enumerate() {
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        let mut stack = vec![root];
        while let Some(m) = stack.pop() {
            let slot = &mut bits[m.index() * words + word];
            if *slot & bit == 0 {
                *slot |= bit;
                stack.extend(next(m));
            }
        }
    }
    bits
}

/// What the splitter needs to know about emitted modules.
pub struct SplitInput<'a> {
    pub graph: &'a ModuleGraph,
    /// Every module of the output, in execution order.
    pub order: &'a [ModuleIdx],
    pub entry_points: &'a [EntryPoint],
    /// Whether the module is emitted at all (tree shaking kept something of it).
    pub emitted: &'a dyn Fn(ModuleIdx) -> bool,
    /// Whether evaluating the module's emitted code has no side effects, so that
    /// loading it where it is not needed is harmless.
    pub pure: &'a dyn Fn(ModuleIdx) -> bool,
    /// Whether the namespace of this `import()` target can be exported from its
    /// chunk as one name (`sharing.rs: extract_namespaces`), so that the chunk
    /// may hold more: an ES module, not evaluated on demand, whose exports are
    /// all known (no `export *` of CommonJS or externals) and include no `then`
    /// (the namespace would be a thenable, which `import()` unwraps).
    pub extractable: &'a dyn Fn(ModuleIdx) -> bool,
    /// The modules whose names each module's code refers to.
    pub uses: &'a FxHashMap<ModuleIdx, Vec<ModuleIdx>>,
    /// Modules a static import loads only where they are used
    /// (`Linker::needed_only_by_use`).
    pub by_use: &'a FxHashSet<ModuleIdx>,
    pub options: &'a ChunkOptions,
}

pub fn split(input: &SplitInput) -> (ChunkGraph, Vec<Diagnostic>) {
    let graph = input.graph;
    let n = input.entry_points.len();
    let words = n.div_ceil(64).max(1);
    let mut bits = loaded_up_front(input, words);
    super::already_loaded::drop_already_loaded(input, &mut bits, words);
    let bits_of = |m: ModuleIdx| bits[m.index() * words..(m.index() + 1) * words].to_vec();
    let single = |i: usize| {
        let mut b = vec![0u64; words];
        b[i / 64] |= 1 << (i % 64);
        b
    };

    let mut chunks: Vec<Chunk> = Vec::new();
    let mut by_bits: IndexMap<Vec<u64>, usize> = IndexMap::default();
    for (i, ep) in input.entry_points.iter().enumerate() {
        let module = graph.module(ep.module);
        let (kind, name) = match ep.user {
            Some(u) => (ChunkKind::Entry(u), graph.entries[u].name.clone()),
            None => (ChunkKind::Dynamic(ep.module), dynamic_chunk_name(module)),
        };
        by_bits.insert(single(i), chunks.len());
        chunks.push(Chunk {
            kind,
            name,
            modules: vec![],
            entry: Some(ep.module),
            bits: single(i),
        });
    }
    let mut manual: Vec<Option<usize>> = vec![None; input.options.manual.len()];
    let cwd = &graph.cwd;
    for &m in input.order {
        if !(input.emitted)(m) {
            continue;
        }
        let path = graph
            .module(m)
            .path
            .strip_prefix(cwd)
            .unwrap_or(&graph.module(m).path);
        let path = path.to_string_lossy().replace('\\', "/");
        let group = input
            .options
            .manual
            .iter()
            .position(|(_, patterns)| patterns.iter().any(|p| matches_group(p, &path)));
        let c = match group {
            Some(g) => *manual[g].get_or_insert_with(|| {
                chunks.push(Chunk {
                    kind: ChunkKind::Manual,
                    name: input.options.manual[g].0.clone(),
                    modules: vec![],
                    entry: None,
                    bits: vec![0; words],
                });
                chunks.len() - 1
            }),
            None => *by_bits.entry(bits_of(m)).or_insert_with(|| {
                chunks.push(Chunk {
                    kind: ChunkKind::Shared,
                    name: "chunk".to_string(),
                    modules: vec![],
                    entry: None,
                    bits: bits_of(m),
                });
                chunks.len() - 1
            }),
        };
        if chunks[c].kind == ChunkKind::Manual {
            let b = bits_of(m);
            for (w, x) in chunks[c].bits.iter_mut().zip(b) {
                *w |= x;
            }
        }
        chunks[c].modules.push(m);
    }

    let mut warnings = Vec::new();
    let position: FxHashMap<ModuleIdx, usize> = input
        .order
        .iter()
        .enumerate()
        .map(|(i, &m)| (m, i))
        .collect();
    let size = |c: &Chunk| -> usize {
        c.modules
            .iter()
            .map(|&m| graph.module(m).source_bytes)
            .sum()
    };
    let chunk_pure = |c: &Chunk| c.modules.iter().all(|&m| (input.pure)(m));
    // Moves chunk `s` into chunk `t`; the merged chunk is loaded by both entry sets.
    let merge = |chunks: &mut Vec<Chunk>, s: usize, t: usize| {
        let moved = std::mem::take(&mut chunks[s].modules);
        let b = chunks[s].bits.clone();
        chunks[t].modules.extend(moved);
        chunks[t].modules.sort_by_key(|m| position[m]);
        for (w, x) in chunks[t].bits.iter_mut().zip(b) {
            *w |= x;
        }
    };
    // Loading `from` where only `into`'s entry points need it (and the other way
    // round) must not run code with side effects.
    let can_merge = |chunks: &[Chunk], from: usize, into: usize| {
        let (f, t) = (&chunks[from], &chunks[into]);
        from != into
            && f.kind == ChunkKind::Shared
            && t.kind == ChunkKind::Shared
            && !t.modules.is_empty()
            && (subset(&t.bits, &f.bits) || chunk_pure(t))
            && (f.bits == t.bits || chunk_pure(f))
    };
    if let Some(min) = input.options.min_size {
        // Small shared chunks go into a chunk that all their entry points load
        // already (the one loaded by the fewest other entry points).
        for s in 0..chunks.len() {
            if chunks[s].kind != ChunkKind::Shared
                || chunks[s].modules.is_empty()
                || size(&chunks[s]) >= min
            {
                continue;
            }
            let target = (0..chunks.len())
                .filter(|&t| subset(&chunks[s].bits, &chunks[t].bits) && can_merge(&chunks, s, t))
                .min_by_key(|&t| (popcount(&chunks[t].bits), t));
            if let Some(t) = target {
                merge(&mut chunks, s, t);
            }
        }
    }
    if let Some(cap) = input.options.max_initial {
        for (i, ep) in input.entry_points.iter().enumerate() {
            if ep.user.is_none() {
                continue;
            }
            let loads = |chunks: &[Chunk]| -> Vec<usize> {
                (0..chunks.len())
                    .filter(|&c| {
                        !chunks[c].modules.is_empty()
                            && chunks[c].bits[i / 64] & (1 << (i % 64)) != 0
                    })
                    .collect()
            };
            // The entry's own chunk counts too (even when its module is shared).
            let count =
                |chunks: &[Chunk]| loads(chunks).len() + usize::from(chunks[i].modules.is_empty());
            while count(&chunks) > cap {
                // The smallest of its shared chunks into the one that adds the
                // fewest entry points.
                let mut candidates = loads(&chunks);
                candidates.sort_by_key(|&c| (size(&chunks[c]), c));
                let pair = candidates.iter().find_map(|&s| {
                    candidates
                        .iter()
                        .filter(|&&t| can_merge(&chunks, s, t))
                        .min_by_key(|&&t| (popcount(&union(&chunks[s].bits, &chunks[t].bits)), t))
                        .map(|&t| (s, t))
                });
                match pair {
                    Some((s, t)) => merge(&mut chunks, s, t),
                    None => {
                        warnings.push(Diagnostic::warning(
                            "W_CHUNK_LIMIT",
                            format!(
                                "\"{}\" loads {} chunks up front, more than maxInitialChunks ({cap}): the rest have side effects and cannot be merged",
                                chunks[i].name,
                                count(&chunks)
                            ),
                        ));
                        break;
                    }
                }
            }
        }
    }

    // Entry chunks first (in entry-point order), then manual groups, then shared
    // chunks in the order their first module runs; empty shared chunks go.
    let mut keep: Vec<usize> = (0..chunks.len())
        .filter(|&c| chunks[c].entry.is_some() || !chunks[c].modules.is_empty())
        .collect();
    keep.sort_by_key(|&c| {
        let rank = match chunks[c].kind {
            ChunkKind::Entry(_) | ChunkKind::Dynamic(_) => 0,
            ChunkKind::Manual => 1,
            ChunkKind::Shared => 2,
        };
        let first = chunks[c].modules.first().map_or(0, |m| position[m]);
        (rank, if rank == 0 { c } else { first })
    });
    let mut out = ChunkGraph {
        chunks: Vec::with_capacity(keep.len()),
        of_module: FxHashMap::default(),
        dynamic: FxHashMap::default(),
        loaded_by_use: FxHashSet::default(),
    };
    for c in keep {
        let chunk = std::mem::replace(
            &mut chunks[c],
            Chunk {
                kind: ChunkKind::Shared,
                name: String::new(),
                modules: vec![],
                entry: None,
                bits: vec![],
            },
        );
        let idx = ChunkIdx(out.chunks.len() as u32);
        for &m in &chunk.modules {
            out.of_module.insert(m, idx);
        }
        if let ChunkKind::Dynamic(m) = chunk.kind {
            out.dynamic.insert(m, idx);
        }
        out.chunks.push(chunk);
    }
    // A user entry that is also imported dynamically is loaded through its own chunk.
    for c in 0..out.chunks.len() {
        if let (ChunkKind::Entry(_), Some(m)) = (&out.chunks[c].kind, out.chunks[c].entry) {
            out.dynamic.entry(m).or_insert(ChunkIdx(c as u32));
        }
    }
    (out, warnings)
}

pub(super) fn subset(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x & !y == 0)
}

fn union(a: &[u64], b: &[u64]) -> Vec<u64> {
    a.iter().zip(b).map(|(x, y)| x | y).collect()
}

fn popcount(a: &[u64]) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// A manual group pattern: a package name (`react`, `@scope/pkg`) matches the
/// package's files under any `node_modules`; a pattern with `*` or starting with
/// `.`/`/` (or naming a file) is a glob over the path relative to the working
/// directory (`*` within a folder name, `**` across folders).
fn matches_group(pattern: &str, path: &str) -> bool {
    let is_glob = pattern.contains('*')
        || pattern.starts_with('.')
        || pattern.starts_with('/')
        || pattern
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'));
    if !is_glob {
        let needle = format!("node_modules/{pattern}/");
        return path.starts_with(&needle) || path.contains(&format!("/{needle}"));
    }
    let pattern = pattern.trim_start_matches("./");
    glob(pattern.as_bytes(), path.as_bytes())
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    match p {
        [] => s.is_empty(),
        // `**` at the end: everything below; `**/`: any number of folders.
        [b'*', b'*'] => true,
        [b'*', b'*', rest @ ..] => {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && glob(rest, &s[i..]))
        }
        [b'*', rest @ ..] => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| glob(rest, &s[i..])),
        [c, rest @ ..] => s.first() == Some(c) && glob(rest, &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::matches_group;

    #[test]
    fn group_patterns() {
        assert!(matches_group("react", "node_modules/react/index.js"));
        assert!(matches_group(
            "react",
            "app/node_modules/react/cjs/react.js"
        ));
        assert!(!matches_group("react", "node_modules/react-dom/index.js"));
        assert!(matches_group("@scope/pkg", "node_modules/@scope/pkg/a.js"));
        assert!(matches_group("src/vendor/**", "src/vendor/a/b.js"));
        assert!(matches_group("./src/*.js", "src/a.js"));
        assert!(!matches_group("src/*.js", "src/a/b.js"));
        assert!(matches_group("src/util.js", "src/util.js"));
        assert!(matches_group("src/**/*.js", "src/a.js"));
        assert!(matches_group("src/**/*.js", "src/a/b/c.js"));
        assert!(!matches_group("src/**/*.js", "lib/a.js"));
    }
}
