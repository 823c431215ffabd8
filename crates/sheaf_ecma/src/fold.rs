//! Dead branches after `define`: `if`, `?:`, `&&` and `||` whose condition is a
//! constant are replaced by the branch that runs.
//!
//! Example: with `process.env.NODE_ENV` defined as `"production"`,
//! `if (process.env.NODE_ENV === 'production') module.exports = require('./prod.js');
//! else module.exports = require('./dev.js');` keeps only the first assignment, so
//! `./dev.js` is never loaded into the graph.
//!
//! Why before analysis: the records (imports, requires) are collected from what is
//! left, which is what keeps the unused branch's dependencies out of the bundle.
//!
//! Who folds: `define.rs` in its own walk, where a replacement was made below a
//! node (`fold_stmt`, `fold_expr`: one walk, not two over every file that
//! mentions a define); `render.rs` over a module whose reads were inlined as
//! literals (`fold_constant_branches`).

use swc_core::{
    common::{util::take::Take, DUMMY_SP},
    ecma::{
        ast::*,
        utils::find_pat_ids,
        visit::{Visit, VisitMut, VisitMutWith, VisitWith},
    },
};

pub(crate) fn fold_constant_branches(module: &mut Module) {
    module.visit_mut_with(&mut Folder);
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Value<'a> {
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Null,
    /// `void 0` (what `import.meta.hot` is in a build).
    Undefined,
}

impl Value<'_> {
    fn truthy(self) -> bool {
        match self {
            Value::Bool(b) => b,
            Value::Num(n) => n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            Value::Null | Value::Undefined => false,
        }
    }
}

fn value(e: &Expr) -> Option<Value<'_>> {
    match e {
        Expr::Paren(p) => value(&p.expr),
        Expr::Lit(Lit::Bool(b)) => Some(Value::Bool(b.value)),
        Expr::Lit(Lit::Num(n)) => Some(Value::Num(n.value)),
        Expr::Lit(Lit::Str(s)) => s.value.as_str().map(Value::Str),
        Expr::Lit(Lit::Null(_)) => Some(Value::Null),
        Expr::Unary(UnaryExpr {
            op: UnaryOp::Void,
            arg,
            ..
        }) if matches!(**arg, Expr::Lit(_)) => Some(Value::Undefined),
        Expr::Unary(UnaryExpr {
            op: UnaryOp::Bang,
            arg,
            ..
        }) => value(arg).map(|v| Value::Bool(!v.truthy())),
        Expr::Bin(BinExpr {
            op, left, right, ..
        }) => {
            let (l, r) = (value(left)?, value(right)?);
            let strict_eq = l == r;
            let loose_eq = match (l, r) {
                (Value::Num(a), Value::Str(b)) | (Value::Str(b), Value::Num(a)) => {
                    b.trim().parse::<f64>().ok() == Some(a)
                }
                (Value::Null, Value::Undefined) | (Value::Undefined, Value::Null) => true,
                _ => strict_eq,
            };
            match op {
                BinaryOp::EqEqEq => Some(Value::Bool(strict_eq)),
                BinaryOp::NotEqEq => Some(Value::Bool(!strict_eq)),
                BinaryOp::EqEq => Some(Value::Bool(loose_eq)),
                BinaryOp::NotEq => Some(Value::Bool(!loose_eq)),
                BinaryOp::LogicalAnd => Some(if l.truthy() { r } else { l }),
                BinaryOp::LogicalOr => Some(if l.truthy() { l } else { r }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `var` bindings declared in a dropped branch still exist (hoisting): keep them
/// as a bare `var a, b;`.
fn hoisted_vars(stmt: &Stmt) -> Option<Stmt> {
    struct Vars(Vec<Ident>);
    impl Visit for Vars {
        fn visit_var_decl(&mut self, v: &VarDecl) {
            if v.kind == VarDeclKind::Var {
                self.0.extend(find_pat_ids::<_, Ident>(&v.decls));
            }
        }
        fn visit_function(&mut self, _: &Function) {}
        fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
        fn visit_class(&mut self, _: &Class) {}
    }
    let mut vars = Vars(Vec::new());
    stmt.visit_with(&mut vars);
    (!vars.0.is_empty()).then(|| {
        Stmt::Decl(Decl::Var(Box::new(VarDecl {
            span: DUMMY_SP,
            ctxt: Default::default(),
            kind: VarDeclKind::Var,
            declare: false,
            decls: vars
                .0
                .into_iter()
                .map(|id| VarDeclarator {
                    span: DUMMY_SP,
                    name: Pat::Ident(id.into()),
                    init: None,
                    definite: false,
                })
                .collect(),
        })))
    })
}

struct Folder;

impl VisitMut for Folder {
    fn visit_mut_stmt(&mut self, stmt: &mut Stmt) {
        stmt.visit_mut_children_with(self);
        fold_stmt(stmt);
    }

    fn visit_mut_expr(&mut self, expr: &mut Expr) {
        expr.visit_mut_children_with(self);
        fold_expr(expr);
    }
}

/// An `if` whose test is a constant, its children already folded: the branch
/// that runs (with the `var`s the other declares). Also called by `define.rs`,
/// which folds in its own walk, after each node's children.
pub(crate) fn fold_stmt(stmt: &mut Stmt) {
    let Stmt::If(s) = stmt else { return };
    let Some(test) = value(&s.test) else { return };
    let (taken, dropped) = if test.truthy() {
        (
            Some(std::mem::replace(&mut *s.cons, Stmt::dummy())),
            s.alt.take(),
        )
    } else {
        (
            s.alt.take().map(|a| *a),
            Some(std::mem::replace(&mut s.cons, Box::new(Stmt::dummy()))),
        )
    };
    let mut out = Vec::new();
    if let Some(d) = dropped.as_deref().and_then(hoisted_vars) {
        out.push(d);
    }
    out.extend(taken);
    *stmt = match out.len() {
        0 => Stmt::Empty(EmptyStmt { span: DUMMY_SP }),
        1 => out.pop().expect("one statement"),
        _ => Stmt::Block(BlockStmt {
            span: DUMMY_SP,
            ctxt: Default::default(),
            stmts: out,
        }),
    };
}

/// A `?:`, `&&` or `||` whose deciding operand is a constant, its children
/// already folded: the operand that is the result.
pub(crate) fn fold_expr(expr: &mut Expr) {
    match expr {
        Expr::Cond(c) => {
            if let Some(v) = value(&c.test) {
                let branch = if v.truthy() { &mut c.cons } else { &mut c.alt };
                *expr = *std::mem::replace(branch, Box::new(Expr::dummy()));
            }
        }
        Expr::Bin(BinExpr {
            op: op @ (BinaryOp::LogicalAnd | BinaryOp::LogicalOr),
            left,
            right,
            ..
        }) => {
            if let Some(v) = value(left) {
                let keep_left = v.truthy() == (*op == BinaryOp::LogicalOr);
                let side = if keep_left { left } else { right };
                *expr = *std::mem::replace(side, Box::new(Expr::dummy()));
            }
        }
        _ => {}
    }
}
