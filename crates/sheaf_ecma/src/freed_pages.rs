//! Handing the pages a thread's allocator holds free back to the system, after
//! a large module's tree is freed.
//!
//! Why: a tree is freed in small blocks, which mimalloc keeps for reuse for a
//! while; what comes next (oxc's arena, the next module, the output) takes
//! fresh pages, so both count in resident memory. With `--minify`, React
//! DOM's SWC tree and oxc's arena added up: the small React app's peak went
//! from 37 to 52 MiB, and back to 38 with the pages returned at once.
//! No effect when mimalloc is not the allocator (its own heaps are empty).

/// Returns the calling thread's free pages to the system.
pub(crate) fn release() {
    // SAFETY: `mi_collect` only walks the calling thread's heap.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
