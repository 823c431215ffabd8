//! Rollup and Vite plugins, unmodified, through sheaf's JS API (`packages/sheaf`).
//!
//! Each `tests/plugins/cases/<case>/build.mjs` builds its case with plugins
//! installed in `tests/plugins/node_modules` from the pinned lockfile
//! (`scripts/test.sh` runs `npm ci` there), runs the bundle with node and
//! prints what it printed plus what the case checks (call counts of filtered
//! hooks, source-map positions, diagnostics). Its stdout must equal
//! `_expected.txt`.
//!
//! The addon is built first with `scripts/build-addon.sh` (a no-op when it is
//! up to date), so the tests always run the code of this checkout.

use std::{path::Path, process::Command, sync::OnceLock};

use libtest_mimic::{Arguments, Failed, Trial};

#[path = "support.rs"]
mod support;
use support::root;

fn main() {
    let args = Arguments::from_args();
    let cases = support::sorted_entries(&root().join("tests/plugins/cases"));
    let trials = cases
        .into_iter()
        .map(|case| {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            Trial::test(name, move || run(&case))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// Builds the addon once per test run.
fn addon() -> Result<(), String> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = Command::new("bash")
                .arg(root().join("scripts/build-addon.sh"))
                .current_dir(root())
                .output()
                .map_err(|e| format!("cannot run scripts/build-addon.sh: {e}"))?;
            match out.status.success() {
                true => Ok(()),
                false => Err(format!(
                    "scripts/build-addon.sh failed:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )),
            }
        })
        .clone()
}

fn run(case: &Path) -> Result<(), Failed> {
    addon()?;
    let out = Command::new("node")
        .arg("build.mjs")
        .current_dir(case)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "node build.mjs failed ({}):\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let expected_file = case.join("_expected.txt");
    let expected = std::fs::read_to_string(&expected_file)
        .map_err(|e| format!("{}: {e}", expected_file.display()))?;
    if stdout != expected {
        return Err(format!("stdout differs\n--- expected\n{expected}--- got\n{stdout}").into());
    }
    Ok(())
}
