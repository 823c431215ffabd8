//! Transpiling one file without bundling (`sheaf transform`): TypeScript, JSX,
//! `define` and lowering as in a build, with the helpers the file needs declared
//! in the file itself, imports and exports left as they are.
//!
//! Example: `src/util.ts` with a class and `--target es5` becomes `util.js` with
//! `function _class_call_check(…)` at the top and the class lowered below.
//!
//! Why its own entry point: bundling shares helpers across modules and analyses
//! them for linking; transpiling needs neither, only the same transforms.

use std::path::Path;

use sheaf_common::Diagnostic;
use swc_core::{
    common::comments::SingleThreadedComments,
    ecma::{
        transforms::base::{fixer::fixer, helpers::Helpers},
        visit::VisitMutWith,
    },
};

use crate::{
    load::{parse_source, transform},
    sourcemap::Mappings,
    EcmaContext, LoadOptions,
};

pub struct Transpiled {
    pub code: String,
    /// The source map JSON, when asked for.
    pub map: Option<String>,
}

/// `map_for`: the folder the map will be written to and the output file's name.
pub fn transpile_file(
    ctx: &EcmaContext,
    path: &Path,
    source: String,
    opts: &LoadOptions,
    minify: bool,
    map_for: Option<(&Path, &str)>,
) -> Result<Transpiled, Vec<Diagnostic>> {
    let mut parsed = parse_source(ctx, path, source, opts)?;
    let module = ctx.with_globals(|| {
        let helpers = Helpers::new(false);
        let top_level_mark = transform(ctx, &mut parsed, opts, &helpers, true);
        let mut module = std::mem::take(&mut parsed.module);
        if minify {
            // Names stay as they are at the top level: they may be exported.
            module =
                crate::minify::minify_module(ctx, module, &parsed.comments, top_level_mark, None);
        }
        module.visit_mut_with(&mut fixer(Some(&parsed.comments)));
        module
    });
    let comments: SingleThreadedComments = if minify {
        let (leading, trailing) = parsed.comments.take_all();
        let keep = |m: std::rc::Rc<std::cell::RefCell<crate::load::CommentMap>>| {
            std::rc::Rc::new(std::cell::RefCell::new(crate::load::kept_comments(
                m.take(),
            )))
        };
        SingleThreadedComments::from_leading_and_trailing(keep(leading), keep(trailing))
    } else {
        parsed.comments
    };
    let mut mappings = Vec::new();
    let code = crate::render::emit(
        ctx,
        &module,
        Some(&comments),
        opts.lowering.codegen_target(),
        minify,
        Some(&mut mappings),
    );
    let map = map_for
        .map(|(dir, file)| ctx.build_source_map(&[(0, &Mappings::from(mappings))], dir, file, &[]));
    Ok(Transpiled { code, map })
}
