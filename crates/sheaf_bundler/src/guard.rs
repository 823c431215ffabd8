//! Internal errors as diagnostics: a panic inside a stage becomes an error that
//! names what was being processed (usually a module), and the build fails
//! cleanly — exit 1, output folder untouched — instead of aborting.
//!
//! Example: a swc transform panics on one file: the build reports
//! `error[E_INTERNAL]: internal error while loading src/x.ts: …` with the
//! other files' diagnostics.
//!
//! Why also deep stacks: parsing and every AST pass recurse once per nesting
//! level, and generated or minified code nests 20,000 levels deep; a stack
//! overflow cannot be caught, so worker threads get stacks deep enough for it.
//! The size is virtual memory: only what the input's nesting touches is used.

use std::{cell::RefCell, panic, sync::Once};

use sheaf_common::Diagnostic;

/// The stack of every worker thread.
pub(crate) const WORKER_STACK: usize = sheaf_common::DEEP_STACK;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// For the command line: a panic's message and place are kept for the
/// diagnostic instead of being printed (`SHEAF_BACKTRACE=1` prints them as usual).
pub fn install_quiet_panic_hook() {
    if std::env::var_os("SHEAF_BACKTRACE").is_some() {
        return;
    }
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let msg = payload_text(info.payload());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg}{at}")));
    }));
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs `f`; a panic becomes an `E_INTERNAL` error "while {what}".
pub(crate) fn guard<T>(
    what: impl FnOnce() -> String,
    f: impl FnOnce() -> T,
) -> Result<T, Diagnostic> {
    panic::catch_unwind(panic::AssertUnwindSafe(f)).map_err(|payload| {
        let msg = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_text(&*payload));
        Diagnostic::error(
            "E_INTERNAL",
            format!("internal error while {}: {msg}", what()),
        )
        .with_help("this is a bug in sheaf: please report it with the input that caused it")
    })
}

/// [`guard`] for a stage that reports its own errors: a panic becomes one more.
pub(crate) fn guard_stage<T>(
    what: impl FnOnce() -> String,
    f: impl FnOnce() -> Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    guard(what, f).map_err(|d| vec![d]).and_then(|r| r)
}

/// The global rayon pool (used by `transform` and the dev server) with deep stacks.
pub(crate) fn ensure_global_pool() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK)
            .build_global();
    });
}
