//! Directive prologues: the string statements a program or function body
//! starts with (`"use strict";`).
//!
//! Example: in `"use strict"; "use client"; f();` the prologue is the first
//! two statements.
//!
//! Why one place: rendering, lowering, purity and the factory check each need
//! to tell a directive from code, and each had its own copy of the test.

use swc_core::ecma::ast::{Expr, Lit, ModuleItem, Stmt, Str};

/// The string of a directive-like statement: a string literal on its own.
pub(crate) fn directive(stmt: &Stmt) -> Option<&Str> {
    match stmt {
        Stmt::Expr(e) => match &*e.expr {
            Expr::Lit(Lit::Str(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// How many items the module's directive prologue has.
pub(crate) fn prologue_len(items: &[ModuleItem]) -> usize {
    (items.iter())
        .take_while(|i| i.as_stmt().and_then(directive).is_some())
        .count()
}
