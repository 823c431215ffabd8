//! Generate: render the linked modules in parallel, join them in execution order
//! with the helpers, namespace objects and import/export glue of the chosen format,
//! and build one source map for the whole output file.
//!
//! Example (esm, one import from an external):
//! ```js
//! import { render } from "preact";
//! // src/app.js
//! const App = () => render(...);
//! export { App };
//! ```
//!
//! Why one pass per output: rendering is the expensive part and runs on rayon;
//! joining is a string concatenation that also shifts each module's mappings.

use std::{
    borrow::Cow,
    path::{Path, PathBuf},
};

use base64::Engine;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sheaf_common::{is_identifier, BuildOptions, Diagnostic, Format, SourceMapMode};
use sheaf_ecma::{
    render_helpers, render_module, render_module_owned, EcmaContext, Imported, Lowering, Mappings,
    ModuleAst, RenderPlan, RenderedModule, Replacement,
};

use crate::{
    graph::ModuleGraph,
    link::{ChunkPlan, LinkOutput, ModulePlan, NamespaceObject},
    naming::{content_hashes, fill_placeholders, output_root, placeholders_in, relative_specifier},
    runtime::Helper,
    write::display_path,
};

mod sections;
mod writer;
pub(crate) use writer::newlines;
use writer::ChunkWriter;

/// One file to write: an absolute path and its bytes.
#[derive(Clone, Debug, Default)]
pub struct OutputAsset {
    pub path: PathBuf,
    pub contents: Vec<u8>,
    /// For a chunk (not a source map): what went into it.
    pub meta: Option<OutputMeta>,
    /// A JS chunk's source map while output hooks may still change the code;
    /// [`attach_maps`] turns it into `FILE.map` and the comment.
    pub map: Option<(String, SourceMapMode)>,
}

/// Where a chunk's code came from, for the metafile: per output file.
#[derive(Clone, Debug, Default)]
pub struct OutputMeta {
    /// Modules in the file and how many bytes of code each contributed.
    pub inputs: Vec<(crate::graph::ModuleIdx, usize)>,
    /// Other outputs it loads: (absolute path, `import()` or not).
    pub imports: Vec<(PathBuf, bool)>,
    pub exports: Vec<String>,
    pub entry_point: Option<crate::graph::ModuleIdx>,
}

/// Renders every module once (in parallel), then joins each chunk's modules with
/// its glue, hashes the chunks and fills in their final names. With
/// `owned_asts` (the ASTs taken out of the graph, indexed by module) the modules
/// are rendered without cloning their ASTs; otherwise the graph's ASTs are
/// borrowed and cloned.
pub fn generate(
    ctx: &EcmaContext,
    graph: &ModuleGraph,
    linked: &LinkOutput,
    options: &BuildOptions,
    lowering: Lowering,
    owned_asts: Option<&mut Vec<Option<ModuleAst>>>,
) -> Result<Vec<OutputAsset>, Vec<Diagnostic>> {
    let jobs: Vec<(&ModulePlan, Option<ModuleAst>)> = match owned_asts {
        Some(asts) => linked
            .modules
            .iter()
            .map(|p| (p, asts[p.module.index()].take()))
            .collect(),
        None => linked.modules.iter().map(|p| (p, None)).collect(),
    };
    let across = match options.minify {
        true => crate::read_outside::names_read_across(graph, linked),
        false => Default::default(),
    };
    // Largest first: React DOM's client alone is most of the small React app's
    // rendering (see `largest_first.rs`).
    let source_len = |(plan, owned): &(&ModulePlan, Option<ModuleAst>)| {
        (owned.as_ref())
            .unwrap_or(&graph.module(plan.module).ast)
            .source_len()
    };
    let minified_whole = minified_whole(linked, &jobs, source_len, options);
    let jobs: Vec<_> = jobs.into_iter().zip(minified_whole).collect();
    let source_len = |(job, _): &(_, bool)| source_len(job);
    let rendered: Vec<_> =
        crate::largest_first::largest_first(jobs, source_len, |((plan, owned), minified_whole)| {
            // Tree-shaken away (an owned AST is freed here, on the worker), or a
            // stylesheet: its chunk's CSS file holds it (see `chunk_css`; a CSS
            // module's code is its exports).
            let module = graph.module(plan.module);
            if !plan.included
                || (module.css.is_some() && !crate::css_modules::is_css_module(&module.path))
            {
                if let Some(ast) = owned {
                    sheaf_common::drop_unless_exiting(ast, options.exits_after);
                }
                return Ok(None);
            }
            let outside = crate::read_outside::read_outside(graph, plan, options, &across);
            let render_plan = RenderPlan {
                names: &plan.names,
                members: &plan.members,
                dynamic_imports: &plan.dynamic_imports,
                import_meta: plan.import_meta,
                requires: &plan.requires,
                commonjs: plan.cjs_factory.is_some(),
                prelude: &plan.prelude,
                lazy: plan.lazy_init.is_some(),
                live: plan.live.as_deref(),
                unused: &plan.unused,
                lowering,
                minify: options.minify,
                minified_whole,
                read_outside: outside.as_deref(),
                comments: true,
                legal_comments: options.legal_comments,
                positions: options.sourcemap.is_some(),
                strict: options.format == Format::Esm,
                exits_after: options.exits_after,
            };
            let path = &graph.module(plan.module).path;
            crate::guard::guard(
                || format!("rendering {}", display_path(path, &graph.cwd)),
                || match owned {
                    Some(ast) => render_module_owned(ctx, ast, &render_plan),
                    None => render_module(ctx, &graph.module(plan.module).ast, &render_plan),
                },
            )
            .map(Some)
        });
    let errors: Vec<Diagnostic> = rendered
        .iter()
        .filter_map(|r| r.as_ref().err().cloned())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let rendered: Vec<_> = rendered.into_iter().map(|r| r.ok().flatten()).collect();

    let mut joined: Vec<(ChunkWriter, Vec<(crate::graph::ModuleIdx, usize)>)> = linked
        .chunks
        .par_iter()
        .map(|chunk| {
            let (mut w, inputs) =
                join_chunk(ctx, graph, linked, chunk, &rendered, options, lowering);
            minify_whole_file(ctx, &mut w, options, lowering);
            (w, inputs)
        })
        .collect();
    let root = output_root(options);
    // Each chunk's CSS (the folder of its path is all `url()`s depend on, and it
    // has no hash), before hashing: a chunk's hash covers its stylesheet too.
    let css: Vec<_> = linked
        .chunks
        .par_iter()
        .map(|c| {
            let css_path = root.join(crate::link::css_file(&c.file));
            chunk_css(graph, linked, c, &css_path, options, lowering)
        })
        .collect::<Result<_, _>>()?;
    // With plugins' output hooks the placeholders stay: hashes are of the code
    // the hooks return (`plugin_output::fill_hashes`), as in Rollup.
    let hashes: Vec<String> = match crate::plugin_output::defers_hashes(options) {
        true => (0..linked.chunks.len())
            .map(crate::naming::placeholder)
            .collect(),
        // No name has a `[hash]`: nothing reads the hashes (only chunk names hold
        // placeholders, and code names chunks by their names).
        false if (linked.chunks.iter()).all(|c| placeholders_in(&c.file).is_empty()) => Vec::new(),
        false => {
            let hashed: Vec<Cow<str>> = joined
                .iter()
                .zip(&css)
                .map(|((w, _), css)| hash_input(&w.code, css.as_ref().map(|c| c.code.as_str())))
                .collect();
            content_hashes(&hashed.iter().map(|c| &**c).collect::<Vec<_>>())
        }
    };
    let paths: Vec<PathBuf> = linked
        .chunks
        .iter()
        .map(|c| root.join(&*fill_placeholders(&c.file, &hashes)))
        .collect();
    let mut assets = Vec::new();
    let chunks = linked.chunks.iter().zip(&mut joined).zip(&paths).zip(css);
    for (((chunk, (w, inputs)), out_path), css) in chunks {
        if let Cow::Owned(filled) = fill_placeholders(&w.code, &hashes) {
            w.code = filled;
        }
        let meta = OutputMeta {
            inputs: std::mem::take(inputs),
            imports: chunk
                .imports
                .iter()
                .map(|i| (paths[i.chunk.index()].clone(), false))
                .chain(
                    chunk
                        .dynamic_imports
                        .iter()
                        .map(|c| (paths[c.index()].clone(), true)),
                )
                .collect(),
            exports: chunk
                .exports
                .iter()
                .map(|(n, _)| n.clone())
                .chain(chunk.shared_exports.iter().cloned())
                .chain(
                    chunk
                        .entry_factory
                        .as_ref()
                        .filter(|_| options.format == Format::Esm)
                        .map(|_| "default".to_string()),
                )
                .collect(),
            entry_point: chunk.entry_module,
        };
        let css_path = out_path.with_extension("css");
        // A stylesheet entry: its CSS is the output (and carries the metadata).
        let css_entry = css.is_some()
            && chunk
                .entry_module
                .is_some_and(|m| graph.module(m).css.is_some());
        let css_meta = if css_entry {
            Some(meta)
        } else {
            // Maps from plugins (`transform`, `load`) of this chunk's modules.
            let input_maps: Vec<_> = meta
                .inputs
                .iter()
                .map(|(m, _)| graph.module(*m))
                .filter_map(|m| Some((m.path.as_path(), m.input_map.as_deref()?)))
                .collect();
            assets.extend(finish(ctx, w, out_path.clone(), options, meta, &input_maps));
            None
        };
        if let Some(css) = css {
            let map = css.map.zip(options.sourcemap);
            assets.extend(with_source_map(css_path, css.code, map, css_meta));
            assets.extend(css.files);
        }
    }
    // Every module's code and mappings, freed off the path to the output: on
    // the 10k app's `--minify --sourcemap` its drop was 4 ms of perf's samples
    // on one core at the very end (what a paired run cannot tell from noise).
    sheaf_common::drop_unless_exiting(joined, options.exits_after);
    sheaf_common::drop_later_unless_exiting(rendered, options.exits_after);
    Ok(assets)
}

/// `--minify`: per job, whether its module's output file is likely to be
/// minified again as a whole ([`minify_whole_file`]), judged by the source
/// of the file's modules before they are rendered.
fn minified_whole<J>(
    linked: &LinkOutput,
    jobs: &[J],
    source_len: impl Fn(&J) -> usize,
    options: &BuildOptions,
) -> Vec<bool> {
    let mut whole = vec![true; jobs.len()];
    if !options.minify {
        return whole;
    }
    for chunk in &linked.chunks {
        let source: usize = chunk.modules.iter().map(|&m| source_len(&jobs[m])).sum();
        if !sheaf_ecma::chunk_minify::likely(source) {
            for &m in &chunk.modules {
                whole[m] = false;
            }
        }
    }
    whole
}

/// `--minify`: the file minified once more as a whole, compressed and its
/// names mangled over all its scopes (see `sheaf_ecma::chunk_minify`, which
/// says which files), and its mappings looked up through the new code.
fn minify_whole_file(
    ctx: &EcmaContext,
    w: &mut ChunkWriter,
    options: &BuildOptions,
    lowering: Lowering,
) {
    use sheaf_ecma::chunk_minify;
    if !options.minify || !chunk_minify::applies(&w.code, lowering) {
        return;
    }
    let module = options.format == Format::Esm;
    let positions = options.sourcemap.is_some();
    let (code, tail) = w.code.split_at(w.legal_tail);
    let target = lowering.codegen_target();
    let Some(minified) = chunk_minify::minify_chunk(code, module, positions, target) else {
        return;
    };
    if positions {
        let mut parts: Vec<(u32, &Mappings)> = w.parts.clone();
        parts.extend(w.glue.iter().map(|(line, m)| (*line, m)));
        parts.sort_by_key(|(line, _)| *line);
        let mappings = ctx.remapped(&minified.tokens, &parts);
        w.parts.clear();
        w.glue = vec![(0, mappings)];
    }
    let tail = tail.to_string();
    w.code = minified.code;
    if !w.code.ends_with('\n') {
        w.code.push('\n');
    }
    w.code.push_str(&tail);
    w.legal_tail = w.code.len() - tail.len();
    w.line = newlines(&w.code);
}

/// What a chunk's `[hash]` is of: its code and its stylesheet's.
pub(crate) fn hash_input<'a>(js: &'a str, css: Option<&str>) -> Cow<'a, str> {
    match css {
        Some(css) => Cow::Owned(format!("{js}\n/* css */\n{css}")),
        None => Cow::Borrowed(js),
    }
}

/// The chunk's CSS file, when stylesheets landed in it (`X.css` next to `X.js`),
/// and the files its `url()`s name.
fn chunk_css(
    graph: &ModuleGraph,
    linked: &LinkOutput,
    chunk: &ChunkPlan,
    css_path: &Path,
    options: &BuildOptions,
    lowering: Lowering,
) -> Result<Option<crate::css::ChunkCss>, Vec<Diagnostic>> {
    let sheets: Vec<_> = chunk
        .modules
        .iter()
        .map(|&i| &linked.modules[i])
        .filter(|p| p.included && graph.module(p.module).css.is_some())
        .map(|p| p.module)
        .collect();
    // An `@import` that did not resolve is reported already; the build fails.
    let failed = |m: &crate::graph::ModuleIdx| {
        graph
            .module(*m)
            .resolved
            .contains(&crate::graph::ResolvedRecord::Failed)
    };
    if sheets.is_empty() || sheets.iter().any(failed) {
        return Ok(None);
    }
    crate::css::bundle_chunk(graph, &sheets, css_path, options, lowering).map(Some)
}

/// Builds the chunk's source map and returns the file with it (held back
/// until output hooks ran, see [`attach_maps`]).
fn finish(
    ctx: &EcmaContext,
    w: &mut ChunkWriter,
    out_path: PathBuf,
    options: &BuildOptions,
    meta: OutputMeta,
    input_maps: &[(&Path, &sheaf_ecma::InputMap)],
) -> Vec<OutputAsset> {
    let map = options.sourcemap.map(|_| {
        let file_name = out_path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let map_dir = out_path.parent().unwrap_or(Path::new("/"));
        // Modules and glue lines, in output order.
        let mut parts: Vec<(u32, &Mappings)> = w.parts.clone();
        parts.extend(w.glue.iter().map(|(line, m)| (*line, m)));
        parts.sort_by_key(|(line, _)| *line);
        ctx.build_source_map(&parts, map_dir, &file_name, input_maps)
    });
    vec![OutputAsset {
        path: out_path,
        contents: std::mem::take(&mut w.code).into_bytes(),
        meta: Some(meta),
        map: map.zip(options.sourcemap),
    }]
}

/// Chunks whose source maps were held back for output hooks get them now:
/// `FILE.map` and the `sourceMappingURL` comment, or an inline map.
pub fn attach_maps(assets: Vec<OutputAsset>) -> Vec<OutputAsset> {
    let mut out = Vec::with_capacity(assets.len());
    for mut a in assets {
        match a.map.take() {
            Some(map) => {
                let code =
                    String::from_utf8(std::mem::take(&mut a.contents)).expect("chunks are UTF-8");
                out.extend(with_source_map(a.path, code, Some(map), a.meta));
            }
            None => out.push(a),
        }
    }
    out
}

/// The output file and, for linked and external maps, `FILE.map`; linked maps
/// get a `sourceMappingURL` comment, inline maps are embedded as a data URL.
pub(crate) fn with_source_map(
    out_path: PathBuf,
    mut code: String,
    map: Option<(String, SourceMapMode)>,
    meta: Option<OutputMeta>,
) -> Vec<OutputAsset> {
    let mut map_asset = None;
    if let Some((map, mode)) = map {
        match mode {
            SourceMapMode::Linked => {
                let file_name = out_path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                code.push_str(&map_comment(&out_path, &format!("{file_name}.map")));
            }
            SourceMapMode::Inline => {
                let b64 = base64::engine::general_purpose::STANDARD.encode(map.as_bytes());
                let url = format!("data:application/json;base64,{b64}");
                code.push_str(&map_comment(&out_path, &url));
            }
            SourceMapMode::External => {}
        }
        if mode != SourceMapMode::Inline {
            let mut map_path = out_path.clone().into_os_string();
            map_path.push(".map");
            map_asset = Some(OutputAsset {
                path: map_path.into(),
                contents: map.into_bytes(),
                meta: None,
                map: None,
            });
        }
    }
    std::iter::once(OutputAsset {
        path: out_path,
        contents: code.into_bytes(),
        meta,
        map: None,
    })
    .chain(map_asset)
    .collect()
}

/// `//# sourceMappingURL=…`, or `/*# … */` in a stylesheet.
fn map_comment(out_path: &Path, url: &str) -> String {
    match out_path.extension().is_some_and(|e| e == "css") {
        true => format!("/*# sourceMappingURL={url} */\n"),
        false => format!("//# sourceMappingURL={url}\n"),
    }
}

/// One chunk's text: glue, helpers, namespace objects, CommonJS factories, lazy
/// initializers, hoisted modules in execution order, exports. Also returns how
/// many bytes each module contributed.
fn join_chunk<'r>(
    ctx: &EcmaContext,
    graph: &ModuleGraph,
    linked: &LinkOutput,
    chunk: &ChunkPlan,
    rendered: &'r [Option<RenderedModule>],
    options: &BuildOptions,
    lowering: Lowering,
) -> (ChunkWriter<'r>, Vec<(crate::graph::ModuleIdx, usize)>) {
    let mods = || {
        chunk
            .modules
            .iter()
            .filter_map(|&i| Some((&linked.modules[i], rendered[i].as_ref()?)))
    };
    // Room for the glue too (helpers, wrappers, path comments): when the
    // modules' code alone was reserved, the glue overflowed it and the
    // whole chunk was copied into a buffer twice its size. Capacity never
    // written costs address space, not memory.
    let capacity = mods().map(|(_, r)| r.code.len() + 256).sum::<usize>() + 64 * 1024;
    let mut w = ChunkWriter::with_capacity(capacity, chunk.modules.len());
    let iife = options.format == Format::Iife;
    if iife {
        match &options.global_name {
            Some(g) => {
                let parts: Vec<&str> = g.split('.').collect();
                let mut path = parts[0].to_string();
                if parts.len() > 1 {
                    w.line(&format!("var {path} = {path} || {{}};"));
                    for p in &parts[1..parts.len() - 1] {
                        path = format!("{path}.{p}");
                        w.line(&format!("{path} = {path} || {{}};"));
                    }
                    w.push(&format!("{g} = (function() {{\n"));
                } else {
                    w.push(&format!("var {g} = (function() {{\n"));
                }
            }
            None => w.push("(function() {\n"),
        }
    }
    // ES modules are strict code; a script is not, unless it says so. Bundled
    // CommonJS may be sloppy (`with`, `this` in plain calls), so then it is left out.
    // A chunk without code stays empty.
    if options.format != Format::Esm
        && mods().any(|(_, r)| !r.code.trim().is_empty())
        && !mods().any(|(p, _)| graph.is_commonjs(p.module))
    {
        w.line("\"use strict\";");
    }
    let specifier = |c: crate::link::ChunkIdx| {
        js_string(&relative_specifier(
            &chunk.file,
            &linked.chunks[c.index()].file,
        ))
    };
    if options.format == Format::Esm {
        for e in &chunk.externals {
            write_esm_import(&mut w, &e.specifier, &e.bindings);
        }
        for i in &chunk.imports {
            if i.names.is_empty() {
                w.line(&format!("import {};", specifier(i.chunk)));
            } else {
                w.line(&format!(
                    "import {{ {} }} from {};",
                    i.names.join(", "),
                    specifier(i.chunk)
                ));
            }
        }
    }
    if chunk.needs_require_shim {
        w.line("import { createRequire as __sheafCreateRequire } from \"module\";");
        w.line("var require = __sheafCreateRequire(import.meta.url);");
    }
    if chunk.needs_import_meta_shim {
        w.line(&format!(
            "var {} = {{ get url() {{ return require(\"url\").pathToFileURL(__filename).href; }}, get dirname() {{ return __dirname; }}, get filename() {{ return __filename; }} }};",
            sheaf_ecma::NODE_CJS_META
        ));
    }
    if chunk.needs_dirname_shim {
        w.line("import { fileURLToPath as __sheafFileURLToPath } from \"url\";");
        w.line("import { dirname as __sheafDirname } from \"path\";");
        w.line("var __filename = __sheafFileURLToPath(import.meta.url);");
        w.line("var __dirname = __sheafDirname(__filename);");
    }
    let node = options.platform == sheaf_common::Platform::Node;
    for (h, name) in &chunk.helpers {
        w.line(&match options.minify {
            true => h.named(h.minified_source(ctx, node), name),
            false => h.named(h.source(node), name),
        });
    }
    let swc_helpers = render_helpers(
        ctx,
        mods().map(|(p, _)| &graph.module(p.module).info.helpers),
        lowering,
        options.minify,
    );
    if let Some(code) = swc_helpers {
        w.push(&code);
    }
    if options.format == Format::Cjs && chunk.entry_factory.is_none() && !chunk.default_export {
        // Before anything runs, so that chunks in a cycle see live getters.
        let shared: Vec<(String, Replacement)> = chunk
            .shared_exports
            .iter()
            .map(|n| (n.clone(), Replacement::Name(n.as_str().into())))
            .collect();
        let all: Vec<(String, Replacement)> = chunk.exports.iter().cloned().chain(shared).collect();
        w.line(&format!(
            "{}(module.exports, {});",
            chunk.helper(Helper::Export),
            getters(&all)
        ));
    }
    if options.format != Format::Esm {
        for i in &chunk.imports {
            match &i.var {
                Some(v) => w.line(&format!("var {v} = require({});", specifier(i.chunk))),
                None => w.line(&format!("require({});", specifier(i.chunk))),
            }
        }
        for e in &chunk.externals {
            let spec = js_string(&e.specifier);
            if e.module_vars.is_empty() {
                w.line(&format!("require({spec});"));
            }
            for (v, node_mode) in &e.module_vars {
                w.line(&format!(
                    "var {v} = {}(require({spec}){});",
                    chunk.helper(Helper::ToEsm),
                    // An external's interop: never JSON (that is a bundled module).
                    sheaf_ecma::Interop::extra_args(*node_mode, false)
                ));
            }
        }
        if options.format == Format::Cjs {
            for var in star_vars(chunk) {
                w.line(&format!(
                    "{}(module.exports, {var});",
                    chunk.helper(Helper::ReExport)
                ));
            }
        }
    }
    // Each getter's value maps to its declaration (empty without source maps).
    let declared: FxHashMap<&str, u32> = match chunk.namespaces.is_empty() {
        true => FxHashMap::default(),
        false => mods()
            .flat_map(|(_, r)| r.declared_at.iter().map(|(n, p)| (n.as_str(), *p)))
            .collect(),
    };
    let style = GlueStyle::new(options, lowering);
    for ns in &chunk.namespaces {
        write_namespace(
            &mut w,
            ns,
            chunk.helper(Helper::Namespace),
            style,
            &declared,
        );
    }
    let listed: Vec<_> = mods().collect();
    let cx = sections::ChunkContext {
        chunk,
        graph,
        options,
        style,
    };
    let sizes = sections::write_modules(&mut w, &listed, &cx);
    if let Some((init, wait)) = &chunk.entry_init {
        w.line(&format!("{}{init}();", if *wait { "await " } else { "" }));
    }
    // A CommonJS entry runs when the output loads; its exports are the output's.
    if let Some(factory) = &chunk.entry_factory {
        match options.format {
            Format::Esm => w.line(&format!("export default {factory}();")),
            Format::Cjs => w.line(&format!("module.exports = {factory}();")),
            Format::Iife if options.global_name.is_some() => {
                w.line(&format!("return {factory}();"))
            }
            Format::Iife => w.line(&format!("{factory}();")),
        }
    }
    match options.format {
        Format::Esm => {
            for (var, value) in &chunk.export_vars {
                w.line(&format!("var {var} = {};", replacement_js(value)));
            }
            let specs: Vec<String> = chunk
                .exports
                .iter()
                .map(|(name, r)| match r {
                    Replacement::Name(n) if n == name => n.to_string(),
                    Replacement::Name(n) => format!("{n} as {}", export_name(name)),
                    // Exports without a binding of their own get one.
                    _ => unreachable!("esm exports always bind to names"),
                })
                .chain(
                    chunk
                        .shared_exports
                        .iter()
                        .filter(|n| !chunk.exports.iter().any(|(e, _)| e == *n))
                        .cloned(),
                )
                .collect();
            if !specs.is_empty() {
                w.line(&format!("export {{ {} }};", specs.join(", ")));
            }
            for s in &chunk.export_star_externals {
                w.line(&format!("export * from {};", js_string(s)));
            }
        }
        Format::Iife => {
            if let (true, [(_, value)]) = (chunk.default_export, &chunk.exports[..]) {
                w.line(&format!("return {};", replacement_js(value)));
            } else if options.global_name.is_some() && chunk.entry_factory.is_none() {
                let mut value = format!(
                    "{}({{}}, {})",
                    chunk.helper(Helper::Export),
                    getters(&chunk.exports)
                );
                for var in star_vars(chunk) {
                    value = format!("{}({value}, {var})", chunk.helper(Helper::ReExport));
                }
                w.line(&format!("return {value};"));
            }
            w.line("})();");
        }
        Format::Cjs => {
            if let (true, [(_, value)]) = (chunk.default_export, &chunk.exports[..]) {
                w.line(&format!("module.exports = {};", replacement_js(value)));
            } else if chunk.entry_factory.is_none() {
                if let Some(line) = cjs_lexer_annotation(chunk) {
                    w.line(&line);
                }
            }
        }
    }
    // `--legal-comments eof`: each distinct one once, in module order.
    w.legal_tail = w.code.len();
    let mut seen = rustc_hash::FxHashSet::default();
    for (_, r) in mods() {
        for c in &r.legal_comments {
            if seen.insert(c.as_str()) {
                w.line(c);
            }
        }
    }
    (w, sizes)
}

/// cjs output: `0 && (module.exports = { a, b, ...require("x") });`, never run,
/// lists the export names the way Node's cjs-module-lexer reads them, so that
/// `import { a } from "./out.cjs"` works in Node ESM (the getters installed by
/// `__sheafExport` are invisible to the lexer). esbuild writes the same.
fn cjs_lexer_annotation(chunk: &ChunkPlan) -> Option<String> {
    // The lexer reads `name` and `"name": identifier`; the value is never run.
    use crate::link::RESERVED;
    let mut items: Vec<String> = chunk
        .exports
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|n| *n != "default")
        .map(|n| match is_identifier(n) && !RESERVED.contains(&n) {
            true => n.to_string(),
            false => format!("{}: module", js_string(n)),
        })
        .collect();
    items.extend(
        chunk
            .export_star_externals
            .iter()
            .map(|s| format!("...require({})", js_string(s))),
    );
    (!items.is_empty()).then(|| format!("0 && (module.exports = {{ {} }});", items.join(", ")))
}

/// cjs/iife: the variables holding the external modules the entry re-exports
/// with `export *`.
fn star_vars(chunk: &ChunkPlan) -> impl Iterator<Item = &str> {
    chunk.export_star_externals.iter().filter_map(|s| {
        chunk
            .externals
            .iter()
            .find(|e| &e.specifier == s)
            .and_then(|e| e.module_vars.iter().find(|(_, node)| !node))
            .map(|(v, _)| v.as_str())
    })
}

fn write_esm_import(w: &mut ChunkWriter, specifier: &str, bindings: &[(Imported, String)]) {
    let spec = js_string(specifier);
    let mut named = Vec::new();
    let mut wrote = false;
    for (imported, local) in bindings {
        match imported {
            Imported::Namespace => {
                w.line(&format!("import * as {local} from {spec};"));
                wrote = true;
            }
            Imported::Named(n) if n == "default" => {
                w.line(&format!("import {local} from {spec};"));
                wrote = true;
            }
            Imported::Named(n) if n == local => named.push(n.clone()),
            Imported::Named(n) => named.push(format!("{} as {local}", export_name(n))),
        }
    }
    if !named.is_empty() {
        w.line(&format!("import {{ {} }} from {spec};", named.join(", ")));
    } else if !wrote {
        w.line(&format!("import {spec};"));
    }
}

/// `{ a: () => a$1, "b-c": () => x }`, the argument of the namespace/export helpers.
/// A replacement as a JavaScript expression.
fn replacement_js(r: &Replacement) -> String {
    match r {
        Replacement::Name(n) => n.to_string(),
        Replacement::Member(m) => format!("{}[{}]", m.object, js_string(&m.property)),
        Replacement::Undefined => "void 0".to_string(),
        Replacement::Literal(v) => const_js(v),
    }
}

/// A constant's value as JavaScript source.
fn const_js(v: &sheaf_ecma::ConstValue) -> String {
    use sheaf_ecma::ConstValue as C;
    match v {
        C::Bool(b) => b.to_string(),
        C::Null => "null".to_string(),
        C::Undefined => "void 0".to_string(),
        C::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            let text = (*n as i64).to_string();
            match *n == 0.0 && n.is_sign_negative() {
                true => "-0".to_string(),
                false => text,
            }
        }
        C::Num(n) if n.abs() >= 1e15 => format!("{n:e}"),
        C::Num(n) => n.to_string(),
        C::Str(s) => js_string(s),
    }
}

/// `{ a: function() { return a$1; }, … }`: the getters object of
/// `__sheafExport` (module.exports) and of the iife's exports.
pub(crate) fn getters(members: &[(String, Replacement)]) -> String {
    let style = GlueStyle {
        minify: false,
        arrows: false,
    };
    let parts: Vec<String> = members
        .iter()
        .map(|(name, r)| {
            let (head, end) = style.getter(name);
            format!("{head}{}{end}", replacement_js(r))
        })
        .collect();
    if parts.is_empty() {
        "{}".to_string()
    } else {
        format!("{{\n  {}\n}}", parts.join(",\n  "))
    }
}

/// How glue is written: spaced as code is printed, or with `--minify`
/// without the spaces (and getters as arrows where the target has them).
#[derive(Clone, Copy)]
struct GlueStyle {
    minify: bool,
    arrows: bool,
}

impl GlueStyle {
    fn new(options: &BuildOptions, lowering: Lowering) -> Self {
        GlueStyle {
            minify: options.minify,
            arrows: options.minify && lowering.allows_arrows(),
        }
    }

    /// One getter of an object literal, split before its value (for source-map
    /// columns), and its end: (`key: function() { return `, `; }`); minified,
    /// `key:()=>` and nothing.
    fn getter(self, name: &str) -> (String, &'static str) {
        let key = export_name(name);
        match (self.minify, self.arrows) {
            (false, _) => (format!("{key}: function() {{ return "), "; }"),
            (true, false) => (format!("{key}:function(){{return "), "}"),
            (true, true) => (format!("{key}:()=>"), ""),
        }
    }
}

fn export_name(name: &str) -> String {
    if is_identifier(name) {
        name.to_string()
    } else {
        js_string(name)
    }
}

pub(crate) fn js_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}

/// The `// path` comment before a module's code (not when minifying): relative
/// to the working directory (with `../` for files outside it, as esbuild writes
/// them), so no build machine's absolute paths end up in the output.
fn module_comment(
    w: &mut ChunkWriter,
    graph: &ModuleGraph,
    plan: &ModulePlan,
    options: &BuildOptions,
) {
    if options.minify {
        return;
    }
    let path = &graph.module(plan.module).path;
    let shown = match path.to_str().filter(|p| p.starts_with("data:")) {
        Some(_) => display_path(path, &graph.cwd),
        None => sheaf_ecma::relative_path(&graph.cwd, path),
    };
    w.line(&["// ", &shown].concat());
}

/// `var ns = __sheafNs({ a: function() { return a$1; }, … });` (`helper`:
/// `__sheafNs` or its short name), one member per line, each getter's value
/// mapped to where it is declared.
fn write_namespace(
    w: &mut ChunkWriter,
    ns: &NamespaceObject,
    helper: &str,
    style: GlueStyle,
    declared: &FxHashMap<&str, u32>,
) {
    let (sep, eq, indent) = match style.minify {
        true => (",", "=", ""),
        false => (", ", " = ", "  "),
    };
    let stars = match ns.stars.is_empty() {
        true => String::new(),
        false => format!("{sep}[{}]", ns.stars.join(sep)),
    };
    if ns.members.is_empty() {
        w.line(&format!("var {}{eq}{helper}({{}}{stars});", ns.name));
        return;
    }
    w.line(&format!("var {}{eq}{helper}({{", ns.name));
    for (i, (name, r)) in ns.members.iter().enumerate() {
        let key = export_name(name);
        let (head, end) = style.getter(name);
        let head = format!("{indent}{head}");
        let mut marks = Vec::new();
        if let Replacement::Name(n) = r {
            if let Some(&p) = declared.get(n.as_str()) {
                // The key too, when it is the declared name (`a`, renamed `a$1`).
                let base = n.split_once('$').map_or(n.as_str(), |(b, _)| b);
                if key == *n || key == base {
                    marks.push((indent.len() as u32, p));
                }
                marks.push((head.len() as u32, p));
            }
        }
        let comma = if i + 1 < ns.members.len() { "," } else { "" };
        let value = replacement_js(r);
        w.mapped_line(&format!("{head}{value}{end}{comma}"), marks);
    }
    w.line(&format!("}}{stars});"));
}
