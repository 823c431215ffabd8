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
    common::{BytePos, FileName, Span, Spanned, SyntaxContext},
    ecma::{
        ast::*,
        parser::{parse_file_as_expr, EsSyntax, Syntax},
        visit::{VisitMut, VisitMutWith},
    },
};

use crate::{text_tests::is_word_byte, EcmaContext};

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
    /// A searcher for each root and `typeof` name, and for `\u` (see `places_in`).
    finders: Vec<memchr::memmem::Finder<'static>>,
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
            let finders = searched_names(&roots, &typeofs)
                .map(crate::text_tests::finder)
                .chain([crate::text_tests::finder("\\u")])
                .collect();
            Ok(Define {
                entries,
                typeofs,
                roots,
                finders,
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
    /// replacement below it is folded once its children are done. With
    /// `places` (from [`Define::places_in`], as positions in the module's
    /// file) only statements and expressions whose span holds one are
    /// walked: the spans must still nest as the parser made them.
    pub(crate) fn apply(
        &self,
        module: &mut Module,
        unresolved: SyntaxContext,
        places: Option<&[BytePos]>,
    ) {
        if self.is_empty() {
            return;
        }
        module.visit_mut_with(&mut DefineVisitor {
            define: self,
            unresolved,
            replaced: 0,
            places,
        });
    }

    /// Where in `source` a define may apply, in ascending order: each of its
    /// roots' names and `typeof` names as a whole word (`import` then `.`, or a
    /// comment, for `import.meta`), and each `\u`, which may begin an escape
    /// in such a name. Empty when none occurs, and the module needs no walk.
    /// (A root found inside a longer name, `processQueue` in React DOM, would
    /// cost a walk of the whole file.)
    /// `start`: the file's first position, which the places are counted from.
    pub(crate) fn places_in(&self, source: &str, start: BytePos) -> Vec<BytePos> {
        // The cheap test first: most modules name no define at all. A text
        // with `import . meta` but no `import.meta` is taken to have none.
        if !(self.finders.iter()).any(|f| f.find(source.as_bytes()).is_some()) {
            return Vec::new();
        }
        let names = searched_names(&self.roots, &self.typeofs);
        let bytes = source.as_bytes();
        let word_byte = |i: usize| bytes.get(i).is_some_and(|b| is_word_byte(*b));
        let word_byte_before = |i: usize| i.checked_sub(1).is_some_and(word_byte);
        // `import.meta`, `import . meta` or `import/* … */.meta`; not
        // `import(…)` or an import declaration.
        let meta_follows = |end: usize| {
            let rest = bytes[end..].iter().find(|b| !b.is_ascii_whitespace());
            matches!(rest, Some(b'.' | b'/'))
        };
        // memchr's search: `str::match_indices` over React DOM's 1.2 MB was 9%
        // of the instructions of the small React app's build.
        let mut places: Vec<BytePos> = names
            .flat_map(|name| {
                let (word, meta) = match name {
                    IMPORT_META => ("import", true),
                    name => (name, false),
                };
                let end = move |i: usize| i + word.len();
                (memchr::memmem::find_iter(bytes, word.as_bytes())).filter(move |&i| {
                    !word_byte_before(i) && !word_byte(end(i)) && (!meta || meta_follows(end(i)))
                })
            })
            .chain(memchr::memmem::find_iter(bytes, b"\\u"))
            .map(|i| start + BytePos(i as u32))
            .collect();
        places.sort_unstable();
        places.dedup();
        places
    }

    /// Whether `name` is the first part of some key (`process` for `process.env.X`).
    fn has_root(&self, name: &str) -> bool {
        self.entries.iter().any(|(path, _)| path[0] == name)
    }
}

/// The names `places_in` looks for: the keys' roots, then the `typeof` names.
fn searched_names<'d>(
    roots: &'d [String],
    typeofs: &'d [(String, Box<Expr>)],
) -> impl Iterator<Item = &'d str> {
    (roots.iter().map(String::as_str)).chain(typeofs.iter().map(|(n, _)| n.as_str()))
}

/// The root of `import.meta.X` keys.
const IMPORT_META: &str = "import.meta";

struct DefineVisitor<'a> {
    define: &'a Define,
    unresolved: SyntaxContext,
    /// Replacements so far: a node whose children changed it may fold.
    replaced: usize,
    /// Where a define may apply (see [`Define::apply`]); `None`: anywhere.
    places: Option<&'a [BytePos]>,
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
    /// Whether a node of this span may hold a replacement: a span that is
    /// not the parser's (no position) may hold anything.
    fn may_hold(&self, span: Span) -> bool {
        let Some(places) = self.places else {
            return true;
        };
        let first = places.partition_point(|p| *p < span.lo);
        span.is_dummy() || places.get(first).is_some_and(|p| *p < span.hi)
    }

    /// `a.b.c` as ["a","b","c"] when its root is a free identifier.
    fn chain(&self, expr: &Expr, out: &mut Vec<String>) -> bool {
        match expr {
            Expr::Ident(i) => {
                out.push(i.sym.as_str().to_owned());
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
                    MemberProp::Ident(p) => out.push(p.sym.as_str().to_owned()),
                    MemberProp::Computed(ComputedPropName { expr, .. }) => match &**expr {
                        Expr::Lit(Lit::Str(s)) => {
                            out.push(s.value.to_atom_lossy().as_str().to_owned())
                        }
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
    fn visit_mut_module_item(&mut self, item: &mut ModuleItem) {
        if self.may_hold(item.span()) {
            item.visit_mut_children_with(self);
        }
    }

    fn visit_mut_expr(&mut self, expr: &mut Expr) {
        if !self.may_hold(expr.span()) {
            return;
        }
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
        if !self.may_hold(stmt.span()) {
            return;
        }
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
