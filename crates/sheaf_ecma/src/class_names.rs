//! Renamed top-level classes keep their `.name`.
//!
//! Example: `a.js` and `b.js` both declare `class Foo {}`; the second becomes
//! `Foo$1`, and `Foo$1.name` would be `"Foo$1"`. Rendered as
//! `let Foo$1 = class Foo {}` it stays `"Foo"`, as in Rollup's output; the same
//! for `let foo = class {}` renamed to `foo$1` (`let foo$1 = class foo {}`).
//!
//! Why: code reads class names (error messages, registries keyed by
//! `constructor.name`, serializers), and deconflicting is our doing, not the
//! author's. A class whose body mentions the original name anywhere keeps the
//! renamed form: naming the class expression would shadow that reference.
//! Inside the body, references to a renamed declaration go to the expression's
//! own name, as they went to the declaration's inner binding (static blocks run
//! before the outer binding is initialized). Function declarations are left alone: turning one into an expression would
//! lose its hoisting.

use swc_core::{
    atoms::Atom,
    common::{SyntaxContext, DUMMY_SP},
    ecma::{
        ast::*,
        visit::{Visit, VisitMut, VisitMutWith, VisitWith},
    },
};

/// The name each top-level item's class had before renaming, by item index.
pub(crate) fn original_names(module: &Module) -> Vec<Option<Atom>> {
    module.body.iter().map(class_name_of).collect()
}

/// Rewrites the items whose class was renamed (see the module comment).
pub(crate) fn restore(module: &mut Module, originals: &[Option<Atom>]) {
    for (item, original) in module.body.iter_mut().zip(originals) {
        let Some(original) = original else { continue };
        if class_name_of(item).as_ref() == Some(original) {
            continue;
        }
        match item {
            ModuleItem::Stmt(Stmt::Decl(Decl::Class(c))) => {
                if mentions(&c.class, original) {
                    continue;
                }
                let binding = c.ident.clone();
                let mut class = std::mem::take(&mut c.class);
                // Inside its body a class declaration's name is the class's own
                // binding, initialized before static blocks run; so is the
                // expression's name.
                class.visit_mut_with(&mut SelfRefs {
                    binding: &binding,
                    original,
                });
                *item = ModuleItem::Stmt(Stmt::Decl(Decl::Var(Box::new(VarDecl {
                    span: DUMMY_SP,
                    ctxt: SyntaxContext::empty(),
                    kind: VarDeclKind::Let,
                    declare: false,
                    decls: vec![VarDeclarator {
                        span: DUMMY_SP,
                        name: Pat::Ident(binding.into()),
                        init: Some(Box::new(Expr::Class(ClassExpr {
                            ident: Some(Ident::new_no_ctxt(original.clone(), DUMMY_SP)),
                            class,
                        }))),
                        definite: false,
                    }],
                }))));
            }
            ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) => {
                let Some(Expr::Class(c)) = v.decls[0].init.as_deref_mut() else {
                    continue;
                };
                if !mentions(&c.class, original) {
                    c.ident = Some(Ident::new_no_ctxt(original.clone(), DUMMY_SP));
                }
            }
            _ => {}
        }
    }
}

/// `class X {}`, or `let x = class {}` (one declarator, an anonymous class).
fn class_name_of(item: &ModuleItem) -> Option<Atom> {
    match item {
        ModuleItem::Stmt(Stmt::Decl(Decl::Class(c))) => Some(c.ident.sym.clone()),
        ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) if v.decls.len() == 1 => {
            let d = &v.decls[0];
            match (&d.name, d.init.as_deref()) {
                (Pat::Ident(b), Some(Expr::Class(ClassExpr { ident: None, .. }))) => {
                    Some(b.id.sym.clone())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

struct SelfRefs<'a> {
    binding: &'a Ident,
    original: &'a Atom,
}

impl VisitMut for SelfRefs<'_> {
    fn visit_mut_ident(&mut self, i: &mut Ident) {
        if i.sym == self.binding.sym && i.ctxt == self.binding.ctxt {
            i.sym = self.original.clone();
        }
    }
}

fn mentions(class: &Class, name: &Atom) -> bool {
    struct Finder<'a> {
        name: &'a Atom,
        found: bool,
    }
    impl Visit for Finder<'_> {
        fn visit_ident(&mut self, i: &Ident) {
            self.found |= i.sym == *self.name;
        }
    }
    let mut f = Finder { name, found: false };
    class.visit_with(&mut f);
    f.found
}
