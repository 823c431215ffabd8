//! HTML pages as entry points: `sheaf build index.html --outdir dist`.
//!
//! Example: `index.html` has `<script type="module" src="/src/main.tsx">`,
//! `<link rel="stylesheet" href="./theme.css">` and `<img src="./logo.png">`.
//! The build bundles `src/main.tsx` and `theme.css` as entries (with code
//! splitting, names under `assets/`, as Vite lays them out) and writes
//! `dist/index.html` with the script's `src` naming
//! `/assets/main-x1y2.js` (and `crossorigin`), the stylesheet's `href` naming
//! its bundle, the image emitted and renamed, and before `</head>`: a
//! `<link rel="modulepreload">` per chunk the script imports up front and a
//! `<link rel="stylesheet">` per CSS file its chunks bring. Everything else in
//! the page is written byte for byte as it was.
//!
//! Why lol_html: it rewrites HTML as a stream of tokens, so attributes are
//! read and set the way a browser parses them and untouched markup stays as
//! written. URLs that start with `/` name files of the app's root (the folder
//! of the pages), unless `public/` has them: `public/` is copied as it is and
//! its URLs stay. `%VITE_X%` (any `import.meta.env` name) is replaced in the
//! page's text first, as Vite does. The dev server reads its page here too
//! (`dev_page`).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lol_html::{element, html_content::ContentType, rewrite_str, RewriteStrSettings};
use rustc_hash::FxHashMap;
use sheaf_common::{normalize_path, BuildOptions, Diagnostic, EntryPoint, Label};

/// Whether `path` is an HTML page.
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// What a reference of a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    /// `<script type="module" src>`: an entry.
    Script,
    /// `<link rel="stylesheet" href>`: a CSS entry.
    Style,
    /// An image, icon, media file or manifest: emitted as it is.
    Asset,
}

/// A local file a page names.
#[derive(Clone, Debug)]
pub struct PageRef {
    pub kind: RefKind,
    pub file: PathBuf,
}

/// A page read for a build: its text (with `%ENV%` replaced) and the local
/// files it names, in document order.
#[derive(Clone, Debug)]
pub struct Page {
    pub path: PathBuf,
    pub text: String,
    pub refs: Vec<PageRef>,
    /// Inline `<script type="module">`s, in page order: each is a module of its
    /// own, in memory at a path next to the page (`index.inline-0.js`), whose
    /// imports resolve from the page's folder.
    pub inline: Vec<(PathBuf, String)>,
    has_head: bool,
}

/// Inline module scripts (no `src`).
const INLINE_SCRIPT: &str = "script[type=module]:not([src])";

/// The in-memory path of a page's `n`th inline module script.
fn inline_path(page: &Path, n: usize) -> PathBuf {
    let stem = page
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    page.with_file_name(format!("{stem}.inline-{n}.js"))
}

/// Elements whose attribute names a file: (selector, attribute, kind, a srcset).
const URL_ATTRIBUTES: &[(&str, &str, RefKind, bool)] = &[
    ("script[type=module][src]", "src", RefKind::Script, false),
    ("link[rel=stylesheet][href]", "href", RefKind::Style, false),
    ("img[src]", "src", RefKind::Asset, false),
    ("img[srcset]", "srcset", RefKind::Asset, true),
    ("source[src]", "src", RefKind::Asset, false),
    ("source[srcset]", "srcset", RefKind::Asset, true),
    ("video[src]", "src", RefKind::Asset, false),
    ("video[poster]", "poster", RefKind::Asset, false),
    ("audio[src]", "src", RefKind::Asset, false),
    ("track[src]", "src", RefKind::Asset, false),
    ("input[type=image][src]", "src", RefKind::Asset, false),
    ("link[rel~=icon][href]", "href", RefKind::Asset, false),
    (
        "link[rel=apple-touch-icon][href]",
        "href",
        RefKind::Asset,
        false,
    ),
    ("link[rel=manifest][href]", "href", RefKind::Asset, false),
];

/// The URLs of a `srcset` (`a.png 1x, b.png 2x`).
fn srcset_urls(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// The local file `url` names, if it is one: relative to the page's folder, or
/// with a leading `/` to the root. `None` for other URLs (absolute, `data:`,
/// `#fragment`) and for files of `public/`, which are served as they are.
pub fn local_file(url: &str, page_dir: &Path, root: &Path) -> Option<PathBuf> {
    let url = url.trim();
    let external = url.is_empty()
        || url.starts_with('#')
        || url.starts_with("//")
        || url.contains("://")
        || url.starts_with("data:")
        || url.starts_with("mailto:")
        || url.starts_with("javascript:");
    if external {
        return None;
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = percent_decode(&url[..end]);
    let file = match path.strip_prefix('/') {
        Some(_) if crate::public::file(root, &path).is_some() => return None,
        Some(abs) => root.join(abs),
        None => page_dir.join(&path),
    };
    Some(normalize_path(&file))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `%NAME%` replaced by the value of each variable (`import.meta.env`'s).
pub fn replace_env(text: &str, env: &[(String, String)]) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let mut out = text.to_string();
    for (name, value) in env {
        let key = format!("%{name}%");
        if out.contains(&key) {
            out = out.replace(&key, value);
        }
    }
    out
}

/// Reads a page and the local files it names; a file that does not exist is an
/// error at its attribute.
/// A page's text through plugins' `transformIndexHtml` (builds and `sheaf dev`).
pub fn transform_index_html(
    hooks: &sheaf_common::hooks::Hooks,
    text: String,
    path: &Path,
) -> Result<String, Diagnostic> {
    match hooks.get() {
        Some(h) if h.has_hook("transformIndexHtml") => {
            h.transform_index_html(text, &path.to_string_lossy())
        }
        _ => Ok(text),
    }
}

pub fn read_page(
    path: &Path,
    root: &Path,
    env: &[(String, String)],
    hooks: &sheaf_common::hooks::Hooks,
) -> Result<Page, Vec<Diagnostic>> {
    let raw = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(
            "E_READ",
            format!("Cannot read {}: {e}", path.display()),
        )]
    })?;
    // Plugins' transformIndexHtml first (as Vite's build does), then the page's scripts.
    let raw = transform_index_html(hooks, raw, path).map_err(|d| vec![d])?;
    let text = replace_env(&raw, env);
    let dir = path.parent().unwrap_or(root);
    let found: RefCell<Vec<(PageRef, String, usize)>> = RefCell::default();
    let has_head = RefCell::new(false);
    let inline: RefCell<Vec<(PathBuf, String)>> = RefCell::default();
    let mut handlers = vec![
        element!("head", |_el| {
            *has_head.borrow_mut() = true;
            Ok(())
        }),
        element!(INLINE_SCRIPT, |_el| {
            let mut inline = inline.borrow_mut();
            let n = inline.len();
            inline.push((inline_path(path, n), String::new()));
            found.borrow_mut().push((
                PageRef {
                    kind: RefKind::Script,
                    file: inline_path(path, n),
                },
                String::new(),
                0,
            ));
            Ok(())
        }),
    ];
    handlers.push(lol_html::text!(INLINE_SCRIPT, |t| {
        if let Some(last) = inline.borrow_mut().last_mut() {
            last.1.push_str(t.as_str());
        }
        Ok(())
    }));
    for &(selector, attribute, kind, srcset) in URL_ATTRIBUTES {
        let found = &found;
        handlers.push(element!(selector, move |el| {
            let value = el.get_attribute(attribute).unwrap_or_default();
            let at = el.source_location().bytes().start;
            let urls: Vec<&str> = match srcset {
                true => srcset_urls(&value).collect(),
                false => vec![value.as_str()],
            };
            for url in urls {
                if let Some(file) = local_file(url, dir, root) {
                    let r = PageRef { kind, file };
                    found.borrow_mut().push((r, url.to_string(), at));
                }
            }
            Ok(())
        }));
    }
    let settings = RewriteStrSettings {
        element_content_handlers: handlers,
        ..RewriteStrSettings::new()
    };
    rewrite_str(&text, settings).map_err(|e| {
        vec![Diagnostic::error(
            "E_HTML",
            format!("Cannot parse {}: {e}", path.display()),
        )]
    })?;
    let inline = inline.into_inner();
    let found = found.into_inner();
    let source: Arc<str> = Arc::from(text.as_str());
    let errors: Vec<Diagnostic> = found
        .iter()
        .filter(|(r, _, _)| !r.file.is_file() && !inline.iter().any(|(p, _)| *p == r.file))
        .map(|(_, url, at)| {
            let start = text[*at..].find(url.as_str()).map_or(*at, |i| at + i);
            Diagnostic::error("E_HTML_REF", format!("Could not find {url:?}"))
                .with_label(Label::new(
                    path.to_path_buf(),
                    source.clone(),
                    start,
                    start + url.len(),
                ))
                .with_help("a URL that starts with `/` names a file of the root or of public/")
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    // Links go before `</head>`: only where the page writes one.
    let has_head = has_head.into_inner() && text.to_ascii_lowercase().contains("</head");
    Ok(Page {
        path: path.to_path_buf(),
        text,
        refs: found.into_iter().map(|(r, _, _)| r).collect(),
        inline,
        has_head,
    })
}

/// What the output page says instead: each local file's URL, and the links to
/// add to `<head>` (before the first module script when the page has none).
pub struct PageOutput<'a> {
    pub urls: &'a FxHashMap<PathBuf, String>,
    pub head: String,
    /// `--base`: URLs of `public/` files (`/icon.svg`) move under it.
    pub base: &'a str,
}

impl PageOutput<'_> {
    /// What `url` becomes, if it changes.
    fn url(&self, url: &str, dir: &Path, root: &Path) -> Option<String> {
        match local_file(url, dir, root) {
            Some(file) => self.urls.get(&file).cloned(),
            None if self.base != "/" => {
                let path = url.split(['?', '#']).next().unwrap_or(url);
                crate::public::file(root, path).map(|_| crate::public::url(url, Some(self.base)))
            }
            None => None,
        }
    }
}

/// The page with its local URLs rewritten and `head` added; `page_dir` and
/// `root` resolve URLs as [`read_page`] did.
pub fn render_page(page: &Page, root: &Path, out: &PageOutput) -> Result<String, Diagnostic> {
    let dir = page.path.parent().unwrap_or(root);
    let head_added = RefCell::new(false);
    let mut handlers = Vec::new();
    if page.has_head {
        handlers.push(element!("head", |el| {
            el.append(&out.head, ContentType::Html);
            *head_added.borrow_mut() = true;
            Ok(())
        }));
    }
    let inline_seen = RefCell::new(0usize);
    handlers.push(element!(INLINE_SCRIPT, |el| {
        let n = {
            let mut seen = inline_seen.borrow_mut();
            *seen += 1;
            *seen - 1
        };
        let Some(url) = out.urls.get(&inline_path(&page.path, n)) else {
            return Ok(());
        };
        el.set_attribute("src", url)?;
        el.set_attribute("crossorigin", "")?;
        el.set_inner_content("", ContentType::Text);
        if !std::mem::replace(&mut *head_added.borrow_mut(), true) {
            el.before(&out.head, ContentType::Html);
        }
        Ok(())
    }));
    for &(selector, attribute, kind, srcset) in URL_ATTRIBUTES {
        let head_added = &head_added;
        handlers.push(element!(selector, move |el| {
            let value = el.get_attribute(attribute).unwrap_or_default();
            let new = match srcset {
                true => value
                    .split(',')
                    .map(|candidate| {
                        let trimmed = candidate.trim();
                        let url = trimmed.split_whitespace().next().unwrap_or("");
                        match out.url(url, dir, root) {
                            Some(u) => trimmed.replacen(url, &u, 1),
                            None => trimmed.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                false => match out.url(&value, dir, root) {
                    Some(u) => u,
                    None => return Ok(()),
                },
            };
            if new != value {
                el.set_attribute(attribute, &new)?;
            }
            if kind == RefKind::Script {
                el.set_attribute("crossorigin", "")?;
                if !std::mem::replace(&mut *head_added.borrow_mut(), true) {
                    el.before(&out.head, ContentType::Html);
                }
            }
            Ok(())
        }));
    }
    let settings = RewriteStrSettings {
        element_content_handlers: handlers,
        ..RewriteStrSettings::new()
    };
    rewrite_str(&page.text, settings).map_err(|e| {
        Diagnostic::error(
            "E_HTML",
            format!("Cannot rewrite {}: {e}", page.path.display()),
        )
    })
}

/// The entries a build of `pages` has: each page's module scripts and
/// stylesheets, once each, in page order.
pub fn entries(pages: &[Page], cwd: &Path) -> Vec<EntryPoint> {
    let mut seen = rustc_hash::FxHashSet::default();
    pages
        .iter()
        .flat_map(|p| &p.refs)
        .filter(|r| r.kind != RefKind::Asset && seen.insert(r.file.clone()))
        .map(|r| EntryPoint {
            name: None,
            path: r
                .file
                .strip_prefix(cwd)
                .map(|p| format!("./{}", p.to_string_lossy().replace('\\', "/")))
                .unwrap_or_else(|_| r.file.to_string_lossy().into_owned()),
        })
        .collect()
}

/// The folder of the pages: the deepest folder that holds all of them.
pub fn root_of(pages: &[PathBuf]) -> PathBuf {
    let mut root = pages
        .first()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    for p in pages.iter().skip(1) {
        while !p.starts_with(&root) {
            if !root.pop() {
                break;
            }
        }
    }
    root
}

/// Build options for pages: their scripts and stylesheets are the entries, with
/// code splitting, ES modules for the browser, outputs under `assets/` and
/// absolute URLs under `--base` (default `/`), as Vite builds pages.
pub fn page_options(options: &BuildOptions, pages: &[Page], root: &Path) -> BuildOptions {
    let assets = "assets/[name]-[hash]";
    BuildOptions {
        entries: entries(pages, &options.cwd),
        splitting: true,
        format: sheaf_common::Format::Esm,
        entry_names: options.entry_names.clone().or(Some(assets.into())),
        chunk_names: options.chunk_names.clone().or(Some(assets.into())),
        asset_names: options.asset_names.clone().or(Some(assets.into())),
        base: options.base.clone().or(Some("/".into())),
        root: Some(root.to_path_buf()),
        ..options.clone()
    }
}

/// The dev server's page: its local stylesheets and module scripts (paths
/// relative to `root`) are the entries; the first script is replaced by the dev
/// client and the bundle, the other scripts and the stylesheet links removed.
pub fn dev_page(
    text: &str,
    page_dir: &Path,
    root: &Path,
    env: &[(String, String)],
) -> (Vec<String>, String) {
    let text = replace_env(text, env);
    let entries: RefCell<Vec<String>> = RefCell::default();
    let styles: RefCell<Vec<String>> = RefCell::default();
    let relative = |file: &Path| {
        let rel = file.strip_prefix(root).unwrap_or(file);
        rel.to_string_lossy().replace('\\', "/")
    };
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            // A local stylesheet is a module of the dev graph: injected as a
            // `<style>` and hot-updated like an imported one.
            element!("link[rel=stylesheet][href]", |el| {
                let href = el.get_attribute("href").unwrap_or_default();
                if let Some(file) = local_file(&href, page_dir, root) {
                    styles.borrow_mut().push(relative(&file));
                    el.remove();
                }
                Ok(())
            }),
            element!("script[type=module][src]", |el| {
                let src = el.get_attribute("src").unwrap_or_default();
                let Some(file) = local_file(&src, page_dir, root) else {
                    return Ok(());
                };
                let mut entries = entries.borrow_mut();
                if entries.is_empty() {
                    el.before(
                    "<script src=\"/@sheaf/client.js\"></script><script src=\"/@sheaf/bundle.js\"></script>",
                    ContentType::Html,
                );
                }
                entries.push(relative(&file));
                el.remove();
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    let html = rewrite_str(&text, settings).unwrap_or(text);
    // Stylesheets of the page come first in the cascade, as their links did.
    let mut all = styles.into_inner();
    all.extend(entries.into_inner());
    (all, html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_page_takes_module_scripts_as_entries() {
        let html = r#"<html><head><script>var x = 1;</script></head><body>
<script type="module" src="/src/main.js"></script>
<script type=module src='./other.ts'></script>
<script src="https://cdn.example/x.js"></script></body></html>"#;
        let (entries, page) = dev_page(html, Path::new("/p"), Path::new("/p"), &[]);
        assert_eq!(entries, ["src/main.js", "other.ts"]);
        assert_eq!(page.matches("/@sheaf/bundle.js").count(), 1);
        assert!(page.contains("var x = 1;") && page.contains("https://cdn.example/x.js"));
        assert!(!page.contains("src/main.js") && !page.contains("other.ts"));
    }

    #[test]
    fn dev_page_takes_local_stylesheets_first() {
        let html = r#"<head><link rel="stylesheet" href="./a.css"><link rel="stylesheet" href="https://cdn.example/b.css"></head>
<script type="module" src="/main.js"></script>"#;
        let (entries, page) = dev_page(html, Path::new("/p"), Path::new("/p"), &[]);
        assert_eq!(entries, ["a.css", "main.js"]);
        assert!(!page.contains("a.css") && page.contains("https://cdn.example/b.css"));
    }

    #[test]
    fn env_names_are_replaced_and_others_left() {
        let env = [("VITE_TITLE".to_string(), "My app".to_string())];
        assert_eq!(
            replace_env("<title>%VITE_TITLE%</title> 100% %OTHER%", &env),
            "<title>My app</title> 100% %OTHER%"
        );
    }

    #[test]
    fn srcset_lists_each_url() {
        let urls: Vec<_> = srcset_urls("a.png 1x, ./b.png 2x,c.png").collect();
        assert_eq!(urls, ["a.png", "./b.png", "c.png"]);
    }
}
