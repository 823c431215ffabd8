//! SWC's tree of a rendered module, rebuilt as oxc's, for oxc's minifier
//! (`oxc_minify.rs`). Before, SWC printed the module and oxc parsed the
//! text again: on three.js x10 `--minify --sourcemap` that print and parse
//! were a fifth of the build's instructions, and oxc's mappings (into SWC's
//! text) then had to be looked up in SWC's (into the original file).
//!
//! Example: SWC's `Expr::Bin(a + 1)` becomes oxc's
//! `Expression::BinaryExpression(a + 1)`; the spans stay offsets into the
//! original file, so oxc's printer maps straight into it.
//!
//! The tree oxc gets is what its parser makes of SWC's print: directives
//! apart from statements, parentheses kept (`pife` on a parenthesized
//! function), `/*#__PURE__*/` as the calls' `pure`, legal comments as the
//! program's comments over the original text. A node oxc's parser would not
//! make from a rendered module (TypeScript, JSX, module syntax, decorators,
//! strings with lone surrogates) gives `None`: the module then goes the way
//! of SWC's print.
//!
//! One file per part of the language: `statements.rs`, `expressions.rs`,
//! `patterns.rs` (bindings and assignment targets), `functions.rs`
//! (functions, classes, object members).

mod expressions;
mod positions;
pub(crate) use positions::{lines_end_as_swcs_do, Lines};
mod functions;
mod patterns;
mod statements;
mod units;

use std::cell::RefCell;

use oxc::{
    allocator::{Allocator, GetAllocator, Vec as ArenaVec},
    ast::{
        ast::{Directive, Ident, Program, Statement, Str, StringLiteral},
        builder::{AstBuilder, GetAstBuilder},
        Comment, CommentContent, CommentKind, CommentPosition,
    },
    span::{SourceType, Span},
};
use swc_core::{
    common::{
        comments::{Comments, SingleThreadedComments},
        BytePos, Span as SwcSpan,
    },
    ecma::ast as swc,
};

/// Converts one module's nodes: its file's place in SWC's source map, and
/// its comments (for annotations).
pub(crate) struct ToOxc<'a, 'c> {
    builder: AstBuilder<'a>,
    /// The file's first and end positions in SWC's source map.
    start: u32,
    end: u32,
    comments: &'c SingleThreadedComments,
    /// Where the converted statements and directives start (offsets): what
    /// a legal comment is attached to, as oxc's parser attaches it to what
    /// follows it. `None` when the file has no legal comment (most files):
    /// nothing is recorded then.
    starts: Option<RefCell<Vec<u32>>>,
}

impl<'a> GetAstBuilder<'a> for ToOxc<'a, '_> {
    type Builder = AstBuilder<'a>;
    fn builder(&self) -> &AstBuilder<'a> {
        &self.builder
    }
}

impl<'a> GetAllocator<'a> for ToOxc<'a, '_> {
    fn allocator(&self) -> &'a Allocator {
        self.builder.allocator()
    }
}

/// The module's statements as oxc's, with its directives apart, or `None`
/// for a node oxc's parser would not make here.
pub(crate) struct Converted<'a> {
    pub directives: ArenaVec<'a, Directive<'a>>,
    pub body: ArenaVec<'a, Statement<'a>>,
}

impl<'a, 'c> ToOxc<'a, 'c> {
    /// `start..end`: the file's positions in SWC's source map (its text is
    /// what oxc's spans are offsets into).
    pub(crate) fn new(
        allocator: &'a Allocator,
        start: BytePos,
        end: BytePos,
        comments: &'c SingleThreadedComments,
    ) -> Self {
        ToOxc {
            builder: AstBuilder::new(allocator),
            start: start.0,
            end: end.0,
            comments,
            starts: has_legal_comments(comments, start, end).then(Default::default),
        }
    }

    /// The module's items as statements; `None` if it has module syntax or
    /// a hashbang.
    pub(crate) fn module(&self, module: &swc::Module) -> Option<Converted<'a>> {
        if module.shebang.is_some() {
            return None;
        }
        let mut stmts = Vec::with_capacity(module.body.len());
        for item in &module.body {
            match item {
                swc::ModuleItem::Stmt(stmt) => stmts.push(stmt),
                swc::ModuleItem::ModuleDecl(_) => return None,
            }
        }
        let (directives, body) = self.body_of(stmts.into_iter())?;
        Some(Converted { directives, body })
    }

    /// A program with `body`, its text the original file's, with `comments`
    /// (this file's [`Self::legal_comments`]).
    pub(crate) fn program(
        &self,
        source_type: SourceType,
        source_text: &'a str,
        comments: &[Comment],
        converted: Converted<'a>,
    ) -> Program<'a> {
        let mut list = self.vec(comments.len());
        list.extend_from_slice(comments);
        Program::new(
            Span::new(0, source_text.len() as u32),
            source_type,
            source_text,
            list,
            None,
            converted.directives,
            converted.body,
            self,
        )
    }

    /// A body's directives (its leading string statements, as oxc's parser
    /// has them) and its other statements.
    fn body_of<'s>(
        &self,
        stmts: impl ExactSizeIterator<Item = &'s swc::Stmt>,
    ) -> Option<(ArenaVec<'a, Directive<'a>>, ArenaVec<'a, Statement<'a>>)> {
        let mut directives = ArenaVec::new_in(self);
        let mut body = ArenaVec::with_capacity_in(stmts.len(), self);
        let mut prologue = true;
        for stmt in stmts {
            if prologue {
                if let Some(directive) = self.directive(stmt) {
                    let directive = directive?;
                    self.record_start(directive.span);
                    directives.push(directive);
                    continue;
                }
                prologue = false;
            }
            self.push_stmt(&mut body, stmt)?;
        }
        Some((directives, body))
    }

    /// `Some` if `stmt` is a string literal statement: a directive.
    fn directive(&self, stmt: &swc::Stmt) -> Option<Option<Directive<'a>>> {
        let swc::Stmt::Expr(swc::ExprStmt { expr, span }) = stmt else {
            return None;
        };
        let swc::Expr::Lit(swc::Lit::Str(s)) = &**expr else {
            return None;
        };
        let converted = (|| {
            let literal = self.string_literal(s)?;
            let raw = match &s.raw {
                Some(raw) if raw.len() >= 2 => &raw[1..raw.len() - 1],
                _ => literal.value.as_str(),
            };
            let raw = Str::from_str_in(raw, self);
            Some(Directive::new(self.span(*span), literal, raw, self))
        })();
        Some(converted)
    }

    /// Notes where a converted statement or directive starts, if the file
    /// has legal comments to attach (a made node's empty span is no place).
    fn record_start(&self, span: Span) {
        if let Some(starts) = &self.starts {
            if !span.is_empty() {
                starts.borrow_mut().push(span.start);
            }
        }
    }

    /// An oxc span for SWC's: the same text, as offsets into the file; empty
    /// (no mapping) for a node made by a transform or from another file.
    fn span(&self, span: SwcSpan) -> Span {
        let (lo, hi) = (span.lo.0, span.hi.0);
        if lo < self.start || hi > self.end || lo > hi || lo == 0 {
            return Span::default();
        }
        Span::new(lo - self.start, hi - self.start)
    }

    fn ident(&self, name: &str) -> Ident<'a> {
        Ident::from_str_in(name, self)
    }

    fn str(&self, text: &str) -> Str<'a> {
        Str::from_str_in(text, self)
    }

    fn vec<T>(&self, capacity: usize) -> ArenaVec<'a, T> {
        ArenaVec::with_capacity_in(capacity, self)
    }

    /// `None` for a string with lone surrogates.
    fn string_literal(&self, s: &swc::Str) -> Option<StringLiteral<'a>> {
        let value = s.value.as_str()?;
        Some(StringLiteral::new(
            self.span(s.span),
            self.str(value),
            None,
            self,
        ))
    }

    /// Whether a `/*#__PURE__*/` (or `@__PURE__`) comment leads `lo`.
    fn pure(&self, lo: BytePos) -> bool {
        self.comments.has_flag(lo, "PURE")
    }

    fn no_side_effects(&self, lo: BytePos) -> bool {
        self.comments.has_flag(lo, "NO_SIDE_EFFECTS")
    }

    /// The legal comments that lead nodes of this file, as oxc's parser
    /// records them: attached to the position of what follows, sorted. After
    /// the conversion, which records where statements start.
    pub(crate) fn legal_comments(&self, source_text: &str) -> Vec<Comment> {
        let Some(starts) = &self.starts else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut starts = starts.borrow().clone();
        starts.sort_unstable();
        let (leading, _) = self.comments.borrow_all();
        for (pos, list) in leading.iter() {
            if pos.0 < self.start || pos.0 > self.end {
                continue;
            }
            for c in list
                .iter()
                .filter(|c| crate::load::is_legal_comment(&c.text))
            {
                let span = self.span(c.span);
                if span.is_empty() {
                    continue;
                }
                let kind = match c.kind {
                    swc_core::common::comments::CommentKind::Line => CommentKind::Line,
                    _ if c.text.contains(['\n', '\r']) => CommentKind::MultiLineBlock,
                    _ => CommentKind::SingleLineBlock,
                };
                let mut comment = Comment::new(span.start, span.end, kind);
                // The statement after it (the one it led may be gone).
                let next = starts.partition_point(|&s| s < span.end);
                comment.attached_to = starts.get(next).copied().unwrap_or(self.end - self.start);
                comment.content = CommentContent::Legal;
                comment.position = CommentPosition::Leading;
                // As oxc's parser saw them in SWC's print without
                // whitespace: on a line of their own only at the start.
                let first = source_text[..span.start as usize].trim().is_empty();
                comment.set_preceded_by_newline(first);
                comment.set_followed_by_newline(false);
                out.push(comment);
            }
        }
        out.sort_by_key(|c| c.span.start);
        out
    }
}

/// Whether a legal comment leads a position of the file `start..end`.
fn has_legal_comments(comments: &SingleThreadedComments, start: BytePos, end: BytePos) -> bool {
    let (leading, _) = comments.borrow_all();
    leading.iter().any(|(pos, list)| {
        (start..=end).contains(pos) && list.iter().any(|c| crate::load::is_legal_comment(&c.text))
    })
}

#[cfg(test)]
mod tests;
