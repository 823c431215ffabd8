//! Differential fuzzing of the bundler: every generated program (see
//! [`generate`]) is run unbundled under Node and bundled by sheaf in each
//! variant (esm, cjs, iife, minified, code-split); what it prints must be the
//! same, and no build may fail or panic.
//!
//! Run many seeds locally with `cargo run -p sheaf_fuzz --release -- --seeds 100000`;
//! CI runs a fixed seed set (`tests/fuzz.rs`). A failing seed prints its
//! program; each one found becomes a fixture in `fixtures/`.

pub mod generate;

use std::{path::Path, process::Command};

use codespan_reporting::term::termcolor::NoColor;

/// One way of bundling a program: output format and extra flags.
pub struct Variant {
    pub name: &'static str,
    pub format: &'static str,
    pub args: &'static [&'static str],
    pub splitting: bool,
}

pub const VARIANTS: &[Variant] = &[
    Variant {
        name: "esm",
        format: "esm",
        args: &[],
        splitting: false,
    },
    Variant {
        name: "cjs",
        format: "cjs",
        args: &[],
        splitting: false,
    },
    Variant {
        name: "iife",
        format: "iife",
        args: &[],
        splitting: false,
    },
    Variant {
        name: "esm-minify",
        format: "esm",
        args: &["--minify"],
        splitting: false,
    },
    Variant {
        name: "cjs-minify",
        format: "cjs",
        args: &["--minify"],
        splitting: false,
    },
    Variant {
        name: "esm-splitting",
        format: "esm",
        args: &[],
        splitting: true,
    },
    Variant {
        name: "cjs-splitting",
        format: "cjs",
        args: &[],
        splitting: true,
    },
];

/// The outcome of one seed.
pub enum Outcome {
    Same,
    /// The generated program itself does not run under Node (a generator bug).
    Invalid(String),
    Differs(String),
}

/// Generates the program of `seed` in `dir`, runs it unbundled and bundled.
pub fn check(seed: u64, dir: &Path) -> Outcome {
    let program = generate::generate(seed);
    for (name, src) in &program.files {
        std::fs::write(dir.join(name), src).expect("the work folder is writable");
    }
    let expected = match node(dir, &dir.join("main.mjs")) {
        Ok(out) => out,
        Err(e) => return Outcome::Invalid(e),
    };
    for v in VARIANTS {
        if program.tla && v.format != "esm" {
            continue;
        }
        match bundle_and_run(dir, v) {
            Ok(out) if same(&out, &expected, v.splitting) => {}
            Ok(out) => {
                return Outcome::Differs(format!(
                    "seed {seed}, variant {}: output differs\n--- node\n{expected}--- bundle\n{out}\n{}",
                    v.name,
                    listing(&program)
                ))
            }
            Err(e) => {
                return Outcome::Differs(format!(
                    "seed {seed}, variant {}: {e}\n{}",
                    v.name,
                    listing(&program)
                ))
            }
        }
    }
    Outcome::Same
}

/// Whether a bundle printed what Node printed. With code splitting a chunk
/// loads the chunks it imports before any of its own modules run, so a module
/// that comes first in its importer's list may run after a shared chunk (as in
/// esbuild and Rollup): there the lines must be the same, in any order.
fn same(out: &str, expected: &str, splitting: bool) -> bool {
    if !splitting {
        return out == expected;
    }
    fn sorted(s: &str) -> Vec<&str> {
        let mut lines: Vec<&str> = s.lines().collect();
        lines.sort_unstable();
        lines
    }
    sorted(out) == sorted(expected)
}

/// The program's files, for a failure report.
pub fn listing(program: &generate::Program) -> String {
    program
        .files
        .iter()
        .map(|(name, src)| format!("// ---- {name}\n{src}"))
        .collect()
}

fn node(cwd: &Path, file: &Path) -> Result<String, String> {
    let out = Command::new("node")
        .arg(file)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("node: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "node exited with {}\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

fn bundle_and_run(dir: &Path, v: &Variant) -> Result<String, String> {
    let out_dir = dir.join(format!("out-{}", v.name));
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let ext = match v.format {
        "esm" => "mjs",
        "cjs" => "cjs",
        _ => "js",
    };
    let mut args: Vec<String> = vec![
        "build".into(),
        "main.mjs".into(),
        "--format".into(),
        v.format.into(),
    ];
    let run_file = if v.splitting {
        args.extend([
            "--splitting".into(),
            "--outdir".into(),
            out_dir.to_string_lossy().into_owned(),
        ]);
        let kind = if v.format == "esm" {
            "module"
        } else {
            "commonjs"
        };
        std::fs::write(
            out_dir.join("package.json"),
            format!("{{\"type\":\"{kind}\"}}"),
        )
        .map_err(|e| e.to_string())?;
        out_dir.join("main.js")
    } else {
        let file = out_dir.join(format!("main.{ext}"));
        args.extend(["--outfile".into(), file.to_string_lossy().into_owned()]);
        file
    };
    args.extend(v.args.iter().map(|a| a.to_string()));
    let mut stdout = Vec::new();
    let mut stderr = NoColor::new(Vec::new());
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        sheaf_cli::run(
            args.iter().map(Into::into).collect(),
            dir,
            &mut stdout,
            &mut stderr,
        )
    }))
    .map_err(|_| "sheaf panicked".to_string())?;
    let stderr = String::from_utf8_lossy(stderr.get_ref()).into_owned();
    if code != 0 {
        return Err(format!("build failed ({code}):\n{stderr}"));
    }
    node(dir, &run_file)
}
