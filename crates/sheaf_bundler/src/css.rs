//! CSS: stylesheets imported from JavaScript (`import './app.css'`) or given as
//! entry points, bundled by lightningcss into one `.css` file per chunk.
//!
//! Example: `main.js` imports `./reset.css` then `./app.css`, which does
//! `@import "./theme.css"`. The output is `main.js` and `main.css`; main.css holds
//! reset, theme, app, in that order (the cascade the unbundled page has).
//!
//! Why graph modules: each stylesheet is read and parsed once, on the scan's
//! parallel tasks (errors with a code frame, before anything is written), and its
//! `@import`s become graph edges that resolve like any import (packages
//! included). To the linker a stylesheet is a module with no code whose imports
//! are its `@import`s, so execution order is cascade order and chunk assignment
//! decides which chunk's CSS file it lands in. At generate time lightningcss's
//! `Bundler` packages each chunk over a virtual entry of `@import`s of the
//! chunk's stylesheets, reading sources from the graph (`GraphProvider`), so
//! `@import … layer()/supports()/media` wrapping is lightningcss's; it then
//! lowers and prefixes for the build's browsers and minifies with `--minify`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lightningcss::{
    bundler::{Bundler, ResolveResult, SourceProvider},
    dependencies::{Dependency, DependencyOptions, UrlDependency},
    error::ErrorLocation,
    rules::CssRule,
    stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet},
    targets::{Browsers, Targets},
};
use parcel_sourcemap::SourceMap;
use rustc_hash::FxHashMap;
use sheaf_common::{BuildOptions, Diagnostic, Label};
use sheaf_ecma::Lowering;

use crate::generate::OutputAsset;
use crate::graph::{ModuleGraph, ModuleIdx, ResolvedRecord};

/// Whether `path` is a stylesheet.
pub fn is_css(path: &Path) -> bool {
    sheaf_common::path_text::extension(path) == Some("css")
}

/// The preprocessor language of a stylesheet sheaf does not compile (Sass,
/// Less, Stylus), by extension.
pub fn preprocessor(path: &Path) -> Option<&'static str> {
    match sheaf_common::path_text::extension(path)? {
        "scss" | "sass" => Some("Sass"),
        "less" => Some("Less"),
        "styl" | "stylus" => Some("Stylus"),
        _ => None,
    }
}

/// A PostCSS config of the project, which sheaf does not run: a warning says
/// so (lightningcss lowers and prefixes for the targets instead).
pub fn postcss_warning(dirs: &[&Path], cwd: &Path) -> Option<Diagnostic> {
    const NAMES: &[&str] = &[
        "postcss.config.js",
        "postcss.config.cjs",
        "postcss.config.mjs",
        "postcss.config.ts",
        "postcss.config.json",
        ".postcssrc",
        ".postcssrc.json",
        ".postcssrc.js",
    ];
    let found = dirs
        .iter()
        .flat_map(|d| NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())?;
    Some(
        Diagnostic::warning(
            "W_POSTCSS",
            format!(
                "{} is not applied",
                crate::write::display_path(&found, cwd)
            ),
        )
        .with_help("sheaf lowers and prefixes CSS for the targets with lightningcss; PostCSS plugins do not run"),
    )
}

/// `@import`s of absolute URLs stay in the output as they are.
fn is_url(specifier: &str) -> bool {
    ["http:", "https:", "//", "data:"]
        .iter()
        .any(|p| specifier.starts_with(p))
}

/// A stylesheet as the graph sees it: `source`, the module source the linker
/// sees (`import "x";` per local `@import`, and for a CSS module its exports),
/// and `css`, the text the chunk's CSS bundles (a CSS module's, renamed).
pub struct Loaded {
    pub source: String,
    pub css: String,
    /// Warnings about the stylesheet (Tailwind source, uncompiled).
    pub warnings: Vec<Diagnostic>,
}

/// Parses a stylesheet (a syntax error is a diagnostic with a code frame).
/// `root`: the folder CSS module names are hashed relative to.
pub fn load(path: &Path, text: &str, root: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let module = crate::css_modules::is_css_module(path);
    let options = if module {
        crate::css_modules::parser_options(path, root)
    } else {
        ParserOptions {
            filename: path.to_string_lossy().into_owned(),
            ..ParserOptions::default()
        }
    };
    let sheet = StyleSheet::parse(text, options).map_err(|e| {
        vec![located(
            Diagnostic::error("E_CSS_SYNTAX", format!("Invalid CSS: {}", e.kind)),
            path,
            text,
            e.loc.as_ref(),
        )]
    })?;
    let warnings = crate::tailwind::warning(path, text, &sheet.rules, root)
        .into_iter()
        .collect();
    // Each `import` on its `@import`'s line, its specifier at the same column
    // (after `@import `), so that diagnostics about it point into the stylesheet.
    let mut statements: Vec<(u32, u32, String)> = sheet
        .rules
        .0
        .iter()
        .filter_map(|rule| match rule {
            CssRule::Import(import) if !is_url(&import.url) => {
                let quoted = serde_json::to_string(&*import.url).expect("strings serialize");
                Some((
                    import.loc.line,
                    import.loc.column,
                    format!("import {quoted};"),
                ))
            }
            _ => None,
        })
        .collect();
    let (css, exports) = if module {
        let compiled = crate::css_modules::compile(&sheet, root).map_err(|(message, at)| {
            let loc = at.map(|(line, column)| ErrorLocation {
                filename: path.to_string_lossy().into_owned(),
                line,
                column,
            });
            let d = Diagnostic::error("E_CSS_MODULE", message);
            vec![located(d, path, text, loc.as_ref())]
        })?;
        statements.extend(compiled.imports);
        (compiled.css, compiled.exports)
    } else {
        (text.to_string(), String::new())
    };
    let mut source = placed(&statements);
    source.push('\n');
    source.push_str(&exports);
    Ok(Loaded {
        source,
        css,
        warnings,
    })
}

/// Diagnostics about a stylesheet's module source (an `@import` or `composes`
/// that does not resolve, a name a `composes` asks for that the file does not
/// export) show the stylesheet instead: the source places each statement on
/// its rule's line, so the same line and column of the file is the place.
pub fn relabel(diagnostics: &mut [Diagnostic]) {
    let mut texts: FxHashMap<PathBuf, Option<Arc<str>>> = FxHashMap::default();
    for label in diagnostics.iter_mut().flat_map(|d| d.labels.iter_mut()) {
        if !is_css(&label.path) {
            continue;
        }
        let text = texts
            .entry(label.path.clone())
            .or_insert_with(|| std::fs::read_to_string(&label.path).ok().map(Arc::from));
        let Some(text) = text.clone() else {
            continue;
        };
        if *label.source == *text {
            continue;
        }
        let Some(line) = text.split_inclusive('\n').nth(label.line.saturating_sub(1)) else {
            continue;
        };
        let line_start = line.as_ptr() as usize - text.as_ptr() as usize;
        let content = line.trim_end_matches(['\n', '\r']);
        let column = line.char_indices().nth(label.column).map(|(i, _)| i);
        // The token at that column, up to a space or `;`; past the line's end
        // (a statement longer than its rule), the whole rule.
        let (start, end) = match column.filter(|&i| i < content.len()) {
            Some(i) => {
                let len = content[i..].find([' ', ';']).unwrap_or(content.len() - i);
                (i, i + len.max(1))
            }
            None => (content.len() - content.trim_start().len(), content.len()),
        };
        let (start, end) = (line_start + start, line_start + end);
        let message = std::mem::take(&mut label.message);
        *label = Label::new(label.path.clone(), text, start, end).with_message(message);
    }
}

/// Statements each at its `(line from 0, column from 1)` (in order; one that
/// would overlap the one before follows it on the same line).
fn placed(statements: &[(u32, u32, String)]) -> String {
    let mut source = String::new();
    let mut line = 0;
    for (at_line, column, statement) in statements {
        if line < *at_line || source.is_empty() {
            while line < *at_line {
                source.push('\n');
                line += 1;
            }
            source.push_str(&" ".repeat(*column as usize));
        }
        source.push_str(statement);
    }
    source
}

/// `d` with a label at a rule's location in `text`.
pub(crate) fn at_location(
    d: Diagnostic,
    path: &Path,
    text: &str,
    loc: lightningcss::rules::Location,
) -> Diagnostic {
    let loc = ErrorLocation {
        filename: String::new(),
        line: loc.line,
        column: loc.column,
    };
    located(d, path, text, Some(&loc))
}

/// `d` with a label at `loc` (line from 0, column from 1) of `text`.
fn located(d: Diagnostic, path: &Path, text: &str, loc: Option<&ErrorLocation>) -> Diagnostic {
    let Some(loc) = loc else {
        return d;
    };
    let line_start: usize = text
        .split_inclusive('\n')
        .take(loc.line as usize)
        .map(str::len)
        .sum();
    let start = line_start + (loc.column as usize).saturating_sub(1);
    d.with_label(Label::new(
        path.to_path_buf(),
        Arc::from(text),
        start,
        start + 1,
    ))
}

/// Serves lightningcss the stylesheets the scan read, and resolves their
/// `@import`s as the scan did.
struct GraphProvider<'g> {
    graph: &'g ModuleGraph,
    by_path: FxHashMap<&'g Path, ModuleIdx>,
    /// The chunk's virtual entry: its path and `@import "…";` lines.
    entry: (PathBuf, String),
}

impl SourceProvider for GraphProvider<'_> {
    type Error = std::io::Error;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Self::Error> {
        if file == self.entry.0 {
            return Ok(&self.entry.1);
        }
        self.by_path
            .get(file)
            .and_then(|&m| self.graph.module(m).css.as_deref())
            .ok_or_else(|| not_found(file.display()))
    }

    fn resolve(&self, specifier: &str, from: &Path) -> Result<ResolveResult, Self::Error> {
        if from == self.entry.0 {
            return Ok(ResolveResult::File(PathBuf::from(specifier)));
        }
        if is_url(specifier) {
            return Ok(ResolveResult::External(specifier.to_string()));
        }
        let module = self
            .by_path
            .get(from)
            .map(|&m| self.graph.module(m))
            .ok_or_else(|| not_found(from.display()))?;
        module
            .info
            .records
            .iter()
            .zip(&module.resolved)
            .find(|(rec, _)| rec.specifier == specifier)
            .map(|(_, res)| match res {
                ResolvedRecord::Module(t) => {
                    ResolveResult::File(self.graph.module(*t).path.clone())
                }
                // Reported by the scan already (or external by `--external`).
                _ => ResolveResult::External(specifier.to_string()),
            })
            .ok_or_else(|| not_found(specifier))
    }
}

fn not_found(what: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("{what} was not loaded"),
    )
}

/// The CSS of a chunk whose stylesheets are `modules`, in cascade order: one
/// style sheet, lowered for the build's browsers, minified with `--minify`; and
/// the files its `url()`s name, to emit (`out_path`: where the CSS goes).
pub fn bundle_chunk(
    graph: &ModuleGraph,
    modules: &[ModuleIdx],
    out_path: &Path,
    options: &BuildOptions,
    lowering: Lowering,
) -> Result<ChunkCss, Vec<Diagnostic>> {
    let by_path = reachable_sheets(graph, modules);
    let imports: String = roots(graph, modules)
        .map(|m| {
            let path = graph.module(m).path.to_string_lossy();
            format!(
                "@import {};\n",
                serde_json::to_string(&*path).expect("strings serialize")
            )
        })
        .collect();
    let provider = GraphProvider {
        graph,
        by_path,
        entry: (graph.cwd.join("[sheaf-chunk].css"), imports),
    };
    // lightningcss numbers the sheets in the order its workers load them,
    // and the source map lists them in that order: on one thread the order
    // is the `@import`s', whatever the thread count (a chunk with two roots
    // had its map's sources swapped now and then on two threads).
    let one_thread = crate::pool::worker_pool(Some(1)).map_err(|e| {
        vec![Diagnostic::error(
            "E_CSS_BUNDLE",
            format!("Cannot bundle CSS: {e}"),
        )]
    })?;
    let mut sheet = one_thread
        .install(|| {
            let mut bundler = Bundler::new(&provider, None, ParserOptions::default());
            bundler.bundle(&provider.entry.0)
        })
        .map_err(failed("bundle"))?;
    let targets = lower(&mut sheet, lowering)?;
    let mut map = options
        .sourcemap
        .map(|_| source_map(&provider, &sheet.sources, out_path));
    let printed = sheet
        .to_css(PrinterOptions {
            minify: options.minify,
            targets,
            // `url()`s and `@import`s become placeholders, replaced below.
            analyze_dependencies: Some(DependencyOptions {
                remove_imports: false,
            }),
            source_map: map.as_mut(),
            ..PrinterOptions::default()
        })
        .map_err(failed("print"))?;
    let mut replacements = FxHashMap::default();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for dep in printed.dependencies.into_iter().flatten() {
        let (placeholder, url) = match dep {
            Dependency::Import(i) => (i.placeholder, i.url),
            Dependency::Url(u) => match url_asset(graph, &u, out_path, options) {
                Ok(Some((url, file))) => {
                    files.extend(file);
                    (u.placeholder, url)
                }
                Ok(None) => (u.placeholder, u.url),
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
        };
        replacements.insert(placeholder, css_string_body(&url));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (mut code, edits) = replace_placeholders(&printed.code, &replacements);
    if !code.ends_with('\n') {
        code.push('\n');
    }
    let map = match map {
        Some(mut map) => {
            // Replacements change the length of their line: later mappings move.
            for &(line, column, delta) in edits.iter().rev() {
                let _ = map.offset_columns(line, column, delta);
            }
            Some(map.to_json(None).map_err(|e| {
                vec![Diagnostic::error(
                    "E_CSS_BUNDLE",
                    format!("Cannot write the CSS source map: {e}"),
                )]
            })?)
        }
        None => None,
    };
    Ok(ChunkCss { code, files, map })
}

/// The stylesheets the chunk's CSS reads, by path: its own and those they
/// `@import`, however deep (not every stylesheet of the graph, per chunk).
fn reachable_sheets<'g>(
    graph: &'g ModuleGraph,
    modules: &[ModuleIdx],
) -> FxHashMap<&'g Path, ModuleIdx> {
    let mut found = FxHashMap::default();
    let mut stack = modules.to_vec();
    while let Some(m) = stack.pop() {
        let module = graph.module(m);
        if module.css.is_none() || found.insert(module.path.as_path(), m).is_some() {
            continue;
        }
        stack.extend(module.resolved.iter().filter_map(|r| match r {
            ResolvedRecord::Module(t) => Some(*t),
            _ => None,
        }));
    }
    found
}

/// A chunk's CSS file: its text, the files its `url()`s name, and its source
/// map (JSON, sources relative to the CSS file) with `--sourcemap`.
pub struct ChunkCss {
    pub code: String,
    pub files: Vec<OutputAsset>,
    pub map: Option<String>,
}

/// A source map for CSS written to `out_path`: sources relative to its folder,
/// each with its text (the virtual entry has none).
fn source_map(provider: &GraphProvider, sources: &[String], out_path: &Path) -> SourceMap {
    let dir = out_path.parent().unwrap_or(Path::new("/"));
    let mut map = SourceMap::new(&dir.to_string_lossy());
    for source in sources {
        // The texts the bundler read (the virtual entry's is none of a module).
        let text = provider
            .by_path
            .get(Path::new(source))
            .and_then(|&m| provider.graph.module(m).css.as_deref());
        let index = map.add_source(source);
        if let Some(text) = text {
            let _ = map.set_source_content(index as usize, text);
        }
    }
    map
}

/// One stylesheet's CSS on its own, lowered for the build's browsers and
/// minified with `--minify` (`import css from './x.css?inline'`; its `@import`s
/// stay as written).
pub fn standalone(
    path: &Path,
    css: &str,
    options: &BuildOptions,
    lowering: Lowering,
) -> Result<String, Vec<Diagnostic>> {
    let parser = ParserOptions {
        filename: path.to_string_lossy().into_owned(),
        ..ParserOptions::default()
    };
    let mut sheet = StyleSheet::parse(css, parser).map_err(failed("parse"))?;
    let targets = lower(&mut sheet, lowering)?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: options.minify,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(failed("print"))?;
    Ok(printed.code)
}

/// A stylesheet's text as the dev server injects it, into a `<style>` of the
/// page: a relative `url()` resolves against the page there, not the file, so
/// each points at the file from the server's `root` (`url(../img/a.png)` in
/// `src/styles/x.css` → `url(/src/img/a.png)`); `@import`s of local files go
/// (the dev graph runs the imported sheets as modules of their own), those of
/// absolute URLs (`https:`, `data:`) stay. Text that does not parse (it did at
/// load) stays as it is.
pub fn dev_text(path: &Path, css: &str, root: &Path) -> String {
    let parser = ParserOptions {
        filename: path.to_string_lossy().into_owned(),
        ..ParserOptions::default()
    };
    let Ok(mut sheet) = StyleSheet::parse(css, parser) else {
        return css.to_string();
    };
    sheet
        .rules
        .0
        .retain(|rule| !matches!(rule, CssRule::Import(i) if !is_url(&i.url)));
    let Ok(printed) = sheet.to_css(PrinterOptions {
        analyze_dependencies: Some(DependencyOptions {
            remove_imports: false,
        }),
        ..PrinterOptions::default()
    }) else {
        return css.to_string();
    };
    let dir = path.parent().unwrap_or(Path::new("/"));
    let replacements = printed
        .dependencies
        .into_iter()
        .flatten()
        .map(|dep| match dep {
            Dependency::Url(u) => {
                let url = dev_url(&u.url, dir, root).unwrap_or(u.url);
                (u.placeholder, css_string_body(&url))
            }
            Dependency::Import(i) => (i.placeholder, css_string_body(&i.url)),
        })
        .collect();
    replace_placeholders(&printed.code, &replacements).0
}

/// A relative `url()` of a stylesheet in `dir`, as the dev server serves it
/// (`None`: absolute, data or fragment URLs, and files outside `root`).
fn dev_url(url: &str, dir: &Path, root: &Path) -> Option<String> {
    if url.is_empty() || is_url(url) || url.starts_with(['#', '/']) {
        return None;
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (file, suffix) = url.split_at(end);
    let path = sheaf_common::normalize_path(&dir.join(file));
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    Some(format!("/{}{suffix}", parts.join("/")))
}

/// Lowers and prefixes `sheet` for the build's browsers (lightningcss's
/// `minify` step, which also merges rules); returns those targets for printing.
fn lower(sheet: &mut StyleSheet, lowering: Lowering) -> Result<Targets, Vec<Diagnostic>> {
    let targets = targets(lowering);
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(failed("lower"))?;
    Ok(targets)
}

/// `E_CSS_BUNDLE` for a lightningcss step that failed (`what`: bundle, lower, print).
fn failed<T: std::fmt::Display>(
    what: &'static str,
) -> impl FnOnce(lightningcss::error::Error<T>) -> Vec<Diagnostic> {
    move |e| {
        vec![Diagnostic::error(
            "E_CSS_BUNDLE",
            format!("Cannot {what} CSS: {}", e.kind),
        )]
    }
}

/// `code` with each placeholder the printer wrote (always right after a `"`)
/// replaced, in one pass: replacing them one by one rescanned the whole sheet
/// per `url()`. A `url("…")` whose URL needs no quotes loses them. Also returns each replacement's place (line, column after the
/// placeholder) and how much longer the line became there, for the source map.
fn replace_placeholders(
    code: &str,
    replacements: &FxHashMap<String, String>,
) -> (String, Vec<(u32, u32, i64)>) {
    let mut lengths: Vec<usize> = replacements.keys().map(String::len).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let mut out = String::with_capacity(code.len());
    let mut edits = Vec::new();
    let mut copied = 0;
    // Line and line start of `counted` (where counting got to).
    let (mut line, mut line_start, mut counted) = (0u32, 0usize, 0usize);
    for (quote, _) in code.match_indices('"') {
        let start = quote + 1;
        if start < copied {
            continue;
        }
        let found = lengths.iter().find_map(|&len| {
            let key = code.get(start..start + len)?;
            replacements.get(key).map(|r| (len, r))
        });
        if let Some((len, replacement)) = found {
            for (i, _) in code[counted..start].match_indices('\n') {
                line += 1;
                line_start = counted + i + 1;
            }
            counted = start;
            // `url("x")` → `url(x)` where the URL allows it (as minifiers write it).
            let unquote = code[..quote].ends_with("url(")
                && code[start + len..].starts_with("\")")
                && !replacement.contains(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | '\\')
                });
            let column = code[line_start..start + len].chars().count() as u32;
            let removed = if unquote { 2 } else { 0 };
            edits.push((
                line,
                column,
                replacement.len() as i64 - len as i64 - removed,
            ));
            if unquote {
                out.push_str(&code[copied..quote]);
                out.push_str(replacement);
                copied = start + len + 1;
            } else {
                out.push_str(&code[copied..start]);
                out.push_str(replacement);
                copied = start + len;
            }
        }
    }
    out.push_str(&code[copied..]);
    (out, edits)
}

/// `url(x)` of a local file: the file is emitted as an asset (`--asset-names`)
/// and the URL is its path relative to the CSS file (or under `--base`); a small
/// file is inlined as a `data:` URL instead (`--asset-inline-limit`). `None`:
/// left as written (`data:`, absolute URLs, `#fragment`, and `/public` paths,
/// which the server or `public/` provides).
fn url_asset(
    graph: &ModuleGraph,
    dep: &UrlDependency,
    css_path: &Path,
    options: &BuildOptions,
) -> Result<Option<(String, Option<OutputAsset>)>, Diagnostic> {
    let url = dep.url.as_str();
    if url.is_empty() || is_url(url) || url.starts_with('#') || url.starts_with('/') {
        return Ok(None);
    }
    // `font.woff2?v=3#iefix`: the file is the part before `?` and `#`.
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (file, suffix) = url.split_at(end);
    let from = Path::new(&dep.loc.file_path);
    let dir = from.parent().unwrap_or(Path::new("/"));
    let path = sheaf_common::normalize_path(&dir.join(file));
    let bytes = std::fs::read(&path).map_err(|e| {
        let text = graph
            .modules
            .iter()
            .find(|m| m.path == from)
            .and_then(|m| m.css.as_deref())
            .unwrap_or("");
        let loc = ErrorLocation {
            filename: dep.loc.file_path.clone(),
            // Dependency locations count lines from 1.
            line: dep.loc.start.line.saturating_sub(1),
            column: dep.loc.start.column,
        };
        located(
            Diagnostic::error("E_CSS_URL", format!("Could not read url({url}): {e}"))
                .with_help("check the path; URLs that start with `/` are left to the server"),
            from,
            text,
            Some(&loc),
        )
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let asset = crate::asset::Asset::new(
        &path,
        &ext,
        bytes,
        &graph.outbase,
        options,
        crate::asset::Inline::BySize,
    );
    if asset.inlined {
        return Ok(Some((asset.url, None)));
    }
    if options.base.is_some() {
        let url = format!("{}{suffix}", asset.url);
        return Ok(Some((url, Some(asset.into_output(options)))));
    }
    let root = crate::naming::output_root(options);
    let depth = css_path
        .parent()
        .and_then(|d| d.strip_prefix(&root).ok())
        .map_or(0, |d| d.components().count());
    let up = match depth {
        0 => "./".to_string(),
        n => "../".repeat(n),
    };
    let url = format!("{up}{}{suffix}", asset.file);
    Ok(Some((url, Some(asset.into_output(options)))))
}

/// `s` escaped for the inside of a double-quoted CSS string.
fn css_string_body(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\a ")
}

/// The chunk's stylesheets that no other of them `@import`s (those come with
/// their importer, wrapped in its `@import` conditions). A CSS module's import
/// of a file it `composes` from binds a name; that file is a root of its own.
fn roots<'a>(
    graph: &'a ModuleGraph,
    modules: &'a [ModuleIdx],
) -> impl Iterator<Item = ModuleIdx> + 'a {
    let imported: rustc_hash::FxHashSet<ModuleIdx> = modules
        .iter()
        .flat_map(|&m| {
            let module = graph.module(m);
            module
                .resolved
                .iter()
                .enumerate()
                .filter(|(r, _)| !module.info.imports.iter().any(|b| b.record as usize == *r))
                .filter_map(|(_, res)| match res {
                    ResolvedRecord::Module(t) => Some(*t),
                    _ => None,
                })
        })
        .collect();
    modules
        .iter()
        .copied()
        .filter(move |m| !imported.contains(m))
}

/// lightningcss's targets for the build's browsers (none: CSS as written).
fn targets(lowering: Lowering) -> Targets {
    let Some(versions) = lowering.browser_versions() else {
        return Targets::default();
    };
    let mut b = Browsers::default();
    for (name, [major, minor, patch]) in versions {
        let v = Some((major << 16) | (minor << 8) | patch);
        match name {
            "android" => b.android = v,
            "chrome" => b.chrome = v,
            "edge" => b.edge = v,
            "firefox" => b.firefox = v,
            "ie" => b.ie = v,
            "ios_saf" => b.ios_saf = v,
            "opera" => b.opera = v,
            "safari" => b.safari = v,
            "samsung" => b.samsung = v,
            _ => {}
        }
    }
    Targets::from(b)
}
