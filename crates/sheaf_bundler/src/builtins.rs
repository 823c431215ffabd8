//! sheaf's own loaders as plugins: stylesheets, assets, JSON and text files.
//!
//! Example: with `plugins: [yaml(), builtins.json(), replace()]` (`builtins`
//! from the npm package), `transform` gives the YAML plugin a `data.json`'s
//! own text, then `sheaf:json` makes it `module.exports = {…};`, and replace
//! sees that JavaScript, as after Vite's JSON plugin. Without `builtins.json()`
//! in the list, replace would see the JSON (Rollup's semantics).
//!
//! Why plugins: they stand in one ordered list with the build's JS plugins
//! (`hooks::Slot`), so a user decides whether a plugin sees a file before or
//! after sheaf made it into a module. A builtin the user did not place runs
//! after every plugin: `@rollup/plugin-image` claims `.png` files and
//! `@rollup/plugin-json` gets a file's own JSON, as in Rollup. The zero-plugin
//! build runs the same builtins (`read_source`) and nothing else. A builtin's
//! `transform` with no plugin after it is what the parser does by module type
//! (`scan::parse_module`), so it is skipped and costs nothing.

use std::path::Path;

use rayon::prelude::*;
use sheaf_common::{hooks::Builtin, BuildOptions, Diagnostic};
use sheaf_ecma::Lowering;

use crate::{
    asset::Inline,
    plugin_scan::{LoadEnv, Plugin},
    scan::{on_pool, read_error, Source, Task},
};

/// A module as a builtin's `load` finds it: `None` when it is not the
/// builtin's kind of module (the next plugin is asked).
pub(crate) fn load_one(
    builtin: Builtin,
    options: &BuildOptions,
    lowering: Lowering,
    task: &Task,
    outbase: &Path,
) -> Option<Result<Source, Vec<Diagnostic>>> {
    match builtin {
        Builtin::Css => load_css(options, lowering, &task.path),
        Builtin::Asset => load_asset(options, &task.path, outbase),
        Builtin::Json => None,
        Builtin::Text => load_text(&task.path),
    }
}

/// A stylesheet (`x.css`, `App.vue?vue&type=style&lang.css`), a stylesheet's
/// text as a string (`x.css?inline`), or an error for a preprocessor's file.
fn load_css(
    options: &BuildOptions,
    lowering: Lowering,
    path: &Path,
) -> Option<Result<Source, Vec<Diagnostic>>> {
    let (file, query) = sheaf_resolve::split_loader_query(path);
    if let Some(kind) = crate::css::preprocessor(file).filter(|_| query.is_none()) {
        return Some(Err(vec![Diagnostic::error(
            "E_CSS_PREPROCESSOR",
            format!(
                "{kind} is not supported: {}",
                crate::write::display_path(file, &options.cwd)
            ),
        )
        .with_help("compile it to CSS first and import the .css file")]));
    }
    if query == Some("?inline") && crate::css::is_css(file) {
        return Some(inline_css(options, lowering, path, file));
    }
    if query.is_some() || !crate::css::is_css(path) {
        return None;
    }
    Some(match std::fs::read_to_string(file) {
        Ok(code) => Ok(Source {
            css: true,
            file_hash: Some(xxhash_rust::xxh3::xxh3_64(code.as_bytes())),
            ..Source::js(code)
        }),
        Err(e) => Err(read_error(path, e)),
    })
}

/// `x.css?inline`: the stylesheet, processed for the targets, as a string.
fn inline_css(
    options: &BuildOptions,
    lowering: Lowering,
    path: &Path,
    file: &Path,
) -> Result<Source, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(file).map_err(|e| read_error(path, e))?;
    let loaded = crate::css::load(file, &text, &options.cwd)?;
    let code = crate::css::standalone(file, &loaded.css, options, lowering)?;
    Ok(Source::js(crate::asset::default_export(&code)).read_from(text.as_bytes()))
}

/// A `public/` file's URL, a file's text as a string (`?raw`), or a file
/// copied to the output (images, fonts, `?url`, `?inline` …): its module
/// gives the URL.
fn load_asset(
    options: &BuildOptions,
    path: &Path,
    outbase: &Path,
) -> Option<Result<Source, Vec<Diagnostic>>> {
    if let Some(url) = crate::scan::public_url(path, options) {
        return Some(Ok(Source::js(crate::asset::default_export(&url))));
    }
    let (file, query) = sheaf_resolve::split_loader_query(path);
    let read = || std::fs::read(file).map_err(|e| read_error(path, e));
    if query == Some("?raw") {
        return Some(read().map(|bytes| {
            Source::js(crate::asset::default_export(&String::from_utf8_lossy(
                &bytes,
            )))
            .read_from(&bytes)
        }));
    }
    let inline = match query {
        // A stylesheet's `?inline` is its text (`sheaf:css`).
        Some("?inline") if crate::css::is_css(file) => return None,
        Some("?inline") => Inline::Always,
        Some("?no-inline") => Inline::Never,
        Some(_) => Inline::BySize,
        None => {
            crate::asset::extension(file)?;
            Inline::BySize
        }
    };
    Some(read().map(|bytes| {
        let ext = sheaf_common::path_text::extension(file).unwrap_or("");
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let a = crate::asset::Asset::new(file, ext, bytes, outbase, options, inline);
        let mut source = Source::js(a.module_source());
        source.asset = Some(a);
        source.file_hash = Some(hash);
        source
    }))
}

/// A text file's own text (module type `text`): the parser, or `sheaf:text`'s
/// `transform` when plugins come after it, makes it a module of the text.
fn load_text(path: &Path) -> Option<Result<Source, Vec<Diagnostic>>> {
    let (file, query) = sheaf_resolve::split_loader_query(path);
    if query.is_some() || !crate::asset::is_text(file) {
        return None;
    }
    Some(match std::fs::read(file) {
        Ok(bytes) => Ok(Source {
            text: true,
            ..Source::js(String::from_utf8_lossy(&bytes).into_owned()).read_from(&bytes)
        }),
        Err(e) => Err(read_error(path, e)),
    })
}

/// A builtin's `transform`, for plugins after it: JSON and text files become
/// the JavaScript the parser would make of them; stylesheets stay stylesheets
/// (module type `css`) and assets are JavaScript already.
fn transform_one(builtin: Builtin, id: &str, source: &mut Source) {
    match builtin {
        Builtin::Json if is_json(id, source) && sheaf_common::hooks::is_json(&source.code) => {
            source.code = format!("module.exports = {};\n", source.code.trim_end());
        }
        Builtin::Text if source.text => {
            source.code = crate::asset::text_module_source(&source.code);
            source.text = false;
        }
        _ => return,
    }
    source.module_type = Some("js".into());
    // The chain ends here: positions of plugins after it are in this code.
    source.maps.clear();
}

/// The module is still JSON: no plugin said otherwise, and the id says so.
fn is_json(id: &str, source: &Source) -> bool {
    match source.module_type.as_deref() {
        Some(t) => t == "json",
        None => {
            !source.css
                && source.asset.is_none()
                && Path::new(id).extension() == Some("json".as_ref())
        }
    }
}

impl Plugin for Builtin {
    fn load(
        &self,
        env: &LoadEnv,
        tasks: &[&Task],
        pending: &[usize],
    ) -> Vec<Option<Result<Source, Vec<Diagnostic>>>> {
        on_pool(env.pool, || {
            pending
                .par_iter()
                .map(|&k| load_one(*self, env.options, env.lowering, tasks[k], env.outbase))
                .collect()
        })
    }

    fn transform(
        &self,
        env: &LoadEnv,
        ids: &[String],
        sources: &mut [Result<Source, Vec<Diagnostic>>],
    ) {
        on_pool(env.pool, || {
            sources.par_iter_mut().zip(ids).for_each(|(source, id)| {
                if let Ok(source) = source {
                    transform_one(*self, id, source);
                }
            })
        })
    }
}
