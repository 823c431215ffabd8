//! The progress line of long builds on a terminal: stage, modules scanned,
//! elapsed time, redrawn in place on stderr and erased when the build ends.
//!
//! Example: `generate · 10,000 modules · 1.4 s`.
//!
//! Why only after 300 ms, only on a terminal and only at `--log-level info`:
//! short builds and logs read by programs (CI, pipes) stay as they were.

use std::{
    io::{IsTerminal, Write},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    thread::JoinHandle,
    time::{Duration, Instant},
};

use sheaf_common::progress::Progress;

pub struct ProgressLine {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl ProgressLine {
    /// Starts drawing `progress` when stderr is a terminal (and
    /// `SHEAF_NO_PROGRESS` is unset).
    pub fn start(progress: Arc<Progress>) -> Option<ProgressLine> {
        if !std::io::stderr().is_terminal() || std::env::var_os("SHEAF_NO_PROGRESS").is_some() {
            return None;
        }
        // `SHEAF_PROGRESS_AFTER_MS=0` draws from the start (the tests use it).
        let after = std::env::var("SHEAF_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(Duration::from_millis(300), Duration::from_millis);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let started = Instant::now();
        let draw = move |progress: &Progress| {
            let line = format!(
                "{} · {} modules · {:.1} s",
                progress.stage(),
                thousands(progress.modules()),
                started.elapsed().as_secs_f64()
            );
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{line}");
            let _ = err.flush();
        };
        let mut drawn = after.is_zero();
        if drawn {
            draw(&progress);
        }
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if started.elapsed() < after || flag.load(Ordering::Relaxed) {
                    continue;
                }
                draw(&progress);
                drawn = true;
            }
            if drawn {
                let _ = write!(std::io::stderr(), "\r\x1b[K");
            }
        });
        Some(ProgressLine {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for ProgressLine {
    /// Stops drawing and erases the line.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
