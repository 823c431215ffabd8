//! `--minify` of a lazy ES module through oxc: once oxc has minified it as a
//! module, its top level is rewritten as `wrap.rs` rewrites SWC's tree.
//!
//! Example: `const a=1;class C{}function f(){return a}` becomes the body
//! `a=1;C=class{};` (run by the module's initializer) and the function
//! `function f(){return a}`, which goes outside it; the generator declares
//! `var a, C;` itself.
//!
//! Why: the generated 10,000-module app loads most of its modules through
//! `import()`, so with one output file they are lazy. Through SWC's per-module
//! minifier they were most of its `--minify --sourcemap` time; oxc compresses
//! and mangles them in less. Minified first and rewritten after, as on SWC's
//! path (see `render.rs`): the compressor never sees an assignment to a name the
//! module does not declare.
//!
//! What falls back to SWC's path (`None`): a destructuring declaration, a
//! `using` one, and a `var` nested in a top-level block or loop; and
//! (`oxc_minify.rs`) private members the mangler renamed.

use oxc::{
    allocator::{Allocator, GetAllocator, Vec as ArenaVec},
    ast::{
        ast::{
            ArrowFunctionExpression, AssignmentOperator, AssignmentTarget, BindingPattern,
            ClassType, Expression, Function, Program, Statement, VariableDeclaration,
            VariableDeclarationKind,
        },
        builder::AstBuilder,
    },
    ast_visit::{walk, Visit},
    span::GetSpan,
    syntax::scope::ScopeFlags,
};

/// A lazy module's top level, rewritten.
pub(crate) struct LazyTop<'a> {
    /// Its function declarations, taken out of the body.
    pub functions: ArenaVec<'a, Statement<'a>>,
    /// The top-level names it still declares other than by a function
    /// declaration (the generator's `var` line declares them).
    pub assigned: Vec<String>,
}

/// Rewrites `program`'s top-level declarations into assignments and takes out
/// its function declarations; `None` for what `wrap.rs` alone handles.
pub(crate) fn lazy_body<'a>(
    allocator: &'a Allocator,
    program: &mut Program<'a>,
) -> Option<LazyTop<'a>> {
    let b = AstBuilder::new(allocator);
    let mut functions = ArenaVec::new_in(&allocator);
    let mut rest = ArenaVec::new_in(&allocator);
    let mut assigned = Vec::new();
    let body = std::mem::replace(&mut program.body, ArenaVec::new_in(&allocator));
    for statement in body {
        match statement {
            Statement::FunctionDeclaration(f) => {
                f.id.as_ref()?;
                functions.push(Statement::FunctionDeclaration(f));
            }
            // The class expression is anonymous, as on SWC's path.
            Statement::ClassDeclaration(mut class) => {
                let id = class.id.take()?;
                assigned.push(id.name.as_str().to_owned());
                class.r#type = ClassType::ClassExpression;
                let span = class.span;
                let target =
                    AssignmentTarget::new_assignment_target_identifier(id.span, id.name, &b);
                let assign = Expression::new_assignment_expression(
                    span,
                    AssignmentOperator::Assign,
                    target,
                    Expression::ClassExpression(class),
                    &b,
                );
                rest.push(Statement::new_expression_statement(span, assign, &b));
            }
            Statement::VariableDeclaration(v) => {
                let span = v.span;
                let assignments = assignments(&b, v.unbox(), &mut assigned)?;
                if let Some(expression) = assignments {
                    rest.push(Statement::new_expression_statement(span, expression, &b));
                }
            }
            other => {
                let mut nested = NestedVar(false);
                nested.visit_statement(&other);
                if nested.0 {
                    return None;
                }
                rest.push(other);
            }
        }
    }
    program.body = rest;
    Some(LazyTop {
        functions,
        assigned,
    })
}

/// `let a = 1, b, c = f()` → `a = 1, c = f()` (a declarator without an
/// initializer is `undefined` already, from the outer `var`); `Some(None)`
/// when no declarator has one, `None` for a destructuring or `using` one.
fn assignments<'a>(
    b: &AstBuilder<'a>,
    declaration: VariableDeclaration<'a>,
    assigned: &mut Vec<String>,
) -> Option<Option<Expression<'a>>> {
    if matches!(
        declaration.kind,
        VariableDeclarationKind::Using | VariableDeclarationKind::AwaitUsing
    ) {
        return None;
    }
    let mut expressions = ArenaVec::new_in(&b.allocator());
    for declarator in declaration.declarations {
        let BindingPattern::BindingIdentifier(id) = &declarator.id else {
            return None;
        };
        assigned.push(id.name.as_str().to_owned());
        if let Some(init) = declarator.init {
            let target = AssignmentTarget::new_assignment_target_identifier(id.span, id.name, b);
            expressions.push(Expression::new_assignment_expression(
                declarator.span,
                AssignmentOperator::Assign,
                target,
                init,
                b,
            ));
        }
    }
    Some(match expressions.len() {
        0 => None,
        1 => expressions.pop(),
        _ => {
            let span = expressions[0]
                .span()
                .merge(expressions[expressions.len() - 1].span());
            Some(Expression::new_sequence_expression(span, expressions, b))
        }
    })
}

/// Finds a `var` outside functions: in a top-level block or loop it binds at
/// the top level.
struct NestedVar(bool);

impl<'a> Visit<'a> for NestedVar {
    fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'a>) {
        self.0 |= it.kind == VariableDeclarationKind::Var;
        walk::walk_variable_declaration(self, it);
    }

    fn visit_function(&mut self, _: &Function<'a>, _: ScopeFlags) {}

    fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
}
