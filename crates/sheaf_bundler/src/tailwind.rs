//! Tailwind CSS source that reaches the bundle uncompiled: a warning.
//!
//! Example: `src/index.css` holds `@import "tailwindcss";` (Tailwind v4's
//! entry) or uses `@apply` / `@theme`. Those are Tailwind's input, meant for
//! Tailwind's compiler, which is JavaScript and does not run inside sheaf.
//! Bundled as they are, the page gets Tailwind's theme variables but none of
//! its utilities, silently. So the stylesheet that asks for Tailwind gets one
//! `W_CSS_TAILWIND` warning, at the rule, saying how to compile it: Tailwind's
//! CLI writes plain CSS (`--watch` next to `sheaf dev`), which sheaf bundles,
//! lowers and minifies like any stylesheet.
//!
//! Files of the `tailwindcss` package itself are not reported: the `@import`
//! that brought them in is (the user's line, not the package's).

use std::path::Path;

use lightningcss::rules::{CssRule, CssRuleList, Location};
use sheaf_common::Diagnostic;

/// Tailwind v4's at-rules (v3's `@tailwind` and `@config` included).
const DIRECTIVES: &[&str] = &[
    "tailwind",
    "theme",
    "apply",
    "utility",
    "variant",
    "custom-variant",
    "source",
    "plugin",
    "config",
    "reference",
];

/// The warning for a stylesheet that imports Tailwind's entry or uses its
/// directives: at the first such rule, or `None`.
pub fn warning(path: &Path, text: &str, rules: &CssRuleList, cwd: &Path) -> Option<Diagnostic> {
    if in_tailwind_package(path) {
        return None;
    }
    let (what, loc) = first_use(rules)?;
    let file = crate::write::display_path(path, cwd);
    let d = Diagnostic::warning(
        "W_CSS_TAILWIND",
        format!("{what} is Tailwind CSS source, which sheaf does not compile"),
    )
    .with_help(format!(
        "compile it with Tailwind's CLI (`npx @tailwindcss/cli -i {file} -o <out>.css`, \
         `--watch` next to `sheaf dev`) and import the output"
    ));
    Some(crate::css::at_location(d, path, text, loc))
}

/// The first rule, in source order and nested blocks included, that is a
/// Tailwind directive or imports the `tailwindcss` package.
fn first_use(rules: &CssRuleList) -> Option<(String, Location)> {
    rules.0.iter().find_map(|rule| match rule {
        CssRule::Import(i) if i.url == "tailwindcss" || i.url.starts_with("tailwindcss/") => {
            Some((format!("`@import \"{}\"`", i.url), i.loc))
        }
        CssRule::Unknown(u) if DIRECTIVES.contains(&&*u.name) => {
            Some((format!("`@{}`", u.name), u.loc))
        }
        CssRule::Style(s) => first_use(&s.rules),
        CssRule::Media(m) => first_use(&m.rules),
        CssRule::Supports(s) => first_use(&s.rules),
        CssRule::LayerBlock(l) => first_use(&l.rules),
        CssRule::Container(c) => first_use(&c.rules),
        _ => None,
    })
}

fn in_tailwind_package(path: &Path) -> bool {
    sheaf_common::path_text::packages(path).any(|package| package == "tailwindcss")
}
