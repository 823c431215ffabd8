//! Side-effect analysis of top-level statements, for tree shaking.
//!
//! Example: `export const add = (a, b) => a + b;`, `function f() {}`,
//! `const C = /*#__PURE__*/ makeClass();` and `class A { static x = 1 }` have no
//! side effects, so they are dropped when nothing uses what they declare;
//! `console.log(1)`, `window.x = 1` and `class B { static y = init() }` are kept.
//!
//! Why conservative: a statement is pure only when every part of it is a known
//! pure shape; anything else (calls, property reads of unknown objects, reads of
//! undeclared globals, which may throw) counts as a side effect.

use rustc_hash::FxHashMap;
use swc_core::{
    common::{comments::Comments, BytePos, Spanned, SyntaxContext},
    ecma::ast::*,
};

/// Globals whose reads never throw and whose listed members are plain values or pure functions.
const KNOWN_GLOBALS: &[&str] = &[
    "undefined",
    "NaN",
    "Infinity",
    "Object",
    "Array",
    "Math",
    "JSON",
    "Symbol",
    "String",
    "Number",
    "Boolean",
    "Date",
    "Promise",
    "Map",
    "Set",
    "WeakMap",
    "WeakSet",
    "RegExp",
    "Error",
    "TypeError",
    "RangeError",
    "Reflect",
    "BigInt",
    "Proxy",
    "globalThis",
    "Intl",
    "ArrayBuffer",
    "DataView",
    "Uint8Array",
    "Int8Array",
    "Uint16Array",
    "Int16Array",
    "Uint32Array",
    "Int32Array",
    "Float32Array",
    "Float64Array",
    "Uint8ClampedArray",
];

/// Calls of these are pure when their arguments are.
const PURE_CALLS: &[(&str, &str)] = &[
    ("Object", "freeze"),
    ("Object", "create"),
    ("Object", "keys"),
    ("Object", "assign"),
    ("Symbol", "for"),
    ("Array", "isArray"),
    ("Math", "max"),
    ("Math", "min"),
    ("Math", "pow"),
    ("Math", "sqrt"),
];

pub(crate) struct Purity<'a> {
    pub unresolved: SyntaxContext,
    pub bound: &'a FxHashMap<Id, u32>,
    pub comments: &'a dyn Comments,
    /// Top-level functions marked `/*#__NO_SIDE_EFFECTS__*/`: calls to them are pure.
    pub no_side_effect_fns: &'a [Id],
    /// Calls of other top-level bindings (imports) taken as pure *if* the binding
    /// turns out to be a `/*#__NO_SIDE_EFFECTS__*/` function: the linker decides.
    pub assumed_pure_calls: std::cell::RefCell<Vec<u32>>,
}

impl<'a> Purity<'a> {
    pub fn new(
        unresolved: SyntaxContext,
        bound: &'a FxHashMap<Id, u32>,
        comments: &'a dyn Comments,
        no_side_effect_fns: &'a [Id],
    ) -> Self {
        Purity {
            unresolved,
            bound,
            comments,
            no_side_effect_fns,
            assumed_pure_calls: Default::default(),
        }
    }
}

impl Purity<'_> {
    /// `/*#__PURE__*/`, `/* @__PURE__ */`, and the line-comment form
    /// `// #__PURE__` on the line before, which Rollup and esbuild honour too.
    fn pure_annotated(&self, pos: BytePos) -> bool {
        self.comments.has_flag(pos, "PURE")
            || self.comments.get_leading(pos).is_some_and(|comments| {
                comments.iter().any(|c| {
                    c.kind == swc_core::common::comments::CommentKind::Line
                        && matches!(c.text.trim(), "#__PURE__" | "@__PURE__")
                })
            })
    }

    pub fn item_has_side_effects(&self, item: &ModuleItem) -> bool {
        match item {
            ModuleItem::ModuleDecl(d) => match d {
                ModuleDecl::Import(_) | ModuleDecl::ExportNamed(_) | ModuleDecl::ExportAll(_) => {
                    false
                }
                ModuleDecl::ExportDecl(e) => !self.decl_is_pure(&e.decl),
                ModuleDecl::ExportDefaultDecl(e) => match &e.decl {
                    DefaultDecl::Class(c) => !self.class_is_pure(&c.class),
                    DefaultDecl::Fn(_) | DefaultDecl::TsInterfaceDecl(_) => false,
                },
                ModuleDecl::ExportDefaultExpr(e) => !self.expr_is_pure(&e.expr),
                _ => true,
            },
            ModuleItem::Stmt(s) => !self.stmt_is_pure(s),
        }
    }

    fn stmt_is_pure(&self, s: &Stmt) -> bool {
        match s {
            Stmt::Empty(_) => true,
            Stmt::Decl(d) => self.decl_is_pure(d),
            // A directive ("use strict") changes how the code around it runs: keep it.
            Stmt::Expr(_) if crate::directives::directive(s).is_some() => false,
            Stmt::Expr(e) => self.expr_is_pure(&e.expr),
            Stmt::Block(b) => b.stmts.iter().all(|s| self.stmt_is_pure(s)),
            _ => false,
        }
    }

    fn decl_is_pure(&self, d: &Decl) -> bool {
        match d {
            Decl::Fn(_) => true,
            Decl::Class(c) => self.class_is_pure(&c.class),
            Decl::Var(v) => v.decls.iter().all(|d| {
                // Destructuring runs getters and iterators: only plain names are pure.
                matches!(d.name, Pat::Ident(_))
                    && d.init.as_deref().is_none_or(|e| self.expr_is_pure(e))
            }),
            Decl::TsEnum(_) | Decl::TsInterface(_) | Decl::TsTypeAlias(_) | Decl::TsModule(_) => {
                true
            }
            Decl::Using(_) => false,
        }
    }

    fn class_is_pure(&self, c: &Class) -> bool {
        c.decorators.is_empty()
            && c.super_class
                .as_deref()
                .is_none_or(|e| self.expr_is_pure(e))
            && c.body.iter().all(|m| match m {
                ClassMember::Method(m) => self.key_is_pure(&m.key),
                ClassMember::PrivateMethod(_)
                | ClassMember::Constructor(_)
                | ClassMember::Empty(_) => true,
                ClassMember::ClassProp(p) => {
                    p.decorators.is_empty()
                        && self.key_is_pure(&p.key)
                        && (!p.is_static || p.value.as_deref().is_none_or(|e| self.expr_is_pure(e)))
                }
                ClassMember::PrivateProp(p) => {
                    p.decorators.is_empty()
                        && (!p.is_static || p.value.as_deref().is_none_or(|e| self.expr_is_pure(e)))
                }
                ClassMember::AutoAccessor(a) => {
                    !a.is_static || a.value.as_deref().is_none_or(|e| self.expr_is_pure(e))
                }
                ClassMember::StaticBlock(_) | ClassMember::TsIndexSignature(_) => false,
            })
    }

    fn key_is_pure(&self, k: &PropName) -> bool {
        match k {
            PropName::Computed(c) => matches!(&*c.expr, Expr::Lit(_)),
            _ => true,
        }
    }

    fn is_known_global(&self, e: &Expr) -> Option<&'static str> {
        match e {
            Expr::Ident(i) if i.ctxt == self.unresolved => {
                KNOWN_GLOBALS.iter().copied().find(|g| *g == &*i.sym)
            }
            _ => None,
        }
    }

    pub fn expr_is_pure(&self, e: &Expr) -> bool {
        match e {
            Expr::Lit(_) | Expr::Fn(_) | Expr::Arrow(_) | Expr::This(_) | Expr::MetaProp(_) => true,
            Expr::Ident(i) => {
                self.bound.contains_key(&i.to_id()) || self.is_known_global(e).is_some()
            }
            Expr::Paren(p) => self.expr_is_pure(&p.expr),
            Expr::Tpl(t) => t.exprs.iter().all(|e| self.expr_is_pure(e)),
            Expr::Class(c) => self.class_is_pure(&c.class),
            Expr::Array(a) => a.elems.iter().all(|e| match e {
                None => true,
                Some(ExprOrSpread { spread: None, expr }) => self.expr_is_pure(expr),
                Some(_) => false,
            }),
            Expr::Object(o) => o.props.iter().all(|p| match p {
                PropOrSpread::Spread(_) => false,
                PropOrSpread::Prop(p) => match &**p {
                    Prop::Shorthand(i) => self.expr_is_pure(&Expr::Ident(i.clone())),
                    Prop::KeyValue(kv) => self.key_is_pure(&kv.key) && self.expr_is_pure(&kv.value),
                    Prop::Method(m) => self.key_is_pure(&m.key),
                    Prop::Getter(g) => self.key_is_pure(&g.key),
                    Prop::Setter(s) => self.key_is_pure(&s.key),
                    Prop::Assign(_) => false,
                },
            }),
            // `typeof x` never throws, even when `x` is not declared.
            Expr::Unary(UnaryExpr {
                op: UnaryOp::TypeOf,
                arg,
                ..
            }) if matches!(&**arg, Expr::Ident(_)) => true,
            Expr::Unary(u) => u.op != UnaryOp::Delete && self.expr_is_pure(&u.arg),
            Expr::Bin(b) => {
                let operands = self.expr_is_pure(&b.left) && self.expr_is_pure(&b.right);
                match b.op {
                    BinaryOp::EqEqEq
                    | BinaryOp::NotEqEq
                    | BinaryOp::LogicalAnd
                    | BinaryOp::LogicalOr
                    | BinaryOp::NullishCoalescing => operands,
                    // Other operators may call valueOf/toString: pure only on primitives.
                    BinaryOp::In | BinaryOp::InstanceOf => false,
                    _ => operands && is_primitive(&b.left) && is_primitive(&b.right),
                }
            }
            Expr::Cond(c) => {
                // `typeof X === "function" ? X : fallback`: the test guards the read of X.
                let guarded = typeof_operands(&c.test);
                let branch = |e: &Expr| {
                    matches!(e, Expr::Ident(i) if guarded.contains(&&i.sym)) || self.expr_is_pure(e)
                };
                self.expr_is_pure(&c.test) && branch(&c.cons) && branch(&c.alt)
            }
            Expr::Seq(s) => s.exprs.iter().all(|e| self.expr_is_pure(e)),
            Expr::Member(m) => {
                // `Math.PI`, `Symbol.iterator`: members of known globals.
                self.is_known_global(&m.obj).is_some() && matches!(m.prop, MemberProp::Ident(_))
            }
            Expr::Call(c) => {
                let args_pure = c
                    .args
                    .iter()
                    .all(|a| a.spread.is_none() && self.expr_is_pure(&a.expr));
                let Callee::Expr(callee) = &c.callee else {
                    return false;
                };
                if !args_pure {
                    return false;
                }
                if self.pure_annotated(c.span.lo) || self.pure_annotated(callee.span().lo) {
                    return true;
                }
                match &**callee {
                    Expr::Ident(i) => {
                        if self.no_side_effect_fns.iter().any(|id| *id == i.to_id())
                            || self.is_known_global(callee) == Some("Symbol")
                        {
                            return true;
                        }
                        match self.bound.get(&i.to_id()) {
                            Some(&symbol) => {
                                self.assumed_pure_calls.borrow_mut().push(symbol);
                                true
                            }
                            None => false,
                        }
                    }
                    Expr::Member(m) => match (self.is_known_global(&m.obj), &m.prop) {
                        (Some(g), MemberProp::Ident(p)) => {
                            PURE_CALLS.iter().any(|(o, f)| *o == g && *f == &*p.sym)
                        }
                        _ => false,
                    },
                    // `(function () { … })()` marked pure is handled above; unmarked IIFEs may do anything.
                    _ => false,
                }
            }
            Expr::New(n) => {
                (self.pure_annotated(n.span.lo) || self.pure_annotated(n.callee.span().lo))
                    && n.args
                        .iter()
                        .flatten()
                        .all(|a| a.spread.is_none() && self.expr_is_pure(&a.expr))
            }
            Expr::TsAs(t) => self.expr_is_pure(&t.expr),
            Expr::TsConstAssertion(t) => self.expr_is_pure(&t.expr),
            Expr::TsNonNull(t) => self.expr_is_pure(&t.expr),
            Expr::TsSatisfies(t) => self.expr_is_pure(&t.expr),
            _ => false,
        }
    }
}

/// The identifiers `x` of every `typeof x` in `e`.
fn typeof_operands(e: &Expr) -> Vec<&swc_core::atoms::Atom> {
    match e {
        Expr::Unary(UnaryExpr {
            op: UnaryOp::TypeOf,
            arg,
            ..
        }) => match &**arg {
            Expr::Ident(i) => vec![&i.sym],
            _ => vec![],
        },
        Expr::Bin(b) => {
            let mut v = typeof_operands(&b.left);
            v.extend(typeof_operands(&b.right));
            v
        }
        Expr::Paren(p) => typeof_operands(&p.expr),
        _ => vec![],
    }
}

fn is_primitive(e: &Expr) -> bool {
    match e {
        Expr::Lit(l) => !matches!(l, Lit::Regex(_)),
        Expr::Tpl(_) => true,
        Expr::Unary(u) => {
            matches!(u.op, UnaryOp::TypeOf | UnaryOp::Void | UnaryOp::Bang) || is_primitive(&u.arg)
        }
        Expr::Paren(p) => is_primitive(&p.expr),
        _ => false,
    }
}
