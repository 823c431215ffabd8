//! Unused `/*#__PURE__*/` calls are dropped wherever they stand, not only at the
//! top level (where tree shaking drops them with the rest of unused code).
//!
//! Example: `(() => { const foo = () => {…}; /* #__PURE__ */ foo(); })();`
//! becomes `(() => { const foo = () => {…}; })();`. A call in statement position
//! has an unused value; the annotation says the call itself has no effect, so
//! only its arguments could, and when they cannot either (literals, functions,
//! reads of declared names) nothing is left to run. Rollup and rolldown drop
//! these calls; so does esbuild when minifying.
//!
//! Why at load: the statement's names then count as unused, so the declarations
//! they keep alive (and what those import) can be shaken too.

use swc_core::{
    common::{comments::Comments, Spanned, SyntaxContext, DUMMY_SP},
    ecma::{
        ast::*,
        visit::{VisitMut, VisitMutWith},
    },
};

/// Replaces, in `module`, statements that are only an unused pure-annotated call
/// with side-effect-free arguments by empty statements.
pub(crate) fn drop_unused_pure_calls(
    module: &mut Module,
    unresolved: SyntaxContext,
    comments: &dyn Comments,
) {
    module.visit_mut_with(&mut Dropper {
        unresolved,
        comments,
    });
}

struct Dropper<'a> {
    unresolved: SyntaxContext,
    comments: &'a dyn Comments,
}

impl Dropper<'_> {
    fn droppable(&self, e: &Expr) -> bool {
        let (span, callee, args) = match e {
            Expr::Paren(p) => return self.droppable(&p.expr),
            Expr::Call(CallExpr {
                span,
                callee: Callee::Expr(callee),
                args,
                ..
            }) => (*span, &**callee, Some(args)),
            Expr::New(NewExpr {
                span, callee, args, ..
            }) => (*span, &**callee, args.as_ref()),
            _ => return false,
        };
        let annotated = self.comments.has_flag(span.lo, "PURE")
            || self.comments.has_flag(callee.span().lo, "PURE");
        annotated
            && args.is_none_or(|args| {
                args.iter()
                    .all(|a| a.spread.is_none() && self.harmless(&a.expr))
            })
    }

    /// Evaluating `e` has no effect and cannot throw.
    fn harmless(&self, e: &Expr) -> bool {
        match e {
            Expr::Lit(_) | Expr::Fn(_) | Expr::Arrow(_) | Expr::This(_) => true,
            Expr::Ident(i) => i.ctxt != self.unresolved || &*i.sym == "undefined",
            Expr::Paren(p) => self.harmless(&p.expr),
            _ => false,
        }
    }
}

impl VisitMut for Dropper<'_> {
    fn visit_mut_stmt(&mut self, stmt: &mut Stmt) {
        if let Stmt::Expr(s) = stmt {
            if self.droppable(&s.expr) {
                *stmt = Stmt::Empty(EmptyStmt { span: DUMMY_SP });
                return;
            }
        }
        stmt.visit_mut_children_with(self);
    }

    fn visit_mut_stmts(&mut self, stmts: &mut Vec<Stmt>) {
        stmts.visit_mut_children_with(self);
        stmts.retain(|s| !matches!(s, Stmt::Empty(_)));
    }
}
