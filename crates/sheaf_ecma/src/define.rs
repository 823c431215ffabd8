//! `--define KEY=EXPR`: replaces free identifiers and member chains with expressions.
//!
//! Example: `--define process.env.NODE_ENV='"production"'` turns
//! `if (process.env.NODE_ENV !== "production")` into `if ("production" !== "production")`.
//! Only free (unresolved) roots are replaced: a local `process` is left alone.
//!
//! Why before analysis: replaced code may drop its references to globals, and
//! (once dead-branch removal lands) whole imports.

use sheaf_common::{is_identifier, Diagnostic};
use swc_core::{
    common::{FileName, SyntaxContext},
    ecma::{
        ast::*,
        parser::{parse_file_as_expr, EsSyntax, Syntax},
        visit::{VisitMut, VisitMutWith},
    },
};

use crate::EcmaContext;

/// Parsed, validated define entries. Cheap to share across threads.
#[derive(Default, Clone)]
pub struct Define {
    entries: Vec<(Vec<String>, Box<Expr>)>,
    /// `--define 'typeof NAME=EXPR'`: `typeof NAME` of a free global becomes EXPR,
    /// so checks such as `typeof window !== "undefined"` become constant. Nothing
    /// is folded unless a define says so: a browser bundle may run in a worker,
    /// in Electron or under Node (SSR, tests), where `window` may be missing.
    typeofs: Vec<(String, Box<Expr>)>,
    /// The first names of the keys, once each (`process`, `import.meta`).
    roots: Vec<String>,
}

impl Define {
    /// Parses every `KEY=EXPR` pair; all invalid pairs are reported together.
    pub fn parse(ctx: &EcmaContext, pairs: &[(String, String)]) -> Result<Self, Vec<Diagnostic>> {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        let mut typeofs = Vec::new();
        for (key, value) in pairs {
            let typeof_name = key.strip_prefix("typeof ").map(str::trim);
            // `import.meta.env.X`: the root is `import.meta`.
            let meta_rest = key
                .strip_prefix(IMPORT_META)
                .filter(|r| r.is_empty() || r.starts_with('.'));
            let path: Vec<String> = match (typeof_name, meta_rest) {
                (Some(name), _) => vec![name.to_string()],
                (None, Some(rest)) => std::iter::once(IMPORT_META.to_string())
                    .chain(rest.split('.').skip(1).map(str::to_string))
                    .collect(),
                (None, None) => key.split('.').map(str::to_string).collect(),
            };
            // `import.meta.env.*`: any one name below `import.meta.env` that no
            // other key names.
            let last = path.len() - 1;
            let meta = meta_rest.is_some() && typeof_name.is_none();
            let valid = |(i, p): (usize, &String)| {
                is_identifier(p) || (meta && (i == 0 || (i == last && p == "*")))
            };
            if !path.iter().enumerate().all(valid) {
                errors.push(
                    Diagnostic::error("E_DEFINE", format!("Invalid define key {key:?}")).with_help(
                        "a key is an identifier, a dotted path such as process.env.NODE_ENV or import.meta.env.X, or `typeof NAME`",
                    ),
                );
                continue;
            }
            let fm = ctx.cm.new_source_file(FileName::Anon.into(), value.clone());
            let mut recovered = Vec::new();
            match parse_file_as_expr(
                &fm,
                Syntax::Es(EsSyntax::default()),
                EsVersion::latest(),
                None,
                &mut recovered,
            ) {
                Ok(expr) if recovered.is_empty() => match typeof_name {
                    Some(name) => typeofs.push((name.to_string(), expr)),
                    None => entries.push((path, expr)),
                },
                _ => errors.push(
                    Diagnostic::error(
                        "E_DEFINE",
                        format!("Invalid define value for {key}: {value}"),
                    )
                    .with_help(
                        "the value is JavaScript: quote strings, e.g. --define KEY='\"text\"'",
                    ),
                ),
            }
        }
        if errors.is_empty() {
            let mut roots: Vec<String> = entries.iter().map(|(p, _)| p[0].clone()).collect();
            roots.sort();
            roots.dedup();
            Ok(Define {
                entries,
                typeofs,
                roots,
            })
        } else {
            Err(errors)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.typeofs.is_empty()
    }

    /// Applies the defines, and folds the constant branches they made
    /// (`fold.rs`) in the same walk: an `if`, `?:`, `&&` or `||` with a
    /// replacement below it is folded once its children are done.
    pub(crate) fn apply(&self, module: &mut Module, unresolved: SyntaxContext) {
        if self.is_empty() {
            return;
        }
        module.visit_mut_with(&mut DefineVisitor {
            define: self,
            unresolved,
            replaced: 0,
        });
    }

    /// Whether any key's first name occurs in `source` (a cheap test before a traversal).
    pub(crate) fn mentioned_in(&self, source: &str) -> bool {
        self.roots.iter().any(|root| source.contains(root.as_str()))
            || self
                .typeofs
                .iter()
                .any(|(name, _)| source.contains(name.as_str()))
    }

    /// Whether `name` is the first part of some key (`process` for `process.env.X`).
    fn has_root(&self, name: &str) -> bool {
        self.entries.iter().any(|(path, _)| path[0] == name)
    }
}

/// The root of `import.meta.X` keys.
const IMPORT_META: &str = "import.meta";

struct DefineVisitor<'a> {
    define: &'a Define,
    unresolved: SyntaxContext,
    /// Replacements so far: a node whose children changed it may fold.
    replaced: usize,
}

/// The root of a member chain, without allocating.
fn root(mut e: &Expr) -> Option<&Expr> {
    loop {
        match e {
            Expr::Ident(_) | Expr::MetaProp(_) => return Some(e),
            Expr::Member(m) => e = &m.obj,
            _ => return None,
        }
    }
}

impl DefineVisitor<'_> {
    /// `a.b.c` as ["a","b","c"] when its root is a free identifier.
    fn chain(&self, expr: &Expr, out: &mut Vec<String>) -> bool {
        match expr {
            Expr::Ident(i) => {
                out.push(i.sym.to_string());
                i.ctxt == self.unresolved
            }
            Expr::MetaProp(MetaPropExpr {
                kind: MetaPropKind::ImportMeta,
                ..
            }) => {
                out.push(IMPORT_META.to_string());
                true
            }
            Expr::Member(MemberExpr { obj, prop, .. }) => {
                if !self.chain(obj, out) {
                    return false;
                }
                match prop {
                    MemberProp::Ident(p) => out.push(p.sym.to_string()),
                    MemberProp::Computed(ComputedPropName { expr, .. }) => match &**expr {
                        Expr::Lit(Lit::Str(s)) => out.push(s.value.to_atom_lossy().to_string()),
                        _ => return false,
                    },
                    MemberProp::PrivateName(_) => return false,
                }
                true
            }
            _ => false,
        }
    }

    fn replacement(&self, expr: &Expr) -> Option<Box<Expr>> {
        let mut path = Vec::new();
        if !self.chain(expr, &mut path) {
            return None;
        }
        let wildcard = |k: &[String]| {
            k.len() == path.len()
                && k.last().is_some_and(|l| l == "*")
                && k[..k.len() - 1] == path[..path.len() - 1]
        };
        let (_, value) = (self.define.entries.iter().find(|(k, _)| *k == path))
            .or_else(|| self.define.entries.iter().find(|(k, _)| wildcard(k)))?;
        let mut value = value.clone();
        // Identifiers inside a define value are free globals in every module.
        value.visit_mut_with(&mut SetCtxt(self.unresolved));
        Some(value)
    }
}

impl VisitMut for DefineVisitor<'_> {
    fn visit_mut_expr(&mut self, expr: &mut Expr) {
        if let Expr::Unary(UnaryExpr {
            op: UnaryOp::TypeOf,
            arg,
            ..
        }) = expr
        {
            if let Expr::Ident(i) = &**arg {
                if i.ctxt == self.unresolved {
                    if let Some((_, t)) = self.define.typeofs.iter().find(|(n, _)| *n == *i.sym) {
                        let mut value = t.clone();
                        value.visit_mut_with(&mut SetCtxt(self.unresolved));
                        *expr = parenthesized(value);
                        self.replaced += 1;
                        return;
                    }
                }
            }
        }
        let candidate = match root(expr) {
            Some(Expr::Ident(i)) => i.ctxt == self.unresolved && self.define.has_root(&i.sym),
            Some(Expr::MetaProp(_)) => self.define.has_root(IMPORT_META),
            _ => false,
        };
        if candidate {
            if let Some(value) = self.replacement(expr) {
                self.replaced += 1;
                *expr = parenthesized(value);
                return;
            }
        }
        let before = self.replaced;
        expr.visit_mut_children_with(self);
        if self.replaced != before {
            crate::fold::fold_expr(expr);
        }
    }

    fn visit_mut_stmt(&mut self, stmt: &mut Stmt) {
        let before = self.replaced;
        stmt.visit_mut_children_with(self);
        if self.replaced != before {
            crate::fold::fold_stmt(stmt);
        }
    }

    // `process.env.X = 1` would become `"a" = 1`: an assignment target itself is
    // never replaced, but its object may be (`global.x = 1` → `globalThis.x = 1`).
    fn visit_mut_simple_assign_target(&mut self, t: &mut SimpleAssignTarget) {
        if let SimpleAssignTarget::Member(m) = t {
            m.obj.visit_mut_with(self);
            m.prop.visit_mut_with(self);
        }
    }
}

/// A replacement in parentheses (it may sit where precedence matters), unless
/// it is a literal or a name, which never needs them.
fn parenthesized(value: Box<Expr>) -> Expr {
    match *value {
        Expr::Lit(_) | Expr::Ident(_) => *value,
        _ => Expr::Paren(ParenExpr {
            span: Default::default(),
            expr: value,
        }),
    }
}

struct SetCtxt(SyntaxContext);

impl VisitMut for SetCtxt {
    fn visit_mut_ident(&mut self, i: &mut Ident) {
        i.ctxt = self.0;
    }
}
