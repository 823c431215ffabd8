//! Assets: images, fonts, media and other files that code imports by path.
//!
//! Example: `import logo from './img/logo.png'` copies the file to
//! `OUTDIR/logo-5kq2m0ab.png` (`--asset-names`, default `[name]-[hash]`) and
//! `logo` is the string `"./logo-5kq2m0ab.png"`, the file's path relative to
//! the output folder (esbuild's `file` loader, which Vite users get by default).
//!
//! Why a module: the asset takes part in the graph like any import (resolution,
//! tree shaking of the binding, the metafile), and its code is one line.

use std::path::Path;

use sheaf_common::BuildOptions;

use crate::naming::{expand, hash_bytes};

/// File types imported as assets (the list Vite treats as assets).
const EXTENSIONS: &[&str] = &[
    "png",
    "jpg",
    "jpeg",
    "jfif",
    "pjpeg",
    "pjp",
    "gif",
    "svg",
    "ico",
    "webp",
    "avif",
    "bmp",
    "mp4",
    "webm",
    "ogg",
    "mp3",
    "wav",
    "flac",
    "aac",
    "opus",
    "mov",
    "m4a",
    "vtt",
    "woff",
    "woff2",
    "eot",
    "ttf",
    "otf",
    "webmanifest",
    "pdf",
    "wasm",
];

/// File types imported as their text (esbuild's `text` loader): `import t from
/// './notes.txt'` gives the file's contents as a string.
const TEXT_EXTENSIONS: &[&str] = &["txt"];

/// Whether `path` is imported as its text.
pub fn is_text(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e))
}

/// `module.exports = "…";` with the text of a text file: `import t from` gives
/// the text, and so does `require()` (as esbuild's text loader, and as JSON).
pub fn text_module_source(text: &str) -> String {
    format!(
        "module.exports = {};\n",
        serde_json::to_string(text).expect("strings serialize")
    )
}

/// The extension of `path` if it is an asset.
pub fn extension(path: &Path) -> Option<&str> {
    let ext = path.extension()?.to_str()?;
    EXTENSIONS.contains(&ext).then_some(ext)
}

#[derive(Clone, Debug)]
pub struct Asset {
    /// Path in the output folder, `/`-separated.
    pub file: String,
    pub bytes: Vec<u8>,
}

impl Asset {
    pub fn new(
        path: &Path,
        ext: &str,
        bytes: Vec<u8>,
        outbase: &Path,
        options: &BuildOptions,
    ) -> Asset {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = path
            .parent()
            .and_then(|d| d.strip_prefix(outbase).ok())
            .map(|d| d.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let pattern = options.asset_names.as_deref().unwrap_or("[name]-[hash]");
        let file = expand(pattern, &name, &dir, &hash_bytes(&bytes), ext);
        Asset { file, bytes }
    }

    /// `export default "./logo-5kq2m0ab.png";`
    pub fn module_source(&self) -> String {
        format!(
            "export default {};\n",
            serde_json::to_string(&format!("./{}", self.file)).expect("strings serialize")
        )
    }
}
