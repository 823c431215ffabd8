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
    collections::{BTreeSet, HashMap},
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
    /// The hash of each reported path's bytes when it was reported (`None`:
    /// not a readable file).
    reported: HashMap<PathBuf, Option<u64>>,
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
            reported: HashMap::new(),
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
    ///
    /// A save is often several events: `writeFileSync` truncates, then
    /// writes, and under load the two can come further apart than the quiet
    /// time. So a batch whose files are all as they were when last reported
    /// is no change (chokidar, under Vite, compares modification times the
    /// same way), and a batch with an empty file waits a little longer for
    /// the write that usually follows (as Vite's `ctx.read()` does).
    pub fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let mut changed = self.next_batch()?;
            self.wait_while_empty(&mut changed);
            changed.sort();
            changed.dedup();
            changed.retain(|path| self.differs(path));
            if !changed.is_empty() {
                return Some(changed);
            }
        }
    }

    /// The next settled batch of events' paths, outside the ignored ones.
    fn next_batch(&self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        while changed.is_empty() {
            let event = self.rx.recv().ok()?;
            if self.stopped.load(Ordering::Relaxed) {
                return None;
            }
            self.take(event, &mut changed);
        }
        while let Ok(event) = self.rx.recv_timeout(self.settle) {
            self.take(event, &mut changed);
        }
        Some(changed)
    }

    fn take(&self, event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>) {
        let Ok(event) = event else {
            return;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        changed.extend(event.paths.into_iter().filter(|p| {
            !self.ignored.iter().any(|o| p.starts_with(o))
                && !p.to_string_lossy().ends_with(".tmp-sheaf")
        }));
    }

    /// While a changed file is empty (a save truncated it and has not written
    /// yet), takes the events of up to [`EMPTY_WAIT`] more.
    fn wait_while_empty(&self, changed: &mut Vec<PathBuf>) {
        let until = Instant::now() + EMPTY_WAIT;
        let is_empty =
            |p: &PathBuf| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0);
        while changed.iter().any(is_empty) {
            let Some(left) = until.checked_duration_since(Instant::now()) else {
                return;
            };
            match self.rx.recv_timeout(left.min(EMPTY_POLL)) {
                Ok(event) => self.take(event, changed),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
            if self.stopped.load(Ordering::Relaxed) {
                return;
            }
        }
    }

    /// Whether `path` reads differently from when it was last reported (a
    /// path never reported, or one that is not a readable file, differs).
    /// Records what it reads.
    fn differs(&mut self, path: &PathBuf) -> bool {
        // The content hash the module cache compares files by (`cache.rs`).
        let now = std::fs::read(path)
            .ok()
            .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes));
        let before = self.reported.insert(path.clone(), now);
        now.is_none() || before != Some(now)
    }
}

/// How long a batch with an empty file waits for the rest of the save, and
/// how often it looks again meanwhile.
const EMPTY_WAIT: Duration = Duration::from_millis(100);
const EMPTY_POLL: Duration = Duration::from_millis(10);

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::{fs, thread, time::Duration};

    /// A new folder with file `name` holding `text`, and a watch on it.
    fn watched(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, FileWatch) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        fs::write(&file, text).unwrap();
        let mut watch =
            FileWatch::new(dir.path(), vec![], Duration::from_millis(3)).expect("watcher");
        watch.watch_files(std::slice::from_ref(&file));
        (dir, file, watch)
    }

    /// Stops `watch` from another thread after `ms` milliseconds.
    fn stop_after(watch: &FileWatch, ms: u64) {
        let stop = watch.stopper();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(ms));
            stop.stop();
        });
    }

    #[test]
    fn an_event_that_leaves_the_bytes_as_reported_is_no_change() {
        let (_dir, file, mut watch) = watched("notes.txt", "one\n");
        fs::write(&file, "two\n").unwrap();
        assert_eq!(watch.next_change(), Some(vec![file.clone()]));
        // The same bytes written again, as a save's second event would be.
        let mut f = fs::OpenOptions::new().write(true).open(&file).unwrap();
        f.write_all(b"two\n").unwrap();
        drop(f);
        stop_after(&watch, 300);
        assert_eq!(watch.next_change(), None);
    }

    #[test]
    fn a_truncated_file_waits_for_its_write() {
        let (_dir, file, mut watch) = watched("data.yaml", "name: first\n");
        let writer = {
            let file = file.clone();
            thread::spawn(move || {
                let mut f = fs::File::create(&file).unwrap();
                thread::sleep(Duration::from_millis(30));
                f.write_all(b"name: second\n").unwrap();
            })
        };
        assert_eq!(watch.next_change(), Some(vec![file.clone()]));
        assert_eq!(fs::read_to_string(&file).unwrap(), "name: second\n");
        writer.join().unwrap();
        stop_after(&watch, 300);
        assert_eq!(watch.next_change(), None);
    }

    #[test]
    fn a_new_save_after_a_report_is_a_change() {
        let (_dir, file, mut watch) = watched("a.js", "1");
        fs::write(&file, "2").unwrap();
        assert_eq!(watch.next_change(), Some(vec![file.clone()]));
        fs::write(&file, "1").unwrap();
        assert_eq!(watch.next_change(), Some(vec![file.clone()]));
        fs::remove_file(&file).unwrap();
        assert_eq!(watch.next_change(), Some(vec![file.clone()]));
    }
}
