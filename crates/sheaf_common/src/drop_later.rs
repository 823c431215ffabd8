//! Freeing off the path to the output: a value dropped on a thread of its own.
//!
//! Example: a one-shot build's module graph (trees, source text: 1.5% of a
//! 10,000-module build) or React DOM's tree once it is printed (3-5 ms on one
//! core, at the end of the small React app's build while the other core is
//! idle) is freed while the output is being written; a one-shot build exits
//! before it is done. A build whose process exits right after it frees none
//! of this (`drop_unless_exiting`).
//!
//! Why a deep stack: dropping a tree recurses once per nesting level, and
//! generated or minified code nests 20,000 levels deep. A thread's default
//! 2 MiB overflowed on such a tree, which aborts the process (the dev server
//! and the JS API too). The size is virtual memory: only what the nesting
//! touches is used.

/// The stack of every thread that walks a tree: parsing, every AST pass, and
/// dropping one.
pub const DEEP_STACK: usize = 1 << 30;

/// Drops `value` on a thread of its own; in place when no thread can be started.
pub fn drop_later<T: Send + 'static>(value: T) {
    // When no thread starts, the closure, and `value` with it, drops here.
    let _ = std::thread::Builder::new()
        .name("sheaf-drop".into())
        .stack_size(DEEP_STACK)
        .spawn(move || drop(value));
}

/// Drops `value` in place, or, when the process exits right after the build
/// (`BuildOptions::exits_after`), leaves it to the OS, which takes all of the
/// process's memory back at once (as a C compiler's driver has the compiler
/// skip its frees: clang's `-disable-free`).
///
/// Example: the trees rendering consumes. Freeing them on the cores that
/// render was 6% of three.js ×10's wall and CPU time (bundle mode).
pub fn drop_unless_exiting<T>(value: T, exits_after: bool) {
    match exits_after {
        true => std::mem::forget(value),
        false => drop(value),
    }
}

/// As [`drop_later`], or left to the OS when the process exits right after
/// the build (see [`drop_unless_exiting`]).
pub fn drop_later_unless_exiting<T: Send + 'static>(value: T, exits_after: bool) {
    match exits_after {
        true => std::mem::forget(value),
        false => drop_later(value),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    /// A list whose drop recurses once per node, as a tree's does per level.
    struct Node {
        _next: Option<Box<Node>>,
    }

    /// Sends when dropped: after the list, which drops first.
    struct Done(mpsc::Sender<()>);

    impl Drop for Done {
        fn drop(&mut self) {
            let _ = self.0.send(());
        }
    }

    #[test]
    fn a_deep_tree_is_freed_without_overflowing_the_stack() {
        // Far deeper than a default 2 MiB stack takes.
        let mut list = Node { _next: None };
        for _ in 0..1_000_000 {
            list = Node {
                _next: Some(Box::new(list)),
            };
        }
        let (sender, done) = mpsc::channel();
        super::drop_later((list, Done(sender)));
        done.recv_timeout(std::time::Duration::from_secs(60))
            .expect("the list was dropped");
    }
}
