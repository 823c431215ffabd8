//! Helper names (`--minify`): the runtime helpers an output calls get short
//! names like any top-level name, the most-called first.
//!
//! Example: a bundle of 20 CommonJS modules calls `__sheafCommonJS` 20 times;
//! minified, it is `var d=C(function(e,t){…})`, with `function C(e){…}` once.
//!
//! Why as keys of the naming pass: a helper is a top-level name of the output.
//! Its name must not be another top-level name or a global any module reads,
//! and a module whose code calls it (`import()` of CommonJS, `require()` of an
//! ES module, an `import_x` line inside a factory) must not declare that name
//! in a nested scope: each such module is a referrer of the helper's key, so
//! `names.rs: fits` checks it. Calls from chunk glue (outside any module's
//! code) only count towards the order (`Linker::helper_calls`).
//!
//! Helpers without a key keep their reserved long names (`Names::helper`):
//! `__sheafExport`, `__sheafReExport` (once per output) and `__sheafLoadCss`
//! (named in the renderer). Without `--minify` every helper keeps its long name.

use sheaf_common::Format;
use sheaf_ecma::DynamicImport;

use super::{bind::Bindings, shake::Liveness, Key, Linker, RequireTarget};
use crate::{graph::ModuleIdx, graph::ResolvedRecord, runtime::Helper};

impl Linker<'_> {
    /// Registers every helper the output may call as a key: referred to by
    /// each module whose code calls it, counted for each glue call.
    pub(super) fn refer_helpers(
        &mut self,
        order: &[ModuleIdx],
        bindings: &Bindings,
        liveness: &Liveness,
    ) {
        self.count_glue_calls(liveness);
        for &m in order {
            for h in self.helpers_called_by(m, bindings) {
                self.refer(Key::Helper(h), m, "");
            }
        }
        let glue: Vec<Helper> = self.helper_calls.keys().copied().collect();
        for h in glue {
            self.refs.entry(Key::Helper(h));
        }
    }

    /// Glue calls: one per factory (`__sheafCommonJS`), lazy initializer
    /// (`__sheafEsm`), namespace object (`__sheafNs`) and, in cjs/iife
    /// output, external module (`__sheafToEsm(require("x"))`).
    fn count_glue_calls(&mut self, liveness: &Liveness) {
        let cjs_like = self.options.format != Format::Esm;
        let mut calls = |h: Helper| *self.helper_calls.entry(h).or_default() += 1;
        for key in self.refs.keys() {
            match key {
                Key::CjsFactory(m) if liveness.commonjs.contains(m) => calls(Helper::CommonJs),
                Key::LazyInit(_) => calls(Helper::Esm),
                Key::ExternalModule(..) if cjs_like => calls(Helper::ToEsm),
                _ => {}
            }
        }
        for _ in self.materialized.iter() {
            calls(Helper::Namespace);
        }
    }

    /// The helpers module `m`'s own code calls, once per call.
    fn helpers_called_by(&self, m: ModuleIdx, bindings: &Bindings) -> Vec<Helper> {
        let graph = self.graph;
        let mut called = Vec::new();
        // `var import_x = __sheafToEsm(require_x())` among its prelude lines.
        let imports = self.cjs_imports.get(m).iter();
        let views = imports.filter(|&&t| self.cjs_esm_view.contains(&(m, t)));
        called.extend(views.map(|_| Helper::ToEsm));
        // `import()` of CommonJS, bundled or in its own chunk.
        if let Some(dynamic) = bindings.dynamic.get(&m) {
            let module = graph.module(m);
            for (&r, d) in dynamic {
                let commonjs = match (d, &module.resolved[r as usize]) {
                    (DynamicImport::CommonJs { .. }, _) => true,
                    (DynamicImport::Chunk { .. }, ResolvedRecord::Module(t)) => {
                        graph.is_commonjs(*t)
                    }
                    _ => false,
                };
                if commonjs {
                    called.push(Helper::ToEsm);
                }
            }
        }
        // `require()` of an ES module.
        if let Some(requires) = bindings.requires.get(&m) {
            let es = requires.values();
            let es = es.filter(|t| matches!(t, RequireTarget::EsModule(_)));
            called.extend(es.map(|_| Helper::ToCjs));
        }
        called
    }
}
