//! Code-split output in a real browser: `tests/browser/split-app` is built with
//! `--splitting` and loaded in headless Chromium (Debian's `/usr/bin/chromium`,
//! driven by playwright-core from `tests/packages`) over a local HTTP server.
//! The page's two entry scripts share one store module (evaluated once), and a
//! click loads a chunk with `import()`; see `tests/packages/browser/split-app.mjs`.
//! `tests/browser/css-app` imports stylesheets from JavaScript; its page's computed
//! styles show the bundled CSS (`tests/packages/browser/css-app.mjs`).

use std::fs;

#[path = "support.rs"]
mod support;
use support::{copy_dir, root, run_browser_script, sheaf_in};

/// `sheaf build ARGS --outdir target/browser-out/OUT` in `tests/browser/APP`.
fn build(app: &str, out: &str, args: &[&str]) -> std::path::PathBuf {
    let app = root().join("tests/browser").join(app);
    let out = root().join("target/browser-out").join(out);
    let _ = fs::remove_dir_all(&out);
    let mut all: Vec<&std::ffi::OsStr> = vec!["build".as_ref()];
    all.extend(
        args.iter()
            .map(|a: &&str| -> &std::ffi::OsStr { a.as_ref() }),
    );
    all.extend([std::ffi::OsStr::new("--outdir"), out.as_os_str()]);
    sheaf_in(&app, &all);
    out
}

/// Builds APP (with its index.html) and runs `tests/packages/browser/APP.mjs` on
/// the output, which drives Chromium and exits non-zero on any mismatch.
fn run_in_chromium(app: &str, out: &str, args: &[&str]) -> std::path::PathBuf {
    let dir = build(app, out, args);
    let html = root().join("tests/browser").join(app).join("index.html");
    fs::copy(html, dir.join("index.html")).unwrap();
    run_browser_script(&format!("{app}.mjs"), &[dir.as_os_str()]);
    dir
}

#[test]
fn split_app_runs_in_chromium() {
    let args = [
        "main.js",
        "widget.js",
        "--splitting",
        "--minify",
        "--sourcemap",
    ];
    run_in_chromium("split-app", "split-app", &args);
}

/// `--analyze=html` writes a page that renders each output as a treemap; a
/// click on a folder zooms into it, a click on a module explains why it is in
/// the bundle (`tests/packages/browser/analyze-page.mjs`).
#[test]
fn analyze_page_renders_and_zooms_in_chromium() {
    let dir = build(
        "analyze-app",
        "analyze-app",
        &["src/main.js", "--splitting", "--analyze=html"],
    );
    assert!(dir.join("analyze.html").is_file());
    run_browser_script("analyze-page.mjs", &[dir.as_os_str()]);
}

/// An `import()`ed chunk's CSS is linked before its code runs (no flash of
/// unstyled content), once, and in one file.
#[test]
fn lazy_chunks_link_their_css_before_running() {
    let args = ["main.js", "--splitting", "--minify"];
    run_in_chromium("lazy-css-app", "lazy-css-app", &args);
}

/// Builds `tests/browser/html-app`'s pages with `args` and checks them in
/// Chromium, served at `base`.
fn html_app(out: &str, base: &str, args: &[&str]) -> std::path::PathBuf {
    let args: Vec<&str> = ["index.html", "about/index.html"]
        .iter()
        .chain(args)
        .copied()
        .collect();
    let dir = build("html-app", out, &args);
    run_browser_script("html-app.mjs", &[dir.as_os_str(), base.as_ref()]);
    dir
}

/// `sheaf build index.html about/index.html`: both pages work as served, and
/// everything the page did not name stays as written.
#[test]
fn html_pages_are_built_and_run() {
    let dir = html_app("html-app", "/", &["--minify"]);
    let page = fs::read_to_string(dir.join("index.html")).unwrap();
    let source = fs::read_to_string(root().join("tests/browser/html-app/index.html")).unwrap();
    for untouched in [
        "<!doctype html>\n<html lang=\"en\">",
        "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/icon.svg\" />",
        "<button id=\"more\">more</button>",
    ] {
        assert!(
            source.contains(untouched) && page.contains(untouched),
            "{page}"
        );
    }
    assert!(dir.join("icon.svg").is_file(), "public/ is copied");
    let manifest = fs::read_to_string(dir.join(".sheaf/manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let main = &manifest["src/main.ts"];
    assert_eq!(main["isEntry"], true, "{manifest}");
    assert!(main["file"].as_str().unwrap().starts_with("assets/main-"));
    assert_eq!(main["dynamicImports"][0], "src/more.ts", "{manifest}");
    assert!(main["css"][0].as_str().unwrap().ends_with(".css"));
}

/// `--base /sub/`: every URL the build writes is under it.
#[test]
fn html_pages_under_a_base_path() {
    let dir = html_app("html-app-base", "/sub/", &["--base", "/sub/"]);
    let page = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(page.contains("src=\"/sub/assets/main-"), "{page}");
}

/// CSS of npm packages (pinned in tests/packages): `@import "bootstrap"` by its
/// `style` field, and @fontsource's fonts through `url()`.
#[test]
fn package_css_is_bundled_with_its_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    copy_dir(&root().join("tests/browser/package-css-app"), &app);
    std::os::unix::fs::symlink(
        root().join("tests/packages/node_modules"),
        app.join("node_modules"),
    )
    .unwrap();
    sheaf_in(
        &app,
        &["build".as_ref(), "index.html".as_ref(), "--minify".as_ref()],
    );
    let dist = app.join("dist");
    run_browser_script("package-css-app.mjs", &[dist.as_os_str()]);
}

/// Builds `tests/browser/css-app` with `args` and checks the page's computed
/// styles in Chromium; returns the CSS written.
fn css_app(out: &str, args: &[&str]) -> String {
    let args: Vec<&str> = ["main.js"].iter().chain(args).copied().collect();
    let dir = run_in_chromium("css-app", out, &args);
    fs::read_to_string(dir.join("main.css")).unwrap()
}

#[test]
fn css_imported_from_js_styles_the_page_in_cascade_order() {
    let css = css_app("css-app", &[]);
    // Not minified: readable, one rule per block.
    assert!(css.contains("body {\n  margin: 0;\n}"), "{css}");
    // The 70-byte image is under the inline limit.
    assert!(css.contains("url(data:image/png;base64,"), "{css}");
}

#[test]
fn css_is_minified_and_prefixed_for_the_target() {
    let css = css_app(
        "css-app-min",
        &[
            "--minify",
            "--target",
            "safari 12",
            "--asset-inline-limit",
            "0",
        ],
    );
    assert!(css.contains("-webkit-user-select:none"), "{css}");
    assert!(css.contains("url(./dot-"), "{css}");
    assert_eq!(css.trim_end().lines().count(), 1, "{css}");
}

#[test]
fn a_stylesheet_entry_is_bundled_to_css_alone() {
    let out = build("css-app/styles", "css-entry", &["base.css"]);
    let written: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(written, ["base.css"]);
    let css = fs::read_to_string(out.join("base.css")).unwrap();
    // theme.css (imported) first, print.css wrapped in its media query, then base's own rules.
    let at = |s: &str| {
        css.find(s)
            .unwrap_or_else(|| panic!("{s:?} missing in {css}"))
    };
    assert!(
        at("--accent") < at("@media print") && at("@media print") < at("margin: 0"),
        "{css}"
    );
}
