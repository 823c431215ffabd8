//! The modules of one chunk, each written as a section of its own on any
//! worker, then appended in the order the chunk runs them: CommonJS factories
//! first (defined before any code that could require them runs), then lazy
//! ES modules' initializers, then every other module's code.
//!
//! Example: a chunk of `a.js` (CommonJS) and `main.js` gets
//! `// a.js\nvar require_a = __sheafCommonJS(function (exports, module) {\n…\n});\n`
//! then `// main.js\nvar import_a = …;\n…`.
//!
//! Why in parallel: the glue around each module (path comment, wrapper,
//! prelude lines) is small, but on 10,000 modules writing it on one core was
//! most of joining the chunk. Appending a section is a copy and a shift.

use rayon::prelude::*;
use sheaf_common::BuildOptions;
use sheaf_ecma::RenderedModule;

use super::{
    module_comment,
    writer::{ChunkWriter, Section},
    GlueStyle,
};
use crate::{
    graph::{ModuleGraph, ModuleIdx},
    link::{ChunkPlan, ModulePlan},
    runtime::Helper,
};

/// Where a module's section goes in the chunk.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Factory,
    LazyInit,
    Code,
}

/// Everything one section needs besides its module.
pub(super) struct ChunkContext<'c> {
    pub chunk: &'c ChunkPlan,
    pub graph: &'c ModuleGraph,
    pub options: &'c BuildOptions,
    pub style: GlueStyle,
}

/// Writes the sections of `mods` (in execution order) and appends them to
/// `w`; returns each written module with the bytes of code it contributed.
pub(super) fn write_modules<'r>(
    w: &mut ChunkWriter<'r>,
    mods: &[(&ModulePlan, &'r RenderedModule)],
    cx: &ChunkContext,
) -> Vec<(ModuleIdx, usize)> {
    let mut sections: Vec<(Group, Section<'r>, ModuleIdx, usize)> = mods
        .par_iter()
        .filter_map(|&(plan, r)| section(plan, r, cx))
        .collect();
    // Stable: within a group, execution order.
    sections.sort_by_key(|(group, ..)| *group);
    let mut sizes = Vec::with_capacity(sections.len());
    let mut texts = Vec::with_capacity(sections.len());
    for (_, section, module, size) in sections {
        texts.push(section);
        sizes.push((module, size));
    }
    w.append(texts);
    sizes
}

/// One module's section, its group and its code's size (`None`: a module of
/// which nothing is left, its constants inlined).
fn section<'r>(
    plan: &ModulePlan,
    r: &'r RenderedModule,
    cx: &ChunkContext,
) -> Option<(Group, Section<'r>, ModuleIdx, usize)> {
    let hoisted = r.hoisted.as_ref().map_or(0, |(code, _)| code.len());
    let prelude: usize = plan.prelude.iter().map(|l| l.len() + 1).sum();
    let mut w = Section::with_capacity(prelude + 256);
    let (group, size) = if let Some(factory) = &plan.cjs_factory {
        factory_section(&mut w, plan, r, factory, cx);
        (Group::Factory, r.code.len())
    } else if let Some((init, declared)) = &plan.lazy_init {
        lazy_section(&mut w, plan, r, init, declared, cx);
        (Group::LazyInit, r.code.len() + hoisted)
    } else if r.code.trim().is_empty() && plan.prelude.is_empty() {
        return None;
    } else {
        module_comment(&mut w.text, cx.graph, plan, cx.options);
        w.prelude(&plan.prelude);
        w.module(&r.code, &r.mappings);
        (Group::Code, r.code.len())
    };
    Some((group, w, plan.module, size))
}

/// `var require_x = __sheafCommonJS(function (exports, module) { … });`: a
/// CommonJS module with `import`s binds them when it runs (its prelude).
fn factory_section<'r>(
    w: &mut Section<'r>,
    plan: &ModulePlan,
    r: &'r RenderedModule,
    factory: &str,
    cx: &ChunkContext,
) {
    let [exports, module] = match &r.factory_params {
        Some(head) => [head.params[0].as_str(), head.params[1].as_str()],
        None => ["exports", "module"],
    };
    let arrow = cx.style.arrows && r.factory_params.as_ref().is_some_and(|h| h.arrow);
    let helper = cx.chunk.helper(Helper::CommonJs);
    let head = [match (cx.options.minify, arrow) {
        (true, true) => format!("var {factory}={helper}(({exports},{module})=>{{"),
        (true, false) => format!("var {factory}={helper}(function({exports},{module}){{"),
        (false, _) => format!("var {factory} = {helper}(function ({exports}, {module}) {{"),
    }];
    module_comment(&mut w.text, cx.graph, plan, cx.options);
    w.wrapped(&head, &plan.prelude, r);
}

/// An ES module evaluated on demand: its top-level names declared outside,
/// its body in `var init_x = __sheafEsm(function () { … });`.
fn lazy_section<'r>(
    w: &mut Section<'r>,
    plan: &ModulePlan,
    r: &'r RenderedModule,
    init: &str,
    declared: &[String],
    cx: &ChunkContext,
) {
    let minify = cx.options.minify;
    module_comment(&mut w.text, cx.graph, plan, cx.options);
    // Not the names the minifier dropped with their declarations, nor
    // those of the functions declared outside the initializer.
    let kept: Vec<&String> = (declared.iter())
        .filter(|n| !r.not_in_var_line.contains(n.as_str()))
        .collect();
    if !kept.is_empty() {
        // Each name maps to its declaration.
        let mut line = String::from("var ");
        let mut marks = Vec::new();
        for (i, name) in kept.into_iter().enumerate() {
            if i > 0 {
                line.push_str(if minify { "," } else { ", " });
            }
            if let Some(&pos) = r.declared_at.get(name) {
                marks.push((line.len() as u32, pos));
            }
            line.push_str(name);
        }
        line.push(';');
        w.text.mapped_line(&line, marks);
    }
    if let Some((code, mappings)) = &r.hoisted {
        w.module(code, mappings);
    }
    let helper = cx.chunk.helper(Helper::Esm);
    let async_ = if plan.lazy_async { "async " } else { "" };
    let head = [match minify {
        true => format!("var {init}={helper}({async_}function(){{"),
        false => format!("var {init} = {helper}({async_}function () {{"),
    }];
    w.wrapped(&head, &plan.prelude, r);
}
