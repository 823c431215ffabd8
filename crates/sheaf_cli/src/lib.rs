//! The `sheaf` command line: parse arguments, merge the config file, run the
//! bundler, render diagnostics. The only crate that prints.
//!
//! Example: `sheaf build src/main.ts --outfile dist/main.js --sourcemap` → exit 0 and
//! a one-line summary; a missing export → a code frame on stderr and exit 1.
//!
//! Why a library: tests call [`run`] in-process with their own writers, and the
//! binary is a three-line wrapper around it.

mod analyze;
mod args;
mod config;
mod dev;

pub use dev::DevServer;
mod progress;
mod report;
mod watch;

use std::{ffi::OsString, io::Write, path::Path, time::Instant};

use clap::Parser;
use codespan_reporting::term::termcolor::WriteColor;
use sheaf_common::Diagnostic;

pub use report::render_diagnostics;

/// Runs sheaf with `args` (without the program name) in `cwd`; returns the exit code.
pub fn run(
    args: Vec<OsString>,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn WriteColor,
) -> i32 {
    run_in(args, cwd, stdout, stderr, false)
}

/// As [`run`], for a process that exits as soon as it returns (the `sheaf`
/// binary): a one-shot build leaves what it is done with to the OS instead
/// of freeing it (see `BuildOptions::exits_after`).
pub fn run_then_exit(
    args: Vec<OsString>,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn WriteColor,
) -> i32 {
    run_in(args, cwd, stdout, stderr, true)
}

fn run_in(
    args: Vec<OsString>,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn WriteColor,
    exits_after: bool,
) -> i32 {
    let cli = match args::Cli::try_parse_from(std::iter::once(OsString::from("sheaf")).chain(args))
    {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = stderr.write_all(text.as_bytes());
            } else {
                let _ = stdout.write_all(text.as_bytes());
            }
            return code;
        }
    };
    match cli.command {
        args::Command::Build(build) => run_build(*build, cwd, stdout, stderr, exits_after),
        args::Command::Transform(t) => run_transform(t, cwd, stdout, stderr),
        args::Command::Dev(d) => dev::run(d, cwd, stdout, stderr),
    }
}

fn run_transform(
    t: args::TransformArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn WriteColor,
) -> i32 {
    let options = match config::transform_options(t, cwd) {
        Ok(o) => o,
        Err(diags) => {
            render_diagnostics(&diags, cwd, stderr);
            return 1;
        }
    };
    let output = match sheaf_bundler::transpile(&options) {
        Ok(o) => o,
        Err(diags) => {
            render_diagnostics(&diags, cwd, stderr);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let _ = writeln!(
                stderr,
                "transform failed with {errors} error{}",
                if errors == 1 { "" } else { "s" }
            );
            return 1;
        }
    };
    if options.out_dir.is_none() {
        // One file, to standard output.
        if let Some(asset) = output.assets.first() {
            let _ = stdout.write_all(&asset.contents);
        }
        return 0;
    }
    if let Err(d) = sheaf_bundler::write(&output) {
        render_diagnostics(&[d], cwd, stderr);
        return 1;
    }
    let _ = writeln!(
        stdout,
        "transformed {} file(s)",
        output
            .assets
            .iter()
            .filter(|a| !a.path.to_string_lossy().ends_with(".map"))
            .count()
    );
    0
}

fn run_build(
    build: args::BuildArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn WriteColor,
    exits_after: bool,
) -> i32 {
    use args::LogLevelArg as Level;
    let started = Instant::now();
    let show_timings = build.timings;
    let analyze = build.analyze.is_some();
    let watch = build.watch;
    let level = build.log_level.unwrap_or(Level::Info);
    let mut options = match config::build_options(build, cwd) {
        Ok(o) => o,
        Err(diags) => {
            render_diagnostics(&diags, cwd, stderr);
            return 1;
        }
    };
    if watch {
        return watch::run(options, stdout, stderr);
    }
    options.exits_after = exits_after;
    let line = match level {
        Level::Info => {
            let p = std::sync::Arc::new(sheaf_common::progress::Progress::default());
            options.progress = Some(p.clone());
            progress::ProgressLine::start(p)
        }
        _ => None,
    };
    let built = sheaf_bundler::build(&options);
    drop(line);
    let output = match built {
        Ok(o) => o,
        Err(diags) => {
            if level >= Level::Error {
                let shown: Vec<_> = diags
                    .iter()
                    .filter(|d| d.is_error() || level >= Level::Warning)
                    .cloned()
                    .collect();
                render_diagnostics(&shown, &options.cwd, stderr);
                let _ = writeln!(stderr, "{}", failure_line(&diags));
            }
            return 1;
        }
    };
    if level >= Level::Warning {
        render_diagnostics(&output.warnings, &options.cwd, stderr);
    }
    if let Err(d) = sheaf_bundler::write(&output) {
        if level >= Level::Error {
            render_diagnostics(&[d], &options.cwd, stderr);
        }
        return 1;
    }
    if level < Level::Info {
        return 0;
    }
    for asset in &output.assets {
        let _ = writeln!(
            stdout,
            "  {}  {}",
            sheaf_bundler::write::display_path(&asset.path, &options.cwd),
            human_size(asset.contents.len())
        );
    }
    if analyze {
        analyze::print(&output.metafile, stdout);
    }
    if show_timings {
        for (stage, t) in &output.timings {
            let _ = writeln!(stdout, "  {stage:<12} {:>8.1} ms", t.as_secs_f64() * 1000.0);
        }
    }
    let _ = writeln!(stdout, "done in {} ms", started.elapsed().as_millis());
    0
}

/// The options of `sheaf build ARGS…` in `cwd` (config file included), as the
/// command line would build them: the JS API's options are turned into these
/// arguments, so both have one grammar and one set of checks.
pub fn build_options(
    args: Vec<String>,
    cwd: &Path,
) -> Result<sheaf_common::BuildOptions, Vec<Diagnostic>> {
    let argv = ["sheaf".to_string(), "build".to_string()]
        .into_iter()
        .chain(args);
    match args::Cli::try_parse_from(argv) {
        Ok(args::Cli {
            command: args::Command::Build(build),
        }) => config::build_options(*build, cwd),
        Ok(_) => Err(vec![option_error("expected the options of `sheaf build`")]),
        Err(e) => Err(vec![option_error(e.render().to_string().trim_end())]),
    }
}

/// Starts `sheaf dev ARGS…` in `cwd` with the build options of `sheaf build
/// BUILD_ARGS…` (the JS API's options) and plugins' `hooks`, instead of the
/// project's sheaf.config.json.
pub fn dev_start(
    args: Vec<String>,
    build_args: Vec<String>,
    cwd: &Path,
    hooks: sheaf_common::hooks::Hooks,
) -> Result<DevServer, Vec<Diagnostic>> {
    let argv = ["sheaf".to_string(), "dev".to_string()]
        .into_iter()
        .chain(args);
    let dev = match args::Cli::try_parse_from(argv) {
        Ok(args::Cli {
            command: args::Command::Dev(dev),
        }) => dev,
        Ok(_) => return Err(vec![option_error("expected the options of `sheaf dev`")]),
        Err(e) => return Err(vec![option_error(e.render().to_string().trim_end())]),
    };
    let (root, _) = dev::page_paths(&dev, cwd);
    let mut base = build_options(build_args, &root)?;
    base.hooks = hooks;
    dev::start(dev, cwd, Some(base))
}

/// Diagnostics rendered as the CLI prints them, without colours.
pub fn render_to_string(diags: &[Diagnostic], cwd: &Path) -> String {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render_diagnostics(diags, cwd, &mut out);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// `build failed with 2 errors`.
pub(crate) fn failure_line(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    format!(
        "build failed with {errors} error{}",
        if errors == 1 { "" } else { "s" }
    )
}

pub(crate) fn human_size(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    }
}

/// An error that is not about a place in a source file.
pub(crate) fn option_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("E_OPTIONS", message)
}
