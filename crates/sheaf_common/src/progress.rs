//! How far a build has got, for a progress line: modules scanned and the
//! current stage. The bundler updates it; the CLI reads it from another thread.
//!
//! Example: scan adds each level's module count; `link` and `generate` set the
//! stage; `sheaf build` on a terminal prints `scan · 4,210 modules · 1.2 s`.
//!
//! Why atomics: the counter is touched once per scan level and per stage, never
//! per module on a worker, so it costs nothing measurable and needs no lock.

use std::sync::{
    atomic::{AtomicU8, AtomicUsize, Ordering},
    Arc,
};

#[derive(Debug, Default)]
pub struct Progress {
    modules: AtomicUsize,
    stage: AtomicU8,
}

/// The stages a progress line names.
pub const STAGES: [&str; 3] = ["scan", "link", "generate"];

impl Progress {
    pub fn add_modules(&self, n: usize) {
        self.modules.fetch_add(n, Ordering::Relaxed);
    }

    pub fn set_stage(&self, stage: usize) {
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    pub fn modules(&self) -> usize {
        self.modules.load(Ordering::Relaxed)
    }

    pub fn stage(&self) -> &'static str {
        STAGES[(self.stage.load(Ordering::Relaxed) as usize).min(STAGES.len() - 1)]
    }
}

/// A build's progress, if someone shows it (`BuildOptions::progress`).
pub type SharedProgress = Option<Arc<Progress>>;
