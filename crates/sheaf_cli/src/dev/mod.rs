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
    let target = cwd.join(args.root.clone().unwrap_or_else(|| PathBuf::from(".")));
    let (root, html_path) = if target.extension().is_some_and(|e| e == "html") {
        (
            target.parent().map(Path::to_path_buf).unwrap_or_default(),
            target.clone(),
        )
    } else {
        (target.clone(), target.join("index.html"))
    };
    let root = root.canonicalize().unwrap_or(root);
    let html_path = html_path.canonicalize().unwrap_or(html_path);
    let fail = |d: Diagnostic, stderr: &mut dyn WriteColor| {
        render_diagnostics(&[d], cwd, stderr);
        1
    };
    // The project's sheaf.config.json (defines, JSX, externals, target) applies;
    // entries come from the page, and outputs stay in memory.
    let base = match crate::config::build_options(Default::default(), &root) {
        Ok(o) => BuildOptions {
            mode: args.mode.clone().or(o.mode.clone()),
            ..o
        },
        Err(diags) => {
            render_diagnostics(&diags, cwd, stderr);
            return 1;
        }
    };
    let dev_options = options_for(&base, &root, &[]);
    let (entries, page_html) = match read_page(&html_path, &root, &dev_options) {
        Ok(p) => p,
        Err(d) => return fail(d, stderr),
    };
    let mut session = DevSession::new(options_for(&base, &root, &entries));
    let mut watch = match FileWatch::new(&root, vec![], SETTLE) {
        Ok(w) => w,
        Err(d) => return fail(d, stderr),
    };
    watch.watch_files(std::slice::from_ref(&html_path));

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return fail(
                Diagnostic::error("E_DEV", format!("Cannot start: {e}")),
                stderr,
            )
        }
    };
    // The port asked for, or the next free one.
    let listener = runtime.block_on(async {
        for port in args.port..args.port.saturating_add(20) {
            if let Ok(l) = tokio::net::TcpListener::bind((args.host.as_str(), port)).await {
                return Some(l);
            }
        }
        None
    });
    let Some(listener) = listener else {
        return fail(
            Diagnostic::error(
                "E_DEV",
                format!("No free port from {} on {}", args.port, args.host),
            ),
            stderr,
        );
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
    let mut state = BuildState {
        shared: shared.clone(),
        log,
        cwd: cwd.to_path_buf(),
        had_error: false,
        ever_built: false,
    };
    let started = Instant::now();
    state.build(&mut session, &[], started);
    watch.watch_files(&session.files());
    let _ = writeln!(
        stdout,
        "sheaf dev: http://{}:{port}/ (ready in {} ms)",
        if args.host == "0.0.0.0" {
            "127.0.0.1"
        } else {
            &args.host
        },
        started.elapsed().as_millis()
    );
    if let Some(hint) = refresh_hint(&root) {
        let _ = writeln!(stdout, "{hint}");
    }
    let app = server::router(shared);
    runtime.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    std::thread::spawn(move || {
        let mut session = session;
        while let Some(changed) = watch.next_change() {
            let started = Instant::now();
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
                state.update(&mut session, &changed, started);
            }
            watch.watch_files(&session.files());
        }
    });
    for line in lines {
        let _ = writeln!(stdout, "{line}");
        let _ = stdout.flush();
    }
    0
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

    fn update(&mut self, session: &mut DevSession, changed: &[PathBuf], started: Instant) {
        match session.update(changed) {
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
        let ids: Vec<&str> = build.changed.iter().map(|m| m.id.as_str()).collect();
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
