//! Statements and declarations (see `mod.rs`).

use oxc::{
    allocator::{Box as ArenaBox, Vec as ArenaVec},
    ast::ast::{
        BlockStatement, CatchClause, CatchParameter, Declaration, ForStatementInit,
        ForStatementLeft, LabelIdentifier, Statement, SwitchCase, VariableDeclaration,
        VariableDeclarationKind, VariableDeclarator,
    },
};
use swc_core::ecma::ast as swc;

use super::ToOxc;

impl<'a> ToOxc<'a, '_> {
    /// Pushes `stmt` (an empty statement too: SWC printed it).
    pub(super) fn push_stmt(
        &self,
        body: &mut ArenaVec<'a, Statement<'a>>,
        stmt: &swc::Stmt,
    ) -> Option<()> {
        let stmt = self.stmt(stmt)?;
        self.record_start(oxc::span::GetSpan::span(&stmt));
        body.push(stmt);
        Some(())
    }

    pub(super) fn stmts(&self, stmts: &[swc::Stmt]) -> Option<ArenaVec<'a, Statement<'a>>> {
        let mut out = self.vec(stmts.len());
        for s in stmts {
            self.push_stmt(&mut out, s)?;
        }
        Some(out)
    }

    pub(super) fn block(&self, block: &swc::BlockStmt) -> Option<ArenaBox<'a, BlockStatement<'a>>> {
        let body = self.stmts(&block.stmts)?;
        Some(BlockStatement::boxed(self.span(block.span), body, self))
    }

    /// An `if`'s consequent. One that would take an `else` written after it
    /// (an `if` without one, or a loop or label ending in one) goes in a
    /// block, as SWC's `fixer` puts it for printing: the compressor then has
    /// a list of statements to work on (React DOM's `if (…) if (…) {…;
    /// continue} else if (…) {…}` loses its `else` only so).
    fn consequent(&self, cons: &swc::Stmt) -> Option<Statement<'a>> {
        if !takes_else(cons) {
            return self.stmt(cons);
        }
        let mut body = self.vec(1);
        self.push_stmt(&mut body, cons)?;
        let span = self.span(swc_core::common::Spanned::span(cons));
        Some(Statement::BlockStatement(BlockStatement::boxed(
            span, body, self,
        )))
    }

    pub(super) fn stmt(&self, stmt: &swc::Stmt) -> Option<Statement<'a>> {
        use swc::Stmt as S;
        Some(match stmt {
            S::Block(b) => Statement::BlockStatement(self.block(b)?),
            S::Empty(e) => Statement::new_empty_statement(self.span(e.span), self),
            S::Debugger(d) => Statement::new_debugger_statement(self.span(d.span), self),
            S::With(w) => Statement::new_with_statement(
                self.span(w.span),
                self.expr(&w.obj)?,
                self.stmt(&w.body)?,
                self,
            ),
            S::Return(r) => Statement::new_return_statement(
                self.span(r.span),
                self.opt_expr(r.arg.as_deref())?,
                self,
            ),
            S::Labeled(l) => Statement::new_labeled_statement(
                self.span(l.span),
                self.label(&l.label),
                self.stmt(&l.body)?,
                self,
            ),
            S::Break(b) => Statement::new_break_statement(
                self.span(b.span),
                b.label.as_ref().map(|l| self.label(l)),
                self,
            ),
            S::Continue(c) => Statement::new_continue_statement(
                self.span(c.span),
                c.label.as_ref().map(|l| self.label(l)),
                self,
            ),
            S::If(i) => Statement::new_if_statement(
                self.span(i.span),
                self.expr(&i.test)?,
                self.consequent(&i.cons)?,
                match &i.alt {
                    Some(alt) => Some(self.stmt(alt)?),
                    None => None,
                },
                self,
            ),
            S::Switch(s) => {
                let mut cases = self.vec(s.cases.len());
                for case in &s.cases {
                    cases.push(SwitchCase::new(
                        self.span(case.span),
                        self.opt_expr(case.test.as_deref())?,
                        self.stmts(&case.cons)?,
                        self,
                    ));
                }
                Statement::new_switch_statement(
                    self.span(s.span),
                    self.expr(&s.discriminant)?,
                    cases,
                    self,
                )
            }
            S::Throw(t) => {
                Statement::new_throw_statement(self.span(t.span), self.expr(&t.arg)?, self)
            }
            S::Try(t) => {
                let handler = match &t.handler {
                    Some(h) => Some(self.catch(h)?),
                    None => None,
                };
                let finalizer = match &t.finalizer {
                    Some(f) => Some(self.block(f)?),
                    None => None,
                };
                Statement::new_try_statement(
                    self.span(t.span),
                    self.block(&t.block)?,
                    handler,
                    finalizer,
                    self,
                )
            }
            S::While(w) => Statement::new_while_statement(
                self.span(w.span),
                self.expr(&w.test)?,
                self.stmt(&w.body)?,
                self,
            ),
            S::DoWhile(d) => Statement::new_do_while_statement(
                self.span(d.span),
                self.stmt(&d.body)?,
                self.expr(&d.test)?,
                self,
            ),
            S::For(f) => {
                let init = match &f.init {
                    Some(swc::VarDeclOrExpr::VarDecl(v)) => {
                        Some(ForStatementInit::VariableDeclaration(self.var_decl(v)?))
                    }
                    Some(swc::VarDeclOrExpr::Expr(e)) => {
                        Some(ForStatementInit::from(self.expr(e)?))
                    }
                    None => None,
                };
                Statement::new_for_statement(
                    self.span(f.span),
                    init,
                    self.opt_expr(f.test.as_deref())?,
                    self.opt_expr(f.update.as_deref())?,
                    self.stmt(&f.body)?,
                    self,
                )
            }
            S::ForIn(f) => Statement::new_for_in_statement(
                self.span(f.span),
                self.for_head(&f.left)?,
                self.expr(&f.right)?,
                self.stmt(&f.body)?,
                self,
            ),
            S::ForOf(f) => Statement::new_for_of_statement(
                self.span(f.span),
                f.is_await,
                self.for_head(&f.left)?,
                self.expr(&f.right)?,
                self.stmt(&f.body)?,
                self,
            ),
            S::Decl(d) => Statement::from(self.decl(d)?),
            S::Expr(e) => {
                Statement::new_expression_statement(self.span(e.span), self.expr(&e.expr)?, self)
            }
        })
    }

    fn label(&self, label: &swc::Ident) -> LabelIdentifier<'a> {
        LabelIdentifier::new(self.span(label.span), self.ident(&label.sym), self)
    }

    fn catch(&self, h: &swc::CatchClause) -> Option<ArenaBox<'a, CatchClause<'a>>> {
        let param = match &h.param {
            Some(p) => {
                let pattern = self.binding(p)?;
                Some(CatchParameter::new(
                    self.span(swc_core::common::Spanned::span(p)),
                    pattern,
                    None,
                    self,
                ))
            }
            None => None,
        };
        Some(CatchClause::boxed(
            self.span(h.span),
            param,
            self.block(&h.body)?,
            self,
        ))
    }

    fn for_head(&self, head: &swc::ForHead) -> Option<ForStatementLeft<'a>> {
        Some(match head {
            swc::ForHead::VarDecl(v) => ForStatementLeft::VariableDeclaration(self.var_decl(v)?),
            swc::ForHead::UsingDecl(u) => {
                ForStatementLeft::VariableDeclaration(self.using_decl(u)?)
            }
            swc::ForHead::Pat(p) => ForStatementLeft::from(self.assign_target_pat(p)?),
        })
    }

    pub(super) fn decl(&self, decl: &swc::Decl) -> Option<Declaration<'a>> {
        Some(match decl {
            swc::Decl::Var(v) => Declaration::VariableDeclaration(self.var_decl(v)?),
            swc::Decl::Using(u) => Declaration::VariableDeclaration(self.using_decl(u)?),
            swc::Decl::Fn(f) => {
                let mut function = self.function(&f.function, Some(&f.ident), true)?;
                function.pure |= self.no_side_effects(f.function.span.lo);
                Declaration::FunctionDeclaration(function)
            }
            swc::Decl::Class(c) => {
                Declaration::ClassDeclaration(self.class(&c.class, Some(&c.ident), true)?)
            }
            _ => return None,
        })
    }

    fn var_decl(&self, v: &swc::VarDecl) -> Option<ArenaBox<'a, VariableDeclaration<'a>>> {
        if v.declare {
            return None;
        }
        let kind = match v.kind {
            swc::VarDeclKind::Var => VariableDeclarationKind::Var,
            swc::VarDeclKind::Let => VariableDeclarationKind::Let,
            swc::VarDeclKind::Const => VariableDeclarationKind::Const,
        };
        self.declarators(v.span, kind, &v.decls)
    }

    fn using_decl(&self, u: &swc::UsingDecl) -> Option<ArenaBox<'a, VariableDeclaration<'a>>> {
        let kind = match u.is_await {
            true => VariableDeclarationKind::AwaitUsing,
            false => VariableDeclarationKind::Using,
        };
        self.declarators(u.span, kind, &u.decls)
    }

    fn declarators(
        &self,
        span: swc_core::common::Span,
        kind: VariableDeclarationKind,
        decls: &[swc::VarDeclarator],
    ) -> Option<ArenaBox<'a, VariableDeclaration<'a>>> {
        let mut out = self.vec(decls.len());
        for d in decls {
            let init = self.opt_expr(d.init.as_deref())?;
            out.push(VariableDeclarator::new(
                self.span(d.span),
                self.binding(&d.name)?,
                None,
                init,
                false,
                self,
            ));
        }
        Some(VariableDeclaration::boxed(
            self.span(span),
            kind,
            out,
            false,
            self,
        ))
    }
}

/// Whether an `else` written after `s` would be read as its own (SWC's
/// `fixer::will_eat_else_token`).
fn takes_else(s: &swc::Stmt) -> bool {
    match s {
        swc::Stmt::If(s) => s.alt.as_deref().is_none_or(takes_else),
        swc::Stmt::Labeled(s) => takes_else(&s.body),
        swc::Stmt::While(s) => takes_else(&s.body),
        swc::Stmt::For(s) => takes_else(&s.body),
        swc::Stmt::ForIn(s) => takes_else(&s.body),
        swc::Stmt::ForOf(s) => takes_else(&s.body),
        _ => false,
    }
}
