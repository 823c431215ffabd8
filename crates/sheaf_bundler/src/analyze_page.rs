//! `--analyze=html`: one self-contained HTML page from the metafile: a zoomable
//! treemap of each output by input module, raw/gzip/brotli sizes, a search
//! box, and the import chain that brings a module in.
//!
//! Example: `sheaf build src/main.ts --outdir dist --analyze=html` also writes
//! `dist/analyze.html`; open it in a browser, no server needed.
//!
//! Why built here: the page is an output of the build (written atomically with
//! the rest), and the sizes need the outputs' bytes. gzip and brotli are
//! measured per output file; a module's share of them is estimated from its
//! share of the raw bytes (shown with `≈`).

use std::{io::Write, path::Path};

use serde_json::{json, Value};

use crate::OutputAsset;

const TEMPLATE: &str = include_str!("analyze_page.html");

fn gzip_size(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = e.write_all(bytes);
    e.finish().map_or(0, |v| v.len())
}

fn brotli_size(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => 0,
    }
}

/// The page for a build's metafile and outputs (paths in the metafile are
/// relative to `cwd`).
pub fn page(metafile: &Value, assets: &[OutputAsset], cwd: &Path) -> String {
    let mut outputs = Vec::new();
    for (path, out) in metafile["outputs"].as_object().into_iter().flatten() {
        let Some(inputs) = out["inputs"].as_object().filter(|i| !i.is_empty()) else {
            continue;
        };
        let bytes = assets
            .iter()
            .find(|a| a.path == cwd.join(path))
            .map(|a| a.contents.as_slice())
            .unwrap_or_default();
        let mut inputs: Vec<Value> = inputs
            .iter()
            .map(|(p, v)| json!({ "path": p, "bytes": v["bytesInOutput"] }))
            .collect();
        inputs.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
        outputs.push(json!({
            "path": path,
            "bytes": bytes.len(),
            "gzip": gzip_size(bytes),
            "brotli": brotli_size(bytes),
            "entry": out.get("entryPoint"),
            "inputs": inputs,
        }));
    }
    let imports: serde_json::Map<String, Value> = metafile["inputs"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(p, v)| {
            let list: Vec<Value> = v["imports"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i.get("path").cloned())
                .collect();
            (p.clone(), Value::Array(list))
        })
        .collect();
    let data = json!({ "outputs": outputs, "imports": imports }).to_string();
    // Inside <script>: a `</script>` in a path must not end the element.
    TEMPLATE.replace("__SHEAF_ANALYZE_DATA__", &data.replace("</", "<\\/"))
}
