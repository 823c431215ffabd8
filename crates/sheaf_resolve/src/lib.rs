//! Module resolution: a specifier, the importing file and the kind of import in;
//! a file, an external, an empty module or a diagnostic-ready failure out.
//!
//! Example: `resolver.resolve(Path::new("/app/src/main.ts"), "react", Kind::Import)`
//! gives `Resolved::File("/app/node_modules/react/index.js")` on the browser
//! platform, and `"fs"` gives `Resolved::External("fs")` on node.
//!
//! Why a wrapper: oxc_resolver does the work (exports/imports maps, conditions,
//! `browser` field, tsconfig paths, extension probing); this crate holds sheaf's
//! policy: which conditions per platform and import kind, externals, builtins.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use oxc_resolver::{
    FileSystem, ResolveError, ResolveOptions, ResolverGeneric, SideEffects, TsConfig,
    TsconfigDiscovery,
};
use sheaf_common::Platform;

pub use oxc_resolver::ModuleType;

mod listed_fs;
use listed_fs::ListedFs;

type Oxc = ResolverGeneric<ListedFs>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `import`, `export … from`, `import()`.
    Import,
    /// `require()`.
    Require,
    /// A stylesheet's `@import`: the `style` condition and main field first
    /// (`@import "bootstrap"` is its CSS), `.css` probed, and a bare
    /// `x.css` is relative first, as CSS URLs are.
    Style,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// Kept out of the bundle and imported at run time by this specifier.
    External(String),
    /// A `browser` field mapping to `false`: the module is empty.
    Empty(PathBuf),
}

/// Import queries that change how a file is loaded (Vite's): `?raw` (its text),
/// `?url` (its URL, as an asset), `?inline` (a `data:` URL; a stylesheet's CSS
/// text) and `?no-inline` (a URL even when small). A resolved file keeps one of
/// these in its id (`/app/a.svg?raw`), so `./a.svg` and `./a.svg?raw` are two
/// modules; other queries (`?v=3`) are dropped, as before.
pub const LOADER_QUERIES: &[&str] = &["?raw", "?url", "?inline", "?no-inline"];

/// A module id split into its file and its loader query (see [`LOADER_QUERIES`]).
/// Any other query (kept in ids of builds with plugins) is split off the file
/// too, without a loader meaning.
pub fn split_loader_query(id: &Path) -> (&Path, Option<&'static str>) {
    let text = id.to_str().unwrap_or_default();
    for q in LOADER_QUERIES {
        if let Some(file) = text.strip_suffix(q) {
            return (Path::new(file), Some(q));
        }
    }
    match text.find('?') {
        Some(i) if !text.starts_with("data:") && !id.exists() => (Path::new(&text[..i]), None),
        _ => (id, None),
    }
}

/// Why a specifier did not resolve, in words for the user.
#[derive(Clone, Debug)]
pub struct ResolveFailure {
    pub message: String,
    pub help: Option<String>,
}

/// See [`Resolver::package_facts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackageFacts {
    pub esm: bool,
    pub side_effects: bool,
}

/// webpack's rule for `"sideEffects"` globs: a pattern without `/` matches the
/// file name in any folder; otherwise it matches the path inside the package.
fn side_effect_glob_matches(pattern: &str, rel: &Path) -> bool {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let pattern = if pattern.contains('/') {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    match globset::Glob::new(&pattern) {
        Ok(g) => g.compile_matcher().is_match(rel),
        // An unreadable pattern must not drop code: assume side effects.
        Err(_) => true,
    }
}

/// JSX settings from the nearest tsconfig.json.
#[derive(Clone, Debug, Default)]
pub struct TsJsx {
    pub jsx: Option<String>,
    pub import_source: Option<String>,
    pub factory: Option<String>,
    pub fragment: Option<String>,
}

/// Class semantics from the nearest tsconfig.json.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TsClasses {
    /// `experimentalDecorators`: TypeScript's legacy decorators.
    pub experimental_decorators: bool,
    /// `emitDecoratorMetadata` (with legacy decorators).
    pub emit_decorator_metadata: bool,
    /// `useDefineForClassFields`: as set, or tsc's default for the `target`
    /// (true for ES2022 and later; true without a target, as esbuild does).
    pub use_define_for_class_fields: bool,
}

pub struct Resolver {
    esm: Oxc,
    cjs: Oxc,
    /// The same without tsconfig.json: a broken tsconfig (an `extends` that does
    /// not exist, a cycle) must not stop plain imports from resolving.
    esm_plain: Oxc,
    cjs_plain: Oxc,
    style: Oxc,
    platform: Platform,
    /// `--external` patterns, matched against import specifiers.
    externals: Vec<String>,
    /// The path-like patterns (`./vendor/*`, `../x.js`, `/abs/*`) made absolute
    /// against the working directory, matched against resolved files, as in
    /// esbuild: `--external ./vendor/*` also catches `../vendor/a.js` imported
    /// from a subfolder.
    external_paths: Vec<String>,
    /// Keep every query in resolved ids (`./logo.svg?react`), as Vite does,
    /// for builds with plugins; otherwise only [`LOADER_QUERIES`] are kept.
    keep_queries: bool,
    /// Whether the resolvers' file system reads folders whole (`listed_fs.rs`).
    listing: Arc<std::sync::atomic::AtomicBool>,
    /// Answers already given (see [`MemoKey`]).
    memo: dashmap::DashMap<MemoKey, Result<Resolved, ResolveFailure>, rustc_hash::FxBuildHasher>,
    /// The tsconfig.json that owns each file asked about (`Err`: a broken
    /// one), by the file's path as text (see [`Resolver::tsconfig_of`]).
    tsconfigs: dashmap::DashMap<std::ffi::OsString, Owner, rustc_hash::FxBuildHasher>,
}

/// The tsconfig.json that owns a file: none, or `Err` when it cannot be read.
type Owner = Result<Option<Arc<TsConfig>>, ()>;

/// What a resolution depends on: the importer's folder, the tsconfig.json that
/// applies to the importer (its `paths`, `baseUrl` and `rootDirs`), the
/// specifier and the kind. Files of one folder import the same specifiers
/// (`react` from each of 10,000 modules, `../core/m64` from a folder's files):
/// 39,000 resolutions of the 10,000-module app were 10,500 different ones, and
/// resolving was an eighth of its CPU.
///
/// The memo lives as long as the resolver, whose file-system cache
/// (oxc_resolver's) is as old: a build, or a dev server's rebuild.
#[derive(PartialEq, Eq, Hash)]
struct MemoKey {
    /// The applying tsconfig's address in oxc_resolver's cache, which keeps
    /// it for the resolver's life (0: none).
    tsconfig: usize,
    /// As text: hashing a `Path` walks its components.
    dir: std::ffi::OsString,
    specifier: String,
    kind: Kind,
}

const EXTENSIONS: &[&str] = &[
    ".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".mts", ".cts", ".json",
];

/// Whether `specifier` is a relative path (`./x`, `../x`), not a package.
pub fn is_relative(specifier: &str) -> bool {
    specifier.starts_with("./") || specifier.starts_with("../")
}

impl Resolver {
    pub fn new(platform: Platform, externals: Vec<String>, cwd: &Path) -> Self {
        let external_paths = externals
            .iter()
            .filter(|p| is_relative(p) || p.starts_with('/'))
            .map(|p| {
                sheaf_common::normalize_path(&cwd.join(p))
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let conditions = |kind: &str| -> Vec<String> {
            let mut c = vec![kind.to_string()];
            match platform {
                Platform::Browser => c.push("browser".into()),
                Platform::Node => c.push("node".into()),
                Platform::Neutral => {}
            }
            c.push("module".into());
            c.push("default".into());
            c
        };
        let main_fields: Vec<String> = match platform {
            Platform::Browser => vec!["browser".into(), "module".into(), "main".into()],
            Platform::Node => vec!["main".into(), "module".into()],
            Platform::Neutral => vec!["module".into(), "main".into()],
        };
        let options = ResolveOptions {
            tsconfig: Some(TsconfigDiscovery::Auto),
            condition_names: conditions("import"),
            main_fields,
            alias_fields: if platform == Platform::Browser {
                vec![vec!["browser".into()]]
            } else {
                vec![]
            },
            extensions: EXTENSIONS.iter().map(|e| e.to_string()).collect(),
            // TypeScript's convention: `./a.js` may name `a.ts`.
            extension_alias: vec![
                (
                    ".js".into(),
                    vec![".ts".into(), ".tsx".into(), ".js".into()],
                ),
                (".jsx".into(), vec![".tsx".into(), ".jsx".into()]),
                (".mjs".into(), vec![".mts".into(), ".mjs".into()]),
                (".cjs".into(), vec![".cts".into(), ".cjs".into()]),
            ],
            builtin_modules: true,
            module_type: true,
            ..ResolveOptions::default()
        };
        let fs = ListedFs::new();
        let listing = fs.listing.clone();
        let esm = Oxc::new_with_file_system(fs, options.clone());
        let cjs = esm.clone_with_options(ResolveOptions {
            condition_names: conditions("require"),
            ..options.clone()
        });
        let esm_plain = esm.clone_with_options(ResolveOptions {
            tsconfig: None,
            ..options.clone()
        });
        let mut style_conditions = vec!["style".to_string()];
        style_conditions.extend(conditions("import"));
        let mut style_fields = vec!["style".to_string()];
        style_fields.extend(options.main_fields.iter().cloned());
        let style = esm.clone_with_options(ResolveOptions {
            tsconfig: None,
            condition_names: style_conditions,
            main_fields: style_fields,
            extensions: vec![".css".into()],
            main_files: vec!["index".into()],
            ..options.clone()
        });
        let cjs_plain = esm.clone_with_options(ResolveOptions {
            tsconfig: None,
            condition_names: conditions("require"),
            ..options
        });
        Resolver {
            esm,
            cjs,
            esm_plain,
            cjs_plain,
            style,
            platform,
            externals,
            external_paths,
            keep_queries: false,
            listing,
            memo: Default::default(),
            tsconfigs: Default::default(),
        }
    }

    /// Keeps every query of a resolved file in its id (Vite's ids, which
    /// plugins match on: `./logo.svg?react` is not `./logo.svg`).
    pub fn keeping_queries(mut self, keep: bool) -> Self {
        self.keep_queries = keep;
        self
    }

    /// Whether folders are listed whole to answer the resolver's probes (on
    /// by default; off for builds with plugins, see `listed_fs.rs`).
    pub fn listing_folders(self, list: bool) -> Self {
        self.listing
            .store(list, std::sync::atomic::Ordering::Relaxed);
        self
    }

    /// Whether `specifier` matches an `--external` pattern (`*` matches any run).
    pub fn is_external(&self, specifier: &str) -> bool {
        self.externals.iter().any(|p| wildcard_match(p, specifier))
    }

    pub fn resolve(
        &self,
        importer: &Path,
        specifier: &str,
        kind: Kind,
    ) -> Result<Resolved, ResolveFailure> {
        let Some(key) = self.memo_key(importer, specifier, kind) else {
            return self.resolve_uncached(importer, specifier, kind);
        };
        if let Some(known) = self.memo.get(&key) {
            return known.clone();
        }
        let answer = self.resolve_uncached(importer, specifier, kind);
        self.memo.insert(key, answer.clone());
        answer
    }

    /// `None` when the importer has no folder or its tsconfig.json is broken
    /// (the resolution then reports it, or falls back; not remembered).
    fn memo_key(&self, importer: &Path, specifier: &str, kind: Kind) -> Option<MemoKey> {
        let dir = importer.parent()?.as_os_str().to_owned();
        // Relative specifiers too depend on it (`rootDirs`). Stylesheets are
        // resolved without tsconfig.json. (Asking the style resolver would also
        // be wrong: the resolvers share one cache, in which a file's tsconfig is
        // remembered by whichever asks first.)
        let tsconfig = match kind {
            Kind::Style => None,
            Kind::Import | Kind::Require => self.tsconfig_of(importer).ok()?,
        };
        Some(MemoKey {
            tsconfig: tsconfig.map_or(0, |t| Arc::as_ptr(&t) as usize),
            dir,
            specifier: specifier.to_string(),
            kind,
        })
    }

    /// The tsconfig.json that owns `file`, asked of oxc_resolver once per file:
    /// a file's imports each ask, and its transform asks for its JSX and
    /// class settings. oxc_resolver's own answer is remembered too, but
    /// reaching it costs a copy of the path as text, a parse of it as a
    /// specifier and a trace span (3.7% of the 10,000-module app's
    /// instructions, 64,000 questions). The import and require resolvers share
    /// oxc_resolver's cache, and so the answer.
    fn tsconfig_of(&self, file: &Path) -> Owner {
        if let Some(known) = self.tsconfigs.get(file.as_os_str()) {
            return known.clone();
        }
        let owner = self.esm.find_tsconfig(file).map_err(|_| ());
        (self.tsconfigs)
            .entry(file.as_os_str().to_owned())
            .or_insert(owner)
            .clone()
    }

    /// The resolver for `kind`, and its twin without tsconfig.json.
    fn oxc(&self, kind: Kind) -> (&Oxc, &Oxc) {
        match kind {
            Kind::Import => (&self.esm, &self.esm_plain),
            Kind::Require => (&self.cjs, &self.cjs_plain),
            Kind::Style => (&self.style, &self.style),
        }
    }

    fn resolve_uncached(
        &self,
        importer: &Path,
        specifier: &str,
        kind: Kind,
    ) -> Result<Resolved, ResolveFailure> {
        let (resolver, plain) = self.oxc(kind);
        if self.is_external(specifier) {
            // A relative one is the file it names, when there is one (see below).
            return Ok(Resolved::External(
                match is_relative(specifier).then(|| resolver.resolve_file(importer, specifier)) {
                    Some(Ok(r)) => r.path().to_string_lossy().into_owned(),
                    _ => specifier.to_string(),
                },
            ));
        }
        // `@import "theme.css"` is relative (a CSS URL), or else a package.
        // Made only for a stylesheet's bare `@import`: made for every import,
        // its `format!` was 5M instructions on the 10k app.
        let relative = (kind == Kind::Style && !specifier.starts_with(['.', '/', '~', '#']))
            .then(|| format!("./{specifier}"))
            .filter(|relative| resolver.resolve_file(importer, relative).is_ok());
        let specifier = match (&relative, kind) {
            (Some(relative), _) => relative.as_str(),
            // Sass's `~pkg` convention, which CSS tooling kept.
            (None, Kind::Style) => specifier.strip_prefix('~').unwrap_or(specifier),
            _ => specifier,
        };
        let result = match resolver.resolve_file(importer, specifier) {
            Err(
                ResolveError::TsconfigNotFound(_)
                | ResolveError::TsconfigSelfReference(_)
                | ResolveError::TsconfigCircularExtend(_)
                | ResolveError::TsconfigLoadFailed { .. },
            ) => plain.resolve_file(importer, specifier),
            r => r,
        };
        match result {
            Ok(r) => {
                let query = r.query().filter(|q| self.keep_queries || LOADER_QUERIES.contains(q));
                let path = match query {
                    Some(q) => PathBuf::from(format!("{}{q}", r.path().display())),
                    None => r.into_path_buf(),
                };
                // A resolved file can be external too (`--external ./vendor/*`). A
                // relative import of it is then the file it names, extension and
                // all (`./foo` → `/project/foo.js`), as Rollup writes it: the output
                // imports it from where the output is (Node's ESM wants the
                // extension); a package import stays as written.
                let text = path.to_string_lossy();
                if self.external_paths.iter().any(|p| wildcard_match(p, &text)) {
                    return Ok(Resolved::External(match is_relative(specifier) {
                        true => text.into_owned(),
                        false => specifier.to_string(),
                    }));
                }
                Ok(Resolved::File(path))
            }
            Err(ResolveError::Ignored(p)) => Ok(Resolved::Empty(p)),
            Err(ResolveError::Builtin { resolved, .. }) => match self.platform {
                Platform::Node => Ok(Resolved::External(specifier.to_string())),
                _ => Err(ResolveFailure {
                    message: format!("Could not resolve \"{specifier}\": it is a Node.js built-in module ({resolved})"),
                    help: Some("build with --platform node to keep Node.js built-ins external, or mark it with --external".into()),
                }),
            },
            Err(e) => Err(failure(specifier, e)),
        }
    }

    /// Resolves an entry point given on the command line, relative to `cwd`.
    pub fn resolve_entry(&self, cwd: &Path, entry: &str) -> Result<PathBuf, ResolveFailure> {
        let candidate = cwd.join(entry);
        let specifier =
            if candidate.is_file() || entry.starts_with('.') || Path::new(entry).is_absolute() {
                candidate.to_string_lossy().into_owned()
            } else {
                entry.to_string()
            };
        match self.esm.resolve(cwd, &specifier) {
            Ok(r) => Ok(r.into_path_buf()),
            Err(e) => Err(failure(entry, e)),
        }
    }

    /// What the nearest package.json says about `file`: whether Node loads it as
    /// an ES module (`"type": "module"`), and whether it may have side effects
    /// (`"sideEffects"`: `false`, or a list of globs that must match it).
    pub fn package_facts(&self, file: &Path) -> PackageFacts {
        let mut facts = PackageFacts {
            esm: false,
            side_effects: true,
        };
        let Some((dir, name)) = listed_fs::split(file) else {
            return facts;
        };
        let Ok(r) = self
            .esm
            .resolve(dir, &format!("./{}", name.to_string_lossy()))
        else {
            return facts;
        };
        facts.esm = r.module_type() == Some(ModuleType::Module);
        if let Some(pkg) = r.package_json() {
            // The resolver types only `.js`/`.ts` files by `"type"`; TypeScript and
            // JSX files compile to what Node then loads by the same rule.
            if matches!(
                sheaf_common::path_text::extension(file),
                Some("tsx" | "jsx")
            ) {
                facts.esm = pkg.r#type() == Some(oxc_resolver::PackageType::Module);
            }
            // The path within the package, for globs only (taking both paths
            // apart cost 2,000 instructions a module, most of them for nothing).
            let rel = || {
                let pkg_dir = pkg.realpath().parent().unwrap_or(Path::new("/"));
                file.strip_prefix(pkg_dir).unwrap_or(file)
            };
            facts.side_effects = match pkg.side_effects() {
                None => true,
                Some(SideEffects::Bool(b)) => b,
                Some(SideEffects::String(p)) => side_effect_glob_matches(p, rel()),
                Some(SideEffects::Array(ps)) => {
                    let rel = rel();
                    ps.iter().any(|p| side_effect_glob_matches(p, rel))
                }
            };
        }
        facts
    }

    /// The class semantics of the tsconfig.json that owns `file` (defaults without one).
    pub fn tsconfig_classes(&self, file: &Path) -> TsClasses {
        let Ok(Some(ts)) = self.tsconfig_of(file) else {
            return TsClasses {
                use_define_for_class_fields: true,
                ..Default::default()
            };
        };
        let o = &ts.compiler_options;
        let modern_target = o.target.as_deref().is_none_or(|t| {
            let t = t.to_ascii_lowercase();
            t == "esnext"
                || t.strip_prefix("es")
                    .and_then(|y| y.parse::<u32>().ok())
                    .is_some_and(|y| y >= 2022)
        });
        TsClasses {
            experimental_decorators: o.experimental_decorators.unwrap_or(false),
            emit_decorator_metadata: o.emit_decorator_metadata.unwrap_or(false),
            use_define_for_class_fields: o.use_define_for_class_fields.unwrap_or(modern_target),
        }
    }

    /// The JSX settings of the tsconfig.json that owns `file`, if any.
    pub fn tsconfig_jsx(&self, file: &Path) -> TsJsx {
        match self.tsconfig_of(file) {
            Ok(Some(ts)) => {
                let o = &ts.compiler_options;
                TsJsx {
                    jsx: o.jsx.clone(),
                    import_source: o.jsx_import_source.clone(),
                    factory: o.jsx_factory.clone(),
                    fragment: o.jsx_fragment_factory.clone(),
                }
            }
            _ => TsJsx::default(),
        }
    }
}

fn is_bare(specifier: &str) -> bool {
    !(specifier.starts_with('.') || specifier.starts_with('/') || specifier.starts_with('#'))
}

fn failure(specifier: &str, e: ResolveError) -> ResolveFailure {
    let help = match &e {
        ResolveError::NotFound(_) if is_bare(specifier) => {
            let pkg = package_name(specifier);
            Some(format!(
                "is the package installed? Try `npm install {pkg}`, or mark it external with --external {pkg}"
            ))
        }
        ResolveError::NotFound(_) => Some("check the path and the file extension".to_string()),
        ResolveError::PackagePathNotExported { .. } => {
            Some("the package's \"exports\" field does not allow this path".to_string())
        }
        _ => None,
    };
    // Messages name packages and subpaths, never absolute paths, so they read
    // the same on every machine.
    let message = match &e {
        ResolveError::NotFound(_) => format!("Could not resolve \"{specifier}\""),
        ResolveError::PackagePathNotExported { subpath, conditions, .. } => format!(
            "Could not resolve \"{specifier}\": \"{subpath}\" is not exported by package \"{}\" under {conditions}",
            package_name(specifier)
        ),
        ResolveError::PackageImportNotDefined(s, _) => {
            format!("Could not resolve \"{specifier}\": \"{s}\" is not defined in the \"imports\" field of package.json")
        }
        other => format!("Could not resolve \"{specifier}\": {other}"),
    };
    ResolveFailure { message, help }
}

/// `@scope/pkg/sub` → `@scope/pkg`, `pkg/sub` → `pkg`.
pub fn package_name(specifier: &str) -> &str {
    let mut parts = specifier.splitn(3, '/');
    let first = parts.next().unwrap_or("");
    if first.starts_with('@') {
        match parts.next() {
            Some(second) => &specifier[..first.len() + 1 + second.len()],
            None => first,
        }
    } else {
        first
    }
}

/// esbuild-style pattern: `*` matches any run of characters (including `/`).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding `files` (path, text), and its canonical path.
    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for (rel, text) in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        (dir, root)
    }

    /// Two files of one folder owned by different tsconfig.json files (the
    /// nearer one `include`s only `a.ts`) map `@x` differently: the memo must
    /// not answer one with the other's resolution. Relative imports and
    /// repeated questions give what an uncached resolver gives.
    #[test]
    fn remembered_resolutions_keep_each_files_tsconfig() {
        let code = "export {};";
        let (_dir, root) = project(&[
            (
                "tsconfig.json",
                r#"{"compilerOptions":{"paths":{"@x":["./outer.ts"]}}}"#,
            ),
            (
                "app/tsconfig.json",
                r#"{"include":["src/a.ts"],"compilerOptions":{"paths":{"@x":["./inner.ts"]}}}"#,
            ),
            ("outer.ts", code),
            ("app/inner.ts", code),
            ("app/src/a.ts", code),
            ("app/src/b.ts", code),
            ("app/src/c.ts", code),
        ]);
        let (a, b) = (root.join("app/src/a.ts"), root.join("app/src/b.ts"));
        let file = |rel: &str| Ok(Resolved::File(root.join(rel)));
        let resolver = Resolver::new(Platform::Browser, Vec::new(), &root);
        for _ in 0..2 {
            for (importer, expected) in [(&b, "outer.ts"), (&a, "app/inner.ts")] {
                let got = resolver
                    .resolve(importer, "@x", Kind::Import)
                    .map_err(|f| f.message);
                assert_eq!(got, file(expected), "{}", importer.display());
                let got = resolver
                    .resolve(importer, "./c", Kind::Import)
                    .map_err(|f| f.message);
                assert_eq!(got, file("app/src/c.ts"));
            }
        }
        assert!(resolver.resolve(&a, "./missing", Kind::Import).is_err());
        assert!(resolver.resolve(&b, "./missing", Kind::Import).is_err());
    }

    /// `rootDirs` makes a relative import tsconfig-dependent too: `./g` from
    /// `a.ts` (whose tsconfig merges `src` and `generated`) is
    /// `generated/g.ts`; from `b.ts`, in the same folder but not owned by that
    /// tsconfig, it does not resolve.
    #[test]
    fn remembered_relative_resolutions_keep_each_files_root_dirs() {
        let code = "export {};";
        let (_dir, root) = project(&[
            ("tsconfig.json", r#"{"compilerOptions":{}}"#),
            (
                "app/tsconfig.json",
                r#"{"include":["src/a.ts"],"compilerOptions":{"rootDirs":["./src","./generated"]}}"#,
            ),
            ("app/src/a.ts", code),
            ("app/src/b.ts", code),
            ("app/generated/g.ts", code),
        ]);
        let (a, b) = (root.join("app/src/a.ts"), root.join("app/src/b.ts"));
        for first in [&a, &b] {
            let resolver = Resolver::new(Platform::Browser, Vec::new(), &root);
            let second = if first == &a { &b } else { &a };
            for importer in [first, second, first] {
                let got = resolver
                    .resolve(importer, "./g", Kind::Import)
                    .map_err(|f| f.message);
                match importer == &a {
                    true => assert_eq!(got, Ok(Resolved::File(root.join("app/generated/g.ts")))),
                    false => assert!(got.is_err(), "{got:?}"),
                }
            }
        }
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("react", "react"));
        assert!(!wildcard_match("react", "react-dom"));
        assert!(wildcard_match("@scope/*", "@scope/a/b"));
        assert!(wildcard_match("*.png", "./img/a.png"));
        assert!(wildcard_match("a*b*c", "a-x-b-y-c"));
        assert!(!wildcard_match("a*b*c", "a-x-c"));
        assert!(!wildcard_match("ab*ba", "aba"));
    }

    #[test]
    fn package_names() {
        assert_eq!(package_name("lodash/fp"), "lodash");
        assert_eq!(package_name("@babel/core/lib/x"), "@babel/core");
        assert_eq!(package_name("react"), "react");
    }

    #[test]
    fn side_effect_globs() {
        assert!(side_effect_glob_matches("*.css", Path::new("src/a/b.css")));
        assert!(!side_effect_glob_matches("*.css", Path::new("src/a/b.js")));
        assert!(side_effect_glob_matches(
            "./src/polyfill.js",
            Path::new("src/polyfill.js")
        ));
        assert!(!side_effect_glob_matches(
            "./src/polyfill.js",
            Path::new("lib/polyfill.js")
        ));
        assert!(side_effect_glob_matches(
            "src/**/*.js",
            Path::new("src/x/y.js")
        ));
    }
}
