//! `--minify`: each module has its local names mangled on its own rayon task,
//! then is printed without whitespace.
//!
//! Example: `function add(first, second) { return first + second; }` becomes
//! `function add(n,r){return n+r}`: `add` is a top-level name other modules may
//! refer to, so it keeps the name the linker gave it; locals are mangled.
//!
//! Why per module: minification is the most expensive pass, and one serial pass
//! over a large output would undo the parallel pipeline. Top-level names other
//! modules may read stay as linked, so modules stay joinable; an ES module's
//! other top-level bindings are its own, compressed as locals (`minify_module`).

use swc_core::{
    atoms::Atom,
    common::{comments::Comments, Mark, SyntaxContext, DUMMY_SP},
    ecma::{
        ast::*,
        minifier::{
            optimize,
            option::{
                CompressOptions, ExtraOptions, MangleOptions, MinifyOptions, TopLevelOptions,
            },
        },
        utils::{collect_decls, find_pat_ids},
        visit::{Visit, VisitMut, VisitMutWith, VisitWith},
    },
};

use rustc_hash::FxHashSet;

use crate::EcmaContext;

/// `{ a } = o` → `{ a: a } = o`. The mangler renamed shorthand pattern bindings
/// at the top level even with `topLevel: false` and the names reserved, breaking
/// references from other modules; the long form keeps them.
struct ExpandShorthandPatterns;

impl VisitMut for ExpandShorthandPatterns {
    fn visit_mut_object_pat_prop(&mut self, p: &mut ObjectPatProp) {
        p.visit_mut_children_with(self);
        if let ObjectPatProp::Assign(a) = p {
            let key = PropName::Ident(IdentName::new(a.key.id.sym.clone(), a.key.id.span));
            let binding = Pat::Ident(a.key.clone());
            let value = match a.value.take() {
                Some(default) => Pat::Assign(AssignPat {
                    span: a.span,
                    left: Box::new(binding),
                    right: default,
                }),
                None => binding,
            };
            *p = ObjectPatProp::KeyValue(KeyValuePatProp {
                key,
                value: Box::new(value),
            });
        }
    }
}

/// Marks every reference to a name the module does not declare as unresolved.
///
/// Why: after linking, a reference to another module's export is a bare name
/// (`r(…)`) whose import declaration is gone, still carrying the module's
/// top-level context. The mangler only keeps its new local names clear of
/// *unresolved* references, so it named a local `r` inside a function that called
/// the output's top-level `r` (zod, once top-level names were shortened).
struct FreeReferences {
    declared: FxHashSet<Id>,
    unresolved: SyntaxContext,
}

/// Every binding `module` declares: `collect_decls`' and those it leaves out
/// (a `catch` clause's parameter, a function or class expression's own name).
/// Marked unresolved, such a binding became one with every free reference of
/// its spelling, and the mangler renamed them together: preact's hooks read
/// another module's `n` as the name a `catch (n)` was given (TypeError).
fn declared_bindings(module: &Module) -> FxHashSet<Id> {
    struct ExpressionBindings(FxHashSet<Id>);
    impl Visit for ExpressionBindings {
        fn visit_catch_clause(&mut self, c: &CatchClause) {
            if let Some(param) = &c.param {
                self.0.extend(find_pat_ids::<_, Id>(param));
            }
            c.visit_children_with(self);
        }
        fn visit_fn_expr(&mut self, f: &FnExpr) {
            self.0.extend(f.ident.as_ref().map(Ident::to_id));
            f.visit_children_with(self);
        }
        fn visit_class_expr(&mut self, c: &ClassExpr) {
            self.0.extend(c.ident.as_ref().map(Ident::to_id));
            c.visit_children_with(self);
        }
    }
    let mut found = ExpressionBindings(collect_decls(module));
    module.visit_with(&mut found);
    found.0
}

impl VisitMut for FreeReferences {
    fn visit_mut_ident(&mut self, i: &mut Ident) {
        if i.ctxt != self.unresolved && !self.declared.contains(&i.to_id()) {
            i.ctxt = self.unresolved;
        }
    }
}

/// An ES module's code, minified in place in its output.
///
/// `read_outside`: when known, the module's top-level names that code outside it
/// may read (its exports, as linked). Its other top-level bindings are then the
/// module's own, so the compressor may inline and drop them as locals (`const
/// table = {…}` read once is folded into its use; an unused private function
/// goes). When `None`, every top-level binding stays as linked.
///
/// Should the compressor make a top-level name of its own (`var o_a=1,o_b=2`
/// from `var o={a:1,b:2}`), which could collide with another module's name in
/// the output, the module is minified again without `hoist_props`, and should
/// that make one too, with every top-level binding kept.
pub(crate) fn minify_module(
    ctx: &EcmaContext,
    module: Module,
    comments: &dyn Comments,
    top_level_mark: Mark,
    read_outside: Option<Vec<&str>>,
) -> Module {
    let reserved = reserved_top_level_names(&module, top_level_mark);
    let keep_all = |module| {
        let options = minify_options(false, reserved.clone());
        minify(ctx, module, comments, top_level_mark, options, None)
    };
    let Some(retained) = read_outside else {
        return keep_all(module);
    };
    let before = top_level_names(&module);
    let retained: FxHashSet<Atom> = retained.into_iter().map(Atom::from).collect();
    // Hoisting an object's properties (`var o_a=1,o_b=2`) is the usual source
    // of new names: the second try goes without it.
    for hoist_props in [true, false] {
        let mut options = minify_options(false, reserved.clone());
        if let Some(compress) = &mut options.compress {
            compress.top_level = Some(TopLevelOptions { functions: true });
            compress.top_retain = retained.iter().cloned().collect();
            compress.hoist_props = hoist_props;
        }
        let minified = minify(
            ctx,
            module.clone(),
            comments,
            top_level_mark,
            options,
            Some(&retained),
        );
        if top_level_names(&minified)
            .iter()
            .all(|n| before.contains(n))
        {
            return minified;
        }
    }
    keep_all(module)
}

/// Whether a `with` statement is anywhere in the module.
pub(crate) fn contains_with_statement(module: &Module) -> bool {
    struct Finder(bool);
    impl Visit for Finder {
        fn visit_with_stmt(&mut self, _: &WithStmt) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    module.visit_with(&mut finder);
    finder.0
}

/// The names the module's top level declares: by its statements, and by `var`s
/// in its blocks and loops (`for (var i …)`).
pub(crate) fn top_level_names(module: &Module) -> FxHashSet<Atom> {
    (top_level_bindings(module).into_iter())
        .chain(nested_top_level_vars(module))
        .map(|i| i.sym)
        .collect()
}

/// Top-level bindings the mangler would not keep by itself, reserved by name:
/// those not in the module's top-level scope (made by a transform, as `export
/// default` makes one), and `var`s nested in top-level blocks and loops (ES5's
/// `for (var _iterator …)` for a top-level `for…of`); renamed, they took names
/// other modules' top-level bindings have (`var d` overwrote the output's `d`).
/// The module's own top-level names are kept without being reserved, since a
/// reserved name also keeps every local of that spelling: a local `r` kept as
/// `r` captured the top-level `r` of code the compressor inlined into its
/// function (preact: TypeError).
fn reserved_top_level_names(module: &Module, top_level_mark: Mark) -> Vec<Atom> {
    let top = SyntaxContext::empty().apply_mark(top_level_mark);
    (top_level_bindings(module).into_iter())
        .filter(|i| i.ctxt != top)
        .chain(nested_top_level_vars(module))
        .map(|i| i.sym)
        .collect()
}

/// `var` bindings inside the module's top-level blocks and loops (not inside
/// functions or classes).
fn nested_top_level_vars(module: &Module) -> Vec<Ident> {
    let mut found = crate::analyze::HoistedVars::<Ident>(Vec::new());
    for item in &module.body {
        match item {
            ModuleItem::Stmt(Stmt::Decl(_)) | ModuleItem::ModuleDecl(_) => {}
            ModuleItem::Stmt(stmt) => stmt.visit_with(&mut found),
        }
    }
    found.0
}

/// A CommonJS module's body, which the output wraps in a factory function: its
/// top-level names are that function's locals (other modules reach it only
/// through `module.exports`), so they are mangled too — `let SemVer=…` became
/// `let e=…`. References to the output's names are free references here, which
/// the mangler keeps clear of.
///
/// With `rename_params`, the body is minified inside the factory itself
/// (`__sheafCommonJS(function (exports, module) { … })`): the compressor then
/// treats its top-level names as the locals they are (`var l = o.Symbol;
/// module.exports = l` becomes `module.exports = o.Symbol`, single-use
/// constants are inlined) and the mangler renames the two parameters; the
/// names they got come back for the generator's `function (e, t) {` line. Not
/// when the body declares `exports` or `module` itself, or still has module
/// declarations.
pub(crate) fn minify_factory_body(
    ctx: &EcmaContext,
    module: Module,
    comments: &dyn Comments,
    top_level_mark: Mark,
    rename_params: bool,
    prelude_names: Vec<&str>,
) -> (Module, Option<FactoryHead>) {
    let top = SyntaxContext::empty().apply_mark(top_level_mark);
    let declared = declared_bindings(&module);
    let shadowed = (declared.iter()).any(|id: &Id| id.1 == top && FACTORY_PARAMS.contains(&&*id.0));
    let has_decls = module
        .body
        .iter()
        .any(|i| matches!(i, ModuleItem::ModuleDecl(_)));
    if !rename_params || shadowed || has_decls {
        let reserved = prelude_names.into_iter().map(Atom::from).collect();
        let options = minify_options(true, reserved);
        return (
            minify(ctx, module, comments, top_level_mark, options, None),
            None,
        );
    }
    let mut module = module;
    module.visit_mut_with(&mut FreeReferences {
        declared,
        unresolved: SyntaxContext::empty().apply_mark(ctx.unresolved_mark),
    });
    ctx.with_globals(|| {
        let inner = SyntaxContext::empty().apply_mark(Mark::fresh(Mark::root()));
        module.visit_mut_with(&mut IntoFactoryScope {
            top,
            unresolved: SyntaxContext::empty().apply_mark(ctx.unresolved_mark),
            inner,
        });
        let program = wrap_in_factory(module, inner, ctx.unresolved_mark);
        let options = minify_options(false, Vec::new());
        unwrap_factory(optimize_in_globals(
            ctx,
            program,
            comments,
            &options,
            top_level_mark,
        ))
    })
}

/// How the generator writes a minified factory's head: its parameters' names,
/// and whether it may be an arrow function (`(e,t)=>{`, where the target has
/// them), which it may when its body does not read the function's own `this`,
/// `arguments` or `new.target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactoryHead {
    pub params: [String; 2],
    pub arrow: bool,
}

/// The factory's parameters, as the generator names them without `--minify`.
const FACTORY_PARAMS: [&str; 2] = ["exports", "module"];

/// Moves a CommonJS body into the factory's scope: its top-level bindings and
/// its free `exports`/`module` references get the factory function's context.
struct IntoFactoryScope {
    top: SyntaxContext,
    unresolved: SyntaxContext,
    inner: SyntaxContext,
}

impl VisitMut for IntoFactoryScope {
    fn visit_mut_ident(&mut self, i: &mut Ident) {
        if i.ctxt == self.top || (i.ctxt == self.unresolved && FACTORY_PARAMS.contains(&&*i.sym)) {
            i.ctxt = self.inner;
        }
    }
}

/// `__sheafCommonJS(function (exports, module) { body });` — a call of a free
/// name, which the compressor keeps, around the body.
fn wrap_in_factory(module: Module, inner: SyntaxContext, unresolved_mark: Mark) -> Program {
    let params = FACTORY_PARAMS
        .iter()
        .map(|p| Param::from(Pat::Ident(Ident::new((*p).into(), DUMMY_SP, inner).into())))
        .collect();
    let stmts = (module.body.into_iter()).filter_map(|i| i.stmt()).collect();
    let function = Function {
        params,
        body: Some(FunctionBody {
            span: DUMMY_SP,
            stmts,
        }),
        ..Default::default()
    };
    let callee = Ident::new(
        "__sheafFactory".into(),
        DUMMY_SP,
        SyntaxContext::empty().apply_mark(unresolved_mark),
    );
    let call = CallExpr {
        callee: Callee::Expr(Box::new(Expr::Ident(callee))),
        args: vec![ExprOrSpread::from(Box::new(Expr::Fn(FnExpr {
            ident: None,
            function: Box::new(function),
        })))],
        ..Default::default()
    };
    Program::Module(Module {
        span: module.span,
        body: vec![ModuleItem::Stmt(Stmt::Expr(ExprStmt {
            span: DUMMY_SP,
            expr: Box::new(Expr::Call(call)),
        }))],
        shebang: None,
    })
}

/// The minified factory's body and its parameters' names. Should the
/// compressor ever return another shape, the body calls what it made:
/// `return (…).call(this, exports, module)`, with the parameters as named.
fn unwrap_factory(module: Module) -> (Module, Option<FactoryHead>) {
    let span = module.span;
    let (stmts, head) = match factory_function(module.body) {
        Ok((params, stmts)) => {
            let arrow = !uses_its_functions_own_bindings(&stmts[..]);
            (stmts, Some(FactoryHead { params, arrow }))
        }
        Err(items) => (call_what_it_made(items), None),
    };
    let body = stmts.into_iter().map(ModuleItem::Stmt).collect();
    let module = Module {
        span,
        body,
        shebang: None,
    };
    (module, head)
}

/// The body (a factory's statements, or a CommonJS module's items) reads its
/// function's own `this`, `arguments` or `new.target` (outside any nested
/// non-arrow function, class member or accessor), so its factory cannot be an
/// arrow function.
pub(crate) fn uses_its_functions_own_bindings<B: VisitWith<OwnBindings> + ?Sized>(
    body: &B,
) -> bool {
    let mut finder = OwnBindings { found: false };
    body.visit_with(&mut finder);
    finder.found
}

pub(crate) struct OwnBindings {
    found: bool,
}

impl Visit for OwnBindings {
    fn visit_this_expr(&mut self, _: &ThisExpr) {
        self.found = true;
    }

    fn visit_ident(&mut self, i: &Ident) {
        self.found |= &*i.sym == "arguments";
    }

    fn visit_meta_prop_expr(&mut self, m: &MetaPropExpr) {
        self.found |= m.kind == MetaPropKind::NewTarget;
    }

    // Their own `this`: only what is evaluated outside them is visited.
    fn visit_function(&mut self, f: &Function) {
        f.params.visit_with(self);
        f.decorators.visit_with(self);
    }
    fn visit_constructor(&mut self, c: &Constructor) {
        c.key.visit_with(self);
    }
    fn visit_getter_prop(&mut self, g: &GetterProp) {
        g.key.visit_with(self);
    }
    fn visit_setter_prop(&mut self, p: &SetterProp) {
        p.key.visit_with(self);
    }
    fn visit_class_prop(&mut self, p: &ClassProp) {
        p.key.visit_with(self);
    }
    fn visit_private_prop(&mut self, _: &PrivateProp) {}
    fn visit_static_block(&mut self, _: &StaticBlock) {}
    fn visit_auto_accessor(&mut self, p: &AutoAccessor) {
        p.key.visit_with(self);
    }
}

/// The parameters' names and body of the one function in
/// `__sheafFactory(function (e, t) { … })`, or the items as they were.
fn factory_function(
    mut items: Vec<ModuleItem>,
) -> Result<([String; 2], Vec<Stmt>), Vec<ModuleItem>> {
    let [ModuleItem::Stmt(Stmt::Expr(ExprStmt { expr, .. }))] = items.as_mut_slice() else {
        return Err(items);
    };
    let Expr::Call(CallExpr { args, .. }) = &mut **expr else {
        return Err(items);
    };
    let [ExprOrSpread {
        spread: None,
        expr: arg,
    }] = args.as_mut_slice()
    else {
        return Err(items);
    };
    let Expr::Fn(FnExpr { function, .. }) = &mut **arg else {
        return Err(items);
    };
    let names: Vec<String> = (function.params.iter())
        .filter_map(|p| p.pat.as_ident().map(|i| i.sym.as_str().to_owned()))
        .collect();
    match (<[String; 2]>::try_from(names), function.body.take()) {
        (Ok(names), Some(body)) => Ok((names, body.stmts)),
        _ => Err(items),
    }
}

/// `return (<what the compressor made of the factory>).call(this, exports, module)`.
fn call_what_it_made(items: Vec<ModuleItem>) -> Vec<Stmt> {
    let call_it = |expr: Box<Expr>| -> Stmt {
        let this = Expr::This(ThisExpr { span: DUMMY_SP });
        let params =
            (FACTORY_PARAMS.iter()).map(|p| Expr::Ident(Ident::new_no_ctxt((*p).into(), DUMMY_SP)));
        let args = std::iter::once(this)
            .chain(params)
            .map(|e| ExprOrSpread::from(Box::new(e)))
            .collect();
        let callee = MemberExpr {
            span: DUMMY_SP,
            obj: Box::new(Expr::Paren(ParenExpr {
                span: DUMMY_SP,
                expr,
            })),
            prop: MemberProp::Ident(IdentName::new("call".into(), DUMMY_SP)),
        };
        let call = CallExpr {
            callee: Callee::Expr(Box::new(Expr::Member(callee))),
            args,
            ..Default::default()
        };
        Stmt::Return(ReturnStmt {
            span: DUMMY_SP,
            arg: Some(Box::new(Expr::Call(call))),
        })
    };
    (items.into_iter().filter_map(|i| i.stmt()))
        .map(|s| match s {
            Stmt::Expr(ExprStmt { expr, span }) => match *expr {
                Expr::Call(CallExpr { mut args, .. }) if args.len() == 1 => {
                    call_it(args.remove(0).expr)
                }
                other => Stmt::Expr(ExprStmt {
                    span,
                    expr: Box::new(other),
                }),
            },
            other => other,
        })
        .collect()
}

/// Compress and mangle; top-level bindings are kept unless the caller turns
/// on `top_level` (see `minify_module`).
fn minify_options(mangle_top_level: bool, reserved: Vec<Atom>) -> MinifyOptions {
    let mangle: MangleOptions = serde_json::from_value(serde_json::json!({
        "topLevel": mangle_top_level,
        "reserved": reserved,
        // One alphabet for every module: with SWC's per-module character
        // frequencies each module named its locals in its own order (`(t,e)`,
        // `(s,t)`, `(r,n)` for the same factory parameters), which gzip across
        // modules could not share (lodash/get −8%, the 10k app −5% gzipped).
        "disableCharFreq": true,
    }))
    .expect("valid mangle options");
    // `module: false` and no `top_level`: either would let the compressor drop
    // or inline top-level bindings that other modules of the output refer to.
    let compress = CompressOptions {
        module: false,
        top_level: None,
        pure_funcs: pure_functions(),
        // One pass, as terser's default: SWC's second pass (its default) cost a
        // third of `--minify` on three.js ×10 and made the gzipped output no
        // smaller (three ×10 −2.6 KB, the size scenarios +117 bytes in all).
        passes: 1,
        ..Default::default()
    };
    MinifyOptions {
        compress: Some(compress),
        mangle: Some(mangle),
        ..Default::default()
    }
}

/// Calls the compressor may drop when their value is unused (their arguments'
/// side effects stay): `Symbol.for("react.portal")`, of which React's module
/// keeps a dozen for types a program may never use (rolldown drops them too).
#[allow(clippy::vec_box)] // the type `CompressOptions::pure_funcs` takes
fn pure_functions() -> Vec<Box<Expr>> {
    let symbol_for = MemberExpr {
        span: DUMMY_SP,
        obj: Box::new(Expr::Ident(Ident::new_no_ctxt("Symbol".into(), DUMMY_SP))),
        prop: MemberProp::Ident(IdentName::new("for".into(), DUMMY_SP)),
    };
    vec![Box::new(Expr::Member(symbol_for))]
}

/// `options`: the module's top-level names kept as linked, or mangled (clear
/// of the reserved names, which code around it reads). `retained`: with
/// top-level compression, the names kept (the others are the compressor's).
fn minify(
    ctx: &EcmaContext,
    module: Module,
    comments: &dyn Comments,
    top_level_mark: Mark,
    options: MinifyOptions,
    retained: Option<&FxHashSet<Atom>>,
) -> Module {
    let keep_top_level = options
        .mangle
        .as_ref()
        .is_some_and(|m| m.top_level != Some(true));
    let mut module = module;
    // `topLevel: false` alone still renamed a top-level binding declared by a
    // shorthand pattern (`const { a } = o`), which other modules refer to by name.
    module.visit_mut_with(&mut ExpandShorthandPatterns);
    let declared = declared_bindings(&module);
    module.visit_mut_with(&mut FreeReferences {
        declared,
        unresolved: SyntaxContext::empty().apply_mark(ctx.unresolved_mark),
    });
    if keep_top_level {
        module
            .body
            .push(export_top_level_bindings(&module, retained));
    }
    let program = Program::Module(module);
    let mut module =
        ctx.with_globals(|| optimize_in_globals(ctx, program, comments, &options, top_level_mark));
    if keep_top_level {
        drop_synthetic_export(&mut module);
    }
    module
}

/// SWC's compressor and mangler over `program`; runs inside the context's globals.
fn optimize_in_globals(
    ctx: &EcmaContext,
    program: Program,
    comments: &dyn Comments,
    options: &MinifyOptions,
    top_level_mark: Mark,
) -> Module {
    let extra = ExtraOptions {
        unresolved_mark: ctx.unresolved_mark,
        top_level_mark,
        mangle_name_cache: None,
    };
    // Inside `with`, a name may be a property of its object: the compressor
    // put a `var`'s value in place of such a name (`label` read in
    // `with (options)` became "outer" where options had a `label` of its
    // own), and the mangler renamed an outer `label` read there. Such code
    // keeps its names and statements; only its whitespace goes.
    let as_written;
    let options = match &program {
        Program::Module(m) if contains_with_statement(m) => {
            as_written = MinifyOptions {
                compress: None,
                mangle: None,
                ..options.clone()
            };
            &as_written
        }
        _ => options,
    };
    optimize(
        program,
        ctx.cm.clone(),
        Some(comments),
        None,
        options,
        &extra,
    )
    .expect_module()
}

/// `export { a, b, … }` naming every top-level binding of the module.
///
/// Why: SWC's compressor (swc_ecma_minifier 64, @swc/core 1.16.22 alike) drops a
/// local function that calls an enclosing top-level function *when that
/// top-level function has no use in the module*, yet keeps the calls to the
/// dropped local — e.g. ramda's `_clone`, whose `copy` helper recurses through
/// `_clone` and is only called by other modules. In a bundle, most top-level
/// functions are used only by other modules, so every module looked like that.
/// Exporting the bindings gives each one a use; the statement is removed again
/// after `optimize` (see `drop_synthetic_export`).
///
/// With `retained` (top-level compression), only those names are exported: the
/// others are the module's own, for the compressor to inline or drop.
fn export_top_level_bindings(module: &Module, retained: Option<&FxHashSet<Atom>>) -> ModuleItem {
    let mut names = top_level_bindings(module);
    if let Some(retained) = retained {
        names.retain(|n| retained.contains(&n.sym));
    }
    let specifiers = names
        .into_iter()
        .map(|orig| {
            ExportSpecifier::Named(ExportNamedSpecifier {
                span: DUMMY_SP,
                orig: ModuleExportName::Ident(orig),
                exported: None,
                is_type_only: false,
            })
        })
        .collect();
    ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(NamedExport {
        span: DUMMY_SP,
        specifiers,
        src: None,
        type_only: false,
        with: None,
    }))
}

/// The bindings the module's top-level statements declare, in source order.
pub(crate) fn top_level_bindings(module: &Module) -> Vec<Ident> {
    let mut names: Vec<Ident> = Vec::new();
    for item in &module.body {
        let ModuleItem::Stmt(Stmt::Decl(decl)) = item else {
            continue;
        };
        match decl {
            Decl::Fn(f) => names.push(f.ident.clone()),
            Decl::Class(c) => names.push(c.ident.clone()),
            Decl::Var(v) => names.extend(find_pat_ids::<_, Ident>(&v.decls)),
            Decl::Using(u) => names.extend(find_pat_ids::<_, Ident>(&u.decls)),
            _ => {}
        }
    }
    names
}

/// Removes the statement `export_top_level_bindings` appended: the last
/// `export { … }` without a source (the compressor keeps it last).
fn drop_synthetic_export(module: &mut Module) {
    let position = module.body.iter().rposition(|item| {
        matches!(
            item,
            ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(NamedExport { src: None, .. }))
        )
    });
    if let Some(position) = position {
        module.body.remove(position);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call_of(arg: Expr) -> Module {
        let call = CallExpr {
            callee: Callee::Expr(Box::new(Expr::Ident(Ident::new_no_ctxt(
                "__sheafFactory".into(),
                DUMMY_SP,
            )))),
            args: vec![ExprOrSpread::from(Box::new(arg))],
            ..Default::default()
        };
        Module {
            span: DUMMY_SP,
            body: vec![ModuleItem::Stmt(Stmt::Expr(ExprStmt {
                span: DUMMY_SP,
                expr: Box::new(Expr::Call(call)),
            }))],
            shebang: None,
        }
    }

    #[test]
    fn a_factory_function_gives_its_parameters_and_body() {
        let params = ["e", "t"]
            .map(|p| Param::from(Pat::Ident(Ident::new_no_ctxt(p.into(), DUMMY_SP).into())));
        let function = Function {
            params: params.into(),
            body: Some(FunctionBody {
                span: DUMMY_SP,
                stmts: vec![Stmt::Empty(EmptyStmt { span: DUMMY_SP })],
            }),
            ..Default::default()
        };
        let arg = Expr::Fn(FnExpr {
            ident: None,
            function: Box::new(function),
        });
        let (module, head) = unwrap_factory(call_of(arg));
        let params = ["e".to_string(), "t".to_string()];
        assert_eq!(
            head,
            Some(FactoryHead {
                params,
                arrow: true
            })
        );
        assert_eq!(module.body.len(), 1);
    }

    #[test]
    fn another_shape_is_called_with_the_parameters_as_named() {
        let arg = Expr::Ident(Ident::new_no_ctxt("made".into(), DUMMY_SP));
        let (module, names) = unwrap_factory(call_of(arg));
        assert_eq!(names, None);
        let [ModuleItem::Stmt(Stmt::Return(ReturnStmt { arg: Some(ret), .. }))] = &module.body[..]
        else {
            panic!("expected one return statement, got {:?}", module.body);
        };
        let Expr::Call(call) = &**ret else {
            panic!("expected a call, got {ret:?}");
        };
        let args: Vec<String> = (call.args.iter())
            .map(|a| match &*a.expr {
                Expr::This(_) => "this".to_string(),
                Expr::Ident(i) => i.sym.as_str().to_owned(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(args, ["this", "exports", "module"]);
    }
}
