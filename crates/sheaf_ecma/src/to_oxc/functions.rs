//! Functions, arrows, classes and object literals (see `mod.rs`).

use oxc::{
    allocator::Box as ArenaBox,
    ast::ast::{
        AccessorPropertyType, ArrowFunctionBody, ArrowFunctionExpression, Class, ClassBody,
        ClassElement, ClassHeritage, ClassType, Expression, FormalParameter, FormalParameterKind,
        FormalParameterRest, FormalParameters, Function, FunctionBody, FunctionType,
        MethodDefinitionKind, MethodDefinitionType, ObjectPropertyKind, PropertyDefinitionType,
        PropertyKey, PropertyKind,
    },
};
use swc_core::{
    common::{Span as SwcSpan, Spanned},
    ecma::ast as swc,
};

use super::ToOxc;

impl<'a> ToOxc<'a, '_> {
    /// A function; `declaration` for a function declaration's.
    pub(super) fn function(
        &self,
        f: &swc::Function,
        id: Option<&swc::Ident>,
        declaration: bool,
    ) -> Option<ArenaBox<'a, Function<'a>>> {
        let params = f.params.iter().map(|p| (p.decorators.is_empty(), &p.pat));
        let params = self.params(params, f.params.len(), FormalParameterKind::FormalParameter)?;
        self.function_with(f, id, declaration, params)
    }

    fn function_with(
        &self,
        f: &swc::Function,
        id: Option<&swc::Ident>,
        declaration: bool,
        params: ArenaBox<'a, FormalParameters<'a>>,
    ) -> Option<ArenaBox<'a, Function<'a>>> {
        if !f.decorators.is_empty()
            || f.type_params.is_some()
            || f.return_type.is_some()
            || f.this_param.is_some()
        {
            return None;
        }
        let kind = match declaration {
            true => FunctionType::FunctionDeclaration,
            false => FunctionType::FunctionExpression,
        };
        let body = self.function_body(f.body.as_ref()?)?;
        let id = id.map(|i| self.binding_ident(i));
        let span = self.span(f.span);
        let (generator, is_async) = (f.is_generator, f.is_async);
        Some(self.new_function(span, kind, id, generator, is_async, params, body))
    }

    /// A function of JavaScript (no TypeScript parts).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new_function(
        &self,
        span: oxc::span::Span,
        kind: FunctionType,
        id: Option<oxc::ast::ast::BindingIdentifier<'a>>,
        generator: bool,
        is_async: bool,
        params: ArenaBox<'a, FormalParameters<'a>>,
        body: ArenaBox<'a, FunctionBody<'a>>,
    ) -> ArenaBox<'a, Function<'a>> {
        Function::boxed(
            span,
            kind,
            id,
            generator,
            is_async,
            false,
            None,
            None,
            params,
            None,
            Some(body),
            self,
        )
    }

    fn function_body(&self, body: &swc::FunctionBody) -> Option<ArenaBox<'a, FunctionBody<'a>>> {
        let (directives, statements) = self.body_of(body.stmts.iter())?;
        Some(FunctionBody::boxed(
            self.span(body.span),
            directives,
            statements,
            self,
        ))
    }

    /// Parameters: `(no decorators, pattern)` each. A default at the top is
    /// the parameter's initializer, as oxc's parser has it.
    fn params<'p>(
        &self,
        params: impl Iterator<Item = (bool, &'p swc::Pat)>,
        len: usize,
        kind: FormalParameterKind,
    ) -> Option<ArenaBox<'a, FormalParameters<'a>>> {
        let mut items = self.vec(len);
        let mut rest = None;
        let mut span: Option<SwcSpan> = None;
        for (plain, pat) in params {
            if !plain || rest.is_some() {
                return None;
            }
            let pat_span = pat.span();
            span = Some(span.map_or(pat_span, |s| s.to(pat_span)));
            if let swc::Pat::Rest(r) = pat {
                let element = self.binding_rest(r)?.unbox();
                rest = Some(FormalParameterRest::boxed(
                    self.span(r.span),
                    self.vec(0),
                    element,
                    None,
                    self,
                ));
                continue;
            }
            let (pattern, initializer) = match pat {
                swc::Pat::Assign(a) => (
                    self.binding(&a.left)?,
                    Some(ArenaBox::new_in(self.expr(&a.right)?, self)),
                ),
                other => (self.binding(other)?, None),
            };
            items.push(FormalParameter::new(
                self.span(pat_span),
                self.vec(0),
                pattern,
                None,
                initializer,
                false,
                None,
                false,
                false,
                self,
            ));
        }
        let span = span.map(|s| self.span(s)).unwrap_or_default();
        Some(FormalParameters::boxed(span, kind, items, rest, self))
    }

    pub(super) fn arrow(
        &self,
        a: &swc::ArrowExpr,
    ) -> Option<ArenaBox<'a, ArrowFunctionExpression<'a>>> {
        if a.is_generator || a.type_params.is_some() || a.return_type.is_some() {
            return None;
        }
        let params = a.params.iter().map(|p| (true, p));
        let params = self.params(
            params,
            a.params.len(),
            FormalParameterKind::ArrowFormalParameters,
        )?;
        let body = match &*a.body {
            swc::ArrowFunctionBody::FunctionBody(b) => {
                ArrowFunctionBody::FunctionBody(self.function_body(b)?)
            }
            swc::ArrowFunctionBody::Expr(e) => ArrowFunctionBody::from(self.expr(e)?),
        };
        Some(ArrowFunctionExpression::boxed(
            self.span(a.span),
            a.is_async,
            None,
            params,
            None,
            body,
            self,
        ))
    }

    /// A property name, and whether it is computed.
    pub(super) fn prop_key(&self, key: &swc::PropName) -> Option<(PropertyKey<'a>, bool)> {
        Some(match key {
            swc::PropName::Ident(i) => (
                PropertyKey::new_static_identifier(self.span(i.span), self.ident(&i.sym), self),
                false,
            ),
            swc::PropName::Str(s) => (
                PropertyKey::StringLiteral(ArenaBox::new_in(self.string_literal(s)?, self)),
                false,
            ),
            swc::PropName::Num(n) => (
                PropertyKey::new_numeric_literal(
                    self.span(n.span),
                    n.value,
                    None,
                    oxc::ast::ast::NumberBase::Decimal,
                    self,
                ),
                false,
            ),
            swc::PropName::BigInt(b) => (
                PropertyKey::new_big_int_literal(
                    self.span(b.span),
                    self.str(&b.value.to_string()),
                    None,
                    oxc::ast::ast::BigintBase::Decimal,
                    self,
                ),
                false,
            ),
            swc::PropName::Computed(c) => (PropertyKey::from(self.expr(&c.expr)?), true),
        })
    }

    pub(super) fn object(&self, o: &swc::ObjectLit) -> Option<Expression<'a>> {
        let mut properties = self.vec(o.props.len());
        for prop in &o.props {
            properties.push(match prop {
                swc::PropOrSpread::Spread(s) => ObjectPropertyKind::new_spread_property(
                    self.span(s.dot3_token.to(s.expr.span())),
                    self.expr(&s.expr)?,
                    self,
                ),
                swc::PropOrSpread::Prop(p) => self.prop(p)?,
            });
        }
        Some(Expression::new_object_expression(
            self.span(o.span),
            properties,
            self,
        ))
    }

    fn prop(&self, p: &swc::Prop) -> Option<ObjectPropertyKind<'a>> {
        Some(match p {
            swc::Prop::Shorthand(i) => ObjectPropertyKind::new_object_property(
                self.span(i.span),
                PropertyKind::Init,
                PropertyKey::new_static_identifier(self.span(i.span), self.ident(&i.sym), self),
                Expression::Identifier(self.reference(i)),
                false,
                true,
                false,
                self,
            ),
            swc::Prop::KeyValue(kv) => self.object_property(
                kv.key.span().to(kv.value.span()),
                PropertyKind::Init,
                self.prop_key(&kv.key)?,
                self.expr(&kv.value)?,
                false,
            ),
            swc::Prop::Assign(_) => return None,
            swc::Prop::Getter(g) => {
                self.function_property(g.span, PropertyKind::Get, &g.key, &g.function, false)?
            }
            swc::Prop::Setter(s) => {
                self.function_property(s.span, PropertyKind::Set, &s.key, &s.function, false)?
            }
            swc::Prop::Method(m) => {
                let span = m.function.span.with_lo(m.key.span().lo);
                self.function_property(span, PropertyKind::Init, &m.key, &m.function, true)?
            }
        })
    }

    /// A getter, setter or method of an object literal.
    fn function_property(
        &self,
        span: SwcSpan,
        kind: PropertyKind,
        key: &swc::PropName,
        function: &swc::Function,
        method: bool,
    ) -> Option<ObjectPropertyKind<'a>> {
        let key = self.prop_key(key)?;
        let value = Expression::FunctionExpression(self.method_function(function)?);
        Some(self.object_property(span, kind, key, value, method))
    }

    /// An object literal's property (not a shorthand): `key` with whether it
    /// is computed.
    fn object_property(
        &self,
        span: SwcSpan,
        kind: PropertyKind,
        (key, computed): (PropertyKey<'a>, bool),
        value: Expression<'a>,
        method: bool,
    ) -> ObjectPropertyKind<'a> {
        ObjectPropertyKind::new_object_property(
            self.span(span),
            kind,
            key,
            value,
            method,
            false,
            computed,
            self,
        )
    }

    /// A method's function (its parameters unique, as a method's are).
    fn method_function(&self, f: &swc::Function) -> Option<ArenaBox<'a, Function<'a>>> {
        let params = f.params.iter().map(|p| (p.decorators.is_empty(), &p.pat));
        let params = self.params(
            params,
            f.params.len(),
            FormalParameterKind::UniqueFormalParameters,
        )?;
        self.function_with(f, None, false, params)
    }

    pub(super) fn class(
        &self,
        c: &swc::Class,
        id: Option<&swc::Ident>,
        declaration: bool,
    ) -> Option<ArenaBox<'a, Class<'a>>> {
        if !c.decorators.is_empty()
            || c.type_params.is_some()
            || c.super_type_params.is_some()
            || !c.implements.is_empty()
            || c.is_abstract
        {
            return None;
        }
        let heritage = match &c.super_class {
            Some(s) => Some(ClassHeritage::new(self.expr(s)?, None, self)),
            None => None,
        };
        let mut body = self.vec(c.body.len());
        for member in &c.body {
            if let Some(element) = self.class_member(member)? {
                body.push(element);
            }
        }
        let kind = match declaration {
            true => ClassType::ClassDeclaration,
            false => ClassType::ClassExpression,
        };
        let body_span = match (c.body.first(), c.body.last()) {
            (Some(first), Some(last)) => self.span(first.span().to(last.span())),
            _ => Default::default(),
        };
        Some(Class::boxed(
            self.span(c.span),
            kind,
            self.vec(0),
            id.map(|i| self.binding_ident(i)),
            None,
            heritage,
            self.vec(0),
            ClassBody::boxed(body_span, body, self),
            false,
            false,
            self,
        ))
    }

    /// `Some(None)` for what oxc's parser drops (a `;` among the members).
    fn class_member(&self, member: &swc::ClassMember) -> Option<Option<ClassElement<'a>>> {
        use swc::ClassMember as M;
        let method = |span: SwcSpan, key: (PropertyKey<'a>, bool), function, kind, is_static| {
            ClassElement::new_method_definition(
                self.span(span),
                MethodDefinitionType::MethodDefinition,
                self.vec(0),
                key.0,
                function,
                kind,
                key.1,
                is_static,
                false,
                false,
                None,
                self,
            )
        };
        let kind = |k: swc::MethodKind| match k {
            swc::MethodKind::Method => MethodDefinitionKind::Method,
            swc::MethodKind::Getter => MethodDefinitionKind::Get,
            swc::MethodKind::Setter => MethodDefinitionKind::Set,
        };
        Some(Some(match member {
            M::Constructor(c) => {
                let mut params = Vec::with_capacity(c.params.len());
                for p in &c.params {
                    match p {
                        swc::ParamOrTsParamProp::Param(p) => {
                            params.push((p.decorators.is_empty(), &p.pat))
                        }
                        swc::ParamOrTsParamProp::TsParamProp(_) => return None,
                    }
                }
                let len = params.len();
                let params = self.params(
                    params.into_iter(),
                    len,
                    FormalParameterKind::UniqueFormalParameters,
                )?;
                let body = self.function_body(c.body.as_ref()?)?;
                let span = self.span(c.span.with_lo(c.key.span().hi));
                let kind = FunctionType::FunctionExpression;
                let function = self.new_function(span, kind, None, false, false, params, body);
                method(
                    c.span,
                    self.prop_key(&c.key)?,
                    function,
                    MethodDefinitionKind::Constructor,
                    false,
                )
            }
            M::Method(m) => {
                if m.is_abstract || m.is_optional || m.accessibility.is_some() || m.is_override {
                    return None;
                }
                let function = self.method_function(&m.function)?;
                method(
                    m.span,
                    self.prop_key(&m.key)?,
                    function,
                    kind(m.kind),
                    m.is_static,
                )
            }
            M::PrivateMethod(m) => {
                if m.is_abstract || m.is_optional || m.accessibility.is_some() || m.is_override {
                    return None;
                }
                let function = self.method_function(&m.function)?;
                let key = self.private_key(&m.key);
                method(m.span, (key, false), function, kind(m.kind), m.is_static)
            }
            M::ClassProp(p) => {
                if p.declare || p.is_abstract || !p.decorators.is_empty() || p.type_ann.is_some() {
                    return None;
                }
                let (key, computed) = self.prop_key(&p.key)?;
                self.property(p.span, key, computed, p.value.as_deref(), p.is_static)?
            }
            M::PrivateProp(p) => {
                if !p.decorators.is_empty() || p.type_ann.is_some() {
                    return None;
                }
                let key = self.private_key(&p.key);
                self.property(p.span, key, false, p.value.as_deref(), p.is_static)?
            }
            M::StaticBlock(s) => {
                ClassElement::new_static_block(self.span(s.span), self.stmts(&s.body.stmts)?, self)
            }
            M::AutoAccessor(a) => {
                if !a.decorators.is_empty() || a.type_ann.is_some() || a.is_abstract {
                    return None;
                }
                let (key, computed) = match &a.key {
                    swc::Key::Private(p) => (self.private_key(p), false),
                    swc::Key::Public(name) => self.prop_key(name)?,
                };
                ClassElement::new_accessor_property(
                    self.span(a.span),
                    AccessorPropertyType::AccessorProperty,
                    self.vec(0),
                    key,
                    None,
                    self.opt_expr(a.value.as_deref())?,
                    computed,
                    a.is_static,
                    false,
                    false,
                    None,
                    self,
                )
            }
            M::Empty(_) => return Some(None),
            M::TsIndexSignature(_) => return None,
        }))
    }

    /// A class member's `#name` as its key.
    fn private_key(&self, name: &swc::PrivateName) -> PropertyKey<'a> {
        PropertyKey::PrivateIdentifier(ArenaBox::new_in(self.private_name(name), self))
    }

    fn property(
        &self,
        span: SwcSpan,
        key: PropertyKey<'a>,
        computed: bool,
        value: Option<&swc::Expr>,
        is_static: bool,
    ) -> Option<ClassElement<'a>> {
        Some(ClassElement::new_property_definition(
            self.span(span),
            PropertyDefinitionType::PropertyDefinition,
            self.vec(0),
            key,
            None,
            self.opt_expr(value)?,
            computed,
            is_static,
            false,
            false,
            false,
            false,
            false,
            None,
            self,
        ))
    }
}
