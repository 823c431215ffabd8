//! The `create-vite` starter apps, as a new user gets them: each template is
//! copied at test time from the pinned `create-vite` package
//! (`tests/starters/package.json`, never vendored), built with
//! `sheaf build index.html --minify`, served statically and checked in Chromium
//! (`tests/packages/browser/starter-apps.mjs`): no errors or failed requests,
//! the text, the counter, the images, and computed styles equal to Vite 8's
//! build of the same template. The react-ts template also runs under
//! `sheaf dev` (`starter-dev.mjs`): component edits keep state, CSS edits apply
//! without a reload.
//!
//! The Tailwind v4 app (`tests/starters/tailwind-app`, ours) is compiled by
//! Tailwind's CLI (pinned `@tailwindcss/cli`), bundled by sheaf, and checked in
//! Chromium against Tailwind's own CSS (`tailwind-app.mjs`).

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
    let dir = tempfile::tempdir().unwrap();
    let app = copy_template(template, dir.path());
    dev_in(&app, script);
}

/// Runs `sheaf dev` in `app`, then the browser `script` with the server's
/// address and the app's folder; stops the server whatever the script says.
fn dev_in(app: &Path, script: &str) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .args(["dev", ".", "--port", "0"])
        .current_dir(app)
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

/// A fresh copy of the Tailwind app in `dir`, its CSS compiled by Tailwind's
/// CLI (`src/input.css` → `src/tailwind.css`, which `main.ts` imports).
fn tailwind_app(dir: &Path) -> std::path::PathBuf {
    let modules = root().join("tests/starters/node_modules");
    let app = dir.join("tailwind-app");
    copy_dir(&root().join("tests/starters/tailwind-app"), &app);
    std::os::unix::fs::symlink(&modules, app.join("node_modules")).unwrap();
    let cli = Command::new(modules.join(".bin/tailwindcss"))
        .args(["-i", "src/input.css", "-o", "src/tailwind.css"])
        .current_dir(&app)
        .output()
        .unwrap();
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    app
}

/// Tailwind v4: the CLI's output, bundled and minified by sheaf, styles every
/// element of the page as Tailwind's own CSS does.
#[test]
fn tailwind_v4_utilities_apply() {
    let dir = tempfile::tempdir().unwrap();
    let app = tailwind_app(dir.path());
    sheaf_in(
        &app,
        &["build".as_ref(), "index.html".as_ref(), "--minify".as_ref()],
    );
    let reference = app.join("src/tailwind.css");
    let out = run_browser_script(
        "tailwind-app.mjs",
        &[app.join("dist").as_os_str(), reference.as_os_str()],
    );
    println!("{out}");
}

/// The Tailwind app under `sheaf dev` with Tailwind's CLI watching next to it,
/// as the W_CSS_TAILWIND help says: theme edits hot-update, new classes apply.
#[test]
fn tailwind_v4_watch_next_to_dev() {
    let dir = tempfile::tempdir().unwrap();
    let app = tailwind_app(dir.path());
    // `=always`: keep watching with stdin closed.
    let mut watch = Command::new(root().join("tests/starters/node_modules/.bin/tailwindcss"))
        .args([
            "-i",
            "src/input.css",
            "-o",
            "src/tailwind.css",
            "--watch=always",
        ])
        .current_dir(&app)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // It watches once its first build is done (edits before would be missed).
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(watch.stderr.take().unwrap()));
    assert!(
        lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.contains("Done in")),
        "tailwindcss --watch stopped"
    );
    std::thread::spawn(move || for _ in lines {});
    let run = std::panic::catch_unwind(|| dev_in(&app, "tailwind-dev.mjs"));
    let _ = watch.kill();
    let _ = watch.wait();
    if let Err(e) = run {
        std::panic::resume_unwind(e);
    }
}

/// Tailwind's source itself (`@import "tailwindcss"`, `@apply`) bundled
/// without Tailwind's compiler: a warning at the user's line says how to
/// compile it (and the build still succeeds).
#[test]
fn tailwind_source_without_the_cli_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let app = tailwind_app(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .args(["build", "src/input.css", "--outdir", "raw"])
        .current_dir(&app)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning[W_CSS_TAILWIND]: `@import \"tailwindcss\"`"),
        "{stderr}"
    );
    assert!(stderr.contains("src/input.css:3:1"), "{stderr}");
    assert!(
        stderr.contains("npx @tailwindcss/cli -i src/input.css"),
        "{stderr}"
    );
    // One warning for the user's file; none for the package's own files.
    assert_eq!(stderr.matches("W_CSS_TAILWIND").count(), 1, "{stderr}");
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
