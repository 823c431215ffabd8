//! Load one module: parse by extension, run the per-module transforms
//! (resolver, TypeScript strip, JSX, define), then analyze it.
//!
//! Example: `load_module(&ctx, Path::new("src/app.tsx"), text, &opts)` returns the
//! transformed AST (kept for rendering) and the [`ModuleInfo`] facts the linker needs.
//!
//! Why one call: scan runs this on a rayon worker per file, and everything it does
//! is local to the file, so it needs no locks beyond swc's shared source map.

use std::{path::Path, rc::Rc};

use rustc_hash::FxHashMap;
use sheaf_common::{Diagnostic, JsxOptions, JsxRuntime};
use swc_core::{
    common::{
        comments::{Comment, SingleThreadedComments},
        sync::Lrc,
        BytePos, FileName, Mark, SourceFile, SourceMap, Spanned, SyntaxContext, DUMMY_SP,
    },
    ecma::{
        ast::*,
        parser::{
            parse_file_as_commonjs, parse_file_as_expr, parse_file_as_module, EsSyntax, Syntax,
            TsSyntax,
        },
        transforms::{
            base::{
                helpers::{inject_helpers, Helpers, HELPERS},
                hygiene::hygiene,
                resolver,
            },
            react::{self, Runtime},
            typescript,
        },
    },
};

use crate::{
    analyze::analyze, define::Define, early_errors::Checked, text_tests, EcmaContext, ModuleInfo,
};

pub struct LoadOptions<'a> {
    pub jsx: &'a JsxOptions,
    pub classes: ClassOptions,
    pub define: &'a Define,
    pub lowering: &'a crate::Lowering,
    /// Used to name synthesized symbols, e.g. `utils` → `utils_default`.
    pub name_hint: &'a str,
    /// Bundling: `new URL('./x.png', import.meta.url)` imports the file (see
    /// `asset_urls.rs`); `sheaf transform` leaves it as written.
    pub asset_urls: bool,
    /// What a plugin said the code is (`js`, `jsx`, `ts`, `tsx`, `json`);
    /// otherwise the path's extension decides.
    pub module_type: Option<&'a str>,
}

/// Class semantics (from the tsconfig.json that owns the file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassOptions {
    /// TypeScript's legacy decorators (`experimentalDecorators`); otherwise
    /// decorators are the standard (stage 3) ones. Both are lowered for every target.
    pub legacy_decorators: bool,
    /// `emitDecoratorMetadata` (legacy decorators only).
    pub decorator_metadata: bool,
    /// `useDefineForClassFields`: class fields are defined ([[Define]], native
    /// fields) rather than assigned in the constructor.
    pub define_class_fields: bool,
}

impl Default for ClassOptions {
    fn default() -> Self {
        ClassOptions {
            legacy_decorators: false,
            decorator_metadata: false,
            define_class_fields: true,
        }
    }
}

pub(crate) type CommentMap = FxHashMap<BytePos, Vec<Comment>>;

/// The transformed AST of one module, ready to be rendered with a [`crate::RenderPlan`].
pub struct ModuleAst {
    pub(crate) module: Module,
    pub(crate) leading: CommentMap,
    pub(crate) trailing: CommentMap,
    /// Every top-level binding's swc `Id` → its index in `ModuleInfo::symbols`.
    pub(crate) symbol_ids: FxHashMap<Id, u32>,
    /// The symbol named by `export default <expr>` and anonymous default declarations.
    pub(crate) default_symbol: Option<u32>,
    /// `import('x')`: the specifier literal's start position → its record index.
    pub(crate) dynamic_records: FxHashMap<crate::analyze::RecordKey, u32>,
    /// Whether a TypeScript or JSX pass rewrote the AST, so rendering must run
    /// `fixer` to add any parentheses those rewrites need.
    pub(crate) transformed: bool,
    /// The module's top-level scope mark (from the last `resolver` run), for the minifier.
    pub(crate) top_level_mark: Option<Mark>,
}

impl ModuleAst {
    /// How many bytes of source the module was parsed from (0 for generated
    /// ones): a measure of the work it takes to render.
    pub fn source_len(&self) -> usize {
        source_len(&self.module)
    }
}

/// The length of the source `module` was parsed from (its span; 0 for generated ones).
pub(crate) fn source_len(module: &Module) -> usize {
    module.span.hi.0.saturating_sub(module.span.lo.0) as usize
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Js,
    Ts,
    Tsx,
    Json,
}

fn lang_of(path: &Path, module_type: Option<&str>) -> Lang {
    match module_type {
        Some("ts") => return Lang::Ts,
        Some("tsx") => return Lang::Tsx,
        Some("json") => return Lang::Json,
        Some(_) => return Lang::Js,
        None => {}
    }
    // A data URL module (see sheaf_bundler's data_url.rs) is typed by its MIME type.
    if let Some(url) = path.to_str().and_then(|p| p.strip_prefix("data:")) {
        let mime = url.split([',', ';']).next().unwrap_or("").trim();
        return match mime.eq_ignore_ascii_case("application/json") {
            true => Lang::Json,
            false => Lang::Js,
        };
    }
    match sheaf_common::path_text::extension(path).unwrap_or("") {
        "ts" | "mts" | "cts" => Lang::Ts,
        "tsx" => Lang::Tsx,
        "json" => Lang::Json,
        _ => Lang::Js,
    }
}

/// A parsed file and what the transforms need to know about it.
pub(crate) struct Parsed {
    pub module: Module,
    pub comments: SingleThreadedComments,
    lang: Lang,
    maybe_jsx: bool,
    /// Where in the file a define may apply (see `Define::places_in`); none:
    /// no define does.
    define_places: Vec<BytePos>,
    /// The module has decorators (looked for where the text has an `@`, found
    /// by `early_errors`' walk): they are lowered.
    has_decorators: bool,
    /// The text mentions `__PURE__` (see `pure_calls`).
    maybe_pure: bool,
    /// Some `var` repeats a simple catch parameter (see `catch_vars`; found by
    /// the early-error check).
    maybe_catch: bool,
    /// `new URL('./x', import.meta.url)` may occur (see `asset_urls`).
    maybe_asset_urls: bool,
    jsx: JsxOptions,
    force_cjs: bool,
    /// Polyfills may be injected (not in core-js or regenerator-runtime themselves).
    polyfillable: bool,
    /// The text may hold what makes transformed code need `hygiene` (see
    /// [`may_need_hygiene`]).
    hygiene_text: bool,
}

impl Parsed {
    /// Whether a transform other than `define` rewrote the code (so `fixer` and
    /// `hygiene` are needed).
    pub fn transformed(&self, lowering: &crate::Lowering) -> bool {
        self.lang != Lang::Js || self.maybe_jsx || self.has_decorators || !lowering.is_none()
    }
}

/// Parses `source` by the extension of `path` (see [`load_module`]).
pub(crate) fn parse_source(
    ctx: &EcmaContext,
    path: &Path,
    source: String,
    opts: &LoadOptions,
) -> Result<Parsed, Vec<Diagnostic>> {
    let lang = lang_of(path, opts.module_type);
    // Every JSX element contains `</` or `/>`; skipping the JSX pass elsewhere saves a traversal.
    let maybe_jsx = lang != Lang::Json
        && (text_tests::CLOSING_TAG.is_in(&source) || text_tests::SELF_CLOSING.is_in(&source));
    let maybe_decorators = lang != Lang::Json && source.contains('@');
    let maybe_pure = text_tests::PURE.is_in(&source);
    let maybe_asset_urls =
        opts.asset_urls && lang != Lang::Json && crate::asset_urls::maybe(&source);
    // A `@jsx h` pragma asks for the classic runtime unless one was configured.
    let mut jsx = opts.jsx.clone();
    if jsx.runtime.is_none()
        && maybe_jsx
        && (text_tests::JSX_PRAGMA.is_in(&source) || text_tests::JSX_FRAG_PRAGMA.is_in(&source))
    {
        jsx.runtime = Some(JsxRuntime::Classic);
    }
    let hygiene_text = may_need_hygiene(&source, lang);
    let fm = ctx
        .cm
        .new_source_file(Lrc::new(FileName::Real(path.to_path_buf())), source);
    // A define can only apply where its first name appears in the text: skip the pass otherwise.
    let define_places = opts.define.places_in(&fm.src, fm.start_pos);
    let ext = sheaf_common::path_text::extension(path).unwrap_or("");
    // CommonJS is parsed as a sloppy-mode script (it may use `with`, octal
    // literals or a top-level `return`); a file with no import/export at all is
    // tried that way first, and a module that fails to parse is retried as one.
    let maybe_script = lang == Lang::Js
        && (ext == "cjs"
            || (ext != "mjs"
                && !text_tests::IMPORT.is_in(&fm.src)
                && !text_tests::EXPORT.is_in(&fm.src)));
    let mut comments = SingleThreadedComments::default();
    let mut recovered = Vec::new();
    let mut parsed = parse(&fm, lang, maybe_script, &comments, &mut recovered);
    if lang == Lang::Js && (parsed.is_err() || !recovered.is_empty()) {
        // The other way may succeed: a script with top-level `await`, or a module
        // that is CommonJS after all. The first attempt's errors are kept otherwise.
        let retry_comments = SingleThreadedComments::default();
        let mut retry_recovered = Vec::new();
        let retry = parse(
            &fm,
            lang,
            !maybe_script,
            &retry_comments,
            &mut retry_recovered,
        );
        if retry.is_ok() && retry_recovered.is_empty() {
            parsed = retry;
            comments = retry_comments;
            recovered = retry_recovered;
        }
    }
    // JSON is CommonJS by definition; other files are by what they do (see analyze).
    let force_cjs = lang == Lang::Json;
    let polyfillable = !crate::lowering::is_polyfill_source(path);
    let mut errors: Vec<_> = recovered;
    let module = parsed.map_err(|e| errors.push(e)).ok();
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                let mut d = Diagnostic::error("E_PARSE", e.kind().msg().to_string());
                if let Some(l) = ctx.label(e.span().into()) {
                    d = d.with_label(l);
                }
                d
            })
            .collect());
    }
    let module = module.expect("a parse without errors yields a module");

    // JSON has no early errors (nor JSX, decorators or `var`s).
    let checked = match lang {
        Lang::Json => Checked::default(),
        _ => {
            // Strict (module) rules only where the file is surely an ES module:
            // CommonJS that merely mentions "export" is parsed as a module first.
            let strict = matches!(ext, "mjs" | "mts")
                || module
                    .body
                    .iter()
                    .any(|i| matches!(i, ModuleItem::ModuleDecl(_)));
            let typescript = matches!(lang, Lang::Ts | Lang::Tsx);
            crate::early_errors::check(ctx, &module, strict, typescript)
        }
    };
    if !checked.errors.is_empty() {
        return Err(checked.errors);
    }
    // What the text tests (`</` or `/>`, `@`) only guess, the walk above found
    // or not. They also match strings and comments (React DOM's `"</script>"`,
    // `@license`), and each wrong guess cost a JSX pass, and with it `hygiene`
    // and a second `resolver` over the file: three quarters of loading
    // react-dom's development build. With Fast Refresh, which registers
    // components however they are written, the text test for JSX stands.
    let maybe_jsx = maybe_jsx && (jsx.refresh || checked.jsx);
    let has_decorators = maybe_decorators && checked.decorators;
    Ok(Parsed {
        module,
        comments,
        lang,
        maybe_jsx,
        define_places,
        has_decorators,
        maybe_pure,
        maybe_catch: checked.catch_var,
        maybe_asset_urls,
        jsx,
        force_cjs,
        polyfillable,
        hygiene_text,
    })
}

/// Whether transformed code may hold two bindings of one name told apart only
/// by their syntax context, which `hygiene` must rename. Without lowering or
/// decorators the transforms that run (TypeScript's type stripping, JSX) add
/// names that start with `_` (`_jsx`, `_Fragment`, `_jsxFileName`, helpers
/// such as `_define_property`): they collide only with the file's own
/// `_`-names. TypeScript's enums, namespaces and parameter properties are
/// rewritten into code of their own: with those words in the text, hygiene
/// runs too. (Skipping it on the rest saved a tenth of scan's time on the
/// 10,000-module benchmark app.)
fn may_need_hygiene(source: &str, lang: Lang) -> bool {
    let bytes = source.as_bytes();
    // memchr's iterator: `str::match_indices('_')` was 2.3% of the
    // instructions of the 10,000-module app's build, whose names hold many.
    let underscore_name =
        memchr::memchr_iter(b'_', bytes).any(|i| i == 0 || !text_tests::is_word_byte(bytes[i - 1]));
    let ts_words = matches!(lang, Lang::Ts | Lang::Tsx)
        && (text_tests::TS_REWRITES.iter()).any(|w| w.find(bytes).is_some());
    underscore_name || ts_words
}

/// Runs the per-module transforms (resolver, TypeScript, JSX, define and dead
/// branches, lowering, hygiene) under `helpers`. With `inline_helpers` the used
/// helpers are declared in the module itself (`sheaf transform`); otherwise the
/// generator declares them once per output. Returns the module's top-level mark.
pub(crate) fn transform(
    ctx: &EcmaContext,
    parsed: &mut Parsed,
    opts: &LoadOptions,
    helpers: &Helpers,
    inline_helpers: bool,
) -> Mark {
    let Parsed {
        module,
        comments,
        lang,
        maybe_jsx,
        define_places,
        has_decorators,
        maybe_pure,
        maybe_catch,
        maybe_asset_urls,
        jsx,
        polyfillable,
        hygiene_text,
        ..
    } = parsed;
    let (lang, maybe_jsx) = (*lang, *maybe_jsx);
    // No transform before `define` rewrote the code: its spans nest as parsed.
    let as_parsed =
        lang == Lang::Js && !maybe_jsx && !*has_decorators && !*maybe_catch && !*maybe_asset_urls;
    let unresolved_mark = ctx.unresolved_mark;
    let mut top_level_mark = Mark::new();
    let mut program = Program::Module(std::mem::take(module));
    let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);
    HELPERS.set(helpers, || {
        if let (true, Program::Module(module)) = (*maybe_catch, &mut program) {
            crate::catch_vars::lower_catch_vars(module);
        }
        if let (true, Program::Module(module)) = (*maybe_asset_urls, &mut program) {
            crate::asset_urls::rewrite(module);
        }
        program.mutate(resolver(unresolved_mark, top_level_mark, lang != Lang::Js));
        if let (Lang::Ts | Lang::Tsx, Program::Module(module)) = (lang, &mut program) {
            crate::ts_namespace::qualify_merged_members(module);
        }
        let classes = opts.classes;
        let ts_spans = match (lang, &program) {
            (Lang::Ts | Lang::Tsx, Program::Module(module)) => {
                Some(crate::ts_spans::collect(module))
            }
            _ => None,
        };
        if *has_decorators {
            lower_decorators(&mut program, lang, classes);
        }
        match lang {
            Lang::Ts => program.mutate(typescript::typescript(
                ts_config(classes),
                unresolved_mark,
                top_level_mark,
            )),
            Lang::Tsx => program.mutate(typescript::tsx(
                // TypeScript's TSX pass reads only the pragmas from it.
                pragma_source_map(ctx, false),
                ts_config(classes),
                typescript::TsxConfig {
                    pragma: opts.jsx.factory.clone().map(Into::into),
                    pragma_frag: opts.jsx.fragment.clone().map(Into::into),
                },
                &*comments,
                unresolved_mark,
                top_level_mark,
            )),
            _ => {}
        }
        if let (Some(spans), Program::Module(module)) = (&ts_spans, &mut program) {
            crate::ts_spans::restore(module, spans);
        }
        if matches!(lang, Lang::Ts | Lang::Tsx) && !classes.define_class_fields {
            program.mutate(swc_core::ecma::visit::visit_mut_pass(
                crate::assigned_fields::AssignedFields,
            ));
        }
        if maybe_jsx && lang != Lang::Ts {
            program.mutate(react::react(
                pragma_source_map(ctx, jsx.development || jsx.refresh),
                Some(&*comments),
                react_options(jsx),
                top_level_mark,
                unresolved_mark,
            ));
        }
        if let Program::Module(module) = &mut program {
            if !define_places.is_empty() {
                let places = as_parsed.then_some(&define_places[..]);
                opts.define.apply(module, unresolved, places);
            }
            if *maybe_pure {
                crate::pure_calls::drop_unused_pure_calls(module, unresolved, &*comments);
            }
        }
        opts.lowering
            .apply(&mut program, unresolved_mark, comments, *polyfillable);
        if inline_helpers {
            program.mutate(inject_helpers(unresolved_mark));
        }
        // Transforms introduce names (`_iterator`, `_jsx`, `_loop`) that are told
        // apart only by their syntax context; hygiene gives them distinct names
        // within the module (code before that never needs it). Hygiene leaves
        // plain names behind, so the scopes are resolved again (with fresh marks)
        // for what follows.
        let transformed_names = lang != Lang::Js || maybe_jsx || !opts.lowering.is_none();
        let hygiene_needed = *hygiene_text || *has_decorators || !opts.lowering.is_none();
        if transformed_names && hygiene_needed {
            program.mutate(hygiene());
            top_level_mark = Mark::new();
            program.mutate(resolver(unresolved_mark, top_level_mark, false));
        }
    });
    *module = program.expect_module();
    top_level_mark
}

pub fn load_module(
    ctx: &EcmaContext,
    path: &Path,
    source: String,
    opts: &LoadOptions,
) -> Result<(ModuleAst, ModuleInfo), Vec<Diagnostic>> {
    let mut parsed = parse_source(ctx, path, source, opts)?;
    let transformed = parsed.transformed(opts.lowering);
    let (mut analysis, used_helpers, top_level_mark) = ctx.with_globals(|| {
        // Every module shares the build's helper mark, so helper references bind
        // to the one copy of each helper the generator emits per output.
        let helpers = Helpers::from_data(ctx.helper_data);
        let top_level_mark = transform(ctx, &mut parsed, opts, &helpers, false);
        let unresolved = SyntaxContext::empty().apply_mark(ctx.unresolved_mark);
        let analysis = analyze(
            ctx,
            &parsed.module,
            unresolved,
            opts.name_hint,
            parsed.force_cjs,
            &parsed.comments,
        );
        (analysis, UsedHelpers(Some(helpers.data())), top_level_mark)
    });
    let Parsed {
        module, comments, ..
    } = parsed;

    let (leading, trailing) = comments.take_all();
    let leading = Rc::try_unwrap(leading)
        .map(|c| c.into_inner())
        .unwrap_or_default();
    let trailing = Rc::try_unwrap(trailing)
        .map(|c| c.into_inner())
        .unwrap_or_default();
    let ast = ModuleAst {
        module,
        leading: kept_comments(leading),
        trailing: kept_comments(trailing),
        symbol_ids: analysis.ids,
        default_symbol: analysis.default_symbol,
        dynamic_records: analysis.dynamic_records,
        transformed,
        top_level_mark: Some(top_level_mark),
    };
    analysis.info.helpers = used_helpers;
    let info = analysis.info;
    if info.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(info.diagnostics);
    }
    Ok((ast, info))
}

/// The runtime helpers (`_class_call_check`, …) a module's lowered code calls;
/// the generator emits each used helper once per output.
#[derive(Clone, Copy, Default)]
pub struct UsedHelpers(pub(crate) Option<swc_core::ecma::transforms::base::helpers::HelperData>);

impl std::fmt::Debug for UsedHelpers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UsedHelpers")
    }
}

/// A module with no code and no exports: the stand-in for a `browser: false`
/// file and for a file that failed to load (so linking can go on and report more).
pub fn empty_module(name_hint: &str) -> (ModuleAst, ModuleInfo) {
    let mut info = ModuleInfo::default();
    info.symbols.push(crate::SymbolInfo {
        name: format!("{name_hint}_exports"),
        kind: crate::SymbolKind::Namespace,
        named_value: false,
    });
    (ModuleAst::default(), info)
}

impl Default for ModuleAst {
    /// An empty module (what an AST is after it was taken for rendering).
    fn default() -> Self {
        ModuleAst {
            module: Module {
                span: DUMMY_SP,
                body: vec![],
                shebang: None,
            },
            leading: Default::default(),
            trailing: Default::default(),
            symbol_ids: Default::default(),
            default_symbol: None,
            dynamic_records: Default::default(),
            transformed: false,
            top_level_mark: None,
        }
    }
}

/// Like esbuild, bundles keep only the comments that mean something to a tool or
/// a lawyer: `/*! … */`, `@license`/`@preserve`, and `#__PURE__`-style annotations.
/// Dropping the rest makes rendering faster and bundles smaller.
pub(crate) fn kept_comments(map: impl IntoIterator<Item = (BytePos, Vec<Comment>)>) -> CommentMap {
    map.into_iter()
        .filter_map(|(pos, mut comments)| {
            comments.retain(|c| is_kept_comment(&c.text));
            (!comments.is_empty()).then_some((pos, comments))
        })
        .collect()
}

fn is_kept_comment(text: &str) -> bool {
    is_legal_comment(text) || text.contains("__PURE__") || text.contains("__NO_SIDE_EFFECTS__")
}

/// `/*! … */`, `@license`, `@preserve`: the only comments minified output keeps
/// (annotations have served the compressor by then; esbuild and Bun drop them too).
pub(crate) fn is_legal_comment(text: &str) -> bool {
    text.starts_with('!')
        || text.starts_with("*!")
        || text.contains("@license")
        || text.contains("@preserve")
}

fn ts_config(classes: ClassOptions) -> typescript::Config {
    typescript::Config {
        // Keep `export {}`-free output and treat enums like tsc does.
        no_empty_export: true,
        native_class_properties: classes.define_class_fields,
        ..Default::default()
    }
}

/// Decorators run before the TypeScript strip (legacy metadata reads the types):
/// TypeScript's legacy ones where tsconfig asks for them, otherwise the
/// standard (2023-11) ones, which no browser ships yet, so they are always lowered.
/// Called for modules that have decorators (`Parsed::has_decorators`).
fn lower_decorators(program: &mut Program, lang: Lang, classes: ClassOptions) {
    use swc_ecma_transforms_proposal::{decorator_2023_11::decorator_2023_11, decorators};
    if classes.legacy_decorators && matches!(lang, Lang::Ts | Lang::Tsx) {
        program.mutate(decorators::decorators(decorators::Config {
            legacy: true,
            emit_metadata: classes.decorator_metadata,
            use_define_for_class_fields: classes.define_class_fields,
        }));
    } else {
        program.mutate(decorator_2023_11());
    }
}

/// The source map SWC's JSX transforms are given. They parse the pragmas
/// (`React.createElement`, `React.Fragment`) into a new source file of it for
/// every module, which in the build's own map were two files per JSX module
/// (20,000 in the 10k app) added under its lock. Only `__source` (development)
/// and Fast Refresh read the module's own positions from it (`positions`);
/// otherwise the pragmas, whose spans the transform drops, go into a map of
/// their own.
fn pragma_source_map(ctx: &EcmaContext, positions: bool) -> Lrc<SourceMap> {
    match positions {
        true => ctx.cm.clone(),
        false => Lrc::default(),
    }
}

fn react_options(jsx: &JsxOptions) -> react::Options {
    react::Options {
        runtime: Some(match jsx.runtime {
            Some(JsxRuntime::Classic) => Runtime::Classic,
            _ => Runtime::Automatic,
        }),
        import_source: jsx.import_source.clone().map(Into::into),
        pragma: jsx.factory.clone().map(Into::into),
        pragma_frag: jsx.fragment.clone().map(Into::into),
        development: Some(jsx.development),
        refresh: jsx.refresh.then(Default::default),
        ..Default::default()
    }
}

fn parse(
    fm: &SourceFile,
    lang: Lang,
    script: bool,
    comments: &SingleThreadedComments,
    recovered: &mut Vec<swc_core::ecma::parser::error::Error>,
) -> swc_core::ecma::parser::PResult<Module> {
    let es = Syntax::Es(EsSyntax {
        jsx: true,
        decorators: true,
        auto_accessors: true,
        import_attributes: true,
        explicit_resource_management: true,
        allow_return_outside_function: script,
        ..Default::default()
    });
    match lang {
        Lang::Json => parse_file_as_expr(
            fm,
            Syntax::Es(EsSyntax::default()),
            EsVersion::latest(),
            None,
            recovered,
        )
        .map(|expr| json_module(*expr)),
        Lang::Js if script => {
            parse_file_as_commonjs(fm, es, EsVersion::latest(), Some(comments), recovered).map(
                |s| Module {
                    span: s.span,
                    body: s.body.into_iter().map(ModuleItem::Stmt).collect(),
                    shebang: s.shebang,
                },
            )
        }
        Lang::Js => parse_file_as_module(fm, es, EsVersion::latest(), Some(comments), recovered),
        Lang::Ts | Lang::Tsx => parse_file_as_module(
            fm,
            Syntax::Typescript(TsSyntax {
                tsx: lang == Lang::Tsx,
                decorators: true,
                ..Default::default()
            }),
            EsVersion::latest(),
            Some(comments),
            recovered,
        ),
    }
}

/// In JSON, `"__proto__"` is a key like any other; in an object literal it sets
/// the prototype. Such keys become computed (`["__proto__"]`), an own property.
struct JsonProtoKeys;

impl swc_core::ecma::visit::VisitMut for JsonProtoKeys {
    fn visit_mut_prop_name(&mut self, key: &mut PropName) {
        if let PropName::Str(s) = key {
            if s.value == *"__proto__" {
                *key = PropName::Computed(ComputedPropName {
                    span: s.span,
                    expr: Box::new(Expr::Lit(Lit::Str(s.clone()))),
                });
            }
        }
    }
}

/// A JSON file is a CommonJS module whose `module.exports` is its value, as Node
/// sees it: `require` gives the value, `import x from` gives it as the default.
fn json_module(mut expr: Expr) -> Module {
    swc_core::ecma::visit::VisitMutWith::visit_mut_with(&mut expr, &mut JsonProtoKeys);
    let module_exports = MemberExpr {
        span: DUMMY_SP,
        obj: Box::new(Expr::Ident(Ident::new_no_ctxt("module".into(), DUMMY_SP))),
        prop: MemberProp::Ident(IdentName::new("exports".into(), DUMMY_SP)),
    };
    Module {
        span: DUMMY_SP,
        body: vec![ModuleItem::Stmt(Stmt::Expr(ExprStmt {
            span: DUMMY_SP,
            expr: Box::new(Expr::Assign(AssignExpr {
                span: DUMMY_SP,
                op: AssignOp::Assign,
                left: AssignTarget::Simple(SimpleAssignTarget::Member(module_exports)),
                right: Box::new(expr),
            })),
        }))],
        shebang: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (JSX found, decorators found) in `code` by `early_errors`' walk.
    fn found(code: &str, lang: Lang) -> (bool, bool) {
        let ctx = EcmaContext::new();
        let fm = (ctx.cm).new_source_file(Lrc::new(FileName::Anon), code.to_string());
        let comments = SingleThreadedComments::default();
        let module = parse(&fm, lang, false, &comments, &mut Vec::new()).expect("parses");
        let typescript = matches!(lang, Lang::Ts | Lang::Tsx);
        let checked = crate::early_errors::check(&ctx, &module, true, typescript);
        assert!(checked.errors.is_empty(), "{code}");
        (checked.jsx, checked.decorators)
    }

    #[test]
    fn strings_and_comments_are_neither_jsx_nor_decorators() {
        let code = "/** @license MIT */\nexport const end = '</script>', close = `/>`; // a@b\n";
        assert_eq!(found(code, Lang::Js), (false, false));
    }

    #[test]
    fn jsx_and_decorators_are_found_wherever_they_are() {
        assert_eq!(
            found("export const a = [1, <p />];", Lang::Js),
            (true, false)
        );
        assert_eq!(found("@sealed class A {}", Lang::Ts), (false, true));
        let nested = "function f() { class A { m(@inject x) {} } return () => <></>; }";
        assert_eq!(found(nested, Lang::Tsx), (true, true));
        // Where the redeclaration check walks on its own: parameters (their
        // decorators and default values), enum members, JSX's own children.
        let param = "class A { constructor(@inject private x = 1) {} }";
        assert_eq!(found(param, Lang::Ts), (false, true));
        let prop = "class A { constructor(private x = <p />) {} }";
        assert_eq!(found(prop, Lang::Tsx), (true, false));
        assert_eq!(found("function f(a = <p />) {}", Lang::Js), (true, false));
        assert_eq!(
            found("enum E { A = <p /> as any }", Lang::Tsx),
            (true, false)
        );
        let inner = "const x = <div>{() => { let a; let a2 = <b />; }}</div>;";
        assert_eq!(found(inner, Lang::Js), (true, false));
    }
}
