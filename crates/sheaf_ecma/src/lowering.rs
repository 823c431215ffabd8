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
use swc_core::ecma::{ast::EsVersion, preset_env};

// One per build, copied into each module's load: the size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug)]
enum Kind {
    None,
    /// What to lower for, and the version codegen may assume.
    Browsers(preset_env::Versions, EsVersion),
}

#[derive(Clone, Copy, Debug)]
pub struct Lowering(Kind);

impl Default for Lowering {
    fn default() -> Self {
        Lowering(Kind::None)
    }
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
        Ok(Lowering(kind))
    }

    pub fn is_none(&self) -> bool {
        matches!(self.0, Kind::None)
    }

    /// The version codegen may assume (it decides how literals are printed).
    pub(crate) fn codegen_target(&self) -> EsVersion {
        match self.0 {
            Kind::None => EsVersion::latest(),
            Kind::Browsers(_, v) => v,
        }
    }

    pub(crate) fn apply(
        &self,
        program: &mut swc_core::ecma::ast::Program,
        unresolved_mark: swc_core::common::Mark,
        comments: &swc_core::common::comments::SingleThreadedComments,
    ) {
        match self.0 {
            Kind::None => {}
            Kind::Browsers(versions, _) => program.mutate(preset_env::transform_from_env(
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
                    ..Default::default()
                }
                .into(),
                Default::default(),
            )),
        }
    }
}
