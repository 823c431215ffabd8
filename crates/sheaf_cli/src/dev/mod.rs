//! `sheaf dev [ROOT | index.html] [--port N] [--host ADDR]`: serve the app from
//! memory and push hot updates.
//!
//! Example: `sheaf dev playground` prints `sheaf dev: http://127.0.0.1:5173/`;
//! saving `src/App.tsx` prints `updated src/App.tsx in 9 ms` and the page swaps
//! the module without reloading when something accepts it (`import.meta.hot`).
//!
//! Why three parts: a build thread owns the bundler's `DevSession` (the module
//! cache and the rendered modules) and the file watcher; the tokio server
//! (`server.rs`) only reads the current page and forwards messages; this file
//! wires them and prints what happens (only the CLI prints).

pub mod server;

use std::{
    io::Write,
    path::{Path, PathBuf},
    sync::{mpsc, Arc, RwLock},
    time::{Duration, Instant},
};

use codespan_reporting::term::termcolor::{NoColor, WriteColor};
use serde_json::json;
use sheaf_bundler::dev::{DevBuild, DevSession};
use sheaf_common::{BuildOptions, Diagnostic, EntryPoint};
use tokio::sync::broadcast;

use crate::{args::DevArgs, render_diagnostics, watch::FileWatch};

/// Quiet time after a change before rebuilding (an editor's save is a burst).
const SETTLE: Duration = Duration::from_millis(3);

pub fn run(args: DevArgs, cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn WriteColor) -> i32 {
    let mut server = match start(args, cwd, None) {
        Ok(s) => s,
        Err(diags) => {
            render_diagnostics(&diags, cwd, stderr);
            return 1;
        }
    };
    for line in server.take_lines().into_iter().flatten() {
        let _ = writeln!(stdout, "{line}");
        let _ = stdout.flush();
    }
    0
}

/// A running dev server: its address, the lines it logs, and what stops it.
pub struct DevServer {
    pub url: String,
    lines: Option<mpsc::Receiver<String>>,
    shared: server::Shared,
    runtime: Option<tokio::runtime::Runtime>,
    stop: crate::watch::WatchStop,
}

impl DevServer {
    /// What the server logs (the address first, then builds and updates), to
    /// print; ends when the server is closed.
    pub fn take_lines(&mut self) -> Option<mpsc::Receiver<String>> {
        self.lines.take()
    }

    /// Sends a message to every page (plugins' `server.ws.send`).
    pub fn send(&self, message: String) {
        let _ = self.shared.updates.send(message);
    }

    /// Stops serving and watching.
    pub fn close(self) {
        drop(self);
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        self.stop.stop();
        if let Some(runtime) = self.runtime.take() {
            // Waits for the listener to be dropped, so that a server started
            // next (a restart) gets the same port.
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

/// Starts `sheaf dev`: the first build, the server and the watcher. `base`
/// replaces the project's sheaf.config.json (the JS API's options, with
/// plugins' hooks).
pub fn start(
    args: DevArgs,
    cwd: &Path,
    base: Option<BuildOptions>,
) -> Result<DevServer, Vec<Diagnostic>> {
    let (root, html_path) = page_paths(&args, cwd);
    let root = root.canonicalize().unwrap_or(root);
    let html_path = html_path.canonicalize().unwrap_or(html_path);
    // The project's sheaf.config.json (defines, JSX, externals, target) applies;
    // entries come from the page, and outputs stay in memory.
    let base = match base {
        Some(b) => b,
        None => crate::config::build_options(Default::default(), &root)?,
    };
    let base = BuildOptions {
        mode: args.mode.clone().or(base.mode.clone()),
        ..base
    };
    let dev_options = options_for(&base, &root, &[]);
    let (entries, page_html) = read_page(&html_path, &root, &dev_options).map_err(|d| vec![d])?;
    let mut session = DevSession::new(options_for(&base, &root, &entries));
    let mut watch = FileWatch::new(&root, vec![], SETTLE).map_err(|d| vec![d])?;
    watch.watch_files(std::slice::from_ref(&html_path));
    let stop = watch.stopper();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| vec![Diagnostic::error("E_DEV", format!("Cannot start: {e}"))])?;
    // The port asked for, or the next free one (0: any free port).
    let listener = runtime.block_on(async {
        for port in args.port..args.port.saturating_add(20) {
            if let Ok(l) = tokio::net::TcpListener::bind((args.host.as_str(), port)).await {
                return Some(l);
            }
        }
        None
    });
    let Some(listener) = listener else {
        return Err(vec![Diagnostic::error(
            "E_DEV",
            format!("No free port from {} on {}", args.port, args.host),
        )]);
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(args.port);
    let (updates, _) = broadcast::channel(64);
    let shared = server::Shared {
        page: Arc::new(RwLock::new(server::Page {
            html: page_html,
            ..Default::default()
        })),
        updates,
        root: root.clone(),
        hosts: vec![
            "localhost".into(),
            "127.0.0.1".into(),
            "[::1]".into(),
            args.host.clone(),
        ],
        port,
    };
    let (log, lines) = mpsc::channel::<String>();
    let (first, later) = mpsc::channel::<String>();
    let mut state = BuildState {
        shared: shared.clone(),
        log: first,
        cwd: cwd.to_path_buf(),
        had_error: false,
        ever_built: false,
    };
    let started = Instant::now();
    state.build(&mut session, &[], started);
    watch.watch_files(&watched_files(&session));
    let host = if args.host == "0.0.0.0" {
        "127.0.0.1"
    } else {
        &args.host
    };
    let url = format!("http://{host}:{port}/");
    // The address first, then what the first build said.
    let _ = log.send(format!(
        "sheaf dev: {url} (ready in {} ms)",
        started.elapsed().as_millis()
    ));
    if let Some(hint) = refresh_hint(&root) {
        let _ = log.send(hint.to_string());
    }
    for line in later.try_iter() {
        let _ = log.send(line);
    }
    state.log = log;
    let app = server::router(shared.clone());
    runtime.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let watched = Watched {
        html_path,
        root,
        base,
    };
    std::thread::spawn(move || watched.serve(watch, session, state));
    Ok(DevServer {
        url,
        lines: Some(lines),
        shared,
        runtime: Some(runtime),
        stop,
    })
}

/// The folder served and its page: `ROOT` and `ROOT/index.html`, or the
/// `.html` file given and its folder.
pub(crate) fn page_paths(args: &DevArgs, cwd: &Path) -> (PathBuf, PathBuf) {
    let target = cwd.join(args.root.clone().unwrap_or_else(|| PathBuf::from(".")));
    if target.extension().is_some_and(|e| e == "html") {
        let root = target.parent().map(Path::to_path_buf).unwrap_or_default();
        (root, target)
    } else {
        let html = target.join("index.html");
        (target, html)
    }
}

/// What the build thread needs to rebuild on changes.
struct Watched {
    html_path: PathBuf,
    root: PathBuf,
    base: BuildOptions,
}

impl Watched {
    /// Rebuilds on every change until the server is closed.
    fn serve(self, mut watch: FileWatch, mut session: DevSession, mut state: BuildState) {
        let Watched {
            html_path,
            root,
            base,
        } = self;
        while let Some(changed) = watch.next_change() {
            let started = Instant::now();
            let (changed, forced) = with_watch_dependents(&session, changed);
            if changed.contains(&html_path) {
                match read_page(&html_path, &root, session.options()) {
                    Ok((entries, html)) => {
                        state.shared.page.write().expect("page lock").html = html;
                        session = DevSession::new(options_for(&base, &root, &entries));
                        state.build(&mut session, &[], started);
                        state.send(json!({"type": "full-reload", "reason": "index.html changed"}));
                    }
                    Err(d) => state.error(&[d]),
                }
            } else if changed
                .iter()
                .any(|p| sheaf_bundler::env::is_env_file(p) && p.parent() == Some(&*root))
            {
                // import.meta.env is replaced while loading: every module again
                // (and `%VITE_X%` in the page).
                session = DevSession::new(session.options().clone());
                if let Ok((_, html)) = read_page(&html_path, &root, session.options()) {
                    state.shared.page.write().expect("page lock").html = html;
                }
                state.build(&mut session, &[], started);
                state.send(json!({"type": "full-reload", "reason": ".env changed"}));
            } else {
                match hot_update_files(&session, changed) {
                    Ok(files) if files.is_empty() => {}
                    Ok(files) => state.update(&mut session, &files, &forced, started),
                    Err(d) => state.error(&[d]),
                }
            }
            watch.watch_files(&watched_files(&session));
        }
    }
}

/// The file of a module id: `App.vue` for `App.vue?vue&type=style…`.
fn module_file(id: &str) -> PathBuf {
    PathBuf::from(id.split_once('?').map_or(id, |(file, _)| file))
}

/// The module files of the session and the files plugins asked to watch.
fn watched_files(session: &DevSession) -> Vec<PathBuf> {
    let mut files = session.files();
    if let Some(hooks) = session.options().hooks.get() {
        files.extend(hooks.watch_files().into_iter().map(|(file, _)| file));
    }
    files
}

/// The changed files and, for each that a plugin asked to watch
/// (`this.addWatchFile`), the files of the modules whose hooks asked: they
/// load again, and their update reaches the page as an edit of them would.
/// Returns the files and the dependents alone (they load again whatever
/// their bytes).
fn with_watch_dependents(
    session: &DevSession,
    changed: Vec<PathBuf>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let Some(hooks) = session.options().hooks.get() else {
        return (changed, Vec::new());
    };
    let mut files = changed.clone();
    let mut dependents = Vec::new();
    for (file, importers) in hooks.watch_files() {
        if !changed.contains(&file) {
            continue;
        }
        for id in importers {
            let module = module_file(&id);
            if !files.contains(&module) {
                files.push(module.clone());
            }
            if !dependents.contains(&module) {
                dependents.push(module);
            }
        }
    }
    (files, dependents)
}

/// The changed files after plugins' `handleHotUpdate`, which may narrow a
/// file's modules (to none: a plugin handled the change) or name others.
fn hot_update_files(
    session: &DevSession,
    changed: Vec<PathBuf>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let Some(hooks) = session
        .options()
        .hooks
        .get()
        .filter(|h| h.has_hook("handleHotUpdate"))
    else {
        return Ok(changed);
    };
    let mut files = Vec::new();
    for file in changed {
        let modules = session.module_ids_of(&file);
        let updated = match hooks.handle_hot_update(&file.to_string_lossy(), modules)? {
            // The files of the modules the plugins left.
            Some(ids) => ids.iter().map(|id| module_file(id)).collect(),
            None => vec![file],
        };
        for f in updated {
            if !files.contains(&f) {
                files.push(f);
            }
        }
    }
    Ok(files)
}

/// The page's module scripts (the entries) and the page to serve, with
/// `%VITE_X%` replaced as `options` (mode, `.env`) say.
fn read_page(
    html_path: &Path,
    root: &Path,
    options: &BuildOptions,
) -> Result<(Vec<String>, String), Diagnostic> {
    let text = std::fs::read_to_string(html_path).map_err(|e| {
        Diagnostic::error("E_DEV", format!("Cannot read {}: {e}", html_path.display()))
            .with_help("sheaf dev serves ROOT/index.html, or the .html file given")
    })?;
    let text = sheaf_bundler::html::transform_index_html(&options.hooks, text, html_path)?;
    let dir = html_path.parent().unwrap_or(root);
    let env = sheaf_bundler::env::values(options)?;
    let (entries, html) = sheaf_bundler::html::dev_page(&text, dir, root, &env);
    if !html.contains("/@sheaf/bundle.js") {
        return Err(Diagnostic::error(
            "E_DEV",
            format!(
                "{} has no <script type=\"module\" src=\"…\">",
                html_path.display()
            ),
        )
        .with_help("the module scripts of the page are the entry points"));
    }
    Ok((entries, html))
}

/// Build options for the page's entries, on top of the project's config. With
/// `react-refresh` installed, its runtime is the first entry and the project's
/// JSX gets Fast Refresh.
fn options_for(base: &BuildOptions, root: &Path, entries: &[String]) -> BuildOptions {
    let refresh = refresh_runtime(root);
    let mut options = BuildOptions {
        cwd: root.to_path_buf(),
        entries: entries
            .iter()
            .map(|e| EntryPoint {
                name: None,
                path: format!("./{e}"),
            })
            .collect(),
        define: base.define.clone(),
        external: base.external.clone(),
        jsx: base.jsx.clone(),
        target: base.target.clone(),
        polyfills: base.polyfills,
        unresolved_external: base.unresolved_external,
        platform: base.platform,
        mode: base.mode.clone(),
        base: base.base.clone(),
        root: Some(root.to_path_buf()),
        dev_server: true,
        hooks: base.hooks.clone(),
        ..Default::default()
    };
    if let Some(runtime) = refresh {
        options.entries.insert(
            0,
            EntryPoint {
                name: None,
                path: runtime,
            },
        );
        options.jsx.refresh = true;
        options.jsx.development = true;
    }
    options
}

/// A React app without `react-refresh`: edits reload the page (state is lost);
/// say what keeps it (Vite's React plugin ships the runtime; sheaf uses the
/// project's copy).
fn refresh_hint(root: &Path) -> Option<&'static str> {
    let react = root
        .ancestors()
        .any(|d| d.join("node_modules/react/package.json").is_file());
    (react && refresh_runtime(root).is_none()).then_some(
        "hint: React components reload the page on edit; `npm i -D react-refresh` keeps their state (Fast Refresh)",
    )
}

/// The React refresh runtime to load first: the project's `react-refresh` (in
/// a `node_modules` at or above the root), else the one the npm package
/// brings (its `sheaf` bin sets `SHEAF_REACT_REFRESH` to that file, for
/// installs that do not hoist it into the project).
fn refresh_runtime(root: &Path) -> Option<String> {
    let project = root
        .ancestors()
        .any(|d| d.join("node_modules/react-refresh/runtime.js").is_file());
    if project {
        return Some("react-refresh/runtime".into());
    }
    let bundled = std::env::var_os("SHEAF_REACT_REFRESH").map(PathBuf::from)?;
    bundled
        .is_file()
        .then(|| bundled.to_string_lossy().into_owned())
}

/// The build thread's side: runs builds, updates the page, sends messages, logs.
struct BuildState {
    shared: server::Shared,
    log: mpsc::Sender<String>,
    cwd: PathBuf,
    had_error: bool,
    ever_built: bool,
}

impl BuildState {
    fn send(&self, message: serde_json::Value) {
        let _ = self.shared.updates.send(message.to_string());
    }

    fn build(&mut self, session: &mut DevSession, changed: &[PathBuf], started: Instant) {
        match session.build() {
            Ok(build) => self.built(session, build, changed, started),
            Err(diags) => self.error(&diags),
        }
    }

    fn update(
        &mut self,
        session: &mut DevSession,
        changed: &[PathBuf],
        forced: &[PathBuf],
        started: Instant,
    ) {
        match session.update_forced(changed, forced) {
            Ok(build) => self.built(session, build, changed, started),
            Err(diags) => self.error(&diags),
        }
    }

    fn built(
        &mut self,
        session: &DevSession,
        build: DevBuild,
        changed: &[PathBuf],
        started: Instant,
    ) {
        let modules: Vec<std::sync::Arc<str>> = session
            .all_modules()
            .into_iter()
            .map(|m| m.code.clone())
            .collect();
        let mut start = String::new();
        let mut entries = &build.entries[..];
        if session.options().jsx.refresh {
            start.push_str(&format!("__sheaf.refresh({});\n", json!(entries[0])));
            entries = &entries[1..];
        }
        let build_number;
        {
            let mut page = self.shared.page.write().expect("page lock");
            page.build += 1;
            build_number = page.build;
            start.push_str(&format!(
                "__sheaf.start({build_number}, {});\n",
                json!(entries)
            ));
            page.modules = Arc::new(modules);
            page.start = start;
            if let Some(assets) = build.assets {
                page.assets = assets
                    .into_iter()
                    .map(|(file, bytes)| (file, Arc::new(bytes)))
                    .collect();
            }
            page.error = None;
        }
        let first_good = !self.ever_built;
        self.ever_built = true;
        if std::mem::take(&mut self.had_error) {
            self.send(json!({"type": "ok"}));
            if first_good {
                // The page never ran: start it.
                self.send(json!({"type": "full-reload", "reason": "the build works again"}));
            }
        }
        if changed.is_empty() && first_good {
            let _ = self.log.send(format!(
                "built {} modules in {} ms",
                build.modules,
                started.elapsed().as_millis()
            ));
            return;
        }
        if build.changed.is_empty() && build.removed.is_empty() {
            return;
        }
        // Virtual modules (`\0virtual:x`) are shown without the `\0`.
        let ids: Vec<&str> = build
            .changed
            .iter()
            .map(|m| m.id.trim_start_matches('\0'))
            .collect();
        self.send(json!({
            "type": "update",
            "build": build_number,
            "modules": build.changed.iter().map(|m| json!({"id": m.id, "code": &*m.code})).collect::<Vec<_>>(),
            "removed": build.removed,
        }));
        let _ = self.log.send(format!(
            "updated {} in {} ms",
            ids.join(", "),
            started.elapsed().as_millis()
        ));
    }

    fn error(&mut self, diags: &[Diagnostic]) {
        let mut text = NoColor::new(Vec::new());
        render_diagnostics(diags, &self.cwd, &mut text);
        let text = String::from_utf8_lossy(&text.into_inner()).into_owned();
        let message = json!({"type": "error", "errors": [{"text": text}]}).to_string();
        self.shared.page.write().expect("page lock").error = Some(message.clone());
        let _ = self.shared.updates.send(message);
        self.had_error = true;
        let _ = self.log.send(format!(
            "{text}{}; watching for changes",
            crate::failure_line(diags)
        ));
    }
}
