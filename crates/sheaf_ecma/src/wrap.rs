//! Lazy ES modules: the body of a module that must run on demand (it is
//! `require()`d, `import()`ed, or imported by such a module) moves into an
//! initializer function, while its top-level bindings stay at the bundle's top
//! level so other modules can keep referring to them by name.
//!
//! Example: `export const a = 1; export class C {} function f() {}` renders as
//! `function f() {}` and the body `a = 1; C = class {};` — the generator declares
//! `var a, C;` outside, then the function, and wraps the body in
//! `var init_m = __sheafEsm(function () { … })`.
//!
//! Why: Node evaluates a required ES module when `require` runs, not when the
//! bundle loads. Function declarations stay declarations outside the
//! initializer (as in esbuild): an ES module's functions exist before it runs,
//! and a module in an import cycle may call one while this module's
//! initializer still waits for its imports (assigned inside it, `f` was
//! `undefined` then: TypeError).

use swc_core::{
    common::{util::take::Take, DUMMY_SP},
    ecma::{
        ast::*,
        visit::{VisitMut, VisitMutWith},
    },
};

/// Rewrites the top-level declarations of `module` into assignments, and takes
/// out its top-level function declarations (returned, for outside the
/// initializer).
pub(crate) fn lazy_body(module: &mut Module) -> Vec<ModuleItem> {
    let mut functions = Vec::new();
    let mut rest = Vec::new();
    for item in module.body.drain(..) {
        let ModuleItem::Stmt(stmt) = item else {
            rest.push(item);
            continue;
        };
        match stmt {
            Stmt::Decl(Decl::Fn(f)) => functions.push(ModuleItem::Stmt(Stmt::Decl(Decl::Fn(f)))),
            // The class expression is anonymous: `C = class {}` still names
            // itself `C`, and SWC's minifier renamed the target of
            // `C = class C {}` together with the expression's own name.
            Stmt::Decl(Decl::Class(c)) => {
                let name = c.ident.clone();
                rest.push(assign_stmt(
                    AssignTarget::Simple(SimpleAssignTarget::Ident(name.into())),
                    Expr::Class(ClassExpr {
                        ident: None,
                        class: c.class,
                    }),
                ));
            }
            Stmt::Decl(Decl::Var(v)) => {
                rest.extend(declarators_to_assignments(*v).map(ModuleItem::Stmt))
            }
            mut other => {
                // `var` nested in top-level blocks and loops binds at the top level too.
                other.visit_mut_with(&mut HoistedVarsToAssignments);
                rest.push(ModuleItem::Stmt(other));
            }
        }
    }
    module.body = rest;
    functions
}

fn assign_expr(left: AssignTarget, right: Expr) -> Expr {
    Expr::Assign(AssignExpr {
        span: DUMMY_SP,
        op: AssignOp::Assign,
        left,
        right: Box::new(right),
    })
}

fn assign_stmt(left: AssignTarget, right: Expr) -> ModuleItem {
    ModuleItem::Stmt(Stmt::Expr(ExprStmt {
        span: DUMMY_SP,
        expr: Box::new(assign_expr(left, right)),
    }))
}

/// `const a = 1, { b } = o, c;` → `a = 1; ({ b } = o);` (a declarator without an
/// initializer is `undefined` already, from the outer `var`).
fn declarators_to_assignments(v: VarDecl) -> impl Iterator<Item = Stmt> {
    v.decls.into_iter().filter_map(|d| {
        let init = d.init?;
        let target = AssignTarget::try_from(d.name).ok()?;
        Some(Stmt::Expr(ExprStmt {
            span: d.span,
            expr: Box::new(assign_expr(target, *init)),
        }))
    })
}

struct HoistedVarsToAssignments;

impl VisitMut for HoistedVarsToAssignments {
    fn visit_mut_stmt(&mut self, s: &mut Stmt) {
        s.visit_mut_children_with(self);
        if let Stmt::Decl(Decl::Var(v)) = s {
            if v.kind == VarDeclKind::Var {
                let v = *v.take();
                let stmts: Vec<Stmt> = declarators_to_assignments(v).collect();
                *s = match stmts.len() {
                    0 => Stmt::Empty(EmptyStmt { span: DUMMY_SP }),
                    _ => Stmt::Block(BlockStmt {
                        span: DUMMY_SP,
                        ctxt: Default::default(),
                        stmts,
                    }),
                };
            }
        }
    }

    // `for (var i = 0; …)` → `for (i = 0; …)`.
    fn visit_mut_for_stmt(&mut self, f: &mut ForStmt) {
        f.visit_mut_children_with(self);
        if let Some(VarDeclOrExpr::VarDecl(v)) = &mut f.init {
            if v.kind == VarDeclKind::Var {
                let exprs: Vec<Box<Expr>> = declarators_to_assignments(*v.take())
                    .filter_map(|s| match s {
                        Stmt::Expr(e) => Some(e.expr),
                        _ => None,
                    })
                    .collect();
                f.init = (!exprs.is_empty()).then(|| {
                    VarDeclOrExpr::Expr(Box::new(Expr::Seq(SeqExpr {
                        span: DUMMY_SP,
                        exprs,
                    })))
                });
            }
        }
    }

    // `for (var k in o)` → `for (k in o)`.
    fn visit_mut_for_head(&mut self, h: &mut ForHead) {
        if let ForHead::VarDecl(v) = h {
            if v.kind == VarDeclKind::Var && v.decls.len() == 1 && v.decls[0].init.is_none() {
                let pat = v.decls[0].name.clone();
                *h = ForHead::Pat(Box::new(pat));
                return;
            }
        }
        h.visit_mut_children_with(self);
    }

    fn visit_mut_function(&mut self, _: &mut Function) {}
    fn visit_mut_arrow_expr(&mut self, _: &mut ArrowExpr) {}
    fn visit_mut_class(&mut self, _: &mut Class) {}
}
