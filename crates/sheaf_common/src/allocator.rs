//! The global allocator of sheaf's binaries: mimalloc, asked through its plain
//! `malloc` API wherever that already gives the alignment a type needs.
//!
//! Example: a 24-byte node (alignment 8) is `mi_malloc(24)`; a 64-byte
//! cache-padded queue slot (alignment 64) is `mi_malloc_aligned(64, 64)`.
//!
//! Why not the `mimalloc` crate's allocator: it asks for every block through
//! `mi_malloc_aligned`. In mimalloc 3 that takes the plain allocator's fast
//! path only while the size class's current page has a free block; once the
//! page is full, a size that is not a power of two (24, 40, 56, 80… bytes:
//! most tree nodes) falls to the generic path, which over-allocates into the
//! next size class and never refills the page, so every later block of that
//! size takes the slow path too. On the 10,000-module app, 1.24 million
//! allocations cost 155 instructions each, 6% of the build's instructions.
//! The rule here is the one Rust's `System` allocator applies to `malloc`:
//! mimalloc, like C's `malloc`, aligns every block to 16 bytes, or to its own
//! size when smaller (its size classes are multiples of 8, and of 16 above 64).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// The largest alignment every `mi_malloc` block of at least that size has
/// (`MI_MAX_ALIGN_SIZE`, C's `max_align_t`).
const MIN_ALIGN: usize = 16;

/// mimalloc as the global allocator (`#[global_allocator]`).
pub struct Allocator;

/// A block of `size` bytes from plain `mi_malloc` is aligned as `align` asks.
fn plain(align: usize, size: usize) -> bool {
    align <= MIN_ALIGN && align <= size
}

/// A block for `layout` from `plain` (`mi_malloc`, `mi_zalloc`) where that
/// aligns it, else from `aligned`.
///
/// # Safety
/// As [`GlobalAlloc::alloc`]: `layout` has a non-zero size.
#[inline]
unsafe fn block(
    layout: Layout,
    plain_call: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned_call: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: plain C calls; a null result is passed on as failure.
    unsafe {
        match plain(layout.align(), layout.size()) {
            true => plain_call(layout.size()) as *mut u8,
            false => aligned_call(layout.size(), layout.align()) as *mut u8,
        }
    }
}

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free` takes
// blocks of either API); each is aligned as its layout asks, by `plain` or by
// mimalloc's aligned calls; sizes are passed through unchanged.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `block`'s.
        unsafe { block(layout, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe { block(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the caller's contract).
        unsafe { mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout` (the caller's
        // contract); the new block is aligned as `layout.align()` asks.
        unsafe {
            match plain(layout.align(), new_size) {
                true => mi_realloc(ptr as *mut c_void, new_size) as *mut u8,
                false => {
                    mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Allocator;
    use std::alloc::{GlobalAlloc, Layout};

    /// Blocks of every size class up to a few KiB, at every alignment up to a
    /// page, come back aligned, keep their contents through `realloc`, and
    /// zeroed ones are zero. Many of each, so that pages fill and refill.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=600).chain([1000, 4096, 5000]) {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                let mut blocks = Vec::new();
                for i in 0..20u8 {
                    // SAFETY: a non-zero size; each block is freed below with its layout.
                    let p = unsafe { Allocator.alloc(layout) };
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    // SAFETY: `p` has `size` bytes.
                    unsafe { p.write_bytes(i, size) };
                    blocks.push((p, i));
                }
                for (p, i) in blocks {
                    let grown = size * 2 + 8;
                    // SAFETY: `p` came from `alloc(layout)`; the new size is not zero.
                    let q = unsafe { Allocator.realloc(p, layout, grown) };
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    // SAFETY: the first `size` bytes were kept.
                    assert!((0..size).all(|k| unsafe { *q.add(k) } == i));
                    let new = Layout::from_size_align(grown, align).unwrap();
                    // SAFETY: `q` was allocated with `new`.
                    unsafe { Allocator.dealloc(q, new) };
                }
                // SAFETY: as above.
                let z = unsafe { Allocator.alloc_zeroed(layout) };
                assert_eq!(z as usize % align, 0);
                assert!((0..size).all(|k| unsafe { *z.add(k) } == 0));
                unsafe { Allocator.dealloc(z, layout) };
            }
        }
    }
}
