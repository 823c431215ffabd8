//! A path's extension read off its text, as `Path::extension` gives it.
//!
//! Example: `/src/app/main.tsx` → `tsx`; `/src/.env` and `/src/Makefile` → none.
//!
//! Why: `Path::extension` finds the file name by walking the path's
//! components from the end (160 instructions a call). Scan asks for each
//! module's extension several times (stylesheet? asset? text? Node ES
//! module? parser syntax?): 40,000 calls on the 10,000-module app. The text
//! after the last `/` is the file name whenever the path does not end in
//! `/` or `.`; those paths, and every path on Windows, go to `Path`.

use std::path::Path;

/// `path.extension()` as text: `None` when it has none or it is not UTF-8.
pub fn extension(path: &Path) -> Option<&str> {
    let bytes = path.as_os_str().as_encoded_bytes();
    if cfg!(windows) || matches!(bytes.last(), None | Some(b'/' | b'.')) {
        return path.extension()?.to_str();
    }
    let name = &bytes[bytes.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1)..];
    // A name that starts with its only dot (`.env`) has no extension.
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => std::str::from_utf8(&name[dot + 1..]).ok(),
        _ => None,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::{ffi::OsStr, os::unix::ffi::OsStrExt};

    use super::*;

    #[test]
    fn is_what_path_extension_gives() {
        let paths = [
            "",
            "/",
            ".",
            "..",
            "a",
            "a.js",
            "/a/b.c.d.ts",
            ".env",
            "/x/.env",
            "/x/..js",
            "/x/a.",
            "/x/a..",
            "/x/a.js/",
            "/x/a.js//",
            "/x/a.js/.",
            "/x/a.js/..",
            "/x.y/z",
            "x//y.css",
            "./a.mjs",
            "a/./b.json",
            "/é/ü.jsx",
            "/x/a.tar.gz",
            "/x/.a.b",
            "\0virtual:x.js",
            "/x/a.js?raw",
            "/x/a b.svg",
        ];
        for p in paths {
            let std = Path::new(p).extension().and_then(|e| e.to_str());
            assert_eq!(extension(Path::new(p)), std, "{p:?}");
        }
        let not_utf8 = Path::new(OsStr::from_bytes(b"/x/a.\xff"));
        assert_eq!(extension(not_utf8), None);
    }
}
