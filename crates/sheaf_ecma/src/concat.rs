//! Joining many pieces of text into one buffer, each piece copied into its
//! place on any core.
//!
//! Why: a fresh buffer's pages are faulted in by whoever writes them first.
//! Copied on one thread, a chunk's modules (three.js ×10: 10 MB) or a source
//! map's sources and mappings (18 MB minified) cost that thread the copy and
//! a page fault per 4 KiB while the other cores waited; the map's buffer was
//! also zeroed first, on that thread, only to be overwritten.
//!
//! Example: `["ab", "", "cde"]` appended to `"x"` gives `"xabcde"`: the
//! buffer grows once by 5 bytes, `ab` goes to bytes 1..3 and `cde` to 3..6.

use std::mem::MaybeUninit;

use rayon::prelude::*;

/// Appends `pieces` to `out`, in order.
fn append_bytes<P: AsRef<[u8]> + Sync>(out: &mut Vec<u8>, pieces: &[P]) {
    let total: usize = pieces.iter().map(|p| p.as_ref().len()).sum();
    out.reserve(total);
    let start = out.len();
    let mut rest: &mut [MaybeUninit<u8>] = &mut out.spare_capacity_mut()[..total];
    let mut places = Vec::with_capacity(pieces.len());
    for p in pieces {
        let p = p.as_ref();
        let (place, after) = std::mem::take(&mut rest).split_at_mut(p.len());
        places.push((place, p));
        rest = after;
    }
    places.into_par_iter().for_each(|(place, p)| {
        place.write_copy_of_slice(p);
    });
    // SAFETY: the places cover the first `total` bytes of the spare capacity
    // exactly (each as long as its piece, one after another), and each was
    // written above.
    unsafe { out.set_len(start + total) };
}

/// Appends `pieces` to `out`, in order.
pub fn append_strs(out: &mut String, pieces: &[&str]) {
    // SAFETY: only whole `str`s are appended to a `String`, so it stays UTF-8.
    append_bytes(unsafe { out.as_mut_vec() }, pieces);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_land_in_order_after_what_was_there() {
        let mut out = String::from("x");
        append_strs(&mut out, &["ab", "", "cdé"]);
        assert_eq!(out, "xabcdé");
        let many: Vec<String> = (0..5000).map(|i| i.to_string()).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut joined = String::with_capacity(3);
        append_strs(&mut joined, &refs);
        assert_eq!(joined, many.concat());
        let mut bytes = Vec::new();
        append_bytes::<&[u8]>(&mut bytes, &[]);
        assert!(bytes.is_empty());
    }
}
