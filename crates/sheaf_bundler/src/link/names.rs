//! Naming: every top-level symbol of the output gets a name that cannot collide.
//!
//! Example: `a.js` and `b.js` both declare a top-level `x`; the output has `x`
//! and `x$1`. With `--minify` the names are short instead (`a`, `b`, … `aa`),
//! the names referred to from the most modules first.
//!
//! Why in the linker: only it sees every module of an output at once. The
//! per-module minifier cannot rename top-level names (other modules refer to
//! them), so without this a minified bundle kept every top-level name in full.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::Format;
use sheaf_ecma::{Imported, ModuleFormat, Replacement, NAMESPACE_SYMBOL};

use super::{
    chunks::ChunkGraph, dense::SymbolSet, key_map::KeyMap, refs::Refs, ChunkIdx, Key, Linker,
    Target,
};
use crate::{graph::ModuleIdx, runtime::Helper};

/// The name of each key: the modules' own symbols in a flat table (most keys
/// are; plans read them module by module), factories, initializers and
/// `import_x`s in slots by module, the few others by key (`key_map.rs`).
pub(super) struct NameTable<'a>(KeyMap<Cow<'a, str>>);

impl<'a> NameTable<'a> {
    /// Room for every key of `refs` among the names of modules' own symbols
    /// (grown step by step, the table was copied into fresh pages); the room
    /// the other keys leave unused is never written. Those other keys (43,000
    /// of 50,000 modules) are nearly all `import_react`s and `init_x`s, which
    /// have slots; the hashed rest grows as it needs.
    fn new(graph: &crate::graph::ModuleGraph, refs: &Refs) -> Self {
        let mut names = KeyMap::new(graph);
        names.reserve_locals(refs.len());
        NameTable(names)
    }

    pub fn get(&self, key: &Key) -> Option<&Cow<'a, str>> {
        self.0.get(key)
    }

    /// Symbols' names are mostly as written: borrowed from the graph (a heap
    /// copy of each was a tenth of naming on 10,000 modules).
    pub fn insert(&mut self, key: Key, name: impl Into<Cow<'a, str>>) {
        self.0.insert(key, name.into());
    }
}

/// The names chosen, and how code in a given chunk refers to them.
pub(super) struct Names<'a> {
    names: NameTable<'a>,
    chunk_graph: &'a ChunkGraph,
    cjs_like: bool,
    /// cjs output with several chunks reads other chunks' names as `chunk.name`.
    cjs_split: bool,
    /// Chunks whose exports object is their one name (`exports_mode.rs`): read
    /// as `chunk` itself.
    default_exports: &'a FxHashSet<ChunkIdx>,
}

impl<'a> Names<'a> {
    pub fn new(
        names: NameTable<'a>,
        chunk_graph: &'a ChunkGraph,
        format: Format,
        default_exports: &'a FxHashSet<ChunkIdx>,
    ) -> Self {
        let cjs_like = format != Format::Esm;
        Names {
            names,
            chunk_graph,
            cjs_like,
            cjs_split: cjs_like && chunk_graph.chunks.len() > 1,
            default_exports,
        }
    }

    pub fn get(&self, key: &Key) -> Option<String> {
        self.get_str(key).map(str::to_string)
    }

    /// The name of `key`, borrowed (what a plan holds inline needs no copy).
    pub fn get_str(&self, key: &Key) -> Option<&str> {
        self.names.get(key).map(|n| n.as_ref())
    }

    /// A runtime helper's name: short when `--minify` gave it one
    /// (`helper_names.rs`), else its reserved long name.
    pub fn helper(&self, h: Helper) -> String {
        self.get(&Key::Helper(h))
            .unwrap_or_else(|| h.name().to_string())
    }

    /// cjs output: the variable that holds chunk `c`'s exports in other chunks.
    pub fn chunk_var(&self, c: ChunkIdx) -> Option<String> {
        self.get(&Key::chunk_var(
            c,
            self.chunk_graph.chunks[c.index()].name.clone(),
        ))
    }

    /// The name of `key` as code in chunk `from` sees it: `chunk.name` when cjs
    /// output takes it from another chunk.
    pub fn name_in(&self, key: &Key, from: Option<ChunkIdx>) -> Option<String> {
        self.name_in_cow(key, from).map(Cow::into_owned)
    }

    /// As [`Names::name_in`], borrowed where it is the name itself (a plan
    /// holds it inline: see `Replacement`).
    fn name_in_cow(&self, key: &Key, from: Option<ChunkIdx>) -> Option<Cow<'_, str>> {
        let name = self.get_str(key)?;
        if self.cjs_split {
            if let (Some(oc), Some(from)) =
                (key.owner().and_then(|m| self.chunk_graph.chunk_of(m)), from)
            {
                if oc != from {
                    if let Some(var) = self.chunk_var(oc) {
                        if self.default_exports.contains(&oc) {
                            return Some(Cow::Owned(var));
                        }
                        return Some(Cow::Owned(format!("{var}.{name}")));
                    }
                }
            }
        }
        Some(Cow::Borrowed(name))
    }

    /// What a reference to `t` becomes in chunk `from`.
    pub fn replacement(&self, t: &Target, from: Option<ChunkIdx>) -> Option<Replacement> {
        match t {
            Target::Symbol(m, s) => {
                (self.name_in_cow(&Key::Local(*m, *s), from)).map(|n| as_replacement(&n))
            }
            Target::Namespace(m) => (self.name_in_cow(&Key::Local(*m, NAMESPACE_SYMBOL), from))
                .map(|n| as_replacement(&n)),
            Target::External {
                specifier,
                imported,
                node_mode,
            } => {
                if self.cjs_like {
                    let key = Key::external_module(specifier.clone(), *node_mode);
                    let object = self.get_str(&key)?;
                    Some(match imported {
                        Imported::Namespace => Replacement::Name(object.into()),
                        Imported::Named(n) => Replacement::member(object, n.as_str()),
                    })
                } else {
                    self.get_str(&Key::external_binding(specifier.clone(), imported.clone()))
                        .map(|n| Replacement::Name(n.into()))
                }
            }
            Target::CommonJs {
                via,
                module,
                imported,
            } => {
                let object = self.name_in_cow(&Key::CjsImport(*via, *module), from)?;
                Some(match imported {
                    Imported::Namespace => as_replacement(&object),
                    Imported::Named(n) => Replacement::member(&*object, n.as_str()),
                })
            }
            Target::Undefined => Some(Replacement::Undefined),
        }
    }
}

/// Names taken in an output (see `assign_names`), held as 64-bit hashes of
/// their text: 8 bytes each where a set of strings took 24 and a heap string
/// for each name made here. With 75,000 names on 10,000 modules, writing the
/// larger set was two fifths of naming, most of it page faults. Equal names
/// have equal hashes, so a name taken always looks taken; two names with the
/// same hash only make the second look taken, and it gets a suffix.
struct Used(FxHashSet<u64>);

impl Used {
    fn with_capacity(n: usize) -> Self {
        Used(FxHashSet::with_capacity_and_hasher(n, Default::default()))
    }

    fn hash(name: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(name.as_bytes())
    }

    fn contains(&self, name: &str) -> bool {
        self.contains_hash(Used::hash(name))
    }

    fn contains_hash(&self, hash: u64) -> bool {
        self.0.contains(&hash)
    }

    fn insert(&mut self, name: &str) {
        self.insert_hash(Used::hash(name));
    }

    fn insert_hash(&mut self, hash: u64) {
        self.0.insert(hash);
    }

    fn extend<'n>(&mut self, names: impl IntoIterator<Item = &'n str>) {
        self.0.extend(names.into_iter().map(Used::hash));
    }
}

/// A dotted name (`chunk.a`) is a member read.
fn as_replacement(name: &str) -> Replacement {
    match name.split_once('.') {
        Some((object, property)) => Replacement::member(object, property),
        None => Replacement::Name(name.into()),
    }
}

impl<'a> Linker<'a> {
    /// Gives every key a name no other top-level name of the output uses, that no
    /// global read by any module of the output uses, and that no nested scope of a
    /// module referring to it declares (unless that module already used the name).
    pub(super) fn assign_names(
        &self,
        order: &[ModuleIdx],
        used_symbols: &SymbolSet,
    ) -> NameTable<'a> {
        let mut used = Used::with_capacity(match self.options.minify {
            // Short names are never taken twice (each number is given once),
            // so only the names taken before them go in.
            true => 0,
            false => self.refs.len(),
        });
        used.extend(RESERVED.iter().copied());
        for &m in order {
            used.extend(
                self.graph
                    .module(m)
                    .info
                    .global_names
                    .iter()
                    .map(String::as_str),
            );
        }
        used.extend(crate::runtime::ALL_HELPER_NAMES.iter().copied());
        if self.options.format == Format::Cjs {
            used.extend(["require", "module", "exports", "__filename", "__dirname"]);
        }
        if self.options.minify {
            return self.short_names(used, used_symbols);
        }
        let mut names = NameTable::new(self.graph, &self.refs);
        // Per base name, the first suffix not yet tried: `import_react` in 10,000
        // modules walked 1 + 2 + … + 10,000 candidates without it (quadratic).
        // Keyed by the name's hash, as `used` is: every key looks its base up,
        // and hashing the text again cost a quarter of this loop.
        let mut next_suffix: FxHashMap<u64, usize> = FxHashMap::default();
        // Names a value carries at run time (`function f`, `const f = () => …`:
        // `f.name`) are chosen first, so that where one collides with a plain
        // binding, the plain one is renamed and `.name` stays as written.
        let named_value = |key: &Key| match key {
            Key::Local(m, s) => self.graph.module(*m).info.symbols[*s as usize].named_value,
            _ => false,
        };
        // What does not depend on the names taken before, on every core: each
        // key's name as written, its hash, and whether a nested scope of a
        // referrer declares it. The loop then only takes names, in order
        // (naming on 10,000 modules: 21.6 ms on one core, 19.8 with this).
        let entries = self.refs.entries();
        let mut facts: Vec<_> = (entries.par_iter())
            .map(|(key, referrers)| {
                let base = self.base_name(key);
                let free = self.free_in(&base, referrers);
                (named_value(key), Used::hash(&base), free, base)
            })
            .collect();
        let first = (0..entries.len()).filter(|&i| facts[i].0);
        let order: Vec<_> = first
            .chain((0..entries.len()).filter(|&i| !facts[i].0))
            .collect();
        for i in order {
            let (key, referrers) = &entries[i];
            let (_, hash, free, base) = &mut facts[i];
            let (hash, free, base) = (*hash, *free, std::mem::take(base));
            let next = next_suffix.get(&hash).copied().unwrap_or(0);
            // The common case: the name as written is free. (It is then taken:
            // the next key of that base finds it in `used` and starts at 1.)
            let name: Cow<str> = if next == 0 && free && !used.contains_hash(hash) {
                used.insert_hash(hash);
                base
            } else {
                let mut n = next.max(1);
                let mut name = format!("{base}${n}");
                while !self.fits(&name, referrers, &used) {
                    n += 1;
                    name = format!("{base}${n}");
                }
                next_suffix.insert(hash, n + 1);
                used.insert(&name);
                Cow::Owned(name)
            };
            names.insert(key.clone(), name);
        }
        names
    }

    /// The name `key` gets where it is free: a symbol's as written, and for
    /// the names the output makes, one after what they hold (`require_x`).
    fn base_name(&self, key: &Key) -> Cow<'a, str> {
        match key {
            Key::Local(m, s) => {
                Cow::Borrowed(&self.graph.module(*m).info.symbols[*s as usize].name)
            }
            Key::ExternalBinding(b) => match &b.1 {
                Imported::Named(n) if n != "default" => Cow::Owned(n.clone()),
                _ => Cow::Owned(format!("{}_default", ident_from(&b.0))),
            },
            Key::ExternalModule(b) => format!("import_{}", ident_from(&b.0)).into(),
            Key::CjsFactory(m) => format!("require_{}", self.graph.module(*m).name_hint).into(),
            Key::CjsImport(_, t) => format!("import_{}", self.graph.module(*t).name_hint).into(),
            Key::LazyInit(m) => format!("init_{}", self.graph.module(*m).name_hint).into(),
            Key::ChunkVar(b) if b.1 == "chunk" => Cow::Borrowed("chunk"),
            Key::ChunkVar(b) => format!("chunk_{}", ident_from(&b.1)).into(),
            Key::ExportVar(b) => format!("export_{}", ident_from(&b.1)).into(),
            Key::Helper(h) => Cow::Borrowed(h.name()),
        }
    }

    /// `--minify`: the shortest free names, most-referred keys first. The order
    /// is the keys' first-use order (deterministic) stably sorted by how many
    /// modules refer to them; symbols nothing live uses (`Liveness::used`:
    /// tree-shaken, or dropped declarators) come last, so they take no short
    /// name from one that is printed.
    fn short_names(&self, mut used: Used, used_symbols: &SymbolSet) -> NameTable<'a> {
        let printed = |key: &Key| match key {
            Key::Local(m, s) if *s != NAMESPACE_SYMBOL && !self.options.keep_unused => {
                self.graph.module(*m).info.format != ModuleFormat::Esm
                    || used_symbols.contains(*m, *s)
            }
            _ => true,
        };
        // How many places print the key: its referrers, and glue calls of a helper.
        let uses = |key: &Key, referrers: usize| match key {
            Key::Helper(h) => referrers + self.helper_calls.get(h).copied().unwrap_or(0),
            _ => referrers,
        };
        let mut keys: Vec<_> = self.refs.iter().collect();
        // Stable; each key's rank computed once, not per comparison.
        keys.sort_by_cached_key(|(key, referrers)| {
            (!printed(key), std::cmp::Reverse(uses(key, referrers.len())))
        });
        let mut names = NameTable::new(self.graph, &self.refs);
        // A module that calls `eval` may read its names by their written
        // spelling: they keep it where it is free (as in esbuild).
        let evaluated = |key: &Key| match key {
            Key::Local(m, s) if self.graph.module(*m).info.direct_eval => {
                Some(&self.graph.module(*m).info.symbols[*s as usize].name)
            }
            _ => None,
        };
        for (key, referrers) in &keys {
            match evaluated(key) {
                Some(name) if self.fits(name, referrers, &used) => {
                    names.insert((*key).clone(), name.clone());
                    used.insert(name);
                }
                _ => {}
            }
        }
        keys.retain(|(key, _)| names.get(key).is_none());
        // Every candidate below `next` is taken, or free but declared in a nested
        // scope of some key's referrer (`skipped`, tried first for later keys).
        // Without `skipped`, one such name (a parameter `x` in every module)
        // made every later key walk over all names taken since: quadratic.
        let mut next = 0;
        let mut skipped: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
        // Short names are never taken twice (each number is given once), so only
        // the names taken before them are looked up: a set of a few thousand
        // instead of one sized for every key (a cache miss per lookup).
        let taken = used;
        let fits = |name: &str, referrers| !taken.contains(name) && self.free_in(name, referrers);
        for (key, referrers) in keys {
            let reuse = (skipped.iter())
                .map(|&n| (n, short_name(n)))
                .find(|(_, name)| fits(name, referrers));
            let name = match reuse {
                Some((n, name)) => {
                    skipped.remove(&n);
                    name
                }
                None => loop {
                    let n = next;
                    next += 1;
                    let candidate = short_name(n);
                    if taken.contains(&candidate) {
                        continue;
                    }
                    if self.free_in(&candidate, referrers) {
                        break candidate;
                    }
                    skipped.insert(n);
                },
            };
            names.insert(key.clone(), name);
        }
        names
    }

    /// `candidate` is free in the output and no nested scope of a module that
    /// refers to the key declares it (unless that module already used the name).
    fn fits(&self, candidate: &str, referrers: &[(ModuleIdx, super::Local)], used: &Used) -> bool {
        !used.contains(candidate) && self.free_in(candidate, referrers)
    }

    /// No nested scope of a module that refers to the key declares `candidate`
    /// (unless that module already used the name).
    fn free_in(&self, candidate: &str, referrers: &[(ModuleIdx, super::Local)]) -> bool {
        referrers.iter().all(|(m, local)| {
            local == candidate || !self.graph.module(*m).info.nested_names.contains(candidate)
        })
    }
}

/// 0 → `a`, 53 → `$`, 54 → `aa`, …: a bijective numbering over the characters an
/// identifier may start with, then continue with.
fn short_name(mut n: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$0123456789";
    let mut name = vec![FIRST[n % FIRST.len()]];
    n /= FIRST.len();
    while n > 0 {
        n -= 1;
        name.push(REST[n % REST.len()]);
        n /= REST.len();
    }
    String::from_utf8(name).expect("ASCII")
}

/// `@scope/some-pkg/sub` → `scope_some_pkg_sub`.
fn ident_from(spec: &str) -> String {
    // A relative external is held as an absolute path: name it by its file only.
    let spec = match std::path::Path::new(spec).is_absolute() {
        true => spec.rsplit(['/', '\\']).next().unwrap_or(spec),
        false => spec,
    };
    let s: String = spec
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let s = s.trim_matches('_').to_string();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// Words no top-level name may be (reserved words, and names code relies on).
pub(crate) const RESERVED: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "arguments",
    "eval",
    "undefined",
    "NaN",
    "Infinity",
    // Globals that generated code (helpers, `import()` rewrites, cjs/iife glue) refers to.
    "Object",
    "Symbol",
    "Promise",
    "require",
];

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..10_000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[54], "aa");
        let distinct: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert!(names.iter().all(|n| sheaf_common::is_identifier(n)));
    }
}
