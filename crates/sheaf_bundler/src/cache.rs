//! Watch mode's memory between builds: the modules of the last build, reused
//! when their file has not changed.
//!
//! Example: after `src/a.ts` is saved, `invalidate([src/a.ts])` forgets that one
//! module; the next [`crate::rebuild`] reads, parses and transforms only `a.ts`
//! and takes every other module (AST, facts, resolved imports) from here. When
//! a file was added or removed, the modules whose imports may now resolve
//! differently (importers of the removed file, imports that failed) resolve
//! them again, keeping their ASTs.
//!
//! Why the whole `EcmaContext` lives here: kept ASTs carry spans into its
//! source map and marks of its globals, so later builds must use the same one.

use std::path::PathBuf;

use rustc_hash::FxHashMap;
use sheaf_common::Diagnostic;
use sheaf_ecma::EcmaContext;

use crate::{
    graph::{Module, ModuleGraph, ModuleIdx},
    scan::{Loaded, Task},
};

pub struct ModuleCache {
    pub(crate) ctx: EcmaContext,
    pub(crate) loads: Loads,
}

impl Default for ModuleCache {
    fn default() -> Self {
        Self::new()
    }
}

impl ModuleCache {
    pub fn new() -> Self {
        ModuleCache {
            ctx: EcmaContext::new(),
            loads: Loads::default(),
        }
    }

    /// Takes in a batch of changed paths. A file whose bytes did not change is
    /// left alone; a changed file's module is forgotten (read again next build);
    /// a removed file's importers resolve their imports again; and after any
    /// file was added or removed, modules with imports that did not resolve try
    /// again. Modules that resolved fine keep their resolutions (a new file that
    /// would win over an existing one, `x.ts` next to `x.js`, is only seen when
    /// the importer changes).
    pub fn invalidate(&mut self, changed: &[PathBuf]) {
        let loads = &mut self.loads;
        for path in changed {
            let known = loads.modules_of(path);
            match std::fs::read(path) {
                Ok(bytes) if !known.is_empty() => {
                    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
                    for task in known {
                        let same = loads.entries[&task]
                            .module
                            .as_ref()
                            .is_some_and(|m| m.content_hash == hash && !task.empty);
                        if !same {
                            loads.entries.remove(&task);
                        }
                    }
                }
                Ok(_) => loads.retry_failed = true,
                Err(_) if path.is_dir() => loads.retry_failed = true,
                Err(_) => {
                    for task in &known {
                        loads.entries.remove(task);
                    }
                    for entry in loads.entries.values_mut() {
                        if entry.files.iter().any(|(_, t)| t.path == *path) {
                            entry.resolve_again = true;
                        }
                    }
                    loads.retry_failed = true;
                }
            }
        }
    }

    /// Forgets the modules of `files` (and their `?query` variants) whatever
    /// their bytes: they load again next build. For modules whose code is
    /// more than their file's bytes: a file a plugin watches for them changed.
    pub fn forget(&mut self, files: &[PathBuf]) {
        let loads = &mut self.loads;
        for path in files {
            for task in loads.modules_of(path) {
                loads.entries.remove(&task);
            }
        }
    }

    /// Paths of the files the last build tried to read, failed ones included
    /// (what a watcher must watch).
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.loads.attempted.clone();
        files.sort();
        files.dedup();
        files
    }
}

/// A record of a module and the file it resolved to.
pub(crate) type RecordFile = (usize, Task);

/// What scan reuses, by file.
#[derive(Default)]
pub struct Loads {
    entries: FxHashMap<Task, Entry>,
    /// Files were added or removed: modules with unresolved imports try again.
    retry_failed: bool,
    /// Modules lent to the graph being built, to take back afterwards.
    lent: Vec<(ModuleIdx, Task)>,
    /// Every file the current build tried to load.
    pub(crate) attempted: Vec<PathBuf>,
    /// The files the current build read from disk (not from the cache).
    pub(crate) fresh: Vec<PathBuf>,
    /// Some module id has a query (`file?x`): only builds with plugins.
    with_queries: bool,
}

struct Entry {
    /// `None` while the module is lent to a graph.
    module: Option<Module>,
    files: Vec<(usize, Task)>,
    errors: Vec<Diagnostic>,
    /// A file it imports was removed.
    resolve_again: bool,
}

/// A module scan can take from the cache.
pub(crate) enum Reuse {
    /// Its imports still resolve as they did.
    AsIs(Loaded),
    /// Files were added or removed: resolve its imports again.
    Resolve(Module),
}

impl Loads {
    /// Forgets what the previous build read (before a build starts).
    pub(crate) fn start_build(&mut self) {
        self.attempted.clear();
        self.fresh.clear();
    }

    pub(crate) fn take(&mut self, task: &Task) -> Option<Reuse> {
        let entry = self.entries.get_mut(task)?;
        let module = entry.module.take()?;
        let again = entry.resolve_again || (self.retry_failed && !entry.errors.is_empty());
        entry.resolve_again = false;
        Some(if again {
            Reuse::Resolve(module)
        } else {
            Reuse::AsIs(Loaded {
                module,
                files: entry.files.clone(),
                errors: entry.errors.clone(),
            })
        })
    }

    /// A file's cached module (not a `browser: false` stub), with the files its
    /// records resolved to.
    pub(crate) fn module_of(
        &self,
        path: &std::path::Path,
    ) -> Option<(&Task, &Module, &[RecordFile])> {
        let (task, entry) = self.entries.get_key_value(&Task {
            path: path.to_path_buf(),
            empty: false,
        })?;
        Some((task, entry.module.as_ref()?, entry.files.as_slice()))
    }

    /// The modules of `path` with a query (`path?…`), which plugins load.
    /// The loaded modules of `path`: the file's (and its `browser: false`
    /// stub's), and with plugins its `?query` modules
    /// (`App.vue?vue&type=style…`), which load again with it.
    fn modules_of(&self, path: &std::path::Path) -> Vec<Task> {
        let mut known: Vec<Task> = [false, true]
            .map(|empty| Task {
                path: path.to_path_buf(),
                empty,
            })
            .into_iter()
            .filter(|t| self.entries.contains_key(t))
            .collect();
        if self.with_queries {
            known.extend(self.variants_of(path));
        }
        known
    }

    fn variants_of(&self, path: &std::path::Path) -> Vec<Task> {
        let prefix = format!("{}?", path.to_string_lossy());
        self.entries
            .keys()
            .filter(|t| t.path.to_string_lossy().starts_with(&prefix))
            .cloned()
            .collect()
    }

    /// The module ids (paths) of `path`: its own module and those with a query.
    pub(crate) fn module_paths_of(&self, path: &std::path::Path) -> Vec<String> {
        let own = Task {
            path: path.to_path_buf(),
            empty: false,
        };
        let mut tasks: Vec<Task> = Vec::new();
        if self.entries.contains_key(&own) {
            tasks.push(own);
        }
        if self.with_queries {
            let mut variants = self.variants_of(path);
            variants.sort_by(|a, b| a.path.cmp(&b.path));
            tasks.extend(variants);
        }
        tasks
            .into_iter()
            .map(|t| t.path.to_string_lossy().into_owned())
            .collect()
    }

    /// Whether `path` has modules with a query (`path?…`).
    pub(crate) fn has_variants(&self, path: &std::path::Path) -> bool {
        self.with_queries && !self.variants_of(path).is_empty()
    }

    /// Whether some module has an import that did not resolve.
    pub(crate) fn has_unresolved(&self) -> bool {
        self.entries.values().any(|e| !e.errors.is_empty())
    }

    pub(crate) fn module_for(&self, task: &Task) -> Option<&Module> {
        self.entries.get(task)?.module.as_ref()
    }

    /// Swaps in a module read again whose imports resolve to the same files.
    pub(crate) fn replace(&mut self, task: &Task, loaded: Loaded) {
        if let Some(entry) = self.entries.get_mut(task) {
            entry.module = Some(loaded.module);
            entry.errors = loaded.errors;
        }
    }

    /// Records that module `idx` of the graph being built was loaded for `task`.
    pub(crate) fn lend(&mut self, task: Task, idx: ModuleIdx, loaded: &Loaded) {
        self.with_queries |= task.path.as_os_str().as_encoded_bytes().contains(&b'?');
        let entry = self.entries.entry(task.clone()).or_insert_with(|| {
            self.fresh.push(task.path.clone());
            Entry {
                module: None,
                files: vec![],
                errors: vec![],
                resolve_again: false,
            }
        });
        entry.files = loaded.files.clone();
        entry.errors = loaded.errors.clone();
        self.lent.push((idx, task));
    }

    /// Takes the graph's modules back; files the graph no longer uses are forgotten.
    pub(crate) fn restore(&mut self, graph: ModuleGraph) {
        let mut modules: Vec<Option<Module>> = graph.modules.into_iter().map(Some).collect();
        let mut kept = FxHashMap::default();
        for (idx, task) in std::mem::take(&mut self.lent) {
            if let (Some(mut entry), Some(module)) =
                (self.entries.remove(&task), modules[idx.index()].take())
            {
                entry.module = Some(module);
                kept.insert(task, entry);
            }
        }
        self.entries = kept;
        self.retry_failed = false;
    }
}
