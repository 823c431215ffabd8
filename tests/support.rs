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

/// Runs `sheaf` in-process with `args` in `cwd`; a failed build is an error
/// carrying the rendered diagnostics.
#[allow(dead_code)]
pub fn build(args: &[String], cwd: &Path) -> Result<(), String> {
    let mut stdout = Vec::new();
    let mut stderr = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    let code = sheaf_cli::run(
        args.iter().map(Into::into).collect(),
        cwd,
        &mut stdout,
        &mut stderr,
    );
    if code != 0 {
        return Err(format!(
            "build failed:\n{}",
            String::from_utf8_lossy(&stderr.into_inner())
        ));
    }
    Ok(())
}

/// The entries of `dir`, sorted (test cases are folders listed this way).
#[allow(dead_code)]
pub fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    out.sort();
    out
}

/// `sheaf build ARGS --outfile OUT [--minify]` in `cwd`.
#[allow(dead_code)]
pub fn build_to(cwd: &Path, args: &[&str], out_file: &Path, minify: bool) -> Result<(), String> {
    let mut all: Vec<String> = std::iter::once("build")
        .chain(args.iter().copied())
        .map(str::to_string)
        .collect();
    all.extend([
        "--outfile".to_string(),
        out_file.to_string_lossy().into_owned(),
    ]);
    if minify {
        all.push("--minify".into());
    }
    build(&all, cwd)
}

/// What `node FILE` prints in `cwd`; a failure is an error with its stderr.
#[allow(dead_code)]
pub fn node(file: &Path, cwd: &Path) -> Result<String, String> {
    let out = std::process::Command::new("node")
        .arg(file)
        .current_dir(cwd)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "node {} failed:\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Copies the folder `from` to `to` (created), recursively.
#[allow(dead_code)]
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `tests/packages/browser/SCRIPT` with node (from tests/packages, where
/// playwright-core is) and `args`; panics with its output unless it exits 0.
#[allow(dead_code)]
pub fn run_browser_script(script: &str, args: &[&std::ffi::OsStr]) -> String {
    let run = Command::new("node")
        .arg(root().join("tests/packages/browser").join(script))
        .args(args)
        .current_dir(root().join("tests/packages"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

/// `sheaf ARGS` run in `dir` (the binary of this test build); panics with its
/// errors unless it succeeds.
#[allow(dead_code)]
pub fn sheaf_in(dir: &Path, args: &[&std::ffi::OsStr]) {
    let out = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
