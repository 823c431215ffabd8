//! sheaf's Node.js addon: what `packages/sheaf` (the npm package) calls.
//!
//! Example (the JS side, simplified):
//! ```js
//! const id = native.createSession(["src/main.ts", "--outdir", "dist"], cwd, plugins, dispatch);
//! try { const result = await native.build(id, true); } finally { native.closeSession(id); }
//! ```
//!
//! Why sessions: plugin hooks run in JS while the build runs here, and a hook's
//! `this.resolve()` must reach the same build's plugins and resolver. The
//! session id is all JS holds; closing it drops the threadsafe function, so a
//! script that awaited `build()` exits at once.

mod driver;
mod filter;

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, LazyLock, Mutex},
};

use napi::{bindgen_prelude::Buffer, threadsafe_function::ThreadsafeFunctionCallMode};
use napi_derive::napi;
use sheaf_common::{
    hooks::{Hooks, ResolveKind, ResolveRequest},
    BuildOptions, Diagnostic,
};

use driver::{Dispatch, Driver, PluginSpec};

// As in the CLI: bundling allocates and frees millions of small AST nodes
// across threads, where glibc's malloc spends a quarter of the run (the
// addon without it took 1.5× the CLI's time on the 10,000-module app).
#[global_allocator]
static GLOBAL: sheaf_common::allocator::Allocator = sheaf_common::allocator::Allocator;

struct Session {
    options: BuildOptions,
    driver: Option<Arc<Driver>>,
    /// A `context()`'s modules of unchanged files, kept between rebuilds
    /// (builds with plugins load everything again: hooks may depend on anything).
    cache: Mutex<Option<sheaf_bundler::ModuleCache>>,
}

static SESSIONS: LazyLock<Mutex<HashMap<u32, Arc<Session>>>> = LazyLock::new(Default::default);
static NEXT_ID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

fn session(id: u32) -> napi::Result<Arc<Session>> {
    let sessions = SESSIONS.lock().expect("sessions lock");
    sessions
        .get(&id)
        .cloned()
        .ok_or_else(|| napi::Error::from_reason(format!("sheaf: no build session {id}")))
}

/// A diagnostic as JS sees it: Rollup's `code`/`message`/`loc`, esbuild's
/// `location`, and the code frame the CLI would print.
#[napi(object)]
pub struct JsDiagnostic {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub file: Option<String>,
    /// 1-based.
    pub line: Option<u32>,
    /// 0-based, in characters.
    pub column: Option<u32>,
    pub help: Option<String>,
    pub frame: String,
}

fn js_diagnostic(d: &Diagnostic, cwd: &Path) -> JsDiagnostic {
    let label = d.labels.first();
    JsDiagnostic {
        code: d.code.to_string(),
        severity: if d.is_error() { "error" } else { "warning" }.into(),
        message: d.message.clone(),
        file: label.map(|l| l.path.to_string_lossy().into_owned()),
        line: label.map(|l| l.line as u32),
        column: label.map(|l| l.column as u32),
        help: d.help.clone(),
        frame: sheaf_cli::render_to_string(std::slice::from_ref(d), cwd),
    }
}

/// One output file, in memory.
#[napi(object)]
pub struct JsOutputFile {
    /// Absolute path it is (or would be) written to.
    pub path: String,
    pub contents: Buffer,
    /// The module id of the entry point this file is the output of.
    pub entry: Option<String>,
    /// The entry is a module loaded by `import()`, not an entry point.
    pub dynamic_entry: bool,
    /// Module ids of the code in this file (JS chunks).
    pub modules: Vec<String>,
    /// Bytes of this file each of `modules` contributed.
    pub module_lengths: Vec<u32>,
    pub exports: Vec<String>,
}

#[napi(object)]
pub struct JsBuildResult {
    pub ok: bool,
    pub outputs: Vec<JsOutputFile>,
    pub errors: Vec<JsDiagnostic>,
    pub warnings: Vec<JsDiagnostic>,
    /// Every error rendered as the CLI prints it, and the failure line.
    pub message: String,
    pub metafile: String,
    /// Every module of the build (plugins' `getModuleInfo`).
    pub modules: Vec<JsModuleInfo>,
    /// Module ids of the chunks plugins emitted, in emission order.
    pub emitted_chunks: Vec<String>,
}

/// Options from `sheaf build` arguments, with the plugins' hooks. Returns the
/// session id, or throws with the rendered option errors.
#[napi(catch_unwind)]
pub fn create_session(
    args: Vec<String>,
    cwd: String,
    plugins: Vec<PluginSpec>,
    dispatch: Option<Dispatch>,
) -> napi::Result<u32> {
    let cwd = PathBuf::from(cwd);
    let options = sheaf_cli::build_options(args, &cwd)
        .map_err(|d| napi::Error::from_reason(sheaf_cli::render_to_string(&d, &cwd)))?;
    Ok(open_session(options, &plugins, dispatch)?.0)
}

/// Registers a session for `options` with the plugins' driver (when there are
/// plugins) as its hooks; returns its id and the session.
fn open_session(
    mut options: BuildOptions,
    plugins: &[PluginSpec],
    dispatch: Option<Dispatch>,
) -> napi::Result<(u32, Arc<Session>)> {
    let driver = match dispatch {
        Some(dispatch) if !plugins.is_empty() => {
            let driver =
                Driver::new(plugins, dispatch, &options).map_err(napi::Error::from_reason)?;
            Some(Arc::new(driver))
        }
        _ => None,
    };
    if let Some(d) = &driver {
        options.hooks = Hooks(Some(d.clone() as Arc<dyn sheaf_common::hooks::BuildHooks>));
    }
    let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let session = Arc::new(Session {
        options,
        driver,
        cache: Mutex::new(None),
    });
    SESSIONS
        .lock()
        .expect("sessions lock")
        .insert(id, session.clone());
    Ok((id, session))
}

/// A plugin's `this.emitFile({ type: 'chunk', id, name })`: the build adds it
/// as an entry point at its next scan level.
#[napi(catch_unwind)]
pub fn emit_chunk(
    id: u32,
    module: String,
    name: Option<String>,
    file_name: Option<String>,
) -> napi::Result<()> {
    if let Some(driver) = &session(id)?.driver {
        driver.emit_chunk(sheaf_common::hooks::EmittedChunk {
            id: module,
            name,
            file_name,
        });
    }
    Ok(())
}

/// `this.getModuleInfo(id)` while a build runs: a module parsed so far, with
/// what it imports; `null` for one not parsed (yet).
#[napi(catch_unwind)]
pub fn module_info(id: u32, module: String) -> napi::Result<Option<JsModuleInfo>> {
    let session = session(id)?;
    let Some(m) = session
        .driver
        .as_ref()
        .and_then(|d| d.parsed_module(&module))
    else {
        return Ok(None);
    };
    Ok(Some(JsModuleInfo {
        id: m.id,
        is_entry: m.is_entry,
        imported_ids: m.imported_ids,
        dynamically_imported_ids: m.dynamically_imported_ids,
    }))
}

/// `this.addWatchFile(file)` from the hook of module `importer` (`null`
/// outside a module's `load`/`transform`).
#[napi(catch_unwind)]
pub fn add_watch_file(id: u32, file: String, importer: Option<String>) -> napi::Result<()> {
    if let Some(driver) = &session(id)?.driver {
        driver.add_watch_file(PathBuf::from(file), importer);
    }
    Ok(())
}

/// A file plugins watch and the modules whose hooks asked for it.
#[napi(object)]
pub struct JsWatchFile {
    pub file: String,
    pub importers: Vec<String>,
}

/// The files plugins asked to watch so far (`this.getWatchFiles`, `watch()`).
#[napi(catch_unwind)]
pub fn watch_files(id: u32) -> napi::Result<Vec<JsWatchFile>> {
    let Some(driver) = session(id)?.driver.clone() else {
        return Ok(Vec::new());
    };
    Ok(sheaf_common::hooks::BuildHooks::watch_files(&*driver)
        .into_iter()
        .map(|(file, importers)| JsWatchFile {
            file: file.to_string_lossy().into_owned(),
            importers,
        })
        .collect())
}

/// Forgets a session (and with it the plugins' threadsafe function).
#[napi(catch_unwind)]
pub fn close_session(id: u32) {
    SESSIONS.lock().expect("sessions lock").remove(&id);
}

/// Builds; with `write`, writes the outputs (atomically: a failed build writes
/// nothing); with `metafile`, returns the metafile too. Never rejects for
/// build errors: they are in the result.
#[napi]
pub async fn build(
    id: u32,
    write: bool,
    metafile: Option<bool>,
    module_info: Option<bool>,
) -> napi::Result<JsBuildResult> {
    let session = session(id)?;
    let wants = Wants {
        metafile: metafile.unwrap_or(false),
        module_info: module_info.unwrap_or(false),
    };
    let task = tokio::task::spawn_blocking(move || run_build(&session, write, wants));
    task.await.map_err(|e| {
        napi::Error::from_reason(format!(
            "sheaf: internal error (the build thread stopped: {e})"
        ))
    })
}

/// What a build returns besides its outputs, only when asked: the metafile
/// as JSON (5 MB on 10,000 modules: serializing and parsing it cost ~0.1 s)
/// and every module's imports (`getModuleInfo` in output hooks).
#[derive(Clone, Copy)]
struct Wants {
    metafile: bool,
    module_info: bool,
}

fn run_build(session: &Session, write: bool, wants: Wants) -> JsBuildResult {
    // The metafile is made only when asked for (see `BuildOptions::want_metafile`).
    let asked;
    let options = match wants.metafile && !session.options.want_metafile {
        true => {
            asked = sheaf_common::BuildOptions {
                want_metafile: true,
                ..session.options.clone()
            };
            &asked
        }
        false => &session.options,
    };
    let cwd = &options.cwd;
    let built = {
        let mut cache = session.cache.lock().expect("cache lock");
        match cache.as_mut() {
            Some(cache) => sheaf_bundler::rebuild(options, cache),
            None => sheaf_bundler::build(options),
        }
    };
    let mut result = match built {
        Ok(output) => {
            let written = match write {
                true => sheaf_bundler::write(&output).map_err(|d| vec![d]),
                false => Ok(()),
            };
            let mut warnings: Vec<_> = output
                .warnings
                .iter()
                .map(|d| js_diagnostic(d, cwd))
                .collect();
            match written {
                Ok(()) => JsBuildResult {
                    ok: true,
                    modules: match wants.module_info {
                        true => module_infos(&output.graph),
                        false => Vec::new(),
                    },
                    emitted_chunks: output
                        .emitted_chunks
                        .iter()
                        .map(|p| p.to_string_lossy().into_owned())
                        .collect(),
                    outputs: outputs(output.assets, &output.graph),
                    errors: Vec::new(),
                    warnings: std::mem::take(&mut warnings),
                    message: String::new(),
                    metafile: match wants.metafile {
                        true => output.metafile.to_string(),
                        false => String::new(),
                    },
                },
                Err(d) => failed(&d, cwd),
            }
        }
        Err(diags) => {
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
            let mut r = failed(&errors, cwd);
            r.warnings = diags
                .iter()
                .filter(|d| !d.is_error())
                .map(|d| js_diagnostic(d, cwd))
                .collect();
            r
        }
    };
    if let Some(driver) = &session.driver {
        let extra = driver.take_warnings();
        result
            .warnings
            .extend(extra.iter().map(|d| js_diagnostic(d, cwd)));
    }
    result
}

fn failed(errors: &[Diagnostic], cwd: &Path) -> JsBuildResult {
    let count = errors.len();
    JsBuildResult {
        ok: false,
        outputs: Vec::new(),
        errors: errors.iter().map(|d| js_diagnostic(d, cwd)).collect(),
        warnings: Vec::new(),
        message: format!(
            "{}build failed with {count} error{}",
            sheaf_cli::render_to_string(errors, cwd),
            if count == 1 { "" } else { "s" }
        ),
        metafile: String::new(),
        modules: Vec::new(),
        emitted_chunks: Vec::new(),
    }
}

/// Output files with the entry and the modules of each (by id, with the
/// bytes each contributed).
fn outputs(
    assets: Vec<sheaf_bundler::OutputAsset>,
    graph: &[sheaf_bundler::ModuleSummary],
) -> Vec<JsOutputFile> {
    let id = |m: sheaf_bundler::graph::ModuleIdx| {
        graph
            .get(m.index())
            .map(|s| s.path.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    assets
        .into_iter()
        .map(|a| {
            let meta = a.meta.as_ref();
            JsOutputFile {
                path: a.path.to_string_lossy().into_owned(),
                entry: meta.and_then(|m| m.entry_point).map(id),
                // A chunk of `import()` (Rollup's isDynamicEntry), not an entry point.
                dynamic_entry: meta
                    .and_then(|m| m.entry_point)
                    .is_some_and(|m| graph.get(m.index()).is_some_and(|s| !s.is_entry)),
                modules: meta.map_or(Vec::new(), |m| {
                    m.inputs.iter().map(|(i, _)| id(*i)).collect()
                }),
                module_lengths: meta.map_or(Vec::new(), |m| {
                    m.inputs.iter().map(|(_, n)| *n as u32).collect()
                }),
                exports: meta.map_or(Vec::new(), |m| m.exports.clone()),
                contents: a.contents.into(),
            }
        })
        .collect()
}

/// A module as plugins' `this.getModuleInfo(id)` describes it (output stage).
#[napi(object)]
pub struct JsModuleInfo {
    pub id: String,
    pub is_entry: bool,
    pub imported_ids: Vec<String>,
    pub dynamically_imported_ids: Vec<String>,
}

fn module_infos(graph: &[sheaf_bundler::ModuleSummary]) -> Vec<JsModuleInfo> {
    graph
        .iter()
        .map(|m| JsModuleInfo {
            id: m.path.to_string_lossy().into_owned(),
            is_entry: m.is_entry,
            imported_ids: m.imported.clone(),
            dynamically_imported_ids: m.dynamically_imported.clone(),
        })
        .collect()
}

#[napi(object)]
pub struct JsResolved {
    pub id: String,
    pub external: bool,
}

/// `this.resolve(source, importer, { skipSelf })` of a hook in a running
/// build: the other plugins' `resolveId`, then sheaf's resolver; `null` when
/// nothing resolves it.
#[napi]
pub async fn resolve(
    id: u32,
    specifier: String,
    importer: Option<String>,
    kind: Option<String>,
    skip_plugin: Option<u32>,
) -> napi::Result<Option<JsResolved>> {
    let session = session(id)?;
    let Some(driver) = session.driver.clone() else {
        return Ok(None);
    };
    let kind = match kind.as_deref() {
        Some("entry-point") => ResolveKind::Entry,
        Some("dynamic-import") => ResolveKind::DynamicImport,
        Some("require-call") => ResolveKind::Require,
        Some("at-import") => ResolveKind::Style,
        _ => ResolveKind::Import,
    };
    let request = ResolveRequest {
        specifier,
        importer,
        kind,
    };
    let resolved = driver
        .resolve_with_fallback(&request, skip_plugin.map(|p| p as usize))
        .await
        .map_err(|d| napi::Error::from_reason(d.message))?;
    Ok(resolved.map(|r| JsResolved {
        id: r.id,
        external: r.external,
    }))
}

/// A file the JS side writes after `generateBundle` (plugins may have changed
/// or added outputs).
#[napi(object)]
pub struct JsWriteFile {
    pub path: String,
    pub contents: Buffer,
}

/// Writes files as a build does: each through a temporary file and a rename.
#[napi(catch_unwind)]
pub fn write_files(files: Vec<JsWriteFile>) -> napi::Result<()> {
    let assets: Vec<sheaf_bundler::OutputAsset> = files
        .into_iter()
        .map(|f| sheaf_bundler::OutputAsset {
            path: PathBuf::from(f.path),
            contents: f.contents.to_vec(),
            ..Default::default()
        })
        .collect();
    sheaf_bundler::write::write_assets(&assets).map_err(|d| napi::Error::from_reason(d.message))
}

/// The `sheaf` command line (`sheaf build|transform|dev …`) as the Rust
/// binary runs it, printing to this process's stdout and stderr; resolves
/// with the exit code. The npm package's `sheaf` bin calls it for everything
/// but builds with a JS config file.
#[napi]
pub async fn run_cli(args: Vec<String>, cwd: String) -> napi::Result<i32> {
    let task = tokio::task::spawn_blocking(move || {
        use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
        use std::io::IsTerminal;
        let color = match std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        {
            true => ColorChoice::Auto,
            false => ColorChoice::Never,
        };
        let mut stderr = StandardStream::stderr(color);
        let mut stdout = std::io::stdout();
        let args = args.into_iter().map(Into::into).collect();
        sheaf_cli::run(args, Path::new(&cwd), &mut stdout, &mut stderr)
    });
    task.await
        .map_err(|e| napi::Error::from_reason(format!("sheaf: internal error ({e})")))
}

/// Options of `transform(code, options)`: what `sheaf transform` takes.
#[napi(object)]
pub struct JsTransformOptions {
    pub cwd: String,
    /// The file the code is from: its extension picks the syntax (`.ts`,
    /// `.tsx`, `.jsx`, …) and its folder the tsconfig.json.
    pub filename: String,
    pub target: Option<String>,
    pub minify: Option<bool>,
    /// `automatic` or `classic`.
    pub jsx: Option<String>,
    pub jsx_import_source: Option<String>,
    /// `KEY=EXPR` pairs.
    pub define: Option<Vec<String>>,
    pub sourcemap: Option<bool>,
}

#[napi(object)]
pub struct JsTransformResult {
    pub ok: bool,
    pub code: String,
    pub map: Option<String>,
    pub errors: Vec<JsDiagnostic>,
    pub message: String,
}

fn transform_options(o: &JsTransformOptions) -> Result<(BuildOptions, PathBuf), Vec<Diagnostic>> {
    let cwd = PathBuf::from(&o.cwd);
    let mut options = BuildOptions {
        cwd: cwd.clone(),
        target: o.target.clone(),
        minify: o.minify.unwrap_or(false),
        sourcemap: o
            .sourcemap
            .unwrap_or(false)
            .then_some(sheaf_common::SourceMapMode::External),
        ..Default::default()
    };
    options.jsx.runtime = match o.jsx.as_deref() {
        None => None,
        Some("automatic") => Some(sheaf_common::JsxRuntime::Automatic),
        Some("classic") => Some(sheaf_common::JsxRuntime::Classic),
        Some(other) => {
            return Err(vec![Diagnostic::error(
                "E_OPTIONS",
                format!("jsx must be \"automatic\" or \"classic\", not {other:?}"),
            )])
        }
    };
    options.jsx.import_source = o.jsx_import_source.clone();
    for d in o.define.iter().flatten() {
        match d.split_once('=') {
            Some((k, v)) => options.define.push((k.to_string(), v.to_string())),
            None => {
                return Err(vec![Diagnostic::error(
                    "E_OPTIONS",
                    format!("define {d:?} is not KEY=EXPR"),
                )])
            }
        }
    }
    Ok((options, cwd.join(&o.filename)))
}

fn run_transform(code: String, o: &JsTransformOptions) -> JsTransformResult {
    let cwd = PathBuf::from(&o.cwd);
    let result = transform_options(o)
        .and_then(|(options, path)| sheaf_bundler::transpile_source(&options, &path, code));
    match result {
        Ok(t) => JsTransformResult {
            ok: true,
            code: t.code,
            map: t.map,
            errors: Vec::new(),
            message: String::new(),
        },
        Err(errors) => JsTransformResult {
            ok: false,
            code: String::new(),
            map: None,
            errors: errors.iter().map(|d| js_diagnostic(d, &cwd)).collect(),
            message: sheaf_cli::render_to_string(&errors, &cwd),
        },
    }
}

/// Transpiles one source text without bundling, off the JS thread.
#[napi]
pub async fn transform(
    code: String,
    options: JsTransformOptions,
) -> napi::Result<JsTransformResult> {
    tokio::task::spawn_blocking(move || run_transform(code, &options))
        .await
        .map_err(|e| napi::Error::from_reason(format!("sheaf: internal error ({e})")))
}

/// [`transform`], on the calling thread.
#[napi(catch_unwind)]
pub fn transform_sync(code: String, options: JsTransformOptions) -> JsTransformResult {
    run_transform(code, &options)
}

/// Makes a session keep its modules between builds (`context()`), and drops
/// those of `changed` files whose bytes changed: the next `build` reads and
/// parses only them. No `changed` checks every file of the last build.
#[napi(catch_unwind)]
/// The modules of `forced` files load again whatever their bytes (a file a
/// plugin watches for them changed); with `all`, every module does.
pub fn invalidate(
    id: u32,
    changed: Vec<String>,
    forced: Option<Vec<String>>,
    all: Option<bool>,
) -> napi::Result<()> {
    let session = session(id)?;
    let mut cache = session.cache.lock().expect("cache lock");
    if all == Some(true) {
        *cache = Some(sheaf_bundler::ModuleCache::new());
    }
    let cache = cache.get_or_insert_with(sheaf_bundler::ModuleCache::new);
    let changed: Vec<PathBuf> = match changed.is_empty() {
        true => cache.files(),
        false => changed.into_iter().map(PathBuf::from).collect(),
    };
    cache.invalidate(&changed);
    let forced: Vec<PathBuf> = forced
        .unwrap_or_default()
        .into_iter()
        .map(PathBuf::from)
        .collect();
    cache.forget(&forced);
    Ok(())
}

/// What `dev()` gets back: the server's id (for `devSend`/`devClose`) and address.
#[napi(object)]
pub struct JsDevServer {
    pub id: u32,
    pub url: String,
}

/// Log lines of a dev server, for JS (`onLog`).
pub type LogLine = napi::threadsafe_function::ThreadsafeFunction<
    String,
    napi::bindgen_prelude::Unknown<'static>,
    String,
    napi::Status,
    false,
>;

/// Running dev servers, with the id of their build session.
static DEV_SERVERS: LazyLock<Mutex<HashMap<u32, (sheaf_cli::DevServer, u32)>>> =
    LazyLock::new(Default::default);

/// Starts `sheaf dev ARGS…` with the options of `sheaf build BUILD_ARGS…` and
/// the plugins of session `session_id` (opened by `createSession` first, so
/// hooks of the first build can call back: `this.resolve`,
/// `this.addWatchFile`). Its log lines go to `on_log`, else to stdout. Rejects with the
/// rendered errors when it cannot start (a build error does not: the page
/// shows it).
#[napi]
pub async fn dev_start(
    args: Vec<String>,
    build_args: Vec<String>,
    cwd: String,
    session_id: u32,
    on_log: Option<LogLine>,
) -> napi::Result<JsDevServer> {
    let cwd = PathBuf::from(cwd);
    let session = session(session_id)?;
    if let Some(driver) = &session.driver {
        driver.set_runtime(tokio::runtime::Handle::current());
    }
    let hooks = session.options.hooks.clone();
    let dir = cwd.clone();
    // A panic while starting rejects (the join error), as in `build`.
    let started =
        tokio::task::spawn_blocking(move || sheaf_cli::dev_start(args, build_args, &dir, hooks))
            .await
            .map_err(|e| format!("sheaf: internal error ({e})"))
            .and_then(|r| r.map_err(|d| sheaf_cli::render_to_string(&d, &cwd)));
    // On failure the session stays: the JS side that opened it closes it.
    let mut server = started.map_err(napi::Error::from_reason)?;
    let url = server.url.clone();
    if let Some(lines) = server.take_lines() {
        std::thread::spawn(move || {
            for line in lines {
                match &on_log {
                    Some(f) => {
                        f.call(line, ThreadsafeFunctionCallMode::NonBlocking);
                    }
                    None => println!("{line}"),
                }
            }
        });
    }
    let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    DEV_SERVERS
        .lock()
        .expect("dev servers lock")
        .insert(id, (server, session_id));
    Ok(JsDevServer { id, url })
}

/// Sends a message (JSON) to every page of a dev server (`server.ws.send`).
#[napi(catch_unwind)]
pub fn dev_send(id: u32, message: String) {
    if let Some((server, _)) = DEV_SERVERS.lock().expect("dev servers lock").get(&id) {
        server.send(message);
    }
}

/// Stops a dev server: it no longer serves, watches or keeps Node alive.
#[napi]
pub async fn dev_close(id: u32) {
    let server = DEV_SERVERS.lock().expect("dev servers lock").remove(&id);
    if let Some((server, session)) = server {
        SESSIONS.lock().expect("sessions lock").remove(&session);
        // Dropping its runtime must not happen on one of tokio's own threads.
        let _ = tokio::task::spawn_blocking(move || server.close()).await;
    }
}
