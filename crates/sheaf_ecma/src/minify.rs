//! `--minify`: each module has its local names mangled on its own rayon task,
//! then is printed without whitespace.
//!
//! Example: `function add(first, second) { return first + second; }` becomes
//! `function add(n,r){return n+r}`: `add` is a top-level name other modules may
//! refer to, so it keeps the name the linker gave it; locals are mangled.
//! (Compression is not enabled yet: see `minify_module`.)
//!
//! Why per module: minification is the most expensive pass, and one serial pass
//! over a large output would undo the parallel pipeline. Top-level names stay as
//! linked (and are never dropped by the compressor), so modules stay joinable.

use swc_core::{
    common::{comments::Comments, Mark},
    ecma::{
        ast::*,
        minifier::{
            optimize,
            option::{ExtraOptions, MangleOptions, MinifyOptions},
        },
        visit::{VisitMut, VisitMutWith},
    },
};

use crate::EcmaContext;

/// `{ a } = o` → `{ a: a } = o`. The mangler renamed shorthand pattern bindings
/// at the top level even with `topLevel: false` and the names reserved, breaking
/// references from other modules; the long form keeps them.
struct ExpandShorthandPatterns;

impl VisitMut for ExpandShorthandPatterns {
    fn visit_mut_object_pat_prop(&mut self, p: &mut ObjectPatProp) {
        p.visit_mut_children_with(self);
        if let ObjectPatProp::Assign(a) = p {
            let key = PropName::Ident(IdentName::new(a.key.id.sym.clone(), a.key.id.span));
            let binding = Pat::Ident(a.key.clone());
            let value = match a.value.take() {
                Some(default) => Pat::Assign(AssignPat {
                    span: a.span,
                    left: Box::new(binding),
                    right: default,
                }),
                None => binding,
            };
            *p = ObjectPatProp::KeyValue(KeyValuePatProp {
                key,
                value: Box::new(value),
            });
        }
    }
}

pub(crate) fn minify_module(
    ctx: &EcmaContext,
    module: Module,
    comments: &dyn Comments,
    top_level_mark: Mark,
    top_level_names: Vec<&str>,
) -> Module {
    // The output's top-level names are reserved outright: `topLevel: false` alone
    // still renamed a top-level binding declared by a shorthand pattern
    // (`const { a } = o`), which other modules refer to by name.
    let mangle: MangleOptions = serde_json::from_value(serde_json::json!({
        "topLevel": false,
        "reserved": top_level_names,
    }))
    .expect("valid mangle options");
    // Compression is off for now: SWC's compressor dropped a local
    // `var copy = function copy() {…}` still in use in ramda's `_clone` (see the
    // issue notes). Mangling locals and removing whitespace are safe.
    let options = MinifyOptions {
        compress: None,
        mangle: Some(mangle),
        ..Default::default()
    };
    let mut module = module;
    module.visit_mut_with(&mut ExpandShorthandPatterns);
    ctx.with_globals(|| {
        optimize(
            Program::Module(module),
            ctx.cm.clone(),
            Some(comments),
            None,
            &options,
            &ExtraOptions {
                unresolved_mark: ctx.unresolved_mark,
                top_level_mark,
                mangle_name_cache: None,
            },
        )
        .expect_module()
    })
}
