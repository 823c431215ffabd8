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

use std::path::{Path, PathBuf};

use base64::Engine;
use rayon::prelude::*;
use sheaf_common::{is_identifier, BuildOptions, Format, SourceMapMode};
use sheaf_ecma::{
    render_helpers, render_module, render_module_owned, EcmaContext, Imported, Lowering, Mappings,
    ModuleAst, RenderPlan, RenderedModule, Replacement,
};

use crate::{
    graph::{Entry, ModuleGraph},
    link::{LinkOutput, ModulePlan},
    runtime::Helper,
    write::display_path,
};

/// One file to write: an absolute path and its bytes.
#[derive(Clone, Debug)]
pub struct OutputAsset {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// Accumulates output text and the line each module's code starts on.
struct ChunkWriter<'a> {
    code: String,
    line: u32,
    parts: Vec<(u32, &'a Mappings)>,
}

impl<'a> ChunkWriter<'a> {
    fn push(&mut self, text: &str) {
        self.line += text.matches('\n').count() as u32;
        self.code.push_str(text);
    }

    fn line(&mut self, text: &str) {
        self.push(text);
        self.push("\n");
    }

    /// A module inside a function: a `// path` comment, `head` lines, the code, `});`.
    fn wrapped(&mut self, path: &Path, cwd: &Path, head: &[String], r: &'a RenderedModule) {
        self.line(&format!("// {}", display_path(path, cwd)));
        for line in head {
            self.line(line);
        }
        self.module(&r.code, &r.mappings);
        self.line("});");
    }

    fn module(&mut self, code: &str, mappings: &'a Mappings) {
        self.parts.push((self.line, mappings));
        self.push(code);
        if !code.ends_with('\n') {
            self.push("\n");
        }
    }
}

pub fn output_path(entry: &Entry, options: &BuildOptions) -> PathBuf {
    match (&options.out_file, &options.out_dir) {
        (Some(f), _) => options.cwd.join(f),
        (None, Some(d)) => options.cwd.join(d).join(format!("{}.js", entry.name)),
        (None, None) => options.cwd.join(format!("{}.js", entry.name)),
    }
}

/// Renders and joins one output. With `owned_asts` (the ASTs taken out of the
/// graph, indexed by module) the modules are rendered without cloning their ASTs;
/// otherwise the graph's ASTs are borrowed and cloned.
pub fn generate(
    ctx: &EcmaContext,
    graph: &ModuleGraph,
    linked: &LinkOutput,
    entry: &Entry,
    options: &BuildOptions,
    lowering: Lowering,
    owned_asts: Option<&mut Vec<Option<ModuleAst>>>,
) -> Vec<OutputAsset> {
    let jobs: Vec<(&ModulePlan, Option<ModuleAst>)> = match owned_asts {
        Some(asts) => linked
            .modules
            .iter()
            .map(|p| (p, asts[p.module.index()].take()))
            .collect(),
        None => linked.modules.iter().map(|p| (p, None)).collect(),
    };
    let rendered: Vec<_> = jobs
        .into_par_iter()
        .map(|(plan, owned)| {
            if !plan.included {
                // Tree-shaken away; an owned AST is freed here, on the worker.
                return None;
            }
            let render_plan = RenderPlan {
                names: &plan.names,
                members: &plan.members,
                dynamic_imports: &plan.dynamic_imports,
                import_meta: plan.import_meta,
                requires: &plan.requires,
                commonjs: plan.cjs_factory.is_some(),
                lazy: plan.lazy_init.is_some(),
                live: plan.live.as_deref(),
                lowering,
                minify: options.minify,
                comments: true,
            };
            Some(match owned {
                Some(ast) => render_module_owned(ctx, ast, &render_plan),
                None => render_module(ctx, &graph.module(plan.module).ast, &render_plan),
            })
        })
        .collect();

    let mut w = ChunkWriter {
        code: String::with_capacity(rendered.iter().flatten().map(|r| r.code.len() + 64).sum()),
        line: 0,
        parts: Vec::with_capacity(rendered.len()),
    };
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
    if options.format == Format::Esm {
        for e in &linked.externals {
            write_esm_import(&mut w, &e.specifier, &e.bindings);
        }
    }
    if linked.needs_require_shim {
        w.line("import { createRequire as __sheafCreateRequire } from \"module\";");
        w.line("var require = __sheafCreateRequire(import.meta.url);");
    }
    if linked.needs_dirname_shim {
        w.line("import { fileURLToPath as __sheafFileURLToPath } from \"url\";");
        w.line("import { dirname as __sheafDirname } from \"path\";");
        w.line("var __filename = __sheafFileURLToPath(import.meta.url);");
        w.line("var __dirname = __sheafDirname(__filename);");
    }
    for h in &linked.helpers {
        w.line(h.source());
    }
    let swc_helpers = render_helpers(
        ctx,
        linked
            .modules
            .iter()
            .filter(|p| p.included)
            .map(|p| &graph.module(p.module).info.helpers),
        lowering,
        options.minify,
    );
    if let Some(code) = swc_helpers {
        w.push(&code);
    }
    if options.format == Format::Cjs && linked.entry_factory.is_none() {
        w.line(&format!(
            "{}(module.exports, {});",
            Helper::Export.name(),
            getters(&linked.exports)
        ));
    }
    if options.format != Format::Esm {
        for e in &linked.externals {
            let spec = js_string(&e.specifier);
            match &e.module_var {
                Some(v) => w.line(&format!(
                    "var {v} = {}(require({spec}));",
                    Helper::ToEsm.name()
                )),
                None => w.line(&format!("require({spec});")),
            }
        }
    }
    for ns in &linked.namespaces {
        w.line(&format!(
            "var {} = {}({});",
            ns.name,
            Helper::Namespace.name(),
            getters(&ns.members)
        ));
    }
    // CommonJS factories first: they only run when required, and must be
    // defined before any module code that could require them runs.
    for (plan, r) in linked
        .modules
        .iter()
        .zip(&rendered)
        .filter_map(|(p, r)| Some((p, r.as_ref()?)))
    {
        if let Some(factory) = &plan.cjs_factory {
            let head = format!(
                "var {factory} = {}(function (exports, module) {{",
                Helper::CommonJs.name()
            );
            w.wrapped(&graph.module(plan.module).path, &graph.cwd, &[head], r);
        }
    }
    // ES modules evaluated on demand: names outside, body in an initializer.
    for (plan, r) in linked
        .modules
        .iter()
        .zip(&rendered)
        .filter_map(|(p, r)| Some((p, r.as_ref()?)))
    {
        if let Some((init, declared)) = &plan.lazy_init {
            let mut head = Vec::new();
            if !declared.is_empty() {
                head.push(format!("var {};", declared.join(", ")));
            }
            head.push(format!(
                "var {init} = {}(function () {{",
                Helper::Esm.name()
            ));
            head.extend(plan.prelude.iter().cloned());
            w.wrapped(&graph.module(plan.module).path, &graph.cwd, &head, r);
        }
    }
    for (plan, r) in linked
        .modules
        .iter()
        .zip(&rendered)
        .filter_map(|(p, r)| Some((p, r.as_ref()?)))
    {
        if plan.cjs_factory.is_some() || plan.lazy_init.is_some() {
            continue;
        }
        if !options.minify {
            let path = &graph.module(plan.module).path;
            w.line(&format!("// {}", display_path(path, &graph.cwd)));
        }
        for line in &plan.prelude {
            w.line(line);
        }
        w.module(&r.code, &r.mappings);
    }
    if let Some(init) = &linked.entry_init {
        w.line(&format!("{init}();"));
    }
    // A CommonJS entry runs when the output loads; its exports are the output's.
    if let Some(factory) = &linked.entry_factory {
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
            if !linked.exports.is_empty() {
                let specs: Vec<String> = linked
                    .exports
                    .iter()
                    .map(|(name, r)| match r {
                        Replacement::Name(n) if n == name => n.clone(),
                        Replacement::Name(n) => format!("{n} as {}", export_name(name)),
                        // Exports without a binding of their own get one.
                        _ => unreachable!("esm exports always bind to names"),
                    })
                    .collect();
                w.line(&format!("export {{ {} }};", specs.join(", ")));
            }
            for s in &linked.export_star_externals {
                w.line(&format!("export * from {};", js_string(s)));
            }
        }
        Format::Iife => {
            if options.global_name.is_some() && linked.entry_factory.is_none() {
                w.line(&format!(
                    "return {}({{}}, {});",
                    Helper::Export.name(),
                    getters(&linked.exports)
                ));
            }
            w.line("})();");
        }
        Format::Cjs => {}
    }

    let out_path = output_path(entry, options);
    let file_name = out_path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut assets = Vec::new();
    if let Some(mode) = options.sourcemap {
        let map_dir = out_path.parent().unwrap_or(Path::new("/"));
        let map = ctx.build_source_map(&w.parts, map_dir, &file_name);
        match mode {
            SourceMapMode::Linked => {
                w.code
                    .push_str(&format!("//# sourceMappingURL={file_name}.map\n"));
            }
            SourceMapMode::Inline => {
                let b64 = base64::engine::general_purpose::STANDARD.encode(map.as_bytes());
                w.code.push_str(&format!(
                    "//# sourceMappingURL=data:application/json;base64,{b64}\n"
                ));
            }
            SourceMapMode::External => {}
        }
        if mode != SourceMapMode::Inline {
            let mut map_path = out_path.clone().into_os_string();
            map_path.push(".map");
            assets.push(OutputAsset {
                path: map_path.into(),
                contents: map.into_bytes(),
            });
        }
    }
    assets.insert(
        0,
        OutputAsset {
            path: out_path,
            contents: w.code.into_bytes(),
        },
    );
    assets
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
fn getters(members: &[(String, Replacement)]) -> String {
    let parts: Vec<String> = members
        .iter()
        .map(|(name, r)| {
            let value = match r {
                Replacement::Name(n) => n.clone(),
                Replacement::Member { object, property } => {
                    format!("{object}[{}]", js_string(property))
                }
                Replacement::Undefined => "void 0".to_string(),
            };
            let key = if is_identifier(name) {
                name.clone()
            } else {
                js_string(name)
            };
            format!("{key}: function() {{ return {value}; }}")
        })
        .collect();
    if parts.is_empty() {
        "{}".to_string()
    } else {
        format!("{{\n  {}\n}}", parts.join(",\n  "))
    }
}

fn export_name(name: &str) -> String {
    if is_identifier(name) {
        name.to_string()
    } else {
        js_string(name)
    }
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}
