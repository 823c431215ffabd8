//! `var e` inside `catch (e) { … }` written the way it behaves (Annex B.3.4).
//!
//! Example: `try {} catch (e) { var e = 1; }` declares a `var e` in the enclosing
//! function (or module), but the initializer assigns the *catch parameter*. This
//! pass rewrites it to `var e; try {} catch (e) { e = 1; }`.
//!
//! Why: scope analysis (SWC's resolver) binds such a `var` to the catch
//! parameter, so when the linker renames the module's top-level `e`, the
//! declaration, the parameter and the reads disagreed (rollup's
//! `catch-scope-nested-deconflicting`). Written out, every reference has one
//! meaning. Runs on names, before scopes are resolved.

use swc_core::{
    atoms::Atom,
    common::{SyntaxContext, DUMMY_SP},
    ecma::{
        ast::*,
        visit::{VisitMut, VisitMutWith},
    },
};

/// Rewrites every such `var` of `module` (see the module comment).
pub(crate) fn lower_catch_vars(module: &mut Module) {
    let mut pass = CatchVars::default();
    module.visit_mut_with(&mut pass);
    if !pass.hoisted.is_empty() {
        module.body.insert(
            0,
            ModuleItem::Stmt(var_decl(std::mem::take(&mut pass.hoisted))),
        );
    }
}

#[derive(Default)]
struct CatchVars {
    /// Simple catch parameters around the current statement, in this function.
    params: Vec<Atom>,
    /// Names to declare at the top of the current function (or module).
    hoisted: Vec<Atom>,
}

impl CatchVars {
    fn in_function<T: VisitMutWith<Self>>(&mut self, node: &mut T) -> Vec<Atom> {
        let params = std::mem::take(&mut self.params);
        let hoisted = std::mem::take(&mut self.hoisted);
        node.visit_mut_children_with(self);
        self.params = params;
        std::mem::replace(&mut self.hoisted, hoisted)
    }

    fn shadows(&self, pat: &Pat) -> Option<Atom> {
        match pat {
            Pat::Ident(b) if self.params.contains(&b.id.sym) => Some(b.id.sym.clone()),
            _ => None,
        }
    }

    fn hoist(&mut self, name: Atom) {
        if !self.hoisted.contains(&name) {
            self.hoisted.push(name);
        }
    }

    /// A `var` statement that redeclares a catch parameter becomes assignments
    /// (declarators are split so that their order is kept).
    fn rewrite(&mut self, stmt: Stmt) -> Vec<Stmt> {
        let Stmt::Decl(Decl::Var(v)) = stmt else {
            return vec![stmt];
        };
        if v.kind != VarDeclKind::Var || v.decls.iter().all(|d| self.shadows(&d.name).is_none()) {
            return vec![Stmt::Decl(Decl::Var(v))];
        }
        let mut out: Vec<Stmt> = Vec::new();
        let VarDecl {
            span,
            ctxt,
            kind,
            declare,
            decls,
        } = *v;
        for d in decls {
            match self.shadows(&d.name) {
                Some(name) => {
                    self.hoist(name.clone());
                    if let Some(init) = d.init {
                        out.push(Stmt::Expr(ExprStmt {
                            span: d.span,
                            expr: Box::new(assign(name, init)),
                        }));
                    }
                }
                None => match out.last_mut() {
                    Some(Stmt::Decl(Decl::Var(prev))) => prev.decls.push(d),
                    _ => out.push(Stmt::Decl(Decl::Var(Box::new(VarDecl {
                        span,
                        ctxt,
                        kind,
                        declare,
                        decls: vec![d],
                    })))),
                },
            }
        }
        if out.is_empty() {
            out.push(Stmt::Empty(EmptyStmt { span }));
        }
        out
    }
}

impl VisitMut for CatchVars {
    fn visit_mut_function(&mut self, f: &mut Function) {
        let hoisted = self.in_function(f);
        if let (false, Some(body)) = (hoisted.is_empty(), f.body.as_mut()) {
            body.stmts.insert(0, var_decl(hoisted));
        }
    }

    fn visit_mut_arrow_expr(&mut self, a: &mut ArrowExpr) {
        let hoisted = self.in_function(a);
        if hoisted.is_empty() {
            return;
        }
        if let ArrowFunctionBody::FunctionBody(body) = &mut *a.body {
            body.stmts.insert(0, var_decl(hoisted));
        }
    }

    fn visit_mut_static_block(&mut self, b: &mut StaticBlock) {
        let hoisted = self.in_function(b);
        if !hoisted.is_empty() {
            b.body.stmts.insert(0, var_decl(hoisted));
        }
    }

    fn visit_mut_catch_clause(&mut self, c: &mut CatchClause) {
        c.param.visit_mut_with(self);
        let simple = match &c.param {
            Some(Pat::Ident(b)) => Some(b.id.sym.clone()),
            _ => None,
        };
        if let Some(name) = &simple {
            self.params.push(name.clone());
        }
        c.body.visit_mut_with(self);
        if simple.is_some() {
            self.params.pop();
        }
    }

    fn visit_mut_stmt(&mut self, s: &mut Stmt) {
        s.visit_mut_children_with(self);
        if self.params.is_empty() {
            return;
        }
        // A lone statement body (`if (x) var e = 1;`) has no list to split into.
        if matches!(s, Stmt::Decl(Decl::Var(_))) {
            let mut out = self.rewrite(std::mem::replace(
                s,
                Stmt::Empty(EmptyStmt { span: DUMMY_SP }),
            ));
            *s = if out.len() == 1 {
                out.pop().unwrap()
            } else {
                Stmt::Block(BlockStmt {
                    stmts: out,
                    ..Default::default()
                })
            };
        }
    }

    fn visit_mut_for_head(&mut self, h: &mut ForHead) {
        h.visit_mut_children_with(self);
        let ForHead::VarDecl(v) = h else { return };
        if v.kind != VarDeclKind::Var || v.decls.len() != 1 || v.decls[0].init.is_some() {
            return;
        }
        if let Some(name) = self.shadows(&v.decls[0].name) {
            self.hoist(name.clone());
            *h = ForHead::Pat(Box::new(Pat::Ident(
                Ident::new_no_ctxt(name, DUMMY_SP).into(),
            )));
        }
    }

    fn visit_mut_var_decl_or_expr(&mut self, init: &mut VarDeclOrExpr) {
        init.visit_mut_children_with(self);
        let VarDeclOrExpr::VarDecl(v) = init else {
            return;
        };
        if v.kind != VarDeclKind::Var || v.decls.iter().any(|d| self.shadows(&d.name).is_none()) {
            return;
        }
        let mut exprs = Vec::new();
        for d in std::mem::take(&mut v.decls) {
            let name = self.shadows(&d.name).expect("checked above");
            self.hoist(name.clone());
            if let Some(init) = d.init {
                exprs.push(Box::new(assign(name, init)));
            }
        }
        *init = VarDeclOrExpr::Expr(Box::new(match exprs.len() {
            0 => Expr::Ident(Ident::new_no_ctxt("undefined".into(), DUMMY_SP)),
            1 => *exprs.pop().unwrap(),
            _ => Expr::Seq(SeqExpr {
                span: DUMMY_SP,
                exprs,
            }),
        }));
    }
}

fn assign(name: Atom, value: Box<Expr>) -> Expr {
    Expr::Assign(AssignExpr {
        span: DUMMY_SP,
        op: AssignOp::Assign,
        left: AssignTarget::Simple(SimpleAssignTarget::Ident(
            Ident::new_no_ctxt(name, DUMMY_SP).into(),
        )),
        right: value,
    })
}

fn var_decl(names: Vec<Atom>) -> Stmt {
    Stmt::Decl(Decl::Var(Box::new(VarDecl {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        kind: VarDeclKind::Var,
        declare: false,
        decls: names
            .into_iter()
            .map(|n| VarDeclarator {
                span: DUMMY_SP,
                name: Pat::Ident(Ident::new_no_ctxt(n, DUMMY_SP).into()),
                init: None,
                definite: false,
            })
            .collect(),
    })))
}
