//! Watch mode's memory between builds: the modules of the last build, reused
//! when their file has not changed.
//!
//! Example: after `src/a.ts` is saved, `invalidate([src/a.ts], false)` forgets
//! that one module; the next [`crate::rebuild`] reads, parses and transforms
//! only `a.ts` and takes every other module (AST, facts, resolved imports) from
//! here. When a file was added or removed, imports may now resolve elsewhere, so
//! every kept module's imports are resolved again (its AST is still reused).
//!
//! Why the whole `EcmaContext` lives here: kept ASTs carry spans into its
//! source map and marks of its globals, so later builds must use the same one.

use std::path::{Path, PathBuf};

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

    /// Forgets the modules of `changed` files. `structure_changed` (files were
    /// added, removed or renamed) makes every kept module resolve its imports again.
    pub fn invalidate(&mut self, changed: &[PathBuf], structure_changed: bool) {
        let changed: Vec<&Path> = changed.iter().map(PathBuf::as_path).collect();
        self.loads
            .entries
            .retain(|task, _| !changed.contains(&task.path.as_path()));
        self.loads.stale_resolutions |= structure_changed;
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

/// What scan reuses, by file.
#[derive(Default)]
pub struct Loads {
    entries: FxHashMap<Task, Entry>,
    stale_resolutions: bool,
    /// Modules lent to the graph being built, to take back afterwards.
    lent: Vec<(ModuleIdx, Task)>,
    /// How many modules the current build loaded from disk.
    pub(crate) loaded: usize,
    /// Every file the current build tried to load.
    pub(crate) attempted: Vec<PathBuf>,
    /// The files the current build read from disk (not from the cache).
    pub(crate) fresh: Vec<PathBuf>,
}

struct Entry {
    /// `None` while the module is lent to a graph.
    module: Option<Module>,
    files: Vec<(usize, Task)>,
    errors: Vec<Diagnostic>,
}

/// A module scan can take from the cache.
pub(crate) enum Reuse {
    /// Its imports still resolve as they did.
    AsIs(Loaded),
    /// Files were added or removed: resolve its imports again.
    Resolve(Module),
}

impl Loads {
    pub(crate) fn take(&mut self, task: &Task) -> Option<Reuse> {
        let entry = self.entries.get_mut(task)?;
        let module = entry.module.take()?;
        Some(if self.stale_resolutions {
            Reuse::Resolve(module)
        } else {
            Reuse::AsIs(Loaded {
                module,
                files: entry.files.clone(),
                errors: entry.errors.clone(),
            })
        })
    }

    /// Records that module `idx` of the graph being built was loaded for `task`.
    pub(crate) fn lend(&mut self, task: Task, idx: ModuleIdx, loaded: &Loaded) {
        let entry = self.entries.entry(task.clone()).or_insert_with(|| {
            self.loaded += 1;
            self.fresh.push(task.path.clone());
            Entry {
                module: None,
                files: vec![],
                errors: vec![],
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
        self.stale_resolutions = false;
    }
}
