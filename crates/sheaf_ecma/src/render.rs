//! Render one module for a scope-hoisted chunk: drop import/export syntax, give
//! every top-level symbol the name the linker chose, and print it with mappings.
//!
//! Example: with `names[b] = Name("a$1")` and `names[c] = Name("c")`,
//! `import { a as b } from './x'; export const c = b + 1;` renders as `const c = a$1 + 1;`.
//!
//! Why: the linker decides, this file only applies the decisions. Modules render
//! independently, so the generate stage runs this on rayon.

use std::{cell::RefCell, rc::Rc};

use rustc_hash::FxHashMap;
use swc_core::{
    common::{
        comments::{CommentKind, Comments, SingleThreadedComments},
        BytePos, Mark, Spanned, SyntaxContext, DUMMY_SP,
    },
    ecma::{
        ast::*,
        codegen::{text_writer::WriteJs, Config, Emitter},
        transforms::base::{
            fixer::fixer,
            helpers::{inject_helpers, Helpers, HELPERS},
            resolver,
        },
        visit::{VisitMut, VisitMutWith},
    },
};

use crate::{analyze::SymbolIdx, load::CommentMap, sourcemap::Mappings, EcmaContext, ModuleAst};

/// What a reference to a top-level symbol becomes in the output.
///
/// The linker makes one per symbol of every module (100,000 on the
/// 10,000-module app): a name is held inline (`CompactString`, up to 24
/// bytes), where a `String` was a heap block each, and a member read (one in
/// ten on that app: `import_react.useState`) is boxed, so that a slot takes 32
/// bytes instead of 56.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replacement {
    /// A plain identifier (the symbol's final, collision-free name).
    Name(Name),
    /// `object.property`, e.g. a binding of a CommonJS or external namespace.
    Member(Box<MemberName>),
    /// `void 0`: a namespace member that does not exist.
    Undefined,
    /// The value of another module's `const` (see [`crate::ConstValue`]).
    Literal(crate::ConstValue),
}

/// A linked name.
pub type Name = compact_str::CompactString;

/// `object.property` (see [`Replacement::Member`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberName {
    pub object: Name,
    pub property: Name,
}

impl Replacement {
    /// `object.property`.
    pub fn member(object: impl Into<Name>, property: impl Into<Name>) -> Self {
        Replacement::Member(Box::new(MemberName {
            object: object.into(),
            property: property.into(),
        }))
    }
}

const _: () = assert!(std::mem::size_of::<Option<Replacement>>() == 32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMetaMode {
    /// Leave `import.meta` as is (esm output).
    Keep,
    /// cjs output on node: `import.meta` is `__sheafMeta`, which the output
    /// defines at its top (`url`, `dirname`, `filename` from Node's CommonJS
    /// variables), so locals named `require` or `__dirname` cannot capture it.
    NodeCjs,
    /// Other formats: `import.meta` becomes `{}`.
    Empty,
    /// The dev server's module registry: `import.meta` is the module's
    /// `__sheaf_meta` (`url`, `hot`).
    Dev,
}

/// The linker's instructions for one module.
pub struct RenderPlan<'a> {
    /// Indexed by symbol; symbols without a name are never referenced in live code.
    pub names: &'a [Option<Replacement>],
    /// For import symbols bound to a namespace whose members are known statically:
    /// `binding.prop` becomes the member's replacement (`Undefined` when missing).
    pub members: &'a FxHashMap<SymbolIdx, FxHashMap<String, Replacement>>,
    /// For dynamic `import()` records bound into the bundle: the namespace name to
    /// resolve to. Records not listed keep their `import()`, with this specifier.
    pub dynamic_imports: &'a FxHashMap<u32, DynamicImport>,
    pub import_meta: ImportMetaMode,
    /// `require("x")` records and what each call becomes; records not listed keep the call.
    pub requires: &'a FxHashMap<u32, RequireCall>,
    /// A CommonJS module: its top-level `this` is `module.exports`, so it stays.
    pub commonjs: bool,
    /// The lines the generator puts before a CommonJS module's body inside its
    /// factory (`var import_x = __sheafToEsm(require_x());`): with `minify`,
    /// the names the body's locals get keep clear of every name they read;
    /// without any, the factory holds nothing but its code, so its
    /// `exports`/`module` parameters may be renamed
    /// ([`RenderedModule::factory_params`]).
    pub prelude: &'a [String],
    /// An ES module evaluated on demand: its top-level declarations become
    /// assignments (the generator declares the names and wraps the body).
    pub lazy: bool,
    /// Tree shaking: one flag per top-level item; items flagged `false` are dropped.
    pub live: Option<&'a [bool]>,
    /// Top-level symbols nothing uses, declared by statements kept for their
    /// side effects: `let a = f(), unused = g()` becomes `let a = f(); g();`.
    pub unused: &'a rustc_hash::FxHashSet<SymbolIdx>,
    /// The syntax level of the output (for how codegen prints literals).
    pub lowering: crate::Lowering,
    /// Compress, mangle local names and print without whitespace.
    pub minify: bool,
    /// With `minify`: the module's output file is likely small enough to be
    /// minified again as a whole (`chunk_minify.rs`); otherwise every
    /// module of it goes to oxc (`oxc_minify::applies`).
    pub minified_whole: bool,
    /// With `minify`, an ES module whose every reader outside it is known: the
    /// top-level symbols other modules and the output's glue read (by name;
    /// `read_outside.rs` in the bundler). Its other top-level bindings are its
    /// own, which the compressor may inline or drop. `None`: all stay as linked.
    pub read_outside: Option<&'a [SymbolIdx]>,
    pub comments: bool,
    /// `--legal-comments`: `Eof` and `None` take them out of the code
    /// (`Eof` into [`RenderedModule::legal_comments`]).
    pub legal_comments: sheaf_common::LegalComments,
    /// The output has a source map: record the module's mappings
    /// ([`RenderedModule::mappings`]) and where its top-level names are
    /// declared ([`RenderedModule::declared_at`], for glue that names them).
    /// Without one, the printer tracks no positions at all.
    pub positions: bool,
    /// The output is an ES module, strict throughout: a module's `"use
    /// strict"` says nothing there, and minified output leaves it out (13
    /// bytes in each CommonJS factory that had one).
    pub strict: bool,
    /// The process exits once the output is written
    /// (`BuildOptions::exits_after`): the consumed tree is not freed.
    pub exits_after: bool,
}

impl<'a> RenderPlan<'a> {
    /// With [`RenderPlan::read_outside`]: those symbols' names, as linked.
    pub(crate) fn names_read_outside(&self) -> Option<Vec<&'a str>> {
        let names = self.names;
        self.read_outside.map(|symbols| {
            (symbols.iter())
                .filter_map(|&s| match &names[s as usize] {
                    Some(Replacement::Name(n)) => Some(n.as_str()),
                    _ => None,
                })
                .collect()
        })
    }
}

#[derive(Clone, Debug)]
pub enum RequireCall {
    /// A bundled CommonJS module: `require_x()`.
    Factory(String),
    /// A bundled ES module: its namespace as CommonJS sees it, `helper(ns)`,
    /// after running its initializer `init()` when it is evaluated on demand.
    EsModule {
        /// `__sheafToCjs`, or its short name in minified output.
        helper: String,
        namespace: String,
        init: Option<String>,
    },
    /// Left to the run-time `require`, with this specifier.
    Runtime(String),
}

#[derive(Clone, Debug)]
pub enum DynamicImport {
    /// `import('x')` → `Promise.resolve().then(() => ns)`, or
    /// `Promise.resolve().then(() => (init(), ns))` for a module evaluated on demand,
    /// or `Promise.resolve().then(init).then(() => ns)` when its initializer is
    /// async (it or a module it imports uses top-level await).
    Bundled {
        namespace: String,
        init: Option<String>,
        init_async: bool,
    },
    /// `import('./x.cjs')` of a bundled CommonJS module (without code splitting):
    /// `Promise.resolve().then(() => __sheafToEsm(require_x()))`, so the module
    /// runs when it is imported, not before.
    CommonJs { factory: String, interop: Interop },
    /// `import('x')` stays, with the given specifier.
    External(String),
    /// The dev server's module registry: `require.import("id")`.
    Registry(String),
    /// Code splitting: the module is the entry of its own chunk, loaded with
    /// `import("./chunk.js")`, or in CommonJS output with
    /// `Promise.resolve().then(function () { return require("./chunk.js"); })`.
    Chunk {
        specifier: String,
        require: bool,
        /// The target is CommonJS: the loaded value goes through this helper.
        interop: Option<Interop>,
        /// Stylesheets to link first (`__sheafLoadCss([...], import.meta.url)`),
        /// relative to the importing chunk.
        css: Vec<String>,
        /// The chunk holds more than the module (modules that are already
        /// loaded wherever it is imported), so it exports more names: the
        /// module's namespace is this export of it (`.then(m => m.ns)`).
        extract: Option<String>,
    },
}

#[derive(Clone, Debug)]
pub struct Interop {
    /// `__sheafToEsm`, or its short name in minified output.
    pub helper: String,
    /// The importer is Node ESM: `default` is always `module.exports`.
    pub node_mode: bool,
    /// The module is JSON: its namespace is a "Module", as Node's JSON modules are.
    pub json: bool,
}

impl Interop {
    /// The helper's arguments after the value (`isNodeMode`, `isJson`), the
    /// trailing zeros left out.
    pub fn flags(node_mode: bool, json: bool) -> &'static [u8] {
        match (node_mode, json) {
            (false, false) => &[],
            (true, false) => &[1],
            (false, true) => &[0, 1],
            (true, true) => &[1, 1],
        }
    }

    /// [`Interop::flags`] as source text: `""`, `", 1"`, `", 0, 1"`, `", 1, 1"`.
    pub fn extra_args(node_mode: bool, json: bool) -> String {
        Self::flags(node_mode, json)
            .iter()
            .map(|f| format!(", {f}"))
            .collect()
    }
}

/// A rendered module: code starting at line 0 of its own buffer, and mappings into it.
pub struct RenderedModule {
    pub code: String,
    /// Empty unless the plan asked for [`RenderPlan::positions`].
    pub mappings: Mappings,
    /// Where each top-level name (by its name in the output) is declared, for
    /// the source map of glue that names it: a lazy module's hoisted `var`
    /// line, namespace objects.
    pub declared_at: FxHashMap<String, u32>,
    /// `--legal-comments eof`: the module's legal comments, as written
    /// (`/*! … */`, `// @license …`), for the end of the output.
    pub legal_comments: Vec<String>,
    /// The names the minifier gave the CommonJS factory's `exports` and
    /// `module` parameters, and whether it may be an arrow function (`None`:
    /// `function (exports, module)` as written).
    pub factory_params: Option<crate::minify::FactoryHead>,
    /// A lazy module's top-level function declarations, for outside its
    /// initializer (see `wrap.rs`), with their mappings.
    pub hoisted: Option<(String, Mappings)>,
    /// A lazy module's top-level names its `var` line leaves out: those the
    /// compressor dropped (see [`RenderPlan::read_outside`]), and those its
    /// hoisted functions declare.
    pub not_in_var_line: rustc_hash::FxHashSet<String>,
}

/// The identifiers (and keywords: harmless) in prelude lines.
pub fn prelude_names(prelude: &[String]) -> Vec<&str> {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    (prelude.iter())
        .flat_map(|line| line.split(|c: char| !ident(c)))
        .filter(|w| w.starts_with(|c: char| !c.is_ascii_digit()))
        .collect()
}

/// The swc runtime helpers that the given modules' lowered code calls, each
/// declared once, as code for the top of an output. `None` when none is used.
pub fn render_helpers<'h>(
    ctx: &EcmaContext,
    used: impl IntoIterator<Item = &'h crate::load::UsedHelpers>,
    lowering: crate::Lowering,
    minify: bool,
) -> Option<String> {
    ctx.with_globals(|| {
        let merged = Helpers::from_data(ctx.helper_data);
        for u in used {
            if let Some(d) = u.0 {
                merged.extend_from(&Helpers::from_data(d));
            }
        }
        let mut module = Module {
            span: DUMMY_SP,
            body: vec![],
            shebang: None,
        };
        HELPERS.set(&merged, || {
            module.visit_mut_with(&mut inject_helpers(ctx.unresolved_mark))
        });
        if module.body.is_empty() {
            return None;
        }
        if minify {
            module = minify_keeping_top_level(ctx, module);
        }
        Some(emit(
            ctx,
            &module,
            None,
            lowering.codegen_target(),
            minify,
            None,
        ))
    })
}

/// Helpers' code minified: their own names are what the modules call, kept as
/// any top-level name is; their locals are mangled and bodies compressed. Runs
/// inside the context's globals.
fn minify_keeping_top_level(ctx: &EcmaContext, mut module: Module) -> Module {
    let top_level_mark = Mark::new();
    module.visit_mut_with(&mut resolver(ctx.unresolved_mark, top_level_mark, false));
    let comments = SingleThreadedComments::default();
    let mut module = crate::minify::minify_module(ctx, module, &comments, top_level_mark, None);
    module.visit_mut_with(&mut fixer(None));
    module
}

/// `source` (ES5 script text: sheaf's runtime helpers) minified as `--minify`
/// minifies modules: top-level names kept, locals mangled, comments dropped.
/// `None` if it does not parse.
pub fn minify_script(ctx: &EcmaContext, source: &str) -> Option<String> {
    ctx.with_globals(|| {
        let fm = ctx.cm.new_source_file(
            swc_core::common::sync::Lrc::new(swc_core::common::FileName::Anon),
            source.to_string(),
        );
        let module = swc_core::ecma::parser::parse_file_as_module(
            &fm,
            swc_core::ecma::parser::Syntax::Es(Default::default()),
            EsVersion::Es5,
            None,
            &mut Vec::new(),
        )
        .ok()?;
        let module = minify_keeping_top_level(ctx, module);
        Some(emit(ctx, &module, None, EsVersion::Es5, true, None))
    })
}

/// Prints `module` (2-space indent, or minified), recording source positions
/// into `mappings` when given.
pub(crate) fn emit(
    ctx: &EcmaContext,
    module: &Module,
    comments: Option<&dyn swc_core::common::comments::Comments>,
    target: EsVersion,
    minify: bool,
    mappings: Option<&mut Vec<(BytePos, swc_core::common::LineCol)>>,
) -> String {
    fn print<W: WriteJs>(
        ctx: &EcmaContext,
        module: &Module,
        comments: Option<&dyn swc_core::common::comments::Comments>,
        cfg: Config,
        wr: W,
    ) {
        Emitter {
            cfg,
            cm: ctx.cm.clone(),
            comments,
            wr,
        }
        .emit_module(module)
        .expect("writing to a Vec cannot fail");
    }
    let mut buf = Vec::with_capacity(output_estimate(module, minify));
    {
        let cfg = Config::default().with_target(target).with_minify(minify);
        let w = crate::map_writer::MapWriter::new(&mut buf, mappings);
        if minify {
            // `return a;}` → `return a}`.
            print(
                ctx,
                module,
                comments,
                cfg,
                crate::semi_writer::OmitTrailingSemi::new(w),
            );
        } else {
            print(ctx, module, comments, cfg, w);
        }
    }
    String::from_utf8(buf).expect("codegen emits UTF-8")
}

/// Bytes to reserve for printing `module`: about what it prints, from the
/// length of the source it was parsed from. Grown step by step from 4 KiB, the
/// buffer of a 1 MB module was copied into fresh pages at each doubling, and
/// the pages it left behind were a sixth of the small React app's peak memory;
/// capacity beyond what is written is never touched, so a guess over the
/// mark costs address space, not memory.
fn output_estimate(module: &Module, minify: bool) -> usize {
    let source = crate::load::source_len(module);
    match minify {
        true => source * 3 / 4 + 1024,
        false => source + source / 4 + 1024,
    }
}

/// Renders a module that stays in the graph (watch mode, several outputs): the AST is cloned.
pub fn render_module(ctx: &EcmaContext, ast: &ModuleAst, plan: &RenderPlan) -> RenderedModule {
    render(
        ctx,
        ast.module.clone(),
        ast.leading.clone(),
        ast.trailing.clone(),
        ast,
        plan,
    )
}

/// Renders a module whose AST is not needed afterwards: no clone, and the AST is
/// freed on the worker that rendered it rather than serially at the end of the
/// build (or not at all when the process exits after it: `plan.exits_after`).
pub fn render_module_owned(
    ctx: &EcmaContext,
    mut ast: ModuleAst,
    plan: &RenderPlan,
) -> RenderedModule {
    let module = std::mem::replace(
        &mut ast.module,
        Module {
            span: DUMMY_SP,
            body: vec![],
            shebang: None,
        },
    );
    let leading = std::mem::take(&mut ast.leading);
    let trailing = std::mem::take(&mut ast.trailing);
    let large = crate::oxc_minify::is_large(&module);
    let rendered = render(ctx, module, leading, trailing, &ast, plan);
    sheaf_common::drop_unless_exiting(ast, plan.exits_after);
    if large {
        crate::freed_pages::release();
    }
    rendered
}

// Marks (contexts of synthesized names, the minifier) need swc's GLOBALS.
fn render(
    ctx: &EcmaContext,
    module: Module,
    leading: CommentMap,
    trailing: CommentMap,
    ast: &ModuleAst,
    plan: &RenderPlan,
) -> RenderedModule {
    ctx.with_globals(|| render_in_globals(ctx, module, leading, trailing, ast, plan))
}

/// Removes `"use strict"` from the module's directive prologue (its leading
/// string statements); other directives stay.
fn drop_use_strict(module: &mut Module) {
    let prologue = crate::directives::prologue_len(&module.body);
    let use_strict = |item: &ModuleItem| {
        let directive = item.as_stmt().and_then(crate::directives::directive);
        directive.is_some_and(|s| s.value.as_str() == Some("use strict"))
    };
    let mut index = 0;
    module.body.retain(|item| {
        index += 1;
        index > prologue || !use_strict(item)
    });
}

/// `comments` for the printer, or none when there are none: minified code
/// mostly keeps no comment at all, and the printer then looks none up (two map
/// lookups per token, a tenth of printing).
pub(crate) fn comments_to_print(comments: &SingleThreadedComments) -> Option<&dyn Comments> {
    let (leading, trailing) = comments.borrow_all();
    let none = leading.is_empty() && trailing.is_empty();
    (!none).then_some(comments as &dyn Comments)
}

/// Minified output keeps legal comments only (see `load::is_legal_comment`).
fn drop_annotations(comments: &SingleThreadedComments) {
    retain_comments(comments, crate::load::is_legal_comment);
}

/// Keeps the comments whose text `keep` accepts, leading and trailing.
pub(crate) fn retain_comments(comments: &SingleThreadedComments, keep: impl Fn(&str) -> bool) {
    let (mut leading, mut trailing) = comments.borrow_all_mut();
    for map in [&mut *leading, &mut *trailing] {
        map.retain(|_, list| {
            list.retain(|c| keep(&c.text));
            !list.is_empty()
        });
    }
}

fn render_in_globals(
    ctx: &EcmaContext,
    mut module: Module,
    leading: CommentMap,
    mut trailing: CommentMap,
    ast: &ModuleAst,
    plan: &RenderPlan,
) -> RenderedModule {
    let mut leading = if plan.comments {
        leading
    } else {
        Default::default()
    };
    let legal_comments = match plan.legal_comments {
        sheaf_common::LegalComments::Inline => Vec::new(),
        sheaf_common::LegalComments::Eof => take_legal_comments(&mut leading, &mut trailing),
        sheaf_common::LegalComments::None => {
            take_legal_comments(&mut leading, &mut trailing);
            Vec::new()
        }
    };
    strip_module_syntax(&mut module, ast, plan, &mut leading);
    if plan.minify && plan.strict {
        drop_use_strict(&mut module);
    }
    let class_names = (!plan.minify).then(|| crate::class_names::original_names(&module));
    let mut renamer = Renamer {
        ast,
        plan,
        fn_depth: 0,
        structural: false,
        ctxts: SymbolCtxts::of(ast),
    };
    module.visit_mut_with(&mut renamer);
    // Another module's constant read as its value: `if (false) …` goes, as a
    // define would have made it go (`fold.rs`).
    let is_literal = |r: &Replacement| matches!(r, Replacement::Literal(_));
    let inlined = || {
        plan.names.iter().flatten().any(is_literal)
            || plan
                .members
                .values()
                .flat_map(|m| m.values())
                .any(is_literal)
    };
    if renamer.structural && inlined() {
        crate::fold::fold_constant_branches(&mut module);
        // A folded-away `if` leaves an empty statement (no span): drop it.
        module
            .body
            .retain(|i| !matches!(i, ModuleItem::Stmt(Stmt::Empty(e)) if e.span.is_dummy()));
    }
    if let Some(originals) = class_names {
        crate::class_names::restore(&mut module, &originals);
    }
    let declared_at = match plan.positions {
        true => declared_positions(&module),
        false => FxHashMap::default(),
    };
    // With --minify, a lazy body is minified as a module first (its top-level
    // names declared): minified after the rewrite, `f = …` assigned a name the
    // unit does not declare, and the compressor moved such an assignment into
    // the one function that read `f`, so other modules found `f` unset.
    let mut functions = Vec::new();
    if plan.lazy && !plan.minify {
        functions = crate::wrap::lazy_body(&mut module);
        renamer.structural = true;
    }
    let comments = SingleThreadedComments::from_leading_and_trailing(
        Rc::new(RefCell::new(leading.into_iter().collect())),
        Rc::new(RefCell::new(if plan.comments {
            trailing.into_iter().collect()
        } else {
            Default::default()
        })),
    );
    if ast.top_level_mark.is_some() && crate::oxc_minify::applies_lazy(&module, plan) {
        if let Some(lazy) = crate::oxc_minify::render_lazy(ctx, &mut module, &comments, plan) {
            return RenderedModule {
                code: lazy.code,
                mappings: lazy.mappings,
                hoisted: lazy.hoisted,
                declared_at,
                legal_comments,
                factory_params: None,
                not_in_var_line: lazy.not_in_var_line,
            };
        }
    }
    if ast.top_level_mark.is_some() && crate::oxc_minify::applies(&module, plan) {
        let (code, mappings, factory_params) =
            crate::oxc_minify::render_minified(ctx, module, &comments, plan);
        return RenderedModule {
            code,
            mappings,
            hoisted: None,
            declared_at,
            legal_comments,
            factory_params,
            not_in_var_line: Default::default(),
        };
    }
    // Renaming alone never needs new parentheses; replacing an identifier with
    // another kind of expression (`void 0`, `a.b`) or a transform's rewrite may.
    let mut factory_params = None;
    let mut not_in_var_line = rustc_hash::FxHashSet::default();
    if plan.minify {
        if let Some(mark) = ast.top_level_mark {
            module = if plan.commonjs {
                let (body, params) = crate::minify::minify_factory_body(
                    ctx,
                    module,
                    &comments,
                    mark,
                    plan.prelude.is_empty(),
                    prelude_names(plan.prelude),
                );
                factory_params = params;
                body
            } else {
                let (minified, dropped) = minify_es_module(ctx, module, &comments, mark, plan);
                not_in_var_line = dropped;
                minified
            };
        }
        if plan.lazy {
            functions = crate::wrap::lazy_body(&mut module);
        }
        drop_annotations(&comments);
        // The minifier does not add the parentheses its rewrites may need.
        module.visit_mut_with(&mut fixer(Some(&comments)));
    } else if renamer.structural || ast.transformed {
        module.visit_mut_with(&mut fixer(Some(&comments)));
    }

    let printed_comments = comments_to_print(&comments);
    let emit_with_mappings = |module: &Module| {
        // About one mapping per six bytes of source (its tokens); see `output_estimate`.
        let source = crate::load::source_len(module);
        let mut mappings = Vec::with_capacity(if plan.positions { source / 6 } else { 0 });
        let code = emit(
            ctx,
            module,
            printed_comments,
            plan.lowering.codegen_target(),
            plan.minify,
            plan.positions.then_some(&mut mappings),
        );
        (code, Mappings::from(mappings))
    };
    let (code, mappings) = emit_with_mappings(&module);
    // Hoisted functions declare their own names.
    for f in &functions {
        if let ModuleItem::Stmt(Stmt::Decl(Decl::Fn(f))) = f {
            not_in_var_line.insert(f.ident.sym.as_str().to_owned());
        }
    }
    let hoisted = (!functions.is_empty()).then(|| {
        let mut functions = Module {
            span: DUMMY_SP,
            body: functions,
            shebang: None,
        };
        functions.visit_mut_with(&mut fixer(Some(&comments)));
        emit_with_mappings(&functions)
    });
    // Freeing React DOM's tree took 3-5 ms on one core at the very end of the
    // small React app's build, the other core idle.
    match crate::oxc_minify::is_large(&module) {
        true => sheaf_common::drop_later_unless_exiting(module, plan.exits_after),
        false => sheaf_common::drop_unless_exiting(module, plan.exits_after),
    }
    RenderedModule {
        code,
        mappings,
        hoisted,
        declared_at,
        legal_comments,
        factory_params,
        not_in_var_line,
    }
}

/// An ES module minified (see [`RenderPlan::read_outside`]), and for a lazy
/// module the top-level names that went with their declarations.
fn minify_es_module(
    ctx: &EcmaContext,
    module: Module,
    comments: &SingleThreadedComments,
    mark: Mark,
    plan: &RenderPlan,
) -> (Module, rustc_hash::FxHashSet<String>) {
    let read_outside = plan.names_read_outside();
    let before =
        (plan.lazy && read_outside.is_some()).then(|| crate::minify::top_level_names(&module));
    let module = crate::minify::minify_module(ctx, module, comments, mark, read_outside);
    let dropped = match before {
        Some(before) => {
            let after = crate::minify::top_level_names(&module);
            (before.into_iter())
                .filter(|n| !after.contains(n))
                .map(|n| n.as_str().to_owned())
                .collect()
        }
        None => Default::default(),
    };
    (module, dropped)
}

/// Takes the legal comments out of the comment maps, in source order, as text.
fn take_legal_comments(leading: &mut CommentMap, trailing: &mut CommentMap) -> Vec<String> {
    let mut taken: Vec<(BytePos, String)> = Vec::new();
    for map in [leading, trailing] {
        map.retain(|pos, list| {
            list.retain(|c| {
                if !crate::load::is_legal_comment(&c.text) {
                    return true;
                }
                taken.push((
                    *pos,
                    match c.kind {
                        CommentKind::Block => format!("/*{}*/", c.text),
                        CommentKind::Line => format!("//{}", c.text),
                    },
                ));
                false
            });
            !list.is_empty()
        });
    }
    taken.sort_by_key(|(pos, _)| *pos);
    taken.into_iter().map(|(_, t)| t).collect()
}

/// Where each top-level binding of `module` is declared (by its final name).
fn declared_positions(module: &Module) -> FxHashMap<String, u32> {
    let mut out = FxHashMap::default();
    for item in &module.body {
        let ModuleItem::Stmt(Stmt::Decl(decl)) = item else {
            continue;
        };
        let ids: Vec<Ident> = match decl {
            Decl::Fn(f) => vec![f.ident.clone()],
            Decl::Class(c) => vec![c.ident.clone()],
            Decl::Var(v) => swc_core::ecma::utils::find_pat_ids(&v.decls),
            _ => vec![],
        };
        for id in ids {
            if !id.span.is_dummy() {
                out.entry(id.sym.as_str().to_owned())
                    .or_insert(id.span.lo.0);
            }
        }
    }
    out
}

/// The declared name of a synthesized top-level binding (a default export). It
/// carries the module's top-level context, so passes that follow (the minifier)
/// know it is a top-level binding that other modules may use.
fn name_ident(plan: &RenderPlan, ast: &ModuleAst) -> Ident {
    let symbol = ast.default_symbol;
    let name = match symbol
        .and_then(|s| plan.names.get(s as usize))
        .and_then(Option::as_ref)
    {
        Some(Replacement::Name(n)) => n.as_str(),
        _ => "_default",
    };
    let ctxt = ast.top_level_mark.map_or(SyntaxContext::empty(), |m| {
        SyntaxContext::empty().apply_mark(m)
    });
    Ident::new(name.into(), DUMMY_SP, ctxt)
}

/// Turns the module's items into plain statements: imports and `export … from`
/// vanish (the linker bound them), `export` keywords go, default exports get names.
fn strip_module_syntax(
    module: &mut Module,
    ast: &ModuleAst,
    plan: &RenderPlan,
    leading: &mut CommentMap,
) {
    fn move_comments(leading: &mut CommentMap, from: BytePos, to: BytePos) {
        if from != to {
            if let Some(c) = leading.remove(&from) {
                leading.entry(to).or_default().extend(c);
            }
        }
    }
    let body = std::mem::take(&mut module.body);
    // Legal comments of statements tree shaking dropped stay, before the next
    // statement that is kept (or on an empty one at the end).
    let mut orphans: Vec<swc_core::common::comments::Comment> = Vec::new();
    let mut last_dropped = None;
    // What does not go on: tree-shaken statements, imports. Freed here, they
    // were a tenth of rendering the 10,000-module app (each module's imports
    // and its unused function), for a process that exits once the output is
    // written (see `drop_unless_exiting`).
    let mut discarded = Vec::new();
    for (i, item) in body.into_iter().enumerate() {
        if plan.live.is_some_and(|live| !live[i]) {
            let lo = item.span().lo;
            if let Some(list) = leading.get_mut(&lo) {
                let (legal, rest): (Vec<_>, Vec<_>) = std::mem::take(list)
                    .into_iter()
                    .partition(|c| crate::load::is_legal_comment(&c.text));
                *list = rest;
                orphans.extend(legal);
            }
            last_dropped = Some(lo);
            discarded.push(item);
            continue;
        }
        if !orphans.is_empty() {
            let at = leading.entry(item.span().lo).or_default();
            at.splice(0..0, std::mem::take(&mut orphans));
        }
        let stmt = match item {
            ModuleItem::Stmt(s) => s,
            ModuleItem::ModuleDecl(decl) => match decl {
                ModuleDecl::ExportDecl(e) => {
                    move_comments(leading, e.span.lo, e.decl.span().lo);
                    Stmt::Decl(e.decl)
                }
                ModuleDecl::ExportDefaultDecl(e) => {
                    move_comments(leading, e.span.lo, e.decl.span().lo);
                    match e.decl {
                        DefaultDecl::Class(c) => Stmt::Decl(Decl::Class(ClassDecl {
                            ident: c.ident.unwrap_or_else(|| name_ident(plan, ast)),
                            declare: false,
                            class: c.class,
                        })),
                        DefaultDecl::Fn(f) => Stmt::Decl(Decl::Fn(FnDecl {
                            ident: f.ident.unwrap_or_else(|| name_ident(plan, ast)),
                            declare: false,
                            function: f.function,
                        })),
                        DefaultDecl::TsInterfaceDecl(_) => continue,
                    }
                }
                ModuleDecl::ExportDefaultExpr(e) => {
                    move_comments(leading, e.span.lo, e.expr.span().lo);
                    Stmt::Decl(Decl::Var(Box::new(VarDecl {
                        span: e.span,
                        ctxt: SyntaxContext::empty(),
                        kind: VarDeclKind::Var,
                        declare: false,
                        decls: vec![VarDeclarator {
                            span: DUMMY_SP,
                            name: Pat::Ident(name_ident(plan, ast).into()),
                            init: Some(e.expr),
                            definite: false,
                        }],
                    })))
                }
                decl => {
                    discarded.push(ModuleItem::ModuleDecl(decl));
                    continue;
                }
            },
        };
        match stmt {
            Stmt::Decl(Decl::Var(v)) if !plan.unused.is_empty() => module.body.extend(
                drop_unused_declarators(*v, |i| {
                    (ast.symbol_ids.get(&i.to_id())).is_some_and(|s| plan.unused.contains(s))
                })
                .into_iter()
                .map(ModuleItem::Stmt),
            ),
            stmt => module.body.push(ModuleItem::Stmt(stmt)),
        }
    }
    if let (false, Some(lo)) = (orphans.is_empty(), last_dropped) {
        leading.entry(lo).or_default().extend(orphans);
        module.body.push(ModuleItem::Stmt(Stmt::Empty(EmptyStmt {
            span: swc_core::common::Span::new(lo, lo),
        })));
    }
    sheaf_common::drop_unless_exiting(discarded, plan.exits_after);
}

/// `let a = f(), unused = g(), b = a` → `let a = f(); g(); let b = a;`: each
/// declarator of a name nothing uses becomes its initializer's statement (the
/// minifier drops it if pure), in place, so everything runs in the same order.
fn drop_unused_declarators(mut v: VarDecl, unused: impl Fn(&Ident) -> bool) -> Vec<Stmt> {
    let is_unused = |d: &VarDeclarator| matches!(&d.name, Pat::Ident(b) if unused(&b.id));
    if !v.decls.iter().any(is_unused) {
        return vec![Stmt::Decl(Decl::Var(Box::new(v)))];
    }
    let decls = std::mem::take(&mut v.decls);
    let mut out = Vec::new();
    let mut kept: Vec<VarDeclarator> = Vec::new();
    let flush = |kept: &mut Vec<VarDeclarator>, out: &mut Vec<Stmt>| {
        if !kept.is_empty() {
            let decls = std::mem::take(kept);
            out.push(Stmt::Decl(Decl::Var(Box::new(VarDecl {
                decls,
                ..v.clone()
            }))));
        }
    };
    for d in decls {
        if !is_unused(&d) {
            kept.push(d);
            continue;
        }
        flush(&mut kept, &mut out);
        if let Some(init) = d.init {
            out.push(Stmt::Expr(ExprStmt {
                span: d.span,
                expr: init,
            }));
        }
    }
    flush(&mut kept, &mut out);
    out
}

struct Renamer<'a> {
    ast: &'a ModuleAst,
    plan: &'a RenderPlan<'a>,
    fn_depth: u32,
    /// Set when an expression was replaced by one of another kind.
    structural: bool,
    /// The syntax contexts of the module's top-level symbols (see [`SymbolCtxts`]).
    ctxts: SymbolCtxts,
}

/// The few syntax contexts the module's top-level symbols have (one, after
/// SWC's resolver): an identifier of any other context (a local, a global) is
/// no symbol, which is known without hashing it. Most identifiers are locals.
struct SymbolCtxts(Option<Vec<SyntaxContext>>);

impl SymbolCtxts {
    /// Past this many contexts, every identifier is looked up.
    const MAX: usize = 8;

    fn of(ast: &ModuleAst) -> Self {
        let mut ctxts = Vec::new();
        for (_, c) in ast.symbol_ids.keys() {
            if !ctxts.contains(c) {
                if ctxts.len() == Self::MAX {
                    return SymbolCtxts(None);
                }
                ctxts.push(*c);
            }
        }
        SymbolCtxts(Some(ctxts))
    }

    fn may_hold(&self, ctxt: SyntaxContext) -> bool {
        self.0.as_ref().is_none_or(|c| c.contains(&ctxt))
    }
}

impl Renamer<'_> {
    /// The top-level symbol `i` names, if any.
    fn symbol(&self, i: &Ident) -> Option<SymbolIdx> {
        if !self.ctxts.may_hold(i.ctxt) {
            return None;
        }
        self.ast.symbol_ids.get(&i.to_id()).copied()
    }

    fn replacement(&self, i: &Ident) -> Option<(SymbolIdx, &Replacement)> {
        let s = self.symbol(i)?;
        Some((s, self.plan.names.get(s as usize)?.as_ref()?))
    }

    fn member_replacement(&self, m: &MemberExpr) -> Option<Replacement> {
        // `ns.a.b`, when the linker resolved the path (`export * as a`).
        if let Expr::Member(inner) = &*m.obj {
            let Expr::Ident(obj) = &*inner.obj else {
                return None;
            };
            let s = self.symbol(obj)?;
            let members = self.plan.members.get(&s)?;
            let path = format!(
                "{}{}{}",
                crate::analyze::prop_name(&inner.prop)?,
                crate::MEMBER_PATH_SEP,
                crate::analyze::prop_name(&m.prop)?
            );
            return members.get(&path).cloned();
        }
        let Expr::Ident(obj) = &*m.obj else {
            return None;
        };
        let s = self.symbol(obj)?;
        let members = self.plan.members.get(&s)?;
        let prop = crate::analyze::prop_name(&m.prop)?;
        Some(
            members
                .get(&prop)
                .cloned()
                .unwrap_or(Replacement::Undefined),
        )
    }

    fn import_meta(&self) -> Option<Expr> {
        match self.plan.import_meta {
            ImportMetaMode::Keep => None,
            ImportMetaMode::Dev => Some(Expr::Ident(ident("__sheaf_meta"))),
            ImportMetaMode::NodeCjs => Some(Expr::Ident(ident(NODE_CJS_META))),
            ImportMetaMode::Empty => Some(Expr::Object(ObjectLit {
                span: DUMMY_SP,
                props: vec![],
            })),
        }
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name.into(), DUMMY_SP, SyntaxContext::empty())
}

/// A name the linker gave: `x`, or `chunk.x` for a binding another chunk
/// exports in CommonJS output (read through that chunk's `require` result).
fn name_ref(name: &str) -> Expr {
    match name.split_once('.') {
        Some((object, property)) => member(object, property, DUMMY_SP),
        None => Expr::Ident(ident(name)),
    }
}

/// `promise.then(function (param) { return value; })`: valid at every --target.
/// `__sheafLoadCss(["./a.css"], import.meta.url)`.
fn load_css(hrefs: &[String]) -> Expr {
    let list = Expr::Array(ArrayLit {
        span: DUMMY_SP,
        elems: hrefs
            .iter()
            .map(|h| {
                Some(ExprOrSpread {
                    spread: None,
                    expr: Box::new(str_lit(h)),
                })
            })
            .collect(),
    });
    let meta_url = Expr::Member(MemberExpr {
        span: DUMMY_SP,
        obj: Box::new(Expr::MetaProp(MetaPropExpr {
            span: DUMMY_SP,
            kind: MetaPropKind::ImportMeta,
        })),
        prop: MemberProp::Ident(IdentName::new("url".into(), DUMMY_SP)),
    });
    call(Expr::Ident(ident(LOAD_CSS)), vec![list, meta_url])
}

/// The runtime helper that links stylesheets (see `runtime.js`).
const LOAD_CSS: &str = "__sheafLoadCss";

fn then(promise: Expr, param: Option<&str>, value: Expr) -> Expr {
    let callee = Expr::Member(MemberExpr {
        span: DUMMY_SP,
        obj: Box::new(promise),
        prop: MemberProp::Ident(IdentName::new("then".into(), DUMMY_SP)),
    });
    let callback = Expr::Fn(FnExpr {
        ident: None,
        function: Box::new(Function {
            params: param
                .map(|p| Param {
                    span: DUMMY_SP,
                    decorators: vec![],
                    pat: Pat::Ident(BindingIdent::from(ident(p))),
                })
                .into_iter()
                .collect(),
            body: Some(FunctionBody {
                span: DUMMY_SP,
                stmts: vec![Stmt::Return(ReturnStmt {
                    span: DUMMY_SP,
                    arg: Some(Box::new(value)),
                })],
            }),
            ..Default::default()
        }),
    });
    call(callee, vec![callback])
}

/// What a reference becomes: a name, `object.property`, `void 0` or a value.
fn replacement_expr(r: &Replacement, span: swc_core::common::Span) -> Expr {
    match r {
        Replacement::Name(n) => {
            Expr::Ident(Ident::new(n.as_str().into(), span, SyntaxContext::empty()))
        }
        Replacement::Member(m) => member(&m.object, &m.property, span),
        Replacement::Undefined => undefined(),
        Replacement::Literal(v) => literal(v, span),
    }
}

/// A constant's value as an expression: `false`, `-1`, `"on"`, `void 0`.
fn literal(v: &crate::ConstValue, span: swc_core::common::Span) -> Expr {
    use crate::ConstValue as C;
    let num = |value: f64| {
        Expr::Lit(Lit::Num(Number {
            span,
            value,
            raw: None,
        }))
    };
    match v {
        C::Bool(value) => Expr::Lit(Lit::Bool(Bool {
            span,
            value: *value,
        })),
        C::Null => Expr::Lit(Lit::Null(Null { span })),
        C::Undefined => undefined(),
        C::Num(n) if *n < 0.0 || (*n == 0.0 && n.is_sign_negative()) => Expr::Unary(UnaryExpr {
            span,
            op: UnaryOp::Minus,
            arg: Box::new(num(-n)),
        }),
        C::Num(n) => num(*n),
        C::Str(s) => Expr::Lit(Lit::Str(Str {
            span,
            value: s.as_str().into(),
            raw: None,
        })),
    }
}

/// `object.property`, or `object["property"]` when the property is not an
/// identifier (a JSON key such as `"my-key"`).
fn member(object: &str, property: &str, span: swc_core::common::Span) -> Expr {
    let prop = if sheaf_common::is_identifier(property) {
        MemberProp::Ident(IdentName::new(property.into(), DUMMY_SP))
    } else {
        MemberProp::Computed(ComputedPropName {
            span: DUMMY_SP,
            expr: Box::new(str_lit(property)),
        })
    };
    Expr::Member(MemberExpr {
        span,
        obj: Box::new(name_ref(object)),
        prop,
    })
}

fn undefined() -> Expr {
    Expr::Unary(UnaryExpr {
        span: DUMMY_SP,
        op: UnaryOp::Void,
        arg: Box::new(Expr::Lit(Lit::Num(Number {
            span: DUMMY_SP,
            value: 0.0,
            raw: None,
        }))),
    })
}

fn call(callee: Expr, args: Vec<Expr>) -> Expr {
    Expr::Call(CallExpr {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        callee: Callee::Expr(Box::new(callee)),
        args: args
            .into_iter()
            .map(|e| ExprOrSpread {
                spread: None,
                expr: Box::new(e),
            })
            .collect(),
        type_args: None,
    })
}

/// `(init(), value)` for a module evaluated on demand, else `value`.
fn after_init(init: Option<&str>, value: Expr) -> Expr {
    match init {
        Some(init) => Expr::Paren(ParenExpr {
            span: DUMMY_SP,
            expr: Box::new(Expr::Seq(SeqExpr {
                span: DUMMY_SP,
                exprs: vec![Box::new(call(name_ref(init), vec![])), Box::new(value)],
            })),
        }),
        None => value,
    }
}

fn str_lit(s: &str) -> Expr {
    Expr::Lit(Lit::Str(Str {
        span: DUMMY_SP,
        value: s.into(),
        raw: None,
    }))
}

/// The variable cjs output on node defines for `import.meta` (see [`ImportMetaMode::NodeCjs`]).
pub const NODE_CJS_META: &str = "__sheafMeta";

/// `__sheafToEsm(value)`, with the flags of [`Interop::extra_args`].
fn interop_call(interop: &Interop, value: Expr) -> Expr {
    let flags = Interop::flags(interop.node_mode, interop.json).iter();
    let args = std::iter::once(value).chain(flags.map(|&f| {
        Expr::Lit(Lit::Num(Number {
            span: DUMMY_SP,
            value: f64::from(f),
            raw: None,
        }))
    }));
    call(Expr::Ident(ident(&interop.helper)), args.collect())
}

/// A function's directive prologue with double quotes (`'use strict'` →
/// `"use strict"`), as esbuild and rolldown print it: what the function's
/// `toString()` shows then matches theirs. A directive with a quote or an escape
/// in it stays as written (its raw text is what it means).
fn double_quote_directives(stmts: &mut [Stmt]) {
    for stmt in stmts {
        let Stmt::Expr(ExprStmt { expr, .. }) = stmt else {
            return;
        };
        let Expr::Lit(Lit::Str(s)) = &mut **expr else {
            return;
        };
        if let Some(raw) = &s.raw {
            let inner = &raw[1..raw.len().saturating_sub(1)];
            if raw.starts_with('\'') && !inner.contains(['"', '\\', '\'']) {
                s.raw = Some(format!("\"{inner}\"").into());
            }
        }
    }
}

/// `(0, a.b)`: calls through a replaced binding must not pass `a` as `this`.
fn detach_this(e: &mut Expr) {
    if matches!(e, Expr::Member(_)) {
        let m = std::mem::replace(e, Expr::Invalid(Invalid { span: DUMMY_SP }));
        *e = Expr::Paren(ParenExpr {
            span: DUMMY_SP,
            expr: Box::new(Expr::Seq(SeqExpr {
                span: DUMMY_SP,
                exprs: vec![
                    Box::new(Expr::Lit(Lit::Num(Number {
                        span: DUMMY_SP,
                        value: 0.0,
                        raw: None,
                    }))),
                    Box::new(m),
                ],
            })),
        });
    }
}

fn is_replaced_ref(e: &Expr) -> bool {
    matches!(e, Expr::Ident(_)) || matches!(e, Expr::Member(m) if matches!(&*m.obj, Expr::Ident(_)))
}

impl VisitMut for Renamer<'_> {
    fn visit_mut_expr(&mut self, expr: &mut Expr) {
        let before = std::mem::discriminant(&*expr);
        self.visit_expr_inner(expr);
        if std::mem::discriminant(&*expr) != before {
            self.structural = true;
        }
    }

    fn visit_mut_call_expr(&mut self, c: &mut CallExpr) {
        self.call_expr(c);
    }

    fn visit_mut_tagged_tpl(&mut self, t: &mut TaggedTpl) {
        self.tagged_tpl(t);
    }

    fn visit_mut_ident(&mut self, i: &mut Ident) {
        self.rename_ident(i);
    }

    fn visit_mut_prop(&mut self, p: &mut Prop) {
        self.prop(p);
    }

    fn visit_mut_object_pat_prop(&mut self, p: &mut ObjectPatProp) {
        self.object_pat_prop(p);
    }

    fn visit_mut_function(&mut self, f: &mut Function) {
        self.fn_depth += 1;
        if let Some(body) = &mut f.body {
            double_quote_directives(&mut body.stmts);
        }
        f.visit_mut_children_with(self);
        self.fn_depth -= 1;
    }

    fn visit_mut_class(&mut self, c: &mut Class) {
        // `this` in class members is the instance or the class, never the module's.
        c.super_class.visit_mut_with(self);
        c.decorators.visit_mut_with(self);
        self.fn_depth += 1;
        c.body.visit_mut_with(self);
        self.fn_depth -= 1;
    }

    fn visit_mut_member_prop(&mut self, p: &mut MemberProp) {
        if let MemberProp::Computed(c) = p {
            c.visit_mut_with(self);
        }
    }

    fn visit_mut_prop_name(&mut self, p: &mut PropName) {
        if let PropName::Computed(c) = p {
            c.visit_mut_with(self);
        }
    }
}

impl Renamer<'_> {
    fn visit_expr_inner(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Ident(i) => {
                if let Some((_, r)) = self.replacement(i) {
                    if !matches!(r, Replacement::Name(_)) {
                        *expr = replacement_expr(r, i.span);
                        return;
                    }
                }
            }
            Expr::Member(m) => {
                if let Some(r) = self.member_replacement(m) {
                    *expr = replacement_expr(&r, m.span);
                    return;
                }
            }
            Expr::MetaProp(MetaPropExpr {
                kind: MetaPropKind::ImportMeta,
                ..
            }) => {
                if let Some(e) = self.import_meta() {
                    *expr = e;
                }
                return;
            }
            Expr::Call(CallExpr {
                callee: Callee::Expr(callee),
                args,
                ..
            }) if matches!(&**callee, Expr::Ident(i) if i.sym == "require") && args.len() == 1 => {
                let record = match &*args[0].expr {
                    Expr::Lit(Lit::Str(s)) => self
                        .ast
                        .dynamic_records
                        .get(&crate::analyze::RecordKey::of(s))
                        .copied(),
                    _ => None,
                };
                match record.and_then(|r| self.plan.requires.get(&r)) {
                    Some(RequireCall::Factory(name)) => {
                        *expr = call(name_ref(name), vec![]);
                        return;
                    }
                    Some(RequireCall::EsModule {
                        helper,
                        namespace,
                        init,
                    }) => {
                        let value = call(Expr::Ident(ident(helper)), vec![name_ref(namespace)]);
                        *expr = after_init(init.as_deref(), value);
                        return;
                    }
                    Some(RequireCall::Runtime(spec)) => {
                        *args[0].expr = str_lit(spec);
                        return;
                    }
                    None => {}
                }
            }
            Expr::This(_) if self.fn_depth == 0 && !self.plan.commonjs => {
                // Top-level `this` in an ES module is `undefined`.
                *expr = undefined();
                return;
            }
            Expr::Call(CallExpr {
                callee: Callee::Import(_),
                args,
                ..
            }) => {
                let record = match args.first().map(|a| &*a.expr) {
                    Some(Expr::Lit(Lit::Str(s))) => self
                        .ast
                        .dynamic_records
                        .get(&crate::analyze::RecordKey::of(s))
                        .copied(),
                    _ => None,
                };
                match record.and_then(|r| self.plan.dynamic_imports.get(&r)) {
                    Some(DynamicImport::Bundled {
                        namespace,
                        init,
                        init_async,
                    }) => {
                        // Promise.resolve().then(function () { return ns; })
                        let resolved = call(member("Promise", "resolve", DUMMY_SP), vec![]);
                        *expr = match (init, init_async) {
                            (Some(init), true) => {
                                let started = then(resolved, None, call(name_ref(init), vec![]));
                                then(started, None, name_ref(namespace))
                            }
                            _ => then(
                                resolved,
                                None,
                                after_init(init.as_deref(), name_ref(namespace)),
                            ),
                        };
                        return;
                    }
                    Some(DynamicImport::Chunk {
                        specifier,
                        require,
                        interop,
                        css,
                        extract,
                    }) => {
                        let loaded = if *require {
                            let resolved = call(member("Promise", "resolve", DUMMY_SP), vec![]);
                            let required =
                                call(Expr::Ident(ident("require")), vec![str_lit(specifier)]);
                            then(resolved, None, required)
                        } else {
                            if let Some(a) = args.first_mut() {
                                *a.expr = str_lit(specifier);
                            }
                            // The chunk is JavaScript whatever the source's import
                            // attributes said (`{ with: { type: "json" } }`).
                            args.truncate(1);
                            match css.is_empty() {
                                true => expr.clone(),
                                false => then(load_css(css), None, expr.clone()),
                            }
                        };
                        let loaded = match extract {
                            Some(ns) => then(loaded, Some("m"), member("m", ns, DUMMY_SP)),
                            None => loaded,
                        };
                        *expr = match interop {
                            // A CommonJS module's chunk holds its `module.exports`
                            // (as `default` in esm): seen from ESM, it needs the interop object.
                            Some(interop) => {
                                let arg = if *require {
                                    Expr::Ident(ident("m"))
                                } else {
                                    member("m", "default", DUMMY_SP)
                                };
                                then(loaded, Some("m"), interop_call(interop, arg))
                            }
                            None => loaded,
                        };
                        return;
                    }
                    Some(DynamicImport::CommonJs { factory, interop }) => {
                        let value = interop_call(interop, call(name_ref(factory), vec![]));
                        let resolved = call(member("Promise", "resolve", DUMMY_SP), vec![]);
                        *expr = then(resolved, None, value);
                        return;
                    }
                    Some(DynamicImport::Registry(id)) => {
                        *expr = call(member("require", "import", DUMMY_SP), vec![str_lit(id)]);
                        return;
                    }
                    Some(DynamicImport::External(spec)) => {
                        if let Some(a) = args.first_mut() {
                            *a.expr = str_lit(spec);
                        }
                    }
                    None => {}
                }
            }
            _ => {}
        }
        expr.visit_mut_children_with(self);
    }

    fn call_expr(&mut self, c: &mut CallExpr) {
        if let Callee::Expr(callee) = &mut c.callee {
            let was_ref = is_replaced_ref(callee);
            let before_member = matches!(&**callee, Expr::Member(_));
            callee.visit_mut_with(self);
            if was_ref && !before_member {
                detach_this(callee);
            } else if was_ref && before_member && matches!(&**callee, Expr::Ident(_)) {
                // `ns.f()` → `f()`: fine, a namespace is never a meaningful `this`.
            }
        } else {
            c.callee.visit_mut_with(self);
        }
        c.args.visit_mut_with(self);
    }

    fn tagged_tpl(&mut self, t: &mut TaggedTpl) {
        let was_ident = matches!(&*t.tag, Expr::Ident(_));
        t.tag.visit_mut_with(self);
        if was_ident {
            detach_this(&mut t.tag);
        }
        t.tpl.visit_mut_with(self);
    }

    fn rename_ident(&mut self, i: &mut Ident) {
        // Most names stay as written: an atom made afresh for each reference
        // (a lookup in the global atom store) was a quarter of renaming.
        if let Some((_, Replacement::Name(n))) = self.replacement(i) {
            if *n != *i.sym {
                i.sym = n.as_str().into();
            }
        }
    }

    fn prop(&mut self, p: &mut Prop) {
        if let Prop::Shorthand(i) = p {
            if let Some((_, r)) = self.replacement(i) {
                if !matches!(r, Replacement::Name(n) if *n == *i.sym) {
                    // A name keeps the reference's context: made afresh, the
                    // minifier took it for another binding's (a global), and
                    // dropped the module's own `const` it named as unused.
                    let value = match r {
                        Replacement::Name(n) => {
                            Expr::Ident(Ident::new(n.as_str().into(), i.span, i.ctxt))
                        }
                        _ => replacement_expr(r, i.span),
                    };
                    *p = Prop::KeyValue(KeyValueProp {
                        key: PropName::Ident(IdentName::new(i.sym.clone(), i.span)),
                        value: Box::new(value),
                    });
                }
            }
            return;
        }
        p.visit_mut_children_with(self);
    }

    fn object_pat_prop(&mut self, p: &mut ObjectPatProp) {
        if let ObjectPatProp::Assign(a) = p {
            if let Some((_, Replacement::Name(n))) = self.replacement(&a.key.id) {
                if *n != *a.key.id.sym {
                    let key = PropName::Ident(IdentName::new(a.key.id.sym.clone(), a.key.id.span));
                    let mut binding = a.key.clone();
                    binding.id.sym = n.as_str().into();
                    let mut value = a.value.take();
                    value.visit_mut_with(self);
                    let pat = match value {
                        Some(default) => Pat::Assign(AssignPat {
                            span: a.span,
                            left: Box::new(Pat::Ident(binding)),
                            right: default,
                        }),
                        None => Pat::Ident(binding),
                    };
                    *p = ObjectPatProp::KeyValue(KeyValuePatProp {
                        key,
                        value: Box::new(pat),
                    });
                    return;
                }
            }
        }
        p.visit_mut_children_with(self);
    }
}
