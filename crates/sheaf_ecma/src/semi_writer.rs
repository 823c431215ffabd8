//! Minified printing without trailing semicolons (`return a;}` → `return a}`),
//! with source positions on the tokens they belong to.
//!
//! Example: `a();b()` — SWC's own `omit_trailing_semi` holds the `;` after
//! `a()` until it knows the next token, but records the position of `b()`'s
//! statement right away: before the `;`, one column early. `b()` itself was
//! unmapped and the `;` pointed at `b`. Here a position that arrives while a `;`
//! is pending waits until the `;` is written (or dropped, before a `}`).
//!
//! Why our own writer: the pending state is private to SWC's wrapper.

use swc_core::{
    common::{BytePos, Span, DUMMY_SP},
    ecma::codegen::text_writer::WriteJs,
};

type Result = std::io::Result<()>;

pub(crate) struct OmitTrailingSemi<W: WriteJs> {
    inner: W,
    pending_semi: Option<Span>,
    /// Positions recorded while a `;` was pending, in order.
    deferred: Vec<BytePos>,
}

impl<W: WriteJs> OmitTrailingSemi<W> {
    pub(crate) fn new(inner: W) -> Self {
        OmitTrailingSemi {
            inner,
            pending_semi: None,
            deferred: Vec::new(),
        }
    }

    /// Writes the pending `;`, then the positions that came after it.
    #[inline]
    fn flush(&mut self) -> Result {
        if let Some(span) = self.pending_semi.take() {
            self.inner.write_semi(Some(span))?;
        }
        self.flush_positions()
    }

    /// Called before every write: most find nothing to do, so that test is
    /// inlined (as a call it was 0.8% of three.js x10's `--minify --sourcemap`).
    #[inline]
    fn flush_positions(&mut self) -> Result {
        match self.deferred.is_empty() {
            true => Ok(()),
            false => self.drain_positions(),
        }
    }

    /// Drained in place: the list keeps its buffer for the next `;` (taking
    /// it freed the buffer and made the next one allocate).
    #[cold]
    fn drain_positions(&mut self) -> Result {
        for pos in self.deferred.drain(..) {
            self.inner.add_srcmap(pos)?;
        }
        Ok(())
    }
}

macro_rules! flushing {
    ($name:ident($($arg:ident: $ty:ty),*)) => {
        fn $name(&mut self, $($arg: $ty),*) -> Result {
            self.flush()?;
            self.inner.$name($($arg),*)
        }
    };
}

impl<W: WriteJs> WriteJs for OmitTrailingSemi<W> {
    flushing!(increase_indent());
    flushing!(decrease_indent());
    flushing!(write_space());
    flushing!(write_comment(s: &str));
    flushing!(write_keyword(span: Option<Span>, s: &'static str));
    flushing!(write_operator(span: Option<Span>, s: &str));
    flushing!(write_param(s: &str));
    flushing!(write_property(s: &str));
    flushing!(write_line());
    flushing!(write_lit(span: Span, s: &str));
    flushing!(write_str_lit(span: Span, s: &str));
    flushing!(write_str(s: &str));
    flushing!(write_symbol(span: Span, s: &str));

    fn write_semi(&mut self, span: Option<Span>) -> Result {
        self.pending_semi = Some(span.unwrap_or(DUMMY_SP));
        Ok(())
    }

    fn write_punct(&mut self, span: Option<Span>, s: &'static str, commit: bool) -> Result {
        if commit {
            self.flush()?;
        } else {
            // `}` and the like: the `;` is not needed.
            self.pending_semi = None;
            self.flush_positions()?;
        }
        self.inner.write_punct(span, s, commit)
    }

    fn care_about_srcmap(&self) -> bool {
        self.inner.care_about_srcmap()
    }

    fn add_srcmap(&mut self, pos: BytePos) -> Result {
        if self.pending_semi.is_some() {
            self.deferred.push(pos);
            Ok(())
        } else {
            self.inner.add_srcmap(pos)
        }
    }

    fn commit_pending_semi(&mut self) -> Result {
        self.flush()
    }

    fn can_ignore_invalid_unicodes(&mut self) -> bool {
        self.inner.can_ignore_invalid_unicodes()
    }
}
