//! `--minify` of large modules through oxc: a module's tree after linking,
//! converted from SWC's to oxc's (`to_oxc/`), is compressed, mangled and
//! printed by oxc, its mappings pointing into the original file. A tree the
//! converter does not take goes the old way: SWC's print is parsed by oxc,
//! and oxc's mappings are composed with SWC's.
//!
//! Example: `function add(first, second) { return first + second; }` (a
//! top-level name other modules read) becomes `function add(e,t){return e+t}`.
//!
//! Why: on modules of 64 KiB and more (three.js's core, React DOM) oxc's
//! parse + minify + print takes well under SWC's minify + print (the small
//! React app, `--minify`: 88 -> 61 ms), at about the same size; on small
//! modules SWC's tuned settings give smaller output, so they stay with
//! `minify.rs`. The contract is `minify.rs`'s: top-level names other modules
//! read stay as linked; an ES module's others are its own, so they may be
//! inlined and dropped; a CommonJS body is minified inside its factory, whose
//! parameters are renamed. `render.rs` asks [`applies`] first.

use std::path::PathBuf;

use oxc::{
    allocator::{Allocator, Vec as ArenaVec},
    ast::ast::{Argument, BindingPattern, Expression, FormalParameter, Statement},
    codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment},
    minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions},
    parser::Parser,
    span::SourceType,
};
use rustc_hash::FxHashSet;
use swc_core::{
    atoms::Atom,
    common::{comments::SingleThreadedComments, BytePos, LineCol},
    ecma::{
        ast::{EsVersion, Module as SwcModule},
        transforms::base::fixer::fixer,
        visit::VisitMutWith,
    },
};

use crate::{
    minify::FactoryHead,
    near_search::partition_point_near,
    places::Places,
    render::RenderPlan,
    sourcemap::{List, Mappings},
    EcmaContext,
};

/// What one module is, for the minifier.
pub(crate) enum Unit<'n> {
    /// An ES module. `keep`: its top-level names that code outside it reads
    /// (they stay, as linked); its other top-level bindings may go. `lazy`:
    /// its top level is rewritten for its initializer (`oxc_lazy.rs`).
    EsModule { keep: Vec<&'n str>, lazy: bool },
    /// A CommonJS module's body, minified inside `function (exports, module)`.
    /// `reserved`: names the lines before the body read, which its locals must
    /// not take. Without `rename_params` the parameters keep their names.
    Factory {
        reserved: Vec<&'n str>,
        rename_params: bool,
    },
}

/// A minified module.
pub(crate) struct Minified {
    pub code: String,
    /// Each mapping of `code`: its output line and column, and the line and
    /// column in the text given to [`minify`] it comes from.
    pub tokens: Vec<(LineCol, LineCol)>,
    /// A factory's parameters as renamed.
    pub params: Option<[String; 2]>,
    /// A lazy module's function declarations, printed apart (as `code` is),
    /// and its top-level names the generator's `var` line declares.
    pub lazy: Option<LazyPrinted>,
}

pub(crate) struct LazyPrinted {
    pub functions: (String, Vec<(LineCol, LineCol)>),
    /// The top-level names still declared other than by a function
    /// declaration.
    pub assigned: Vec<String>,
}

/// Wraps a CommonJS body: a call of a free name, which the compressor keeps.
const FACTORY_OPEN: &str = "__sheafFactory(function(exports,module){\n";
const FACTORY_CLOSE: &str = "\n});";
/// [`FACTORY_OPEN`]'s callee and parameters, for the same wrapper built on
/// a converted tree (`to_oxc/units.rs`).
pub(crate) const FACTORY_CALLEE: &str = "__sheafFactory";
pub(crate) const FACTORY_PARAMS: [&str; 2] = ["exports", "module"];

/// The line before a factory's body printed with its wrapper when the
/// compressor changed the wrapper's shape ([`minify_factory`]): the
/// wrapper's callee, defined first, calls the function at once as the
/// factory would be called.
fn factory_defined() -> String {
    let [exports, module] = FACTORY_PARAMS;
    format!("var {FACTORY_CALLEE}=f=>f.call(this,{exports},{module});\n")
}

/// `text`: the module as SWC printed it. `top_level`: the names its top level
/// declares; should the compressor declare another there (which could collide
/// with another module's name in the output), the result is `None`, as it is
/// for any text oxc does not parse, an ES module's shape it did not keep, or
/// output below ES2015.
pub(crate) fn minify(
    text: &str,
    unit: &Unit,
    target: EsVersion,
    positions: bool,
    top_level: &FxHashSet<Atom>,
) -> Option<Minified> {
    let options = minifier_options(unit, target)?;
    let (source, source_type, line_shift) = match unit {
        Unit::EsModule { keep, .. } => {
            let mut source = String::with_capacity(text.len() + 16 + keep.len() * 8);
            source.push_str(text);
            if !keep.is_empty() {
                source.push_str("\nexport{");
                source.push_str(&keep.join(","));
                source.push_str("};");
            }
            (source, SourceType::mjs(), 0)
        }
        Unit::Factory { .. } => (
            [FACTORY_OPEN, text, FACTORY_CLOSE].concat(),
            SourceType::script(),
            1,
        ),
    };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, &source, source_type).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return None;
    }
    let program = parsed.program;
    let at = Printing {
        positions,
        line_shift,
    };
    minify_program(&allocator, program, unit, options, at, top_level)
}

/// How a minified program is printed: with mappings or not; `line_shift`:
/// the lines its text has before the module's (a wrapper's).
#[derive(Clone, Copy)]
struct Printing {
    positions: bool,
    line_shift: u32,
}

/// oxc's options for `unit`: one peephole pass, names mangled but those the
/// unit keeps; `None` below ES2015 (see [`compress_options`]).
fn minifier_options(unit: &Unit, target: EsVersion) -> Option<MinifierOptions> {
    let reserved = match unit {
        Unit::EsModule { .. } => FxHashSet::default(),
        Unit::Factory {
            reserved,
            rename_params,
        } => {
            let params = (!rename_params).then_some(FACTORY_PARAMS);
            (reserved.iter().copied())
                .chain(params.into_iter().flatten())
                .map(Into::into)
                .collect()
        }
    };
    Some(MinifierOptions {
        mangle: Some(MangleOptions {
            top_level: Some(false),
            reserved,
            ..MangleOptions::default()
        }),
        mangle_properties: None,
        compress: Some(CompressOptions {
            // One peephole pass, as SWC's per module (`minify.rs`): oxc's
            // further passes until nothing changes lengthened React DOM's
            // render, the small React app's critical path (its `--minify`
            // 86 -> 95 ms), for 23 gzipped bytes of 129 KB.
            max_iterations: Some(0),
            ..compress_options(target)?
        }),
    })
}

/// [`minify`] on a program already made (parsed, or converted from SWC's
/// tree: `to_oxc`) with [`minifier_options`]' `options`.
fn minify_program<'a>(
    allocator: &'a Allocator,
    program: oxc::ast::ast::Program<'a>,
    unit: &Unit,
    options: MinifierOptions,
    at: Printing,
    top_level: &FxHashSet<Atom>,
) -> Option<Minified> {
    match unit {
        Unit::EsModule { keep, lazy } => {
            let lazy = *lazy;
            let module = EsUnit {
                keep,
                lazy,
                top_level,
            };
            minify_es_module(allocator, program, module, options, at)
        }
        Unit::Factory { rename_params, .. } => Some(minify_factory(
            allocator,
            program,
            *rename_params,
            options,
            at,
        )),
    }
}

/// oxc's minifier run on `program`, and its names as mangled (should it give
/// none, which it does not with mangling on, the program's own).
fn run_minifier<'a>(
    allocator: &'a Allocator,
    program: &mut oxc::ast::ast::Program<'a>,
    options: MinifierOptions,
) -> (oxc::minifier::MinifierReturn, oxc::semantic::Scoping) {
    let mut minified = Minifier::new(options).minify(allocator, program);
    let scoping = match minified.scoping.take() {
        Some(scoping) => scoping,
        None => (oxc::semantic::SemanticBuilder::new().build(program))
            .semantic
            .into_scoping(),
    };
    (minified, scoping)
}

/// A CommonJS body minified in its wrapper (`FACTORY_OPEN`), then printed
/// as the factory's body with its parameters' new names. Never without a
/// result, so a converted module's SWC tree need not be kept for one: should
/// the compressor change the wrapper's shape, the program is printed whole
/// after a definition of the wrapper's callee that calls it at once
/// ([`factory_defined`]; its top-level names are the factory's own either
/// way), the parameters keeping their names.
fn minify_factory<'a>(
    allocator: &'a Allocator,
    mut program: oxc::ast::ast::Program<'a>,
    rename_params: bool,
    options: MinifierOptions,
    at: Printing,
) -> Minified {
    let (minified, scoping) = run_minifier(allocator, &mut program, options);
    let params = unwrap_factory(allocator, &mut program);
    let names =
        |ids: [oxc::semantic::SymbolId; 2]| ids.map(|id| scoping.symbol_name(id).to_string());
    let params = params.map(|ids| rename_params.then(|| names(ids)));
    let (mut code, mut tokens) = print(&program, scoping, minified, at.positions, at.line_shift);
    if params.is_none() {
        code.insert_str(0, &factory_defined());
        tokens.iter_mut().for_each(|(output, _)| output.line += 1);
    }
    Minified {
        code,
        tokens,
        params: params.flatten(),
        lazy: None,
    }
}

/// An ES module's part of [`Unit::EsModule`], for [`minify_es_module`].
struct EsUnit<'u, 'n> {
    keep: &'u [&'n str],
    lazy: bool,
    top_level: &'u FxHashSet<Atom>,
}

/// An ES module minified with its `export{…}` of the names kept (then
/// dropped), and a lazy one's function declarations printed apart; `None`
/// should the compressor declare another top-level name or leave other
/// module syntax.
fn minify_es_module<'a>(
    allocator: &'a Allocator,
    mut program: oxc::ast::ast::Program<'a>,
    module: EsUnit,
    options: MinifierOptions,
    at: Printing,
) -> Option<Minified> {
    let (minified, scoping) = run_minifier(allocator, &mut program, options);
    let root = scoping.get_bindings(scoping.root_scope_id());
    let top_level = module.top_level;
    if (root.keys()).any(|name| !top_level.contains(&Atom::from(name.as_str()))) {
        return None;
    }
    drop_synthetic_export(&mut program.body, !module.keep.is_empty())?;
    let lazy = match module.lazy {
        true => {
            // Private members renamed: see `print_functions`.
            let renamed = minified.class_private_mappings.iter().flatten();
            if renamed.into_iter().any(|names| !names.is_empty()) {
                return None;
            }
            let top = crate::oxc_lazy::lazy_body(allocator, &mut program)?;
            let functions = print_functions(
                allocator,
                &mut program,
                top.functions,
                &scoping,
                at.positions,
            );
            Some(LazyPrinted {
                functions,
                assigned: top.assigned,
            })
        }
        false => None,
    };
    let (code, tokens) = print(&program, scoping, minified, at.positions, at.line_shift);
    Some(Minified {
        code,
        tokens,
        params: None,
        lazy,
    })
}

/// A lazy module's function declarations printed on their own: in `program`
/// (for its source text and comments) in place of its body and directives,
/// with a copy of `scoping` (the printer takes one). Without the private
/// members' new names: the printer numbers classes in the order it meets
/// them, across one program, so a module whose private members the mangler
/// renamed is left to SWC.
fn print_functions<'a>(
    allocator: &'a Allocator,
    program: &mut oxc::ast::ast::Program<'a>,
    functions: ArenaVec<'a, Statement<'a>>,
    scoping: &oxc::semantic::Scoping,
    positions: bool,
) -> (String, Vec<(LineCol, LineCol)>) {
    let body = std::mem::replace(&mut program.body, functions);
    let directives = std::mem::replace(&mut program.directives, ArenaVec::new_in(&allocator));
    let unmangled = oxc::minifier::MinifierReturn {
        scoping: None,
        class_private_mappings: None,
        property_mangle_cache: None,
        iterations: 0,
    };
    let copy = scoping.clone_in_with_semantic_ids_with_another_arena();
    let printed = print(program, copy, unmangled, positions, 0);
    program.body = body;
    program.directives = directives;
    printed
}

/// `program` printed without whitespace, its names as `scoping` has them (and
/// private members as `minified` renamed them), legal comments kept and no
/// others; with `positions`, each mapping's output line and column and its
/// place in the parsed text, `line_shift` lines up (the lines oxc saw before
/// the text: a wrapper's).
pub(crate) fn print(
    program: &oxc::ast::ast::Program,
    scoping: oxc::semantic::Scoping,
    minified: oxc::minifier::MinifierReturn,
    positions: bool,
    line_shift: u32,
) -> (String, Vec<(LineCol, LineCol)>) {
    let printed = Codegen::new()
        .with_options(CodegenOptions {
            minify: true,
            comments: CommentOptions {
                normal: false,
                jsdoc: false,
                annotation: false,
                legal: LegalComment::Inline,
            },
            source_map_path: positions.then(|| PathBuf::from("module.js")),
            ..CodegenOptions::minify()
        })
        .with_scoping(Some(scoping))
        .with_private_member_mappings(minified.class_private_mappings)
        .build(program);
    let mut tokens = Vec::new();
    if let Some(map) = printed.map {
        tokens.reserve_exact(map.get_tokens().len());
        tokens.extend((map.get_tokens()).filter_map(|t| {
            let line = t.get_src_line().checked_sub(line_shift)?;
            let output = LineCol {
                line: t.get_dst_line(),
                col: t.get_dst_col(),
            };
            Some((
                output,
                LineCol {
                    line,
                    col: t.get_src_col(),
                },
            ))
        }));
    }
    onto_the_tokens(&printed.code, &mut tokens);
    (printed.code, tokens)
}

/// oxc's printer maps some names at the space before them (`return e` has
/// its mapping for `e` on the space): each mapping on a space moves to what
/// follows it, where a tool looking the name up finds it. `tokens` go down the
/// output; columns count UTF-16 units, as source maps do. A mapping at no
/// character (past its line, inside a surrogate pair) stays.
fn onto_the_tokens(code: &str, tokens: &mut [(LineCol, LineCol)]) {
    let mut cursor = OutputCursor::new(code);
    for (output, _) in tokens.iter_mut() {
        let Some(at) = cursor.byte_of(*output) else {
            continue;
        };
        let spaces = code.as_bytes()[at..].iter().take_while(|&&b| b == b' ');
        output.col += spaces.count() as u32;
    }
}

/// Where positions of printed code are, asked for down the code: the bytes
/// between two are skipped a run of ASCII at a time (walking every character
/// was 3% of the small React app's `--minify --sourcemap`).
struct OutputCursor<'s> {
    code: &'s str,
    line: u32,
    /// The current line's end (its `\n`, or the code's end).
    end: usize,
    byte: usize,
    col: u32,
}

impl<'s> OutputCursor<'s> {
    fn new(code: &'s str) -> Self {
        OutputCursor {
            code,
            line: 0,
            end: memchr::memchr(b'\n', code.as_bytes()).unwrap_or(code.len()),
            byte: 0,
            col: 0,
        }
    }

    /// The byte offset of `at`; `None` if no character starts there or it is
    /// behind the last position asked for.
    fn byte_of(&mut self, at: LineCol) -> Option<usize> {
        let bytes = self.code.as_bytes();
        if at.line < self.line {
            return None;
        }
        while self.line < at.line {
            if self.end == bytes.len() {
                return None;
            }
            (self.line, self.byte, self.col) = (self.line + 1, self.end + 1, 0);
            let rest = &bytes[self.byte..];
            self.end = memchr::memchr(b'\n', rest).map_or(bytes.len(), |i| self.byte + i);
        }
        while self.col < at.col && self.byte < self.end {
            let run = &bytes[self.byte..self.end]
                [..((at.col - self.col) as usize).min(self.end - self.byte)];
            let ascii = match run.is_ascii() {
                true => run.len(),
                false => run.iter().position(|b| !b.is_ascii()).unwrap_or(run.len()),
            };
            (self.byte, self.col) = (self.byte + ascii, self.col + ascii as u32);
            if ascii < run.len() {
                let c = self.code[self.byte..].chars().next()?;
                (self.byte, self.col) = (self.byte + c.len_utf8(), self.col + c.len_utf16() as u32);
            }
        }
        (self.col == at.col).then_some(self.byte)
    }
}

/// oxc's defaults (its smallest output), allowed no syntax newer than
/// `target`. `None` below ES2015: its printer writes template literals.
pub(crate) fn compress_options(target: EsVersion) -> Option<CompressOptions> {
    let year = match target {
        EsVersion::Es3 | EsVersion::Es5 => return None,
        EsVersion::Es2015 => "es2015",
        EsVersion::Es2016 => "es2016",
        EsVersion::Es2017 => "es2017",
        EsVersion::Es2018 => "es2018",
        EsVersion::Es2019 => "es2019",
        EsVersion::Es2020 => "es2020",
        EsVersion::Es2021 => "es2021",
        EsVersion::Es2022 => "es2022",
        _ => "esnext",
    };
    let mut options = CompressOptions::smallest();
    options.target = oxc_compat::EngineTargets::from_target(year).ok()?;
    // React keeps a dozen `Symbol.for("react.…")` for types a program may
    // never use (rolldown drops them too).
    options.treeshake.manual_pure_functions = vec!["Symbol.for".to_string()];
    Some(options)
}

/// Removes the `export{…}` [`minify`] appended; `None` if the compressor
/// left any other module syntax (it would go with it).
fn drop_synthetic_export(body: &mut ArenaVec<Statement>, appended: bool) -> Option<()> {
    let is_module_syntax = |s: &Statement| s.is_module_declaration();
    let position = body
        .iter()
        .rposition(|s| matches!(s, Statement::ExportNamedDeclaration(_)));
    match (appended, position) {
        (true, Some(at)) => {
            body.remove(at);
        }
        (false, None) => {}
        _ => return None,
    }
    (!body.iter().any(is_module_syntax)).then_some(())
}

/// Makes the factory's body the program and returns its parameters' symbols;
/// `None` if the compressor changed the wrapper's shape.
fn unwrap_factory<'a>(
    allocator: &'a Allocator,
    program: &mut oxc::ast::ast::Program<'a>,
) -> Option<[oxc::semantic::SymbolId; 2]> {
    let [Statement::ExpressionStatement(statement)] = program.body.as_mut_slice() else {
        return None;
    };
    let Expression::CallExpression(call) = &mut statement.expression else {
        return None;
    };
    let [Argument::FunctionExpression(function)] = call.arguments.as_mut_slice() else {
        return None;
    };
    let ([first, second], None) = (function.params.items.as_slice(), &function.params.rest) else {
        return None;
    };
    let symbol = |p: &FormalParameter| match &p.pattern {
        BindingPattern::BindingIdentifier(id) => id.symbol_id.get(),
        _ => None,
    };
    let params = [symbol(first)?, symbol(second)?];
    let body = function.body.as_mut()?;
    let statements = std::mem::replace(&mut body.statements, ArenaVec::new_in(&allocator));
    let directives = std::mem::replace(&mut body.directives, ArenaVec::new_in(&allocator));
    program.body = statements;
    program.directives = directives;
    Some(params)
}

/// Readies `module` for oxc: its comments cut to those oxc sees, its own
/// constant arrays' reads folded (`array_reads.rs`: oxc's compressor folds
/// no `[…][i]`).
fn prepare_for_oxc(module: &mut SwcModule, comments: &SingleThreadedComments, plan: &RenderPlan) {
    keep_annotations_and_legal(comments);
    let outside = match plan.commonjs {
        true => Some(Vec::new()),
        false => plan.names_read_outside(),
    };
    crate::array_reads::fold_array_reads(module, outside.as_deref());
}

/// The text oxc parses for a module [`prepare_for_oxc`] readied when its
/// tree cannot be converted: SWC's print without whitespace, only
/// annotations and legal comments kept; with its mappings into the
/// original file when the plan asks for positions. First every parenthesis
/// a rewrite needs, tree shaking's too (an unused `const o = {…}` kept for
/// its effects is a statement `({…})`), as the text is parsed again; a
/// converted tree needs none (oxc's printer places them).
fn text_for_oxc(
    ctx: &EcmaContext,
    module: &mut SwcModule,
    comments: &SingleThreadedComments,
    plan: &RenderPlan,
) -> (String, Vec<(BytePos, LineCol)>) {
    module.visit_mut_with(&mut fixer(Some(comments)));
    let mut intermediate = Vec::new();
    let text = crate::render::emit(
        ctx,
        module,
        crate::render::comments_to_print(comments),
        plan.lowering.codegen_target(),
        true,
        plan.positions.then_some(&mut intermediate),
    );
    (text, intermediate)
}

/// A converted module's file, for its mappings: where it starts in SWC's
/// source map and, where oxc's lines are not SWC's, its lines as oxc counts
/// them.
struct FileLines {
    start: BytePos,
    /// Whether positions were asked for (no mappings without).
    positions: bool,
    /// Only for a file with U+2028 or U+2029 in it (see `to_oxc/positions.rs`).
    lines: Option<crate::to_oxc::Lines>,
}

impl FileLines {
    fn new(file: &swc_core::common::SourceFile, positions: bool) -> Self {
        let swcs = |text: &str| crate::to_oxc::lines_end_as_swcs_do(text);
        FileLines {
            start: file.start_pos,
            positions,
            lines: (positions && !swcs(&file.src)).then(|| crate::to_oxc::Lines::new(&file.src)),
        }
    }

    /// oxc's mappings into the original file, one per output place (the
    /// last, innermost, of several): as oxc resolved them, or turned back
    /// into positions where its lines are not SWC's. Turning each back and
    /// resolving it again in the map join was 2.4% of the small React app's
    /// `--minify --sourcemap` instructions.
    fn mappings(&self, tokens: &[(LineCol, LineCol)]) -> Mappings {
        if !self.positions {
            return Mappings::default();
        }
        if let Some(lines) = &self.lines {
            return Mappings::from(lines.positions(self.start, tokens.iter().copied()));
        }
        Mappings(List::Resolved {
            file: self.start,
            places: Places::new(tokens),
        })
    }
}

/// `module`, of `file`, converted to oxc's tree (`to_oxc`), with its legal
/// comments and, for `positions`, the file's lines; `None` if it cannot be
/// converted. The program's text is the file's own, not a copy in oxc's
/// arena.
fn convert<'a, 'c>(
    allocator: &'a Allocator,
    file: &'a swc_core::common::SourceFile,
    module: &SwcModule,
    comments: &'c SingleThreadedComments,
    positions: bool,
) -> Option<ConvertedModule<'a, 'c>> {
    let to = crate::to_oxc::ToOxc::new(allocator, file.start_pos, file.end_pos, comments);
    let converted = to.module(module)?;
    let text: &'a str = &file.src;
    Some(ConvertedModule {
        legal: to.legal_comments(text),
        to,
        converted,
        text,
        lines: FileLines::new(file, positions),
    })
}

struct ConvertedModule<'a, 'c> {
    to: crate::to_oxc::ToOxc<'a, 'c>,
    converted: crate::to_oxc::Converted<'a>,
    legal: Vec<oxc::ast::Comment>,
    text: &'a str,
    lines: FileLines,
}

impl<'a> ConvertedModule<'a, '_> {
    /// The program [`minify`] would parse for `unit`: an ES module with its
    /// `export{…}` of the names kept, a CommonJS body in its factory.
    fn program(self, unit: &Unit) -> (oxc::ast::ast::Program<'a>, FileLines) {
        let ConvertedModule {
            to,
            mut converted,
            legal,
            text,
            lines,
        } = self;
        let source_type = match unit {
            Unit::EsModule { keep, .. } => {
                if !keep.is_empty() {
                    converted.body.push(to.export_list(keep));
                }
                SourceType::mjs()
            }
            Unit::Factory { .. } => {
                converted = to.factory(converted);
                SourceType::script()
            }
        };
        (to.program(source_type, text, &legal, converted), lines)
    }
}

/// An ES module converted (`to_oxc`) and minified by oxc: `None` if it
/// could not be converted; `Some(None)` if oxc gave no result (as
/// [`minify`]).
fn minify_converted(
    ctx: &EcmaContext,
    module: &SwcModule,
    comments: &SingleThreadedComments,
    unit: &Unit,
    target: EsVersion,
    positions: bool,
    top_level: &FxHashSet<Atom>,
) -> Option<Option<(Minified, FileLines)>> {
    let options = minifier_options(unit, target)?;
    let file = ctx.cm.try_lookup_source_file(module.span.lo).ok()??;
    let allocator = Allocator::default();
    let (program, lines) = convert(&allocator, &file, module, comments, positions)?.program(unit);
    let at = Printing {
        positions,
        line_shift: 0,
    };
    let minified = minify_program(&allocator, program, unit, options, at, top_level);
    Some(minified.map(|m| (m, lines)))
}

/// A CommonJS module converted (`to_oxc`) and minified by oxc, its SWC tree
/// dropped once converted (oxc's minifier, running after, always gives a
/// result: [`minify_factory`]); `Err` with the module if it cannot be
/// converted or the target is below ES2015.
fn minify_converted_factory(
    ctx: &EcmaContext,
    module: SwcModule,
    comments: &SingleThreadedComments,
    unit: &Unit,
    target: EsVersion,
    positions: bool,
) -> Result<(Minified, FileLines), SwcModule> {
    let (Unit::Factory { rename_params, .. }, Some(options)) =
        (unit, minifier_options(unit, target))
    else {
        return Err(module);
    };
    let Some(file) = ctx.cm.try_lookup_source_file(module.span.lo).ok().flatten() else {
        return Err(module);
    };
    let allocator = Allocator::default();
    let Some(converted) = convert(&allocator, &file, &module, comments, positions) else {
        return Err(module);
    };
    let (program, lines) = converted.program(unit);
    release_tree(module);
    let at = Printing {
        positions,
        line_shift: 0,
    };
    let minified = minify_factory(&allocator, program, *rename_params, options, at);
    Ok((minified, lines))
}

/// Drops a module's SWC tree before oxc's arena takes fresh pages, and
/// hands a large one's pages back (a small one's are too few to be worth
/// it). What oxc frees goes back once the module is rendered
/// (`render::render_module_owned`); handing it back here as well (the
/// pages go back with the kernel's TLB flushes across cores) cost the small
/// React app's `--minify` 1-4% of its wall time and kept nothing off its
/// peak.
fn release_tree(module: SwcModule) {
    let large = is_large(&module);
    drop(module);
    if large {
        crate::freed_pages::release();
    }
}

/// A module rendered for the output (imports gone, names as linked), minified
/// by oxc: its code, its mappings into the original file, and a factory's
/// head. On the text path SWC's tree is dropped before oxc parses, so the
/// two are never in memory together; a converted CommonJS module's once
/// converted; a converted ES module is minified with SWC's tree still kept.
/// Should oxc give no result (only for an ES module), the code is SWC's
/// print of it without whitespace, its names unmangled.
pub(crate) fn render_minified(
    ctx: &EcmaContext,
    mut module: SwcModule,
    comments: &SingleThreadedComments,
    plan: &RenderPlan,
) -> (String, Mappings, Option<FactoryHead>) {
    let target = plan.lowering.codegen_target();
    prepare_for_oxc(&mut module, comments, plan);
    let top_level = crate::minify::top_level_names(&module);
    let arrow = !crate::minify::uses_its_functions_own_bindings(&module);
    let prelude = crate::render::prelude_names(plan.prelude);
    let unit = match plan.commonjs {
        true => Unit::Factory {
            reserved: prelude,
            rename_params: plan.prelude.is_empty(),
        },
        false => Unit::EsModule {
            keep: kept_names(&top_level, plan),
            lazy: false,
        },
    };
    let positions = plan.positions;
    let done = |minified: Minified, file: FileLines| {
        let head = (minified.params).map(|params| FactoryHead { params, arrow });
        (minified.code, file.mappings(&minified.tokens), head)
    };
    // An ES module's SWC tree is kept until oxc has given a result, for the
    // fallback below (React DOM's, a CommonJS module's, added 4 MB to the
    // small React app's peak).
    let converted = match unit {
        Unit::Factory { .. } => {
            match minify_converted_factory(ctx, module, comments, &unit, target, positions) {
                Ok((minified, file)) => return done(minified, file),
                Err(back) => module = back,
            }
            None
        }
        Unit::EsModule { .. } => {
            minify_converted(ctx, &module, comments, &unit, target, positions, &top_level)
        }
    };
    if let Some(Some((minified, file))) = converted {
        return done(minified, file);
    }
    let (text, intermediate) = text_for_oxc(ctx, &mut module, comments, plan);
    release_tree(module);
    // Converted, but oxc gave no result: it would give none here either.
    let minified = match converted {
        Some(None) => None,
        _ => minify(&text, &unit, target, positions, &top_level),
    };
    match minified {
        Some(minified) => {
            let head = (minified.params).map(|params| FactoryHead { params, arrow });
            let mappings = compose(&minified.tokens, &intermediate);
            (minified.code, Mappings::from(mappings), head)
        }
        None => (text, Mappings::from(intermediate), None),
    }
}

/// A lazy ES module rendered by oxc (see `oxc_lazy.rs`); `None` to render
/// it on SWC's path, `module` as it was but for what means the same: reads of
/// constant arrays folded, parentheses, and comments that print nothing under
/// `--minify`.
pub(crate) fn render_lazy(
    ctx: &EcmaContext,
    module: &mut SwcModule,
    comments: &SingleThreadedComments,
    plan: &RenderPlan,
) -> Option<LazyRendered> {
    let target = plan.lowering.codegen_target();
    // Before the folding, which drops an array it read up whole: its name
    // leaves the `var` line too.
    let declared = crate::minify::top_level_names(module);
    prepare_for_oxc(module, comments, plan);
    let top_level = crate::minify::top_level_names(module);
    let unit = Unit::EsModule {
        keep: kept_names(&top_level, plan),
        lazy: true,
    };
    let positions = plan.positions;
    let (minified, into) =
        match minify_converted(ctx, module, comments, &unit, target, positions, &top_level) {
            Some(converted) => {
                let (minified, file) = converted?;
                (minified, MappedInto::File(file))
            }
            None => {
                let (text, intermediate) = text_for_oxc(ctx, module, comments, plan);
                let minified = minify(&text, &unit, target, positions, &top_level)?;
                (minified, MappedInto::Text(intermediate))
            }
        };
    let lazy = minified.lazy?;
    let assigned: FxHashSet<&str> = lazy.assigned.iter().map(String::as_str).collect();
    let (functions, function_tokens) = lazy.functions;
    Some(LazyRendered {
        code: minified.code,
        mappings: into.mappings(&minified.tokens),
        hoisted: (!functions.is_empty()).then(|| (functions, into.mappings(&function_tokens))),
        not_in_var_line: (declared.iter())
            .filter(|n| !assigned.contains(n.as_str()))
            .map(|n| n.to_string())
            .collect(),
    })
}

/// What a minified module's mappings point into: the original file (a
/// converted tree) or SWC's print (with SWC's mappings of it).
enum MappedInto {
    File(FileLines),
    Text(Vec<(BytePos, LineCol)>),
}

impl MappedInto {
    fn mappings(&self, tokens: &[(LineCol, LineCol)]) -> Mappings {
        match self {
            MappedInto::File(file) => file.mappings(tokens),
            MappedInto::Text(intermediate) => Mappings::from(compose(tokens, intermediate)),
        }
    }
}

/// A lazy module as [`render_lazy`] renders it: the fields of
/// `RenderedModule` of the same names.
pub(crate) struct LazyRendered {
    pub code: String,
    pub mappings: Mappings,
    pub hoisted: Option<(String, Mappings)>,
    pub not_in_var_line: FxHashSet<String>,
}

/// Whether oxc renders this lazy ES module ([`render_lazy`]): as [`applies`]
/// says for others, but never a large one, whose SWC tree would be kept
/// while oxc works (in case oxc gives no result) and add to the peak.
pub(crate) fn applies_lazy(module: &SwcModule, plan: &RenderPlan) -> bool {
    plan.minify
        && plan.lazy
        && !plan.commonjs
        && !plan.minified_whole
        && !is_large(module)
        && plan.lowering.codegen_target() >= EsVersion::Es2015
}

/// Modules from this much source up go to oxc (see [`applies`]).
const LARGE_MODULE: usize = 64 * 1024;

/// Whether `module` was parsed from [`LARGE_MODULE`] bytes of source or more.
pub(crate) fn is_large(module: &SwcModule) -> bool {
    crate::load::source_len(module) >= LARGE_MODULE
}

/// Whether oxc minifies this module: a large one (three.js's 1.2 MB module,
/// React DOM), where its speed tells, or any module of an output file too
/// large to be minified again as a whole ([`RenderPlan::minified_whole`]).
/// Only where the file is minified whole do SWC's tuned settings for small
/// modules give smaller output (that pass is oxc's, and finds more in
/// SWC's output); without it, one minifier's style throughout gzips better
/// than two (three.js x10: oxc for every module +0.03% gzipped against
/// SWC's, for modules from 4 KiB up +1.2%) and oxc is faster (three.js
/// x10 `--minify --sourcemap`: 0.74 of the wall time in paired runs). Not a
/// module evaluated on demand (its body is rewritten after minifying, on
/// SWC's tree), nor output below ES2015, nor a CommonJS body that still has
/// module syntax, nor one with a `with` statement (`minify.rs` only mangles
/// it).
pub(crate) fn applies(module: &SwcModule, plan: &RenderPlan) -> bool {
    let module_syntax = || module.body.iter().any(|i| i.is_module_decl());
    plan.minify
        && !plan.lazy
        && (!plan.minified_whole || is_large(module))
        && plan.lowering.codegen_target() >= EsVersion::Es2015
        && !(plan.commonjs && module_syntax())
        && !crate::minify::contains_with_statement(module)
}

/// The top-level names of an ES module that code outside it reads, sorted:
/// all of them unless the linker knows its readers.
fn kept_names<'n>(top_level: &'n FxHashSet<Atom>, plan: &RenderPlan<'n>) -> Vec<&'n str> {
    let mut keep: Vec<&str> = match plan.names_read_outside() {
        Some(names) => (names.into_iter())
            .filter(|n| top_level.contains(&Atom::from(*n)))
            .collect(),
        None => top_level.iter().map(|a| a.as_str()).collect(),
    };
    keep.sort_unstable();
    keep.dedup();
    keep
}

/// oxc's mappings (into SWC's text) looked up in SWC's (into the original
/// file): the last mapping at that place or before it on its line; one per
/// output position.
pub(crate) fn compose(
    tokens: &[(LineCol, LineCol)],
    intermediate: &[(BytePos, LineCol)],
) -> Vec<(BytePos, LineCol)> {
    let key = |lc: &LineCol| (lc.line, lc.col);
    let mut out = Vec::with_capacity(tokens.len());
    // From the last token's: oxc prints mostly in SWC's order.
    let mut index = 0;
    for (output, at) in tokens {
        // SWC maps each node at its start, outermost first (`(n%m)+m` printed
        // `n%m+m`: the sum, whose span starts at `(`, then `n%m`, then `n`):
        // the last mapping at or before the place names what is there.
        index = partition_point_near(intermediate, index, |(_, lc)| key(lc) <= key(at));
        let found = index
            .checked_sub(1)
            .map(|i| intermediate[i])
            .filter(|(_, lc)| lc.line == at.line)
            .map(|(pos, _)| pos);
        if let Some(pos) = found {
            push_innermost(&mut out, pos, *output);
        }
    }
    out
}

/// Appends the mapping of `pos` at `output`, in place of the one before if
/// that is at the same output place: of several there (`((n%m)+m)` printed
/// `(e%t+t)`: the sum's start, then `e`'s), the last, innermost, names what
/// is there.
pub(crate) fn push_innermost(out: &mut Vec<(BytePos, LineCol)>, pos: BytePos, output: LineCol) {
    match out.last_mut() {
        Some((last, at)) if *at == output => *last = pos,
        _ => out.push((pos, output)),
    }
}

/// The comments oxc is to see: legal ones (kept in its output) and
/// annotations (`/*#__PURE__*/`, which let it drop unused calls; it prints none).
fn keep_annotations_and_legal(comments: &SingleThreadedComments) {
    let annotation = |t: &str| t.contains("__PURE__") || t.contains("__NO_SIDE_EFFECTS__");
    crate::render::retain_comments(comments, |t| {
        crate::load::is_legal_comment(t) || annotation(t)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> FxHashSet<Atom> {
        list.iter().map(|n| Atom::from(*n)).collect()
    }

    fn es(text: &str, keep: &[&str], top: &[&str]) -> Option<String> {
        let unit = Unit::EsModule {
            keep: keep.to_vec(),
            lazy: false,
        };
        minify(text, &unit, EsVersion::latest(), false, &names(top)).map(|m| m.code)
    }

    #[test]
    fn kept_top_level_names_stay_and_locals_are_mangled() {
        let code = es(
            "function add(first,second){return first+second}",
            &["add"],
            &["add"],
        )
        .unwrap();
        assert_eq!(
            code.trim_end_matches(['\n', ';']),
            "function add(e,t){return e+t}"
        );
    }

    #[test]
    fn a_private_top_level_binding_is_inlined_and_dropped() {
        let code = es(
            "const table=[1,2,3];function f(i){return table[i]}",
            &["f"],
            &["table", "f"],
        )
        .unwrap();
        assert!(code.contains("function f("), "{code}");
        assert!(!code.contains("export"), "{code}");
    }

    #[test]
    fn locals_keep_clear_of_free_names() {
        // `e` and `t` are other modules' names, read here.
        let code = es("function f(x,y){return e(x)+t(y)}", &["f"], &["f"]).unwrap();
        assert!(code.contains("return e("), "{code}");
        assert!(!code.contains("f(e,") && !code.contains("f(t,"), "{code}");
    }

    #[test]
    fn a_factory_body_has_its_parameters_renamed() {
        let unit = Unit::Factory {
            reserved: vec![],
            rename_params: true,
        };
        let text = "var x=require('y');exports.z=function(){return x};module.exports.w=1";
        let m = minify(text, &unit, EsVersion::latest(), false, &names(&[])).unwrap();
        let [e, t] = m.params.clone().unwrap();
        assert!(m.code.contains(&format!("{e}.z=")), "{}", m.code);
        assert!(m.code.contains(&format!("{t}.exports.w=1")), "{}", m.code);
        assert!(!m.code.contains("__sheafFactory"), "{}", m.code);
    }

    /// Should the compressor change the wrapper's shape (here it is given
    /// an arrow, which `unwrap_factory` does not take), the factory's body
    /// is the whole program after a definition of the wrapper's callee, the
    /// parameters keeping their names, the mappings a line down; run as a
    /// factory, it does what the module does, `this` included.
    #[test]
    fn a_factory_whose_wrapper_changed_shape_is_called_in_place() {
        let text = "__sheafFactory((exports,module)=>{\n\
                    var total=0;for(var i=0;i<4;i++)total+=i;\n\
                    exports.total=total;module.exports.self=this===exports;\n});";
        let allocator = Allocator::default();
        let program = Parser::new(&allocator, text, SourceType::script())
            .parse()
            .program;
        let unit = Unit::Factory {
            reserved: vec![],
            rename_params: true,
        };
        let options = minifier_options(&unit, EsVersion::latest()).unwrap();
        let at = Printing {
            positions: true,
            line_shift: 0,
        };
        let m = minify_factory(&allocator, program, true, options, at);
        assert!(m.params.is_none());
        let defined = "var __sheafFactory=f=>f.call(this,exports,module);\n";
        assert!(m.code.starts_with(defined), "{}", m.code);
        assert!(!m.code.contains("var total"), "names mangled: {}", m.code);
        assert!(m.tokens.iter().all(|(output, _)| output.line >= 1));
        let run = format!(
            "const module={{exports:{{}}}};\
             (function(exports,module){{{}}}).call(module.exports,module.exports,module);\
             console.log(JSON.stringify(module.exports))",
            m.code
        );
        let out = std::process::Command::new("node")
            .args(["-e", &run])
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout);
        assert_eq!(printed.trim(), r#"{"total":6,"self":true}"#, "{}", m.code);
    }

    #[test]
    fn reserved_names_and_kept_parameters() {
        let unit = Unit::Factory {
            reserved: vec!["e"],
            rename_params: false,
        };
        let text = "function g(a){return import_x(a)}exports.g=g";
        let m = minify(text, &unit, EsVersion::latest(), false, &names(&[])).unwrap();
        assert!(m.params.is_none());
        assert!(m.code.contains("exports.g="), "{}", m.code);
        assert!(!m.code.contains("(e)"), "{}", m.code);
    }

    #[test]
    fn composed_mappings_take_the_innermost_node_at_a_place() {
        let lc = |line, col| LineCol { line, col };
        // SWC's text: a sum (from `(` at 10) and `n` (at 11) both start at
        // column 5; something at column 9 of line 0; nothing on line 1.
        let intermediate = [
            (BytePos(10), lc(0, 5)),
            (BytePos(11), lc(0, 5)),
            (BytePos(20), lc(0, 9)),
        ];
        let tokens = [
            (lc(0, 0), lc(0, 5)),
            (lc(0, 3), lc(0, 7)),
            (lc(0, 3), lc(0, 9)),
            (lc(0, 6), lc(1, 2)),
        ];
        let composed = compose(&tokens, &intermediate);
        assert_eq!(
            composed,
            [(BytePos(11), lc(0, 0)), (BytePos(20), lc(0, 3))],
            "column 7 falls back to 5, then 9 replaces it at output 0:3; line 1 has none"
        );
    }

    fn lazy(text: &str, keep: &[&str]) -> Option<(String, String, Vec<String>)> {
        let unit = Unit::EsModule {
            keep: keep.to_vec(),
            lazy: true,
        };
        let top = ["a", "b", "C", "f", "g", "i", "o"];
        let m = minify(text, &unit, EsVersion::latest(), false, &names(&top))?;
        let lazy = m.lazy?;
        Some((m.code, lazy.functions.0, lazy.assigned))
    }

    #[test]
    fn a_lazy_module_keeps_its_functions_apart_and_assigns_the_rest() {
        let (body, functions, assigned) = lazy(
            "const a = 1; let b; class C { m() { return C; } } function f(x) { return a + x; } g(b);",
            &["a", "b", "C", "f"],
        )
        .unwrap();
        // `a` is a constant: read as its value where it is read.
        assert_eq!(functions, "function f(e){return 1+e}");
        assert_eq!(body, "a=1;C=class{m(){return C}};g(b);");
        assert_eq!(assigned, ["a", "b", "C"]);
    }

    #[test]
    fn what_a_lazy_module_cannot_rewrite_is_left_to_swc() {
        assert!(lazy("export const { a, b } = o;", &["a", "b"]).is_none());
        assert!(lazy("for (var i = 0; i < 3; i++) f(i);", &["i"]).is_none());
        assert!(lazy("class C { #n = 1; m() { return this.#n; } } f(C);", &["C"]).is_none());
        let nested_in_a_function = lazy("function f() { for (var i of o) g(i); }", &["f"]);
        assert!(nested_in_a_function.is_some());
    }

    #[test]
    fn below_es2015_is_left_to_swc() {
        let unit = Unit::EsModule {
            keep: vec![],
            lazy: false,
        };
        assert!(minify("f()", &unit, EsVersion::Es5, false, &names(&[])).is_none());
    }

    #[test]
    fn tokens_point_into_the_given_text() {
        let unit = Unit::Factory {
            reserved: vec![],
            rename_params: true,
        };
        let m = minify(
            "exports.a=1;\nexports.b=2",
            &unit,
            EsVersion::latest(),
            true,
            &names(&[]),
        )
        .unwrap();
        // `exports.b` is on the text's second line (index 1), not the wrapper's.
        assert!(
            m.tokens.iter().any(|(_, src)| src.line == 1),
            "{:?}",
            m.tokens
        );
        assert!(m.tokens.iter().all(|(_, src)| src.line <= 1));
    }

    #[test]
    fn a_mapping_on_a_space_moves_to_the_name_after_it() {
        let lc = |line, col| LineCol { line, col };
        // `return e` mapped at the space; `ü` counts one UTF-16 unit.
        let code = "ü;return e\nreturn  t";
        let mut tokens = vec![
            (lc(0, 2), lc(0, 0)),
            (lc(0, 8), lc(0, 1)),
            (lc(1, 6), lc(1, 0)),
        ];
        onto_the_tokens(code, &mut tokens);
        let outputs: Vec<_> = tokens.iter().map(|(o, _)| (o.line, o.col)).collect();
        assert_eq!(outputs, [(0, 2), (0, 9), (1, 8)]);
    }

    /// Each position found by walking the code a character at a time.
    fn onto_the_tokens_by_walking(code: &str, tokens: &mut [(LineCol, LineCol)]) {
        let mut chars = code.char_indices().peekable();
        let mut at = (0, 0);
        for (output, _) in tokens.iter_mut() {
            while at < (output.line, output.col) {
                match chars.next() {
                    Some((_, '\n')) => at = (at.0 + 1, 0),
                    Some((_, c)) => at.1 += c.len_utf16() as u32,
                    None => return,
                }
            }
            if at == (output.line, output.col) {
                let ahead = chars.clone().take_while(|(_, c)| *c == ' ');
                output.col += ahead.count() as u32;
            }
        }
    }

    #[test]
    fn mappings_move_as_a_walk_over_every_character_moves_them() {
        // Spaces, line breaks, two- and three-byte characters, a surrogate
        // pair; mappings past a line's end or the code's, inside the pair,
        // and repeated.
        let pieces = ["a", " ", "  ", "\n", "ü", "€", "😀", "return e"];
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as u32
        };
        for _ in 0..2000 {
            let code: String = (0..next(40))
                .map(|_| pieces[next(pieces.len()) as usize])
                .collect();
            let mut tokens: Vec<_> = (0..next(12))
                .map(|_| {
                    let at = LineCol {
                        line: next(4),
                        col: next(30),
                    };
                    (at, at)
                })
                .collect();
            tokens.sort_by_key(|(o, _)| (o.line, o.col));
            let mut expected = tokens.clone();
            onto_the_tokens_by_walking(&code, &mut expected);
            onto_the_tokens(&code, &mut tokens);
            assert_eq!(tokens, expected, "{code:?}");
        }
    }
}
