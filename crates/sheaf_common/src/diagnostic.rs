//! Diagnostics as data: a code, a message, labelled source spans and a hint.
//!
//! Example: an unresolved import becomes
//! `Diagnostic::error("E_RESOLVE", "Could not resolve \"./missing\"").with_label(..).with_help(..)`.
//!
//! Why data: stages never print. The CLI renders these with code frames, the test
//! runner compares them, and the dev server (later) sends them to the browser overlay.

use std::{path::PathBuf, sync::Arc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file. `start`/`end` are byte offsets into `source`;
/// `line` is 1-based and `column` 0-based (in characters), as editors show them.
#[derive(Clone, Debug)]
pub struct Label {
    pub path: PathBuf,
    pub source: Arc<str>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Label {
    /// Builds a label from byte offsets, computing the line and column.
    pub fn new(path: PathBuf, source: Arc<str>, start: usize, end: usize) -> Self {
        let start = start.min(source.len());
        let end = end.clamp(start, source.len());
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count();
        Label {
            path,
            source,
            start,
            end,
            line,
            column,
            message: String::new(),
        }
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier such as `E_PARSE`, `E_RESOLVE`, `E_MISSING_EXPORT`.
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same message as a warning, under `code`.
    pub fn into_warning(self, code: &'static str) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            ..self
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key that makes the order of collected diagnostics independent of
    /// thread scheduling: by file, then position, then message.
    pub fn sort_key(&self) -> (Option<(PathBuf, usize)>, String) {
        (
            self.labels.first().map(|l| (l.path.clone(), l.start)),
            self.message.clone(),
        )
    }
}

/// Sorts diagnostics deterministically and removes exact duplicates.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by_key(|d| d.sort_key());
    diags.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.code == b.code);
}
