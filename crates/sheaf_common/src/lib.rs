//! Types shared by every sheaf crate: the build options and the diagnostics.
//!
//! Example: the CLI fills a [`BuildOptions`], `sheaf_bundler::build` returns
//! `Result<BuildOutput, Vec<Diagnostic>>`, and only the CLI renders the diagnostics.
//!
//! Why a crate of its own: the resolver, the SWC layer and the bundler all speak
//! these types, and none of them should depend on another just to name them.

pub mod allocator;
pub mod diagnostic;
pub mod drop_later;
pub mod hooks;
pub mod options;
pub mod path_text;
pub mod progress;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use drop_later::{drop_later, drop_later_unless_exiting, drop_unless_exiting, DEEP_STACK};

/// Whether `s` can be written as a JavaScript identifier (`foo`, `$x`, `_1`), as
/// opposed to needing quotes (`"a-b"`).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c == '$' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c == '$' || c.is_alphanumeric())
}

/// `a/./b/../c` → `a/c`: `.` and `..` folded away without touching the file
/// system (an `--external` path pattern, or a folder to watch, need not exist).
pub fn normalize_path(path: &std::path::Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub use options::{
    BuildOptions, ChunkOptions, EntryPoint, ExportsMode, Format, JsxOptions, JsxRuntime,
    LegalComments, Platform, Polyfills, SourceMapMode,
};
