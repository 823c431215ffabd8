//! sheaf_ecma: the only crate that names swc types.
//!
//! Example:
//! ```ignore
//! let ctx = EcmaContext::new();
//! let define = Define::parse(&ctx, &[("DEBUG".into(), "false".into())])?;
//! let (ast, info) = load_module(&ctx, path, source, &LoadOptions { jsx, define: &define })?;
//! // ... the bundler links `info` of every module into a RenderPlan per module ...
//! let rendered = render_module(&ctx, &ast, &plan);
//! let map = ctx.build_source_map(&[(0, &rendered.mappings)], out_dir);
//! ```
//!
//! Why one crate: swc_core is heavy to compile and its generic visitors
//! re-monomorphise on every change, so everything SWC-facing lives here and the
//! bundler sees plain facts ([`ModuleInfo`]) and instructions ([`RenderPlan`]).

mod analyze;
mod array_reads;
mod asset_urls;
mod assigned_fields;
mod catch_vars;
pub mod chunk_minify;
mod class_names;
pub mod concat;
mod context;
mod define;
mod directives;
mod early_errors;
mod export_index;
mod fold;
mod freed_pages;
mod helper_polyfills;
mod json_string;
mod line_index;
mod load;
mod lowering;
mod map_join;
mod map_writer;
mod minify;
mod near_search;
mod oxc_lazy;
mod oxc_minify;
mod parts;
mod places;
pub use minify::FactoryHead;
mod pure_calls;
mod pure_factories;
mod purity;
mod render;
mod semi_writer;
mod sourcemap;
mod text_tests;
mod to_oxc;
mod transpile;
mod ts_namespace;
mod ts_spans;
mod wrap;

pub use analyze::{
    CjsExports, ConstArray, ConstValue, ImportBinding, ImportKind, ImportRecord, Imported,
    LocalExport, ModuleFormat, ModuleInfo, ReExport, SymbolIdx, SymbolInfo, SymbolKind,
    MEMBER_PATH_SEP, NAMESPACE_SYMBOL,
};
pub use context::{EcmaContext, Loc};
pub use define::Define;
pub use export_index::ExportRef;
pub use load::{empty_module, load_module, ClassOptions, LoadOptions, ModuleAst, UsedHelpers};
pub use lowering::Lowering;
pub use parts::{Part, PartRef, Parts};
pub use render::{
    minify_script, prelude_names, render_helpers, render_module, render_module_owned,
    DynamicImport, ImportMetaMode, Interop, MemberName, Name, RenderPlan, RenderedModule,
    Replacement, RequireCall, NODE_CJS_META,
};
pub use sourcemap::{chain_maps, chain_output_map, relative_path, shift_lines, Mappings};
pub use swc_sourcemap::SourceMap as InputMap;
pub use transpile::{transpile_file, Transpiled};
