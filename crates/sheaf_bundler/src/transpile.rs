//! `sheaf transform`: transpile files and folders one by one, without bundling,
//! keeping the folder structure.
//!
//! Example: `sheaf transform src --outdir lib --target es2017` writes `lib/a.js`
//! for `src/a.ts` and `lib/ui/b.js` for `src/ui/b.tsx`; imports stay as written.
//!
//! Why in the bundler crate: it shares the options, the parallel runner, the
//! diagnostics and the atomic write with `build`.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sheaf_common::{diagnostic::sort_diagnostics, BuildOptions, Diagnostic};
use sheaf_ecma::{transpile_file, Define, EcmaContext, LoadOptions, Lowering};

use crate::{BuildOutput, OutputAsset};

const SOURCE_EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];

/// The output extension for a source file: TypeScript and JSX become JavaScript.
fn output_extension(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "mjs" | "mts" => "mjs",
        "cjs" | "cts" => "cjs",
        _ => "js",
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if name != "node_modules" && !name.starts_with('.') {
                collect(&path, out)?;
            }
        } else if !name.ends_with(".d.ts")
            && path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| SOURCE_EXTENSIONS.contains(&x))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// What transpiling needs once per run: the context, the defines, a resolver
/// (only for tsconfig.json look-ups: decorators, class fields) and the lowering.
struct Setup {
    ctx: EcmaContext,
    define: Define,
    resolver: sheaf_resolve::Resolver,
    lowering: Lowering,
}

impl Setup {
    fn new(options: &BuildOptions) -> Result<Setup, Vec<Diagnostic>> {
        crate::guard::ensure_global_pool();
        let ctx = EcmaContext::new();
        let define = Define::parse(&ctx, &options.define)?;
        let resolver = sheaf_resolve::Resolver::new(options.platform, Vec::new(), &options.cwd);
        let lowering =
            Lowering::from_target(options.target.as_deref(), &options.cwd).map_err(|d| vec![d])?;
        Ok(Setup {
            ctx,
            define,
            resolver,
            lowering,
        })
    }

    fn load_options<'a>(&'a self, options: &'a BuildOptions, file: &Path) -> LoadOptions<'a> {
        LoadOptions {
            module_type: None,
            jsx: &options.jsx,
            classes: crate::scan::classes_for(&self.resolver, file),
            define: &self.define,
            lowering: &self.lowering,
            name_hint: "module",
            asset_urls: false,
        }
    }
}

/// One source text transpiled as `path` would be (the JS API's `transform`):
/// TypeScript, JSX, `define`, `--target` lowering, `--minify`. With
/// `options.sourcemap`, also its map (sources relative to `path`'s folder).
pub fn transpile_source(
    options: &BuildOptions,
    path: &Path,
    source: String,
) -> Result<sheaf_ecma::Transpiled, Vec<Diagnostic>> {
    let setup = Setup::new(options)?;
    let dir = path.parent().unwrap_or(&options.cwd);
    let name = path.with_extension(output_extension(path));
    let name = name
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::guard::guard_stage(
        || format!("transforming {}", path.display()),
        || {
            transpile_file(
                &setup.ctx,
                path,
                source,
                &setup.load_options(options, path),
                options.minify,
                options.sourcemap.map(|_| (dir, name.as_str())),
            )
        },
    )
}

/// Transpiles `options.entries` (files or folders). With no `out_dir`, exactly one
/// file is allowed and its output is returned with an empty path (for stdout).
pub fn transpile(options: &BuildOptions) -> Result<BuildOutput, Vec<Diagnostic>> {
    let setup = Setup::new(options)?;
    let mut files = Vec::new();
    let mut roots = Vec::new();
    let mut errors = Vec::new();
    for input in &options.entries {
        let path = options.cwd.join(&input.path);
        if path.is_dir() {
            roots.push(path.clone());
            if let Err(e) = collect(&path, &mut files) {
                errors.push(Diagnostic::error(
                    "E_READ",
                    format!("Cannot read {}: {e}", path.display()),
                ));
            }
        } else if path.is_file() {
            roots.push(path.parent().unwrap_or(Path::new("/")).to_path_buf());
            files.push(path);
        } else {
            errors.push(Diagnostic::error(
                "E_ENTRY",
                format!("\"{}\" not found", input.path),
            ));
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error("E_OPTIONS", "No files to transform")
                .with_help("usage: sheaf transform src --outdir lib"),
        );
    }
    if options.out_dir.is_none() && files.len() > 1 {
        errors.push(Diagnostic::error(
            "E_OPTIONS",
            "Several files to transform: --outdir is required",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let base = crate::naming::common_folder(roots.iter().map(PathBuf::as_path));
    let results: Vec<Result<Vec<OutputAsset>, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|file| {
            let out = match &options.out_dir {
                Some(dir) => {
                    let rel = file.strip_prefix(&base).unwrap_or(file);
                    options
                        .cwd
                        .join(dir)
                        .join(rel)
                        .with_extension(output_extension(file))
                }
                None => PathBuf::new(),
            };
            let source = std::fs::read_to_string(file).map_err(|e| {
                vec![Diagnostic::error(
                    "E_READ",
                    format!("Cannot read {}: {e}", file.display()),
                )]
            })?;
            let name = out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let map_dir = out
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| options.cwd.clone());
            let wants_map = options.sourcemap.is_some() && options.out_dir.is_some();
            let t = transpile_file(
                &setup.ctx,
                file,
                source,
                &setup.load_options(options, file),
                options.minify,
                wants_map.then_some((map_dir.as_path(), name.as_str())),
            )?;
            let assets =
                crate::generate::with_source_map(out, t.code, t.map.zip(options.sourcemap), None);
            Ok(assets)
        })
        .collect();
    let mut assets = Vec::new();
    for r in results {
        match r {
            Ok(a) => assets.extend(a),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        sort_diagnostics(&mut errors);
        return Err(errors);
    }
    Ok(BuildOutput {
        assets,
        warnings: Vec::new(),
        metafile: serde_json::Value::Null,
        modules: 0,
        modules_loaded: 0,
        timings: Vec::new(),
        graph: Vec::new(),
        emitted_chunks: Vec::new(),
    })
}
