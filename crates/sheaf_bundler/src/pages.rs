//! A build of HTML pages: what comes before the bundling (reading the pages,
//! the entries and options they imply) and after it (the pages written with
//! the outputs' URLs, `public/`, and a manifest for server integrations).
//!
//! Example: `sheaf build index.html about/index.html --outdir dist` bundles
//! the pages' scripts and stylesheets with code splitting, then writes
//! `dist/index.html` and `dist/about/index.html` pointing at
//! `/assets/main-x1y2.js` (with `modulepreload` and stylesheet links),
//! `dist/<every file of public/>`, and `dist/.sheaf/manifest.json`:
//! `{ "src/main.ts": { "file": "assets/main-x1y2.js", "src": "src/main.ts",
//! "isEntry": true, "css": ["assets/main-x1y2.css"], "imports": ["_chunk-a1.js"] } }`
//! (Vite's manifest shape).
//!
//! Why a pass around the build: the pages only choose entries and read
//! outputs, so scan, link and generate do not know about HTML.

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::{normalize_path, BuildOptions, Diagnostic};

use crate::generate::OutputAsset;
use crate::graph::ModuleGraph;
use crate::html::{self, Page, PageOutput, RefKind};

/// The pages of a build and the folder they are relative to.
pub struct Pages {
    pub pages: Vec<Page>,
    pub root: PathBuf,
}

/// The pages among the entries, read, and the options to bundle what they
/// name (other entries stay entries). `None` when no entry is a page.
pub fn prepare(options: &BuildOptions) -> Result<Option<(Pages, BuildOptions)>, Vec<Diagnostic>> {
    let (html, other): (Vec<_>, Vec<_>) = options
        .entries
        .iter()
        .cloned()
        .partition(|e| html::is_html(Path::new(&e.path)));
    if html.is_empty() {
        return Ok(None);
    }
    if options.out_file.is_some() {
        return Err(vec![Diagnostic::error(
            "E_OPTIONS",
            "HTML entries are written to a folder: use --outdir instead of --outfile",
        )]);
    }
    let paths: Vec<PathBuf> = html
        .iter()
        .map(|e| normalize_path(&options.cwd.join(&e.path)))
        .collect();
    let root = options
        .root
        .clone()
        .unwrap_or_else(|| html::root_of(&paths));
    let with_base = BuildOptions {
        base: options.base.clone().or(Some("/".into())),
        root: Some(root.clone()),
        ..options.clone()
    };
    let env = crate::env::values(&with_base).map_err(|d| vec![d])?;
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for path in &paths {
        match html::read_page(path, &root, &env, &options.hooks) {
            Ok(p) => pages.push(p),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut build = html::page_options(options, &pages, &root);
    build.entries.extend(other);
    build
        .virtual_files
        .extend(pages.iter().flat_map(|p| p.inline.iter().cloned()));
    if build.out_dir.is_none() {
        build.out_dir = Some(PathBuf::from("dist"));
    }
    Ok(Some((Pages { pages, root }, build)))
}

/// The outputs the pages add: each page rewritten, the files they name,
/// `public/`, and the manifest.
pub fn emit(
    pages: &Pages,
    graph: &ModuleGraph,
    outputs: &[OutputAsset],
    options: &BuildOptions,
) -> Result<Vec<OutputAsset>, Vec<Diagnostic>> {
    let out_root = crate::naming::output_root(options);
    let index = OutputIndex::new(graph, outputs, &out_root, options);
    let mut added = Vec::new();
    let mut errors = Vec::new();
    for page in &pages.pages {
        let mut urls = FxHashMap::default();
        let mut head = Vec::new();
        for r in &page.refs {
            let url = match r.kind {
                RefKind::Script => index.script(&r.file, &mut head),
                RefKind::Style => index.entry_url(&r.file),
                RefKind::Asset => match emit_asset(&r.file, graph, options) {
                    Ok((url, file)) => {
                        added.push(file);
                        Some(url)
                    }
                    Err(d) => {
                        errors.push(d);
                        None
                    }
                },
            };
            if let Some(url) = url {
                urls.insert(r.file.clone(), url);
            }
        }
        let mut seen = FxHashSet::default();
        head.retain(|l| seen.insert(l.clone()));
        let head = match head.is_empty() {
            true => String::new(),
            false => format!("  {}\n  ", head.join("\n    ")),
        };
        let base = options.base.as_deref().unwrap_or("/");
        let out = PageOutput {
            urls: &urls,
            head,
            base,
        };
        match html::render_page(page, &pages.root, &out) {
            Ok(text) => {
                let rel = page.path.strip_prefix(&pages.root).unwrap_or(&page.path);
                added.push(OutputAsset {
                    map: None,
                    path: out_root.join(rel),
                    contents: text.into_bytes(),
                    meta: None,
                });
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    added.extend(public_files(&pages.root, &out_root));
    added.push(index.manifest(graph, &pages.root));
    Ok(added)
}

/// A file a page names, emitted as an asset (never inlined: a page's URLs stay
/// URLs). The page's scan found it; a read that fails now is still an error.
fn emit_asset(
    file: &Path,
    graph: &ModuleGraph,
    options: &BuildOptions,
) -> Result<(String, OutputAsset), Diagnostic> {
    let bytes = std::fs::read(file).map_err(|e| {
        Diagnostic::error(
            "E_READ",
            format!(
                "Cannot read {}: {e}",
                crate::write::display_path(file, &options.cwd)
            ),
        )
    })?;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let inline = crate::asset::Inline::Never;
    let asset = crate::asset::Asset::new(file, ext, bytes, &graph.outbase, options, inline);
    let url = asset.url.clone();
    Ok((url, asset.into_output(options)))
}

/// Every file of `root/public`, at the same place in the output folder (unless
/// the output folder is inside `public/`).
fn public_files(root: &Path, out_root: &Path) -> Vec<OutputAsset> {
    let public = root.join("public");
    if !public.is_dir() || out_root.starts_with(&public) {
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut stack = vec![public.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = path.strip_prefix(&public).unwrap_or(&path);
                files.push(OutputAsset {
                    map: None,
                    path: out_root.join(rel),
                    contents: bytes,
                    meta: None,
                });
            }
        }
    }
    files
}

/// What the outputs are, looked up by source file and by output path.
struct OutputIndex<'a> {
    /// A source file that is an entry or `import()` target → its output.
    by_source: FxHashMap<&'a Path, &'a OutputAsset>,
    by_path: FxHashMap<&'a Path, &'a OutputAsset>,
    out_root: &'a Path,
    base: String,
}

impl<'a> OutputIndex<'a> {
    fn new(
        graph: &'a ModuleGraph,
        outputs: &'a [OutputAsset],
        out_root: &'a Path,
        options: &BuildOptions,
    ) -> Self {
        let mut by_source = FxHashMap::default();
        let mut by_path = FxHashMap::default();
        for o in outputs {
            by_path.insert(o.path.as_path(), o);
            if let Some(m) = o.meta.as_ref().and_then(|m| m.entry_point) {
                by_source.insert(graph.module(m).path.as_path(), o);
            }
        }
        let base = options.base.clone().unwrap_or_else(|| "/".into());
        OutputIndex {
            by_source,
            by_path,
            out_root,
            base: format!("{}/", base.trim_end_matches('/')),
        }
    }

    /// The output folder-relative path of an output.
    fn rel(&self, path: &Path) -> String {
        path.strip_prefix(self.out_root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn url(&self, path: &Path) -> String {
        format!("{}{}", self.base, self.rel(path))
    }

    fn entry_url(&self, source: &Path) -> Option<String> {
        self.by_source.get(source).map(|o| self.url(&o.path))
    }

    /// A module script's URL; adds the links its load needs to `head`: the CSS
    /// of its chunk and of the chunks it imports up front (those first), and a
    /// `modulepreload` per imported chunk.
    fn script(&self, source: &Path, head: &mut Vec<String>) -> Option<String> {
        let output = self.by_source.get(source)?;
        let mut order = Vec::new();
        self.static_closure(&output.path, &mut FxHashSet::default(), &mut order);
        for path in &order {
            if path != &output.path {
                head.push(format!(
                    "<link rel=\"modulepreload\" crossorigin href=\"{}\">",
                    self.url(path)
                ));
            }
        }
        for path in &order {
            let css = path.with_extension("css");
            if self.by_path.contains_key(css.as_path()) {
                head.push(format!(
                    "<link rel=\"stylesheet\" crossorigin href=\"{}\">",
                    self.url(&css)
                ));
            }
        }
        Some(self.url(&output.path))
    }

    /// `path` and the chunks it imports up front, imported ones first.
    fn static_closure(&self, path: &Path, seen: &mut FxHashSet<PathBuf>, out: &mut Vec<PathBuf>) {
        if !seen.insert(path.to_path_buf()) {
            return;
        }
        if let Some(meta) = self.by_path.get(path).and_then(|o| o.meta.as_ref()) {
            for (import, dynamic) in &meta.imports {
                if !dynamic {
                    self.static_closure(import, seen, out);
                }
            }
        }
        out.push(path.to_path_buf());
    }

    /// `.sheaf/manifest.json`: every chunk by its source (or `_` + its file
    /// name), with its file, CSS and the chunks it imports (Vite's shape).
    fn manifest(&self, graph: &ModuleGraph, root: &Path) -> OutputAsset {
        let user_entries: FxHashSet<_> = graph.entries.iter().map(|e| e.module).collect();
        let mut chunks: Vec<&OutputAsset> = self
            .by_path
            .values()
            .copied()
            .filter(|o| o.meta.is_some())
            .collect();
        chunks.sort_by(|a, b| a.path.cmp(&b.path));
        let source = |m: crate::graph::ModuleIdx| {
            let path = &graph.module(m).path;
            path.strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/")
        };
        // Entries and assets by their source; shared chunks by `_` + file name.
        let key_of = |o: &OutputAsset| -> String {
            let meta = o.meta.as_ref();
            let asset = meta
                .filter(|m| m.entry_point.is_none() && m.inputs.len() == 1)
                .filter(|_| {
                    !matches!(
                        o.path.extension().and_then(|e| e.to_str()),
                        Some("js" | "mjs" | "cjs" | "css")
                    )
                });
            match (meta.and_then(|m| m.entry_point), asset) {
                (Some(m), _) => source(m),
                (None, Some(meta)) => source(meta.inputs[0].0),
                (None, None) => format!("_{}", self.rel(&o.path).rsplit('/').next().unwrap_or("")),
            }
        };
        let keys: FxHashMap<&Path, String> = chunks
            .iter()
            .map(|o| (o.path.as_path(), key_of(o)))
            .collect();
        let mut manifest = serde_json::Map::new();
        for o in &chunks {
            let meta = o.meta.as_ref().expect("chunks have metadata");
            let mut entry = serde_json::Map::new();
            entry.insert("file".into(), self.rel(&o.path).into());
            if let Some(m) = meta.entry_point {
                entry.insert("src".into(), keys[o.path.as_path()].clone().into());
                let key = match user_entries.contains(&m) {
                    true => "isEntry",
                    false => "isDynamicEntry",
                };
                entry.insert(key.into(), true.into());
            }
            let css = o.path.with_extension("css");
            if css != o.path && self.by_path.contains_key(css.as_path()) {
                entry.insert("css".into(), vec![self.rel(&css)].into());
            }
            for (field, dynamic) in [("imports", false), ("dynamicImports", true)] {
                let list: Vec<String> = meta
                    .imports
                    .iter()
                    .filter(|(_, d)| *d == dynamic)
                    .filter_map(|(p, _)| keys.get(p.as_path()).cloned())
                    .collect();
                if !list.is_empty() {
                    entry.insert(field.into(), list.into());
                }
            }
            manifest.insert(keys[o.path.as_path()].clone(), entry.into());
        }
        let json = serde_json::to_vec_pretty(&serde_json::Value::Object(manifest))
            .expect("JSON serializes");
        OutputAsset {
            map: None,
            path: self.out_root.join(".sheaf/manifest.json"),
            contents: json,
            meta: None,
        }
    }
}
