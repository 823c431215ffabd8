//! `useDefineForClassFields: false`: field initializers are assignments in the
//! constructor, as tsc emits them.
//!
//! Example: `class A extends B { count = 0 }` becomes
//! `class A extends B { constructor(...args) { super(...args); this.count = 0; } }`,
//! so a setter that a decorator or the base class defines for `count` runs
//! (Lit's `@property() count = 0` relies on it: an own property would hide the
//! reactive accessor and the element would never update).
//!
//! Why a pass of its own: SWC's strip moves initializers only into a
//! constructor with parameter properties, and leaves the field declarations
//! (`x;`), which would define own properties first; tsc emits neither. Runs
//! after the strip. Computed keys and private fields stay fields (tsc keeps
//! their define semantics too, or needs temporaries this pass does not make).

use swc_core::{
    common::{Mark, SyntaxContext, DUMMY_SP},
    ecma::{ast::*, visit::VisitMut},
};

pub(crate) struct AssignedFields;

impl VisitMut for AssignedFields {
    fn visit_mut_class(&mut self, c: &mut Class) {
        swc_core::ecma::visit::VisitMutWith::visit_mut_children_with(c, self);
        // Declarations without an initializer are types only.
        c.body.retain(|m| {
            !matches!(m, ClassMember::ClassProp(p) if p.value.is_none() && !p.is_static && p.decorators.is_empty())
        });
        let mut assignments = Vec::new();
        c.body.retain_mut(|m| {
            let ClassMember::ClassProp(p) = m else {
                return true;
            };
            let Some(key) = member_prop(&p.key) else {
                return true;
            };
            if p.is_static || !p.decorators.is_empty() || p.value.is_none() {
                return true;
            }
            assignments.push(assign(key, p.value.take().expect("checked")));
            false
        });
        if assignments.is_empty() {
            return;
        }
        let derived = c.super_class.is_some();
        let ctor = c.body.iter_mut().find_map(|m| match m {
            ClassMember::Constructor(k) if k.body.is_some() => Some(k),
            _ => None,
        });
        match ctor {
            Some(k) => {
                let body = k.body.as_mut().expect("checked");
                // After the (first top-level) `super(…)`, where `this` exists.
                let at = match derived {
                    true => body
                        .stmts
                        .iter()
                        .position(is_super_call)
                        .map_or(0, |i| i + 1),
                    false => 0,
                };
                body.stmts.splice(at..at, assignments);
            }
            None => {
                let at = c
                    .body
                    .iter()
                    .position(|m| !matches!(m, ClassMember::ClassProp(_)))
                    .unwrap_or(c.body.len());
                c.body.insert(at, constructor(derived, assignments));
            }
        }
    }
}

/// The member a field key names on `this`, when it is not computed or private.
fn member_prop(key: &PropName) -> Option<MemberProp> {
    Some(match key {
        PropName::Ident(i) => MemberProp::Ident(i.clone()),
        PropName::Str(s) => MemberProp::Computed(ComputedPropName {
            span: DUMMY_SP,
            expr: Box::new(Expr::Lit(Lit::Str(s.clone()))),
        }),
        PropName::Num(n) => MemberProp::Computed(ComputedPropName {
            span: DUMMY_SP,
            expr: Box::new(Expr::Lit(Lit::Num(n.clone()))),
        }),
        _ => return None,
    })
}

/// `this.key = value;`
fn assign(key: MemberProp, value: Box<Expr>) -> Stmt {
    let target = MemberExpr {
        span: DUMMY_SP,
        obj: Box::new(Expr::This(ThisExpr { span: DUMMY_SP })),
        prop: key,
    };
    Stmt::Expr(ExprStmt {
        span: DUMMY_SP,
        expr: Box::new(Expr::Assign(AssignExpr {
            span: DUMMY_SP,
            op: AssignOp::Assign,
            left: AssignTarget::Simple(SimpleAssignTarget::Member(target)),
            right: value,
        })),
    })
}

fn is_super_call(s: &Stmt) -> bool {
    matches!(s, Stmt::Expr(ExprStmt { expr, .. })
        if matches!(&**expr, Expr::Call(CallExpr { callee: Callee::Super(_), .. })))
}

/// `constructor(...args) { super(...args); … }`, or `constructor() { … }`.
fn constructor(derived: bool, mut stmts: Vec<Stmt>) -> ClassMember {
    let args = Ident::new(
        "args".into(),
        DUMMY_SP,
        SyntaxContext::empty().apply_mark(Mark::new()),
    );
    let mut params = Vec::new();
    if derived {
        params.push(ParamOrTsParamProp::Param(Param {
            span: DUMMY_SP,
            decorators: vec![],
            pat: Pat::Rest(RestPat {
                span: DUMMY_SP,
                dot3_token: DUMMY_SP,
                arg: Box::new(Pat::Ident(args.clone().into())),
                type_ann: None,
            }),
        }));
        let call = Expr::Call(CallExpr {
            span: DUMMY_SP,
            ctxt: SyntaxContext::empty(),
            callee: Callee::Super(Super { span: DUMMY_SP }),
            args: vec![ExprOrSpread {
                spread: Some(DUMMY_SP),
                expr: Box::new(Expr::Ident(args)),
            }],
            type_args: None,
        });
        stmts.insert(
            0,
            Stmt::Expr(ExprStmt {
                span: DUMMY_SP,
                expr: Box::new(call),
            }),
        );
    }
    ClassMember::Constructor(Constructor {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        key: PropName::Ident(IdentName::new("constructor".into(), DUMMY_SP)),
        params,
        body: Some(FunctionBody {
            span: DUMMY_SP,
            stmts,
        }),
        accessibility: None,
        is_optional: false,
    })
}
