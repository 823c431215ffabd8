//! The `create-vite` starter apps, as a new user gets them: each template is
//! copied at test time from the pinned `create-vite` package
//! (`tests/starters/package.json`, never vendored), built with
//! `sheaf build index.html --minify`, served statically and checked in Chromium
//! (`tests/packages/browser/starter-apps.mjs`): no errors or failed requests,
//! the text, the counter, the images, and computed styles equal to Vite 8's
//! build of the same template. The react-ts template also runs under
//! `sheaf dev` (`starter-dev.mjs`): component edits keep state, CSS edits apply
//! without a reload.

use std::{path::Path, process::Command};

#[path = "support.rs"]
mod support;
use support::{copy_dir, root, run_browser_script, sheaf_in};

/// A fresh copy of the template in `dir`, with its packages installed.
fn copy_template(template: &str, dir: &Path) -> std::path::PathBuf {
    let modules = root().join("tests/starters/node_modules");
    let source = modules.join(format!("create-vite/template-{template}"));
    let app = dir.join(template);
    copy_dir(&source, &app);
    // As `npm install` would give it (react-refresh too, as sheaf's hint asks).
    std::os::unix::fs::symlink(&modules, app.join("node_modules")).unwrap();
    app
}

fn starter(template: &str) {
    let dir = tempfile::tempdir().unwrap();
    let app = copy_template(template, dir.path());
    sheaf_in(
        &app,
        &["build".as_ref(), "index.html".as_ref(), "--minify".as_ref()],
    );
    let dist = app.join("dist");
    let out = run_browser_script("starter-apps.mjs", &[dist.as_os_str(), template.as_ref()]);
    println!("{out}");
}

/// Runs `sheaf dev` in a fresh copy of `template`, then the browser `script`
/// with the server's address (and the app's folder).
fn under_dev(template: &str, script: &str) {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let app = copy_template(template, dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .args(["dev", ".", "--port", "0"])
        .current_dir(&app)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    // The first line printed is the address.
    let first = lines.next().unwrap().unwrap();
    std::thread::spawn(move || for _ in lines {});
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    // Stop the server whatever the script says.
    let run =
        std::panic::catch_unwind(|| run_browser_script(script, &[url.as_ref(), app.as_os_str()]));
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = run {
        std::panic::resume_unwind(e);
    }
}

/// react-ts under `sheaf dev`: component edits keep state, CSS edits apply.
#[test]
fn react_ts_under_dev_keeps_state_and_hot_updates_css() {
    under_dev("react-ts", "starter-dev.mjs");
}

/// lit-ts under `sheaf dev`: legacy decorators' helpers are in the dev modules.
#[test]
fn lit_ts_under_dev_counts() {
    under_dev("lit-ts", "starter-dev-counter.mjs");
}

#[test]
fn react_ts() {
    starter("react-ts");
}

#[test]
fn vanilla_ts() {
    starter("vanilla-ts");
}

#[test]
fn preact_ts() {
    starter("preact-ts");
}

#[test]
fn lit_ts() {
    starter("lit-ts");
}
