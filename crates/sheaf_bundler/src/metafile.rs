//! The metafile: what went into each output, in esbuild's JSON shape, so that
//! bundle analyzers made for esbuild (esbuild.github.io/analyze, esbuild-visualizer)
//! read it as is.
//!
//! Example:
//! ```json
//! { "inputs": { "src/a.js": { "bytes": 120, "imports": [
//!       { "path": "src/b.js", "kind": "import-statement", "original": "./b" } ], "format": "esm" } },
//!   "outputs": { "dist/a.js": { "bytes": 300, "inputs": { "src/a.js": { "bytesInOutput": 96 } },
//!       "imports": [ { "path": "dist/chunk-5kq2m0ab.js", "kind": "import-statement" } ],
//!       "exports": [ "run" ], "entryPoint": "src/a.js" } } }
//! ```
//!
//! Why from the finished outputs: sizes and names are the ones written to disk.

use serde_json::{json, Map, Value};
use sheaf_ecma::{ImportKind, ModuleFormat};

use crate::{
    generate::OutputAsset,
    graph::{ModuleGraph, ResolvedRecord},
    write::display_path,
};

pub fn metafile(graph: &ModuleGraph, assets: &[OutputAsset]) -> Value {
    let path = |p: &std::path::Path| display_path(p, &graph.cwd);
    let mut inputs = Map::new();
    for module in &graph.modules {
        let imports: Vec<Value> = module
            .info
            .records
            .iter()
            .zip(&module.resolved)
            .filter_map(|(record, resolved)| {
                let kind = match record.kind {
                    ImportKind::Static => "import-statement",
                    ImportKind::ReExport => "import-statement",
                    ImportKind::Dynamic => "dynamic-import",
                    ImportKind::Require => "require-call",
                };
                match resolved {
                    ResolvedRecord::Module(t) => Some(json!({
                        "path": path(&graph.module(*t).path),
                        "kind": kind,
                        "original": record.specifier,
                    })),
                    // A relative external is held as an absolute path: show it from the cwd.
                    ResolvedRecord::External(s) if std::path::Path::new(s).is_absolute() => {
                        Some(json!({
                            "path": path(std::path::Path::new(s)),
                            "kind": kind,
                            "external": true,
                        }))
                    }
                    ResolvedRecord::External(s) => Some(json!({
                        "path": s,
                        "kind": kind,
                        "external": true,
                    })),
                    ResolvedRecord::Failed => None,
                }
            })
            .collect();
        let mut input = json!({ "bytes": module.source_bytes, "imports": imports });
        match module.info.format {
            ModuleFormat::Esm
                if !module.info.records.is_empty() || !module.info.exports.is_empty() =>
            {
                input["format"] = json!("esm")
            }
            ModuleFormat::CommonJs => input["format"] = json!("cjs"),
            _ => {}
        }
        inputs.insert(path(&module.path), input);
    }
    let mut outputs = Map::new();
    for asset in assets {
        let mut output = json!({
            "bytes": asset.contents.len(),
            "inputs": {},
            "imports": [],
            "exports": [],
        });
        if let Some(meta) = &asset.meta {
            let mut ins = Map::new();
            for (m, bytes) in &meta.inputs {
                ins.insert(
                    path(&graph.module(*m).path),
                    json!({ "bytesInOutput": bytes }),
                );
            }
            output["inputs"] = Value::Object(ins);
            output["imports"] = meta
                .imports
                .iter()
                .map(|(p, dynamic)| {
                    json!({
                        "path": path(p),
                        "kind": if *dynamic { "dynamic-import" } else { "import-statement" },
                    })
                })
                .collect();
            output["exports"] = json!(meta.exports);
            if let Some(m) = meta.entry_point {
                output["entryPoint"] = json!(path(&graph.module(m).path));
            }
        }
        outputs.insert(path(&asset.path), output);
    }
    json!({ "inputs": inputs, "outputs": outputs })
}
