//! `import.meta.env` and `import.meta.hot` in builds, as Vite gives them.
//!
//! Example: with `.env` saying `VITE_API=/api` and `--mode staging`,
//! `import.meta.env.VITE_API` becomes `"/api"`, `import.meta.env.MODE` becomes
//! `"staging"`, `import.meta.env.PROD` becomes `true`, and
//! `if (import.meta.hot) { … }` becomes `if (void 0) { … }` and drops out.
//!
//! Why defines: they are replaced while loading, before analysis, so dead
//! branches (`if (import.meta.env.DEV)`) and the imports only they use go away.
//! Variables come from `.env`, `.env.local`, `.env.[mode]` and
//! `.env.[mode].local` in the app's root (the folder of its pages) or the working directory (later files win; variables of
//! the process win over all), and only those named `SHEAF_*` or `VITE_*` are
//! exposed, so secrets in the same files stay out of the bundle.

use std::path::{Path, PathBuf};

use sheaf_common::{BuildOptions, Diagnostic, Platform};

/// Prefixes of the variables exposed to code.
const PREFIXES: &[&str] = &["SHEAF_", "VITE_"];

/// The mode of a build: `--mode`, else `production` (`development` for dev).
pub fn mode(options: &BuildOptions) -> &str {
    match &options.mode {
        Some(m) => m,
        None if options.dev_server => "development",
        None => "production",
    }
}

/// The `.env` files of `mode` in `dir`, from the weakest to the strongest.
pub fn env_files(dir: &Path, mode: &str) -> Vec<PathBuf> {
    [
        ".env".to_string(),
        ".env.local".to_string(),
        format!(".env.{mode}"),
        format!(".env.{mode}.local"),
    ]
    .into_iter()
    .map(|f| dir.join(f))
    .collect()
}

/// Whether `path` is one of the `.env` files a build may read.
pub fn is_env_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == ".env" || n.starts_with(".env."))
}

/// The exposed variables, sorted by name.
fn variables(options: &BuildOptions) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut vars = std::collections::BTreeMap::new();
    // Vite's envDir: the app's root (the folder of its pages), else the working directory.
    let dir = options.root.as_deref().unwrap_or(&options.cwd);
    for file in env_files(dir, mode(options)) {
        if !file.is_file() {
            continue;
        }
        // Parsed as Node's dotenv (which Vite uses) does: unquoted values may
        // hold spaces, `#` starts a comment, `${X}` is expanded.
        let dotenv = dotenv::from_path(&file).map_err(|e| {
            Diagnostic::error("E_ENV", format!("Cannot read {}: {e}", file.display()))
        })?;
        for (key, value) in dotenv.iter() {
            vars.insert(key.to_string(), value);
        }
    }
    for (key, value) in std::env::vars() {
        if vars.contains_key(&key) || PREFIXES.iter().any(|p| key.starts_with(p)) {
            vars.insert(key, value);
        }
    }
    Ok(vars
        .into_iter()
        .filter(|(k, _)| {
            PREFIXES.iter().any(|p| k.starts_with(p)) && sheaf_common::is_identifier(k)
        })
        .collect())
}

/// `import.meta.env` as name and text (`%NAME%` in HTML is replaced by these).
pub fn values(options: &BuildOptions) -> Result<Vec<(String, String)>, Diagnostic> {
    let mode = mode(options);
    let prod = mode == "production";
    let ssr = options.platform == Platform::Node;
    let mut env: Vec<(String, String)> = vec![
        (
            "BASE_URL".into(),
            options.base.as_deref().unwrap_or("/").into(),
        ),
        ("DEV".into(), (!prod).to_string()),
        ("MODE".into(), mode.into()),
        ("PROD".into(), prod.to_string()),
        ("SSR".into(), ssr.to_string()),
    ];
    env.extend(variables(options)?);
    Ok(env)
}

/// Defines for `import.meta.env` (each key, and the whole object) and, outside
/// the dev server, `import.meta.hot`.
pub fn defines(options: &BuildOptions) -> Result<Vec<(String, String)>, Diagnostic> {
    let json = |s: &str| serde_json::to_string(s).expect("strings serialize");
    // Booleans are booleans; the rest are strings.
    let env: Vec<(String, String)> = values(options)?
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "DEV" | "PROD" | "SSR" => (k, v),
            _ => (k, json(&v)),
        })
        .collect();
    let object = env
        .iter()
        .map(|(k, v)| format!("{}: {v}", json(k)))
        .collect::<Vec<_>>()
        .join(", ");
    let mut defines: Vec<(String, String)> = env
        .into_iter()
        .map(|(k, v)| (format!("import.meta.env.{k}"), v))
        .collect();
    defines.push(("import.meta.env".into(), format!("({{ {object} }})")));
    // A variable no file or process sets is `undefined`, without the object.
    defines.push(("import.meta.env.*".into(), "void 0".into()));
    if !options.dev_server {
        defines.push(("import.meta.hot".into(), "void 0".into()));
    }
    Ok(defines)
}
