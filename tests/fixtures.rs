//! The fixture runner: one test per folder under `fixtures/<area>/<case>/`.
//!
//! Each case is built with `sheaf build` (in-process, through `sheaf_cli::run`)
//! into `target/fixture-out/<area>/<case>/`, then:
//! - if `_expected_stderr.txt` exists, the build must fail (exit 1) and its
//!   rendered diagnostics must equal that file, and the output folder must be empty;
//! - otherwise the build must succeed, and the output is run with node; its stdout
//!   must equal `_expected.txt` (when present);
//! - `_test.mjs`, when present, is run with node as `node _test.mjs OUT_FILE` and must exit 0;
//! - `_config.json` may add: `args` (extra CLI arguments), `entry` (default `main.*`),
//!   `runFile` (the output to run, in the output folder), `runFiles` (several
//!   outputs imported one after the other in one node process),
//!   `format` (esm|cjs|iife, default esm), `run` (false: do not execute),
//!   `contains` / `notContains` (strings the bundle must / must not contain),
//!   `sourcemap` (marker strings: each one's position in the bundle must map back
//!   to the same marker in the original file), `warnings` (expected rendered warnings),
//!   `parse` (false: skip the check that every output parses at its target with acorn).
//!
//! A case that needs packages keeps them in `_node_modules`, and is built from a
//! copy under `target/fixture-src/` where that folder is named `node_modules`.
//!
//! Set `UPDATE_EXPECT=1` to rewrite `_expected*.txt` from the actual results.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use codespan_reporting::term::termcolor::NoColor;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

const PREVIOUS_OUTPUT: &str = "// output of a previous build\n";

#[path = "support.rs"]
mod support;
use support::root;

fn main() {
    let args = Arguments::from_args();
    let fixtures = root().join("fixtures");
    let mut trials = Vec::new();
    let mut areas: Vec<_> = fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    areas.sort();
    for area in areas {
        let mut cases: Vec<_> = fs::read_dir(&area)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        for case in cases {
            let name = format!(
                "{}/{}",
                area.file_name().unwrap().to_string_lossy(),
                case.file_name().unwrap().to_string_lossy()
            );
            trials.push(Trial::test(name.clone(), move || run_case(&case, &name)));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn config(case: &Path) -> Value {
    match fs::read_to_string(case.join("_config.json")) {
        Ok(t) => serde_json::from_str(&t).expect("valid _config.json"),
        Err(_) => Value::Object(Default::default()),
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn default_entry(case: &Path) -> String {
    for name in ["main.ts", "main.tsx", "main.js", "main.jsx", "main.mjs"] {
        if case.join(name).exists() {
            return name.to_string();
        }
    }
    panic!("no main.* entry in {}", case.display());
}

fn check_expected(path: &Path, actual: &str, what: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if expected.trim_end() != actual.trim_end() {
        return Err(format!(
            "{what} differs\n--- expected\n{expected}\n--- actual\n{actual}"
        ));
    }
    Ok(())
}

/// Cases that need packages keep them in `_node_modules` (so the repository holds
/// no `node_modules`); such a case is built from a copy where it is `node_modules`.
fn stage(case: &Path, name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let file_name = e.file_name();
            let target_name = if file_name == "_node_modules" {
                "node_modules".into()
            } else {
                file_name
            };
            let target = to.join(target_name);
            if e.path().is_dir() {
                copy(&e.path(), &target);
            } else {
                fs::copy(e.path(), &target).unwrap();
            }
        }
    }
    let staged = root().join("target/fixture-src").join(name);
    let _ = fs::remove_dir_all(&staged);
    copy(case, &staged);
    staged.canonicalize().unwrap()
}

fn run_case(orig: &Path, name: &str) -> Result<(), Failed> {
    let staged = orig
        .join("_node_modules")
        .exists()
        .then(|| stage(orig, name));
    let case = staged.as_deref().unwrap_or(orig);
    let cfg = config(case);
    let format = cfg
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or("esm")
        .to_string();
    let ext = match format.as_str() {
        "esm" => "mjs",
        "cjs" => "cjs",
        _ => "js",
    };
    let out_dir = root().join("target/fixture-out").join(name);
    let _ = fs::remove_dir_all(&out_dir);
    fs::create_dir_all(&out_dir).unwrap();
    let out_file = out_dir.join(format!("out.{ext}"));
    // A failing build must leave this file as it is.
    fs::write(&out_file, PREVIOUS_OUTPUT).unwrap();

    let entry = cfg
        .get("entry")
        .and_then(Value::as_str)
        .map(String::from)
        .unwrap_or_else(|| default_entry(case));
    let mut args: Vec<String> = vec!["build".into(), entry];
    // `OUT` in arguments (or `OUT/…`) stands for this case's output folder.
    let extra: Vec<String> = strings(&cfg, "args")
        .into_iter()
        .map(|a| match a.strip_prefix("OUT") {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                format!("{}{rest}", out_dir.to_string_lossy())
            }
            _ => a,
        })
        .collect();
    if !extra.iter().any(|a| a == "--outdir") {
        args.push("--outfile".into());
        args.push(out_file.to_string_lossy().into_owned());
    }
    args.push("--format".into());
    args.push(format.clone());
    args.extend(extra.iter().cloned());
    let sourcemap_markers = strings(&cfg, "sourcemap");
    if !sourcemap_markers.is_empty() && !extra.iter().any(|a| a.starts_with("--sourcemap")) {
        args.push("--sourcemap".into());
    }

    let mut stdout = Vec::new();
    let mut stderr = NoColor::new(Vec::new());
    let code = sheaf_cli::run(
        args.iter().map(Into::into).collect(),
        case,
        &mut stdout,
        &mut stderr,
    );
    // The output folder differs per machine; expectations call it OUT.
    let stderr = String::from_utf8(stderr.into_inner())
        .unwrap()
        .replace(&*out_dir.to_string_lossy(), "OUT");

    let expected_stderr = orig.join("_expected_stderr.txt");
    if expected_stderr.exists() {
        if code != 1 {
            return Err(
                format!("expected the build to fail, got exit code {code}\n{stderr}").into(),
            );
        }
        let written: Vec<_> = fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        if written.len() != 1 || fs::read_to_string(&out_file).unwrap() != PREVIOUS_OUTPUT {
            return Err(format!("a failed build touched the output folder: {written:?}").into());
        }
        return Ok(check_expected(&expected_stderr, &stderr, "stderr")?);
    }
    if code != 0 {
        return Err(format!("build failed with exit code {code}\n{stderr}").into());
    }
    let expected_warnings = orig.join("_expected_warnings.txt");
    if expected_warnings.exists() || !stderr.is_empty() {
        check_expected(&expected_warnings, &stderr, "warnings")?;
    }

    if extra.iter().any(|a| a == "--outdir") {
        // Output files are `.js`: say which module system they use.
        let kind = if format == "esm" {
            "module"
        } else {
            "commonjs"
        };
        fs::write(
            out_dir.join("package.json"),
            format!("{{\"type\":\"{kind}\"}}"),
        )
        .unwrap();
    }
    let run_files = strings(&cfg, "runFiles");
    let run_file = match cfg.get("runFile").and_then(Value::as_str) {
        Some(f) => out_dir.join(f),
        None if !run_files.is_empty() => out_dir.join(&run_files[0]),
        None => out_file.clone(),
    };
    // Several outputs run in one process, in order (shared chunks load once).
    let node_target = if run_files.is_empty() {
        run_file.clone()
    } else {
        let driver = out_dir.join("_run.mjs");
        let imports: String = run_files
            .iter()
            .map(|f| format!("await import({:?});\n", format!("./{f}")))
            .collect();
        fs::write(&driver, imports).unwrap();
        driver
    };
    let bundle =
        fs::read_to_string(&run_file).map_err(|e| format!("{}: {e}", run_file.display()))?;
    for s in strings(&cfg, "contains") {
        if !bundle.contains(&s) {
            return Err(format!("bundle does not contain {s:?}\n{bundle}").into());
        }
    }
    for s in strings(&cfg, "notContains") {
        if bundle.contains(&s) {
            return Err(format!("bundle contains {s:?}\n{bundle}").into());
        }
    }
    if !sourcemap_markers.is_empty() {
        check_sourcemap(&run_file, &bundle, &sourcemap_markers)?;
    }
    if cfg.get("es5").and_then(Value::as_bool) == Some(true) {
        support::parses_as_es5(&run_file)?;
    }
    // Every JavaScript output parses at its target (unless acorn itself cannot:
    // `"parse": false`, for input nested deeper than its stack).
    if cfg.get("parse").and_then(Value::as_bool) != Some(false) {
        let es5 = extra
            .windows(2)
            .any(|w| w[0] == "--target" && w[1] == "es5");
        let outputs = js_outputs(&out_dir);
        support::parse_outputs(&outputs, if es5 { "5" } else { "latest" }, format == "esm")?;
    }

    if cfg.get("run").and_then(Value::as_bool) != Some(false) {
        let out = Command::new("node")
            .arg(&node_target)
            .current_dir(case)
            .output()
            .map_err(|e| format!("node: {e}"))?;
        let node_stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            return Err(format!(
                "node exited with {}\nstdout:\n{node_stdout}\nstderr:\n{}\nbundle:\n{bundle}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let expected = orig.join("_expected.txt");
        if expected.exists() || std::env::var_os("UPDATE_EXPECT").is_some() {
            check_expected(&expected, &node_stdout, "node stdout")
                .map_err(|e| format!("{e}\nbundle:\n{bundle}"))?;
        }
    }
    if case.join("_test.mjs").exists() {
        let out = Command::new("node")
            .arg(case.join("_test.mjs"))
            .arg(&run_file)
            .current_dir(case)
            .output()
            .map_err(|e| format!("node: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "_test.mjs failed\n{}{}\nbundle:\n{bundle}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
    }
    Ok(())
}

/// The JavaScript files a build wrote (not the runner's own `_run.mjs`).
fn js_outputs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(js_outputs(&p));
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("js" | "mjs" | "cjs")
        ) && p.file_name().is_some_and(|n| n != "_run.mjs")
        {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// `marker`, and when it is a string in double quotes, the same string in
/// backticks and in single quotes.
fn quote_variants(marker: &str) -> Vec<String> {
    let mut variants = vec![marker.to_string()];
    if let Some(inner) = (marker.len() >= 2)
        .then(|| marker.strip_prefix('"')?.strip_suffix('"'))
        .flatten()
    {
        variants.push(format!("`{inner}`"));
        variants.push(format!("'{inner}'"));
    }
    variants
}

/// Finds each marker in the bundle, looks its position up in the source map, and
/// checks that it lands on the same marker in the original file.
fn check_sourcemap(bundle_path: &Path, bundle: &str, markers: &[String]) -> Result<(), Failed> {
    let map_bytes = if let Some(i) = bundle.find("sourceMappingURL=data:application/json;base64,") {
        use base64::Engine;
        let b64 = bundle[i + "sourceMappingURL=data:application/json;base64,".len()..].trim();
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| e.to_string())?
    } else {
        let mut p = bundle_path.as_os_str().to_owned();
        p.push(".map");
        fs::read(PathBuf::from(p)).map_err(|e| format!("source map: {e}"))?
    };
    let map = swc_sourcemap::SourceMap::from_slice(&map_bytes)
        .map_err(|e| format!("bad source map: {e}"))?;
    for marker in markers {
        // A string marker matches in any quotes: a minifier picks its own
        // (oxc's printer writes backticks where they cost nothing more).
        let variants = quote_variants(marker);
        let offset = (variants.iter())
            .find_map(|v| bundle.find(v.as_str()))
            .ok_or_else(|| format!("marker {marker:?} not in bundle"))?;
        let line = bundle[..offset].matches('\n').count() as u32;
        let line_start = bundle[..offset].rfind('\n').map_or(0, |i| i + 1);
        let col = bundle[line_start..offset].encode_utf16().count() as u32;
        let token = map
            .lookup_token(line, col)
            .ok_or_else(|| format!("no mapping for {marker:?} at {line}:{col}"))?;
        let src_idx = token.get_src_id();
        let contents = map
            .get_source_contents(src_idx)
            .ok_or_else(|| format!("no sourcesContent for {marker:?}"))?
            .to_string();
        let source_name = map
            .get_source(src_idx)
            .map(|s| s.to_string())
            .unwrap_or_default();
        let orig_line = token.get_src_line() as usize;
        let orig_col = token.get_src_col() as usize;
        let text_line = contents
            .lines()
            .nth(orig_line)
            .ok_or("mapped line out of range")?;
        let at = String::from_utf16_lossy(
            &text_line
                .encode_utf16()
                .skip(orig_col)
                .collect::<Vec<u16>>(),
        );
        if !variants.iter().any(|v| at.starts_with(v.as_str())) {
            return Err(format!(
                "{marker:?} maps to {source_name}:{}:{orig_col}, which reads {at:?}",
                orig_line + 1
            )
            .into());
        }
        // The map's source path must point at the real file.
        let dir = bundle_path.parent().unwrap();
        let source_path = dir.join(&source_name);
        if fs::read_to_string(&source_path)
            .map(|t| t != contents)
            .unwrap_or(true)
        {
            return Err(format!(
                "source {source_name} does not resolve to the original file from {}",
                dir.display()
            )
            .into());
        }
    }
    Ok(())
}
