//! Source positions for the code TypeScript's strip generates.
//!
//! Example: `enum Color { Red }` becomes
//! `var Color = function (Color) { Color[Color["Red"] = 0] = "Red"; … }({})`,
//! `constructor(public name: string)` gives a field `name;`, and
//! `namespace N { export function f() {} }` gives `N.f = f;` — all printed from
//! nodes without a position, so a debugger or an error overlay pointing there
//! had nothing to show (the peers map them to the enum, member, parameter and
//! namespace they come from).
//!
//! How: before the strip, [`collect`] notes where each enum (and its members),
//! namespace and parameter property is; after it, [`restore`] gives the
//! position-less names it generated those positions: the enum's name and its
//! members' names inside the enum's function, the namespace's name anywhere,
//! and a class's parameter-property names inside that class.

use rustc_hash::FxHashMap;
use swc_core::{
    atoms::Atom,
    common::Span,
    ecma::{
        ast::*,
        visit::{Visit, VisitMut, VisitMutWith, VisitWith},
    },
};

/// Where the declarations that the strip rewrites were.
#[derive(Default)]
pub(crate) struct TsSpans {
    /// Enum name → its name's position and its members' names and positions.
    enums: FxHashMap<Atom, (Span, FxHashMap<Atom, Span>)>,
    namespaces: FxHashMap<Atom, Span>,
    /// Per class (by its name, or "" for anonymous ones), parameter properties.
    params: FxHashMap<Atom, FxHashMap<Atom, Span>>,
}

impl TsSpans {
    fn is_empty(&self) -> bool {
        self.enums.is_empty() && self.namespaces.is_empty() && self.params.is_empty()
    }
}

pub(crate) fn collect(module: &Module) -> TsSpans {
    let mut c = Collector {
        out: TsSpans::default(),
        class: Vec::new(),
    };
    module.visit_with(&mut c);
    c.out
}

pub(crate) fn restore(module: &mut Module, spans: &TsSpans) {
    if spans.is_empty() {
        return;
    }
    module.visit_mut_with(&mut Restorer {
        spans,
        enum_members: None,
        enum_name: None,
        params: None,
    });
}

struct Collector {
    out: TsSpans,
    class: Vec<Atom>,
}

impl Visit for Collector {
    fn visit_ts_enum_decl(&mut self, e: &TsEnumDecl) {
        let mut members: FxHashMap<Atom, Span> = e
            .members
            .iter()
            .map(|m| match &m.id {
                TsEnumMemberId::Ident(i) => (i.sym.clone(), i.span),
                TsEnumMemberId::Str(s) => (s.value.to_atom_lossy().into_owned(), s.span),
            })
            .collect();
        // String values (`Green = "green"`) are printed from new nodes too.
        for m in &e.members {
            if let Some(Expr::Lit(Lit::Str(s))) = m.init.as_deref() {
                members
                    .entry(s.value.to_atom_lossy().into_owned())
                    .or_insert(s.span);
            }
        }
        self.out
            .enums
            .entry(e.id.sym.clone())
            .or_insert((e.id.span, members));
        e.visit_children_with(self);
    }

    fn visit_ts_module_decl(&mut self, m: &TsModuleDecl) {
        if let TsModuleName::Ident(i) = &m.id {
            self.out.namespaces.entry(i.sym.clone()).or_insert(i.span);
        }
        m.visit_children_with(self);
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        self.class.push(c.ident.sym.clone());
        c.class.visit_with(self);
        self.class.pop();
    }

    fn visit_class_expr(&mut self, c: &ClassExpr) {
        self.class
            .push(c.ident.as_ref().map(|i| i.sym.clone()).unwrap_or_default());
        c.class.visit_with(self);
        self.class.pop();
    }

    fn visit_ts_param_prop(&mut self, p: &TsParamProp) {
        let id = match &p.param {
            TsParamPropParam::Ident(b) => &b.id,
            TsParamPropParam::Assign(a) => match &*a.left {
                Pat::Ident(b) => &b.id,
                _ => return,
            },
        };
        let class = self.class.last().cloned().unwrap_or_default();
        self.out
            .params
            .entry(class)
            .or_default()
            .entry(id.sym.clone())
            .or_insert(id.span);
    }
}

struct Restorer<'a> {
    spans: &'a TsSpans,
    enum_name: Option<(&'a Atom, Span)>,
    enum_members: Option<&'a FxHashMap<Atom, Span>>,
    params: Option<&'a FxHashMap<Atom, Span>>,
}

impl Restorer<'_> {
    fn name_span(&self, sym: &Atom) -> Option<Span> {
        if let Some((name, span)) = self.enum_name {
            if sym == name {
                return Some(span);
            }
        }
        if let Some(s) = self.enum_members.and_then(|m| m.get(sym)) {
            return Some(*s);
        }
        if let Some(s) = self.params.and_then(|m| m.get(sym)) {
            return Some(*s);
        }
        self.spans.namespaces.get(sym).copied()
    }

    fn in_class<T: VisitMutWith<Self>>(&mut self, name: &Atom, node: &mut T) {
        let outer = self.params;
        self.params = self.spans.params.get(name);
        node.visit_mut_children_with(self);
        self.params = outer;
    }
}

impl VisitMut for Restorer<'_> {
    fn visit_mut_var_declarator(&mut self, d: &mut VarDeclarator) {
        let entry = match &d.name {
            Pat::Ident(b) => self.spans.enums.get_key_value(&b.id.sym),
            _ => None,
        };
        match entry {
            Some((name, (span, members))) if matches!(d.init.as_deref(), Some(Expr::Call(_))) => {
                let outer = (self.enum_name, self.enum_members);
                self.enum_name = Some((name, *span));
                self.enum_members = Some(members);
                d.visit_mut_children_with(self);
                (self.enum_name, self.enum_members) = outer;
            }
            _ => d.visit_mut_children_with(self),
        }
    }

    fn visit_mut_class_decl(&mut self, c: &mut ClassDecl) {
        let name = c.ident.sym.clone();
        self.in_class(&name, c);
    }

    fn visit_mut_class_expr(&mut self, c: &mut ClassExpr) {
        let name = c.ident.as_ref().map(|i| i.sym.clone()).unwrap_or_default();
        self.in_class(&name, c);
    }

    fn visit_mut_ident(&mut self, i: &mut Ident) {
        if i.span.is_dummy() {
            if let Some(s) = self.name_span(&i.sym) {
                i.span = s;
            }
        }
    }

    fn visit_mut_ident_name(&mut self, i: &mut IdentName) {
        if i.span.is_dummy() {
            if let Some(s) = self.name_span(&i.sym) {
                i.span = s;
            }
        }
    }

    fn visit_mut_str(&mut self, s: &mut Str) {
        if s.span.is_dummy() {
            if let Some(span) = self
                .enum_members
                .and_then(|m| m.get(&*s.value.to_atom_lossy()))
            {
                s.span = *span;
            }
        }
    }
}
