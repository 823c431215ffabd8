//! Questions asked of every module's path, answered from its text where a
//! walk over its components would cost more: its extension, as
//! `Path::extension` gives it, and the packages (`node_modules` folders) it
//! lies in.
//!
//! Example: `/src/app/main.tsx` → `tsx`; `/src/.env` and `/src/Makefile` → none.
//! `/app/node_modules/core-js/modules/es.map.js` lies in package `core-js`.
//!
//! Why: `Path::extension` finds the file name by walking the path's
//! components from the end (160 instructions a call). Scan asks for each
//! module's extension several times (stylesheet? asset? text? Node ES
//! module? parser syntax?): 40,000 calls on the 10,000-module app. The text
//! after the last `/` is the file name whenever the path does not end in
//! `/` or `.`; those paths, and every path on Windows, go to `Path`. Most
//! paths name no `node_modules` folder: searching their text for it spares
//! the walk (800 instructions a module on the 10k app).

use std::{ffi::OsStr, path::Path};

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

/// The package folders `path` lies in: the component after each
/// `node_modules`, outermost first.
pub fn packages(path: &Path) -> impl Iterator<Item = &OsStr> {
    (names_node_modules(path).then(|| path.components()))
        .into_iter()
        .flatten()
        .scan(false, |after_node_modules, c| {
            let c = c.as_os_str();
            let after = std::mem::replace(after_node_modules, c == "node_modules");
            Some(after.then_some(c))
        })
        .flatten()
}

/// Whether `path` has a `node_modules` component.
pub fn in_node_modules(path: &Path) -> bool {
    names_node_modules(path) && path.components().any(|c| c.as_os_str() == "node_modules")
}

/// Whether `node_modules` occurs in the path's text at all.
fn names_node_modules(path: &Path) -> bool {
    memchr::memmem::find(path.as_os_str().as_encoded_bytes(), b"node_modules").is_some()
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

    #[test]
    fn packages_follow_each_node_modules_component() {
        let cases: [(&str, &[&str]); 8] = [
            ("/app/src/main.js", &[]),
            ("/app/node_modules/core-js/modules/es.map.js", &["core-js"]),
            ("/a/node_modules/@scope/pkg/i.js", &["@scope"]),
            ("/a/node_modules/x/node_modules/y/i.js", &["x", "y"]),
            ("/a/node_modules/node_modules/y", &["node_modules", "y"]),
            ("/a/node_modules", &[]),
            ("/a/my_node_modules/x/i.js", &[]),
            ("node_modules/x", &["x"]),
        ];
        for (path, expected) in cases {
            let found: Vec<&OsStr> = packages(Path::new(path)).collect();
            let expected: Vec<&OsStr> = expected.iter().map(OsStr::new).collect();
            assert_eq!(found, expected, "{path:?}");
            let walked = Path::new(path)
                .components()
                .any(|c| c.as_os_str() == "node_modules");
            assert_eq!(in_node_modules(Path::new(path)), walked, "{path:?}");
        }
    }
}
