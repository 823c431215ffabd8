//! `--polyfills usage`: the built-ins that lowering's own helpers need.
//!
//! Example: `async function f() {}` uses no built-in, but lowered for ES5 it
//! calls `_async_to_generator`, which builds a `Promise`. preset-env decides
//! polyfills from the code as written, before lowering, so a program whose only
//! modern feature is an async function got no `es.promise` and failed in an ES5
//! browser (`Promise` is undefined).
//!
//! How: each helper the lowered module calls stands for a line of code that
//! uses the same built-ins (`Promise.resolve()`); those lines go through
//! preset-env's usage detection with the same targets, so only what the
//! targets lack is imported.

use swc_core::{
    common::{sync::Lrc, FileName, Mark, SourceMap, Spanned, DUMMY_SP},
    ecma::{
        ast::*,
        parser::{parse_file_as_module, EsSyntax, Syntax},
        preset_env,
        transforms::base::resolver,
        visit::{Visit, VisitWith},
    },
};

/// Helper names (as SWC names them) and code using what each one uses unguarded.
const NEEDS: &[(&str, &str)] = &[
    ("_async_to_generator", "Promise.resolve();"),
    (
        "_async_generator",
        "Promise.resolve(); Symbol.asyncIterator;",
    ),
    (
        "_wrap_async_generator",
        "Promise.resolve(); Symbol.asyncIterator;",
    ),
    (
        "_async_iterator",
        "Promise.resolve(); Symbol.asyncIterator; Symbol.iterator;",
    ),
    ("_await_async_generator", "Promise.resolve();"),
    ("_ts_generator", "Symbol.iterator;"),
    ("_to_consumable_array", "Symbol.iterator; Array.from(x);"),
    ("_iterable_to_array", "Symbol.iterator; Array.from(x);"),
    ("_sliced_to_array", "Symbol.iterator; Array.from(x);"),
    ("_to_array", "Symbol.iterator; Array.from(x);"),
    (
        "_unsupported_iterable_to_array",
        "Array.from(x); new Map(); new Set();",
    ),
    (
        "_create_for_of_iterator_helper",
        "Symbol.iterator; Array.from(x);",
    ),
    (
        "_create_for_of_iterator_helper_loose",
        "Symbol.iterator; Array.from(x);",
    ),
    ("_to_primitive", "Symbol.toPrimitive;"),
    ("_to_property_key", "Symbol.toPrimitive;"),
    ("_wrap_native_super", "new Map();"),
    ("_class_private_field_init", "new WeakMap();"),
    ("_class_private_method_init", "new WeakSet();"),
    ("_class_private_field_loose_key", "Symbol();"),
];

/// The polyfill imports (`import "core-js/modules/…"`) the helpers used by
/// `module` need for `versions`, with no spans (as preset-env injects them).
pub(crate) fn imports(
    module: &Module,
    versions: preset_env::Versions,
    version: preset_env::Version,
    unresolved_mark: Mark,
) -> Vec<ModuleItem> {
    let mut used = UsedHelpers(Vec::new());
    module.visit_with(&mut used);
    if used.0.is_empty() {
        return Vec::new();
    }
    let code: String = used
        .0
        .iter()
        .map(|&i| NEEDS[i].1)
        .collect::<Vec<_>>()
        .join("\n");
    let cm: Lrc<SourceMap> = Default::default();
    let fm = cm.new_source_file(Lrc::new(FileName::Anon), code);
    let Ok(snippet) = parse_file_as_module(
        &fm,
        Syntax::Es(EsSyntax::default()),
        EsVersion::latest(),
        None,
        &mut Vec::new(),
    ) else {
        return Vec::new();
    };
    let mut program = Program::Module(snippet);
    program.mutate(resolver(unresolved_mark, Mark::new(), false));
    program.mutate(preset_env::transform_from_env::<
        swc_core::common::comments::NoopComments,
    >(
        unresolved_mark,
        None,
        preset_env::Config {
            targets: Some(preset_env::Targets::Versions(versions)),
            mode: Some(preset_env::Mode::Usage),
            core_js: Some(version),
            ..Default::default()
        }
        .into(),
        Default::default(),
    ));
    let Program::Module(snippet) = program else {
        return Vec::new();
    };
    snippet
        .body
        .into_iter()
        .filter(|item| {
            matches!(item, ModuleItem::ModuleDecl(ModuleDecl::Import(i))
                if i.specifiers.is_empty() && i.src.span().is_dummy())
        })
        .map(|mut item| {
            if let ModuleItem::ModuleDecl(ModuleDecl::Import(i)) = &mut item {
                i.span = DUMMY_SP;
            }
            item
        })
        .collect()
}

/// Indices into [`NEEDS`] of the helpers a module calls.
struct UsedHelpers(Vec<usize>);

impl Visit for UsedHelpers {
    fn visit_ident(&mut self, i: &Ident) {
        if let Some(k) = NEEDS.iter().position(|(name, _)| i.sym == *name) {
            if !self.0.contains(&k) {
                self.0.push(k);
            }
        }
    }
}
