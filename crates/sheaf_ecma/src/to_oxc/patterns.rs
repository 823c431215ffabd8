//! Bindings (`let {a, b: [c]} = o`) and assignment targets (`[a, o.b] =
//! f()`): SWC has one `Pat` for both, oxc a kind each (see `mod.rs`).

use oxc::{
    allocator::Box as ArenaBox,
    ast::ast::{
        AssignmentTarget, AssignmentTargetMaybeDefault, AssignmentTargetProperty,
        AssignmentTargetRest, BindingIdentifier, BindingPattern, BindingProperty,
        BindingRestElement, PropertyKey, SimpleAssignmentTarget,
    },
    span::Span,
};
use swc_core::{common::Spanned, ecma::ast as swc};

use super::ToOxc;

impl<'a> ToOxc<'a, '_> {
    pub(super) fn binding_ident(&self, i: &swc::Ident) -> BindingIdentifier<'a> {
        BindingIdentifier::new(self.span(i.span), self.ident(&i.sym), self)
    }

    pub(super) fn binding(&self, p: &swc::Pat) -> Option<BindingPattern<'a>> {
        Some(match p {
            swc::Pat::Ident(i) => {
                if i.type_ann.is_some() || i.optional {
                    return None;
                }
                BindingPattern::BindingIdentifier(ArenaBox::new_in(self.binding_ident(&i.id), self))
            }
            swc::Pat::Array(a) => {
                let binding = |p: &swc::Pat| self.binding(p);
                let (elements, rest) = self.array_parts(a, binding, |r| self.binding_rest(r))?;
                BindingPattern::new_array_pattern(self.span(a.span), elements, rest, self)
            }
            swc::Pat::Object(o) => {
                let key_value = |span, key, computed, value: &swc::Pat| {
                    let value = self.binding(value)?;
                    Some(BindingProperty::new(
                        span, key, value, false, computed, self,
                    ))
                };
                let shorthand = |a: &swc::AssignPatProp| {
                    let key = PropertyKey::new_static_identifier(
                        self.span(a.key.span),
                        self.ident(&a.key.sym),
                        self,
                    );
                    let id = BindingPattern::BindingIdentifier(ArenaBox::new_in(
                        self.binding_ident(&a.key.id),
                        self,
                    ));
                    let value = match &a.value {
                        Some(init) => BindingPattern::new_assignment_pattern(
                            self.span(a.span),
                            id,
                            self.expr(init)?,
                            self,
                        ),
                        None => id,
                    };
                    Some(BindingProperty::new(
                        self.span(a.span),
                        key,
                        value,
                        true,
                        false,
                        self,
                    ))
                };
                let rest = |r: &swc::RestPat| self.binding_rest(r);
                let (properties, rest) = self.object_parts(o, key_value, shorthand, rest)?;
                BindingPattern::new_object_pattern(self.span(o.span), properties, rest, self)
            }
            swc::Pat::Assign(a) => BindingPattern::new_assignment_pattern(
                self.span(a.span),
                self.binding(&a.left)?,
                self.expr(&a.right)?,
                self,
            ),
            swc::Pat::Rest(_) | swc::Pat::Expr(_) | swc::Pat::Invalid(_) => return None,
        })
    }

    pub(super) fn binding_rest(
        &self,
        r: &swc::RestPat,
    ) -> Option<ArenaBox<'a, BindingRestElement<'a>>> {
        if r.type_ann.is_some() {
            return None;
        }
        Some(BindingRestElement::boxed(
            self.span(r.span),
            self.binding(&r.arg)?,
            self,
        ))
    }

    pub(super) fn assign_target(&self, t: &swc::AssignTarget) -> Option<AssignmentTarget<'a>> {
        Some(match t {
            swc::AssignTarget::Simple(s) => AssignmentTarget::from(self.simple(s)?),
            swc::AssignTarget::Pat(swc::AssignTargetPat::Array(a)) => self.array_target(a)?,
            swc::AssignTarget::Pat(swc::AssignTargetPat::Object(o)) => self.object_target(o)?,
            swc::AssignTarget::Pat(swc::AssignTargetPat::Invalid(_)) => return None,
        })
    }

    fn simple(&self, s: &swc::SimpleAssignTarget) -> Option<SimpleAssignmentTarget<'a>> {
        Some(match s {
            swc::SimpleAssignTarget::Ident(i) => self.target_ident(i)?,
            swc::SimpleAssignTarget::Member(m) => {
                SimpleAssignmentTarget::from(self.member(m, false, None)?)
            }
            swc::SimpleAssignTarget::SuperProp(s) => {
                SimpleAssignmentTarget::from(self.super_prop(s)?)
            }
            swc::SimpleAssignTarget::Paren(p) => self.simple_target(&p.expr)?,
            _ => return None,
        })
    }

    /// A name assigned to (no type annotation left).
    fn target_ident(&self, i: &swc::BindingIdent) -> Option<SimpleAssignmentTarget<'a>> {
        if i.type_ann.is_some() {
            return None;
        }
        Some(SimpleAssignmentTarget::new_assignment_target_identifier(
            self.span(i.id.span),
            self.ident(&i.id.sym),
            self,
        ))
    }

    /// An update's operand, or a parenthesized target: a name or a member.
    pub(super) fn simple_target(&self, e: &swc::Expr) -> Option<SimpleAssignmentTarget<'a>> {
        Some(match e {
            swc::Expr::Ident(i) => SimpleAssignmentTarget::new_assignment_target_identifier(
                self.span(i.span),
                self.ident(&i.sym),
                self,
            ),
            swc::Expr::Member(m) => SimpleAssignmentTarget::from(self.member(m, false, None)?),
            swc::Expr::SuperProp(s) => SimpleAssignmentTarget::from(self.super_prop(s)?),
            swc::Expr::Paren(p) => self.simple_target(&p.expr)?,
            _ => return None,
        })
    }

    /// A pattern in an assignment's place: a `for (… of …)` head, or inside
    /// a destructuring assignment.
    pub(super) fn assign_target_pat(&self, p: &swc::Pat) -> Option<AssignmentTarget<'a>> {
        Some(match p {
            swc::Pat::Ident(i) => AssignmentTarget::from(self.target_ident(i)?),
            swc::Pat::Expr(e) => AssignmentTarget::from(self.simple_target(e)?),
            swc::Pat::Array(a) => self.array_target(a)?,
            swc::Pat::Object(o) => self.object_target(o)?,
            swc::Pat::Rest(_) | swc::Pat::Assign(_) | swc::Pat::Invalid(_) => return None,
        })
    }

    fn maybe_default(&self, p: &swc::Pat) -> Option<AssignmentTargetMaybeDefault<'a>> {
        Some(match p {
            swc::Pat::Assign(a) => {
                AssignmentTargetMaybeDefault::new_assignment_target_with_default(
                    self.span(a.span),
                    self.assign_target_pat(&a.left)?,
                    self.expr(&a.right)?,
                    self,
                )
            }
            other => AssignmentTargetMaybeDefault::from(self.assign_target_pat(other)?),
        })
    }

    fn target_rest(&self, r: &swc::RestPat) -> Option<ArenaBox<'a, AssignmentTargetRest<'a>>> {
        Some(AssignmentTargetRest::boxed(
            self.span(r.span),
            self.assign_target_pat(&r.arg)?,
            self,
        ))
    }

    fn array_target(&self, a: &swc::ArrayPat) -> Option<AssignmentTarget<'a>> {
        let element = |p: &swc::Pat| self.maybe_default(p);
        let (elements, rest) = self.array_parts(a, element, |r| self.target_rest(r))?;
        Some(AssignmentTarget::new_array_assignment_target(
            self.span(a.span),
            elements,
            rest,
            self,
        ))
    }

    fn object_target(&self, o: &swc::ObjectPat) -> Option<AssignmentTarget<'a>> {
        let key_value = |span, key, computed, value: &swc::Pat| {
            Some(
                AssignmentTargetProperty::new_assignment_target_property_property(
                    span,
                    key,
                    self.maybe_default(value)?,
                    computed,
                    self,
                ),
            )
        };
        let shorthand = |a: &swc::AssignPatProp| {
            let binding = oxc::ast::ast::IdentifierReference::new(
                self.span(a.key.span),
                self.ident(&a.key.sym),
                self,
            );
            let init = self.opt_expr(a.value.as_deref())?;
            Some(
                AssignmentTargetProperty::new_assignment_target_property_identifier(
                    self.span(a.span),
                    binding,
                    init,
                    self,
                ),
            )
        };
        let rest = |r: &swc::RestPat| self.target_rest(r);
        let (properties, rest) = self.object_parts(o, key_value, shorthand, rest)?;
        Some(AssignmentTarget::new_object_assignment_target(
            self.span(o.span),
            properties,
            rest,
            self,
        ))
    }
}

impl<'a> ToOxc<'a, '_> {
    /// An array pattern's elements (holes as `None`) and its rest element,
    /// each converted by the given kind's function.
    #[allow(clippy::type_complexity)]
    fn array_parts<E, R>(
        &self,
        a: &swc::ArrayPat,
        element: impl Fn(&swc::Pat) -> Option<E>,
        rest: impl Fn(&swc::RestPat) -> Option<R>,
    ) -> Option<(oxc::allocator::Vec<'a, Option<E>>, Option<R>)> {
        let (elems, last) = split_rest(&a.elems);
        let mut elements = self.vec(elems.len());
        for e in elems {
            elements.push(match e {
                Some(p) => Some(element(p)?),
                None => None,
            });
        }
        let rest = match last {
            Some(r) => Some(rest(r)?),
            None => None,
        };
        Some((elements, rest))
    }

    /// An object pattern's properties and its rest element (one, last),
    /// each converted by the given kind's function: `key_value` gets the
    /// property's span, its key and whether that is computed, and its value.
    #[allow(clippy::type_complexity)]
    fn object_parts<P, R>(
        &self,
        o: &swc::ObjectPat,
        key_value: impl Fn(Span, PropertyKey<'a>, bool, &swc::Pat) -> Option<P>,
        shorthand: impl Fn(&swc::AssignPatProp) -> Option<P>,
        rest: impl Fn(&swc::RestPat) -> Option<R>,
    ) -> Option<(oxc::allocator::Vec<'a, P>, Option<R>)> {
        let mut properties = self.vec(o.props.len());
        let mut last = None;
        for prop in &o.props {
            match prop {
                swc::ObjectPatProp::KeyValue(kv) => {
                    let (key, computed) = self.prop_key(&kv.key)?;
                    let span = self.span(kv.key.span().to(kv.value.span()));
                    properties.push(key_value(span, key, computed, &kv.value)?);
                }
                swc::ObjectPatProp::Assign(a) => properties.push(shorthand(a)?),
                swc::ObjectPatProp::Rest(r) if last.is_none() => last = Some(rest(r)?),
                swc::ObjectPatProp::Rest(_) => return None,
            }
        }
        Some((properties, last))
    }
}

/// An array pattern's elements and its rest element, if the last is one.
fn split_rest(elems: &[Option<swc::Pat>]) -> (&[Option<swc::Pat>], Option<&swc::RestPat>) {
    match elems.split_last() {
        Some((Some(swc::Pat::Rest(rest)), init)) => (init, Some(rest)),
        _ => (elems, None),
    }
}
