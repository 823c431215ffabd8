//! The `sheaf` binary as a user runs it: help text, exit codes, the playground,
//! and byte-identical output whatever the thread count.

use std::{fs, process::Command};

#[path = "support.rs"]
mod support;
use support::root;

fn sheaf() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sheaf"))
}

#[test]
fn help_documents_every_build_option() {
    let out = sheaf().args(["build", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--outfile",
        "--outdir",
        "--format",
        "--platform",
        "--global-name",
        "--external",
        "--define",
        "--sourcemap",
        "--jsx",
        "--jsx-import-source",
        "--config",
        "--splitting",
        "--entry-names",
        "--chunk-names",
        "--metafile",
        "--analyze",
        "--mode",
        "--base",
    ] {
        assert!(help.contains(flag), "{flag} missing from help:\n{help}");
    }
    let top = sheaf().arg("--help").output().unwrap();
    assert!(String::from_utf8(top.stdout).unwrap().contains("build"));
}

/// Vite's precedence: a variable of the process wins over every `.env` file;
/// variables without a SHEAF_/VITE_ prefix never reach the bundle.
#[test]
fn process_environment_wins_over_env_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".env"), "VITE_WHO=file\nVITE_KEEP=file\n").unwrap();
    fs::write(
        dir.path().join(".env.production.local"),
        "VITE_WHO=local file\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("main.js"),
        "console.log(import.meta.env.VITE_WHO, import.meta.env.VITE_KEEP, import.meta.env.SHEAF_EXTRA, import.meta.env.HOME);\n",
    )
    .unwrap();
    let out = sheaf()
        .current_dir(dir.path())
        .env("VITE_WHO", "process")
        .env("SHEAF_EXTRA", "only in the process")
        .args(["build", "main.js", "--outfile", "out.js"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        run_node(&dir.path().join("out.js")),
        "process file only in the process undefined\n"
    );
}

#[test]
fn unknown_flag_exits_2_and_a_failed_build_exits_1() {
    let out = sheaf().args(["build", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("main.js"),
        "import { x } from './nope.js';\n",
    )
    .unwrap();
    let out = sheaf()
        .current_dir(dir.path())
        .args(["build", "main.js", "--outfile", "out.js"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("main.js:1:19"), "{stderr}");
    assert!(!dir.path().join("out.js").exists());
}

#[test]
fn playground_builds_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = sheaf()
        .current_dir(root())
        .args(["build", "playground/index.html", "--sourcemap", "--outdir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(page.contains("<title>sheaf playground</title>"), "{page}");
    let script = page
        .split("src=\"/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let run = Command::new("node")
        .arg(dir.path().join(script))
        .output()
        .unwrap();
    let html = String::from_utf8(run.stdout).unwrap();
    assert!(html.contains("sheaf playground</h1>"), "{html}");
    assert!(html.contains("2 of 3 left (production)"), "{html}");
    assert!(dir.path().join(format!("{script}.map")).exists());
    let css = fs::read_to_string(dir.path().join(script.replace(".js", ".css"))).unwrap();
    assert!(
        css.contains(".title_") && css.contains("font-family"),
        "{css}"
    );
    assert!(dir.path().join("favicon.svg").exists());
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "4"] {
        let out_dir = dir.path().join(threads);
        let status = sheaf()
            .current_dir(root())
            .args([
                "build",
                "a=fixtures/esm/name-collision-top-level/main.js",
                "b=playground/src/main.tsx",
                "--sourcemap",
                "--threads",
                threads,
                "--outdir",
            ])
            .arg(&out_dir)
            .status()
            .unwrap();
        assert!(status.success());
        let mut files: Vec<_> = fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        outputs.push(
            files
                .iter()
                .map(|f| fs::read(f).unwrap())
                .collect::<Vec<_>>(),
        );
    }
    // a.js, b.js, b.css (the playground imports CSS) and their maps.
    assert_eq!(outputs[0].len(), 6);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

/// The binary's one-shot build leaves the trees it renders and its module
/// graph to the OS instead of freeing them (`BuildOptions::exits_after`);
/// what it writes is what an in-process build, which frees them, writes.
#[test]
fn a_one_shot_build_writes_what_an_in_process_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        "a=fixtures/esm/name-collision-top-level/main.js",
        "b=playground/src/main.tsx",
    ];
    for flags in [&["--sourcemap"][..], &["--minify", "--splitting"][..]] {
        let (binary, in_process) = (dir.path().join("binary"), dir.path().join("in-process"));
        let mut args: Vec<String> = ["build"]
            .iter()
            .chain(&inputs)
            .chain(flags)
            .map(|a| a.to_string())
            .collect();
        let status = sheaf()
            .current_dir(root())
            .args(&args)
            .arg("--outdir")
            .arg(&binary)
            .status()
            .unwrap();
        assert!(status.success());
        args.extend(["--outdir".to_string(), in_process.display().to_string()]);
        support::build(&args, &root()).unwrap_or_else(|e| panic!("{e}"));
        let read = |out: &std::path::Path| {
            let mut files: Vec<_> = (fs::read_dir(out).unwrap())
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file())
                .map(|p| (p.file_name().unwrap().to_owned(), fs::read(&p).unwrap()))
                .collect();
            files.sort();
            files
        };
        let written = read(&binary);
        assert!(written.len() >= 3, "{flags:?}: {} files", written.len());
        assert!(
            written == read(&in_process),
            "{flags:?}: the outputs differ"
        );
        fs::remove_dir_all(&binary).unwrap();
        fs::remove_dir_all(&in_process).unwrap();
    }
}

/// `sheaf transform` has no linker to rename top-level names: the file's own
/// `_jsx` and the `_jsx` the automatic runtime's import brings are told apart
/// by hygiene (which runs because the file has `_`-names; see
/// `sheaf_ecma::load::may_need_hygiene`), so the output parses and runs.
#[test]
fn transform_keeps_a_files_own_runtime_like_names_apart() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("node_modules/mini-jsx");
    fs::create_dir_all(&runtime).unwrap();
    fs::write(
        runtime.join("package.json"),
        r#"{"name":"mini-jsx","type":"module","exports":{"./jsx-runtime":"./jsx-runtime.js"}}"#,
    )
    .unwrap();
    fs::write(
        runtime.join("jsx-runtime.js"),
        "export const jsx = (t, p) => `<${t}>${p.children}`;\nexport const jsxs = jsx;\nexport const Fragment = 'f';\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("main.tsx"),
        "const _jsx = (s: string) => `own ${s}`;\nconsole.log(<b>{_jsx('x')}</b>);\n",
    )
    .unwrap();
    fs::write(dir.path().join("package.json"), r#"{"type":"module"}"#).unwrap();
    let args = [
        "transform",
        "main.tsx",
        "--outdir",
        "out",
        "--jsx-import-source",
        "mini-jsx",
    ];
    support::sheaf_in(dir.path(), &args.map(std::ffi::OsStr::new));
    let run = Command::new("node")
        .arg(dir.path().join("out/main.js"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "<b>own x",
        "{}\n{}",
        String::from_utf8_lossy(&run.stderr),
        fs::read_to_string(dir.path().join("out/main.js")).unwrap_or_default()
    );
}

#[test]
fn transform_keeps_folders_lowers_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    fs::create_dir_all(src.join("ui")).unwrap();
    fs::write(
        src.join("a.ts"),
        "export class A { #x: number = 1; get x(): number { return this.#x; } }\nexport const f = async (): Promise<number> => 2;\n",
    )
    .unwrap();
    fs::write(
        src.join("ui/view.tsx"),
        "/** @jsx h */\nexport const h = (t: string, p: unknown, ...c: unknown[]) => [t, ...c].join(':');\nexport const View = () => <b>{'hi'}</b>;\n",
    )
    .unwrap();
    fs::write(
        src.join("main.ts"),
        "import { A, f } from './a.js';\nimport { View } from './ui/view.js';\nf().then((v) => console.log(new A().x, v, View()));\n",
    )
    .unwrap();
    fs::write(src.join("types.d.ts"), "export type T = number;\n").unwrap();
    let out = sheaf()
        .current_dir(dir.path())
        .args([
            "transform",
            "src",
            "--outdir",
            "out",
            "--target",
            "es5",
            "--sourcemap",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["out/a.js", "out/a.js.map", "out/main.js", "out/ui/view.js"] {
        assert!(dir.path().join(f).exists(), "{f} missing");
    }
    assert!(
        !dir.path().join("out/types.js").exists(),
        ".d.ts files are not transformed"
    );
    let a = fs::read_to_string(dir.path().join("out/a.js")).unwrap();
    assert!(
        !a.contains("class A {") && !a.contains("async (") && !a.contains("=>"),
        "{a}"
    );
    fs::write(dir.path().join("out/package.json"), "{\"type\":\"module\"}").unwrap();
    let run = Command::new("node")
        .arg(dir.path().join("out/main.js"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "1 2 b:hi",
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // One file without --outdir goes to standard output.
    let one = sheaf()
        .current_dir(dir.path())
        .args(["transform", "src/a.ts"])
        .output()
        .unwrap();
    assert!(one.status.success());
    assert!(String::from_utf8(one.stdout)
        .unwrap()
        .contains("export class A"));
}

/// Every output of a code-splitting build with hashed names: path → contents.
fn split_build(dir: &std::path::Path, threads: &str) -> std::collections::BTreeMap<String, String> {
    let out = dir.join("out");
    let _ = fs::remove_dir_all(&out);
    let status = sheaf()
        .current_dir(dir)
        .args([
            "build",
            "a.js",
            "b.js",
            "--splitting",
            "--outdir",
            "out",
            "--entry-names",
            "[name]-[hash]",
            "--threads",
            threads,
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Which output a name belongs to: `lazy-5kq2m0ab.js` → `lazy`.
fn stem(name: &str) -> &str {
    name.rsplit_once('-').map_or(name, |(s, _)| s)
}

#[test]
fn content_hashes_are_stable_and_move_only_where_content_changed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("a.js"),
        "import { s } from './shared.js';\nimport('./lazy.js').then((m) => console.log(m.v, s));\n",
    )
    .unwrap();
    fs::write(
        p.join("b.js"),
        "import { s } from './shared.js';\nconsole.log('b', s);\n",
    )
    .unwrap();
    fs::write(p.join("shared.js"), "export const s = 'shared';\n").unwrap();
    fs::write(p.join("lazy.js"), "export const v = 1;\n").unwrap();
    fs::write(p.join("other.js"), "export const unrelated = 1;\n").unwrap();

    let first = split_build(p, "1");
    assert_eq!(first.len(), 4, "{:?}", first.keys());
    assert_eq!(first, split_build(p, "1"), "same input, same output");
    assert_eq!(first, split_build(p, "4"), "thread count does not matter");

    // A file no output uses: nothing moves.
    fs::write(p.join("other.js"), "export const unrelated = 2;\n").unwrap();
    assert_eq!(first, split_build(p, "2"));

    // The lazy chunk changes: it and the entry that loads it get new names; the
    // other entry and the shared chunk keep theirs.
    fs::write(p.join("lazy.js"), "export const v = 2;\n").unwrap();
    let second = split_build(p, "2");
    let names = |m: &std::collections::BTreeMap<String, String>, s: &str| {
        m.keys().find(|k| stem(k) == s).cloned().unwrap()
    };
    assert_ne!(names(&first, "lazy"), names(&second, "lazy"));
    assert_ne!(names(&first, "a"), names(&second, "a"), "a loads lazy");
    assert_eq!(names(&first, "b"), names(&second, "b"));
    assert_eq!(names(&first, "chunk"), names(&second, "chunk"));
    // Names in the code follow: a's import() names the new lazy chunk.
    assert!(second[&names(&second, "a")].contains(&names(&second, "lazy")));
}

#[test]
fn analyze_prints_each_output_with_its_biggest_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("main.js"),
        "import { big } from './big.js';\nimport('./lazy.js');\nconsole.log(big);\n",
    )
    .unwrap();
    fs::write(
        p.join("big.js"),
        format!("export const big = '{}';\n", "x".repeat(5000)),
    )
    .unwrap();
    fs::write(p.join("lazy.js"), "export const lazy = 1;\n").unwrap();
    let out = sheaf()
        .current_dir(p)
        .args([
            "build",
            "main.js",
            "--splitting",
            "--outdir",
            "out",
            "--analyze",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let table: Vec<&str> = stdout.lines().filter(|l| l.contains('%')).collect();
    // out/main.js at 100%, then big.js (most of it) before main.js.
    assert!(
        table[0].starts_with("  out/main.js") && table[0].ends_with("100.0%"),
        "{stdout}"
    );
    assert!(table[1].contains("├ big.js"), "{stdout}");
    assert!(table[2].contains("└ main.js"), "{stdout}");
    assert!(
        stdout.contains("out/lazy-") && stdout.contains("└ lazy.js"),
        "{stdout}"
    );
}

/// A running `sheaf build --watch`, with its output lines arriving on a channel.
struct Watching {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Watching {
    fn start(dir: &std::path::Path, args: &[&str]) -> Watching {
        use std::io::BufRead;
        let mut child = sheaf()
            .current_dir(dir)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Watching { child, lines }
    }

    /// The next line that starts with `prefix` (within 20 s); earlier lines are returned too.
    fn wait_for(&self, prefix: &str) -> (String, Vec<String>) {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return (line, seen),
                Ok(line) => seen.push(line),
                Err(_) => panic!("no line starting with {prefix:?}; saw {seen:#?}"),
            }
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_node(file: &std::path::Path) -> String {
    let out = Command::new("node").arg(file).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn watch_rebuilds_only_what_changed_and_keeps_watching_after_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("main.js"),
        "import { msg } from './msg.js';\nimport { n } from './num.js';\nconsole.log(msg, n);\n",
    )
    .unwrap();
    fs::write(p.join("msg.js"), "export const msg = 'one';\n").unwrap();
    fs::write(p.join("num.js"), "export const n = 1;\n").unwrap();
    let out = p.join("out/main.js");
    let w = Watching::start(
        p,
        &["build", "main.js", "--outfile", "out/main.js", "--watch"],
    );
    let (line, _) = w.wait_for("built in");
    assert!(line.ends_with("(3 modules, 3 read)"), "{line}");
    assert_eq!(run_node(&out), "one 1\n");

    // One file changes: only it is read and parsed again.
    fs::write(p.join("msg.js"), "export const msg = 'two';\n").unwrap();
    let (line, _) = w.wait_for("built in");
    assert!(line.ends_with("(3 modules, 1 read)"), "{line}");
    assert_eq!(run_node(&out), "two 1\n");

    // A new file and a changed import are followed.
    fs::write(p.join("extra.js"), "export const extra = 'new file';\n").unwrap();
    fs::write(p.join("main.js"), "import { msg } from './msg.js';\nimport { n } from './num.js';\nimport { extra } from './extra.js';\nconsole.log(msg, n, extra);\n").unwrap();
    let (line, _) = w.wait_for("built in");
    assert!(line.starts_with("built in"), "{line}");
    assert_eq!(run_node(&out), "two 1 new file\n");

    // A syntax error is reported, the last output stays, and watching goes on.
    fs::write(p.join("num.js"), "export const n = ;\n").unwrap();
    let (_, before) = w.wait_for("build failed with 1 error");
    assert!(
        before.iter().any(|l| l.contains("num.js:1:18")),
        "{before:#?}"
    );
    assert_eq!(run_node(&out), "two 1 new file\n");
    fs::write(p.join("num.js"), "export const n = 2;\n").unwrap();
    let (line, _) = w.wait_for("built in");
    assert!(line.ends_with("(4 modules, 1 read)"), "{line}");
    assert_eq!(run_node(&out), "two 2 new file\n");

    // A deleted file that is still imported is an error, not a crash.
    fs::remove_file(p.join("extra.js")).unwrap();
    let (_, before) = w.wait_for("build failed with 1 error");
    assert!(before.iter().any(|l| l.contains("extra.js")), "{before:#?}");
    fs::write(
        p.join("main.js"),
        "import { msg } from './msg.js';\nconsole.log(msg);\n",
    )
    .unwrap();
    let (line, _) = w.wait_for("built in");
    assert!(line.ends_with("(2 modules, 1 read)"), "{line}");
    assert_eq!(run_node(&out), "two\n");
}

/// On a terminal (a pseudo-terminal from util-linux `script`), a build that
/// takes a while (here: from the start, `SHEAF_PROGRESS_AFTER_MS=0`) draws a progress line on stderr (stage, modules, seconds) and
/// erases it; piped, or with `--log-level` below `info`, there is none, and
/// `--log-level=error` prints nothing for a build that succeeds.
#[test]
fn progress_line_only_on_a_terminal() {
    let case = root().join("tests/packages/cases/three");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("three.js");
    let command = format!(
        "{} build main.mjs --outfile {}",
        env!("CARGO_BIN_EXE_sheaf"),
        out.display()
    );
    let tty = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("SHEAF_PROGRESS_AFTER_MS", "0")
        .current_dir(&case)
        .output()
        .expect("util-linux `script` runs the build on a pseudo-terminal");
    let text = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{text}");
    assert!(
        text.contains(" modules · ") && text.contains("\r\x1b[K"),
        "no progress line on a terminal:\n{text:?}"
    );
    assert!(text.contains("done in"), "{text}");

    let piped = sheaf()
        .env("SHEAF_PROGRESS_AFTER_MS", "0")
        .args(["build", "main.mjs", "--outfile"])
        .arg(&out)
        .current_dir(&case)
        .output()
        .unwrap();
    assert!(piped.status.success());
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!stderr.contains(" modules · "), "{stderr}");

    let quiet = sheaf()
        .args(["build", "main.mjs", "--log-level=error", "--outfile"])
        .arg(&out)
        .current_dir(&case)
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

/// An output file too large to be minified again as a whole (over 512 KiB of
/// source in all) has every module minified by oxc, small ones too
/// (`oxc_minify::applies`), and a module's reads of its own constant array
/// are folded first (`array_reads.rs`): the table and the component only it
/// named are gone, as SWC's compressor drops them; the output runs and maps
/// back.
#[test]
fn a_large_files_small_modules_are_minified_by_oxc_with_their_tables_folded() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let padding = format!("/*{}*/", "padding ".repeat(250));
    let mut main = String::new();
    let mut sum = String::from("0");
    for i in 0..300 {
        fs::write(
            p.join(format!("m{i}.js")),
            format!(
                "const table = ['unused/m{i}.js', {i}, View];\n{padding}\n\
                 function View() {{ return 'view number {i}'; }}\n\
                 export function value{i}(extra) {{ return table[1] + table.length + extra; }}\n"
            ),
        )
        .unwrap();
        main += &format!("import {{ value{i} }} from './m{i}.js';\n");
        sum += &format!(" + value{i}(1)");
    }
    main += &format!("console.log('sum', {sum});\n");
    fs::write(p.join("main.js"), main).unwrap();
    let out = p.join("out/main.js");
    let args = ["main.js", "--minify", "--sourcemap"];
    support::build_to(p, &args, &out, false).unwrap();
    // Each module: i + 3 + 1.
    assert_eq!(
        support::node(&out, p).unwrap(),
        format!("sum {}\n", 300 * 4 + 299 * 300 / 2)
    );
    let code = fs::read_to_string(&out).unwrap();
    assert!(
        code.contains("`sum`"),
        "oxc's printer writes backticks: {code}"
    );
    assert!(
        !code.contains("unused/m") && !code.contains("view number"),
        "{code}"
    );
    let (source, line, col) = original_of(&out, &code, "`sum`");
    assert!(
        source.ends_with("main.js") && (line, col) == (300, 12),
        "{source}:{line}:{col}"
    );
}

/// Where the source map beside `out` leads the first `needle` in `code` (its
/// text): the source and its 0-based line and (UTF-16) column.
fn original_of(out: &std::path::Path, code: &str, needle: &str) -> (String, u32, u32) {
    let map_file = out.with_extension("js.map");
    let map = swc_sourcemap::SourceMap::from_slice(&fs::read(map_file).unwrap()).unwrap();
    let at = code.find(needle).unwrap();
    let line = code[..at].matches('\n').count() as u32;
    let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
    // Source maps count UTF-16 units.
    let col = code[line_start..at].encode_utf16().count() as u32;
    let token = map.lookup_token(line, col).unwrap();
    let source = map.get_source(token.get_src_id()).unwrap().to_string();
    (source, token.get_src_line(), token.get_src_col())
}

/// The mappings oxc's printer gives a large module are kept as lines and
/// UTF-16 columns, as it found them, where its lines are the map's; in a file
/// with U+2028 (a line end for oxc, not for the map) they are turned back
/// into positions by oxc's lines. Either way a name after wide characters
/// maps back to its place: ES modules and CommonJS, beside a small module
/// printed by SWC, in an output file too large to be minified again as a
/// whole (its map joined from the modules' mappings) and in one minified
/// again (its mappings looked up in the modules').
#[test]
fn large_modules_with_wide_characters_and_u2028_map_back() {
    for keep_all in [true, false] {
        wide_characters_map_back(keep_all);
    }
}

fn wide_characters_map_back(keep_all: bool) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // The 0-based line and UTF-16 column of `needle` in `text`, by SWC's
    // line ends (`str::lines` does not end one at U+2028).
    let place = |text: &str, needle: &str| {
        let line = text.lines().position(|l| l.contains(needle)).unwrap();
        let line_text = text.lines().nth(line).unwrap();
        let col = line_text[..line_text.find(needle).unwrap()]
            .encode_utf16()
            .count();
        (line as u32, col as u32)
    };
    let mut expected = Vec::new();
    let files = [
        ("plain", "é", ["max", "min"]),
        ("ls", "\u{2028}", ["hypot", "atan2"]),
    ];
    for (name, wide, [es_call, cjs_call]) in files {
        let mut es = String::new();
        let mut cjs = String::new();
        for i in 0..2400 {
            es += &format!("export function {name}{i}(v) {{ return 'é😀{wide}' + v * {i}; }}\n");
            cjs +=
                &format!("exports.{name}{i} = function (v) {{ return '€{wide}' + v + {i}; }};\n");
        }
        es += &format!(
            "export function {name}Last(a, b) {{\n  return '😀é' + Math.{es_call}(a, b);\n}}\n"
        );
        cjs += &format!("exports.{name}Last = (a, b) => '😀é' + Math.{cjs_call}(a, b);\n");
        fs::write(p.join(format!("{name}.js")), &es).unwrap();
        fs::write(p.join(format!("{name}.cjs")), &cjs).unwrap();
        for (file, text, call) in [(".js", &es, es_call), (".cjs", &cjs, cjs_call)] {
            let needle = format!("Math.{call}(");
            expected.push((format!("{name}{file}"), place(text, &needle), needle));
        }
    }
    // Every export kept (namespaces read whole), or only the last ones.
    let (imports, counts) = match keep_all {
        true => (
            "import * as plainNs from './plain.js';\nimport * as lsNs from './ls.js';\n",
            "Object.keys(plainNs).length + Object.keys(lsNs).length + \
             Object.keys(plain).length + Object.keys(ls).length",
        ),
        false => (
            "import { plainLast } from './plain.js';\nimport { lsLast } from './ls.js';\n\
             const plainNs = { plainLast }, lsNs = { lsLast };\n",
            "4",
        ),
    };
    fs::write(
        p.join("main.js"),
        format!(
            "{imports}import plain from './plain.cjs';\nimport ls from './ls.cjs';\n\
             const small = 'ü😀';\n\
             console.log(small, plainNs.plainLast(1, 2), lsNs.lsLast(3, 4), \
             plain.plainLast(5, 6), ls.lsLast(3, 0), {counts});\n"
        ),
    )
    .unwrap();
    let out = p.join("out/main.js");
    support::build_to(p, &["main.js", "--minify", "--sourcemap"], &out, false).unwrap();
    let printed = support::node(&out, p).unwrap();
    let count = if keep_all { 4 * 2401 } else { 4 };
    assert_eq!(
        printed,
        format!("ü😀 😀é2 😀é5 😀é5 😀é1.5707963267948966 {count}\n")
    );
    let code = fs::read_to_string(&out).unwrap();
    // Output files below 256 KiB are minified again whole (`chunk_minify.rs`).
    assert_eq!(code.len() >= 256 * 1024, keep_all, "{}", code.len());
    for (file, at, needle) in expected {
        let (source, line, col) = original_of(&out, &code, &needle);
        assert!(source.ends_with(&file), "{needle}: {source}");
        assert_eq!((line, col), at, "{needle} in {file}");
    }
}

/// Modules from 64 KiB of source up are minified by oxc (`oxc_minify.rs`): an
/// ES module and a CommonJS module that size print what they print unminified,
/// their locals are mangled, what other modules read keeps its name, and the
/// source map leads from the minified code back to the original line.
#[test]
fn large_modules_minified_by_oxc_run_and_map_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut es = String::from(
        "const table = [3, 1, 2];\nexport function pick(index) { return table[index]; }\n\
         export function label(n) { return 'item ' + n; }\n\
         export function orDefault(v, d) { return v !== null && v !== undefined ? v : d; }\n",
    );
    let mut cjs = String::new();
    for i in 0..1200 {
        es += &format!(
            "export function step{i}(longParameterName) {{ return longParameterName * {i} + 1; }}\n"
        );
        cjs += &format!(
            "exports.twice{i} = function (anotherLongName) {{ return anotherLongName * 2 + {i}; }};\n"
        );
    }
    let widest_line = es.lines().count();
    es += "export function widest(firstValue, secondValue) {\n  return Math.max(firstValue, secondValue);\n}\n";
    assert!(es.len() > 64 * 1024 && cjs.len() > 64 * 1024);
    fs::write(p.join("big.js"), &es).unwrap();
    fs::write(p.join("big.cjs"), &cjs).unwrap();
    fs::write(
        p.join("main.js"),
        "import { pick, label, step7, widest } from './big.js';\nimport big from './big.cjs';\n\
         console.log(pick(1), label(2), step7(2), widest(4, 9), big.twice5(10));\n",
    )
    .unwrap();
    let out = p.join("out/main.js");
    let args = ["main.js", "--minify", "--sourcemap"];
    support::build_to(p, &args, &out, false).unwrap();
    assert_eq!(support::node(&out, p).unwrap(), "1 item 2 15 9 25\n");
    let code = fs::read_to_string(&out).unwrap();
    // oxc's printer: strings in backticks, which SWC's never writes.
    assert!(code.contains("`item `"), "{code}");
    assert!(!code.contains("longParameterName") && !code.contains("anotherLongName"));
    let (source, line, col) = original_of(&out, &code, "Math.max(");
    assert!(source.ends_with("big.js"), "{source}");
    assert_eq!((line, col), (widest_line as u32 + 1, 9));

    // The compressor writes no syntax newer than the target: `v ?? d` for the
    // latest, not for ES2017.
    fs::write(
        p.join("main.js"),
        "import { orDefault } from './big.js';\nconsole.log(orDefault(null, 'd'));\n",
    )
    .unwrap();
    support::build_to(p, &["main.js", "--minify"], &out, false).unwrap();
    assert!(fs::read_to_string(&out).unwrap().contains("??"));
    let args = ["main.js", "--minify", "--target", "es2017"];
    support::build_to(p, &args, &out, false).unwrap();
    support::parse_outputs(std::slice::from_ref(&out), "2017", true).unwrap();
    assert_eq!(support::node(&out, p).unwrap(), "d\n");
}
