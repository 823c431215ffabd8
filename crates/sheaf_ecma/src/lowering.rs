//! Lowering: which syntax the output may use, from `--target`.
//!
//! Example: `--target es5` lowers classes, `let`/`const`, arrows, destructuring,
//! generators and async functions (SWC's preset-env) in every module, the
//! bundler's runtime included; `--target "ie 11, chrome 58"` lowers what those
//! browsers lack; no `--target` uses the project's browserslist config
//! (`.browserslistrc` or `"browserslist"` in package.json) or leaves syntax as is.
//!
//! Why resolved once: a browserslist query is resolved to browser versions here,
//! once per build; every module then builds its preset-env pass from those versions.

use std::path::Path;

use sheaf_common::Diagnostic;
use swc_core::{
    common::{Mark, SyntaxContext, DUMMY_SP},
    ecma::{ast::*, preset_env},
};

// One per build, copied into each module's load: the size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug)]
enum Kind {
    None,
    /// What to lower for, and the version codegen may assume.
    Browsers(preset_env::Versions, EsVersion),
}

#[derive(Clone, Copy, Debug)]
pub struct Lowering(Kind, Option<Polyfill>);

/// `--polyfills`: the mode, the project's core-js version, and core-js's module
/// order (`es.symbol`, …, `es.set`, `es.set.union.v2`, …; from its `full`
/// entry): modules must run in that order, as a polyfill may build on another.
#[derive(Clone, Copy, Debug)]
struct Polyfill {
    mode: preset_env::Mode,
    version: preset_env::Version,
    order: &'static [String],
}

impl Default for Lowering {
    fn default() -> Self {
        Lowering(Kind::None, None)
    }
}

/// The packages polyfill imports come from. They never get polyfill imports
/// themselves: they would import themselves.
const POLYFILL_PACKAGES: [&str; 3] = ["core-js", "core-js-pure", "regenerator-runtime"];

pub(crate) fn is_polyfill_source(path: &Path) -> bool {
    sheaf_common::path_text::packages(path)
        .any(|package| POLYFILL_PACKAGES.iter().any(|p| package == *p))
}

/// Where preset-env put a polyfill import: first in the module, with a source
/// that has no span (user imports always have one), from a polyfill package.
fn is_injected_polyfill(item: &ModuleItem) -> bool {
    matches!(item, ModuleItem::ModuleDecl(ModuleDecl::Import(i))
        if i.specifiers.is_empty() && i.src.span.is_dummy()
            && source_of(item).split_once('/').is_some_and(|(package, _)| POLYFILL_PACKAGES.contains(&package)))
}

/// A polyfill of a method (`es.set.union.v2`, `es.promise.all-settled`) builds
/// on the constructor's own module (`es.set`, `es.promise`), which preset-env
/// does not always add. Each module's list must be complete on its own: the
/// first module to run may be the one that only calls `.union()`.
fn with_constructors(imports: &mut Vec<ModuleItem>, order: &[String]) {
    let mut added = Vec::new();
    for item in imports.iter() {
        let Some(name) = core_js_module(item) else {
            continue;
        };
        let mut prefix = name;
        while let Some((parent, _)) = prefix.rsplit_once('.') {
            prefix = parent;
            let present = |n: &str| {
                imports
                    .iter()
                    .chain(&added)
                    .any(|i| core_js_module(i) == Some(n))
            };
            if order.iter().any(|o| o == parent) && !present(parent) {
                let mut copy = item.clone();
                if let ModuleItem::ModuleDecl(ModuleDecl::Import(i)) = &mut copy {
                    *i.src = Str::from(format!("core-js/modules/{parent}.js"));
                }
                added.push(copy);
            }
        }
    }
    imports.extend(added);
}

/// `es.set` for `import "core-js/modules/es.set.js"`.
fn core_js_module(item: &ModuleItem) -> Option<&str> {
    source_of(item)
        .strip_prefix("core-js/modules/")
        .map(|m| m.trim_end_matches(".js"))
}

fn source_of(item: &ModuleItem) -> &str {
    match item {
        ModuleItem::ModuleDecl(ModuleDecl::Import(i)) => i.src.value.as_str().unwrap_or(""),
        _ => "",
    }
}

/// `require("core-js/modules/…")` for a CommonJS module: an `import` would make it
/// an ES module.
fn require_statement(item: ModuleItem, unresolved_mark: Mark) -> ModuleItem {
    let ModuleItem::ModuleDecl(ModuleDecl::Import(import)) = item else {
        return item;
    };
    let require = Ident::new(
        "require".into(),
        DUMMY_SP,
        SyntaxContext::empty().apply_mark(unresolved_mark),
    );
    ModuleItem::Stmt(Stmt::Expr(ExprStmt {
        span: DUMMY_SP,
        expr: Box::new(Expr::Call(CallExpr {
            span: DUMMY_SP,
            callee: Callee::Expr(Box::new(Expr::Ident(require))),
            args: vec![ExprOrSpread {
                spread: None,
                expr: Box::new(Expr::Lit(Lit::Str(*import.src))),
            }],
            ..Default::default()
        })),
    }))
}

fn es_version(target: &str) -> Option<EsVersion> {
    Some(match target.trim().to_ascii_lowercase().as_str() {
        "es5" => EsVersion::Es5,
        "es6" | "es2015" => EsVersion::Es2015,
        "es2016" => EsVersion::Es2016,
        "es2017" => EsVersion::Es2017,
        "es2018" => EsVersion::Es2018,
        "es2019" => EsVersion::Es2019,
        "es2020" => EsVersion::Es2020,
        "es2021" => EsVersion::Es2021,
        "es2022" => EsVersion::Es2022,
        "es2023" | "es2024" | "esnext" => EsVersion::EsNext,
        _ => return None,
    })
}

/// The first browser version that supports all of an ECMAScript edition's syntax.
fn browser_for(v: EsVersion) -> &'static str {
    match v {
        EsVersion::Es3 | EsVersion::Es5 => "ie 9",
        EsVersion::Es2015 => "chrome 51",
        EsVersion::Es2016 => "chrome 52",
        EsVersion::Es2017 => "chrome 58",
        EsVersion::Es2018 => "chrome 64",
        EsVersion::Es2019 => "chrome 73",
        EsVersion::Es2020 => "chrome 80",
        EsVersion::Es2021 => "chrome 85",
        _ => "chrome 94",
    }
}

fn has_browserslist_config(dir: &Path) -> bool {
    if dir.join(".browserslistrc").is_file() {
        return true;
    }
    std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v.get("browserslist").is_some())
}

fn resolve(queries: &[&str], config_dir: Option<&Path>) -> Result<preset_env::Versions, String> {
    let mut opts = browserslist::Opts {
        mobile_to_desktop: true,
        ..Default::default()
    };
    let distribs = match config_dir {
        Some(dir) => {
            opts.path = Some(dir.to_string_lossy().into_owned());
            browserslist::execute(&opts)
        }
        None => browserslist::resolve(queries, &opts),
    }
    .map_err(|e| e.to_string())?;
    preset_env::BrowserData::parse_versions(distribs).map_err(|e| e.to_string())
}

impl Lowering {
    /// The browsers (and lowest versions, `[major, minor, patch]`) the output
    /// targets, by the names CSS tools use; `None` without a target. CSS is
    /// lowered for the same browsers as the JavaScript.
    pub fn browser_versions(&self) -> Option<Vec<(&'static str, [u32; 3])>> {
        let Kind::Browsers(v, _) = &self.0 else {
            return None;
        };
        let named = [
            ("android", v.android),
            ("chrome", v.chrome),
            ("edge", v.edge),
            ("firefox", v.firefox),
            ("ie", v.ie),
            ("ios_saf", v.ios),
            ("opera", v.opera),
            ("safari", v.safari),
            ("samsung", v.samsung),
        ];
        Some(
            named
                .into_iter()
                .filter_map(|(n, v)| v.map(|v| (n, [v.major, v.minor, v.patch])))
                .collect(),
        )
    }

    /// `target` is `es5` … `esnext` or a browserslist query; `None` consults the
    /// browserslist config in `cwd`. A bad query is an error, not a panic.
    pub fn from_target(target: Option<&str>, cwd: &Path) -> Result<Self, Diagnostic> {
        let kind = match target {
            Some(t) => match es_version(t) {
                Some(EsVersion::EsNext) => Kind::None,
                // An ES version is the browser that first shipped all of it, so
                // that one preset-env path (with its exclusions) serves every target.
                Some(v) => Kind::Browsers(
                    resolve(&[browser_for(v)], None).expect("the built-in queries are valid"),
                    v,
                ),
                None => {
                    let queries: Vec<&str> = t
                        .split(',')
                        .map(str::trim)
                        .filter(|q| !q.is_empty())
                        .collect();
                    let versions = resolve(&queries, None).map_err(|e| {
                        Diagnostic::error("E_TARGET", format!("Invalid --target {t:?}: {e}"))
                            .with_help("use es5 … es2024, esnext, or a browserslist query such as \"defaults\" or \"ie 11, chrome 58\"")
                    })?;
                    Kind::Browsers(versions, EsVersion::Es5)
                }
            },
            None if has_browserslist_config(cwd) => Kind::Browsers(
                resolve(&[], Some(cwd)).map_err(|e| {
                    Diagnostic::error(
                        "E_TARGET",
                        format!("Invalid browserslist config in {}: {e}", cwd.display()),
                    )
                })?,
                EsVersion::Es5,
            ),
            None => Kind::None,
        };
        Ok(Lowering(kind, None))
    }

    /// Polyfills for the target: `mode` usage or entry, with the project's
    /// core-js `version` (`3.45.1`). Nothing is injected without a target.
    pub fn with_polyfills(
        self,
        usage: bool,
        version: &str,
        order: &'static [String],
    ) -> Result<Self, Diagnostic> {
        let version: preset_env::Version = version.parse().map_err(|()| {
            Diagnostic::error(
                "E_POLYFILL",
                format!("core-js has an unreadable version {version:?}"),
            )
        })?;
        if version.major != 3 {
            return Err(Diagnostic::error(
                "E_POLYFILL",
                format!(
                    "--polyfills needs core-js 3; the project has {}.{}.{}",
                    version.major, version.minor, version.patch
                ),
            )
            .with_help("npm install core-js@3"));
        }
        let mode = if usage {
            preset_env::Mode::Usage
        } else {
            preset_env::Mode::Entry
        };
        Ok(Lowering(
            self.0,
            Some(Polyfill {
                mode,
                version,
                order,
            }),
        ))
    }

    pub fn is_none(&self) -> bool {
        matches!(self.0, Kind::None)
    }

    /// Code written as text (an output's glue) may use arrow functions.
    pub fn allows_arrows(&self) -> bool {
        self.codegen_target() >= EsVersion::Es2015
    }

    /// The version codegen may assume (it decides how literals are printed).
    pub fn codegen_target(&self) -> EsVersion {
        match self.0 {
            Kind::None => EsVersion::latest(),
            Kind::Browsers(_, v) => v,
        }
    }

    /// Lowers `program` for the target; with polyfills on (and `polyfillable`),
    /// the module also imports the core-js modules it needs, sorted, first. A
    /// module without `import`/`export` gets `require()` calls instead, so that
    /// CommonJS stays CommonJS.
    pub(crate) fn apply(
        &self,
        program: &mut Program,
        unresolved_mark: Mark,
        comments: &swc_core::common::comments::SingleThreadedComments,
        polyfillable: bool,
    ) {
        let Kind::Browsers(versions, _) = self.0 else {
            return;
        };
        let polyfills = self.1.filter(|_| polyfillable);
        let had_module_syntax = match &*program {
            Program::Module(m) => m
                .body
                .iter()
                .any(|i| matches!(i, ModuleItem::ModuleDecl(_))),
            Program::Script(_) => false,
        };
        program.mutate(preset_env::transform_from_env(
            unresolved_mark,
            Some(comments),
            preset_env::Config {
                targets: Some(preset_env::Targets::Versions(versions)),
                // Naming anonymous functions after their binding is not needed
                // for correctness and breaks code that reassigns that binding
                // inside the function (tslib's `extendStatics`) or calls an
                // outer function of the same name (zod's `int: function (p) { return int(p) }`).
                exclude: vec![preset_env::FeatureOrModule::Feature(
                    preset_env::Feature::FunctionName,
                )],
                mode: polyfills.map(|p| p.mode),
                core_js: polyfills.map(|p| p.version),
                ..Default::default()
            }
            .into(),
            Default::default(),
        ));
        let (Program::Module(module), Some(polyfill)) = (program, polyfills) else {
            return;
        };
        // After the directive prologue (`'use strict'`), as preset-env puts them.
        let start = crate::directives::prologue_len(&module.body);
        let injected = module.body[start..]
            .iter()
            .take_while(|i| is_injected_polyfill(i))
            .count();
        let mut imports: Vec<ModuleItem> = module.body.drain(start..start + injected).collect();
        if polyfill.mode == preset_env::Mode::Usage {
            imports.extend(crate::helper_polyfills::imports(
                module,
                versions,
                polyfill.version,
                unresolved_mark,
            ));
        }
        with_constructors(&mut imports, polyfill.order);
        // preset-env's order is a hash set's: core-js's own order instead.
        let rank = |i: &ModuleItem| {
            let at = core_js_module(i).and_then(|m| polyfill.order.iter().position(|o| o == m));
            (at.unwrap_or(usize::MAX), source_of(i).to_string())
        };
        imports.sort_by_cached_key(rank);
        imports.dedup_by(|a, b| source_of(a) == source_of(b));
        let has_module_syntax = module
            .body
            .iter()
            .any(|i| matches!(i, ModuleItem::ModuleDecl(_)));
        if !had_module_syntax && !has_module_syntax {
            imports = imports
                .into_iter()
                .map(|i| require_statement(i, unresolved_mark))
                .collect();
        }
        module.body.splice(start..start, imports);
    }
}
