//! Shared by the test binaries (included with `#[path]`): where the repository is.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// The repository root, from the sheaf_cli crate the tests are compiled in.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The file must parse as ECMAScript 5 (a script), checked with acorn from the
/// pinned test packages.
#[allow(dead_code)] // not every test binary that includes this file uses it
pub fn parses_as_es5(file: &Path) -> Result<(), String> {
    let acorn = root().join("tests/packages/node_modules/acorn");
    let script = format!(
        "require({:?}).parse(require('fs').readFileSync(process.argv[1], 'utf8'), {{ ecmaVersion: 5, sourceType: 'script' }})",
        acorn.to_string_lossy()
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(file)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "not valid ES5: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}
