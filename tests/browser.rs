//! Code-split output in a real browser: `tests/browser/split-app` is built with
//! `--splitting` and loaded in headless Chromium (Debian's `/usr/bin/chromium`,
//! driven by playwright-core from `tests/packages`) over a local HTTP server.
//! The page's two entry scripts share one store module (evaluated once), and a
//! click loads a chunk with `import()`; see `tests/packages/browser/split-app.mjs`.

use std::{fs, process::Command};

#[path = "support.rs"]
mod support;
use support::root;

#[test]
fn split_app_runs_in_chromium() {
    let app = root().join("tests/browser/split-app");
    let out = root().join("target/browser-out/split-app");
    let _ = fs::remove_dir_all(&out);
    let build = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .current_dir(&app)
        .args(["build", "main.js", "widget.js", "--splitting", "--outdir"])
        .arg(&out)
        .args(["--minify", "--sourcemap"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    fs::copy(app.join("index.html"), out.join("index.html")).unwrap();
    let run = Command::new("node")
        .arg(root().join("tests/packages/browser/split-app.mjs"))
        .arg(&out)
        .current_dir(root().join("tests/packages"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
