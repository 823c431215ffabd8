//! Plugins' output hooks on each JavaScript chunk: `banner`, `intro`, `outro`,
//! `footer`, then `renderChunk` (Rollup's order), before source maps are attached.
//!
//! Example: a license `banner` and a `renderChunk` that rewrites code: the chunk
//! gets the banner's lines at the top, the hook's code, and a map that is the
//! chunk's map shifted by the banner's lines and chained with the hook's map.
//!
//! Why here: this runs on the build's own thread after generate (hooks may be
//! JavaScript and must not block rayon workers), while each chunk still holds
//! its map as data (`OutputAsset::map`).
//!
//! `[hash]` is of what the hooks return (and `augmentChunkHash`): with these
//! hooks, generate leaves the hash placeholders in names and code, the hooks
//! see them (as Rollup's do), and [`fill_hashes`] puts the hashes in after.

use std::path::Path;

use sheaf_common::{
    hooks::{Addons, BuildHooks, ChunkInfo},
    BuildOptions, Diagnostic, Format,
};

use crate::{
    generate::OutputAsset,
    graph::ModuleGraph,
    naming::{content_hashes, fill_placeholders, placeholders_in},
    plugin_scan::module_id,
};

fn is_js_chunk(a: &OutputAsset) -> bool {
    a.meta.is_some()
        && a.path
            .extension()
            .is_some_and(|e| e == "js" || e == "mjs" || e == "cjs")
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn chunk_info(
    a: &OutputAsset,
    graph: &ModuleGraph,
    root: &Path,
    options: &BuildOptions,
) -> ChunkInfo {
    let meta = a.meta.as_ref().expect("JS chunks have metadata");
    let user_entry = |m: crate::graph::ModuleIdx| graph.entries.iter().any(|e| e.module == m);
    let (dynamic, imports): (Vec<_>, Vec<_>) = meta.imports.iter().partition(|(_, d)| *d);
    ChunkInfo {
        file_name: relative(root, &a.path),
        name: a
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        is_entry: meta.entry_point.is_some_and(&user_entry),
        is_dynamic_entry: meta.entry_point.is_some_and(|m| !user_entry(m)),
        facade_module_id: meta.entry_point.map(|m| module_id(&graph.module(m).path)),
        module_ids: meta
            .inputs
            .iter()
            .map(|(m, _)| module_id(&graph.module(*m).path))
            .collect(),
        exports: meta.exports.clone(),
        imports: imports.iter().map(|(p, _)| relative(root, p)).collect(),
        dynamic_imports: dynamic.iter().map(|(p, _)| relative(root, p)).collect(),
        format: match options.format {
            Format::Esm => "es",
            Format::Cjs => "cjs",
            Format::Iife => "iife",
        }
        .into(),
    }
}

/// Hooks that change chunks or their hashes.
const OUTPUT_HOOKS: [&str; 6] = [
    "banner",
    "intro",
    "outro",
    "footer",
    "renderChunk",
    "augmentChunkHash",
];

/// Whether plugins' output hooks run, so that `[hash]` must wait for them.
pub(crate) fn defers_hashes(options: &BuildOptions) -> bool {
    options
        .hooks
        .get()
        .is_some_and(|h| OUTPUT_HOOKS.iter().any(|name| h.has_hook(name)))
}

/// After the output hooks: each chunk's `[hash]` of its final code, its
/// stylesheet and what `augmentChunkHash` adds, filled into file names, code,
/// maps and the chunks' metadata. A chunk's own placeholder is the one in its
/// file name (its stylesheet `X.css` shares it).
pub(crate) fn fill_hashes(
    hooks: &dyn BuildHooks,
    graph: &ModuleGraph,
    options: &BuildOptions,
    assets: &mut [OutputAsset],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let own = |a: &OutputAsset| placeholders_in(&a.path.to_string_lossy()).first().copied();
    let count = assets.iter().filter_map(own).max().map_or(0, |m| m + 1);
    let (mut js, mut css, mut extra) = (vec![""; count], vec![None; count], vec![None; count]);
    for a in assets.iter() {
        let Some(i) = own(a) else { continue };
        let text = std::str::from_utf8(&a.contents).unwrap_or("");
        match is_js_chunk(a) {
            true => js[i] = text,
            false if a.path.extension().is_some_and(|e| e == "css") => css[i] = Some(text),
            false => {}
        }
    }
    if hooks.has_hook("augmentChunkHash") {
        let root = crate::naming::output_root(options);
        let chunks: Vec<(usize, ChunkInfo)> = assets
            .iter()
            .filter(|a| is_js_chunk(a))
            .filter_map(|a| Some((own(a)?, chunk_info(a, graph, &root, options))))
            .collect();
        let infos: Vec<ChunkInfo> = chunks.iter().map(|(_, c)| c.clone()).collect();
        for ((i, _), added) in chunks.iter().zip(hooks.augment_chunk_hash(&infos)) {
            match added {
                Ok(added) => extra[*i] = added,
                Err(d) => errors.push(d),
            }
        }
    }
    let inputs: Vec<String> = (0..count)
        .map(|i| {
            let mut text = crate::generate::hash_input(js[i], css[i]).into_owned();
            if let Some(added) = &extra[i] {
                text.push_str("\n/* augmentChunkHash */\n");
                text.push_str(added);
            }
            text
        })
        .collect();
    let hashes = content_hashes(&inputs.iter().map(String::as_str).collect::<Vec<_>>());
    drop(inputs);
    let fill = |text: &str| fill_placeholders(text, &hashes).into_owned();
    for a in assets.iter_mut() {
        a.path = fill(&a.path.to_string_lossy()).into();
        let text = is_js_chunk(a) || a.path.extension().is_some_and(|e| e == "css" || e == "map");
        if text {
            if let Ok(t) = std::str::from_utf8(&a.contents) {
                a.contents = fill(t).into_bytes();
            }
        }
        if let Some((map, _)) = &mut a.map {
            *map = fill(map);
        }
        if let Some(meta) = &mut a.meta {
            for (path, _) in &mut meta.imports {
                *path = fill(&path.to_string_lossy()).into();
            }
        }
    }
    errors
}

/// Runs the output hooks on every JS chunk of `assets`; returns their errors
/// (a chunk whose hook failed keeps its code).
/// Tells the hooks every chunk of every output before any is rendered
/// (`renderChunk`'s `meta.chunks`, `getFileName` of emitted chunks).
pub(crate) fn announce(
    hooks: &dyn BuildHooks,
    graph: &ModuleGraph,
    options: &BuildOptions,
    outputs: &[Vec<OutputAsset>],
) {
    if !hooks.has_hook("renderChunk") {
        return;
    }
    let root = crate::naming::output_root(options);
    let infos: Vec<ChunkInfo> = outputs
        .iter()
        .flatten()
        .filter(|a| is_js_chunk(a))
        .map(|a| chunk_info(a, graph, &root, options))
        .collect();
    hooks.output_chunks(&infos);
}

pub(crate) fn render(
    hooks: &dyn BuildHooks,
    graph: &ModuleGraph,
    options: &BuildOptions,
    assets: &mut [OutputAsset],
) -> Vec<Diagnostic> {
    let hooked = ["banner", "intro", "outro", "footer", "renderChunk"];
    if !hooked.iter().any(|h| hooks.has_hook(h)) {
        return Vec::new();
    }
    let root = crate::naming::output_root(options);
    let chunks: Vec<usize> = (0..assets.len())
        .filter(|&i| is_js_chunk(&assets[i]))
        .collect();
    let infos: Vec<ChunkInfo> = chunks
        .iter()
        .map(|&i| chunk_info(&assets[i], graph, &root, options))
        .collect();
    let mut errors = Vec::new();
    for (&i, addons) in chunks.iter().zip(hooks.addons(&infos)) {
        match addons {
            Ok(addons) => {
                if let Err(e) = add(&mut assets[i], &addons, options.format) {
                    errors.push(map_error(&assets[i], e));
                }
            }
            Err(d) => errors.push(d),
        }
    }
    let requests = chunks
        .iter()
        .zip(infos)
        .map(|(&i, info)| {
            (
                info,
                String::from_utf8_lossy(&assets[i].contents).into_owned(),
            )
        })
        .collect();
    for (&i, rendered) in chunks.iter().zip(hooks.render_chunk(requests)) {
        match rendered {
            Ok(r) => {
                let asset = &mut assets[i];
                asset.contents = r.code.into_bytes();
                if let (Some((map, _)), false) = (&mut asset.map, r.maps.is_empty()) {
                    match sheaf_ecma::chain_output_map(map, &r.maps) {
                        Ok(chained) => *map = chained,
                        Err(e) => errors.push(map_error(asset, e)),
                    }
                }
            }
            Err(d) => errors.push(d),
        }
    }
    errors
}

fn map_error(asset: &OutputAsset, e: String) -> Diagnostic {
    Diagnostic::error(
        "E_PLUGIN",
        format!("{}: a plugin's {e}", asset.path.display()),
    )
}

/// Inserts the addons: the banner first and the footer last; intro and outro
/// inside the format's wrapper (after `"use strict";`; before iife's export
/// `return` or its `})();`).
fn add(asset: &mut OutputAsset, addons: &Addons, format: Format) -> Result<(), String> {
    let mut code = String::from_utf8_lossy(&asset.contents).into_owned();
    let mut inserted: Vec<(u32, u32)> = Vec::new();
    if !addons.outro.is_empty() {
        let at = match format {
            Format::Iife => outro_position(&code),
            _ => code.len(),
        };
        insert(&mut code, at, &addons.outro, &mut inserted);
    }
    if !addons.intro.is_empty() {
        let at = after_use_strict(&code, format);
        insert(&mut code, at, &addons.intro, &mut inserted);
    }
    if !addons.banner.is_empty() {
        insert(&mut code, 0, &addons.banner, &mut inserted);
    }
    if !addons.footer.is_empty() {
        let at = code.len();
        insert(&mut code, at, &addons.footer, &mut inserted);
    }
    if let Some((map, _)) = &mut asset.map {
        for (line, count) in inserted {
            *map = sheaf_ecma::shift_lines(map, line, count)?;
        }
    }
    asset.contents = code.into_bytes();
    Ok(())
}

/// Inside the iife wrapper, before the statement that returns the entry's
/// exports (as Rollup places it), else before the wrapper's last line.
fn outro_position(code: &str) -> usize {
    let last_line = code.trim_end().rfind('\n').map_or(code.len(), |i| i + 1);
    match code[..last_line].rfind("\nreturn ") {
        Some(i) => i + 1,
        None => last_line,
    }
}

/// Where the body of the chunk starts: after a first-lines `"use strict";`
/// (iife: after its opening line too).
fn after_use_strict(code: &str, format: Format) -> usize {
    let mut at = 0;
    if format == Format::Iife {
        at = code.find('\n').map_or(code.len(), |i| i + 1);
    }
    if code[at..].starts_with("\"use strict\";\n") {
        at += "\"use strict\";\n".len();
    }
    at
}

/// Inserts `text` as whole lines at the start of a line (`at`), recording the
/// output line and how many lines were added (inserts go bottom-up, so the
/// recorded lines stay valid for the map).
fn insert(code: &mut String, at: usize, text: &str, inserted: &mut Vec<(u32, u32)>) {
    let mut text = text.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if at == code.len() && !code.is_empty() && !code.ends_with('\n') {
        code.push('\n');
    }
    let at = at.min(code.len());
    let line = crate::generate::newlines(&code[..at]);
    inserted.push((line, crate::generate::newlines(&text)));
    code.insert_str(at, &text);
}
