//! Assets: images, fonts, media and other files that code imports by path.
//!
//! Example: `import logo from './img/logo.png'` copies the file to
//! `OUTDIR/logo-5kq2m0ab.png` (`--asset-names`, default `[name]-[hash]`) and
//! `logo` is the string `"./logo-5kq2m0ab.png"`, the file's path relative to
//! the output folder (esbuild's `file` loader), or `--base` and that path
//! (`/app/logo-5kq2m0ab.png`). A file smaller than `--asset-inline-limit`
//! (default 4096 bytes, as Vite's `assetsInlineLimit`) is not copied: `logo` is
//! a `data:` URL (base64; SVG as URL-encoded text, which compresses better).
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
    sheaf_common::path_text::extension(path).is_some_and(|e| TEXT_EXTENSIONS.contains(&e))
}

/// `module.exports = "…";` with the text of a text file: `import t from` gives
/// the text, and so does `require()` (as esbuild's text loader, and as JSON).
pub fn text_module_source(text: &str) -> String {
    format!(
        "module.exports = {};\n",
        serde_json::to_string(text).expect("strings serialize")
    )
}

/// `export default "…";` with `text` (`?raw`, `?inline` CSS).
pub fn default_export(text: &str) -> String {
    format!(
        "export default {};\n",
        serde_json::to_string(text).expect("strings serialize")
    )
}

/// The extension of `path` if it is an asset.
pub fn extension(path: &Path) -> Option<&str> {
    let ext = sheaf_common::path_text::extension(path)?;
    EXTENSIONS.contains(&ext).then_some(ext)
}

/// Whether an asset becomes a `data:` URL: by size, or as the import says
/// (`?inline`, `?no-inline`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inline {
    BySize,
    Always,
    Never,
}

/// Below this size (bytes) an asset is inlined, unless `--asset-inline-limit` says.
const DEFAULT_INLINE_LIMIT: usize = 4096;

#[derive(Clone, Debug)]
pub struct Asset {
    /// Path in the output folder, `/`-separated.
    pub file: String,
    pub bytes: Vec<u8>,
    /// What code sees: a `data:` URL (then the file is not written) or the
    /// file's URL (`./file`, or `--base` + file).
    pub url: String,
    pub inlined: bool,
}

/// The MIME type of a file, by its extension (`application/octet-stream` when unknown).
pub fn mime_type(path: &Path) -> String {
    match path.extension().and_then(|e| e.to_str()) {
        Some("js" | "mjs" | "cjs") => "text/javascript".into(),
        Some("html") => "text/html; charset=utf-8".into(),
        Some("txt") => "text/plain; charset=utf-8".into(),
        _ => mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
    }
}

/// `bytes` as a `data:` URL: SVG as URL-encoded text (unless it has text
/// elements, whose characters may need escapes of their own), the rest base64.
pub fn data_url(path: &Path, bytes: &[u8]) -> String {
    let mime = mime_type(path);
    if mime == "image/svg+xml" {
        if let Ok(text) = std::str::from_utf8(bytes) {
            if !text.contains("<text") && !text.contains("<foreignObject") {
                return format!("data:image/svg+xml,{}", encode_svg(text));
            }
        }
    }
    use base64::Engine as _;
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// SVG text for a `data:` URL: whitespace runs become one space, `"` becomes
/// `'` (when the text has no `'`), and only what a URL cannot hold is escaped.
fn encode_svg(text: &str) -> String {
    let swap_quotes = !text.contains('\'');
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        match c {
            '"' if swap_quotes => out.push('\''),
            '%' | '#' | '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

impl Asset {
    pub fn new(
        path: &Path,
        ext: &str,
        bytes: Vec<u8>,
        outbase: &Path,
        options: &BuildOptions,
        inline: Inline,
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
        // The dev server serves every asset by its URL.
        let limit = match options.dev_server {
            true => 0,
            false => options.asset_inline_limit.unwrap_or(DEFAULT_INLINE_LIMIT),
        };
        let inlined = match inline {
            Inline::Always => true,
            Inline::Never => false,
            Inline::BySize => bytes.len() < limit,
        };
        let url = match (inlined, &options.base) {
            (true, _) => data_url(path, &bytes),
            (false, Some(base)) => format!("{}/{file}", base.trim_end_matches('/')),
            (false, None) => format!("./{file}"),
        };
        Asset {
            file,
            bytes,
            url,
            inlined,
        }
    }

    /// The file it is written as, in the output folder (not for an inlined asset).
    pub fn into_output(self, options: &BuildOptions) -> crate::generate::OutputAsset {
        crate::generate::OutputAsset {
            map: None,
            path: crate::naming::output_root(options).join(&self.file),
            contents: self.bytes,
            meta: None,
        }
    }

    /// `export default "./logo-5kq2m0ab.png";`
    pub fn module_source(&self) -> String {
        default_export(&self.url)
    }
}
