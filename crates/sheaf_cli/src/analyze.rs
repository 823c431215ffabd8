//! `sheaf build --analyze`: each output's size and the inputs that make it up,
//! biggest first, read from the metafile.
//!
//! Example:
//! ```text
//!   dist/main.js                          3.1 KiB  100.0%
//!    ├ src/app.js                         1.9 KiB   61.2%
//!    └ src/util.js                        1.2 KiB   38.8%
//! ```
//!
//! Why from the metafile: the same numbers a bundle analyzer would show.

use std::io::Write;

use serde_json::Value;

/// How many inputs are listed per output; the rest are summed up in one line.
const TOP: usize = 10;

pub fn print(metafile: &Value, out: &mut dyn Write) {
    let Some(outputs) = metafile.get("outputs").and_then(Value::as_object) else {
        return;
    };
    let _ = writeln!(out);
    for (path, output) in outputs {
        if path.ends_with(".map") || path.ends_with(".json") {
            continue;
        }
        let bytes = output["bytes"].as_u64().unwrap_or(0);
        let _ = writeln!(
            out,
            "  {path:<48} {:>10}  100.0%",
            crate::human_size(bytes as usize)
        );
        let mut inputs: Vec<(&String, u64)> = output["inputs"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k, v["bytesInOutput"].as_u64().unwrap_or(0)))
                    .collect()
            })
            .unwrap_or_default();
        inputs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let rest: u64 = inputs.iter().skip(TOP).map(|(_, b)| b).sum();
        let rest_count = inputs.len().saturating_sub(TOP);
        let mut lines: Vec<(String, u64)> = inputs
            .iter()
            .take(TOP)
            .map(|(p, b)| ((*p).clone(), *b))
            .collect();
        if rest_count > 0 {
            lines.push((format!("({rest_count} more)"), rest));
        }
        for (i, (name, b)) in lines.iter().enumerate() {
            let branch = if i + 1 == lines.len() { "└" } else { "├" };
            let share = if bytes == 0 {
                0.0
            } else {
                *b as f64 * 100.0 / bytes as f64
            };
            let _ = writeln!(
                out,
                "   {branch} {:<46} {:>10}  {share:>5.1}%",
                shorten(name, 46),
                crate::human_size(*b as usize)
            );
        }
        let _ = writeln!(out);
    }
}

/// Keeps the end of a long path, where the file name is.
fn shorten(path: &str, width: usize) -> String {
    let chars: Vec<char> = path.chars().collect();
    if chars.len() <= width {
        path.to_string()
    } else {
        format!(
            "…{}",
            chars[chars.len() - (width - 1)..]
                .iter()
                .collect::<String>()
        )
    }
}
