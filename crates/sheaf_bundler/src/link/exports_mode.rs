//! `--exports` (Rollup's `output.exports`): which cjs and iife entries hand out
//! their default export as the whole `module.exports` (or the global).
//!
//! Example: `config.js` is `export default { name: 'example' }`. With `--exports
//! auto`, its cjs output ends with `module.exports = config_default;`, so
//! `require('./config.js')` is the object itself, as Rollup and rolldown write
//! it, rather than `{ default: … }` with `__esModule` (`named`, the default).
//!
//! Why a pass: the decision changes how other chunks read the entry's names
//! (the chunk's `require()` is the value itself), so it is made once the
//! cross-chunk sharing is known and before anything is named.

use std::{path::Path, sync::Arc};

use rustc_hash::FxHashSet;
use sheaf_common::{Diagnostic, ExportsMode, Format, Label};
use sheaf_ecma::NAMESPACE_SYMBOL;

use super::{
    bind::Bindings,
    chunks::{ChunkGraph, EntryPoint},
    sharing::Sharing,
    ChunkIdx, Key, Linker, Target,
};

impl Linker<'_> {
    /// The entry chunks whose `module.exports` (iife: global) is their default
    /// export: the entry (an ES module) exports `default` and nothing else, and
    /// other chunks take nothing from its chunk but that value. `--exports
    /// default` makes any other entry an error.
    pub(super) fn default_export_chunks(
        &mut self,
        chunk_graph: &ChunkGraph,
        entry_points: &[EntryPoint],
        bindings: &Bindings,
        sharing: &Sharing,
    ) -> FxHashSet<ChunkIdx> {
        let mut out = FxHashSet::default();
        let options = self.options;
        let applies = match options.format {
            Format::Cjs => true,
            Format::Iife => options.global_name.is_some(),
            Format::Esm => false,
        };
        if options.exports == ExportsMode::Named || !applies {
            return out;
        }
        for (i, ep) in entry_points.iter().enumerate() {
            let Some(user) = ep.user else { continue };
            if self.graph.is_commonjs(ep.module) {
                continue; // Its `module.exports` is handed out as it is.
            }
            let c = chunk_graph.entry_chunk(ep);
            let exports = &bindings.entry_exports[i];
            let only_default = matches!(exports.as_slice(), [(name, _)] if name == "default")
                && bindings.entry_stars[i].is_empty();
            let key = match exports.first().map(|(_, t)| t) {
                Some(Target::Symbol(m, s)) => Some(Key::Local(*m, *s)),
                Some(Target::Namespace(t)) => Some(Key::Local(*t, NAMESPACE_SYMBOL)),
                _ => None,
            };
            let shared_alone = sharing.exports[c.index()]
                .iter()
                .all(|k| Some(k) == key.as_ref());
            if only_default && shared_alone {
                out.insert(c);
            } else if options.exports == ExportsMode::Default {
                let name = &self.graph.entries[user].name;
                let why = match only_default {
                    false => {
                        let names: Vec<&str> = exports.iter().map(|(n, _)| n.as_str()).collect();
                        match names.is_empty() && bindings.entry_stars[i].is_empty() {
                            true => "it has no default export".to_string(),
                            false => format!("it exports {}", names.join(", ")),
                        }
                    }
                    true => "other chunks import more of its chunk than its default".to_string(),
                };
                let d = Diagnostic::error(
                    "E_EXPORTS_DEFAULT",
                    format!("--exports default: entry \"{name}\" cannot be only its default export: {why}"),
                )
                .with_label(first_named_export(&self.graph.module(ep.module).path))
                .with_help("use --exports auto (default export alone when it can) or named");
                self.errors.push(d);
            }
        }
        out
    }
}

/// Where the entry at `path` first exports something other than `default`
/// (else its start), for the error's code frame.
fn first_named_export(path: &Path) -> Label {
    let source: Arc<str> = std::fs::read_to_string(path).unwrap_or_default().into();
    let at = source
        .match_indices("export ")
        .map(|(i, _)| i)
        .find(|&i| !source[i + 7..].trim_start().starts_with("default"))
        .unwrap_or(0);
    let end = if source[at..].starts_with("export ") {
        at + 6
    } else {
        at
    };
    Label::new(path.to_path_buf(), source, at, end)
}
