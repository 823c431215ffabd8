//! Analysis: the facts about one module that the linker needs, as plain data.
//!
//! Example: for
//! ```js
//! import { a as b } from './x.js';
//! export const c = b + 1;
//! export * from './y.js';
//! ```
//! the records are `./x.js` (static) and `./y.js` (re-export); the symbols are
//! the namespace placeholder, `b` (import of `a` from record 0) and `c` (declared);
//! `c` is a local export and record 1 is a star export.
//!
//! Why: the linker binds imports to exports and picks names without ever seeing
//! an AST. Names declared in nested scopes and free names are recorded so the
//! linker can rename top-level symbols without capturing or shadowing anything.

use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::Diagnostic;
use swc_core::{
    atoms::Atom,
    common::{comments::Comments, Span, Spanned, SyntaxContext},
    ecma::{
        ast::*,
        utils::find_pat_ids,
        visit::{Visit, VisitWith},
    },
};

use crate::{
    parts::{Part, Parts},
    purity::Purity,
    EcmaContext, Loc,
};

/// Index of a top-level symbol within its module's [`ModuleInfo::symbols`].
pub type SymbolIdx = u32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// Declared by the module itself (`let`, `function`, `class`, `var`, …).
    Declared,
    /// An import binding; the payload indexes [`ModuleInfo::imports`].
    Import(u32),
    /// The value of `export default <expr>` or an anonymous default declaration.
    DefaultExport,
    /// The module's own namespace object; only emitted when something needs it.
    Namespace,
}

/// The value of a top-level `const` initialized with a short primitive literal.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    Bool(bool),
    Null,
    /// `void 0`.
    Undefined,
    /// Finite; negative from `-1`.
    Num(f64),
    Str(String),
}

// Numbers are finite (never NaN), so equality is an equivalence.
impl Eq for ConstValue {}

impl ConstValue {
    /// Strings longer than this are not copied into every module that reads them.
    const MAX_STR: usize = 16;

    /// `false`, `null`, `void 0`, `-1`, `0x10`, `"ok"` (short strings only).
    pub fn of(e: &Expr) -> Option<ConstValue> {
        match e {
            Expr::Lit(Lit::Bool(b)) => Some(ConstValue::Bool(b.value)),
            Expr::Lit(Lit::Null(_)) => Some(ConstValue::Null),
            Expr::Lit(Lit::Num(n)) if n.value.is_finite() => Some(ConstValue::Num(n.value)),
            Expr::Lit(Lit::Str(s)) => {
                let v = s.value.as_str()?;
                (v.len() <= Self::MAX_STR).then(|| ConstValue::Str(v.to_string()))
            }
            Expr::Unary(UnaryExpr {
                op: UnaryOp::Void,
                arg,
                ..
            }) if matches!(&**arg, Expr::Lit(Lit::Num(_))) => Some(ConstValue::Undefined),
            Expr::Unary(UnaryExpr {
                op: UnaryOp::Minus,
                arg,
                ..
            }) => match &**arg {
                Expr::Lit(Lit::Num(n)) if n.value.is_finite() => Some(ConstValue::Num(-n.value)),
                _ => None,
            },
            Expr::Paren(p) => ConstValue::of(&p.expr),
            _ => None,
        }
    }
}

/// A top-level `const NAME = [a, b, …]` (no holes, no spread): its length, and
/// those of its first elements that are [`ConstValue`]s. Importers that only read
/// `NAME.length` or `NAME[i]` get the value itself (rolldown folds the same
/// reads); the linker does so only when nothing could change the array: no
/// other use of it anywhere, this module's own code included.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstArray {
    pub len: usize,
    pub elements: Vec<Option<ConstValue>>,
}

impl ConstArray {
    /// Elements past this many are not recorded (their reads are not folded).
    const MAX_ELEMENTS: usize = 64;

    pub fn of(e: &Expr) -> Option<ConstArray> {
        let Expr::Array(a) = e.unwrap_parens() else {
            return None;
        };
        let mut elements = Vec::new();
        for (i, element) in a.elems.iter().enumerate() {
            let element = element.as_ref().filter(|e| e.spread.is_none())?;
            if i < Self::MAX_ELEMENTS {
                elements.push(ConstValue::of(&element.expr));
            }
        }
        Some(ConstArray {
            len: a.elems.len(),
            elements,
        })
    }

    /// The value of the read `NAME.prop` (`prop` as [`prop_name`] gives it).
    pub fn read(&self, prop: &str) -> Option<ConstValue> {
        if prop == "length" {
            return Some(ConstValue::Num(self.len as f64));
        }
        let i: usize = prop.parse().ok()?;
        // Only the canonical spelling is an index (`"01"` is not).
        (i.to_string() == prop).then(|| self.elements.get(i).cloned().flatten())?
    }
}

#[derive(Clone, Debug)]
pub struct SymbolInfo {
    pub name: String,
    pub kind: SymbolKind,
    /// The name is visible at run time: a function or class declaration, or a
    /// binding initialized with an anonymous function or class (`.name`).
    pub named_value: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// `import … from 's'` or `import 's'`.
    Static,
    /// `export … from 's'`, `export * from 's'`.
    ReExport,
    /// `import('s')`.
    Dynamic,
    /// `require('s')` with a string literal and a free `require`.
    Require,
}

/// How a module is evaluated: as an ES module (scope-hoisted) or as CommonJS
/// (wrapped in a lazy factory that receives `exports` and `module`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ModuleFormat {
    #[default]
    Esm,
    CommonJs,
}

/// What static analysis could tell about a CommonJS module's exports.
#[derive(Clone, Debug, Default)]
pub struct CjsExports {
    /// Names assigned as `exports.x =`, `module.exports.x =`, `module.exports = { x }`
    /// or defined with `Object.defineProperty(exports, "x", …)`, in first-seen order.
    pub names: Vec<String>,
    /// `module.exports = require("…")`: the record whose exports these are.
    pub reexport: Option<u32>,
    /// The module is only that statement (and directives): its exports are
    /// exactly the required module's, so what is read of them is read of it.
    pub forwards: bool,
}

#[derive(Clone, Debug)]
pub struct ImportRecord {
    pub specifier: String,
    pub kind: ImportKind,
    pub loc: Loc,
    /// A `require()` inside a `try` block of the same function: if it does not
    /// resolve, the code expects that (optional dependency), so it stays a
    /// run-time `require` with a warning, as in esbuild.
    pub in_try: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Imported {
    /// A named export; `default` is `Named("default")`.
    Named(String),
    Namespace,
}

#[derive(Clone, Debug)]
pub struct ImportBinding {
    pub symbol: SymbolIdx,
    pub record: u32,
    pub imported: Imported,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct LocalExport {
    pub exported: String,
    pub symbol: SymbolIdx,
}

#[derive(Clone, Debug)]
pub struct ReExport {
    pub exported: String,
    pub record: u32,
    pub imported: Imported,
    pub loc: Loc,
}

/// For each symbol, the parts that declare it, as one flat list (`starts[s]`
/// .. `starts[s + 1]`): tree shaking asks once per use, and scanning every part
/// for each use was quadratic in the size of a module.
#[derive(Clone, Debug, Default)]
pub struct DeclaredIn {
    starts: Vec<u32>,
    parts: Vec<u32>,
}

impl DeclaredIn {
    /// (A CommonJS module's parts keep the numbers of symbols its table no
    /// longer holds, see `keep_only_import_symbols`: the index covers them.)
    fn new(parts: &[Part], symbols: usize) -> Self {
        let highest = parts.iter().flat_map(|p| &p.declares).max();
        let symbols = symbols.max(highest.map_or(0, |&s| s as usize + 1));
        let mut counts = vec![0u32; symbols + 1];
        for s in parts.iter().flat_map(|p| &p.declares) {
            counts[*s as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut next = counts.clone();
        let mut flat = vec![0u32; *counts.last().unwrap_or(&0) as usize];
        for (i, p) in parts.iter().enumerate() {
            for s in &p.declares {
                flat[next[*s as usize] as usize] = i as u32;
                next[*s as usize] += 1;
            }
        }
        DeclaredIn {
            starts: counts,
            parts: flat,
        }
    }

    /// The parts that declare `symbol`, in order.
    pub fn parts(&self, symbol: SymbolIdx) -> &[u32] {
        let s = symbol as usize;
        match (self.starts.get(s), self.starts.get(s + 1)) {
            (Some(&a), Some(&b)) => &self.parts[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ModuleInfo {
    /// One per top-level item of the module, in order (empty for CommonJS).
    pub parts: Parts,
    /// Which parts declare each symbol (`var x` may be declared twice).
    pub declared_in: DeclaredIn,
    pub records: Vec<ImportRecord>,
    /// `symbols[0]` is always the module's namespace placeholder.
    pub symbols: Vec<SymbolInfo>,
    pub imports: Vec<ImportBinding>,
    pub exports: Vec<LocalExport>,
    pub re_exports: Vec<ReExport>,
    /// `exports` and `re_exports` by name ([`ModuleInfo::find_export`]).
    pub export_index: crate::export_index::ExportIndex,
    /// Records of `export * from`.
    pub star_exports: Vec<u32>,
    /// Import symbols used other than as `binding.staticProperty` reads.
    pub value_uses: FxHashSet<SymbolIdx>,
    /// Import symbols read as `binding.prop`, with the property names.
    pub member_uses: FxHashMap<SymbolIdx, FxHashSet<String>>,
    /// Names bound in nested scopes (and labels): a top-level symbol referenced
    /// in this module must not be renamed to one of these.
    pub nested_names: FxHashSet<String>,
    /// Free names (globals) the module reads: no top-level symbol of the bundle may take them.
    pub global_names: FxHashSet<String>,
    /// Where the first top-level `await` (or `for await`) is, if any.
    pub top_level_await: Option<Loc>,
    pub uses_import_meta: bool,
    /// A direct `eval(…)` call: the evaluated code may read any of the module's
    /// names, so its statements all stay and, with `--minify`, its top-level
    /// names keep their spelling where it is free (as in esbuild).
    pub direct_eval: bool,
    pub format: ModuleFormat,
    pub cjs_exports: CjsExports,
    /// CommonJS whose `exports`/`module` appear only in top-level export
    /// assignments: unused exports (and what only they use) can be dropped.
    pub cjs_shakeable: bool,
    /// Top-level functions declared `/*#__NO_SIDE_EFFECTS__*/`.
    pub no_side_effect_fns: Vec<SymbolIdx>,
    /// Top-level `const NAME = <primitive literal>`: other modules that import
    /// the name read the value itself (cross-module constant inlining).
    pub const_values: rustc_hash::FxHashMap<SymbolIdx, ConstValue>,
    /// Top-level `const NAME = [ … ]` that this module never reads itself.
    pub const_arrays: rustc_hash::FxHashMap<SymbolIdx, ConstArray>,
    /// Runtime helpers the module's transformed code calls.
    pub helpers: crate::load::UsedHelpers,
    pub diagnostics: Vec<Diagnostic>,
}

pub const NAMESPACE_SYMBOL: SymbolIdx = 0;

/// Separates the two names of a member use `ns.a.b` (recorded as `a␀b`).
pub const MEMBER_PATH_SEP: char = '\0';

struct Builder<'a> {
    ctx: &'a EcmaContext,
    info: ModuleInfo,
    /// `info.parts` while they are built.
    parts: Vec<Part>,
    ids: FxHashMap<Id, SymbolIdx>,
    default_symbol: Option<SymbolIdx>,
    dynamic_records: FxHashMap<RecordKey, u32>,
    /// Symbols declared while the current top-level item is processed.
    declared_now: Vec<SymbolIdx>,
    // Collected as atoms (a refcount bump per identifier, no allocation) and
    // turned into strings once at the end.
    nested: FxHashSet<Atom>,
    globals: FxHashSet<Atom>,
    /// Top-level symbols assigned somewhere (`x = …`, `x++`, `for (x of …)`).
    reassigned: FxHashSet<SymbolIdx>,
}

impl Builder<'_> {
    fn symbol(&mut self, name: String, kind: SymbolKind) -> SymbolIdx {
        let idx = self.info.symbols.len() as SymbolIdx;
        if kind != SymbolKind::Namespace {
            self.declared_now.push(idx);
        }
        self.info.symbols.push(SymbolInfo {
            name,
            kind,
            named_value: false,
        });
        idx
    }

    fn declare(&mut self, id: Id) -> SymbolIdx {
        if let Some(&idx) = self.ids.get(&id) {
            self.declared_now.push(idx);
            return idx;
        }
        let idx = self.symbol(id.0.as_str().to_owned(), SymbolKind::Declared);
        self.ids.insert(id, idx);
        idx
    }

    fn record(&mut self, src: &Str, kind: ImportKind) -> u32 {
        self.info.records.push(ImportRecord {
            specifier: src.value.to_atom_lossy().as_str().to_owned(),
            kind,
            loc: src.span.into(),
            in_try: false,
        });
        let record = (self.info.records.len() - 1) as u32;
        if let (ImportKind::Require | ImportKind::Dynamic, Some(part)) =
            (kind, self.parts.last_mut())
        {
            part.records.push(record);
        }
        record
    }

    fn error(&mut self, span: Span, code: &'static str, msg: String, help: Option<&str>) {
        let mut d = Diagnostic::error(code, msg);
        if let Some(l) = self.ctx.label(span.into()) {
            d = d.with_label(l);
        }
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.info.diagnostics.push(d);
    }

    /// Declares `id` as a binding whose name the value carries (`.name`).
    fn declare_named_value(&mut self, id: Id) -> SymbolIdx {
        let s = self.declare(id);
        self.info.symbols[s as usize].named_value = true;
        s
    }

    fn declare_decl(&mut self, decl: &Decl) -> Vec<SymbolIdx> {
        match decl {
            Decl::Class(c) => vec![self.declare_named_value(c.ident.to_id())],
            Decl::Fn(f) => vec![self.declare_named_value(f.ident.to_id())],
            Decl::Var(v) => {
                let ids: Vec<Id> = find_pat_ids(&v.decls);
                let named: Vec<Id> = v
                    .decls
                    .iter()
                    .filter(|d| d.init.as_deref().is_some_and(is_anonymous_fn_or_class))
                    .filter_map(|d| d.name.as_ident().map(|i| i.to_id()))
                    .collect();
                let symbols = ids
                    .into_iter()
                    .map(|id| match named.contains(&id) {
                        true => self.declare_named_value(id),
                        false => self.declare(id),
                    })
                    .collect();
                if v.kind == VarDeclKind::Const {
                    for d in &v.decls {
                        let (Some(i), Some(init)) = (d.name.as_ident(), d.init.as_deref()) else {
                            continue;
                        };
                        let Some(&s) = self.ids.get(&i.to_id()) else {
                            continue;
                        };
                        if let Some(value) = ConstValue::of(init) {
                            self.info.const_values.insert(s, value);
                        } else if let Some(array) = ConstArray::of(init) {
                            self.info.const_arrays.insert(s, array);
                        }
                    }
                }
                symbols
            }
            Decl::Using(u) => {
                let ids: Vec<Id> = find_pat_ids(&u.decls);
                ids.into_iter().map(|id| self.declare(id)).collect()
            }
            _ => vec![],
        }
    }
}

/// `() => {}`, `function () {}`, `class {}` (possibly parenthesized): values
/// that take their name from the binding they initialize.
fn is_anonymous_fn_or_class(e: &Expr) -> bool {
    match e {
        Expr::Arrow(_) => true,
        Expr::Fn(f) => f.ident.is_none(),
        Expr::Class(c) => c.ident.is_none(),
        Expr::Paren(p) => is_anonymous_fn_or_class(&p.expr),
        _ => false,
    }
}

fn module_export_name(n: &ModuleExportName) -> String {
    match n {
        ModuleExportName::Ident(i) => i.sym.as_str().to_owned(),
        ModuleExportName::Str(s) => s.value.to_atom_lossy().as_str().to_owned(),
    }
}

/// Where a `require("x")` / `import("x")` record is in the AST: its specifier
/// literal's start position, or, for a call a transform injected (preset-env's
/// `require("core-js/modules/…")`, which has no position), its specifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum RecordKey {
    At(u32),
    Injected(String),
}

impl RecordKey {
    pub(crate) fn of(s: &Str) -> Self {
        if s.span.is_dummy() {
            RecordKey::Injected(s.value.to_atom_lossy().as_str().to_owned())
        } else {
            RecordKey::At(s.span.lo.0)
        }
    }
}

/// What analysis hands back: the facts, plus what rendering needs to find
/// symbols and records in the AST again.
pub(crate) struct Analysis {
    pub ids: FxHashMap<Id, SymbolIdx>,
    pub default_symbol: Option<SymbolIdx>,
    pub dynamic_records: FxHashMap<RecordKey, u32>,
    pub info: ModuleInfo,
}

pub(crate) fn analyze(
    ctx: &EcmaContext,
    module: &Module,
    unresolved: SyntaxContext,
    name_hint: &str,
    force_cjs: bool,
    comments: &dyn Comments,
) -> Analysis {
    let mut b = Builder {
        ctx,
        info: ModuleInfo::default(),
        parts: Vec::new(),
        ids: FxHashMap::default(),
        default_symbol: None,
        dynamic_records: FxHashMap::default(),
        declared_now: Vec::new(),
        nested: FxHashSet::default(),
        globals: FxHashSet::default(),
        reassigned: FxHashSet::default(),
    };
    b.symbol(format!("{name_hint}_exports"), SymbolKind::Namespace);

    // Pass 1: declarations, imports and exports at the top level.
    let mut local_specifiers: Vec<(Ident, String)> = Vec::new();
    let mut declares: Vec<Vec<SymbolIdx>> = Vec::with_capacity(module.body.len());
    for item in &module.body {
        declares.push(std::mem::take(&mut b.declared_now));
        match item {
            ModuleItem::ModuleDecl(decl) => match decl {
                ModuleDecl::Import(import) => {
                    if import.type_only {
                        continue;
                    }
                    let record = b.record(&import.src, ImportKind::Static);
                    for spec in &import.specifiers {
                        let (local, imported) = match spec {
                            ImportSpecifier::Named(n) => (
                                &n.local,
                                Imported::Named(
                                    n.imported
                                        .as_ref()
                                        .map(module_export_name)
                                        .unwrap_or_else(|| n.local.sym.as_str().to_owned()),
                                ),
                            ),
                            ImportSpecifier::Default(d) => {
                                (&d.local, Imported::Named("default".into()))
                            }
                            ImportSpecifier::Namespace(n) => (&n.local, Imported::Namespace),
                        };
                        let binding = b.info.imports.len() as u32;
                        let symbol =
                            b.symbol(local.sym.as_str().to_owned(), SymbolKind::Import(binding));
                        b.ids.insert(local.to_id(), symbol);
                        b.info.imports.push(ImportBinding {
                            symbol,
                            record,
                            imported,
                            loc: spec.span().into(),
                        });
                    }
                }
                ModuleDecl::ExportDecl(e) => {
                    for symbol in b.declare_decl(&e.decl) {
                        let exported = b.info.symbols[symbol as usize].name.clone();
                        b.info.exports.push(LocalExport { exported, symbol });
                    }
                }
                ModuleDecl::ExportNamed(e) => match &e.src {
                    Some(src) => {
                        if e.type_only {
                            continue;
                        }
                        let record = b.record(src, ImportKind::ReExport);
                        for spec in &e.specifiers {
                            let (exported, imported) = match spec {
                                ExportSpecifier::Named(n) => {
                                    let orig = module_export_name(&n.orig);
                                    let exported = n
                                        .exported
                                        .as_ref()
                                        .map(module_export_name)
                                        .unwrap_or_else(|| orig.clone());
                                    (exported, Imported::Named(orig))
                                }
                                ExportSpecifier::Namespace(n) => {
                                    (module_export_name(&n.name), Imported::Namespace)
                                }
                                ExportSpecifier::Default(d) => (
                                    d.exported.sym.as_str().to_owned(),
                                    Imported::Named("default".into()),
                                ),
                            };
                            b.info.re_exports.push(ReExport {
                                exported,
                                record,
                                imported,
                                loc: spec.span().into(),
                            });
                        }
                    }
                    None => {
                        for spec in &e.specifiers {
                            if let ExportSpecifier::Named(n) = spec {
                                if let ModuleExportName::Ident(orig) = &n.orig {
                                    let exported = n
                                        .exported
                                        .as_ref()
                                        .map(module_export_name)
                                        .unwrap_or_else(|| orig.sym.as_str().to_owned());
                                    local_specifiers.push((orig.clone(), exported));
                                }
                            }
                        }
                    }
                },
                ModuleDecl::ExportDefaultDecl(e) => {
                    let ident = match &e.decl {
                        DefaultDecl::Class(c) => c.ident.as_ref(),
                        DefaultDecl::Fn(f) => f.ident.as_ref(),
                        DefaultDecl::TsInterfaceDecl(_) => continue,
                    };
                    let symbol = match ident {
                        Some(i) => b.declare_named_value(i.to_id()),
                        None => {
                            let s =
                                b.symbol(format!("{name_hint}_default"), SymbolKind::DefaultExport);
                            b.default_symbol = Some(s);
                            s
                        }
                    };
                    b.info.exports.push(LocalExport {
                        exported: "default".into(),
                        symbol,
                    });
                }
                ModuleDecl::ExportDefaultExpr(_) => {
                    let s = b.symbol(format!("{name_hint}_default"), SymbolKind::DefaultExport);
                    b.default_symbol = Some(s);
                    b.info.exports.push(LocalExport {
                        exported: "default".into(),
                        symbol: s,
                    });
                }
                ModuleDecl::ExportAll(e) => {
                    if e.type_only {
                        continue;
                    }
                    let record = b.record(&e.src, ImportKind::ReExport);
                    b.info.star_exports.push(record);
                }
                _ => {}
            },
            ModuleItem::Stmt(stmt) => match stmt {
                Stmt::Decl(d) => {
                    b.declare_decl(d);
                }
                _ => {
                    // `var` inside top-level blocks and loops binds at the top level.
                    let mut hoisted = HoistedVars::<Id>(Vec::new());
                    stmt.visit_with(&mut hoisted);
                    for id in hoisted.0 {
                        b.declare(id);
                    }
                }
            },
        }
    }
    for (orig, exported) in local_specifiers {
        match b.ids.get(&orig.to_id()).copied() {
            Some(symbol) => b.info.exports.push(LocalExport { exported, symbol }),
            None => b.error(
                orig.span,
                "E_EXPORT_UNDECLARED",
                format!("`{}` is exported but not declared in this module", orig.sym),
                None,
            ),
        }
    }

    declares.push(std::mem::take(&mut b.declared_now));
    // What each item declared is what was collected after it (the first entry
    // is what came before the first item: nothing).
    declares.remove(0);

    // Pass 2: every use of every identifier, item by item.
    let no_side_effect_fns: Vec<Id> = module
        .body
        .iter()
        .filter_map(|item| {
            let (lo, f) = match item {
                ModuleItem::Stmt(Stmt::Decl(Decl::Fn(f))) => (f.function.span.lo, f),
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl {
                    span,
                    decl: Decl::Fn(f),
                })) => (span.lo, f),
                _ => return None,
            };
            (comments.has_flag(lo, "NO_SIDE_EFFECTS")
                || comments.has_flag(f.function.span.lo, "NO_SIDE_EFFECTS"))
            .then(|| f.ident.to_id())
        })
        .collect();
    b.info.no_side_effect_fns = no_side_effect_fns
        .iter()
        .filter_map(|id| b.ids.get(id).copied())
        .collect();
    let mut cjs_refs = 0u32;
    let helper_ctxt = ctx.helper_ctxt();
    // One part per item: grown a push at a time, the parts (each ~180 bytes)
    // were copied on every doubling, a quarter of `analyze` in the 10k app.
    b.parts.reserve_exact(module.body.len());
    for (item, declared) in module.body.iter().zip(declares) {
        let purity = Purity::new(unresolved, &b.ids, comments, &no_side_effect_fns);
        let side_effects = purity.item_has_side_effects(item);
        let mut pure_if_calls_pure = purity.assumed_pure_calls.into_inner();
        pure_if_calls_pure.sort_unstable();
        pure_if_calls_pure.dedup();
        b.parts.push(Part {
            declares: declared,
            // Only meaningful when the statement is otherwise pure.
            pure_if_calls_pure: if side_effects {
                Vec::new()
            } else {
                pure_if_calls_pure
            },
            side_effects,
            ..Default::default()
        });
        let mut uses = Uses {
            b: &mut b,
            unresolved,
            fn_depth: 0,
            this_depth: 0,
            cjs_refs: 0,
            helper_ctxt,
            try_depth: 0,
            dead_depth: 0,
            writing: false,
        };
        item.visit_with(&mut uses);
        cjs_refs += uses.cjs_refs;
    }
    alias_default_export(module, &mut b);
    drop_const_arrays_read_here(&mut b);
    if b.info.direct_eval {
        for part in &mut b.parts {
            part.side_effects = true;
        }
    }
    for part in &mut b.parts {
        part.uses.sort_unstable();
        part.uses.dedup();
        part.value_uses.sort_unstable();
        part.value_uses.dedup();
    }
    // A module without import/export syntax that touches `module` or `exports`
    // is CommonJS (as are `.cjs` files and JSON). Its top-level scope becomes the
    // body of a factory function, so its names are local there: nothing to rename,
    // but nothing bundle-level may take those names inside it either.
    let has_esm_syntax = module
        .body
        .iter()
        .any(|i| matches!(i, ModuleItem::ModuleDecl(_)))
        || b.info.uses_import_meta
        || b.info.top_level_await.is_some();
    let touches_cjs = ["module", "exports"]
        .iter()
        .any(|n| b.globals.contains(&Atom::from(*n)));
    // `import` without `export` in a file that assigns `module.exports`: CommonJS
    // whose imports are bound like any other (as esbuild and rolldown treat it).
    let has_export_syntax = module
        .body
        .iter()
        .any(|i| matches!(i, ModuleItem::ModuleDecl(d) if !matches!(d, ModuleDecl::Import(_))))
        || b.info.uses_import_meta
        || b.info.top_level_await.is_some();
    let mixed = has_esm_syntax && !has_export_syntax && touches_cjs;
    if force_cjs || (!has_esm_syntax && touches_cjs) || mixed {
        b.info.format = ModuleFormat::CommonJs;
        let purity = Purity::new(unresolved, &b.ids, comments, &no_side_effect_fns);
        let expected_refs = cjs_export_parts(
            module,
            &mut b.parts,
            &purity,
            &b.info.no_side_effect_fns.clone(),
            unresolved,
        );
        b.info.cjs_shakeable = !mixed && expected_refs == Some(cjs_refs);
        keep_only_import_symbols(&mut b);
        b.info.cjs_exports = cjs_exports(module, &b.info.records, unresolved);
    }
    // Factories whose calls are pure (`pure_factories.rs`) count as
    // `/*#__NO_SIDE_EFFECTS__*/` functions unless something assigns them. Calls
    // of them in this module went through `pure_if_calls_pure` like imports.
    // (ES modules: a CommonJS module's own names leave the symbol table.)
    let factories = match b.info.format {
        ModuleFormat::Esm => crate::pure_factories::pure_factories(&module.body),
        ModuleFormat::CommonJs => Vec::new(),
    };
    for id in factories {
        if let Some(&s) = b.ids.get(&id) {
            if !b.reassigned.contains(&s) && !b.info.no_side_effect_fns.contains(&s) {
                b.info.no_side_effect_fns.push(s);
            }
        }
    }
    b.info.declared_in = DeclaredIn::new(&b.parts, b.info.symbols.len());
    b.info.parts = Parts::new(std::mem::take(&mut b.parts));
    b.info.nested_names = b.nested.iter().map(|a| a.as_str().to_owned()).collect();
    b.info.global_names = b.globals.iter().map(|a| a.as_str().to_owned()).collect();
    b.info.index_exports();
    Analysis {
        ids: b.ids,
        default_symbol: b.default_symbol,
        dynamic_records: b.dynamic_records,
        info: b.info,
    }
}

/// `function f() {} export default f;`: the default export is `f` itself
/// rather than a variable holding its value at the export (`var x_default = f`),
/// when that is the same thing: `f` is the module's own, declared by one
/// statement before the export, and never assigned. Importers then read `f`,
/// and the export statement, unused, is tree-shaken (as Rollup does).
fn alias_default_export(module: &Module, b: &mut Builder) {
    let Some(at) = module.body.iter().position(|item| {
        matches!(
            item,
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(_))
        )
    }) else {
        return;
    };
    let ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(e)) = &module.body[at] else {
        return;
    };
    let Expr::Ident(i) = e.expr.unwrap_parens() else {
        return;
    };
    let Some(&target) = b.ids.get(&i.to_id()) else {
        return;
    };
    let declared_in: Vec<usize> = b
        .parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.declares.contains(&target))
        .map(|(j, _)| j)
        .collect();
    let own = b.info.symbols[target as usize].kind == SymbolKind::Declared;
    if !own || b.reassigned.contains(&target) || declared_in.len() != 1 || declared_in[0] >= at {
        return;
    }
    let default = b.default_symbol;
    for export in &mut b.info.exports {
        if export.exported == "default" && Some(export.symbol) == default {
            export.symbol = target;
        }
    }
}

/// A constant array that this module's own code reads could be changed by it
/// (`NAME.push(x)`), or handed to code that does: it is not folded. The
/// statement `export default NAME`, when the default export is `NAME` itself
/// (`alias_default_export`), reads nothing at run time.
fn drop_const_arrays_read_here(b: &mut Builder) {
    if b.info.const_arrays.is_empty() {
        return;
    }
    let aliased = b
        .info
        .exports
        .iter()
        .find(|e| e.exported == "default" && Some(e.symbol) != b.default_symbol)
        .map(|e| e.symbol);
    let default_symbol = b.default_symbol;
    let info = &mut b.info;
    // One pass over the uses (not one per array: a data module may hold thousands).
    for p in &b.parts {
        let export_statement = default_symbol.is_some_and(|d| p.declares == [d]);
        for s in &p.uses {
            if !(export_statement && aliased == Some(*s)) {
                info.const_arrays.remove(s);
            }
        }
    }
}

/// A CommonJS module's own top-level names are local to its factory: they leave
/// the symbol table (and become nested names). Its import bindings, if it has
/// any, stay: the linker binds and names them like any module's.
fn keep_only_import_symbols(b: &mut Builder) {
    let old = std::mem::take(&mut b.info.symbols);
    let mut remap: FxHashMap<SymbolIdx, SymbolIdx> = FxHashMap::default();
    for (i, sym) in old.into_iter().enumerate() {
        if i == 0 || matches!(sym.kind, SymbolKind::Import(_)) {
            remap.insert(i as SymbolIdx, b.info.symbols.len() as SymbolIdx);
            b.info.symbols.push(sym);
        } else {
            b.nested.insert(Atom::from(sym.name));
        }
    }
    for binding in &mut b.info.imports {
        binding.symbol = remap[&binding.symbol];
    }
    b.ids.retain(|_, s| remap.contains_key(s));
    for s in b.ids.values_mut() {
        *s = remap[s];
    }
    b.info.value_uses = b
        .info
        .value_uses
        .iter()
        .filter_map(|s| remap.get(s).copied())
        .collect();
    b.info.member_uses = std::mem::take(&mut b.info.member_uses)
        .into_iter()
        .filter_map(|(s, props)| remap.get(&s).map(|&n| (n, props)))
        .collect();
    b.info.exports.clear();
    b.info.no_side_effect_fns.clear();
    b.info.const_values.clear();
    b.info.const_arrays.clear();
}

/// `eval` not bound in the module: a call to it is a direct eval.
fn is_free_eval(callee: &Expr, unresolved: SyntaxContext) -> bool {
    matches!(callee, Expr::Ident(i) if &*i.sym == "eval" && i.ctxt == unresolved)
}

fn is_free_require(e: &Expr, unresolved: SyntaxContext) -> bool {
    matches!(e, Expr::Ident(i) if i.sym == "require" && i.ctxt == unresolved)
}

fn is_free(e: &Expr, name: &str, unresolved: SyntaxContext) -> bool {
    matches!(e, Expr::Ident(i) if i.sym == name && i.ctxt == unresolved)
}

/// `exports` or `module.exports`.
fn is_exports_object(e: &Expr, unresolved: SyntaxContext) -> bool {
    is_free(e, "exports", unresolved)
        || matches!(e, Expr::Member(m) if is_free(&m.obj, "module", unresolved)
            && matches!(&m.prop, MemberProp::Ident(p) if p.sym == "exports"))
}

/// A member's name: `a`, `["a"]`; `None` when computed from something else.
pub(crate) fn prop_name(p: &MemberProp) -> Option<String> {
    match p {
        MemberProp::Ident(i) => Some(i.sym.as_str().to_owned()),
        MemberProp::Computed(ComputedPropName { expr, .. }) => match &**expr {
            Expr::Lit(Lit::Str(s)) => Some(s.value.to_atom_lossy().as_str().to_owned()),
            // `a[0]` reads `a["0"]`.
            Expr::Lit(Lit::Num(n)) if n.value.fract() == 0.0 && (0.0..1e15).contains(&n.value) => {
                Some((n.value as u64).to_string())
            }
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    }
}

/// Static exports of a CommonJS module, from its top-level statements (and the
/// top level of `if` branches, which is where `module.exports = require(…)` lives
/// in packages such as React).
fn cjs_exports(module: &Module, records: &[ImportRecord], unresolved: SyntaxContext) -> CjsExports {
    let mut out = CjsExports::default();
    let add = |out: &mut CjsExports, n: String| {
        if n != "__esModule" && !out.names.contains(&n) {
            out.names.push(n);
        }
    };
    let mut stmts: Vec<&Stmt> = module
        .body
        .iter()
        .filter_map(|i| match i {
            ModuleItem::Stmt(s) => Some(s),
            _ => None,
        })
        .collect();
    let mut i = 0;
    while i < stmts.len() {
        let stmt = stmts[i];
        i += 1;
        let expr = match stmt {
            Stmt::Expr(e) => &*e.expr,
            Stmt::If(s) => {
                stmts.push(&s.cons);
                if let Some(alt) = &s.alt {
                    stmts.push(alt);
                }
                continue;
            }
            Stmt::Block(b) => {
                stmts.extend(b.stmts.iter());
                continue;
            }
            _ => continue,
        };
        let exprs: Vec<&Expr> = match expr {
            Expr::Seq(s) => s.exprs.iter().map(|e| &**e).collect(),
            e => vec![e],
        };
        for e in exprs {
            match e {
                Expr::Assign(AssignExpr {
                    left: AssignTarget::Simple(SimpleAssignTarget::Member(m)),
                    right,
                    ..
                }) => {
                    if is_exports_object(&m.obj, unresolved) {
                        if let Some(n) = prop_name(&m.prop) {
                            add(&mut out, n);
                        }
                    } else if is_free(&m.obj, "module", unresolved)
                        && matches!(&m.prop, MemberProp::Ident(p) if p.sym == "exports")
                    {
                        match &**right {
                            Expr::Object(o) => {
                                for p in &o.props {
                                    if let PropOrSpread::Prop(p) = p {
                                        let key = match &**p {
                                            Prop::Shorthand(i) => Some(i.sym.as_str().to_owned()),
                                            Prop::KeyValue(kv) => prop_key(&kv.key),
                                            Prop::Method(m) => prop_key(&m.key),
                                            Prop::Getter(g) => prop_key(&g.key),
                                            _ => None,
                                        };
                                        if let Some(k) = key {
                                            add(&mut out, k);
                                        }
                                    }
                                }
                            }
                            Expr::Call(c) => {
                                if let (Callee::Expr(callee), [ExprOrSpread { expr: arg, .. }]) =
                                    (&c.callee, c.args.as_slice())
                                {
                                    if let (true, Expr::Lit(Lit::Str(s))) =
                                        (is_free_require(callee, unresolved), &**arg)
                                    {
                                        out.reexport = records
                                            .iter()
                                            .position(|r| {
                                                r.kind == ImportKind::Require
                                                    && r.loc == Loc::from(s.span)
                                            })
                                            .map(|r| r as u32);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Expr::Call(c) => {
                    // Object.defineProperty(exports, "x", …)
                    if let (Callee::Expr(callee), [target, name, ..]) =
                        (&c.callee, c.args.as_slice())
                    {
                        let is_define = matches!(&**callee, Expr::Member(m) if is_free(&m.obj, "Object", unresolved)
                            && matches!(&m.prop, MemberProp::Ident(p) if p.sym == "defineProperty"));
                        if is_define && is_exports_object(&target.expr, unresolved) {
                            if let Expr::Lit(Lit::Str(s)) = &*name.expr {
                                add(&mut out, s.value.to_atom_lossy().as_str().to_owned());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out.forwards = out.reexport.is_some() && out.names.is_empty() && only_one_statement(module);
    out
}

/// Whether `module` is one statement besides directives (a block of one
/// statement counts as that statement: what a folded `if` leaves).
fn only_one_statement(module: &Module) -> bool {
    let mut rest = module.body.iter().filter(|i| {
        !matches!(i, ModuleItem::Stmt(Stmt::Expr(e)) if matches!(&*e.expr, Expr::Lit(Lit::Str(_))))
    });
    let single = |s: &Stmt| match s {
        Stmt::Block(b) => b.stmts.len() == 1 && matches!(b.stmts[0], Stmt::Expr(_)),
        s => matches!(s, Stmt::Expr(_)),
    };
    matches!((rest.next(), rest.next()), (Some(ModuleItem::Stmt(s)), None) if single(s))
}

/// Marks the CommonJS export statements among `parts` (their names, and side
/// effects judged by the assigned values only). Returns how many `exports`/`module`
/// references those statements account for, or `None` when one can't be read.
fn cjs_export_parts(
    module: &Module,
    parts: &mut [Part],
    purity: &Purity,
    no_side_effect_fns: &[SymbolIdx],
    unresolved: SyntaxContext,
) -> Option<u32> {
    let mut refs = 0;
    for (item, part) in module.body.iter().zip(parts.iter_mut()) {
        let ModuleItem::Stmt(Stmt::Expr(ExprStmt { expr, .. })) = item else {
            continue;
        };
        let mut names = Vec::new();
        let mut values: Vec<&Expr> = Vec::new();
        let mut e: &Expr = expr;
        // `exports.a = exports.b = value`
        loop {
            match e {
                Expr::Assign(AssignExpr {
                    op: AssignOp::Assign,
                    left: AssignTarget::Simple(SimpleAssignTarget::Member(m)),
                    right,
                    ..
                }) if is_exports_object(&m.obj, unresolved) => {
                    names.push(prop_name(&m.prop)?);
                    refs += 1;
                    e = right;
                }
                _ => break,
            }
        }
        if !names.is_empty() {
            values.push(e);
        } else if let Expr::Call(c) = &**expr {
            // Object.defineProperty(exports, "a", descriptor)
            let (Callee::Expr(callee), [target, name, descriptor]) = (&c.callee, c.args.as_slice())
            else {
                continue;
            };
            let is_define = matches!(&**callee, Expr::Member(m) if is_free(&m.obj, "Object", unresolved)
                && matches!(&m.prop, MemberProp::Ident(p) if p.sym == "defineProperty"));
            if !is_define || !is_exports_object(&target.expr, unresolved) {
                continue;
            }
            let Expr::Lit(Lit::Str(s)) = &*name.expr else {
                continue;
            };
            names.push(s.value.to_atom_lossy().as_str().to_owned());
            refs += 1;
            values.push(&descriptor.expr);
        } else {
            continue;
        }
        // Calls of local functions count as pure only if they are marked so.
        purity.assumed_pure_calls.borrow_mut().clear();
        let pure = values.iter().all(|v| purity.expr_is_pure(v))
            && purity
                .assumed_pure_calls
                .borrow()
                .iter()
                .all(|s| no_side_effect_fns.contains(s));
        part.side_effects = !pure;
        part.cjs_exports = names;
    }
    Some(refs)
}

fn prop_key(k: &PropName) -> Option<String> {
    match k {
        PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
        PropName::Str(s) => Some(s.value.to_atom_lossy().as_str().to_owned()),
        _ => None,
    }
}

/// Collects `var` bindings that are not inside a function (as `Id`s or `Ident`s).
pub(crate) struct HoistedVars<I>(pub(crate) Vec<I>);

impl<I: swc_core::ecma::utils::ident::IdentLike> Visit for HoistedVars<I> {
    fn visit_var_decl(&mut self, v: &VarDecl) {
        if v.kind == VarDeclKind::Var {
            self.0.extend(find_pat_ids::<_, I>(&v.decls));
        }
        v.visit_children_with(self);
    }
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_class(&mut self, _: &Class) {}
}

struct Uses<'a, 'b> {
    b: &'a mut Builder<'b>,
    unresolved: SyntaxContext,
    fn_depth: u32,
    /// Depth of non-arrow functions and classes (where `this` is not the module's).
    this_depth: u32,
    /// Free `exports`/`module` references, plus top-level `this` (which is `exports` in CommonJS).
    cjs_refs: u32,
    /// The context of references to runtime helpers (computed once: it takes a lock).
    helper_ctxt: SyntaxContext,
    /// Nesting of `try` blocks in the current function.
    try_depth: u32,
    /// Inside the `catch` of an empty `try {}`: code that never runs, whose
    /// `require()`/`import()` are not followed (esbuild drops such a clause).
    dead_depth: u32,
    /// Visiting a member expression that is written (`a.b.c = …`, `a.b.c++`,
    /// `delete a.b.c`): no two-level member use is recorded for it.
    writing: bool,
}

impl Uses<'_, '_> {
    /// Import `s` read as `s.p` (or `s.a.b`, path `p`), through `props`
    /// (whose computed keys are still visited).
    fn member_use(&mut self, s: SymbolIdx, p: String, props: &[&MemberProp]) {
        let part = self.part();
        part.uses.push(s);
        part.member_uses.push((s, p.clone()));
        self.b.info.member_uses.entry(s).or_default().insert(p);
        for prop in props {
            if let MemberProp::Computed(c) = prop {
                c.visit_with(self);
            }
        }
    }

    /// The part of the top-level item being visited.
    fn part(&mut self) -> &mut Part {
        self.b
            .parts
            .last_mut()
            .expect("items are visited one by one")
    }

    fn import_symbol(&self, i: &Ident) -> Option<SymbolIdx> {
        let s = *self.b.ids.get(&i.to_id())?;
        matches!(self.b.info.symbols[s as usize].kind, SymbolKind::Import(_)).then_some(s)
    }

    fn check_assign_ident(&mut self, i: &Ident) {
        if let Some(&s) = self.b.ids.get(&i.to_id()) {
            self.b.reassigned.insert(s);
        }
        if self.import_symbol(i).is_some() {
            self.b.error(
                i.span,
                "E_ASSIGN_TO_IMPORT",
                format!("Cannot assign to `{}` because it is an import", i.sym),
                Some("imports are read-only views of another module's export; export a setter function from that module instead"),
            );
        }
    }

    fn check_assign_member(&mut self, m: &MemberExpr) {
        if let Expr::Ident(obj) = &*m.obj {
            if let Some(s) = self.import_symbol(obj) {
                let b = &self.b.info.imports;
                let is_ns = b
                    .iter()
                    .any(|i| i.symbol == s && i.imported == Imported::Namespace);
                if is_ns {
                    self.b.error(
                        m.span,
                        "E_ASSIGN_TO_IMPORT",
                        format!(
                            "Cannot assign to a property of the namespace import `{}`",
                            obj.sym
                        ),
                        Some("module namespace objects are read-only"),
                    );
                }
            }
        }
    }
}

impl Visit for Uses<'_, '_> {
    // Import and export declarations were handled in pass 1; only bodies remain.
    fn visit_module_decl(&mut self, decl: &ModuleDecl) {
        match decl {
            ModuleDecl::ExportDecl(e) => e.decl.visit_with(self),
            ModuleDecl::ExportDefaultDecl(e) => e.decl.visit_with(self),
            ModuleDecl::ExportDefaultExpr(e) => e.expr.visit_with(self),
            _ => {}
        }
    }

    /// A declarator's own name is no use of it: in `const unused = f()`, nothing
    /// uses `unused` (the linker drops the name and keeps `f()`, see
    /// `Liveness::used`). Names in patterns still count; a nested declarator's
    /// name is recorded as a nested name (`visit_ident`).
    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        let top_level = |b: &BindingIdent| self.b.ids.contains_key(&b.id.to_id());
        if !matches!(&d.name, Pat::Ident(b) if top_level(b)) {
            d.name.visit_with(self);
        }
        d.init.visit_with(self);
    }

    fn visit_ident(&mut self, i: &Ident) {
        if let Some(s) = self.b.ids.get(&i.to_id()).copied() {
            let is_import = matches!(self.b.info.symbols[s as usize].kind, SymbolKind::Import(_));
            let part = self.part();
            part.uses.push(s);
            if is_import {
                part.value_uses.push(s);
                self.b.info.value_uses.insert(s);
            }
        } else if i.ctxt == self.unresolved {
            if i.sym == "exports" || i.sym == "module" {
                self.cjs_refs += 1;
            }
            self.b.globals.insert(i.sym.clone());
        } else if i.ctxt == self.helper_ctxt {
            // A helper is declared once per output, at its top level: like a global,
            // no top-level symbol of the output may take its name.
            self.b.globals.insert(i.sym.clone());
        } else {
            self.b.nested.insert(i.sym.clone());
        }
    }

    fn visit_simple_assign_target(&mut self, t: &SimpleAssignTarget) {
        let writing = std::mem::replace(&mut self.writing, true);
        t.visit_children_with(self);
        self.writing = writing;
    }

    fn visit_pat(&mut self, p: &Pat) {
        // `[ns.a.b] = list`: a member written through a pattern.
        let writing = self.writing;
        self.writing = writing || matches!(p, Pat::Expr(_));
        p.visit_children_with(self);
        self.writing = writing;
    }

    fn visit_unary_expr(&mut self, u: &UnaryExpr) {
        let writing = self.writing;
        self.writing = writing || u.op == UnaryOp::Delete;
        u.visit_children_with(self);
        self.writing = writing;
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        // `ns.a.b`, read: a use of the path `a` `b` (`MEMBER_PATH_SEP` between),
        // so that `export * as a` of another module needs no namespace object
        // when only its members are read.
        if let (Expr::Member(inner), false) = (&*m.obj, self.writing) {
            if let Expr::Ident(obj) = &*inner.obj {
                if let (Some(s), Some(a), Some(b)) = (
                    self.import_symbol(obj),
                    prop_name(&inner.prop),
                    prop_name(&m.prop),
                ) {
                    self.member_use(
                        s,
                        format!("{a}{MEMBER_PATH_SEP}{b}"),
                        &[&inner.prop, &m.prop],
                    );
                    return;
                }
            }
        }
        if let Expr::Ident(obj) = &*m.obj {
            if let Some(s) = self.import_symbol(obj) {
                if let Some(p) = prop_name(&m.prop) {
                    // `x.p = v`, `delete x.p`: the object itself is changed.
                    if self.writing {
                        self.visit_ident(obj);
                    }
                    self.member_use(s, p, &[&m.prop]);
                    return;
                }
            }
        }
        m.visit_children_with(self);
    }

    // `ns?.x`: rendering rewrites plain member reads only, so an optional member
    // read of an import uses the binding as a value (a namespace object is built).
    fn visit_opt_chain_expr(&mut self, o: &OptChainExpr) {
        if let OptChainBase::Member(m) = &*o.base {
            if let Expr::Ident(obj) = &*m.obj {
                if self.import_symbol(obj).is_some() {
                    self.visit_ident(obj);
                    m.prop.visit_with(self);
                    return;
                }
            }
        }
        o.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i)) => self.check_assign_ident(&i.id),
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => self.check_assign_member(m),
            AssignTarget::Pat(p) => {
                let ids: Vec<Ident> = find_pat_ids(p);
                for i in ids {
                    self.check_assign_ident(&i);
                }
            }
            _ => {}
        }
        a.visit_children_with(self);
    }

    fn visit_update_expr(&mut self, u: &UpdateExpr) {
        match &*u.arg {
            Expr::Ident(i) => self.check_assign_ident(i),
            Expr::Member(m) => self.check_assign_member(m),
            _ => {}
        }
        let writing = std::mem::replace(&mut self.writing, true);
        u.visit_children_with(self);
        self.writing = writing;
    }

    fn visit_for_in_stmt(&mut self, s: &ForInStmt) {
        if let ForHead::Pat(p) = &s.left {
            let ids: Vec<Ident> = find_pat_ids(&**p);
            for i in ids {
                self.check_assign_ident(&i);
            }
        }
        s.visit_children_with(self);
    }

    fn visit_for_of_stmt(&mut self, s: &ForOfStmt) {
        if s.is_await && self.fn_depth == 0 && self.b.info.top_level_await.is_none() {
            self.b.info.top_level_await = Some(s.span.into());
        }
        if let ForHead::Pat(p) = &s.left {
            let ids: Vec<Ident> = find_pat_ids(&**p);
            for i in ids {
                self.check_assign_ident(&i);
            }
        }
        s.visit_children_with(self);
    }

    fn visit_await_expr(&mut self, a: &AwaitExpr) {
        if self.fn_depth == 0 && self.b.info.top_level_await.is_none() {
            self.b.info.top_level_await = Some(a.span.into());
        }
        a.visit_children_with(self);
    }

    fn visit_function(&mut self, f: &Function) {
        self.fn_depth += 1;
        self.this_depth += 1;
        let try_depth = std::mem::take(&mut self.try_depth);
        f.visit_children_with(self);
        self.try_depth = try_depth;
        self.this_depth -= 1;
        self.fn_depth -= 1;
    }

    fn visit_try_stmt(&mut self, t: &TryStmt) {
        self.try_depth += 1;
        t.block.visit_with(self);
        self.try_depth -= 1;
        let dead = t.block.stmts.is_empty();
        self.dead_depth += dead as u32;
        t.handler.visit_with(self);
        self.dead_depth -= dead as u32;
        t.finalizer.visit_with(self);
    }

    fn visit_this_expr(&mut self, _: &ThisExpr) {
        if self.this_depth == 0 {
            // Counted as a reference no export assignment accounts for.
            self.cjs_refs += 1;
        }
    }

    fn visit_arrow_expr(&mut self, f: &ArrowExpr) {
        self.fn_depth += 1;
        let try_depth = std::mem::take(&mut self.try_depth);
        f.visit_children_with(self);
        self.try_depth = try_depth;
        self.fn_depth -= 1;
    }

    fn visit_class(&mut self, c: &Class) {
        // Class field initializers and static blocks are function-like for `await`.
        self.fn_depth += 1;
        self.this_depth += 1;
        c.visit_children_with(self);
        self.this_depth -= 1;
        self.fn_depth -= 1;
    }

    fn visit_meta_prop_expr(&mut self, m: &MetaPropExpr) {
        if m.kind == MetaPropKind::ImportMeta {
            self.b.info.uses_import_meta = true;
        }
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        let literal = match c.args.as_slice() {
            [ExprOrSpread { spread: None, expr }] => match &**expr {
                Expr::Lit(Lit::Str(s)) => Some(s),
                _ => None,
            },
            // `import("./x.json", { with: { type: "json" } })`: the options do not
            // change which module is loaded.
            [ExprOrSpread { spread: None, expr }, ExprOrSpread { spread: None, .. }]
                if matches!(c.callee, Callee::Import(_)) =>
            {
                match &**expr {
                    Expr::Lit(Lit::Str(s)) => Some(s),
                    _ => None,
                }
            }
            _ => None,
        };
        let literal = literal.filter(|_| self.dead_depth == 0);
        match (&c.callee, literal) {
            (Callee::Import(_), Some(s)) => {
                let record = self.b.record(s, ImportKind::Dynamic);
                self.b.dynamic_records.insert(RecordKey::of(s), record);
            }
            (Callee::Expr(callee), _) if is_free_eval(callee, self.unresolved) => {
                self.b.info.direct_eval = true;
            }
            (Callee::Expr(callee), Some(s)) if is_free_require(callee, self.unresolved) => {
                // A static `require("x")` becomes a record; the `require` itself is
                // not a use of the global (so no run-time `require` is needed for it).
                let record = self.b.record(s, ImportKind::Require);
                self.b.info.records[record as usize].in_try = self.try_depth > 0;
                self.b.dynamic_records.insert(RecordKey::of(s), record);
                return;
            }
            _ => {}
        }
        c.visit_children_with(self);
    }

    fn visit_labeled_stmt(&mut self, s: &LabeledStmt) {
        self.b.nested.insert(s.label.sym.clone());
        s.body.visit_with(self);
    }
    fn visit_break_stmt(&mut self, _: &BreakStmt) {}
    fn visit_continue_stmt(&mut self, _: &ContinueStmt) {}
}
