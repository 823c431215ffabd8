//! A module's reads of its own constant arrays, folded before oxc minifies it:
//! `NAME[i]` with a literal element becomes that element, `NAME.length` the
//! array's length.
//!
//! Example: `const table = ['core/a.tsx', 504, View]; const value = table[1] + 1;`
//! becomes `const value = 504 + 1;`, and the array, now unread, goes.
//!
//! Why: SWC's compressor inlines the array into its one reader and folds
//! `[…][1]`; oxc's inlines it but folds only `[…].length`, so
//! `(['core/a.tsx',504,View])[1]` stayed in the output (the 10,000-module
//! app: +7.7% gzipped). Reads of another module's array are the linker's
//! (`const_arrays.rs` in the bundler).
//!
//! What makes an array constant: a `const` at the module's top level, with
//! neither holes nor spreads, which no code outside the module can reach (an
//! ES module's binding the linker knows nobody else reads, or a CommonJS
//! body's, which is local to its factory), and whose every use here reads an
//! element at a number or the length (`NAME[7]`, `NAME.length`): not a
//! target (`NAME[0] = x`, `NAME[0]++`, `delete NAME[0]`), not a call
//! (`NAME[0]()` passes the array as `this`), not handed anywhere, and no
//! direct `eval` in the module. Regular expressions are not folded (each
//! evaluation of the literal is a new object).

use rustc_hash::{FxHashMap, FxHashSet};
use swc_core::{
    common::Span,
    ecma::{
        ast::*,
        visit::{Visit, VisitMut, VisitMutWith, VisitWith},
    },
};

/// Folds the reads of `module`'s constant arrays; `outside`: the top-level
/// names code outside the module reads (`None`: any of them may be).
pub(crate) fn fold_array_reads(module: &mut Module, outside: Option<&[&str]>) {
    let mut arrays = constant_arrays(module, outside);
    if arrays.is_empty() {
        return;
    }
    let mut uses = Uses {
        arrays: &arrays,
        other: FxHashSet::default(),
        still_read: FxHashSet::default(),
        eval: false,
        target: false,
    };
    module.visit_with(&mut uses);
    let Uses {
        other,
        still_read,
        eval,
        ..
    } = uses;
    if eval {
        return;
    }
    for id in &other {
        arrays.remove(id);
    }
    if arrays.is_empty() {
        return;
    }
    module.visit_mut_with(&mut Fold { arrays: &arrays });
    arrays.retain(|id, array| {
        !still_read.contains(id) && array.elems.iter().flatten().all(|e| droppable(&e.expr))
    });
    drop_declarations(module, &arrays);
}

/// Whether evaluating `e` does nothing but make its value.
fn droppable(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Lit(_) | Expr::Ident(_) | Expr::Fn(_) | Expr::Arrow(_)
    )
}

/// Drops the declarations of `arrays`, which nothing reads any more: SWC's
/// compressor drops them and then what only they named (an unused
/// component in a table of them); oxc's one pass sees only the latter once
/// the former is gone.
fn drop_declarations(module: &mut Module, arrays: &FxHashMap<Id, ArrayLit>) {
    if arrays.is_empty() {
        return;
    }
    module.body.retain_mut(|item| {
        let ModuleItem::Stmt(Stmt::Decl(Decl::Var(var))) = item else {
            return true;
        };
        if var.kind != VarDeclKind::Const {
            return true;
        }
        var.decls
            .retain(|d| !matches!(&d.name, Pat::Ident(name) if arrays.contains_key(&name.to_id())));
        !var.decls.is_empty()
    });
}

/// The module's top-level `const NAME = [ … ]` declarations, without holes or
/// spreads, that nothing outside reads.
fn constant_arrays(module: &Module, outside: Option<&[&str]>) -> FxHashMap<Id, ArrayLit> {
    let mut arrays = FxHashMap::default();
    let Some(outside) = outside else {
        return arrays;
    };
    let outside: FxHashSet<&str> = outside.iter().copied().collect();
    for item in &module.body {
        let ModuleItem::Stmt(Stmt::Decl(Decl::Var(var))) = item else {
            continue;
        };
        if var.kind != VarDeclKind::Const {
            continue;
        }
        for d in &var.decls {
            let (Pat::Ident(name), Some(init)) = (&d.name, &d.init) else {
                continue;
            };
            let Expr::Array(array) = &**init else {
                continue;
            };
            let plain = array
                .elems
                .iter()
                .all(|e| e.as_ref().is_some_and(|e| e.spread.is_none()));
            if plain && !outside.contains(&*name.sym) {
                arrays.insert(name.to_id(), array.clone());
            }
        }
    }
    arrays
}

/// The array `expr` reads an element or the length of (`NAME[2]`,
/// `NAME.length`): a read that does not hand the array itself anywhere.
fn read<'a>(
    expr: &'a Expr,
    arrays: &'a FxHashMap<Id, ArrayLit>,
) -> Option<(&'a Ident, &'a ArrayLit, &'a MemberProp, Span)> {
    let Expr::Member(MemberExpr { obj, prop, span }) = expr else {
        return None;
    };
    let Expr::Ident(name) = &**obj else {
        return None;
    };
    let array = arrays.get(&name.to_id())?;
    match prop {
        MemberProp::Ident(p) if p.sym == "length" => Some((name, array, prop, *span)),
        MemberProp::Computed(c) if matches!(&*c.expr, Expr::Lit(Lit::Num(_))) => {
            Some((name, array, prop, *span))
        }
        _ => None,
    }
}

/// What `expr` reads of a constant array, if it is a read whose value is a
/// literal.
fn folded(expr: &Expr, arrays: &FxHashMap<Id, ArrayLit>) -> Option<Expr> {
    let (_, array, prop, span) = read(expr, arrays)?;
    value_of(array, prop, span)
}

/// The value of the read of `prop` of `array`, if it is a literal.
fn value_of(array: &ArrayLit, prop: &MemberProp, span: Span) -> Option<Expr> {
    match prop {
        MemberProp::Ident(p) if p.sym == "length" => Some(Expr::Lit(Lit::Num(Number {
            span,
            value: array.elems.len() as f64,
            raw: None,
        }))),
        MemberProp::Computed(ComputedPropName { expr: index, .. }) => {
            let Expr::Lit(Lit::Num(n)) = &**index else {
                return None;
            };
            let i = n.value;
            if i.fract() != 0.0 || i < 0.0 || i >= array.elems.len() as f64 {
                return None;
            }
            let element = array.elems[i as usize].as_ref()?;
            match &*element.expr {
                Expr::Lit(Lit::Regex(_) | Lit::JSXText(_)) => None,
                Expr::Lit(lit) => Some(Expr::Lit(lit.clone())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Every use of an array that is not a read.
struct Uses<'a> {
    arrays: &'a FxHashMap<Id, ArrayLit>,
    other: FxHashSet<Id>,
    /// Arrays read where the value is no literal (`NAME[2]` of `[a, b, f]`).
    still_read: FxHashSet<Id>,
    eval: bool,
    /// The next expression is written to, called or deleted.
    target: bool,
}

impl Uses<'_> {
    fn visit_as_target(&mut self, expr: &Expr) {
        self.target = true;
        expr.visit_with(self);
    }
}

impl Visit for Uses<'_> {
    fn visit_expr(&mut self, expr: &Expr) {
        let target = std::mem::take(&mut self.target);
        if let (false, Some((name, array, prop, span))) = (target, read(expr, self.arrays)) {
            if value_of(array, prop, span).is_none() {
                self.still_read.insert(name.to_id());
            }
            return;
        }
        expr.visit_children_with(self);
    }

    fn visit_ident(&mut self, ident: &Ident) {
        if self.arrays.contains_key(&ident.to_id()) {
            self.other.insert(ident.to_id());
        }
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        // The array's own declaration is no use of it.
        match &d.name {
            Pat::Ident(name) if self.arrays.contains_key(&name.to_id()) => d.init.visit_with(self),
            _ => d.visit_children_with(self),
        }
    }

    fn visit_update_expr(&mut self, update: &UpdateExpr) {
        self.visit_as_target(&update.arg);
    }

    fn visit_unary_expr(&mut self, unary: &UnaryExpr) {
        match unary.op {
            UnaryOp::Delete => self.visit_as_target(&unary.arg),
            _ => unary.arg.visit_with(self),
        }
    }

    fn visit_callee(&mut self, callee: &Callee) {
        match callee {
            Callee::Expr(expr) => self.visit_as_target(expr),
            _ => callee.visit_children_with(self),
        }
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        if matches!(&call.callee, Callee::Expr(e) if matches!(&**e, Expr::Ident(i) if i.sym == "eval"))
        {
            self.eval = true;
        }
        call.visit_children_with(self);
    }

    fn visit_tagged_tpl(&mut self, tagged: &TaggedTpl) {
        self.visit_as_target(&tagged.tag);
        tagged.tpl.visit_with(self);
    }

    fn visit_pat(&mut self, pat: &Pat) {
        match pat {
            // A member expression in a pattern is assigned to:
            // `[NAME[0]] = list`, `for (NAME[0] of list)`.
            Pat::Expr(expr) => self.visit_as_target(expr),
            _ => pat.visit_children_with(self),
        }
    }
}

/// Replaces every foldable read.
struct Fold<'a> {
    arrays: &'a FxHashMap<Id, ArrayLit>,
}

impl VisitMut for Fold<'_> {
    fn visit_mut_expr(&mut self, expr: &mut Expr) {
        match folded(expr, self.arrays) {
            Some(value) => *expr = value,
            None => expr.visit_mut_children_with(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use swc_core::{
        common::{sync::Lrc, FileName, Mark, SourceMap, GLOBALS},
        ecma::{
            codegen::{text_writer::JsWriter, Emitter},
            parser::{parse_file_as_module, Syntax},
            transforms::base::resolver,
        },
    };

    use super::*;

    /// `code` with its arrays' reads folded (none read outside but `outside`).
    fn fold(code: &str, outside: Option<&[&str]>) -> String {
        GLOBALS.set(&Default::default(), || {
            let cm: Lrc<SourceMap> = Default::default();
            let file = cm.new_source_file(FileName::Anon.into(), code.to_string());
            let mut module = parse_file_as_module(
                &file,
                Syntax::default(),
                EsVersion::EsNext,
                None,
                &mut vec![],
            )
            .unwrap();
            module.visit_mut_with(&mut resolver(Mark::new(), Mark::new(), false));
            fold_array_reads(&mut module, outside);
            let mut out = Vec::new();
            let mut emitter = Emitter {
                cfg: Default::default(),
                cm: cm.clone(),
                comments: None,
                wr: JsWriter::new(cm, "\n", &mut out, None),
            };
            emitter.emit_module(&module).unwrap();
            String::from_utf8(out).unwrap()
        })
    }

    #[test]
    fn literal_elements_and_length_are_folded() {
        let code = fold(
            "const t = ['a.tsx', 504, View, /x/];\nfunction View() {}\n\
             console.log(t[1], t[0], t.length, t[2], t[3], t[9]);",
            Some(&[]),
        );
        assert!(
            code.contains("console.log(504, 'a.tsx', 4, t[2], t[3], t[9])"),
            "{code}"
        );
    }

    #[test]
    fn an_array_no_longer_read_goes() {
        let code = fold(
            "const t = [1, View, () => 2], u = [f()], v = [3];
function View() {}
             console.log(t[0], u[0], v[0]);",
            Some(&[]),
        );
        assert!(
            code.contains("const u = [") && !code.contains("t = [") && !code.contains("v = ["),
            "{code}"
        );
        assert!(code.contains("console.log(1, u[0], 3)"), "{code}");
    }

    #[test]
    fn an_array_used_otherwise_or_read_outside_stays() {
        for (code, outside) in [
            (
                "const t = [1, 2]; t[0] = 5; console.log(t[0]);",
                Some(&[][..]),
            ),
            ("const t = [1, 2]; t[0]++; console.log(t[0]);", Some(&[])),
            (
                "const t = [1, 2]; delete t[0]; console.log(t[0]);",
                Some(&[]),
            ),
            (
                "const t = [1, 2]; [t[0]] = [3]; console.log(t[0]);",
                Some(&[]),
            ),
            (
                "const t = [1, 2]; for (t[0] of [3]); console.log(t[0]);",
                Some(&[]),
            ),
            ("const t = [1, 2]; f(t); console.log(t[0]);", Some(&[])),
            ("const t = [1, 2]; t.push(3); console.log(t[0]);", Some(&[])),
            (
                "const t = [1, 2]; eval('t[0] = 3'); console.log(t[0]);",
                Some(&[]),
            ),
            ("const t = [1, , 2]; console.log(t[0]);", Some(&[])),
            ("const t = [1, ...u]; console.log(t[0]);", Some(&[])),
            ("let t = [1, 2]; console.log(t[0]);", Some(&[])),
            ("const t = [1, 2]; console.log(t[0]);", Some(&["t"])),
            ("const t = [1, 2]; console.log(t[0]);", None),
        ] {
            let folded = fold(code, outside);
            assert!(folded.contains("console.log(t[0])"), "{code}\n{folded}");
        }
    }

    #[test]
    fn a_shadowing_binding_is_not_the_array() {
        let code = fold(
            "const t = [1, 2];\nfunction f(t) { return t[0]; }\nconsole.log(t[1], f([7]));",
            Some(&[]),
        );
        assert!(
            code.contains("return t[0]") && code.contains("console.log(2, f("),
            "{code}"
        );
    }
}
