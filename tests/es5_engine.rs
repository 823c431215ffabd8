//! ES5 output in a real ES5 engine: one test per program and build variant.
//!
//! Each `tests/packages/es5/<program>/main.js` uses modern syntax and built-ins
//! (private fields, async generators, `Promise.any`, `Map`, `replaceAll`, …). It
//! is bundled with `--format iife --target es5 --polyfills usage` (core-js from
//! the pinned `tests/packages` lockfile), plain and minified, and run in
//! Duktape (`duk`, Debian's `duktape`; ES5.1 with no `Promise`, `Map` or
//! `Symbol`) after `_prelude.js`, which makes it look like an ES5 browser. What
//! it prints must equal what Node prints for the unbundled program. The same
//! for the real packages of `tests/packages/cases` that an ES5 browser can run.
//!
//! Why a real engine: Node with built-ins deleted still parses and runs newer
//! syntax and keeps internals the polyfills rely on; an ES5 engine shows at once
//! when a polyfill never runs or runs before the one it builds on.

use std::{fs, path::Path, process::Command};

use libtest_mimic::{Arguments, Failed, Trial};

#[path = "support.rs"]
mod support;
use support::root;

fn main() {
    let args = Arguments::from_args();
    let dir = root().join("tests/packages/es5");
    let programs: Vec<_> = support::sorted_entries(&dir)
        .into_iter()
        .filter(|p| p.join("main.js").exists())
        .collect();
    let mut trials = Vec::new();
    for program in programs {
        let name = program.file_name().unwrap().to_string_lossy().into_owned();
        for minify in [false, true] {
            let program = program.clone();
            let variant = if minify { "min" } else { "plain" };
            trials.push(Trial::test(format!("{name}/{variant}"), move || {
                run(&program, minify)
            }));
        }
    }
    // The real packages' cases (tests/packages.rs) that need nothing an ES5
    // browser lacks and core-js cannot add. Left out: immer (`Proxy`), nanoid and
    // uuid (`crypto`), zod (`BigInt`), react-dom's server (`MessageChannel`).
    for case in [
        "chalk",
        "classnames",
        "date-fns",
        "dayjs",
        "lodash",
        "lodash-es",
        "ms",
        "preact",
        "qs",
        "ramda",
        "rxjs",
        "semver",
        "three",
    ] {
        let program = root().join("tests/packages/cases").join(case);
        trials.push(Trial::test(format!("packages/{case}"), move || {
            run_in(&program, "main.mjs", false)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn run(program: &Path, minify: bool) -> Result<(), Failed> {
    run_in(program, "main.js", minify)
}

/// Bundles `program/entry` for ES5 with polyfills and runs it in Duktape; it
/// must print what Node prints for the unbundled program.
fn run_in(program: &Path, entry: &str, minify: bool) -> Result<(), Failed> {
    if !root().join("tests/packages/node_modules/core-js").exists() {
        return Err("tests/packages/node_modules is missing: run `npm ci --prefix tests/packages` (scripts/test.sh does)".into());
    }
    let name = program.file_name().unwrap().to_string_lossy().into_owned();
    let out_dir =
        root()
            .join("target/es5-out")
            .join(&name)
            .join(if minify { "min" } else { "plain" });
    let _ = fs::remove_dir_all(&out_dir);
    let out_file = out_dir.join("out.js");
    let args = [
        entry,
        "--format",
        "iife",
        "--target",
        "es5",
        "--polyfills",
        "usage",
    ];
    support::build_to(program, &args, &out_file, minify)?;
    support::parses_as_es5(&out_file)?;

    let es5 = root().join("tests/packages/es5");
    let script = out_dir.join("duk.js");
    fs::write(
        &script,
        [
            fs::read_to_string(es5.join("_prelude.js"))?,
            fs::read_to_string(&out_file)?,
            fs::read_to_string(es5.join("_drain.js"))?,
        ]
        .join("\n;\n"),
    )?;
    let duk = Command::new("duk").arg(&script).output().map_err(|e| {
        format!("cannot run duk ({e}): install Debian's duktape (scripts/test.sh does)")
    })?;
    let actual = String::from_utf8_lossy(&duk.stdout);
    let expected = support::node(Path::new(entry), program)?;
    if !duk.status.success() || actual != expected {
        return Err(format!(
            "duk {} printed:\n{actual}{}\n--- node printed for the unbundled program:\n{expected}",
            script.display(),
            String::from_utf8_lossy(&duk.stderr)
        )
        .into());
    }
    Ok(())
}
