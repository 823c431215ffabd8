//! Write: put a build's output on disk without ever leaving a half-written file.
//!
//! Example: `write(&output)` writes `dist/app.js.tmp-sheaf`, then renames it to
//! `dist/app.js`; a reader sees the old file or the new one, never a mix.
//!
//! Why separate from `build`: a build that fails returns before anything is
//! written, so the output folder stays as it was.

use std::path::Path;

use sheaf_common::Diagnostic;

use crate::BuildOutput;

pub fn write(output: &BuildOutput) -> Result<(), Diagnostic> {
    write_assets(&output.assets)
}

/// Writes each file through a temporary file and a rename (see [`write`]).
pub fn write_assets(assets: &[crate::OutputAsset]) -> Result<(), Diagnostic> {
    for asset in assets {
        let fail = |e: std::io::Error| {
            Diagnostic::error(
                "E_WRITE",
                format!("Cannot write {}: {e}", asset.path.display()),
            )
        };
        if let Some(dir) = asset.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut tmp = asset.path.clone().into_os_string();
        tmp.push(".tmp-sheaf");
        std::fs::write(&tmp, &asset.contents).map_err(fail)?;
        std::fs::rename(&tmp, &asset.path).map_err(fail)?;
    }
    Ok(())
}

/// `path` relative to `cwd` when it is inside it, for messages and comments.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    if let Some(url) = path.to_str().filter(|p| p.starts_with("data:")) {
        return crate::data_url::short(url);
    }
    match path.strip_prefix(cwd) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => path.to_string_lossy().into_owned(),
    }
}
