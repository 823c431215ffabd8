//! The text tests that let loading skip a pass: whether a file's text holds
//! a word (`</` or `/>` before the JSX pass, `import` before parsing as a
//! module, a define's name before its walk).
//!
//! Why searchers built once: `str::contains` sets up a searcher on every
//! call. The 10,000-module app made 135,000 such tests, 13 a file, and they
//! were 2.2% of its build's instructions; memchr's `Finder` is built once per
//! word for the process and searches with the CPU's vector instructions.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// A word to look for, its searcher built on first use.
pub(crate) struct Word(LazyLock<Finder<'static>>);

impl Word {
    /// Whether `text` holds the word anywhere (in code, a string or a comment).
    pub fn is_in(&self, text: &str) -> bool {
        self.0.find(text.as_bytes()).is_some()
    }
}

/// Whether `b` may be part of a name in a text test: an ASCII letter, digit,
/// `_` or `$`.
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$')
}

/// A searcher for a word known only at run time (a define's name).
pub(crate) fn finder(word: &str) -> Finder<'static> {
    Finder::new(word).into_owned()
}

macro_rules! words {
    ($($(#[$doc:meta])* $name:ident = $text:literal;)*) => {
        $($(#[$doc])* pub(crate) static $name: Word = Word(LazyLock::new(|| Finder::new($text)));)*
    };
}

words! {
    /// Every JSX element holds `</` or `/>`.
    CLOSING_TAG = "</";
    SELF_CLOSING = "/>";
    PURE = "__PURE__";
    JSX_PRAGMA = "@jsx ";
    JSX_FRAG_PRAGMA = "@jsxFrag ";
    IMPORT = "import";
    EXPORT = "export";
    NEW_URL = "new URL";
    IMPORT_META_URL = "import.meta.url";
}

/// TypeScript's words for code it rewrites into code of its own (enums,
/// namespaces, parameter properties); see `load.rs: may_need_hygiene`.
pub(crate) static TS_REWRITES: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| {
    [
        "enum",
        "namespace",
        "module",
        "declare",
        "private",
        "public",
        "protected",
        "readonly",
        "override",
    ]
    .iter()
    .map(|w| finder(w))
    .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_found_wherever_it_is() {
        assert!(CLOSING_TAG.is_in("</"));
        assert!(CLOSING_TAG.is_in(&format!("{}</div>", "x".repeat(5000))));
        assert!(IMPORT.is_in("x = 1; import('a')"));
        assert!(!IMPORT.is_in("impor t"));
        assert!(!SELF_CLOSING.is_in(""));
        assert!(finder("\\u").find(b"\\u0070rocess").is_some());
        assert!(TS_REWRITES
            .iter()
            .any(|f| f.find(b"x: readonly y").is_some()));
    }
}
