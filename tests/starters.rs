//! The `create-vite` starter apps, as a new user gets them: each template is
//! copied at test time from the pinned `create-vite` package
//! (`tests/starters/package.json`, never vendored), built with
//! `sheaf build index.html --minify`, served statically and checked in Chromium
//! (`tests/packages/browser/starter-apps.mjs`): no errors or failed requests,
//! the text, the counter, the images, and computed styles equal to Vite 8's
//! build of the same template.

use std::{fs, path::Path, process::Command};

#[path = "support.rs"]
mod support;
use support::root;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn starter(template: &str) {
    let modules = root().join("tests/starters/node_modules");
    let source = modules.join(format!("create-vite/template-{template}"));
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join(template);
    copy_dir(&source, &app);
    // As `npm install` would give it (the packages the template depends on).
    std::os::unix::fs::symlink(&modules, app.join("node_modules")).unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .current_dir(&app)
        .args(["build", "index.html", "--minify"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let run = Command::new("node")
        .arg(root().join("tests/packages/browser/starter-apps.mjs"))
        .arg(app.join("dist"))
        .arg(template)
        .current_dir(root().join("tests/packages"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    println!("{}", String::from_utf8_lossy(&run.stdout));
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
