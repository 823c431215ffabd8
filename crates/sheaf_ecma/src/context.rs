//! The state every SWC operation of one build shares: one `SourceMap` (so that
//! byte positions are unique across files and one bundle map can cover them all),
//! one `Globals` (so that marks are unique across threads) and one unresolved mark
//! (so that a free `console` has the same syntax context in every module).
//!
//! Example: `let ctx = EcmaContext::new(); ctx.with_globals(|| Mark::new())`.
//!
//! Why: swc-notes §6. A `Globals` per thread restarts marks at 1 and makes two
//! modules' top-level bindings indistinguishable.

use std::{path::PathBuf, sync::Arc};

use sheaf_common::Label;
use swc_core::{
    common::{
        sync::Lrc, BytePos, FileName, Globals, Mark, SourceMap, Span, SyntaxContext, GLOBALS,
    },
    ecma::transforms::base::helpers::{HelperData, Helpers},
};

pub struct EcmaContext {
    pub(crate) cm: Lrc<SourceMap>,
    pub(crate) globals: Globals,
    pub(crate) unresolved_mark: Mark,
    /// The one helper mark of the build (swc-notes §5: inject once per output).
    pub(crate) helper_data: HelperData,
}

/// A span of source as two global byte positions; turn it into a [`Label`] with
/// [`EcmaContext::label`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Loc {
    pub lo: u32,
    pub hi: u32,
}

impl From<Span> for Loc {
    fn from(s: Span) -> Self {
        Loc {
            lo: s.lo.0,
            hi: s.hi.0,
        }
    }
}

impl Default for EcmaContext {
    fn default() -> Self {
        Self::new()
    }
}

impl EcmaContext {
    pub fn new() -> Self {
        let globals = Globals::new();
        let (unresolved_mark, helper_data) =
            GLOBALS.set(&globals, || (Mark::new(), Helpers::new(false).data()));
        EcmaContext {
            cm: Default::default(),
            globals,
            unresolved_mark,
            helper_data,
        }
    }

    /// The syntax context of references to runtime helpers.
    pub(crate) fn helper_ctxt(&self) -> SyntaxContext {
        SyntaxContext::empty().apply_mark(Helpers::from_data(self.helper_data).mark())
    }

    pub(crate) fn with_globals<R>(&self, f: impl FnOnce() -> R) -> R {
        GLOBALS.set(&self.globals, f)
    }

    /// A label for diagnostics: file, line, column and the file's text for a code frame.
    pub fn label(&self, loc: Loc) -> Option<Label> {
        if loc.lo == 0 {
            return None;
        }
        let fm = self.cm.try_lookup_source_file(BytePos(loc.lo)).ok()??;
        let path = match &*fm.name {
            FileName::Real(p) => p.clone(),
            other => PathBuf::from(other.to_string()),
        };
        let start = (loc.lo - fm.start_pos.0) as usize;
        let end = (loc.hi.max(loc.lo) - fm.start_pos.0) as usize;
        let source: Arc<str> = Arc::from(&*fm.src);
        Some(Label::new(path, source, start, end))
    }
}
