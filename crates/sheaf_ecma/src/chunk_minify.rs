//! `--minify`: a whole output file minified once more by oxc (compressed and
//! its names mangled over all its scopes), after its modules were minified
//! one by one.
//!
//! Example: preact's module keeps its sixty top-level names, so its functions'
//! locals (`b`, `j`, `q`, …) had to keep clear of every one of them; renamed
//! over the whole file, a function that reads no top-level `e` names its first
//! parameter `e`, as every other function does, and names follow how often
//! they are used. Compressing the joined file then finds what no module's
//! minifier could: the statements of neighbouring modules joined into one
//! `var` or sequence, a constant of one module folded into another's code.
//! Gzip against renaming alone: semver −2.5%, rxjs −2.1%, zod −1.1%.
//!
//! Why per file: each module's minifier sees one module, and the linker names
//! the top level before any of them runs; only the joined file has every
//! scope. The file is parsed again, so this costs about 30 ms per MB on one
//! thread: `generate.rs` runs it on files up to [`LIMIT`] (where that is a few
//! milliseconds), in parallel across chunks.
//!
//! What stays: an ES module's exported and imported names (only the local
//! bindings behind them change), a script's top-level names and statements
//! (they are globals: an IIFE's `var Lib`, cjs output's top level), names a
//! direct `eval` can see. No syntax newer than the target is written. A
//! script with `with` is left as it is (a name inside it may be a property
//! of its object).

use oxc::{
    allocator::Allocator,
    minifier::{MangleOptions, Minifier, MinifierOptions},
    parser::Parser,
    span::SourceType,
};
use swc_core::{common::LineCol, ecma::ast::EsVersion};

/// Output files from this size on keep what their modules' minifiers gave
/// them.
pub const LIMIT: usize = 256 * 1024;

/// Whether a minified output file is minified again: one below
/// [`LIMIT`], with code, at ES2015 or later (oxc's printer writes template
/// literals).
pub fn applies(code: &str, lowering: crate::Lowering) -> bool {
    code.len() < LIMIT && lowering.codegen_target() >= EsVersion::Es2015 && !code.trim().is_empty()
}

/// Whether an output file whose modules have `source_len` bytes of source in
/// all is likely to be below [`LIMIT`] once minified: minified code is about
/// half its source or less (three.js: 5.7 MB from 12; the small React app:
/// 415 KiB from 1.1 MB).
pub fn likely(source_len: usize) -> bool {
    source_len < 2 * LIMIT
}

/// A minified output file.
pub struct Minified {
    pub code: String,
    /// With positions: each mapping's output line and column, and the line and
    /// column in the given code it comes from.
    pub tokens: Vec<(LineCol, LineCol)>,
}

/// `code` (a minified output file: an ES module when `module`, else a
/// script) compressed for `target` and its names mangled; `None` when oxc
/// does not parse it or it is a script with a `with` statement.
pub fn minify_chunk(
    code: &str,
    module: bool,
    positions: bool,
    target: EsVersion,
) -> Option<Minified> {
    let source_type = match module {
        true => SourceType::mjs(),
        false => SourceType::script(),
    };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, code, source_type).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return None;
    }
    let mut program = parsed.program;
    if !module && has_with_statement(&program) {
        return None;
    }
    let options = MinifierOptions {
        mangle: Some(MangleOptions {
            top_level: Some(module),
            ..MangleOptions::default()
        }),
        mangle_properties: None,
        compress: crate::oxc_minify::compress_options(target),
    };
    let mut minified = Minifier::new(options).minify(&allocator, &mut program);
    let scoping = minified.scoping.take()?;
    let (code, tokens) = crate::oxc_minify::print(&program, scoping, minified, positions, 0);
    Some(Minified { code, tokens })
}

/// Whether a `with` statement is anywhere in the program.
fn has_with_statement(program: &oxc::ast::ast::Program) -> bool {
    use oxc::ast_visit::Visit;
    struct Finder(bool);
    impl<'a> Visit<'a> for Finder {
        fn visit_with_statement(&mut self, _: &oxc::ast::ast::WithStatement<'a>) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    finder.visit_program(program);
    finder.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mangled(code: &str, module: bool) -> String {
        minify_chunk(code, module, false, EsVersion::EsNext)
            .expect("minifies")
            .code
    }

    #[test]
    fn an_es_modules_top_level_and_locals_share_names() {
        let code = mangled(
            "function add(first,second){return first+second}var total=add(1,2);export{total as sum};",
            true,
        );
        assert!(!code.contains("add") && !code.contains("first"), "{code}");
        assert!(code.contains("as sum"), "{code}");
    }

    #[test]
    fn imported_names_stay_and_their_locals_are_renamed() {
        let code = mangled(
            "import{helper as localHelper}from\"./chunk.js\";console.log(localHelper(1));",
            true,
        );
        assert!(code.contains("helper as"), "{code}");
        assert!(!code.contains("localHelper"), "{code}");
        assert!(code.contains("./chunk.js"), "{code}");
    }

    #[test]
    fn a_scripts_top_level_names_are_globals_and_stay() {
        let code = mangled(
            "var Lib=function(){function inner(value){return value}return{inner:inner}}();",
            false,
        );
        assert!(code.starts_with("var Lib="), "{code}");
        assert!(!code.contains("value"), "{code}");
    }

    #[test]
    fn neighbouring_modules_statements_are_joined() {
        // Two modules' top levels, each already minified on its own.
        let code = mangled(
            "var first=read(\"a\");\nvar second=read(\"b\");\nexport{first,second};",
            true,
        );
        assert_eq!(code.matches("var").count(), 1, "{code}");
    }

    #[test]
    fn one_modules_constant_is_folded_into_anothers_code() {
        // `const half` from one module, read by the next one's code.
        let code = mangled("const half=21;\nconsole.log(half*2);", true);
        assert_eq!(code, "console.log(42);");
    }

    #[test]
    fn a_scripts_unused_top_level_stays() {
        let code = mangled("var unused=1;function helper(){return 2}", false);
        assert!(code.contains("unused=1"), "{code}");
        assert!(code.contains("function helper"), "{code}");
    }

    #[test]
    fn no_syntax_newer_than_the_target_is_written() {
        let code = "export function get(o){return o===null||o===void 0?void 0:o.x}";
        let at = |target| minify_chunk(code, true, false, target).unwrap().code;
        let (latest, es2019) = (at(EsVersion::EsNext), at(EsVersion::Es2019));
        assert!(latest.contains("?."), "{latest}");
        assert!(!es2019.contains("?."), "{es2019}");
    }

    #[test]
    fn names_a_direct_eval_can_see_stay() {
        let code = mangled(
            "function run(source){var visible=1;return eval(source)}export{run};",
            true,
        );
        assert!(code.contains("visible"), "{code}");
    }

    #[test]
    fn a_script_with_a_with_statement_is_left_alone() {
        assert!(minify_chunk("var o={x:1};with(o){x}", false, false, EsVersion::EsNext).is_none());
    }

    #[test]
    fn text_oxc_does_not_parse_gives_nothing() {
        assert!(minify_chunk("var = ;", true, false, EsVersion::EsNext).is_none());
    }

    #[test]
    fn mappings_point_into_the_given_code() {
        let given = "function add(first,second){\nreturn first+second}\nexport{add};";
        let m = minify_chunk(given, true, true, EsVersion::EsNext).unwrap();
        // Every mapping lands inside the given code.
        let lines: Vec<&str> = given.lines().collect();
        assert!(!m.tokens.is_empty());
        for (_, at) in &m.tokens {
            assert!((at.col as usize) <= lines[at.line as usize].len(), "{at:?}");
        }
        // `return` on the output's line 0 maps to the given line 1.
        let column = m.code.find("return").unwrap() as u32;
        let found = m
            .tokens
            .iter()
            .find(|(out, _)| out.line == 0 && out.col == column);
        assert_eq!(
            found.map(|(_, at)| (at.line, at.col)),
            Some((1, 0)),
            "{}",
            m.code
        );
    }
}
