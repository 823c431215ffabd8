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

    /// The helper's source: from its `// @helper NAME` line to the next helper.
    pub fn source(self) -> &'static str {
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
    pub fn minified_source(self, ctx: &sheaf_ecma::EcmaContext) -> &'static str {
        use std::sync::{Mutex, OnceLock};
        static CACHE: OnceLock<Mutex<rustc_hash::FxHashMap<&'static str, &'static str>>> =
            OnceLock::new();
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        cache.entry(self.name()).or_insert_with(|| {
            match sheaf_ecma::minify_script(ctx, self.source()) {
                Some(code) => String::leak(code.trim_end().to_string()),
                None => self.source(),
            }
        })
    }
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
                h.source().contains(&format!("function {}(", h.name())),
                "{h:?}"
            );
            assert!(!h.source().contains("@helper"));
        }
    }

    /// `named` renames a helper by its declaration alone: no helper may call
    /// itself or another helper by name.
    #[test]
    fn helpers_name_no_helper_but_their_own_declaration() {
        for h in ALL {
            for other in ALL {
                let count = h.source().matches(&format!("{}(", other.name())).count();
                assert_eq!(count, usize::from(h == other), "{h:?} names {other:?}");
            }
        }
    }

    #[test]
    fn named_renames_the_declaration() {
        let code = Helper::CommonJs.named(Helper::CommonJs.source(), "a");
        assert!(code.contains("function a(factory)"), "{code}");
        assert!(!code.contains("__sheafCommonJS"));
        let same = Helper::CommonJs.named(Helper::CommonJs.source(), "__sheafCommonJS");
        assert!(matches!(same, std::borrow::Cow::Borrowed(_)));
    }
}
