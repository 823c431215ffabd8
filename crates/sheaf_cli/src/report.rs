//! Terminal rendering of diagnostics: `file:line:column`, a code frame, the hint.
//!
//! Example:
//! ```text
//! error[E_MISSING_EXPORT]: No matching export in "src/lib.js" for import "fo"
//!   ┌─ src/main.js:1:10
//!   │
//! 1 │ import { fo } from './lib.js';
//!   │          ^^
//!   │
//!   = did you mean "foo"? "src/lib.js" exports: foo, bar
//! ```
//!
//! Why codespan-reporting: a well-kept renderer of exactly this format.

use std::path::Path;

use codespan_reporting::{
    diagnostic::{Diagnostic as Cs, Label as CsLabel, Severity as CsSeverity},
    files::SimpleFiles,
    term::{self, termcolor::WriteColor},
};
use sheaf_common::{Diagnostic, Severity};

/// Paths are shown relative to `cwd` when they are inside it.
pub fn render_diagnostics(diags: &[Diagnostic], cwd: &Path, out: &mut dyn WriteColor) {
    let config = term::Config::default();
    for d in diags {
        let mut files = SimpleFiles::new();
        let mut labels = Vec::new();
        for (i, l) in d.labels.iter().enumerate() {
            let name = display(&l.path, cwd);
            let id = files.add(name, l.source.clone());
            let end = if l.end > l.start {
                l.end
            } else {
                next_char_end(&l.source, l.start)
            };
            let label = if i == 0 {
                CsLabel::primary(id, l.start..end)
            } else {
                CsLabel::secondary(id, l.start..end)
            };
            labels.push(label.with_message(l.message.clone()));
        }
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let mut cs = Cs::new(severity)
            .with_code(d.code)
            .with_message(&d.message)
            .with_labels(labels);
        if let Some(h) = &d.help {
            cs = cs.with_notes(vec![h.clone()]);
        }
        let _ = term::emit(out, &config, &files, &cs);
    }
}

fn next_char_end(source: &str, start: usize) -> usize {
    source[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8())
}

fn display(path: &Path, cwd: &Path) -> String {
    match path.strip_prefix(cwd) {
        Ok(rel) => rel.to_string_lossy().into_owned(),
        Err(_) => path.to_string_lossy().into_owned(),
    }
}
