//! CSS modules: `*.module.css` files whose class names are local to the file.
//!
//! Example: `card.module.css` holds `.title { composes: base from './base.module.css'; }`.
//! `import styles from './card.module.css'` gives `{ title: "title_x1y2 base_z3" }`
//! (and `import { title } from` works too, for names that are identifiers), and
//! the stylesheet in the chunk's CSS says `.title_x1y2 { … }`.
//!
//! Why here, at load: lightningcss renames the classes (pattern `[local]_HASH`,
//! HASH being five base-36 characters of the xxh3 hash of the file's path
//! relative to the working directory, so names are
//! the same on every machine and readable in dev) and reports what each name
//! became and composes. The renamed sheet is what the chunk's CSS bundles; the
//! module's JavaScript is the export object. `composes: x from './y.module.css'`
//! becomes `import { x } from './y.module.css'` placed at the `composes`
//! declaration's line and column, so a missing file or name is reported there,
//! and the composed file's CSS joins the chunk before this one.

use std::fmt::Write as _;
use std::path::Path;

use lightningcss::{
    css_modules::{Config, CssModuleReference, Pattern},
    properties::{
        css_modules::{Composes, Specifier},
        Property,
    },
    rules::CssRule,
    stylesheet::{ParserOptions, PrinterOptions, StyleSheet},
};
use rustc_hash::FxHashMap;

/// Whether `path` is a CSS module (`name.module.css`).
pub fn is_css_module(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".module.css"))
}

/// The CSS modules settings: `[local]_HASH` names. HASH is ours, not
/// lightningcss's `[hash]` (six mixed-case characters of `DefaultHasher`, whose
/// algorithm may change with Rust): five lowercase base-36 characters of xxh3,
/// which also gzip better (Vite's names are as long).
fn parser_config(path: &Path, root: &Path) -> Config {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = rel.to_string_lossy().replace('\\', "/");
    let mut n = xxhash_rust::xxh3::xxh3_64(rel.as_bytes());
    let hash: String = (0..5)
        .map(|_| {
            let d = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize] as char;
            n /= 36;
            d
        })
        .collect();
    Config {
        pattern: Pattern::parse(&format!("[local]_{hash}")).expect("the pattern is valid"),
        ..Config::default()
    }
}

/// What a CSS module compiles to: its stylesheet with local names renamed, and
/// the JavaScript statements of its exports.
pub struct Compiled {
    pub css: String,
    /// `(line from 0, column from 1, statement)` for each `composes … from` file.
    pub imports: Vec<(u32, u32, String)>,
    pub exports: String,
}

/// A CSS module error: the message and where (line from 0, column from 1).
pub type Error = (String, Option<(u32, u32)>);

/// Renames the local names of a parsed CSS module and builds its exports.
/// `root`: the folder names are hashed relative to.
pub fn compile(sheet: &StyleSheet, root: &Path) -> Result<Compiled, Error> {
    let root = root.to_string_lossy();
    let printed = sheet
        .to_css(PrinterOptions {
            project_root: Some(&root),
            ..PrinterOptions::default()
        })
        .map_err(|e| (e.kind.to_string(), e.loc.map(|l| (l.line, l.column))))?;
    let mut exports: Vec<_> = printed.exports.unwrap_or_default().into_iter().collect();
    exports.sort_by(|a, b| a.0.cmp(&b.0));
    check_local_composes(sheet, |name| exports.iter().any(|(n, _)| n == name))?;

    // One import per composed (file, name), at the first `composes` naming it.
    let locations = composes_locations(sheet);
    let mut imported: FxHashMap<(String, String), String> = FxHashMap::default();
    let mut imports = Vec::new();
    let mut statements = String::new();
    let mut object = Vec::new();
    for (i, (name, export)) in exports.iter().enumerate() {
        // `"title_x1 base_y2" + " " + __sheaf_composed_0`
        let mut literal = export.name.clone();
        let mut parts = Vec::new();
        for reference in &export.composes {
            match reference {
                CssModuleReference::Local { name } | CssModuleReference::Global { name } => {
                    literal.push(' ');
                    literal.push_str(name);
                }
                CssModuleReference::Dependency { name, specifier } => {
                    let key = (specifier.clone(), name.clone());
                    let next = imported.len();
                    let local = imported.entry(key).or_insert_with(|| {
                        let local = format!("__sheaf_composed_{next}");
                        let (line, column) = locations.get(specifier).copied().unwrap_or((0, 1));
                        imports.push((
                            line,
                            column,
                            format!(
                                "import {{ {} as {local} }} from {};",
                                export_name(name),
                                serde_json::to_string(specifier).expect("strings serialize")
                            ),
                        ));
                        local
                    });
                    parts.push(format!("\" \" + {local}"));
                }
            }
        }
        let value = std::iter::once(serde_json::to_string(&literal).expect("strings serialize"))
            .chain(parts)
            .collect::<Vec<_>>()
            .join(" + ");
        let local = match export_name(name) {
            n if !n.starts_with('"') => format!("_{n}"),
            _ => format!("__sheaf_class_{i}"),
        };
        let _ = writeln!(statements, "const {local} = {value};");
        if name != "default" {
            let _ = writeln!(statements, "export {{ {local} as {} }};", export_name(name));
        }
        object.push(format!(
            "{}: {local}",
            serde_json::to_string(name).expect("strings serialize")
        ));
    }
    let _ = writeln!(statements, "export default {{ {} }};", object.join(", "));
    imports.sort();
    Ok(Compiled {
        css: printed.code,
        imports,
        exports: statements,
    })
}

/// `name` as an export name: itself when it is an identifier name, otherwise a
/// string (`export { x as "foo-bar" }`).
fn export_name(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier && name != "default" {
        name.to_string()
    } else {
        serde_json::to_string(name).expect("strings serialize")
    }
}

/// `composes: x` (no `from`) must name a class of the same file.
fn check_local_composes(sheet: &StyleSheet, defined: impl Fn(&str) -> bool) -> Result<(), Error> {
    for c in all_composes(sheet).filter(|c| c.from.is_none()) {
        if let Some(name) = c.names.iter().find(|n| !defined(&n.0)) {
            return Err((
                format!("`composes: {}` names no class of this file", name.0),
                Some((c.loc.line.saturating_sub(1), c.loc.column + 1)),
            ));
        }
    }
    Ok(())
}

/// Every `composes` declaration of the sheet's style rules.
fn all_composes<'a, 'i>(sheet: &'a StyleSheet<'i>) -> impl Iterator<Item = &'a Composes<'i>> + 'a {
    sheet.rules.0.iter().flat_map(|rule| {
        let declarations = match rule {
            CssRule::Style(style) => Some(&style.declarations),
            _ => None,
        };
        declarations
            .into_iter()
            .flat_map(|d| d.declarations.iter().chain(&d.important_declarations))
            .filter_map(|d| match d {
                Property::Composes(c) => Some(c),
                _ => None,
            })
    })
}

/// Where the first `composes: … from "file"` of each file is.
fn composes_locations(sheet: &StyleSheet) -> FxHashMap<String, (u32, u32)> {
    let mut found = FxHashMap::default();
    for c in all_composes(sheet) {
        if let Some(Specifier::File(file)) = &c.from {
            // Placed so that the imported name lines up with the first name
            // (`import { ` is 9 characters; the column is the one before the
            // value's space); lines count from 1.
            found.entry(file.to_string()).or_insert((
                c.loc.line.saturating_sub(1),
                c.loc.column.saturating_sub(9).max(1),
            ));
        }
    }
    found
}

/// Parser options for a CSS module at `path`.
pub fn parser_options<'i>(path: &Path, root: &Path) -> ParserOptions<'i> {
    ParserOptions {
        filename: path.to_string_lossy().into_owned(),
        css_modules: Some(parser_config(path, root)),
        ..ParserOptions::default()
    }
}
