//! The worker threads builds run on: one rayon pool per thread count, started
//! by the first build that asks for it and kept for the life of the process.
//!
//! Why not a pool per build, as before: a pool's threads exit when it is
//! dropped, and an exiting thread hands its allocator heap back page by page
//! (mimalloc's `_mi_thread_done`): 3% of a one-shot build of 10,000 modules,
//! paid while the output was being written. Watch mode and the JS API also
//! start no threads per rebuild now. Concurrent builds share the pool, as rayon
//! shares one among its callers.
//!
//! Example: `sheaf build` asks for `worker_pool(None)` (one thread per core);
//! a test that checks output across thread counts asks for `Some(1)` and
//! `Some(4)`, and gets two pools that later builds with those counts reuse.

use std::sync::Mutex;

use rayon::ThreadPool;

use crate::guard::WORKER_STACK;

/// The pool with `threads` workers (`None`: one per core), started on first use.
pub(crate) fn worker_pool(threads: Option<usize>) -> Result<&'static ThreadPool, String> {
    static POOLS: Mutex<Vec<(Option<usize>, &'static ThreadPool)>> = Mutex::new(Vec::new());
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pool)) = pools.iter().find(|(n, _)| *n == threads) {
        return Ok(pool);
    }
    let mut builder = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    let pool: &'static ThreadPool =
        Box::leak(Box::new(builder.build().map_err(|e| e.to_string())?));
    pools.push((threads, pool));
    Ok(pool)
}
