//! The `sheaf` binary: see `sheaf --help`.

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

// Bundling allocates and frees millions of small AST nodes across threads;
// glibc's malloc spent about a quarter of the run in its own bookkeeping.
#[global_allocator]
static GLOBAL: sheaf_common::allocator::Allocator = sheaf_common::allocator::Allocator;

fn main() {
    no_transparent_huge_pages();
    sheaf_bundler::install_quiet_panic_hook();
    let cwd = std::env::current_dir().expect("the working directory is readable");
    let color = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stderr = StandardStream::stderr(color);
    let mut stdout = std::io::stdout();
    let code = sheaf_cli::run_then_exit(
        std::env::args_os().skip(1).collect(),
        &cwd,
        &mut stdout,
        &mut stderr,
    );
    // The terminal stream; stdout and stderr themselves are flushed on exit.
    let _ = stderr.flush();
    exit_now(code);
}

/// Ends the process once stdout and stderr are flushed, without the C
/// runtime's exit handlers: mimalloc's walks the main thread's heap to hand
/// it back (30 ms after a build of three.js ×10), which the kernel does anyway.
/// Every output file is written and renamed into place by now.
#[cfg(unix)]
fn exit_now(code: i32) -> ! {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` ends the process; nothing of ours runs after it.
    unsafe { libc::_exit(code) }
}

#[cfg(not(unix))]
fn exit_now(code: i32) -> ! {
    std::process::exit(code)
}

/// Turns transparent huge pages off for this process (and what it starts).
///
/// mimalloc asks the kernel for huge pages (`MADV_HUGEPAGE`), and on a machine
/// whose memory other programs have just used, faulting each 2 MiB page in
/// meant compacting and zeroing memory in the kernel: on the 10,000-module app,
/// run right after another bundler, system time was 0.6–1.2 s against 0.4 s
/// with 4 KiB pages, wall time 20% longer, and peak memory 12% higher (huge
/// pages round every region up). The user time was the same.
///
/// mimalloc is built with `no_thp`, so it no longer asks: its arena is reserved
/// before `main`, and the huge pages faulted in before this call were 4 MiB of
/// every run's memory. This call still covers systems whose THP mode is
/// `always`, where every large region gets huge pages unasked.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}
