//! Expressions and literals (see `mod.rs`).

use oxc::{
    allocator::{Box as ArenaBox, Vec as ArenaVec},
    ast::ast::{
        Argument, ArrayExpressionElement, AssignmentOperator, BigintBase, BinaryOperator,
        CallExpression, ChainElement, Expression, IdentifierName, IdentifierReference,
        LogicalOperator, MemberExpression, NumberBase, PrivateIdentifier, RegExp, RegExpFlags,
        RegExpPattern, SpreadElement, TemplateElement, TemplateElementValue, TemplateLiteral,
        UnaryOperator, UpdateOperator,
    },
};
use swc_core::{common::Spanned, ecma::ast as swc};

use super::ToOxc;

impl<'a> ToOxc<'a, '_> {
    pub(super) fn opt_expr(&self, e: Option<&swc::Expr>) -> Option<Option<Expression<'a>>> {
        match e {
            Some(e) => Some(Some(self.expr(e)?)),
            None => Some(None),
        }
    }

    pub(super) fn exprs(&self, list: &[Box<swc::Expr>]) -> Option<ArenaVec<'a, Expression<'a>>> {
        let mut out = self.vec(list.len());
        for e in list {
            out.push(self.expr(e)?);
        }
        Some(out)
    }

    pub(super) fn expr(&self, e: &swc::Expr) -> Option<Expression<'a>> {
        use swc::Expr as E;
        Some(match e {
            E::This(t) => Expression::new_this_expression(self.span(t.span), self),
            E::Array(a) => {
                let mut elements = self.vec(a.elems.len());
                for element in &a.elems {
                    elements.push(match element {
                        None => ArrayExpressionElement::new_elision(Default::default(), self),
                        Some(swc::ExprOrSpread {
                            spread: Some(spread),
                            expr,
                        }) => ArrayExpressionElement::SpreadElement(self.spread(*spread, expr)?),
                        Some(swc::ExprOrSpread { spread: None, expr }) => {
                            ArrayExpressionElement::from(self.expr(expr)?)
                        }
                    });
                }
                Expression::new_array_expression(self.span(a.span), elements, self)
            }
            E::Object(o) => self.object(o)?,
            E::Fn(f) => {
                let mut function = self.function(&f.function, f.ident.as_ref(), false)?;
                function.pure |= self.no_side_effects(f.function.span.lo);
                Expression::FunctionExpression(function)
            }
            E::Arrow(a) => Expression::ArrowFunctionExpression(self.arrow(a)?),
            E::Class(c) => {
                Expression::ClassExpression(self.class(&c.class, c.ident.as_ref(), false)?)
            }
            E::Unary(u) => Expression::new_unary_expression(
                self.span(u.span),
                unary(u.op),
                self.expr(&u.arg)?,
                self,
            ),
            E::Update(u) => Expression::new_update_expression(
                self.span(u.span),
                match u.op {
                    swc::UpdateOp::PlusPlus => UpdateOperator::Increment,
                    swc::UpdateOp::MinusMinus => UpdateOperator::Decrement,
                },
                u.prefix,
                self.simple_target(&u.arg)?,
                self,
            ),
            E::Bin(b) => self.binary(b)?,
            E::Assign(a) => Expression::new_assignment_expression(
                self.span(a.span),
                assign(a.op),
                self.assign_target(&a.left)?,
                self.expr(&a.right)?,
                self,
            ),
            E::Member(m) => Expression::from(self.member(m, false, None)?),
            E::SuperProp(s) => Expression::from(self.super_prop(s)?),
            E::Cond(c) => Expression::new_conditional_expression(
                self.span(c.span),
                self.expr(&c.test)?,
                self.expr(&c.cons)?,
                self.expr(&c.alt)?,
                self,
            ),
            E::Call(c) => self.call(c)?,
            E::New(n) => {
                let args = match &n.args {
                    Some(args) => self.args(args)?,
                    None => self.vec(0),
                };
                Expression::new_new_expression_with_pure(
                    self.span(n.span),
                    self.expr(&n.callee)?,
                    None,
                    args,
                    self.pure(n.span.lo),
                    self,
                )
            }
            E::Seq(s) => {
                Expression::new_sequence_expression(self.span(s.span), self.exprs(&s.exprs)?, self)
            }
            E::Ident(i) => Expression::Identifier(self.reference(i)),
            E::Lit(l) => self.lit(l)?,
            E::Tpl(t) => {
                Expression::TemplateLiteral(oxc::allocator::Box::new_in(self.tpl(t)?, self))
            }
            E::TaggedTpl(t) => {
                if t.type_params.is_some() {
                    return None;
                }
                Expression::new_tagged_template_expression(
                    self.span(t.span),
                    self.expr(&t.tag)?,
                    None,
                    self.tpl(&t.tpl)?,
                    self,
                )
            }
            E::Yield(y) => Expression::new_yield_expression(
                self.span(y.span),
                y.delegate,
                self.opt_expr(y.arg.as_deref())?,
                self,
            ),
            E::MetaProp(m) => match m.kind {
                swc::MetaPropKind::ImportMeta => {
                    Expression::new_import_meta(self.span(m.span), self)
                }
                swc::MetaPropKind::NewTarget => Expression::new_new_target(self.span(m.span), self),
            },
            E::Await(a) => {
                Expression::new_await_expression(self.span(a.span), self.expr(&a.arg)?, self)
            }
            E::Paren(p) => {
                let mut inner = self.expr(&p.expr)?;
                match &mut inner {
                    Expression::FunctionExpression(f) => f.pife = true,
                    Expression::ArrowFunctionExpression(f) => f.pife = true,
                    _ => {}
                }
                Expression::new_parenthesized_expression(self.span(p.span), inner, self)
            }
            E::OptChain(o) => {
                Expression::new_chain_expression(self.span(o.span), self.chain_element(o)?, self)
            }
            E::PrivateName(_)
            | E::JSXMember(_)
            | E::JSXNamespacedName(_)
            | E::JSXEmpty(_)
            | E::JSXElement(_)
            | E::JSXFragment(_)
            | E::TsTypeAssertion(_)
            | E::TsConstAssertion(_)
            | E::TsNonNull(_)
            | E::TsAs(_)
            | E::TsInstantiation(_)
            | E::TsSatisfies(_)
            | E::Invalid(_) => return None,
        })
    }

    pub(super) fn reference(
        &self,
        i: &swc::Ident,
    ) -> oxc::allocator::Box<'a, IdentifierReference<'a>> {
        IdentifierReference::boxed(self.span(i.span), self.ident(&i.sym), self)
    }

    fn binary(&self, b: &swc::BinExpr) -> Option<Expression<'a>> {
        use swc::BinaryOp as B;
        let span = self.span(b.span);
        if let (B::In, swc::Expr::PrivateName(name)) = (b.op, &*b.left) {
            let left = self.private_name(name);
            return Some(Expression::new_private_in_expression(
                span,
                left,
                self.expr(&b.right)?,
                self,
            ));
        }
        let left = self.expr(&b.left)?;
        let right = self.expr(&b.right)?;
        let logical = match b.op {
            B::LogicalAnd => Some(LogicalOperator::And),
            B::LogicalOr => Some(LogicalOperator::Or),
            B::NullishCoalescing => Some(LogicalOperator::Coalesce),
            _ => None,
        };
        if let Some(op) = logical {
            return Some(Expression::new_logical_expression(
                span, left, op, right, self,
            ));
        }
        let op = match b.op {
            B::EqEq => BinaryOperator::Equality,
            B::NotEq => BinaryOperator::Inequality,
            B::EqEqEq => BinaryOperator::StrictEquality,
            B::NotEqEq => BinaryOperator::StrictInequality,
            B::Lt => BinaryOperator::LessThan,
            B::LtEq => BinaryOperator::LessEqualThan,
            B::Gt => BinaryOperator::GreaterThan,
            B::GtEq => BinaryOperator::GreaterEqualThan,
            B::LShift => BinaryOperator::ShiftLeft,
            B::RShift => BinaryOperator::ShiftRight,
            B::ZeroFillRShift => BinaryOperator::ShiftRightZeroFill,
            B::Add => BinaryOperator::Addition,
            B::Sub => BinaryOperator::Subtraction,
            B::Mul => BinaryOperator::Multiplication,
            B::Div => BinaryOperator::Division,
            B::Mod => BinaryOperator::Remainder,
            B::BitOr => BinaryOperator::BitwiseOR,
            B::BitXor => BinaryOperator::BitwiseXOR,
            B::BitAnd => BinaryOperator::BitwiseAnd,
            B::In => BinaryOperator::In,
            B::InstanceOf => BinaryOperator::Instanceof,
            B::Exp => BinaryOperator::Exponential,
            B::LogicalAnd | B::LogicalOr | B::NullishCoalescing => unreachable!("logical above"),
        };
        Some(Expression::new_binary_expression(
            span, left, op, right, self,
        ))
    }

    pub(super) fn private_name(&self, p: &swc::PrivateName) -> PrivateIdentifier<'a> {
        PrivateIdentifier::new(self.span(p.span), self.ident(&p.name), self)
    }

    /// `m` as oxc's member expression, `object` in place of its own when
    /// given (a chain's link).
    pub(super) fn member(
        &self,
        m: &swc::MemberExpr,
        optional: bool,
        object: Option<Expression<'a>>,
    ) -> Option<MemberExpression<'a>> {
        let span = self.span(m.span);
        let object = match object {
            Some(object) => object,
            None => self.expr(&m.obj)?,
        };
        Some(match &m.prop {
            swc::MemberProp::Ident(name) => MemberExpression::new_static_member_expression(
                span,
                object,
                self.ident_name(name),
                optional,
                self,
            ),
            swc::MemberProp::PrivateName(p) => MemberExpression::new_private_field_expression(
                span,
                object,
                self.private_name(p),
                optional,
                self,
            ),
            swc::MemberProp::Computed(c) => MemberExpression::new_computed_member_expression(
                span,
                object,
                self.expr(&c.expr)?,
                optional,
                self,
            ),
        })
    }

    pub(super) fn super_prop(&self, s: &swc::SuperPropExpr) -> Option<MemberExpression<'a>> {
        let span = self.span(s.span);
        let object = Expression::new_super(self.span(s.obj.span), self);
        Some(match &s.prop {
            swc::SuperProp::Ident(name) => MemberExpression::new_static_member_expression(
                span,
                object,
                self.ident_name(name),
                false,
                self,
            ),
            swc::SuperProp::Computed(c) => MemberExpression::new_computed_member_expression(
                span,
                object,
                self.expr(&c.expr)?,
                false,
                self,
            ),
        })
    }

    pub(super) fn ident_name(&self, name: &swc::IdentName) -> IdentifierName<'a> {
        IdentifierName::new(self.span(name.span), self.ident(&name.sym), self)
    }

    fn call(&self, c: &swc::CallExpr) -> Option<Expression<'a>> {
        if c.type_args.is_some() {
            return None;
        }
        let callee = match &c.callee {
            swc::Callee::Super(s) => Expression::new_super(self.span(s.span), self),
            swc::Callee::Import(import) => {
                let phase = match import.phase {
                    swc::ImportPhase::Evaluation => None,
                    swc::ImportPhase::Source => Some(oxc::ast::ast::ImportPhase::Source),
                    swc::ImportPhase::Defer => Some(oxc::ast::ast::ImportPhase::Defer),
                };
                let mut args = c.args.iter();
                let source = match args.next() {
                    Some(swc::ExprOrSpread { spread: None, expr }) => self.expr(expr)?,
                    _ => return None,
                };
                let options = match args.next() {
                    Some(swc::ExprOrSpread { spread: None, expr }) => Some(self.expr(expr)?),
                    None => None,
                    Some(_) => return None,
                };
                if args.next().is_some() {
                    return None;
                }
                return Some(Expression::new_import_expression(
                    self.span(c.span),
                    source,
                    options,
                    phase,
                    self,
                ));
            }
            swc::Callee::Expr(e) => self.expr(e)?,
        };
        let call = self.call_with(c.span, callee, &c.args, false)?;
        Some(Expression::CallExpression(call))
    }

    pub(super) fn args(&self, args: &[swc::ExprOrSpread]) -> Option<ArenaVec<'a, Argument<'a>>> {
        let mut out = self.vec(args.len());
        for a in args {
            out.push(match a.spread {
                Some(spread) => Argument::SpreadElement(self.spread(spread, &a.expr)?),
                None => Argument::from(self.expr(&a.expr)?),
            });
        }
        Some(out)
    }

    /// `...expr`, its `...` at `spread`.
    fn spread(
        &self,
        spread: swc_core::common::Span,
        expr: &swc::Expr,
    ) -> Option<ArenaBox<'a, SpreadElement<'a>>> {
        Some(SpreadElement::boxed(
            self.span(swc_core::common::Span::new(spread.lo, expr.span_hi())),
            self.expr(expr)?,
            self,
        ))
    }

    /// A call at `span` (its `/*#__PURE__*/` read there) of `callee`
    /// (converted, or a chain's link) with `args`.
    fn call_with(
        &self,
        span: swc_core::common::Span,
        callee: Expression<'a>,
        args: &[swc::ExprOrSpread],
        optional: bool,
    ) -> Option<ArenaBox<'a, CallExpression<'a>>> {
        Some(CallExpression::boxed_with_pure(
            self.span(span),
            callee,
            None,
            self.args(args)?,
            optional,
            self.pure(span.lo),
            self,
        ))
    }

    /// One link of an optional chain: its object or callee, when itself a
    /// link of the chain, is converted as one (not as a chain of its own).
    fn chain_element(&self, o: &swc::OptChainExpr) -> Option<ChainElement<'a>> {
        Some(match &*o.base {
            swc::OptChainBase::Member(m) => {
                let object = self.chain_inner(&m.obj)?;
                ChainElement::from(self.member(m, o.optional, Some(object))?)
            }
            swc::OptChainBase::Call(c) => {
                if c.type_args.is_some() {
                    return None;
                }
                let callee = self.chain_inner(&c.callee)?;
                ChainElement::CallExpression(self.call_with(c.span, callee, &c.args, o.optional)?)
            }
        })
    }

    fn chain_inner(&self, e: &swc::Expr) -> Option<Expression<'a>> {
        match e {
            swc::Expr::OptChain(inner) => Some(match self.chain_element(inner)? {
                ChainElement::CallExpression(call) => Expression::CallExpression(call),
                ChainElement::TSNonNullExpression(_) => return None,
                element => Expression::from(element.into_member_expression()),
            }),
            // `a?.b.c`: `.c` is a link too.
            swc::Expr::Member(m) if is_chain(&m.obj) => {
                let object = self.chain_inner(&m.obj)?;
                Some(Expression::from(self.member(m, false, Some(object))?))
            }
            swc::Expr::Call(swc::CallExpr {
                span,
                callee: swc::Callee::Expr(callee),
                args,
                type_args: None,
                ..
            }) if is_chain(callee) => {
                let callee = self.chain_inner(callee)?;
                let call = self.call_with(*span, callee, args, false)?;
                Some(Expression::CallExpression(call))
            }
            _ => self.expr(e),
        }
    }

    fn lit(&self, l: &swc::Lit) -> Option<Expression<'a>> {
        Some(match l {
            swc::Lit::Str(s) => Expression::StringLiteral(oxc::allocator::Box::new_in(
                self.string_literal(s)?,
                self,
            )),
            swc::Lit::Bool(b) => Expression::new_boolean_literal(self.span(b.span), b.value, self),
            swc::Lit::Null(n) => Expression::new_null_literal(self.span(n.span), self),
            swc::Lit::Num(n) => Expression::new_numeric_literal(
                self.span(n.span),
                n.value,
                None,
                NumberBase::Decimal,
                self,
            ),
            swc::Lit::BigInt(b) => Expression::new_big_int_literal(
                self.span(b.span),
                self.str(&b.value.to_string()),
                None,
                BigintBase::Decimal,
                self,
            ),
            swc::Lit::Regex(r) => {
                let mut flags = RegExpFlags::empty();
                for c in r.flags.chars() {
                    flags |= RegExpFlags::try_from(c).ok()?;
                }
                let regex = RegExp {
                    pattern: RegExpPattern {
                        text: self.str(&r.exp),
                        pattern: None,
                    },
                    flags,
                };
                Expression::new_reg_exp_literal(self.span(r.span), regex, None, self)
            }
            swc::Lit::JSXText(_) => return None,
        })
    }

    fn tpl(&self, t: &swc::Tpl) -> Option<TemplateLiteral<'a>> {
        let mut quasis = self.vec(t.quasis.len());
        for q in &t.quasis {
            let cooked = match &q.cooked {
                Some(cooked) => Some(self.str(cooked.as_str()?)),
                None => None,
            };
            let value = TemplateElementValue {
                raw: self.str(&q.raw),
                cooked,
            };
            quasis.push(TemplateElement::new(self.span(q.span), value, q.tail, self));
        }
        Some(TemplateLiteral::new(
            self.span(t.span),
            quasis,
            self.exprs(&t.exprs)?,
            self,
        ))
    }
}

/// Whether `e` continues an optional chain (`a?.b` in `a?.b.c`).
fn is_chain(e: &swc::Expr) -> bool {
    match e {
        swc::Expr::OptChain(_) => true,
        swc::Expr::Member(m) => is_chain(&m.obj),
        swc::Expr::Call(c) => matches!(&c.callee, swc::Callee::Expr(callee) if is_chain(callee)),
        _ => false,
    }
}

fn unary(op: swc::UnaryOp) -> UnaryOperator {
    match op {
        swc::UnaryOp::Minus => UnaryOperator::UnaryNegation,
        swc::UnaryOp::Plus => UnaryOperator::UnaryPlus,
        swc::UnaryOp::Bang => UnaryOperator::LogicalNot,
        swc::UnaryOp::Tilde => UnaryOperator::BitwiseNot,
        swc::UnaryOp::TypeOf => UnaryOperator::Typeof,
        swc::UnaryOp::Void => UnaryOperator::Void,
        swc::UnaryOp::Delete => UnaryOperator::Delete,
    }
}

fn assign(op: swc::AssignOp) -> AssignmentOperator {
    use swc::AssignOp as A;
    match op {
        A::Assign => AssignmentOperator::Assign,
        A::AddAssign => AssignmentOperator::Addition,
        A::SubAssign => AssignmentOperator::Subtraction,
        A::MulAssign => AssignmentOperator::Multiplication,
        A::DivAssign => AssignmentOperator::Division,
        A::ModAssign => AssignmentOperator::Remainder,
        A::LShiftAssign => AssignmentOperator::ShiftLeft,
        A::RShiftAssign => AssignmentOperator::ShiftRight,
        A::ZeroFillRShiftAssign => AssignmentOperator::ShiftRightZeroFill,
        A::BitOrAssign => AssignmentOperator::BitwiseOR,
        A::BitXorAssign => AssignmentOperator::BitwiseXOR,
        A::BitAndAssign => AssignmentOperator::BitwiseAnd,
        A::ExpAssign => AssignmentOperator::Exponential,
        A::AndAssign => AssignmentOperator::LogicalAnd,
        A::OrAssign => AssignmentOperator::LogicalOr,
        A::NullishAssign => AssignmentOperator::LogicalNullish,
    }
}
