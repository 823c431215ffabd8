//! `import "data:text/javascript,…"`: modules whose source is in the specifier.
//!
//! Example: `import x from 'data:application/json;base64,eyJhIjoxfQ=='` gives
//! `x = { a: 1 }`. A data URL is its own module id (the same URL is one module),
//! and is decoded here instead of read from disk, as esbuild and rolldown do.
//! JavaScript, JSON and plain text are supported; the resolver refuses other
//! types with a clear error.

use data_url::DataUrl;
use sheaf_common::Diagnostic;

/// How a data URL's body is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataKind {
    JavaScript,
    Json,
    Text,
}

/// The kind of `url` if it is a data URL sheaf can load.
pub fn kind(url: &str) -> Option<DataKind> {
    kind_of(&DataUrl::process(url).ok()?)
}

fn kind_of(parsed: &DataUrl) -> Option<DataKind> {
    let mime = parsed.mime_type();
    match (mime.type_.as_str(), mime.subtype.as_str()) {
        ("text" | "application", "javascript" | "ecmascript") => Some(DataKind::JavaScript),
        ("application", "json") => Some(DataKind::Json),
        ("text", "plain") => Some(DataKind::Text),
        _ => None,
    }
}

/// The module source for data URL `url`: JavaScript and JSON as they are
/// (JSON is parsed by its module id's type), text as `export default "…"`.
pub fn module_source(url: &str) -> Result<String, Vec<Diagnostic>> {
    let bad = |why: String| {
        vec![Diagnostic::error(
            "E_DATA_URL",
            format!("Cannot load {}: {why}", short(url)),
        )]
    };
    let parsed = DataUrl::process(url).map_err(|e| bad(format!("{e:?}")))?;
    let kind = kind_of(&parsed).ok_or_else(|| bad("unsupported data URL".into()))?;
    let (bytes, _) = parsed
        .decode_to_vec()
        .map_err(|_| bad("invalid base64".into()))?;
    let text = String::from_utf8(bytes).map_err(|_| bad("the body is not UTF-8".into()))?;
    Ok(match kind {
        DataKind::JavaScript | DataKind::Json => text,
        DataKind::Text => crate::asset::text_module_source(&text),
    })
}

/// `url` shortened for messages and `// path` comments: at most 60 characters,
/// with no line breaks.
pub fn short(url: &str) -> String {
    let mut out: String = url
        .chars()
        .take(60)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if url.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_and_base64_bodies() {
        assert_eq!(
            module_source("data:text/javascript,console.log('%31%32%33')").unwrap(),
            "console.log('123')"
        );
        assert_eq!(
            module_source("data:text/javascript;base64, ZXhwb3J0IGRlZmF1bHQgJ2hpJw==").unwrap(),
            "export default 'hi'"
        );
        assert_eq!(
            kind("data:application/json;charset=UTF-8,1"),
            Some(DataKind::Json)
        );
        assert_eq!(kind("data:image/png;base64,AAAA"), None);
        assert!(module_source("data:text/plain,a%0Ab")
            .unwrap()
            .contains("a\\nb"));
    }
}
