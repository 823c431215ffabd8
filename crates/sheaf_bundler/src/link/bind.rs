//! Binding: every import symbol resolved to what it finally names, through
//! re-exports and `export *` (with cycle detection and the spec's ambiguity rule).
//!
//! Example: `main` does `import { x as y } from './a.js'`, `a` does
//! `export * from './b.js'`, `b` declares `export let x`: `y` binds to
//! `Target::Symbol(b, x)`. An import from CommonJS binds to a property of its
//! exports (`Target::CommonJs`), an import from an external to the external.
//!
//! Why it also records who refers to what: naming and cross-chunk sharing need,
//! for every name the output declares, the modules that use it.

use super::IndexSet;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use sheaf_common::{Diagnostic, Format};
use sheaf_ecma::{
    DynamicImport, ExportRef, ImportKind, Imported, Loc, ModuleFormat, SymbolIdx, SymbolKind,
};

use super::{chunks::EntryPoint, dense::SymbolMap, Key, Linker, Lookup, RequireTarget, Target};
use crate::graph::{ModuleIdx, ResolvedRecord};

/// The exports being looked up, outermost first, to catch re-export cycles.
type Stack<'n> = Vec<(ModuleIdx, &'n str)>;

/// The binding pass's output.
pub(super) struct Bindings {
    /// Every import symbol's target.
    pub targets: SymbolMap<Target>,
    /// `require("x")` calls by module and record.
    pub requires: FxHashMap<ModuleIdx, FxHashMap<u32, RequireTarget>>,
    /// `import()` calls by module and record (names filled in by the plans).
    pub dynamic: FxHashMap<ModuleIdx, FxHashMap<u32, DynamicImport>>,
    /// What each entry point exports.
    pub entry_exports: Vec<Vec<(String, Target)>>,
    /// External specifiers each entry point re-exports with `export *`.
    pub entry_stars: Vec<Vec<String>>,
}

/// What an import symbol names, and what binding it reads of its module and
/// target: found for every module in parallel (one module at a time, these
/// reads were cache misses).
struct ImportLookup {
    lookup: Lookup,
    /// Its import record.
    record: u32,
    /// Used as a value, not only as `ns.x` (`ModuleInfo::value_uses`).
    value_use: bool,
    /// It names a constant that is inlined (`Linker::inlined_const`).
    inlined: bool,
}

impl Linker<'_> {
    pub(super) fn bind(
        &mut self,
        order: &[ModuleIdx],
        lazy: &IndexSet<ModuleIdx>,
        entry_points: &[EntryPoint],
    ) -> Bindings {
        let targets = self.bind_imports(order, lazy);
        let requires = self.bind_requires(order, lazy);
        let (entry_exports, entry_stars) = self.bind_entry_exports(entry_points);
        let dynamic = self.bind_dynamic_imports(order, lazy, entry_points);
        Bindings {
            targets,
            requires,
            dynamic,
            entry_exports,
            entry_stars,
        }
    }

    /// Binds every import symbol and records who refers to what.
    fn bind_imports(
        &mut self,
        order: &[ModuleIdx],
        lazy: &IndexSet<ModuleIdx>,
    ) -> SymbolMap<Target> {
        let graph = self.graph;
        let mut targets = SymbolMap::new(graph);
        targets.reserve(
            order
                .iter()
                .map(|&m| graph.module(m).info.imports.len())
                .sum(),
        );
        // What each import names does not depend on the order of binding: it is
        // looked up for every module in parallel, then entered in order.
        let lookups: Vec<Vec<ImportLookup>> = order.par_iter().map(|&m| self.lookups(m)).collect();
        for (&m, lookups) in order.iter().zip(lookups) {
            let mut lookups = lookups.into_iter();
            let module = graph.module(m);
            if module.info.format == ModuleFormat::CommonJs {
                self.refer(Key::CjsFactory(m), m, "");
            }
            if lazy.contains(&m) {
                self.refer(Key::LazyInit(m), m, "");
            }
            // Importers run the lazy and CommonJS modules they import in their prelude.
            // (`refs` is pushed to directly: `refer` would borrow `edges` too.)
            for t in self.edges.static_targets(m) {
                if lazy.contains(&t) {
                    self.refs.push(Key::LazyInit(t), m, "".into());
                } else if self.edges.is_commonjs(t) {
                    self.refs.push(Key::CjsFactory(t), m, "".into());
                }
            }
            for (s, sym) in module.info.symbols.iter().enumerate() {
                let s = s as SymbolIdx;
                match &sym.kind {
                    SymbolKind::Declared | SymbolKind::DefaultExport => {
                        self.refer(Key::Local(m, s), m, &sym.name);
                    }
                    SymbolKind::Namespace => {}
                    SymbolKind::Import(b) => {
                        let lookup = lookups.next().expect("one lookup per import symbol");
                        let record = lookup.record;
                        if let Some(target) = self.bind_import(m, s, *b as usize, lookup) {
                            self.note_indirect_init(m, record, &target, lazy);
                            targets.insert(m, s, target);
                        }
                    }
                }
            }
        }
        targets
    }

    /// What each import symbol of `m` names, in symbol order.
    fn lookups(&self, m: ModuleIdx) -> Vec<ImportLookup> {
        let info = &self.graph.module(m).info;
        let mut stack = Vec::new();
        (info.symbols.iter().enumerate())
            .filter_map(|(s, sym)| match sym.kind {
                SymbolKind::Import(b) => {
                    let lookup = self.resolve_import(m, b as usize, &mut stack);
                    let inlined = match &lookup {
                        Lookup::Found(t) => self.inlined_const(t).is_some(),
                        _ => false,
                    };
                    Some(ImportLookup {
                        lookup,
                        record: info.imports[b as usize].record,
                        value_use: info.value_uses.contains(&(s as SymbolIdx)),
                        inlined,
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// An import that reaches a lazy module's binding through re-exports
    /// (`import { x } from './barrel.js'`, the barrel re-exporting a module that
    /// is also `require()`d): the importer initializes that module itself, where
    /// the import is. The barrel's own `init_x()` is not enough: a barrel with no
    /// code of its own is not emitted.
    fn note_indirect_init(
        &mut self,
        m: ModuleIdx,
        record: u32,
        target: &Target,
        lazy: &IndexSet<ModuleIdx>,
    ) {
        let owner = match target {
            Target::Symbol(t, _) | Target::Namespace(t) => *t,
            _ => return,
        };
        // Most targets are not lazy: then the import's record is not read.
        if owner == m || !lazy.contains(&owner) {
            return;
        }
        if self.edges.of(m)[record as usize].module() == Some(owner) {
            return;
        }
        let inits = self.indirect_inits.entry(m).or_default();
        if !inits.contains(&(record, owner)) {
            inits.push((record, owner));
            self.refer(Key::LazyInit(owner), m, "");
        }
    }

    /// Binds import symbol `s` of module `m` (binding `b`), which names
    /// `lookup`; `None` after an error.
    fn bind_import(
        &mut self,
        m: ModuleIdx,
        s: SymbolIdx,
        b: usize,
        import: ImportLookup,
    ) -> Option<Target> {
        let module = self.graph.module(m);
        let binding = &module.info.imports[b];
        let target = match import.lookup {
            Lookup::Found(t) => t,
            // A missing import that nothing uses cannot go wrong at run time: a
            // warning, as in esbuild and Rollup.
            Lookup::Missing if !module.info.parts.iter().any(|p| p.uses().contains(&s)) => {
                if let Some(d) = self.import_diagnostic(
                    m,
                    binding.loc,
                    &binding.imported,
                    binding.record,
                    Lookup::Missing,
                ) {
                    self.warnings.push(d.into_warning("W_MISSING_EXPORT"));
                }
                return Some(Target::Undefined);
            }
            other => {
                if let Some(d) =
                    self.import_diagnostic(m, binding.loc, &binding.imported, binding.record, other)
                {
                    self.errors.push(d);
                }
                return None;
            }
        };
        let value_use = import.value_use;
        match &target {
            // `ns.p` is rewritten to what `p` names whether or not `ns` is also
            // used as a value (then the namespace object is built as well).
            Target::Namespace(t) if self.members_known(*t) => {
                if value_use {
                    self.use_target(&target, m, &module.info.symbols[s as usize].name);
                }
                if let Some(props) = module.info.member_uses.get(&s) {
                    let mut props: Vec<&String> = props.iter().collect();
                    props.sort();
                    for p in props {
                        match self.resolve_member(*t, p) {
                            // `ns.p` becomes a bare name inside m, so the name must not be
                            // declared in any of m's nested scopes: no local name exempts it.
                            (_, Lookup::Found(inner)) if self.inlined_const(&inner).is_some() => {}
                            (_, Lookup::Found(inner)) => self.use_target(&inner, m, ""),
                            (_, Lookup::Missing) if !p.contains(sheaf_ecma::MEMBER_PATH_SEP) => {
                                self.warn_missing_member(m, *t, p)
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ if import.inlined => {}
            _ if self.defer_array_reads(m, s, &target) => {}
            _ => self.use_target(&target, m, &module.info.symbols[s as usize].name),
        }
        Some(target)
    }

    /// `require("x")` calls.
    fn bind_requires(
        &mut self,
        order: &[ModuleIdx],
        lazy: &IndexSet<ModuleIdx>,
    ) -> FxHashMap<ModuleIdx, FxHashMap<u32, RequireTarget>> {
        let graph = self.graph;
        let mut requires: FxHashMap<ModuleIdx, FxHashMap<u32, RequireTarget>> =
            FxHashMap::default();
        for &m in order {
            // Most modules have none: their records are not read.
            if !self.edges.has_kind(m, ImportKind::Require) {
                continue;
            }
            let module = graph.module(m);
            for (r, record) in module.info.records.iter().enumerate() {
                if record.kind != ImportKind::Require {
                    continue;
                }
                let target = match &module.resolved[r] {
                    ResolvedRecord::Module(t) if graph.is_commonjs(*t) => {
                        self.refer(Key::CjsFactory(*t), m, "");
                        RequireTarget::Factory(*t)
                    }
                    ResolvedRecord::Module(t) => {
                        self.use_target(&Target::Namespace(*t), m, "");
                        if lazy.contains(t) {
                            self.refer(Key::LazyInit(*t), m, "");
                        }
                        RequireTarget::EsModule(*t)
                    }
                    ResolvedRecord::External(s) => RequireTarget::Runtime(s.clone()),
                    ResolvedRecord::Failed => continue,
                };
                requires.entry(m).or_default().insert(r as u32, target);
            }
        }
        requires
    }

    /// What each entry point exports, and the externals it re-exports with `export *`.
    #[allow(clippy::type_complexity)]
    fn bind_entry_exports(
        &mut self,
        entry_points: &[EntryPoint],
    ) -> (Vec<Vec<(String, Target)>>, Vec<Vec<String>>) {
        let cjs_like = self.options.format != Format::Esm;
        let mut entry_exports = Vec::new();
        let mut entry_stars = Vec::new();
        for ep in entry_points {
            let mut exports = Vec::new();
            if !self.graph.is_commonjs(ep.module) {
                for name in self.export_names(ep.module) {
                    match self.resolve_export(ep.module, &name, &mut Vec::new()) {
                        Lookup::Found(t) => {
                            self.use_target(&t, ep.module, name.clone());
                            let binding = matches!(t, Target::CommonJs { .. } | Target::Undefined);
                            if binding && !cjs_like {
                                self.refer(Key::export_var(ep.module, name.clone()), ep.module, "");
                            }
                            exports.push((name, t));
                        }
                        Lookup::Ambiguous => self.warn_ambiguous(ep.module, &name),
                        _ => {}
                    }
                }
            }
            let stars = self.external_stars(ep.module);
            if cjs_like {
                // cjs/iife copy the external's names at run time (`__sheafReExport`),
                // from the variable that holds the required module.
                // (`default` is never copied, so Node's interop does not matter.)
                for s in &stars {
                    self.refer(Key::external_module(s.clone(), false), ep.module, "");
                }
            }
            entry_exports.push(exports);
            entry_stars.push(stars);
        }
        (entry_exports, entry_stars)
    }

    /// Dynamic imports of bundled modules: with code splitting, the chunk of the
    /// target; otherwise (or when the target is already loaded wherever it is
    /// imported, see `already_loaded.rs`) what a static import would bind (the
    /// namespace, or the interop object of CommonJS).
    fn bind_dynamic_imports(
        &mut self,
        order: &[ModuleIdx],
        lazy: &IndexSet<ModuleIdx>,
        entry_points: &[EntryPoint],
    ) -> FxHashMap<ModuleIdx, FxHashMap<u32, DynamicImport>> {
        let graph = self.graph;
        let chunk_entries: FxHashSet<ModuleIdx> = match self.options.splitting {
            true => entry_points.iter().map(|e| e.module).collect(),
            false => FxHashSet::default(),
        };
        let mut dynamic: FxHashMap<ModuleIdx, FxHashMap<u32, DynamicImport>> = FxHashMap::default();
        for &m in order {
            // Most modules have none: their records are not read.
            if !self.edges.has_kind(m, ImportKind::Dynamic) {
                continue;
            }
            let module = graph.module(m);
            for (r, record) in module.info.records.iter().enumerate() {
                if record.kind != ImportKind::Dynamic {
                    continue;
                }
                let d = match &module.resolved[r] {
                    ResolvedRecord::Module(t) if chunk_entries.contains(t) => {
                        DynamicImport::Chunk {
                            specifier: String::new(),
                            require: false,
                            interop: None,
                            css: Vec::new(),
                            extract: None,
                        }
                    }
                    ResolvedRecord::Module(t) if graph.is_commonjs(*t) => {
                        // Its factory runs when the `import()` does.
                        self.refer(Key::CjsFactory(*t), m, "");
                        DynamicImport::CommonJs {
                            factory: String::new(),
                            interop: sheaf_ecma::Interop {
                                helper: String::new(),
                                node_mode: module.node_esm,
                                json: graph.is_json(*t),
                            },
                        }
                    }
                    ResolvedRecord::Module(t) => {
                        self.use_target(&Target::Namespace(*t), m, "");
                        if lazy.contains(t) {
                            self.refer(Key::LazyInit(*t), m, "");
                        }
                        DynamicImport::Bundled {
                            namespace: String::new(),
                            init: None,
                            init_async: false,
                        }
                    }
                    ResolvedRecord::External(s) => DynamicImport::External(s.clone()),
                    ResolvedRecord::Failed => continue,
                };
                dynamic.entry(m).or_default().insert(r as u32, d);
            }
        }
        dynamic
    }

    fn resolve_import<'n>(&'n self, m: ModuleIdx, binding: usize, stack: &mut Stack<'n>) -> Lookup {
        let module = self.graph.module(m);
        let b = &module.info.imports[binding];
        self.resolve_through(m, b.record, &b.imported, stack)
    }

    fn resolve_through<'n>(
        &'n self,
        m: ModuleIdx,
        record: u32,
        imported: &'n Imported,
        stack: &mut Stack<'n>,
    ) -> Lookup {
        match &self.graph.module(m).resolved[record as usize] {
            ResolvedRecord::Module(t) if self.graph.is_commonjs(*t) => {
                Lookup::Found(Target::CommonJs {
                    via: m,
                    module: *t,
                    imported: imported.clone(),
                })
            }
            ResolvedRecord::Module(t) => match imported {
                Imported::Namespace => Lookup::Found(Target::Namespace(*t)),
                Imported::Named(n) => self.resolve_export(*t, n, stack),
            },
            ResolvedRecord::External(s) => Lookup::Found(Target::External {
                specifier: s.clone(),
                imported: imported.clone(),
                node_mode: self.graph.module(m).node_esm,
            }),
            ResolvedRecord::Failed => Lookup::Found(Target::Undefined),
        }
    }

    pub(super) fn resolve_export<'n>(
        &'n self,
        m: ModuleIdx,
        name: &'n str,
        stack: &mut Stack<'n>,
    ) -> Lookup {
        if stack.iter().any(|(sm, sn)| *sm == m && *sn == name) {
            return Lookup::Cycle;
        }
        let module = self.graph.module(m);
        if module.is_empty_stub {
            return Lookup::Found(Target::Undefined);
        }
        stack.push((m, name));
        let result = self.resolve_export_inner(m, name, stack);
        stack.pop();
        result
    }

    fn resolve_export_inner<'n>(
        &'n self,
        m: ModuleIdx,
        name: &'n str,
        stack: &mut Stack<'n>,
    ) -> Lookup {
        let info = &self.graph.module(m).info;
        match info.find_export(name) {
            Some(ExportRef::Local(e)) => {
                return match info.symbols[e.symbol as usize].kind {
                    SymbolKind::Import(b) => self.resolve_import(m, b as usize, stack),
                    _ => Lookup::Found(Target::Symbol(m, e.symbol)),
                };
            }
            Some(ExportRef::Re(r)) => return self.resolve_through(m, r.record, &r.imported, stack),
            None => {}
        }
        if name == "default" {
            return Lookup::Missing;
        }
        let mut found: Option<Target> = None;
        let mut external: Option<Target> = None;
        for &record in &info.star_exports {
            match &self.graph.module(m).resolved[record as usize] {
                ResolvedRecord::Module(t) if self.graph.is_commonjs(*t) => {
                    external.get_or_insert(Target::CommonJs {
                        via: m,
                        module: *t,
                        imported: Imported::Named(name.to_string()),
                    });
                }
                ResolvedRecord::Module(t) => match self.resolve_export(*t, name, stack) {
                    Lookup::Found(target) => match &found {
                        Some(prev) if *prev != target => return Lookup::Ambiguous,
                        _ => found = Some(target),
                    },
                    Lookup::Ambiguous => return Lookup::Ambiguous,
                    _ => {}
                },
                ResolvedRecord::Failed => {}
                ResolvedRecord::External(s) => {
                    external.get_or_insert(Target::External {
                        specifier: s.clone(),
                        imported: Imported::Named(name.to_string()),
                        node_mode: self.graph.module(m).node_esm,
                    });
                }
            }
        }
        match found.or(external) {
            Some(t) => Lookup::Found(t),
            None => Lookup::Missing,
        }
    }

    /// Every name `m` exports, in a stable order: its own, then re-exports, then
    /// names from `export *` (never `default`), without duplicates.
    pub(super) fn export_names(&self, m: ModuleIdx) -> Vec<String> {
        let mut names = IndexSet::default();
        let mut visited = FxHashSet::default();
        self.collect_export_names(m, true, &mut names, &mut visited);
        names.into_iter().collect()
    }

    fn collect_export_names(
        &self,
        m: ModuleIdx,
        top: bool,
        names: &mut IndexSet<String>,
        visited: &mut FxHashSet<ModuleIdx>,
    ) {
        if !visited.insert(m) {
            return;
        }
        let info = &self.graph.module(m).info;
        for e in &info.exports {
            if top || e.exported != "default" {
                names.insert(e.exported.clone());
            }
        }
        for r in &info.re_exports {
            if top || r.exported != "default" {
                names.insert(r.exported.clone());
            }
        }
        for &record in &info.star_exports {
            if let ResolvedRecord::Module(t) = self.graph.module(m).resolved[record as usize] {
                let target = &self.graph.module(t).info;
                if target.format == ModuleFormat::CommonJs {
                    // What static analysis found; `export *` of CommonJS is otherwise unknowable.
                    names.extend(
                        target
                            .cjs_exports
                            .names
                            .iter()
                            .filter(|n| *n != "default")
                            .cloned(),
                    );
                } else {
                    self.collect_export_names(t, false, names, visited);
                }
            }
        }
    }

    /// Whether `export *` chains from `m` reach a module whose exports are only
    /// known at run time (an external or CommonJS module).
    pub(super) fn has_dynamic_star(&self, m: ModuleIdx) -> bool {
        let (externals, commonjs) = self.star_sources(m);
        !commonjs.is_empty() || !externals.is_empty()
    }

    /// Whether every `ns.x` of `m`'s namespace names one binding known now: no
    /// `export *` reaches an external module, and at most one CommonJS module
    /// (an `x` of no ES module is then that module's `exports.x`).
    pub(super) fn members_known(&self, m: ModuleIdx) -> bool {
        let (externals, commonjs) = self.star_sources(m);
        externals.is_empty() && commonjs.len() <= 1
    }

    /// Specifiers of external modules that `m` re-exports with `export *`, directly or through other modules.
    pub(super) fn external_stars(&self, m: ModuleIdx) -> Vec<String> {
        self.star_sources(m).0
    }

    /// Walks the `export *` chains from `m`: the external specifiers and the
    /// CommonJS modules they reach.
    fn star_sources(&self, m: ModuleIdx) -> (Vec<String>, Vec<ModuleIdx>) {
        let mut externals = Vec::new();
        let mut commonjs = Vec::new();
        let mut visited = FxHashSet::default();
        let mut stack = vec![m];
        while let Some(m) = stack.pop() {
            if !visited.insert(m) {
                continue;
            }
            let module = self.graph.module(m);
            for &record in &module.info.star_exports {
                match &module.resolved[record as usize] {
                    ResolvedRecord::Module(t) if self.graph.is_commonjs(*t) => {
                        if !commonjs.contains(t) {
                            commonjs.push(*t);
                        }
                    }
                    ResolvedRecord::Module(t) => stack.push(*t),
                    ResolvedRecord::External(s) if !externals.contains(s) => {
                        externals.push(s.clone())
                    }
                    ResolvedRecord::External(_) | ResolvedRecord::Failed => {}
                }
            }
        }
        (externals, commonjs)
    }

    /// The error for an import that does not resolve (`None` for a record that
    /// does not point at a bundled module: it was reported when resolving).
    fn import_diagnostic(
        &self,
        m: ModuleIdx,
        loc: Loc,
        imported: &Imported,
        record: u32,
        lookup: Lookup,
    ) -> Option<Diagnostic> {
        let module = self.graph.module(m);
        let ResolvedRecord::Module(t) = module.resolved[record as usize] else {
            return None;
        };
        let target_path = crate::write::display_path(&self.graph.module(t).path, &self.graph.cwd);
        let name = match imported {
            Imported::Named(n) => n.as_str(),
            Imported::Namespace => "*",
        };
        let (code, message, help) = match lookup {
            Lookup::Ambiguous => (
                "E_AMBIGUOUS_EXPORT",
                format!("Ambiguous import \"{name}\": \"{target_path}\" gets it from more than one `export *`"),
                "import it from the module that declares it".to_string(),
            ),
            Lookup::Cycle => (
                "E_CIRCULAR_EXPORT",
                format!("Import \"{name}\" from \"{target_path}\" is a circular re-export"),
                "one of the modules in the cycle must declare it".to_string(),
            ),
            _ => {
                let available = self.export_names(t);
                let mut help = if available.is_empty() {
                    format!("\"{target_path}\" has no exports")
                } else {
                    format!("\"{target_path}\" exports: {}", available.join(", "))
                };
                if let Some(close) = available.iter().find(|a| a.eq_ignore_ascii_case(name)) {
                    help = format!("did you mean \"{close}\"? {help}");
                }
                (
                    "E_MISSING_EXPORT",
                    format!("No matching export in \"{target_path}\" for import \"{name}\""),
                    help,
                )
            }
        };
        let mut d = Diagnostic::error(code, message).with_help(help);
        if let Some(label) = self.ctx.label(loc) {
            d = d.with_label(label);
        }
        Some(d)
    }

    /// `ns.name` where module `t` has no export `name`: it is `undefined`.
    fn warn_missing_member(&mut self, m: ModuleIdx, t: ModuleIdx, name: &str) {
        let path =
            |m: ModuleIdx| crate::write::display_path(&self.graph.module(m).path, &self.graph.cwd);
        self.warnings.push(Diagnostic::warning(
            "W_MISSING_EXPORT",
            format!(
                "\"{name}\" read from the namespace of \"{}\" in \"{}\" is always undefined: it has no such export",
                path(t),
                path(m)
            ),
        ));
    }

    fn warn_ambiguous(&mut self, m: ModuleIdx, name: &str) {
        let path = crate::write::display_path(&self.graph.module(m).path, &self.graph.cwd);
        self.warnings.push(Diagnostic::warning(
            "W_AMBIGUOUS_EXPORT",
            format!(
                "\"{name}\" is exported by more than one `export *` in \"{path}\" and is left out"
            ),
        ));
    }
}
