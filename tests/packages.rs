//! Real npm packages, bundled and run: one test per case and output format.
//!
//! Each `tests/packages/cases/<case>/` has a `main.mjs` (or `main.jsx`) that uses
//! packages installed in `tests/packages/node_modules` from the pinned
//! `package-lock.json` (`scripts/test.sh` runs `npm ci` there). The case is bundled
//! for node in esm, cjs and iife, and each bundle's stdout must equal what the
//! unbundled program prints under node (or `_expected.txt` for JSX, which node
//! cannot run as it is).

use std::{fs, path::Path, process::Command, sync::OnceLock};

use libtest_mimic::{Arguments, Failed, Trial};

#[path = "support.rs"]
mod support;
use support::{build, node, root};

fn main() {
    let args = Arguments::from_args();
    let cases_dir = root().join("tests/packages/cases");
    let cases = support::sorted_entries(&cases_dir);
    let mut trials = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::sync::Arc::new(OnceLock::new());
        for format in ["esm", "cjs", "iife", "es5", "min", "es5min"] {
            let (case, expected) = (case.clone(), expected.clone());
            trials.push(Trial::test(format!("{name}/{format}"), move || {
                run(&case, format, &expected)
            }));
        }
    }
    for (name, dir, entry) in [
        ("ts-jsx-app", "tests/packages/sourcemap-app", "main.tsx"),
        ("three", "tests/packages/cases/three", "main.mjs"),
    ] {
        for minify in [false, true] {
            let variant = if minify { "min" } else { "plain" };
            trials.push(Trial::test(
                format!("sourcemap/{name}/{variant}"),
                move || sourcemap_accuracy(name, dir, entry, minify),
            ));
        }
    }
    for (name, entry, extra) in [
        ("usage", "main.js", &["--polyfills", "usage"][..]),
        (
            "usage-min",
            "main.js",
            &["--polyfills", "usage", "--minify"][..],
        ),
        ("entry", "entry.js", &["--polyfills", "entry"][..]),
    ] {
        trials.push(Trial::test(format!("polyfills/{name}"), move || {
            polyfills(name, entry, extra)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

/// `tests/packages/polyfills`: bundled for `ie 11` with core-js polyfills from
/// the pinned lockfile, then run with the built-ins it uses deleted from node
/// (`strip.cjs`); the output must still parse as ES5.
fn polyfills(name: &str, entry: &str, extra: &[&str]) -> Result<(), Failed> {
    let dir = root().join("tests/packages/polyfills");
    let out_file = root()
        .join("target/package-out/polyfills")
        .join(name)
        .join("out.cjs");
    let _ = fs::remove_dir_all(out_file.parent().unwrap());
    let out = out_file.to_string_lossy();
    let args: Vec<String> = ["build", entry, "--platform", "node", "--format", "cjs"]
        .iter()
        .chain(&["--target", "ie 11", "--outfile", &out])
        .chain(extra)
        .map(|s| s.to_string())
        .collect();
    build(&args, &dir)?;
    support::parses_as_es5(&out_file)?;
    let out = Command::new("node")
        .args(["-r", "./strip.cjs"])
        .arg(&out_file)
        .current_dir(&dir)
        .output()?;
    let actual = String::from_utf8_lossy(&out.stdout);
    let expected = fs::read_to_string(dir.join("_expected.txt"))?;
    if !out.status.success() || actual != expected {
        return Err(format!(
            "{} printed:\n{actual}{}\nexpected:\n{expected}",
            out_file.display(),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

/// Source maps point where the output came from: `sourcemap-check.mjs` looks up
/// the output's identifier and string tokens (acorn's tokenizer) with
/// source-map-js and compares each with the token at the original position. At
/// least 99.5% must be exact, and no output position may have two segments.
fn sourcemap_accuracy(name: &str, dir: &str, entry: &str, minify: bool) -> Result<(), Failed> {
    let dir = root().join(dir);
    let out_file = root()
        .join("target/package-out/sourcemap")
        .join(name)
        .join(if minify { "min" } else { "plain" })
        .join("out.js");
    let _ = fs::remove_dir_all(out_file.parent().unwrap());
    let args = [entry, "--platform", "node", "--sourcemap"];
    support::build_to(&dir, &args, &out_file, minify)?;
    let mut check = Command::new("node");
    check
        .arg(root().join("tests/packages/sourcemap-check.mjs"))
        .arg(&out_file);
    if minify {
        check.arg("--minified");
    }
    let out = check.output()?;
    let report = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(report.trim()).map_err(|e| {
        format!(
            "sourcemap-check: {e}\n{report}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let count = |k: &str| json[k].as_u64().unwrap_or(0);
    let exact = count("exact") as f64 / count("total").max(1) as f64;
    if count("total") == 0 || exact < 0.995 || count("duplicates") > 0 {
        return Err(format!(
            "{:.2}% exact, {} duplicate positions: {report}",
            exact * 100.0,
            count("duplicates")
        )
        .into());
    }
    Ok(())
}

fn run(
    case: &Path,
    format: &str,
    expected: &OnceLock<Result<String, String>>,
) -> Result<(), Failed> {
    if !root().join("tests/packages/node_modules").exists() {
        return Err("tests/packages/node_modules is missing: run `npm ci --prefix tests/packages` (scripts/test.sh does)".into());
    }
    // "es5": cjs output lowered to ES5, which must also parse as ES5.
    // "min": esm output, minified. "es5min": both.
    let es5 = format.starts_with("es5");
    let min = format.ends_with("min");
    let variant = format;
    let format = match format {
        "es5" | "es5min" => "cjs",
        "min" => "esm",
        f => f,
    };
    let entry = ["main.mjs", "main.jsx"]
        .iter()
        .map(|e| case.join(e))
        .find(|p| p.exists())
        .ok_or("no main.mjs or main.jsx")?;
    let expected = expected
        .get_or_init(|| match fs::read_to_string(case.join("_expected.txt")) {
            Ok(text) => Ok(text),
            Err(_) => node(&entry, case),
        })
        .clone()?;

    let name = case.file_name().unwrap().to_string_lossy();
    let out_dir = root().join("target/package-out").join(&*name).join(variant);
    let _ = fs::remove_dir_all(&out_dir);
    let ext = match format {
        "esm" => "mjs",
        "cjs" => "cjs",
        _ => "js",
    };
    let out_file = out_dir.join(format!("out.{ext}"));
    let mut args: Vec<String> = vec![
        "build".into(),
        entry.file_name().unwrap().to_string_lossy().into_owned(),
        "--platform".into(),
        "node".into(),
        "--format".into(),
        format.into(),
        "--outfile".into(),
        out_file.to_string_lossy().into_owned(),
    ];
    if es5 {
        args.extend(["--target".to_string(), "es5".to_string()]);
    }
    if min {
        args.push("--minify".to_string());
    }
    build(&args, case)?;
    let actual = node(&out_file, case)?;
    if es5 {
        support::parses_as_es5(&out_file)?;
    }
    if actual.trim_end() != expected.trim_end() {
        return Err(format!(
            "output differs\n--- unbundled\n{expected}\n--- bundled ({})\n{actual}",
            out_file.display()
        )
        .into());
    }
    Ok(())
}
