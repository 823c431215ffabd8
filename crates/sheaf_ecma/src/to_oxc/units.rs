//! The shapes `oxc_minify.rs` gives a module before minifying it, built on
//! the converted tree as its text path writes them: an ES module's
//! `export{…}` of the names read outside it, a CommonJS body inside
//! `__sheafFactory(function(exports,module){…})`. Spans are empty: nothing
//! here is in the original file.

use oxc::{
    ast::ast::{
        Argument, BindingPattern, ExportSpecifier, Expression, FormalParameter,
        FormalParameterKind, FormalParameters, FunctionBody, FunctionType, IdentifierName,
        IdentifierReference, ImportOrExportKind, ModuleExportName, Statement,
    },
    span::Span,
};

use super::{Converted, ToOxc};

impl<'a> ToOxc<'a, '_> {
    /// `export{a,b}`.
    pub(crate) fn export_list(&self, names: &[&str]) -> Statement<'a> {
        let mut specifiers = self.vec(names.len());
        for name in names {
            let local = IdentifierReference::new(Span::default(), self.ident(name), self);
            let exported = IdentifierName::new(Span::default(), self.ident(name), self);
            specifiers.push(ExportSpecifier::new(
                Span::default(),
                ModuleExportName::IdentifierReference(local),
                ModuleExportName::IdentifierName(exported),
                ImportOrExportKind::Value,
                self,
            ));
        }
        Statement::new_export_named_declaration(
            Span::default(),
            specifiers,
            ImportOrExportKind::Value,
            self,
        )
    }

    /// `body` as the body of `__sheafFactory(function(exports,module){…})`.
    pub(crate) fn factory(&self, body: Converted<'a>) -> Converted<'a> {
        let mut params = self.vec(2);
        for name in crate::oxc_minify::FACTORY_PARAMS {
            let pattern =
                BindingPattern::new_binding_identifier(Span::default(), self.ident(name), self);
            params.push(FormalParameter::new(
                Span::default(),
                self.vec(0),
                pattern,
                None,
                None,
                false,
                None,
                false,
                false,
                self,
            ));
        }
        let params = FormalParameters::boxed(
            Span::default(),
            FormalParameterKind::FormalParameter,
            params,
            None,
            self,
        );
        let function_body = FunctionBody::boxed(Span::default(), body.directives, body.body, self);
        let kind = FunctionType::FunctionExpression;
        let span = Span::default();
        let function = self.new_function(span, kind, None, false, false, params, function_body);
        let mut args = self.vec(1);
        args.push(Argument::FunctionExpression(function));
        let callee = Expression::new_identifier(
            Span::default(),
            self.ident(crate::oxc_minify::FACTORY_CALLEE),
            self,
        );
        let call =
            Expression::new_call_expression(Span::default(), callee, None, args, false, self);
        let mut statements = self.vec(1);
        statements.push(Statement::new_expression_statement(
            Span::default(),
            call,
            self,
        ));
        Converted {
            directives: self.vec(0),
            body: statements,
        }
    }
}
