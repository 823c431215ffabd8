//! Output file names: `--entry-names`/`--chunk-names` patterns, and content hashes.
//!
//! Example: with `--chunk-names chunks/[name]-[hash]`, a shared chunk is first
//! named `chunks/chunk-!~{002}~.js` (a placeholder as long as a hash), rendered
//! with that name in every `import`, and finally `chunks/chunk-5kq2m0ab.js`
//! once its content is known.
//!
//! Why placeholders: a chunk's name depends on its content, which contains the
//! names of the chunks it imports. Placeholders of the final length let every
//! chunk be rendered once, hashed, and patched in place without moving a single
//! source-map column. A chunk's hash covers its own code (with placeholders
//! blanked, so renumbered chunks do not change it) and the code of every chunk it
//! loads, directly or not: a change moves the hashes of the chunks that contain
//! it or load it, and no others.

use std::{
    borrow::Cow,
    path::{Path, PathBuf},
};

use sheaf_common::{BuildOptions, Diagnostic};
use xxhash_rust::xxh3::Xxh3;

/// Length of `[hash]`.
pub const HASH_LEN: usize = 8;
const PLACEHOLDER_OPEN: &str = "!~{";
const PLACEHOLDER_CLOSE: &str = "}~";

/// The folder output paths are relative to.
pub fn output_root(options: &BuildOptions) -> PathBuf {
    match (&options.out_file, &options.out_dir) {
        (Some(f), _) => options
            .cwd
            .join(f)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| options.cwd.clone()),
        (None, Some(d)) => options.cwd.join(d),
        (None, None) => options.cwd.clone(),
    }
}

/// The deepest folder that holds every one of `folders`.
pub fn common_folder<'p>(folders: impl Iterator<Item = &'p Path>) -> PathBuf {
    let mut base: Option<PathBuf> = None;
    for dir in folders {
        base = Some(match base {
            None => dir.to_path_buf(),
            Some(b) => b
                .components()
                .zip(dir.components())
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| x)
                .collect(),
        });
    }
    base.unwrap_or_default()
}

/// `[hash]` of a file's bytes.
pub fn hash_bytes(bytes: &[u8]) -> String {
    encode(xxhash_rust::xxh3::xxh3_64(bytes))
}

/// The placeholder for chunk `index`'s hash, `HASH_LEN` characters long.
pub fn placeholder(index: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = [b'0'; 3];
    let mut n = index;
    for d in digits.iter_mut().rev() {
        *d = DIGITS[n % 36];
        n /= 36;
    }
    format!(
        "{PLACEHOLDER_OPEN}{}{PLACEHOLDER_CLOSE}",
        std::str::from_utf8(&digits).expect("ASCII")
    )
}

/// A piece of chunk text: plain text, or a placeholder with the chunk index it
/// names and its own text.
enum Segment<'t> {
    Text(&'t str),
    Placeholder(usize, &'t str),
}

/// Splits `text` at placeholders.
fn segments(text: &str) -> impl Iterator<Item = Segment<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut from = 0;
        while let Some(i) = rest[from..].find(PLACEHOLDER_OPEN) {
            let at = from + i;
            if let Some(index) = parse_placeholder(&rest.as_bytes()[at..]) {
                if at > 0 {
                    let (text, tail) = rest.split_at(at);
                    rest = tail;
                    return Some(Segment::Text(text));
                }
                let (placeholder, tail) = rest.split_at(HASH_LEN);
                rest = tail;
                return Some(Segment::Placeholder(index, placeholder));
            }
            from = at + PLACEHOLDER_OPEN.len();
        }
        let text = rest;
        rest = "";
        Some(Segment::Text(text))
    })
}

/// The chunk index of a placeholder at the start of `bytes`. Bytes, not `str`:
/// a look-alike followed by non-ASCII text must not be sliced mid-character.
fn parse_placeholder(bytes: &[u8]) -> Option<usize> {
    let candidate = bytes.get(..HASH_LEN)?;
    let digits = &candidate[PLACEHOLDER_OPEN.len()..HASH_LEN - PLACEHOLDER_CLOSE.len()];
    if !candidate.ends_with(PLACEHOLDER_CLOSE.as_bytes())
        || !digits.iter().all(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    usize::from_str_radix(std::str::from_utf8(digits).ok()?, 36).ok()
}

/// The chunk index of every placeholder in `text`, in order of appearance.
pub fn placeholders_in(text: &str) -> Vec<usize> {
    segments(text)
        .filter_map(|s| match s {
            Segment::Placeholder(index, _) => Some(index),
            Segment::Text(_) => None,
        })
        .collect()
}

/// Replaces every placeholder with `hashes[index]` (same length, so offsets
/// stay); text without placeholders is returned as it is.
pub fn fill_placeholders<'t>(text: &'t str, hashes: &[String]) -> Cow<'t, str> {
    if !text.contains(PLACEHOLDER_OPEN) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for segment in segments(text) {
        match segment {
            Segment::Placeholder(index, raw) => {
                out.push_str(hashes.get(index).map_or(raw, String::as_str))
            }
            Segment::Text(t) => out.push_str(t),
        }
    }
    Cow::Owned(out)
}

/// Content hashes for chunks whose code (`codes[i]`, with placeholders) loads the
/// chunks named by its placeholders: each hash covers the chunk and everything
/// it loads, transitively (cycles included).
pub fn content_hashes(codes: &[&str]) -> Vec<String> {
    let own: Vec<u64> = codes
        .iter()
        .map(|code| {
            let mut h = Xxh3::new();
            // Placeholders are left out: which chunk is loaded is covered by its
            // own hash below, not by its (order-dependent) number.
            for segment in segments(code) {
                match segment {
                    Segment::Text(t) => h.update(t.as_bytes()),
                    Segment::Placeholder(..) => h.update(b"#"),
                }
            }
            h.digest()
        })
        .collect();
    let deps: Vec<Vec<usize>> = codes.iter().map(|c| placeholders_in(c)).collect();
    (0..codes.len())
        .map(|start| {
            // Breadth-first over what `start` loads, in order of appearance.
            let mut seen = vec![false; codes.len()];
            let mut queue = vec![start];
            seen[start] = true;
            let mut h = Xxh3::new();
            let mut i = 0;
            while i < queue.len() {
                let c = queue[i];
                i += 1;
                h.update(&own[c].to_le_bytes());
                for &d in &deps[c] {
                    if d < codes.len() && !seen[d] {
                        seen[d] = true;
                        queue.push(d);
                    }
                }
            }
            encode(h.digest())
        })
        .collect()
}

/// The first `HASH_LEN` base-32 digits of a hash (lower case, file-system safe).
fn encode(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuv";
    (0..HASH_LEN)
        .map(|_| {
            let d = DIGITS[(n & 31) as usize] as char;
            n >>= 5;
            d
        })
        .collect()
}

/// What a name pattern may contain.
pub fn check_pattern(flag: &str, pattern: &str) -> Result<(), Diagnostic> {
    let mut rest = pattern;
    while let Some(i) = rest.find('[') {
        let Some(j) = rest[i..].find(']') else {
            break;
        };
        let token = &rest[i..i + j + 1];
        if !matches!(token, "[name]" | "[hash]" | "[dir]" | "[ext]") {
            return Err(Diagnostic::error(
                "E_OPTIONS",
                format!("{flag} {pattern:?}: unknown placeholder {token}"),
            )
            .with_help("placeholders: [name], [hash], [dir], [ext]"));
        }
        rest = &rest[i + j + 1..];
    }
    if pattern.starts_with('/') || pattern.split('/').any(|s| s == "..") {
        return Err(Diagnostic::error(
            "E_OPTIONS",
            format!("{flag} {pattern:?} must stay inside the output folder"),
        ));
    }
    Ok(())
}

/// Expands a pattern: `[dir]/[name]-[hash]` → `pages/about-!~{003}~.js`.
pub fn expand(pattern: &str, name: &str, dir: &str, hash: &str, ext: &str) -> String {
    let path = pattern
        .replace("[name]", &sanitize(name))
        .replace("[dir]", dir)
        .replace("[hash]", hash)
        .replace("[ext]", ext);
    let clean: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    format!("{}.{ext}", clean.join("/"))
}

/// `[name]` with the characters that break URLs or file systems (`#`, `?`,
/// `%`, `+`, `:`, control characters, …) replaced by `_`, as Rollup's
/// `sanitizeFileName` does: `+page` → `_page`.
fn sanitize(name: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() || "\"#$%&*+,:;<=>?[]^`{|}".contains(c);
    if name.contains(bad) {
        Cow::Owned(name.replace(bad, "_"))
    } else {
        Cow::Borrowed(name)
    }
}

/// An import specifier from the file `from` to the file `to` (both relative to
/// the output folder, `/`-separated): `./x.js`, `../chunks/x.js`.
/// A relative import marked external is held as the absolute path it names
/// (`../vendor/x.js` from `src/a.js` → `/project/vendor/x.js`), so that every
/// output refers to it from where that output is written.
pub fn absolute_external(importer: &Path, specifier: &str) -> String {
    if !sheaf_resolve::is_relative(specifier) {
        return specifier.to_string();
    }
    let mut path = importer.parent().map(Path::to_path_buf).unwrap_or_default();
    for part in specifier.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                path.pop();
            }
            p => path.push(p),
        }
    }
    path.to_string_lossy().into_owned()
}

/// An external specifier as the output file `output` writes it: an absolute
/// path (see [`absolute_external`]) becomes relative to the output's folder.
pub fn external_specifier(spec: &str, output: &Path) -> String {
    let target = Path::new(spec);
    if !target.is_absolute() {
        return spec.to_string();
    }
    let from: Vec<_> = output
        .parent()
        .map(|p| p.components().collect())
        .unwrap_or_default();
    let to: Vec<_> = target.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = "../".repeat(from.len() - common);
    let down: Vec<String> = to[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let down = down.join("/");
    if ups.is_empty() {
        format!("./{down}")
    } else {
        format!("{ups}{down}")
    }
}

pub fn relative_specifier(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let ups = from_dir.len() - common;
    let down = to_parts[common..].join("/");
    if ups == 0 {
        format!("./{down}")
    } else {
        format!("{}{down}", "../".repeat(ups))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_round_trip() {
        let p = placeholder(37);
        assert_eq!(p.len(), HASH_LEN);
        let text = format!("import './chunk-{p}.js'; x !~{{ y");
        assert_eq!(placeholders_in(&text), vec![37]);
        let mut hashes = vec![String::new(); 38];
        hashes[37] = "abcdefgh".into();
        assert_eq!(
            fill_placeholders(&text, &hashes),
            "import './chunk-abcdefgh.js'; x !~{ y"
        );
    }

    #[test]
    fn placeholder_look_alike_before_non_ascii_text_is_left_alone() {
        // Once panicked: the look-alike was sliced as `str` in the middle of `é`.
        let text = "const s = '!~{éé}~ and !~{x';";
        assert_eq!(placeholders_in(text), Vec::<usize>::new());
        assert_eq!(fill_placeholders(text, &[]), text);
        assert_eq!(content_hashes(&[text]).len(), 1);
    }

    #[test]
    fn hashes_follow_what_a_chunk_loads() {
        let (a, b, c) = (
            format!("a imports {}", placeholder(1)),
            "b".to_string(),
            "c".to_string(),
        );
        let before = content_hashes(&[&a, &b, &c]);
        let after = content_hashes(&[&a, "b changed", &c]);
        assert_ne!(before[0], after[0], "a loads b");
        assert_ne!(before[1], after[1]);
        assert_eq!(before[2], after[2], "c does not load b");
        assert_eq!(before[0].len(), HASH_LEN);
    }

    #[test]
    fn relative_externals() {
        let abs = absolute_external(Path::new("/p/src/lib/a.js"), "../../vendor/x.js");
        assert_eq!(abs, "/p/vendor/x.js");
        assert_eq!(
            external_specifier(&abs, Path::new("/p/dist/out.js")),
            "../vendor/x.js"
        );
        assert_eq!(
            external_specifier(&abs, Path::new("/p/out.js")),
            "./vendor/x.js"
        );
        assert_eq!(
            external_specifier("lodash", Path::new("/p/dist/out.js")),
            "lodash"
        );
        assert_eq!(absolute_external(Path::new("/p/a.js"), "lodash"), "lodash");
    }

    #[test]
    fn relative_specifiers() {
        assert_eq!(relative_specifier("a.js", "chunk.js"), "./chunk.js");
        assert_eq!(relative_specifier("pages/a.js", "chunk.js"), "../chunk.js");
        assert_eq!(relative_specifier("a.js", "c/x.js"), "./c/x.js");
        assert_eq!(relative_specifier("c/a.js", "c/x.js"), "./x.js");
    }

    #[test]
    fn patterns() {
        assert_eq!(expand("[dir]/[name]", "main", "", "h", "js"), "main.js");
        assert_eq!(
            expand("[dir]/[name]-[hash]", "a", "pages", "12345678", "js"),
            "pages/a-12345678.js"
        );
        assert!(check_pattern("--chunk-names", "[name]-[hsh]").is_err());
        assert_eq!(expand("[name]", "+page?#1", "", "h", "js"), "_page__1.js");
        assert!(check_pattern("--chunk-names", "../x").is_err());
    }
}
