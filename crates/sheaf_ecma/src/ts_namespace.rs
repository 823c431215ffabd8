//! TypeScript namespace merging: a `namespace N {}` block that refers, unqualified,
//! to a member exported by another `namespace N {}` block reads `N.member`, as
//! tsc emits it.
//!
//! Example:
//! ```ts
//! namespace N { export const a = 1; }
//! namespace N { export const b = a + 1; }   // `a` is N.a
//! ```
//! SWC's strip emits the second block with a bare `a` (a `ReferenceError`); this
//! pass, run after `resolver` and before the strip, rewrites it to `N.a`.
//!
//! Why after `resolver`: a name declared inside the block itself (a local `a`)
//! has its own syntax context there and is left alone; everything else named like
//! a merged member is that member, even when an outer scope declares the name.

use rustc_hash::FxHashSet;
use swc_core::{
    atoms::Atom,
    common::DUMMY_SP,
    ecma::{
        ast::*,
        utils::{collect_decls, find_pat_ids},
        visit::{VisitMut, VisitMutWith},
    },
};

/// Rewrites references to merged namespace members in `module` (and in nested
/// namespaces).
pub(crate) fn qualify_merged_members(module: &mut Module) {
    qualify_in_items(&mut module.body);
}

fn qualify_in_items(items: &mut [ModuleItem]) {
    // Namespaces declared here, by name: the indices of their blocks.
    let mut groups: Vec<(Id, Vec<usize>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some((id, _)) = namespace_block(item) {
            match groups.iter_mut().find(|(g, _)| *g == id) {
                Some((_, list)) => list.push(i),
                None => groups.push((id, vec![i])),
            }
        }
    }
    for (ns, blocks) in &groups {
        if blocks.len() < 2 {
            continue;
        }
        let exported: Vec<FxHashSet<Atom>> = blocks
            .iter()
            .map(|&i| namespace_block(&items[i]).map_or_else(Default::default, |(_, b)| exports(b)))
            .collect();
        for (k, &i) in blocks.iter().enumerate() {
            let others: FxHashSet<Atom> = exported
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .flat_map(|(_, e)| e.iter().cloned())
                .collect();
            if let Some(block) = namespace_block_mut(&mut items[i]) {
                let locals: FxHashSet<Id> = collect_decls(&*block);
                block.visit_mut_with(&mut Qualify {
                    ns: ns.clone(),
                    members: &others,
                    locals: &locals,
                });
            }
        }
    }
    for item in items.iter_mut() {
        if let Some(block) = namespace_block_mut(item) {
            qualify_in_items(&mut block.body);
        }
    }
}

fn ts_module(item: &ModuleItem) -> Option<&TsModuleDecl> {
    match item {
        ModuleItem::Stmt(Stmt::Decl(Decl::TsModule(m))) => Some(m),
        ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl {
            decl: Decl::TsModule(m),
            ..
        })) => Some(m),
        _ => None,
    }
}

/// A `namespace N { … }` with a plain name and a body.
fn namespace_block(item: &ModuleItem) -> Option<(Id, &TsModuleBlock)> {
    let m = ts_module(item)?;
    match (&m.id, &m.body) {
        (TsModuleName::Ident(id), Some(TsNamespaceBody::TsModuleBlock(b))) => Some((id.to_id(), b)),
        _ => None,
    }
}

fn namespace_block_mut(item: &mut ModuleItem) -> Option<&mut TsModuleBlock> {
    let m = match item {
        ModuleItem::Stmt(Stmt::Decl(Decl::TsModule(m))) => m,
        ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl {
            decl: Decl::TsModule(m),
            ..
        })) => m,
        _ => return None,
    };
    match (&m.id, &mut m.body) {
        (TsModuleName::Ident(_), Some(TsNamespaceBody::TsModuleBlock(b))) => Some(b),
        _ => None,
    }
}

/// The names a namespace block exports (values only).
fn exports(block: &TsModuleBlock) -> FxHashSet<Atom> {
    let mut names = FxHashSet::default();
    for item in &block.body {
        let ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(e)) = item else {
            continue;
        };
        match &e.decl {
            Decl::Var(v) => {
                let ids: Vec<Id> = find_pat_ids(&v.decls);
                names.extend(ids.into_iter().map(|id| id.0));
            }
            Decl::Fn(f) => {
                names.insert(f.ident.sym.clone());
            }
            Decl::Class(c) => {
                names.insert(c.ident.sym.clone());
            }
            Decl::TsEnum(en) => {
                names.insert(en.id.sym.clone());
            }
            Decl::TsModule(m) => {
                if let TsModuleName::Ident(i) = &m.id {
                    names.insert(i.sym.clone());
                }
            }
            _ => {}
        }
    }
    names
}

struct Qualify<'a> {
    ns: Id,
    members: &'a FxHashSet<Atom>,
    locals: &'a FxHashSet<Id>,
}

impl Qualify<'_> {
    fn is_member(&self, i: &Ident) -> bool {
        self.members.contains(&i.sym) && !self.locals.contains(&i.to_id())
    }

    fn member(&self, i: &Ident) -> MemberExpr {
        MemberExpr {
            span: i.span,
            obj: Box::new(Expr::Ident(Ident::new(
                self.ns.0.clone(),
                DUMMY_SP,
                self.ns.1,
            ))),
            prop: MemberProp::Ident(IdentName::new(i.sym.clone(), i.span)),
        }
    }
}

impl VisitMut for Qualify<'_> {
    fn visit_mut_expr(&mut self, e: &mut Expr) {
        if let Expr::Ident(i) = e {
            if self.is_member(i) {
                *e = Expr::Member(self.member(i));
            }
            return;
        }
        e.visit_mut_children_with(self);
    }

    fn visit_mut_simple_assign_target(&mut self, t: &mut SimpleAssignTarget) {
        if let SimpleAssignTarget::Ident(b) = t {
            if self.is_member(&b.id) {
                *t = SimpleAssignTarget::Member(self.member(&b.id));
            }
            return;
        }
        t.visit_mut_children_with(self);
    }

    fn visit_mut_prop(&mut self, p: &mut Prop) {
        if let Prop::Shorthand(i) = p {
            if self.is_member(i) {
                *p = Prop::KeyValue(KeyValueProp {
                    key: PropName::Ident(IdentName::new(i.sym.clone(), i.span)),
                    value: Box::new(Expr::Member(self.member(i))),
                });
            }
            return;
        }
        p.visit_mut_children_with(self);
    }

    // Types are erased: nothing to qualify there.
    fn visit_mut_ts_type(&mut self, _: &mut TsType) {}
}
