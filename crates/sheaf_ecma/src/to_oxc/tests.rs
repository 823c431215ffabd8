//! The converted tree against the reference: oxc's parse of SWC's print.
//! Both are printed by oxc's printer; the texts must be the same.

use oxc::{
    allocator::Allocator,
    codegen::{Codegen, CodegenOptions, CommentOptions},
    minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions},
    parser::Parser,
    span::SourceType,
};
use swc_core::{
    common::{comments::SingleThreadedComments, sync::Lrc, BytePos, FileName, SourceMap, GLOBALS},
    ecma::{
        ast as swc,
        codegen::{text_writer::JsWriter, Emitter},
        parser::{parse_file_as_module, Syntax},
    },
};

use super::ToOxc;

fn no_comments() -> CodegenOptions {
    CodegenOptions {
        comments: CommentOptions::disabled(),
        ..CodegenOptions::default()
    }
}

/// SWC's module of `code` (its module syntax left out: the converter is
/// for rendered modules, which have none), its comments, and its print.
fn swc_module(cm: &Lrc<SourceMap>, code: &str) -> (swc::Module, SingleThreadedComments, String) {
    let file = cm.new_source_file(FileName::Anon.into(), code.to_string());
    assert_eq!(
        file.start_pos,
        swc_core::common::BytePos(1),
        "one file per source map"
    );
    let parse = |comments: &SingleThreadedComments| {
        let mut module = parse_file_as_module(
            &file,
            Syntax::default(),
            swc::EsVersion::EsNext,
            Some(comments),
            &mut vec![],
        )
        .unwrap_or_else(|e| panic!("{e:?} in {code}"));
        module.body.retain(|i| i.is_stmt());
        module
    };
    let comments = SingleThreadedComments::default();
    let module = parse(&comments);
    // The print's own copy (printing takes comments out): annotations as
    // SWC reads them (`has_flag`: block comments), which oxc's parser reads
    // off the text.
    let printed_comments = SingleThreadedComments::default();
    let printed_module = parse(&printed_comments);
    {
        let (mut leading, mut trailing) = printed_comments.borrow_all_mut();
        let annotation = |c: &swc_core::common::comments::Comment| {
            c.kind == swc_core::common::comments::CommentKind::Block
                && (c.text.contains("__PURE__") || c.text.contains("__NO_SIDE_EFFECTS__"))
        };
        leading
            .values_mut()
            .for_each(|list| list.retain(annotation));
        trailing.clear();
    }
    let mut out = Vec::new();
    let mut emitter = Emitter {
        cfg: Default::default(),
        cm: cm.clone(),
        comments: Some(&printed_comments),
        wr: JsWriter::new(cm.clone(), "\n", &mut out, None),
    };
    emitter.emit_module(&printed_module).unwrap();
    (module, comments, String::from_utf8(out).unwrap())
}

/// (converted, reference), both printed by oxc, then minified by oxc (as
/// `oxc_minify.rs` does) and printed again.
fn both(code: &str) -> (String, String) {
    try_both(code).unwrap_or_else(|| panic!("not converted: {code}"))
}

/// As [`both`]; `None` if the converter gave none.
fn try_both(code: &str) -> Option<(String, String)> {
    GLOBALS.set(&Default::default(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let (module, comments, printed) = swc_module(&cm, code);
        let allocator = Allocator::default();
        let end = BytePos(1 + code.len() as u32);
        let to = ToOxc::new(&allocator, BytePos(1), end, &comments);
        let converted = to.module(&module)?;
        let text = allocator.alloc_str(code);
        let legal = to.legal_comments(text);
        let mut program = to.program(SourceType::mjs(), text, &legal, converted);
        let ours = print_then_minify(&allocator, &mut program);
        let reference_alloc = Allocator::default();
        let parsed = Parser::new(&reference_alloc, &printed, SourceType::mjs()).parse();
        assert!(
            parsed.diagnostics.is_empty(),
            "{:?} in {printed}",
            parsed.diagnostics
        );
        let mut program = parsed.program;
        let reference = print_then_minify(&reference_alloc, &mut program);
        Some((ours, reference))
    })
}

fn print_then_minify<'a>(
    allocator: &'a Allocator,
    program: &mut oxc::ast::ast::Program<'a>,
) -> String {
    let plain = Codegen::new()
        .with_options(no_comments())
        .build(program)
        .code;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        mangle_properties: None,
        compress: Some(CompressOptions::smallest()),
    };
    let minified = Minifier::new(options).minify(allocator, program);
    let printed = Codegen::new()
        .with_options(CodegenOptions {
            comments: CommentOptions::disabled(),
            ..CodegenOptions::minify()
        })
        .with_scoping(minified.scoping)
        .build(program)
        .code;
    format!("{plain}\n--- minified:\n{printed}")
}

fn same(code: &str) {
    let (ours, reference) = both(code);
    assert_eq!(ours, reference, "converted vs parsed, for {code}");
}

#[test]
fn statements() {
    same("'use strict'; var a = 1, b; let c; const d = 2; if (a) b = 1; else { c = 2 } ;");
    same("for (var i = 0; i < 3; i++) continue; for (;;) break; for (const k in o) f(k); for (let [x, y] of o) f(x);");
    same("for (a in o); for (a.b of o); for ([a, b] of o); for await (const x of y);");
    same(
        "l: while (a) { break l } do a--; while (a > 0); switch (a) { case 1: f(); default: g() }",
    );
    same("try { f() } catch { g() } try { f() } catch ({ e }) { g(e) } finally { h() } throw new Error('x');");
    same("with (o) { f() } debugger; function f(a, b = 1, ...c) { 'use strict'; return a }");
    same("async function* g() { yield 1; yield* o; await x } ");
}

#[test]
fn expressions() {
    same("a = b + c * d - e / f % g ** h; a += 1; a ||= b; a ??= c; a &&= d; x = (a ?? b) || (c && d);");
    same("x = !a, ~b, -c, +d, typeof e, void 0, delete o.p; x = a++ + --b; x = a in b, a instanceof b;");
    same("x = a ? b : c; x = (a, b); x = [1, , ...c]; x = {a, b: 1, [c]: 2, 'd': 3, 4: 5, ...e, get f() { return 1 }, set g(v) {}, h() {}, async *i() {}};");
    same("x = a?.b.c; x = a?.[b]?.(c).d; x = (a?.b).c; x = a?.b(); x = a.b?.c.d(e)?.f;");
    same("x = new A; x = new A(1, ...b); x = super_ => 1; x = async (a, { b }, [c] = []) => { return a }; x = () => ({});");
    same("x = `a${b}c${d}`; x = tag`x${y}\\u{}`; x = /ab+c/gi; x = 10n; x = 1e21; x = 0.5; x = 'q\"\\n';");
    same("x = (function () {})(); x = (() => 1)(); x = import('a'); x = import.meta.url;");
    same("[a, [b], ...c] = d; ({ a, b: { c }, d = 1, ...e } = f); [a = 1, b.c] = g;");
    same("x = function f() { return new.target }; x = class extends B {}; x = class C {};");
    same("x = 0 - -1; x = a + +b; x = -(-a); x = (a, b) => (c, d); x = (a = b) => a;");
}

#[test]
fn an_if_that_would_take_an_else_is_put_in_a_block() {
    // As SWC's fixer puts it for printing: oxc's compressor, in one pass,
    // drops the `else` after `continue` only in a list of statements.
    let consequent_is_block = |code: &str| {
        with_program(code, |p| match &p.body[0] {
            oxc::ast::ast::Statement::IfStatement(i) => {
                matches!(i.consequent, oxc::ast::ast::Statement::BlockStatement(_))
            }
            _ => panic!("not an if: {code}"),
        })
    };
    assert!(consequent_is_block(
        "if (a) if (b) { x(); continue } else if (c) { y() }"
    ));
    assert!(consequent_is_block(
        "if (a) l: while (b) if (c) f(); else if (d) g();"
    ));
    assert!(consequent_is_block("if (a) for (;;) if (b) f();"));
    assert!(!consequent_is_block("if (a) if (b) f(); else g();"));
    assert!(!consequent_is_block("if (a) while (b) f();"));
}

#[test]
fn classes() {
    same("class A extends B { constructor(a, b = 1) { super(a); this.b = b } static s = 1; #p = 2; #m() { return #p in this } get g() { return 1 } set g(v) {} static { f() } static async *gen() {} ['c' + d]() {} 'e' = 3; 1 = 4; }");
}

/// `code` converted, as a program over its text, handed to `f`.
fn with_program<T>(code: &str, f: impl FnOnce(&oxc::ast::ast::Program) -> T) -> T {
    GLOBALS.set(&Default::default(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let (module, comments, _) = swc_module(&cm, code);
        let allocator = Allocator::default();
        let end = BytePos(1 + code.len() as u32);
        let to = ToOxc::new(&allocator, BytePos(1), end, &comments);
        let converted = to.module(&module).unwrap();
        let text = allocator.alloc_str(code);
        let legal = to.legal_comments(text);
        f(&to.program(SourceType::mjs(), text, &legal, converted))
    })
}

#[test]
fn annotations_become_pure_calls() {
    let code = "var a = /*#__PURE__*/ f(), b = /* @__PURE__ */ new G(), c = h();";
    let options = CodegenOptions {
        comments: CommentOptions {
            annotation: true,
            ..CommentOptions::disabled()
        },
        ..CodegenOptions::default()
    };
    let printed = with_program(code, |p| Codegen::new().with_options(options).build(p).code);
    assert!(printed.contains("/* @__PURE__ */ f()"), "{printed}");
    assert!(printed.contains("/* @__PURE__ */ new G()"), "{printed}");
    assert!(!printed.contains("/* @__PURE__ */ h()"), "{printed}");
}

#[test]
fn legal_comments_are_printed_from_the_original_text() {
    let code = "/*! keep me */\nvar a = 1;\n// plain\n/** @license MIT */\nfunction f() {}";
    let printed = with_program(code, |p| Codegen::new().build(p).code);
    // On the line of what they lead, as in SWC's print without whitespace.
    assert!(
        printed.starts_with("/*! keep me */ var a = 1;"),
        "{printed}"
    );
    assert!(
        printed.contains("/** @license MIT */ function f()"),
        "{printed}"
    );
    assert!(!printed.contains("plain"), "{printed}");
}

#[test]
fn what_oxc_would_not_parse_here_is_not_converted() {
    GLOBALS.set(&Default::default(), || {
        let cm: Lrc<SourceMap> = Default::default();
        for code in ["x = '\\ud800';", "#!/usr/bin/env node\nf()"] {
            let file = cm.new_source_file(FileName::Anon.into(), code.to_string());
            let module = parse_file_as_module(
                &file,
                Syntax::default(),
                swc::EsVersion::EsNext,
                None,
                &mut vec![],
            )
            .unwrap();
            let comments = SingleThreadedComments::default();
            let allocator = Allocator::default();
            let to = ToOxc::new(
                &allocator,
                BytePos(1),
                BytePos(1 + code.len() as u32),
                &comments,
            );
            assert!(to.module(&module).is_none(), "{code}");
        }
    })
}

/// Every fixture's scripts and modules (their module syntax left out), as
/// a corpus of what real code holds.
#[test]
fn the_fixtures_convert_as_they_parse() {
    // Deep expressions in real packages: as deep a stack as the workers'.
    std::thread::Builder::new()
        .stack_size(sheaf_common::DEEP_STACK)
        .spawn(compare_fixtures)
        .unwrap()
        .join()
        .unwrap();
}

fn compare_fixtures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    collect_js(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 100,
        "{} files under {}",
        files.len(),
        root.display()
    );
    let (mut compared, mut unconverted) = (0, Vec::new());
    for path in files {
        let Ok(code) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(result) = std::panic::catch_unwind(|| both_if_parsed(&code))
            .ok()
            .flatten()
        else {
            continue;
        };
        let Some((ours, reference)) = result else {
            unconverted.push(path);
            continue;
        };
        assert_eq!(ours, reference, "{}", path.display());
        compared += 1;
    }
    assert!(compared > 100, "{compared} compared");
    eprintln!("{compared} compared; not converted: {unconverted:?}");
}

/// `None` if SWC does not parse `code`, or oxc not SWC's print of it.
fn both_if_parsed(code: &str) -> Option<Option<(String, String)>> {
    GLOBALS.set(&Default::default(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let file = cm.new_source_file(FileName::Anon.into(), code.to_string());
        parse_file_as_module(
            &file,
            Syntax::default(),
            swc::EsVersion::EsNext,
            None,
            &mut vec![],
        )
        .ok()?;
        Some(())
    })?;
    std::panic::catch_unwind(|| try_both(code)).ok()
}

fn collect_js(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_js(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "js" || e == "mjs" || e == "cjs")
        {
            out.push(path);
        }
    }
}
