//! Hook filters, evaluated in Rust: a plugin's JavaScript runs only for the
//! modules its `filter` (Rollup's and rolldown's `{ id, code, moduleType }`) lets through.
//!
//! Example: `transform: { filter: { id: /\.ya?ml$/ }, handler }` in a build of
//! 10,000 `.ts` files and one `.yaml` file calls `handler` once.
//!
//! Semantics, as in Rollup: a pattern is a JavaScript `RegExp` (matched with
//! `regress`, an ECMAScript regex engine, so `(?<name>…)`, `\d`, `u` and `i`
//! behave as in Node) or a string: for `id` a glob (relative globs are taken
//! from the working directory), for `code` a substring. `exclude` wins over
//! `include`; no `include` lets everything through.

use std::path::Path;

use napi_derive::napi;

/// One pattern as the JS side sends it: a RegExp's source and flags, or a string.
#[napi(object)]
#[derive(Clone)]
pub struct PatternSpec {
    pub regex: Option<String>,
    pub flags: Option<String>,
    pub string: Option<String>,
}

#[napi(object)]
#[derive(Clone, Default)]
pub struct PatternSetSpec {
    pub include: Vec<PatternSpec>,
    pub exclude: Vec<PatternSpec>,
}

#[napi(object)]
#[derive(Clone, Default)]
pub struct FilterSpec {
    pub id: Option<PatternSetSpec>,
    pub code: Option<PatternSetSpec>,
    pub module_type: Option<Vec<String>>,
}

enum Pattern {
    Regex(regress::Regex),
    Glob(globset::GlobMatcher),
    Substring(String),
}

impl Pattern {
    fn matches(&self, text: &str) -> bool {
        match self {
            Pattern::Regex(r) => r.find(text).is_some(),
            Pattern::Glob(g) => g.is_match(text),
            Pattern::Substring(s) => text.contains(s.as_str()),
        }
    }
}

#[derive(Default)]
struct PatternSet {
    include: Vec<Pattern>,
    exclude: Vec<Pattern>,
}

impl PatternSet {
    fn matches(&self, text: &str) -> bool {
        if self.exclude.iter().any(|p| p.matches(text)) {
            return false;
        }
        self.include.is_empty() || self.include.iter().any(|p| p.matches(text))
    }
}

/// A compiled filter. `None` parts let everything through.
#[derive(Default)]
pub struct Filter {
    id: Option<PatternSet>,
    code: Option<PatternSet>,
    module_type: Option<Vec<String>>,
}

/// Whether strings in this set are globs over ids or substrings of code.
#[derive(Clone, Copy)]
enum Strings {
    Glob,
    Substring,
}

impl Filter {
    pub fn compile(spec: &FilterSpec, cwd: &Path) -> Result<Filter, String> {
        Ok(Filter {
            id: spec
                .id
                .as_ref()
                .map(|s| compile_set(s, Strings::Glob, cwd))
                .transpose()?,
            code: spec
                .code
                .as_ref()
                .map(|s| compile_set(s, Strings::Substring, cwd))
                .transpose()?,
            module_type: spec.module_type.clone(),
        })
    }

    pub fn matches_id(&self, id: &str) -> bool {
        self.id.as_ref().is_none_or(|s| s.matches(id))
    }

    /// The whole filter: `code` and `moduleType` only where the hook has them.
    pub fn matches(&self, id: &str, code: Option<&str>, module_type: Option<&str>) -> bool {
        self.matches_id(id)
            && match (&self.code, code) {
                (Some(set), Some(code)) => set.matches(code),
                _ => true,
            }
            && match (&self.module_type, module_type) {
                (Some(types), Some(t)) => types.iter().any(|x| x == t),
                _ => true,
            }
    }
}

fn compile_set(spec: &PatternSetSpec, strings: Strings, cwd: &Path) -> Result<PatternSet, String> {
    let compile = |list: &[PatternSpec]| -> Result<Vec<Pattern>, String> {
        list.iter()
            .map(|p| compile_pattern(p, strings, cwd))
            .collect()
    };
    Ok(PatternSet {
        include: compile(&spec.include)?,
        exclude: compile(&spec.exclude)?,
    })
}

fn compile_pattern(spec: &PatternSpec, strings: Strings, cwd: &Path) -> Result<Pattern, String> {
    if let Some(source) = &spec.regex {
        // `g` and `y` only change `lastIndex` bookkeeping, which a filter must not have.
        let flags: String = spec
            .flags
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| !matches!(c, 'g' | 'y' | 'd'))
            .collect();
        return regress::Regex::with_flags(source, flags.as_str())
            .map(Pattern::Regex)
            .map_err(|e| format!("invalid regular expression /{source}/: {e}"));
    }
    let text = spec.string.clone().unwrap_or_default();
    match strings {
        Strings::Substring => Ok(Pattern::Substring(text)),
        Strings::Glob => {
            let pattern = if text.starts_with('*') || Path::new(&text).is_absolute() {
                text
            } else {
                let rel = text.strip_prefix("./").unwrap_or(&text);
                format!("{}/{rel}", cwd.to_string_lossy().trim_end_matches('/'))
            };
            globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map(|g| Pattern::Glob(g.compile_matcher()))
                .map_err(|e| format!("invalid glob {pattern:?}: {e}"))
        }
    }
}
