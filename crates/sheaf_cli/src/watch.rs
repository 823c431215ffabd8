//! `sheaf build --watch`: build, then rebuild whenever a file the build read (or
//! a file next to one) changes, until interrupted.
//!
//! Example: `sheaf build src/main.ts --outdir dist --watch` prints
//! `built in 41 ms (120 modules, 120 read)`, and after saving one file
//! `built in 6 ms (120 modules, 1 read)`.
//!
//! Why these parts: `notify` reports changes; a burst of events (an editor's
//! save is several) is collected for a short quiet time; changed files are
//! dropped from the bundler's `ModuleCache`, so only they are read and parsed
//! again. Watching the folders of the files the build read (not the whole
//! tree) keeps `node_modules` and the output folder out of it; a file added
//! there is seen because its folder is watched. A failed build is reported and
//! the last good output stays.

use std::{
    collections::BTreeSet,
    io::Write,
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, Ordering},
        mpsc::{channel, Receiver},
        Arc,
    },
    time::{Duration, Instant},
};

use codespan_reporting::term::termcolor::WriteColor;
use notify::{EventKind, RecursiveMode, Watcher};
use sheaf_bundler::ModuleCache;
use sheaf_common::{BuildOptions, Diagnostic};

use crate::render_diagnostics;

/// How long the file system must be quiet before a rebuild starts.
const SETTLE: Duration = Duration::from_millis(25);

pub fn run(options: BuildOptions, stdout: &mut dyn Write, stderr: &mut dyn WriteColor) -> i32 {
    let mut watch = match FileWatch::new(&options.cwd, output_locations(&options), SETTLE) {
        Ok(w) => w,
        Err(d) => {
            render_diagnostics(&[d], &options.cwd, stderr);
            return 1;
        }
    };
    let mut cache = ModuleCache::new();
    loop {
        let started = Instant::now();
        match sheaf_bundler::rebuild(&options, &mut cache) {
            Ok(output) => {
                render_diagnostics(&output.warnings, &options.cwd, stderr);
                // Files this build writes are not changes to react to.
                for asset in &output.assets {
                    watch.ignore(&asset.path);
                }
                match sheaf_bundler::write(&output) {
                    Ok(()) => {
                        let _ = writeln!(
                            stdout,
                            "built in {} ms ({} modules, {} read)",
                            started.elapsed().as_millis(),
                            output.modules,
                            output.modules_loaded
                        );
                    }
                    Err(d) => render_diagnostics(&[d], &options.cwd, stderr),
                }
            }
            Err(diags) => {
                render_diagnostics(&diags, &options.cwd, stderr);
                let _ = writeln!(
                    stderr,
                    "{}; watching for changes",
                    crate::failure_line(&diags)
                );
            }
        }
        let _ = stdout.flush();
        watch.watch_files(&cache.files());
        let Some(changed) = watch.next_change() else {
            return 0;
        };
        cache.invalidate(&changed);
    }
}

/// The file-system side of watching: which folders are watched, which paths
/// are the build's own, and the next settled batch of changes.
pub struct FileWatch {
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    /// Wakes `next_change` up to stop (see [`WatchStop`]).
    tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
    stopped: Arc<AtomicBool>,
    watched: BTreeSet<PathBuf>,
    ignored: Vec<PathBuf>,
    cwd: PathBuf,
    settle: Duration,
}

impl FileWatch {
    pub fn new(
        cwd: &Path,
        ignored: Vec<PathBuf>,
        settle: Duration,
    ) -> Result<FileWatch, Diagnostic> {
        let (tx, rx) = channel();
        let sender = tx.clone();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })
        .map_err(|e| Diagnostic::error("E_WATCH", format!("Cannot watch files: {e}")))?;
        Ok(FileWatch {
            watcher,
            rx,
            tx,
            stopped: Arc::new(AtomicBool::new(false)),
            watched: BTreeSet::new(),
            ignored,
            cwd: cwd.to_path_buf(),
            settle,
        })
    }

    /// What ends `next_change` from another thread.
    pub fn stopper(&self) -> WatchStop {
        WatchStop {
            tx: self.tx.clone(),
            stopped: self.stopped.clone(),
        }
    }

    /// Changes to `path` (or below it) are not reported.
    pub fn ignore(&mut self, path: &Path) {
        if !self.ignored.iter().any(|p| p == path) {
            self.ignored.push(path.to_path_buf());
        }
    }

    /// Watches the folders of `files`, and their parents up to the project.
    pub fn watch_files(&mut self, files: &[PathBuf]) {
        for file in files {
            let mut dir = file.parent();
            while let Some(d) = dir {
                if !self.watched.contains(d)
                    && d.exists()
                    && self.watcher.watch(d, RecursiveMode::NonRecursive).is_ok()
                {
                    self.watched.insert(d.to_path_buf());
                }
                if d == self.cwd || !d.starts_with(&self.cwd) {
                    break;
                }
                dir = d.parent();
            }
        }
    }

    /// Blocks until something outside the ignored paths changes, then waits for
    /// quiet. Returns the changed paths (whether each was added, changed or
    /// removed is for the cache to find out); `None` when the watcher stopped.
    pub fn next_change(&self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let take = |event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>| {
            let Ok(event) = event else {
                return;
            };
            if matches!(event.kind, EventKind::Access(_)) {
                return;
            }
            let relevant: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| {
                    !self.ignored.iter().any(|o| p.starts_with(o))
                        && !p.to_string_lossy().ends_with(".tmp-sheaf")
                })
                .collect();
            changed.extend(relevant);
        };
        while changed.is_empty() {
            let event = self.rx.recv().ok()?;
            if self.stopped.load(Ordering::Relaxed) {
                return None;
            }
            take(event, &mut changed);
        }
        while let Ok(event) = self.rx.recv_timeout(self.settle) {
            take(event, &mut changed);
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }
}

/// Stops a [`FileWatch`]: its `next_change` returns `None` from then on.
#[derive(Clone)]
pub struct WatchStop {
    tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
    stopped: Arc<AtomicBool>,
}

impl WatchStop {
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        let _ = self.tx.send(Err(notify::Error::generic("stopped")));
    }
}

/// Where builds write: changes there are the build's own. (The files a build
/// writes, outfile and metafile included, are ignored as they are written.)
fn output_locations(options: &BuildOptions) -> Vec<PathBuf> {
    options
        .out_dir
        .iter()
        .map(|d| sheaf_common::normalize_path(&options.cwd.join(d)))
        .collect()
}
