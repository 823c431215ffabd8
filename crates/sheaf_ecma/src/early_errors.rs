//! Early errors: redeclarations that make a file fail to parse in a JavaScript
//! engine, reported at build time with both places instead of being printed into
//! output that does not load.
//!
//! Example: `export const a = 1; export const a = 2;` →
//! `error[E_REDECLARED]: The symbol "a" has already been declared`, labelled at
//! the second `a`, with the first one as a secondary label.
//!
//! The rules (ECMAScript's static semantics): in one scope a name may not be
//! declared lexically (`let`, `const`, `class`, `import`, and `function` at the
//! top of a module or in a block) twice, nor lexically and by `var` (a `var`
//! anywhere below a block, up to its function, counts for that block), nor as a
//! parameter and lexically at the top of the function body. Sloppy-mode scripts
//! may repeat a function declaration in a block (Annex B); `var` may repeat a
//! simple catch parameter. TypeScript declarations that merge (overloads,
//! `declare`, namespaces, enums) are not counted.

use rustc_hash::FxHashMap;
use sheaf_common::Diagnostic;
use swc_core::{
    atoms::Atom,
    common::Span,
    ecma::{
        ast::*,
        utils::find_pat_ids,
        visit::{Visit, VisitWith},
    },
};

use crate::{EcmaContext, Loc};

/// What the check found.
#[derive(Default)]
pub(crate) struct Checked {
    /// The redeclaration errors.
    pub errors: Vec<Diagnostic>,
    /// Some `var` repeats a simple catch parameter (`catch (e) { var e = 1 }`),
    /// which `catch_vars.rs` rewrites: without one, that pass is skipped.
    pub catch_var: bool,
    /// The module holds JSX (an element or a fragment).
    pub jsx: bool,
    /// The module holds a decorator.
    pub decorators: bool,
}

/// The redeclaration errors in `module`; `strict` for ES modules. In TypeScript,
/// imports are not counted: an import used only as a type is erased, and one
/// that clashes with a local is tsc's error to report.
pub(crate) fn check(ctx: &EcmaContext, module: &Module, strict: bool, typescript: bool) -> Checked {
    let mut c = Checker {
        ctx,
        strict,
        scopes: vec![Scope::new(ScopeKind::Function)],
        errors: Vec::new(),
        catch_var: false,
        jsx: false,
        decorators: false,
    };
    for item in &module.body {
        match item {
            ModuleItem::ModuleDecl(ModuleDecl::Import(i)) if !i.type_only && !typescript => {
                for s in &i.specifiers {
                    let local = match s {
                        ImportSpecifier::Named(n) if !n.is_type_only => &n.local,
                        ImportSpecifier::Default(d) => &d.local,
                        ImportSpecifier::Namespace(n) => &n.local,
                        _ => continue,
                    };
                    c.lexical(&local.sym, local.span, Lexical::Other);
                }
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(e)) => c.decl(&e.decl, true),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(e)) => {
                if let DefaultDecl::Class(cls) = &e.decl {
                    if let Some(id) = &cls.ident {
                        c.lexical(&id.sym, id.span, Lexical::Other);
                    }
                    cls.class.visit_with(&mut c);
                } else if let DefaultDecl::Fn(f) = &e.decl {
                    if let Some(id) = &f.ident {
                        c.lexical(&id.sym, id.span, Lexical::Function);
                    }
                    f.function.visit_with(&mut c);
                }
            }
            ModuleItem::Stmt(s) => c.stmt(s, strict),
            other => other.visit_with(&mut c),
        }
    }
    Checked {
        errors: c.errors,
        catch_var: c.catch_var,
        jsx: c.jsx,
        decorators: c.decorators,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    /// A function body (or the whole file): `var` stops here.
    Function,
    Block,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lexical {
    Function,
    Other,
}

struct Scope {
    kind: ScopeKind,
    lexical: FxHashMap<Atom, (Span, Lexical)>,
    /// `var` names declared in this scope or below it (up to the function).
    vars: FxHashMap<Atom, Span>,
    /// Parameters (of a function, or a catch clause with whether it is simple).
    params: FxHashMap<Atom, (Span, bool)>,
}

impl Scope {
    fn new(kind: ScopeKind) -> Self {
        Scope {
            kind,
            lexical: FxHashMap::default(),
            vars: FxHashMap::default(),
            params: FxHashMap::default(),
        }
    }
}

struct Checker<'a> {
    ctx: &'a EcmaContext,
    strict: bool,
    scopes: Vec<Scope>,
    errors: Vec<Diagnostic>,
    catch_var: bool,
    jsx: bool,
    decorators: bool,
}

impl Checker<'_> {
    fn report(&mut self, name: &Atom, first: Span, second: Span) {
        let mut d = Diagnostic::error(
            "E_REDECLARED",
            format!("The symbol \"{name}\" has already been declared"),
        );
        if let Some(l) = self.ctx.label(Loc::from(second)) {
            d = d.with_label(l);
        }
        if let Some(l) = self.ctx.label(Loc::from(first)) {
            d = d.with_label(l.with_message(format!("\"{name}\" was first declared here")));
        }
        self.errors.push(d);
    }

    fn lexical(&mut self, name: &Atom, span: Span, kind: Lexical) {
        let strict = self.strict;
        let scope = self.scopes.last_mut().expect("a scope");
        let clash = if let Some(&(first, prev)) = scope.lexical.get(name) {
            // Annex B: sloppy blocks may repeat a function declaration.
            let annex_b = !strict && prev == Lexical::Function && kind == Lexical::Function;
            (!annex_b).then_some(first)
        } else if let Some(&first) = scope.vars.get(name) {
            Some(first)
        } else {
            scope.params.get(name).map(|&(first, _)| first)
        };
        scope.lexical.entry(name.clone()).or_insert((span, kind));
        if let Some(first) = clash {
            self.report(name, first, span);
        }
    }

    fn var(&mut self, name: &Atom, span: Span) {
        let mut clash = None;
        for scope in self.scopes.iter_mut().rev() {
            if let Some(&(first, _)) = scope.lexical.get(name) {
                clash.get_or_insert(first);
            }
            if let Some(&(first, simple)) = scope.params.get(name) {
                // `catch (e) { var e }` is allowed for a simple catch parameter.
                if scope.kind == ScopeKind::Block && !simple {
                    clash.get_or_insert(first);
                } else if scope.kind == ScopeKind::Block {
                    self.catch_var = true;
                }
            }
            scope.vars.entry(name.clone()).or_insert(span);
            if scope.kind == ScopeKind::Function {
                break;
            }
        }
        if let Some(first) = clash {
            self.report(name, first, span);
        }
    }

    fn in_scope(&mut self, kind: ScopeKind, f: impl FnOnce(&mut Self)) {
        self.scopes.push(Scope::new(kind));
        f(self);
        self.scopes.pop();
    }

    /// A declaration; `lexical_functions` where functions are block-scoped.
    fn decl(&mut self, decl: &Decl, lexical_functions: bool) {
        match decl {
            Decl::Class(c) if !c.declare => {
                self.lexical(&c.ident.sym, c.ident.span, Lexical::Other);
                c.class.visit_with(self);
            }
            Decl::Fn(f) if !f.declare && f.function.body.is_some() => {
                if lexical_functions {
                    self.lexical(&f.ident.sym, f.ident.span, Lexical::Function);
                } else {
                    self.var(&f.ident.sym, f.ident.span);
                }
                f.function.visit_with(self);
            }
            Decl::Var(v) if !v.declare => self.var_decl(v),
            Decl::Using(u) => {
                for d in &u.decls {
                    for id in find_pat_ids::<_, Ident>(&d.name) {
                        self.lexical(&id.sym, id.span, Lexical::Other);
                    }
                    d.init.visit_with(self);
                }
            }
            // Types, enums, namespaces and ambient declarations merge in TypeScript.
            Decl::TsModule(m) => m.body.visit_with(self),
            // Members' values are code (walked for what `Checked` finds).
            Decl::TsEnum(e) => e.members.visit_with(self),
            _ => {}
        }
    }

    fn var_decl(&mut self, v: &VarDecl) {
        for d in &v.decls {
            for id in find_pat_ids::<_, Ident>(&d.name) {
                match v.kind {
                    VarDeclKind::Var => self.var(&id.sym, id.span),
                    _ => self.lexical(&id.sym, id.span, Lexical::Other),
                }
            }
            d.init.visit_with(self);
            d.name.visit_with(self);
        }
    }

    /// A statement of a statement list whose functions are lexical when
    /// `lexical_functions` (module top level, blocks).
    fn stmt(&mut self, s: &Stmt, lexical_functions: bool) {
        match s {
            Stmt::Decl(d) => self.decl(d, lexical_functions),
            other => other.visit_with(self),
        }
    }

    fn block_body(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s, true);
        }
    }

    fn function_body<'p>(
        &mut self,
        params: impl IntoIterator<Item = &'p Pat>,
        body: Option<&[Stmt]>,
    ) {
        self.in_scope(ScopeKind::Function, |c| {
            for p in params {
                for id in find_pat_ids::<_, Ident>(p) {
                    let scope = c.scopes.last_mut().expect("a scope");
                    scope.params.insert(id.sym.clone(), (id.span, true));
                }
                p.visit_with(c);
            }
            for s in body.unwrap_or_default() {
                c.stmt(s, false);
            }
        });
    }
}

impl Visit for Checker<'_> {
    fn visit_stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Decl(d) => self.decl(d, true),
            Stmt::Block(b) => self.in_scope(ScopeKind::Block, |c| c.block_body(&b.stmts)),
            Stmt::Switch(sw) => {
                sw.discriminant.visit_with(self);
                self.in_scope(ScopeKind::Block, |c| {
                    for case in &sw.cases {
                        case.test.visit_with(c);
                        c.block_body(&case.cons);
                    }
                });
            }
            Stmt::For(f) => self.in_scope(ScopeKind::Block, |c| {
                if let Some(VarDeclOrExpr::VarDecl(v)) = &f.init {
                    c.var_decl(v);
                } else {
                    f.init.visit_with(c);
                }
                f.test.visit_with(c);
                f.update.visit_with(c);
                f.body.visit_with(c);
            }),
            Stmt::ForIn(ForInStmt {
                left, right, body, ..
            })
            | Stmt::ForOf(ForOfStmt {
                left, right, body, ..
            }) => {
                right.visit_with(self);
                self.in_scope(ScopeKind::Block, |c| {
                    if let ForHead::VarDecl(v) = left {
                        c.var_decl(v);
                    } else {
                        left.visit_with(c);
                    }
                    body.visit_with(c);
                });
            }
            other => other.visit_children_with(self),
        }
    }

    fn visit_catch_clause(&mut self, c: &CatchClause) {
        self.in_scope(ScopeKind::Block, |ch| {
            if let Some(p) = &c.param {
                let simple = matches!(p, Pat::Ident(_));
                for id in find_pat_ids::<_, Ident>(p) {
                    let scope = ch.scopes.last_mut().expect("a scope");
                    scope.params.insert(id.sym.clone(), (id.span, simple));
                }
                p.visit_with(ch);
            }
            ch.block_body(&c.body.stmts);
        });
    }

    fn visit_function(&mut self, f: &Function) {
        f.decorators.visit_with(self);
        for p in &f.params {
            p.decorators.visit_with(self);
        }
        let params = f.params.iter().map(|p| &p.pat);
        self.function_body(params, f.body.as_ref().map(|b| &b.stmts[..]));
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        match &*a.body {
            ArrowFunctionBody::FunctionBody(b) => self.function_body(&a.params, Some(&b.stmts)),
            ArrowFunctionBody::Expr(e) => {
                self.function_body(&a.params, None);
                e.visit_with(self);
            }
        }
    }

    fn visit_constructor(&mut self, c: &Constructor) {
        for p in &c.params {
            match p {
                ParamOrTsParamProp::Param(p) => p.decorators.visit_with(self),
                // Declares a field, not a binding: walked for what `Checked` finds.
                ParamOrTsParamProp::TsParamProp(p) => {
                    p.decorators.visit_with(self);
                    p.param.visit_with(self);
                }
            }
        }
        let params = c.params.iter().filter_map(|p| match p {
            ParamOrTsParamProp::Param(p) => Some(&p.pat),
            ParamOrTsParamProp::TsParamProp(_) => None,
        });
        self.function_body(params, c.body.as_ref().map(|b| &b.stmts[..]));
    }

    fn visit_static_block(&mut self, b: &StaticBlock) {
        self.function_body([], Some(&b.body.stmts));
    }

    // What the walk finds besides errors (`Checked::jsx`, `Checked::decorators`).
    fn visit_jsx_element(&mut self, e: &JSXElement) {
        self.jsx = true;
        e.visit_children_with(self);
    }

    fn visit_jsx_fragment(&mut self, f: &JSXFragment) {
        self.jsx = true;
        f.visit_children_with(self);
    }

    fn visit_decorator(&mut self, d: &Decorator) {
        self.decorators = true;
        d.visit_children_with(self);
    }

    fn visit_class_expr(&mut self, c: &ClassExpr) {
        c.class.visit_with(self);
    }

    fn visit_fn_expr(&mut self, f: &FnExpr) {
        f.function.visit_with(self);
    }

    // Types declare nothing at run time.
    fn visit_ts_type(&mut self, _: &TsType) {}
}
