//! `sheaf dev` end to end: hot updates in headless Chromium (the script is
//! `tests/packages/browser/dev-hmr.mjs`, on a copy of `tests/browser/dev-app`),
//! and the server's refusals at the HTTP level.

use std::{
    fs,
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::Path,
    process::{Child, Command, Stdio},
    time::Duration,
};

#[path = "support.rs"]
mod support;
use support::{copy_dir, root};

/// A running `sheaf dev` on a free port.
struct Dev {
    child: Child,
    port: u16,
}

impl Dev {
    fn start(dir: &Path) -> Dev {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sheaf"))
            .args(["dev"])
            .arg(dir)
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let port = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Dev { child, port }
    }

    /// Sends a raw HTTP/1.1 request; returns the status code and the body.
    fn request(&self, path: &str, headers: &[(&str, String)]) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut req = format!("GET {path} HTTP/1.1\r\n");
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("connection"))
        {
            req.push_str("Connection: close\r\n");
        }
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).unwrap();
        let mut response = Vec::new();
        // A WebSocket upgrade keeps the connection open: read what arrives.
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            response.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
        (status, body)
    }
}

impl Drop for Dev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn hot_updates_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/browser/dev-app"), dir.path());
    let dev = Dev::start(dir.path());
    let run = Command::new("node")
        .arg(root().join("tests/packages/browser/dev-hmr.mjs"))
        .arg(format!("http://127.0.0.1:{}/", dev.port))
        .arg(dir.path())
        .current_dir(root().join("tests/packages"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    println!("{stdout}");
}

/// A page that loads the bundle of a build older than the server's (an
/// update went out before its socket listened) reloads.
#[test]
fn an_update_missed_while_loading_reloads_the_page() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/browser/dev-app"), dir.path());
    let dev = Dev::start(dir.path());
    let out = support::run_browser_script(
        "dev-missed-update.mjs",
        &[
            format!("http://127.0.0.1:{}/", dev.port).as_ref(),
            dir.path().as_os_str(),
        ],
    );
    println!("{out}");
}

#[test]
fn refuses_other_hosts_other_origins_and_paths_outside_the_root() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    let project = tempfile::tempdir().unwrap();
    let dir = project.path().join("app");
    copy_dir(&root().join("tests/browser/dev-app"), &dir);
    fs::write(project.path().join("secret.txt"), "SECRET").unwrap();
    fs::write(dir.join("hello.txt"), "hello").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.join("link.txt")).unwrap();
    // The project's config applies to dev builds too.
    fs::write(
        dir.join("sheaf.config.json"),
        r#"{ "define": { "__APP_NAME__": "\"configured name\"" } }"#,
    )
    .unwrap();
    fs::write(
        dir.join("src/plain.js"),
        "export const plain = __APP_NAME__;\n",
    )
    .unwrap();
    let dev = Dev::start(&dir);
    let (status, bundle) = dev.request("/@sheaf/bundle.js", &[]);
    assert_eq!(status, 200);
    assert!(
        bundle.contains("\"configured name\"") && !bundle.contains("__APP_NAME__"),
        "{bundle}"
    );

    let (status, body) = dev.request("/", &[]);
    assert_eq!(status, 200);
    assert!(body.contains("/@sheaf/bundle.js"), "{body}");
    assert_eq!(dev.request("/hello.txt", &[]), (200, "hello".to_string()));

    // DNS rebinding: a page on another name resolving to 127.0.0.1.
    let evil = format!("evil.example:{}", dev.port);
    assert_eq!(dev.request("/", &[("Host", evil)]).0, 403);
    assert_eq!(dev.request("/", &[("Host", "localhost:1".into())]).0, 403);

    // Out of the root: `..`, encoded dots, absolute paths, symlinks.
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/src/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/link.txt",
    ] {
        let (status, body) = dev.request(path, &[]);
        assert!(!body.contains("SECRET"), "{path} leaked");
        assert_eq!(status, 403, "{path}");
    }
    let abs = format!("/{}", outside.path().join("secret.txt").display());
    assert!(!dev.request(&abs, &[]).1.contains("SECRET"));

    // WebSockets: only from the served origin.
    let upgrade = |origin: &str| {
        dev.request(
            "/@sheaf/ws",
            &[
                ("Upgrade", "websocket".into()),
                ("Connection", "Upgrade".into()),
                ("Sec-WebSocket-Version", "13".into()),
                ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==".into()),
                ("Origin", origin.into()),
            ],
        )
        .0
    };
    assert_eq!(upgrade("http://evil.example"), 403);
    assert_eq!(upgrade(&format!("http://127.0.0.1:{}", dev.port)), 101);

    // A deleted file and a broken import do not stop the server.
    fs::remove_file(dir.join("src/plain.js")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(dev.request("/@sheaf/ping", &[]).0, 200);
    fs::write(dir.join("src/main.js"), "import './nope.js';\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(dev.request("/", &[]).0, 200);
    assert_eq!(dev.request("/@sheaf/ping", &[]).0, 200);
}

/// A fresh folder for an app inside tests/packages, so react, react-dom and
/// react-refresh resolve from its node_modules.
fn react_app_dir(name: &str) -> std::path::PathBuf {
    let dir = root()
        .join("tests/packages/.dev-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

#[test]
fn react_fast_refresh_keeps_state() {
    let dir = react_app_dir("react-app");
    copy_dir(&root().join("tests/browser/react-app"), &dir);
    let dev = Dev::start(&dir);
    let run = Command::new("node")
        .arg(root().join("tests/packages/browser/dev-react.mjs"))
        .arg(format!("http://127.0.0.1:{}/", dev.port))
        .arg(&dir)
        .current_dir(root().join("tests/packages"))
        .output()
        .unwrap();
    drop(dev);
    let _ = fs::remove_dir_all(&dir);
    assert!(
        run.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A React app without react-refresh gets a one-line hint naming what to install.
#[test]
fn react_without_refresh_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("node_modules/react")).unwrap();
    fs::write(dir.path().join("node_modules/react/package.json"), "{}").unwrap();
    fs::write(
        dir.path().join("index.html"),
        "<script type=\"module\" src=\"/main.js\"></script>",
    )
    .unwrap();
    fs::write(dir.path().join("main.js"), "console.log(1);\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .args(["dev"])
        .arg(dir.path())
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let _address = lines.next().unwrap().unwrap();
    let hint = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(hint.contains("npm i -D react-refresh"), "{hint}");
}

/// Under Fast Refresh a `.jsx` file whose text also has an `@` (a JSDoc tag)
/// is served with its JSX transformed: the test for JSX in the text stands
/// (the walk that looks for decorators once decided JSX too, and said none).
#[test]
fn jsx_beside_an_at_sign_is_transformed_under_fast_refresh() {
    let dir = react_app_dir("jsx-at");
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::write(
        dir.join("index.html"),
        "<div id=\"root\"></div><script type=\"module\" src=\"/src/main.jsx\"></script>",
    )
    .unwrap();
    fs::write(
        dir.join("src/main.jsx"),
        "/** @param {{ name: string }} props */\nexport function Hello({ name }) {\n  return <p>Hello {name}</p>;\n}\n",
    )
    .unwrap();
    let dev = Dev::start(&dir);
    let mut body = String::new();
    for _ in 0..100 {
        body = dev.request("/@sheaf/bundle.js", &[]).1;
        if body.contains("src/main.jsx") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(dev);
    let _ = fs::remove_dir_all(&dir);
    assert!(body.contains("$RefreshReg$"), "no Fast Refresh:\n{body}");
    assert!(body.contains("jsxDEV"), "{body}");
    assert!(!body.contains("<p>Hello"), "JSX left in:\n{body}");
}
