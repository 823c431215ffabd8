//! The dev server's HTTP side (axum on tokio): the page, the client, the bundle
//! from memory, static files, and the WebSocket that carries updates.
//!
//! Example: `GET /` → the rewritten `index.html`; `GET /@sheaf/bundle.js` → every
//! module's `__sheaf.define(…)` and `__sheaf.start(build, […])`; `GET /logo.png` →
//! `ROOT/logo.png` or `ROOT/public/logo.png`; `GET /@sheaf/ws` → a WebSocket
//! that first says `{"type":"connected","build":N}` (the latest build).
//!
//! Why the checks: a dev server holds the project's sources, and any web page
//! the developer visits can make requests to localhost. Requests whose `Host` is
//! not the served host (DNS rebinding), WebSockets from another `Origin`, and
//! paths that leave the root (`..`, encoded dots, absolute paths, symlinks
//! pointing out) are refused.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, RwLock},
};

use axum::{
    body::Body,
    extract::{
        ws::{Message, WebSocket, WebSocketUpgrade},
        Request, State,
    },
    http::{header, HeaderMap, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use tokio::sync::broadcast;

const CLIENT: &str = include_str!("client.js");

/// What the server shows; replaced by the build thread after each build.
#[derive(Default)]
pub struct Page {
    pub html: String,
    /// Every module's `__sheaf.define(…)`, in graph order; joined on request.
    pub modules: Arc<Vec<Arc<str>>>,
    /// The bundle's last lines (`__sheaf.start(build, […])`).
    pub start: String,
    pub assets: HashMap<String, Arc<Vec<u8>>>,
    /// The last build's errors (as `error` message JSON), shown to new pages too.
    pub error: Option<String>,
    /// The number of the build shown: the bundle says which it is, the socket
    /// which is the latest, so that a page that missed an update reloads.
    pub build: u64,
}

#[derive(Clone)]
pub struct Shared {
    pub page: Arc<RwLock<Page>>,
    pub updates: broadcast::Sender<String>,
    pub root: PathBuf,
    /// Host names requests may name (`localhost`, the bound address, …).
    pub hosts: Vec<String>,
    pub port: u16,
}

pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/@sheaf/client.js", get(client))
        .route("/@sheaf/bundle.js", get(bundle))
        .route("/@sheaf/ping", get(|| async { "ok" }))
        .route("/@sheaf/ws", get(socket))
        .fallback(get(file))
        .layer(middleware::from_fn_with_state(shared.clone(), check_host))
        .with_state(shared)
}

/// Refuses requests addressed to another host name (DNS rebinding).
async fn check_host(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(host, &s.hosts, s.port) {
        return (StatusCode::FORBIDDEN, "sheaf dev: unexpected Host header\n").into_response();
    }
    next.run(req).await
}

/// `host` is `NAME:PORT` (or `NAME` for port 80) with an allowed name and our port.
pub fn host_allowed(host: &str, hosts: &[String], port: u16) -> bool {
    let (name, p) = match host.rsplit_once(':') {
        Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
        _ => (host, Some(80)),
    };
    p == Some(port) && hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
}

async fn client() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript")], CLIENT).into_response()
}

async fn bundle(State(s): State<Shared>) -> Response {
    let (modules, start) = {
        let page = s.page.read().expect("page lock");
        (page.modules.clone(), page.start.clone())
    };
    let mut code =
        String::with_capacity(modules.iter().map(|m| m.len()).sum::<usize>() + start.len());
    for m in modules.iter() {
        code.push_str(m);
    }
    code.push_str(&start);
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        code,
    )
        .into_response()
}

async fn socket(State(s): State<Shared>, headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    // A page from another origin must not listen to (or drive) the dev server.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .unwrap_or("");
        if !host_allowed(host, &s.hosts, s.port) {
            return (
                StatusCode::FORBIDDEN,
                "sheaf dev: WebSocket from another origin\n",
            )
                .into_response();
        }
    }
    ws.on_upgrade(move |socket| talk(socket, s))
}

async fn talk(mut socket: WebSocket, s: Shared) {
    let mut updates = s.updates.subscribe();
    let (error, build) = {
        let page = s.page.read().expect("page lock");
        (page.error.clone(), page.build)
    };
    let hello = Message::Text(format!(r#"{{"type":"connected","build":{build}}}"#).into());
    if socket.send(hello).await.is_err() {
        return;
    }
    if let Some(e) = error {
        let _ = socket.send(Message::Text(e.into())).await;
    }
    loop {
        tokio::select! {
            update = updates.recv() => match update {
                Ok(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let reload = r#"{"type":"full-reload","reason":"missed updates"}"#;
                    let _ = socket.send(Message::Text(reload.into())).await;
                }
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => {}
                _ => return,
            },
        }
    }
}

async fn file(State(s): State<Shared>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == "/" || path == "/index.html" {
        return html(&s);
    }
    let Some(relative) = safe_relative(&path) else {
        return (StatusCode::FORBIDDEN, "sheaf dev: path outside the root\n").into_response();
    };
    if let Some(bytes) = s
        .page
        .read()
        .expect("page lock")
        .assets
        .get(&relative)
        .cloned()
    {
        return ([(header::CONTENT_TYPE, mime(&relative))], bytes.to_vec()).into_response();
    }
    for base in [s.root.clone(), s.root.join("public")] {
        match inside(&base, &relative) {
            Some(Ok(file)) => match tokio::fs::read(&file).await {
                Ok(bytes) => {
                    return ([(header::CONTENT_TYPE, mime(&relative))], Body::from(bytes))
                        .into_response()
                }
                Err(_) => continue,
            },
            Some(Err(())) => {
                return (StatusCode::FORBIDDEN, "sheaf dev: path outside the root\n")
                    .into_response()
            }
            None => continue,
        }
    }
    // Client-side routes (`/settings`) get the page.
    if !relative.rsplit('/').next().unwrap_or("").contains('.') {
        return html(&s);
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

fn html(s: &Shared) -> Response {
    let html = s.page.read().expect("page lock").html.clone();
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// The request path as a relative path, or `None` when it tries to leave the
/// root: `..` segments (also percent-encoded), backslashes, NUL, drive letters.
pub fn safe_relative(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return None,
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `base/relative` when it exists and, with symlinks followed, is still inside
/// `base`; `Some(Err)` when it leaves it; `None` when there is no such file.
fn inside(base: &Path, relative: &str) -> Option<Result<PathBuf, ()>> {
    let candidate = base.join(relative);
    let real = candidate.canonicalize().ok()?;
    let base = base.canonicalize().ok()?;
    if !real.starts_with(&base) {
        return Some(Err(()));
    }
    real.is_file().then_some(Ok(real))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The MIME type a file is served with (by its extension).
fn mime(path: &str) -> String {
    sheaf_bundler::asset::mime_type(std::path::Path::new(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_root_are_refused() {
        assert_eq!(safe_relative("/src/a.js").as_deref(), Some("src/a.js"));
        assert_eq!(safe_relative("/a%20b.txt").as_deref(), Some("a b.txt"));
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/%2e%2e/etc/passwd"), None);
        assert_eq!(safe_relative("/src/%2E%2E/%2E%2E/x"), None);
        assert_eq!(safe_relative("/..%2f..%2fetc"), None);
        assert_eq!(safe_relative("/a\\..\\b"), None);
        assert_eq!(safe_relative("/C:/Windows"), None);
    }

    #[test]
    fn hosts() {
        let hosts = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        assert!(host_allowed("localhost:5173", &hosts, 5173));
        assert!(host_allowed("127.0.0.1:5173", &hosts, 5173));
        assert!(!host_allowed("evil.example:5173", &hosts, 5173));
        assert!(!host_allowed("localhost:80", &hosts, 5173));
        assert!(!host_allowed("", &hosts, 5173));
    }
}
