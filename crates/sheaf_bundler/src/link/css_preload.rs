//! Stylesheets of `import()`ed chunks: linked before their code runs.
//!
//! Example: `import('./settings.js')` loads `settings-x1.js`, whose modules
//! import `settings.css`, and which imports the shared `chunk-y2.js` (with CSS
//! of its own). The call becomes
//! `__sheafLoadCss(["./settings-x1.css", "./chunk-y2.css"], import.meta.url).then(() => import("./settings-x1.js"))`,
//! so the page has the chunk's styles before the chunk renders anything (no
//! flash of unstyled content), as Vite's preload helper does.
//!
//! Why after the chunk plans: which chunks a chunk imports up front (and so whose
//! CSS must be there too) is known only then. A stylesheet is linked once per
//! page whatever the number of `import()`s that name it (the helper checks).

use std::path::Path;

use rustc_hash::FxHashSet;
use sheaf_common::Format;
use sheaf_ecma::DynamicImport;

use super::{ChunkPlan, ModulePlan};
use crate::graph::{ModuleGraph, ResolvedRecord};
use crate::link::chunks::{ChunkGraph, ChunkIdx};
use crate::naming::relative_specifier;
use crate::runtime::Helper;

/// Fills in the stylesheets of every `import()` of a chunk (esm output only:
/// `import.meta.url` names where the importing chunk is), and gives the
/// importing chunks the helper.
pub(super) fn css_preloads(
    graph: &ModuleGraph,
    chunk_graph: &ChunkGraph,
    modules: &mut [ModulePlan],
    chunks: &mut [ChunkPlan],
    format: Format,
) {
    if format != Format::Esm {
        return;
    }
    let has_css: Vec<bool> = chunks
        .iter()
        .map(|c| {
            c.modules.iter().any(|&i| {
                let p = &modules[i];
                p.included && graph.module(p.module).css.is_some()
            })
        })
        .collect();
    if !has_css.contains(&true) {
        return;
    }
    let imports: Vec<Vec<ChunkIdx>> = chunks
        .iter()
        .map(|c| c.imports.iter().map(|i| i.chunk).collect())
        .collect();
    let files: Vec<String> = chunks.iter().map(|c| c.file.clone()).collect();
    for chunk in chunks.iter_mut() {
        let mut uses_helper = false;
        for &i in &chunk.modules {
            let plan = &mut modules[i];
            let module = graph.module(plan.module);
            for (r, d) in plan.dynamic_imports.iter_mut() {
                let (DynamicImport::Chunk { css, require, .. }, ResolvedRecord::Module(t)) =
                    (d, &module.resolved[*r as usize])
                else {
                    continue;
                };
                let Some(&target) = chunk_graph.dynamic.get(t).filter(|_| !*require) else {
                    continue;
                };
                *css = stylesheets(target, &imports, &has_css)
                    .map(|c| relative_specifier(&chunk.file, &css_file(&files[c.index()])))
                    .collect();
                uses_helper |= !css.is_empty();
            }
        }
        if uses_helper {
            // Named by the renderer, which calls it: never shortened.
            let name = Helper::LoadCss.name().to_string();
            chunk.helpers.insert(Helper::LoadCss, name);
        }
    }
}

/// The chunks with CSS that loading `target` runs: it and what it imports up
/// front, the imported ones first (their rules come first in the cascade).
fn stylesheets<'a>(
    target: ChunkIdx,
    imports: &'a [Vec<ChunkIdx>],
    has_css: &'a [bool],
) -> impl Iterator<Item = ChunkIdx> + 'a {
    let mut order = Vec::new();
    let mut seen = FxHashSet::default();
    post_order(target, imports, &mut seen, &mut order);
    order.into_iter().filter(|c| has_css[c.index()])
}

fn post_order(
    c: ChunkIdx,
    imports: &[Vec<ChunkIdx>],
    seen: &mut FxHashSet<ChunkIdx>,
    out: &mut Vec<ChunkIdx>,
) {
    if !seen.insert(c) {
        return;
    }
    for &d in &imports[c.index()] {
        post_order(d, imports, seen, out);
    }
    out.push(c);
}

/// A chunk's CSS file: next to it, `.css` for its extension (as `generate` writes it).
pub(crate) fn css_file(chunk_file: &str) -> String {
    Path::new(chunk_file)
        .with_extension("css")
        .to_string_lossy()
        .replace('\\', "/")
}
