//! Options from the command line and `sheaf.config.json`, merged and validated
//! into one `BuildOptions`. The command line wins over the file.
//!
//! Example `sheaf.config.json`:
//! ```json
//! { "entries": ["src/main.ts"], "outdir": "dist", "format": "esm",
//!   "define": { "DEBUG": "false" }, "external": ["react"], "sourcemap": true }
//! ```
//!
//! Why strict: an unknown key is an error naming the key, so a typo such as
//! `"outDir"` for `"outdir"` does not silently build something else.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sheaf_common::{
    BuildOptions, Diagnostic, EntryPoint, ExportsMode, Format, JsxRuntime, LegalComments, Platform,
    Polyfills, SourceMapMode,
};

use crate::{
    args::{BuildArgs, JsxArg, SourceMapArg, TransformArgs},
    option_error,
};

#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfigFile {
    entries: Option<Vec<String>>,
    outfile: Option<PathBuf>,
    outdir: Option<PathBuf>,
    format: Option<String>,
    platform: Option<String>,
    global_name: Option<String>,
    external: Option<Vec<String>>,
    define: Option<std::collections::BTreeMap<String, String>>,
    sourcemap: Option<serde_json::Value>,
    jsx: Option<String>,
    jsx_import_source: Option<String>,
    target: Option<String>,
    minify: Option<bool>,
    legal_comments: Option<String>,
    polyfills: Option<String>,
    splitting: Option<bool>,
    tree_shaking: Option<bool>,
    exports: Option<String>,
    unresolved: Option<String>,
    entry_names: Option<String>,
    chunk_names: Option<String>,
    asset_names: Option<String>,
    asset_inline_limit: Option<usize>,
    metafile: Option<PathBuf>,
    mode: Option<String>,
    base: Option<String>,
    /// `{ "vendor": ["react", "react-dom"] }`, in the file's order.
    manual_chunks: Option<indexmap::IndexMap<String, Vec<String>>>,
    min_chunk_size: Option<usize>,
    max_initial_chunks: Option<usize>,
    /// Rollup's option: `"strict"`, `"exports-only"` (default), `"allow-extension"` or `false`.
    preserve_entry_signatures: Option<serde_json::Value>,
}

fn read_config(path: &Path, explicit: bool) -> Result<ConfigFile, Vec<Diagnostic>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(_) if !explicit => return Ok(ConfigFile::default()),
        Err(e) => {
            return Err(vec![option_error(format!(
                "Cannot read config file {}: {e}",
                path.display()
            ))])
        }
    };
    serde_json::from_str(&text).map_err(|e| {
        let source: std::sync::Arc<str> = text.as_str().into();
        let offset = line_col_offset(&text, e.line(), e.column());
        vec![Diagnostic::error("E_CONFIG", format!("Invalid config file: {e}"))
            .with_label(sheaf_common::Label::new(path.to_path_buf(), source, offset, offset))
            .with_help("keys: entries, outfile, outdir, format, platform, globalName, external, define, sourcemap, jsx, jsxImportSource, target, minify, legalComments, polyfills, splitting, treeShaking, exports, unresolved, entryNames, chunkNames, assetNames, assetInlineLimit, metafile, mode, base, manualChunks, minChunkSize, maxInitialChunks, preserveEntrySignatures")]
    })
}

fn line_col_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Options for `sheaf transform` (no config file: every option is on the command line).
pub fn transform_options(t: TransformArgs, cwd: &Path) -> Result<BuildOptions, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut define = Vec::new();
    for d in &t.define {
        match d.split_once('=') {
            Some((k, v)) => define.push((k.to_string(), v.to_string())),
            None => errors.push(option_error(format!("--define {d:?} is not KEY=EXPR"))),
        }
    }
    if t.sourcemap.is_some() && t.outdir.is_none() {
        errors.push(option_error("--sourcemap needs --outdir"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(BuildOptions {
        cwd: cwd.to_path_buf(),
        entries: t
            .inputs
            .into_iter()
            .map(|path| EntryPoint { name: None, path })
            .collect(),
        out_dir: t.outdir,
        define,
        sourcemap: t.sourcemap.map(|s| match s {
            SourceMapArg::Linked => SourceMapMode::Linked,
            SourceMapArg::Inline => SourceMapMode::Inline,
            SourceMapArg::External => SourceMapMode::External,
        }),
        jsx: sheaf_common::JsxOptions {
            runtime: t.jsx.map(|j| match j {
                JsxArg::Automatic => JsxRuntime::Automatic,
                JsxArg::Classic => JsxRuntime::Classic,
            }),
            import_source: t.jsx_import_source,
            ..Default::default()
        },
        target: t.target,
        minify: t.minify,
        ..Default::default()
    })
}

pub fn build_options(args: BuildArgs, cwd: &Path) -> Result<BuildOptions, Vec<Diagnostic>> {
    let (config_path, explicit) = match &args.config {
        Some(p) => (cwd.join(p), true),
        None => (cwd.join("sheaf.config.json"), false),
    };
    let file = read_config(&config_path, explicit)?;
    let mut errors = Vec::new();

    let entries_raw = if args.entries.is_empty() {
        file.entries.clone().unwrap_or_default()
    } else {
        args.entries.clone()
    };
    let entries = entries_raw
        .iter()
        .map(|e| match e.split_once('=') {
            Some((name, path)) if !name.is_empty() && !name.contains('/') => EntryPoint {
                name: Some(name.to_string()),
                path: path.to_string(),
            },
            _ => EntryPoint {
                name: None,
                path: e.clone(),
            },
        })
        .collect();

    use Format::{Cjs, Esm, Iife};
    let format = pick(
        args.format,
        file.format.as_deref(),
        "format",
        &[("esm", Esm), ("cjs", Cjs), ("iife", Iife)],
        &mut errors,
    )
    .unwrap_or(Esm);
    let platforms = [
        ("browser", Platform::Browser),
        ("node", Platform::Node),
        ("neutral", Platform::Neutral),
    ];
    let platform = pick(
        args.platform,
        file.platform.as_deref(),
        "platform",
        &platforms,
        &mut errors,
    )
    .unwrap_or(Platform::Browser);
    let sourcemap = match args.sourcemap {
        Some(SourceMapArg::Linked) => Some(SourceMapMode::Linked),
        Some(SourceMapArg::Inline) => Some(SourceMapMode::Inline),
        Some(SourceMapArg::External) => Some(SourceMapMode::External),
        None => match &file.sourcemap {
            None | Some(serde_json::Value::Bool(false)) => None,
            Some(serde_json::Value::Bool(true)) => Some(SourceMapMode::Linked),
            Some(serde_json::Value::String(s)) if s == "linked" => Some(SourceMapMode::Linked),
            Some(serde_json::Value::String(s)) if s == "inline" => Some(SourceMapMode::Inline),
            Some(serde_json::Value::String(s)) if s == "external" => Some(SourceMapMode::External),
            Some(other) => {
                errors.push(option_error(format!("Invalid sourcemap {other} in config (true, false, \"linked\", \"inline\", \"external\")")));
                None
            }
        },
    };
    let runtimes = [
        ("automatic", JsxRuntime::Automatic),
        ("classic", JsxRuntime::Classic),
    ];
    let jsx_runtime = pick(
        args.jsx,
        file.jsx.as_deref(),
        "jsx runtime",
        &runtimes,
        &mut errors,
    );
    let modes = [
        ("named", ExportsMode::Named),
        ("auto", ExportsMode::Auto),
        ("default", ExportsMode::Default),
    ];
    let exports = pick(
        args.exports,
        file.exports.as_deref(),
        "exports mode",
        &modes,
        &mut errors,
    )
    .unwrap_or_default();
    let modes = [
        ("inline", LegalComments::Inline),
        ("eof", LegalComments::Eof),
        ("none", LegalComments::None),
    ];
    let legal_comments = pick(
        args.legal_comments,
        file.legal_comments.as_deref(),
        "legalComments mode",
        &modes,
        &mut errors,
    )
    .unwrap_or(LegalComments::Inline);

    let extend_entries = match &file.preserve_entry_signatures {
        None => false,
        Some(serde_json::Value::Bool(false)) => true,
        Some(serde_json::Value::String(s)) if s == "allow-extension" => true,
        Some(serde_json::Value::String(s)) if s == "strict" || s == "exports-only" => false,
        Some(other) => {
            errors.push(option_error(format!(
                "Invalid preserveEntrySignatures {other} in config (\"strict\", \"exports-only\", \"allow-extension\", false)"
            )));
            false
        }
    };

    let modes = [
        ("usage", Polyfills::Usage),
        ("entry", Polyfills::Entry),
        ("off", Polyfills::Off),
    ];
    let polyfills = pick(
        args.polyfills,
        file.polyfills.as_deref(),
        "polyfills mode",
        &modes,
        &mut errors,
    )
    .unwrap_or(Polyfills::Off);
    let unresolved_external = pick(
        args.unresolved,
        file.unresolved.as_deref(),
        "unresolved mode",
        &[("error", false), ("external", true)],
        &mut errors,
    )
    .unwrap_or(false);

    let mut define: Vec<(String, String)> = file
        .define
        .clone()
        .unwrap_or_default()
        .into_iter()
        .collect();
    for d in &args.define {
        match d.split_once('=') {
            Some((k, v)) => {
                define.retain(|(key, _)| key != k);
                define.push((k.to_string(), v.to_string()));
            }
            None => errors.push(option_error(format!("--define {d:?} is not KEY=EXPR"))),
        }
    }
    let mut external = file.external.clone().unwrap_or_default();
    external.extend(args.external.iter().cloned());

    let global_name = args.global_name.or(file.global_name);
    if global_name.is_some() && format != Format::Iife {
        errors.push(option_error("--global-name only applies to --format iife"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(BuildOptions {
        cwd: cwd.to_path_buf(),
        entries,
        out_file: args.outfile.or(file.outfile),
        out_dir: args.outdir.or(file.outdir),
        format,
        platform,
        global_name,
        external,
        define,
        sourcemap,
        jsx: sheaf_common::JsxOptions {
            runtime: jsx_runtime,
            import_source: args.jsx_import_source.or(file.jsx_import_source),
            ..Default::default()
        },
        target: args.target.or(file.target),
        minify: args.minify || file.minify.unwrap_or(false),
        legal_comments,
        polyfills,
        splitting: args.splitting || file.splitting.unwrap_or(false),
        keep_unused: !args.tree_shaking.or(file.tree_shaking).unwrap_or(true),
        exports,
        unresolved_external,
        entry_names: args.entry_names.or(file.entry_names),
        chunk_names: args.chunk_names.or(file.chunk_names),
        asset_names: args.asset_names.or(file.asset_names),
        asset_inline_limit: args.asset_inline_limit.or(file.asset_inline_limit),
        metafile: args.metafile.or(file.metafile),
        chunks: sheaf_common::ChunkOptions {
            manual: file
                .manual_chunks
                .map(|m| m.into_iter().collect())
                .unwrap_or_default(),
            min_size: file.min_chunk_size,
            max_initial: file.max_initial_chunks,
            extend_entries,
        },
        threads: args.threads,
        mode: args.mode.or(file.mode),
        base: args.base.or(file.base),
        root: None,
        virtual_files: Vec::new(),
        dev_server: false,
        hooks: Default::default(),
        analyze_page: args.analyze == Some(crate::args::AnalyzeArg::Html),
        want_metafile: args.analyze.is_some(),
        progress: None,
        exits_after: false,
    })
}

/// An option with named values: the command line's (a clap value, by its name)
/// wins over the config file's string; `None` when neither gives one. A name
/// not in `values` is an error that lists them.
fn pick<T: Copy>(
    cli: Option<impl clap::ValueEnum>,
    file: Option<&str>,
    what: &str,
    values: &[(&str, T)],
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    let cli = cli.and_then(|c| c.to_possible_value());
    let name = cli.as_ref().map(|v| v.get_name()).or(file)?;
    match values.iter().find(|(n, _)| *n == name) {
        Some((_, v)) => Some(*v),
        None => {
            let names: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
            errors.push(option_error(format!(
                "Unknown {what} {name:?} in config ({})",
                names.join(", ")
            )));
            None
        }
    }
}
