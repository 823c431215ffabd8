//! `public/`: files of the root's `public` folder are served, and copied to the
//! output, as they are, at the root of the site's URLs.
//!
//! Example: with `public/icon.svg`, `<link rel="icon" href="/icon.svg">` and
//! `import icon from '/icon.svg'` both name that file, which is not hashed or
//! bundled; under `--base /sub/` its URL is `/sub/icon.svg`. A `/x` with no
//! `public/x` names the root's own `x` instead (a source file). The module
//! graph, the page reader and the page writer all ask here, so they agree.

use std::path::{Path, PathBuf};

/// The file of `root/public` that the root-absolute URL path `path` (`/x`,
/// without its `?query` or `#fragment`) names, if there is one.
pub fn file(root: &Path, path: &str) -> Option<PathBuf> {
    let rel = path.strip_prefix('/')?;
    if rel.starts_with('/') {
        return None; // `//host/…`
    }
    let file = root.join("public").join(rel);
    file.is_file().then_some(file)
}

/// The URL of a public file at `rel` (from `public/`, `?query` kept) under
/// `base` (`/` when none).
pub fn url(rel: &str, base: Option<&str>) -> String {
    let base = base.unwrap_or("/").trim_end_matches('/');
    format!("{base}/{}", rel.trim_start_matches('/').replace('\\', "/"))
}
