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
    parse_outputs(&[file.to_path_buf()], "5", false)
}

/// Every file must parse with acorn (pinned) at `ecma_version` ("5", "latest"),
/// as a module or a script: a build that exits 0 with output that does not
/// parse at its target is a bug.
#[allow(dead_code)]
pub fn parse_outputs(
    files: &[std::path::PathBuf],
    ecma_version: &str,
    module: bool,
) -> Result<(), String> {
    let acorn = root().join("tests/packages/node_modules/acorn");
    let version = if ecma_version == "latest" {
        "'latest'".to_string()
    } else {
        ecma_version.to_string()
    };
    let script = format!(
        "const acorn = require({:?});
         for (const f of process.argv.slice(1)) {{
           try {{
             acorn.parse(require('fs').readFileSync(f, 'utf8'), {{ ecmaVersion: {version}, sourceType: {:?}, allowHashBang: true }});
           }} catch (e) {{ console.error(f + ': ' + e.message); process.exitCode = 1; }}
         }}",
        acorn.to_string_lossy(),
        if module { "module" } else { "script" }
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .args(files)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "output does not parse as ECMAScript {ecma_version}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}
