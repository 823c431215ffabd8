//! The page `sheaf dev` serves: `index.html` with its module scripts replaced by
//! the dev client and the bundle.
//!
//! Example: `<script type="module" src="/src/main.tsx"></script>` makes
//! `src/main.tsx` an entry, and the page gets
//! `<script src="/@sheaf/client.js"></script><script src="/@sheaf/bundle.js"></script>`
//! in its place.
//!
//! Why rewrite instead of serving modules: the bundle is already in memory as a
//! module registry, so the page makes two requests whatever the app's size.

use std::path::Path;

/// The entries (paths relative to `root`) and the rewritten page.
pub fn rewrite(html: &str, html_dir: &Path, root: &Path) -> (Vec<String>, String) {
    let mut entries = Vec::new();
    let mut out = String::with_capacity(html.len() + 128);
    let mut rest = html;
    let mut injected = false;
    while let Some(start) = find_ci(rest, "<script") {
        let Some(tag_end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + tag_end + 1];
        let close = find_ci(&rest[start + tag_end + 1..], "</script>")
            .map(|i| start + tag_end + 1 + i + "</script>".len());
        let is_module = attr(tag, "type").as_deref() == Some("module");
        match (is_module, attr(tag, "src"), close) {
            (true, Some(src), Some(end)) if !src.contains("://") && !src.starts_with("//") => {
                out.push_str(&rest[..start]);
                let path = if let Some(abs) = src.strip_prefix('/') {
                    root.join(abs)
                } else {
                    html_dir.join(&src)
                };
                let rel = path.strip_prefix(root).unwrap_or(&path);
                entries.push(rel.to_string_lossy().replace('\\', "/"));
                if !injected {
                    out.push_str(
                        "<script src=\"/@sheaf/client.js\"></script><script src=\"/@sheaf/bundle.js\"></script>",
                    );
                    injected = true;
                }
                rest = &rest[end..];
            }
            (_, _, Some(end)) => {
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            _ => {
                out.push_str(&rest[..start + tag_end + 1]);
                rest = &rest[start + tag_end + 1..];
            }
        }
    }
    out.push_str(rest);
    (entries, out)
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// The value of attribute `name` in an opening tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before = lower[..at].chars().last();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let after = lower[from..].trim_start();
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value_start = tag.len() - value.len();
        let value = tag[value_start..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_scripts_become_entries() {
        let html = r#"<html><head><script>var x = 1;</script></head><body>
<script type="module" src="/src/main.js"></script>
<script type=module src='./other.ts'></script>
<script src="https://cdn.example/x.js"></script></body></html>"#;
        let (entries, page) = rewrite(html, Path::new("/p"), Path::new("/p"));
        assert_eq!(entries, ["src/main.js", "other.ts"]);
        assert_eq!(page.matches("/@sheaf/bundle.js").count(), 1);
        assert!(page.contains("var x = 1;") && page.contains("https://cdn.example/x.js"));
        assert!(!page.contains("src/main.js"));
    }
}
