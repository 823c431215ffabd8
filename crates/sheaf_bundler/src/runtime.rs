//! The runtime helpers outputs may need, kept as real JavaScript in `runtime.js`
//! and copied into an output only when it uses them.
//!
//! Example: an output with a materialized namespace object starts with the text of
//! `__sheafNs`, and its namespace is `var lib_exports = __sheafNs({ a: () => a })`.
//!
//! Why text: the helpers are small and ES5 already; the linker reserves their
//! names (`ALL_HELPER_NAMES`) so user code never collides with them.

const RUNTIME: &str = include_str!("runtime.js");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Helper {
    Namespace,
    Export,
    ToEsm,
    CommonJs,
    ToCjs,
    Esm,
    ReExport,
    LoadCss,
}

pub const ALL_HELPER_NAMES: &[&str] = &[
    "__sheafNs",
    "__sheafExport",
    "__sheafToEsm",
    "__sheafCommonJS",
    "__sheafToCjs",
    "__sheafEsm",
    "__sheafReExport",
    "__sheafLoadCss",
    // Not a helper: the `import.meta` object of cjs output on node.
    "__sheafMeta",
];

impl Helper {
    pub fn name(self) -> &'static str {
        match self {
            Helper::Namespace => "__sheafNs",
            Helper::Export => "__sheafExport",
            Helper::ToEsm => "__sheafToEsm",
            Helper::CommonJs => "__sheafCommonJS",
            Helper::ToCjs => "__sheafToCjs",
            Helper::Esm => "__sheafEsm",
            Helper::ReExport => "__sheafReExport",
            Helper::LoadCss => "__sheafLoadCss",
        }
    }

    /// The helper's source for a `--platform node` output (`node`) or
    /// another: the text from its `// @helper NAME` line to the next helper,
    /// with the lines marked `// @node` kept (without the mark) or left out.
    pub fn source(self, node: bool) -> &'static str {
        let text = self.text();
        if !text.contains(NODE_ONLY) {
            return text;
        }
        cached((self.name(), node, false), || {
            let mut out = String::with_capacity(text.len());
            for line in text.lines() {
                match line.strip_suffix(NODE_ONLY) {
                    Some(kept) if node => out.push_str(kept),
                    Some(_) => continue,
                    None => out.push_str(line),
                }
                out.push('\n');
            }
            out.trim_end().to_string()
        })
    }

    /// The text between the helper's `// @helper NAME` line and the next.
    fn text(self) -> &'static str {
        let marker = format!("// @helper {}\n", self.name());
        let start = RUNTIME
            .find(&marker)
            .expect("every helper is in runtime.js")
            + marker.len();
        let end = RUNTIME[start..]
            .find("// @helper ")
            .map_or(RUNTIME.len(), |i| start + i);
        RUNTIME[start..end].trim_end()
    }

    /// `code` (the helper's source, minified or not) declaring the helper as
    /// `name` instead of its own name (`--minify` gives helpers short names).
    /// Helpers call no helper and not themselves: the declaration is the only
    /// place their name appears.
    pub fn named(self, code: &'static str, name: &str) -> std::borrow::Cow<'static, str> {
        if name == self.name() {
            return code.into();
        }
        let declaration = format!("function {}(", self.name());
        code.replacen(&declaration, &format!("function {name}("), 1)
            .into()
    }

    /// The helper's source minified (`--minify`): its name kept, locals mangled,
    /// comments gone. Minified once per process.
    pub fn minified_source(self, ctx: &sheaf_ecma::EcmaContext, node: bool) -> &'static str {
        let source = self.source(node);
        cached(
            (self.name(), node, true),
            || match sheaf_ecma::minify_script(ctx, source) {
                Some(code) => code.trim_end().to_string(),
                None => source.to_string(),
            },
        )
    }
}

/// The mark ending a line of `runtime.js` that only `--platform node` outputs keep.
const NODE_ONLY: &str = " // @node";

/// A helper's text made once per process: by helper name, whether for node,
/// and whether minified.
fn cached(key: (&'static str, bool, bool), make: impl FnOnce() -> String) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<rustc_hash::FxHashMap<(&'static str, bool, bool), &'static str>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache.entry(key).or_insert_with(|| String::leak(make()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Helper; 8] = [
        Helper::Namespace,
        Helper::Export,
        Helper::ToEsm,
        Helper::CommonJs,
        Helper::ToCjs,
        Helper::Esm,
        Helper::ReExport,
        Helper::LoadCss,
    ];

    #[test]
    fn every_helper_is_found_and_defines_its_name() {
        for h in ALL {
            assert!(
                h.source(true).contains(&format!("function {}(", h.name())),
                "{h:?}"
            );
            assert!(!h.source(true).contains("@helper"));
        }
    }

    /// `named` renames a helper by its declaration alone: no helper may call
    /// itself or another helper by name.
    #[test]
    fn helpers_name_no_helper_but_their_own_declaration() {
        for h in ALL {
            for other in ALL {
                let count = h
                    .source(true)
                    .matches(&format!("{}(", other.name()))
                    .count();
                assert_eq!(count, usize::from(h == other), "{h:?} names {other:?}");
            }
        }
    }

    /// `module.require` is set in a `--platform node` output's factories only.
    #[test]
    fn lines_marked_node_are_kept_for_node_alone() {
        let node = Helper::CommonJs.source(true);
        assert!(node.contains("module.require = require;\n"), "{node}");
        assert!(
            !node.contains("@node\n") && !node.ends_with("@node"),
            "{node}"
        );
        let browser = Helper::CommonJs.source(false);
        assert!(!browser.contains("module.require = require"), "{browser}");
        assert!(browser.contains("factory.call(module.exports"), "{browser}");
        assert_eq!(
            Helper::Namespace.source(false),
            Helper::Namespace.source(true)
        );
    }

    #[test]
    fn named_renames_the_declaration() {
        let code = Helper::CommonJs.named(Helper::CommonJs.source(false), "a");
        assert!(code.contains("function a(factory)"), "{code}");
        assert!(!code.contains("__sheafCommonJS"));
        let same = Helper::CommonJs.named(Helper::CommonJs.source(false), "__sheafCommonJS");
        assert!(matches!(same, std::borrow::Cow::Borrowed(_)));
    }
}
