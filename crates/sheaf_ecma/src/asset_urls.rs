//! `new URL('./logo.png', import.meta.url)`: the file becomes part of the build.
//!
//! Example: `new URL('./img/logo.png', import.meta.url)` becomes
//! `new URL(__sheaf_url_0, import.meta.url)` with
//! `import __sheaf_url_0 from './img/logo.png?url'` added, so the file is an
//! asset of the graph (emitted with a hashed name, or inlined when small) and the
//! URL names the emitted file, as in Vite. A missing file is reported at the
//! string, like any import.
//!
//! Why before scope resolution: the added import and its uses are then plain
//! code, bound by the resolver like everything else. Only a relative string
//! (or template without substitutions) and exactly `import.meta.url` qualify;
//! anything computed is left to run time.

use swc_core::{
    common::{SyntaxContext, DUMMY_SP},
    ecma::{
        ast::*,
        visit::{VisitMut, VisitMutWith},
    },
};

/// Whether `source` may hold such an expression (a cheap test before a traversal).
pub(crate) fn maybe(source: &str) -> bool {
    use crate::text_tests::{IMPORT_META_URL, NEW_URL};
    NEW_URL.is_in(source) && IMPORT_META_URL.is_in(source)
}

/// Rewrites every `new URL('./x', import.meta.url)` of `module`.
pub(crate) fn rewrite(module: &mut Module) {
    let mut v = Rewriter { found: Vec::new() };
    module.visit_mut_with(&mut v);
    let imports = v
        .found
        .into_iter()
        .enumerate()
        .map(|(i, (specifier, span))| {
            ModuleItem::ModuleDecl(ModuleDecl::Import(ImportDecl {
                span: DUMMY_SP,
                specifiers: vec![ImportSpecifier::Default(ImportDefaultSpecifier {
                    span: DUMMY_SP,
                    local: local(i),
                })],
                src: Box::new(Str {
                    span,
                    value: format!("{specifier}?url").into(),
                    raw: None,
                }),
                type_only: false,
                with: None,
                phase: Default::default(),
            }))
        });
    let body = std::mem::take(&mut module.body);
    module.body = imports.chain(body).collect();
}

fn local(i: usize) -> Ident {
    Ident::new(
        format!("__sheaf_url_{i}").into(),
        DUMMY_SP,
        SyntaxContext::empty(),
    )
}

struct Rewriter {
    /// Each file's specifier and the span of the string that named it.
    found: Vec<(String, swc_core::common::Span)>,
}

/// The relative path a `new URL(…)` argument names, if it is a plain string.
fn relative(e: &Expr) -> Option<(String, swc_core::common::Span)> {
    let (text, span) = match e {
        Expr::Lit(Lit::Str(s)) => (s.value.as_str()?.to_string(), s.span),
        Expr::Tpl(t) if t.exprs.is_empty() && t.quasis.len() == 1 => {
            let q = &t.quasis[0];
            (q.cooked.as_ref()?.as_str()?.to_string(), t.span)
        }
        _ => return None,
    };
    (text.starts_with("./") || text.starts_with("../")).then_some((text, span))
}

fn is_import_meta_url(e: &Expr) -> bool {
    matches!(e, Expr::Member(MemberExpr {
        obj,
        prop: MemberProp::Ident(p),
        ..
    }) if p.sym == "url" && matches!(&**obj, Expr::MetaProp(m) if m.kind == MetaPropKind::ImportMeta))
}

impl VisitMut for Rewriter {
    fn visit_mut_new_expr(&mut self, n: &mut NewExpr) {
        n.visit_mut_children_with(self);
        let is_url = matches!(&*n.callee, Expr::Ident(i) if i.sym == "URL");
        let Some(args) = n.args.as_mut().filter(|a| is_url && a.len() == 2) else {
            return;
        };
        if args.iter().any(|a| a.spread.is_some()) || !is_import_meta_url(&args[1].expr) {
            return;
        }
        let Some((specifier, span)) = relative(&args[0].expr) else {
            return;
        };
        let mut name = local(self.found.len());
        name.span = span;
        *args[0].expr = Expr::Ident(name);
        self.found.push((specifier, span));
    }
}
