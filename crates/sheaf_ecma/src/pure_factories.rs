//! Functions whose calls have no side effects, found without annotations:
//! factories that only build and return a function.
//!
//! Example: d3-array's `export const blurImage = Blur2(blurf)` with
//! `function Blur2(blur) { return function (data, rx) { … }; }`. Calling
//! `Blur2` creates a closure and nothing else, so when `blurImage` is unused
//! the whole statement can go, as if `Blur2` were marked
//! `/*#__NO_SIDE_EFFECTS__*/` (rolldown infers the same). The rule is kept
//! narrow so that it is obviously right: plain parameters (no defaults or
//! destructuring, whose evaluation could run code), and a body of nested
//! function declarations and one `return` of a function or arrow expression.
//! The linker also requires the binding never to be assigned (`analyze.rs`).

use swc_core::ecma::ast::{Decl, Expr, Function, ModuleDecl, ModuleItem, Pat, Stmt};

/// The top-level function declarations of `body` whose calls have no side
/// effects by the rule above.
pub fn pure_factories(body: &[ModuleItem]) -> Vec<swc_core::ecma::ast::Id> {
    body.iter()
        .filter_map(|item| match item {
            ModuleItem::Stmt(Stmt::Decl(Decl::Fn(f))) => Some(f),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(e)) => match &e.decl {
                Decl::Fn(f) => Some(f),
                _ => None,
            },
            _ => None,
        })
        .filter(|f| returns_only_a_function(&f.function))
        .map(|f| f.ident.to_id())
        .collect()
}

fn returns_only_a_function(f: &Function) -> bool {
    if f.is_async || f.is_generator {
        // Calling them is harmless too, but they return promises/iterators.
        return false;
    }
    let plain = |p: &Pat| match p {
        Pat::Ident(_) => true,
        Pat::Rest(r) => matches!(&*r.arg, Pat::Ident(_)),
        _ => false,
    };
    if !f.params.iter().all(|p| plain(&p.pat)) {
        return false;
    }
    let Some(body) = &f.body else {
        return false;
    };
    let Some((last, before)) = body.stmts.split_last() else {
        return false;
    };
    let returns_function = match last {
        Stmt::Return(r) => r
            .arg
            .as_deref()
            .is_some_and(|e| matches!(e.unwrap_parens(), Expr::Fn(_) | Expr::Arrow(_))),
        _ => false,
    };
    returns_function
        && before.iter().all(|s| {
            matches!(s, Stmt::Decl(Decl::Fn(_))) || crate::directives::directive(s).is_some()
        })
}
