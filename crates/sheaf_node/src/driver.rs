//! The plugin driver: sheaf's [`BuildHooks`] answered by JavaScript plugins.
//!
//! Example: scan asks `transform` for 500 modules; for each, the driver walks
//! the plugins in order, skips those whose filter (checked here, in Rust)
//! does not match, and calls the rest through one threadsafe function into
//! JS. All 500 chains run at once; scan's thread waits for the batch.
//!
//! Why one dispatch function: the JS side (`packages/sheaf`) keeps the plugin
//! objects and their context (`this.resolve`, `this.warn`, …); Rust only needs
//! to say which plugin, which hook and which module. Calls happen on tokio's
//! side of the addon, never on a rayon worker, so a hook that calls back into
//! Rust (`this.resolve`) cannot deadlock the build.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    ops::Range,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use futures::future::join_all;
use napi::{bindgen_prelude::Promise, threadsafe_function::ThreadsafeFunction, Status};
use napi_derive::napi;
use sheaf_common::{
    hooks::{
        type_after_change, Addons, BuildHooks, Builtin, ChunkInfo, EmittedChunk, HookResolved,
        HookSource, ParsedModule, ResolveKind, ResolveRequest, Slot, TransformRequest,
    },
    Diagnostic, Label,
};

use crate::filter::{Filter, FilterSpec};

/// One hook of one plugin, as the JS side describes it.
#[napi(object)]
pub struct HookSpec {
    /// `resolveId`, `load`, `transform`, `buildStart`, `buildEnd`, `banner`,
    /// `intro`, `outro`, `footer` or `renderChunk`.
    pub hook: String,
    pub filter: Option<FilterSpec>,
    /// Rollup's `order`: `pre`, `post`, or none.
    pub order: Option<String>,
}

#[napi(object)]
pub struct PluginSpec {
    pub name: String,
    pub hooks: Vec<HookSpec>,
    /// One of sheaf's own plugins (`sheaf:json`, …) at this place of the
    /// list: it runs in Rust, never in JavaScript.
    pub builtin: Option<String>,
}

/// A call into JavaScript: plugin `plugin`'s hook `hook`.
#[napi(object)]
pub struct HookCall {
    pub plugin: u32,
    pub hook: String,
    pub id: Option<String>,
    pub code: Option<String>,
    pub importer: Option<String>,
    pub kind: Option<String>,
    pub module_type: Option<String>,
    /// `buildEnd`'s error message.
    pub error: Option<String>,
    /// The chunk of an output hook.
    pub chunk: Option<JsChunk>,
    /// `moduleParsed`: what the module imports, resolved.
    pub imported_ids: Option<Vec<String>>,
    pub dynamically_imported_ids: Option<Vec<String>>,
    /// `__chunks` (to the JS side, not a plugin): every chunk of an output
    /// before `renderChunk` (its `meta.chunks`, `getFileName` of emitted chunks).
    pub chunks: Option<Vec<JsChunk>>,
    /// `__emittedChunks`: the modules of the chunks plugins emitted, in order.
    pub ids: Option<Vec<String>>,
    /// `moduleParsed`: the module is an entry point.
    pub is_entry: Option<bool>,
}

/// Rollup's `RenderedChunk`, as far as sheaf knows it.
#[napi(object)]
pub struct JsChunk {
    pub file_name: String,
    pub name: String,
    pub is_entry: bool,
    pub is_dynamic_entry: bool,
    pub facade_module_id: Option<String>,
    pub module_ids: Vec<String>,
    pub exports: Vec<String>,
    pub imports: Vec<String>,
    pub dynamic_imports: Vec<String>,
    pub format: String,
}

impl From<&ChunkInfo> for JsChunk {
    fn from(c: &ChunkInfo) -> Self {
        JsChunk {
            file_name: c.file_name.clone(),
            name: c.name.clone(),
            is_entry: c.is_entry,
            is_dynamic_entry: c.is_dynamic_entry,
            facade_module_id: c.facade_module_id.clone(),
            module_ids: c.module_ids.clone(),
            exports: c.exports.clone(),
            imports: c.imports.clone(),
            dynamic_imports: c.dynamic_imports.clone(),
            format: c.format.clone(),
        }
    }
}

/// Where a hook's error points (Rollup's `loc`, or `id` alone).
#[napi(object)]
pub struct HookError {
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// What the hook returned, normalized by the JS side; `null` fields mean
/// "nothing" (`resolveId`/`load` returning `null` gives an empty reply).
#[napi(object)]
pub struct HookReply {
    pub id: Option<String>,
    pub external: Option<bool>,
    pub code: Option<String>,
    /// The source map as JSON; `""` when the hook said it keeps no mapping.
    pub map: Option<String>,
    pub module_type: Option<String>,
    pub error: Option<HookError>,
    /// `handleHotUpdate`: the files of the modules it returned (`null`: it
    /// returned nothing, the list stands).
    pub files: Option<Vec<String>>,
}

/// Calls into JS go in batches: one threadsafe call (one wake-up of the Node
/// thread) per plugin and scan level, not one per module.
#[napi(object)]
pub struct HookBatch {
    pub calls: Vec<HookCall>,
}

pub type Dispatch =
    ThreadsafeFunction<HookBatch, Promise<Vec<HookReply>>, HookBatch, Status, false>;

struct Plugin {
    name: String,
    /// Each hook with its filter and its `order` rank (0 `pre`, 1 none, 2 `post`).
    hooks: Vec<(String, Filter, u8)>,
    builtin: Option<Builtin>,
}

impl Plugin {
    fn hook(&self, name: &str) -> Option<&Filter> {
        self.hooks
            .iter()
            .find(|(h, ..)| h == name)
            .map(|(_, f, _)| f)
    }

    fn rank(&self, name: &str) -> u8 {
        self.hooks
            .iter()
            .find(|(h, ..)| h == name)
            .map_or(1, |h| h.2)
    }
}

pub struct Driver {
    plugins: Vec<Plugin>,
    dispatch: Arc<Dispatch>,
    /// sheaf's own resolver, for what no plugin resolves in `this.resolve`.
    resolver: sheaf_resolve::Resolver,
    cwd: PathBuf,
    sourcemap: bool,
    /// Warnings the driver itself raises (a transform without a source map).
    warnings: Mutex<Vec<Diagnostic>>,
    /// The addon's runtime, for hooks asked from a thread outside it (the dev
    /// server's build thread).
    runtime: std::sync::OnceLock<tokio::runtime::Handle>,
    /// Chunks plugins emitted that scan has not taken yet.
    emitted: Mutex<Vec<EmittedChunk>>,
    /// Modules parsed so far, by id (`this.getModuleInfo` during the build).
    parsed: Mutex<HashMap<String, ParsedModule>>,
    /// `this.addWatchFile`: each file with the modules whose hooks asked.
    watched: Mutex<BTreeMap<PathBuf, BTreeSet<String>>>,
}

impl Driver {
    pub fn new(
        specs: &[PluginSpec],
        dispatch: Dispatch,
        options: &sheaf_common::BuildOptions,
    ) -> Result<Driver, String> {
        let mut plugins = Vec::with_capacity(specs.len());
        for spec in specs {
            let mut hooks = Vec::new();
            for h in &spec.hooks {
                let filter = match &h.filter {
                    Some(f) => Filter::compile(f, &options.cwd)
                        .map_err(|e| format!("plugin {}: {} filter: {e}", spec.name, h.hook))?,
                    None => Filter::default(),
                };
                let rank = match h.order.as_deref() {
                    Some("pre") => 0,
                    Some("post") => 2,
                    _ => 1,
                };
                hooks.push((h.hook.clone(), filter, rank));
            }
            let builtin = match &spec.builtin {
                Some(name) => {
                    Some(Builtin::named(name).ok_or_else(|| format!("no builtin plugin {name}"))?)
                }
                None => None,
            };
            plugins.push(Plugin {
                name: spec.name.clone(),
                hooks,
                builtin,
            });
        }
        Ok(Driver {
            plugins,
            dispatch: Arc::new(dispatch),
            resolver: sheaf_resolve::Resolver::new(
                options.platform,
                options.external.clone(),
                &options.cwd,
            )
            .keeping_queries(true)
            .listing_folders(false),
            cwd: options.cwd.clone(),
            sourcemap: options.sourcemap.is_some(),
            warnings: Mutex::new(Vec::new()),
            runtime: std::sync::OnceLock::new(),
            emitted: Mutex::new(Vec::new()),
            parsed: Mutex::new(HashMap::new()),
            watched: Mutex::new(BTreeMap::new()),
        })
    }

    /// A module parsed by this session's builds (the latest build's view).
    pub fn parsed_module(&self, id: &str) -> Option<ParsedModule> {
        self.parsed.lock().expect("parsed lock").get(id).cloned()
    }

    /// `this.addWatchFile(file)`, from the hook of module `importer` (or of
    /// no module: `buildStart`, output hooks).
    pub fn add_watch_file(&self, file: PathBuf, importer: Option<String>) {
        let mut watched = self.watched.lock().expect("watched lock");
        let importers = watched.entry(file).or_default();
        importers.extend(importer);
    }

    pub fn emit_chunk(&self, chunk: EmittedChunk) {
        self.emitted.lock().expect("emitted lock").push(chunk);
    }

    /// Remembers the addon's runtime (see `block_on`).
    pub fn set_runtime(&self, handle: tokio::runtime::Handle) {
        let _ = self.runtime.set(handle);
    }

    /// Waits for `f` on the asking thread (a build's scan thread or the dev
    /// server's build thread, never a rayon worker): the JS calls it makes
    /// run on the Node thread meanwhile.
    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle.block_on(f),
            Err(_) => self
                .runtime
                .get()
                .expect("the dev server sets the runtime before it builds")
                .block_on(f),
        }
    }

    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.warnings.lock().expect("warnings lock"))
    }

    fn call_for(&self, plugin: usize, hook: &str) -> HookCall {
        HookCall {
            plugin: plugin as u32,
            hook: hook.to_string(),
            id: None,
            code: None,
            importer: None,
            kind: None,
            module_type: None,
            error: None,
            chunk: None,
            imported_ids: None,
            dynamically_imported_ids: None,
            chunks: None,
            ids: None,
            is_entry: None,
        }
    }

    /// Calls JS with a batch and turns each thrown error into a diagnostic
    /// naming the plugin. One reply per call, in order.
    async fn call_batch(&self, calls: Vec<HookCall>) -> Vec<Result<HookReply, Diagnostic>> {
        if calls.is_empty() {
            return Vec::new();
        }
        let keys: Vec<(usize, String, Option<String>)> = calls
            .iter()
            .map(|c| (c.plugin as usize, c.hook.clone(), c.id.clone()))
            .collect();
        let failed_all = |message: String| -> Vec<Result<HookReply, Diagnostic>> {
            keys.iter()
                .map(|(p, h, id)| Err(self.plugin_error(*p, h, id.as_deref(), message.clone())))
                .collect()
        };
        let promise = match self.dispatch.call_async(HookBatch { calls }).await {
            Ok(p) => p,
            Err(e) => return failed_all(e.reason.clone()),
        };
        let replies = match promise.await {
            Ok(r) if r.len() == keys.len() => r,
            Ok(_) => return failed_all("the JS dispatcher answered a batch wrongly".into()),
            Err(e) => return failed_all(e.reason.clone()),
        };
        replies
            .into_iter()
            .zip(&keys)
            .map(|(reply, (p, h, id))| match reply.error {
                Some(e) => Err(self.located_error(*p, h, id.as_deref(), e)),
                None => Ok(reply),
            })
            .collect()
    }

    /// One call (a batch of one).
    async fn call(&self, call: HookCall) -> Result<HookReply, Diagnostic> {
        let mut replies = self.call_batch(vec![call]).await;
        replies.pop().expect("one reply for one call")
    }

    fn plugin_error(
        &self,
        plugin: usize,
        hook: &str,
        id: Option<&str>,
        message: String,
    ) -> Diagnostic {
        let name = &self.plugins[plugin].name;
        let mut d = Diagnostic::error("E_PLUGIN", format!("[plugin {name}] {message}"));
        d = d.with_help(match id {
            Some(id) => format!("in the {hook} hook, for {}", display(id, &self.cwd)),
            None => format!("in the {hook} hook"),
        });
        d
    }

    fn located_error(
        &self,
        plugin: usize,
        hook: &str,
        id: Option<&str>,
        e: HookError,
    ) -> Diagnostic {
        let file = e.file.clone().or_else(|| id.map(str::to_string));
        let mut d = self.plugin_error(plugin, hook, file.as_deref(), e.message);
        if let (Some(file), Some(line)) = (file, e.line) {
            if let Ok(text) = std::fs::read_to_string(&file) {
                let offset = offset_of(&text, line, e.column.unwrap_or(0));
                d = d.with_label(Label::new(PathBuf::from(file), text.into(), offset, offset));
            }
        }
        d
    }

    /// `resolveId` through the plugins in order, each plugin asked once for
    /// every request its filter lets through and no earlier plugin answered;
    /// `skip` leaves one out (`this.resolve`'s `skipSelf`).
    pub async fn resolve_batch(
        &self,
        requests: &[ResolveRequest],
        skip: Option<usize>,
    ) -> Vec<Result<Option<HookResolved>, Diagnostic>> {
        let mut results: Vec<Option<Result<Option<HookResolved>, Diagnostic>>> =
            requests.iter().map(|_| None).collect();
        for (i, filter) in self.in_order("resolveId") {
            if Some(i) == skip {
                continue;
            }
            let pending: Vec<usize> = (0..requests.len())
                .filter(|&k| results[k].is_none() && filter.matches_id(&requests[k].specifier))
                .collect();
            let calls = pending
                .iter()
                .map(|&k| {
                    let mut call = self.call_for(i, "resolveId");
                    call.id = Some(requests[k].specifier.clone());
                    call.importer = requests[k].importer.clone();
                    call.kind = Some(requests[k].kind.as_str().to_string());
                    call
                })
                .collect();
            for (k, reply) in pending.into_iter().zip(self.call_batch(calls).await) {
                match reply {
                    Err(d) => results[k] = Some(Err(d)),
                    Ok(HookReply {
                        id: Some(id),
                        external,
                        ..
                    }) => {
                        results[k] = Some(Ok(Some(HookResolved {
                            id,
                            external: external.unwrap_or(false),
                        })))
                    }
                    Ok(_) => {}
                }
            }
        }
        results.into_iter().map(|r| r.unwrap_or(Ok(None))).collect()
    }

    async fn resolve_one(
        &self,
        request: &ResolveRequest,
        skip: Option<usize>,
    ) -> Result<Option<HookResolved>, Diagnostic> {
        let mut r = self
            .resolve_batch(std::slice::from_ref(request), skip)
            .await;
        r.pop().expect("one answer for one request")
    }

    /// `this.resolve`: the plugins (but `skip`), then sheaf's resolver.
    pub async fn resolve_with_fallback(
        &self,
        request: &ResolveRequest,
        skip: Option<usize>,
    ) -> Result<Option<HookResolved>, Diagnostic> {
        if let Some(r) = self.resolve_one(request, skip).await? {
            return Ok(Some(r));
        }
        let importer = request
            .importer
            .as_deref()
            .map(PathBuf::from)
            .unwrap_or_else(|| self.cwd.join("_entry"));
        let kind = match request.kind {
            ResolveKind::Require => sheaf_resolve::Kind::Require,
            ResolveKind::Style => sheaf_resolve::Kind::Style,
            _ => sheaf_resolve::Kind::Import,
        };
        Ok(
            match self.resolver.resolve(&importer, &request.specifier, kind) {
                Ok(sheaf_resolve::Resolved::File(p)) | Ok(sheaf_resolve::Resolved::Empty(p)) => {
                    Some(HookResolved {
                        id: p.to_string_lossy().into_owned(),
                        external: false,
                    })
                }
                Ok(sheaf_resolve::Resolved::External(s)) => Some(HookResolved {
                    id: s,
                    external: true,
                }),
                Err(_) => None,
            },
        )
    }

    /// `load`: each plugin asked once for the ids its filter lets through
    /// that no earlier plugin loaded.
    async fn load_batch(
        &self,
        ids: &[String],
        span: Range<usize>,
    ) -> Vec<Result<Option<HookSource>, Diagnostic>> {
        let mut results: Vec<Option<Result<Option<HookSource>, Diagnostic>>> =
            ids.iter().map(|_| None).collect();
        for (i, filter) in self.in_span("load", span) {
            let pending: Vec<usize> = (0..ids.len())
                .filter(|&k| results[k].is_none() && filter.matches_id(&ids[k]))
                .collect();
            let calls = pending
                .iter()
                .map(|&k| {
                    let mut call = self.call_for(i, "load");
                    call.id = Some(ids[k].clone());
                    call
                })
                .collect();
            for (k, reply) in pending.into_iter().zip(self.call_batch(calls).await) {
                match reply {
                    Err(d) => results[k] = Some(Err(d)),
                    Ok(HookReply {
                        code: Some(code),
                        map,
                        module_type,
                        ..
                    }) => {
                        // A loaded text without a map is its own original (as in Rollup).
                        let maps = map.into_iter().filter(|m| !m.is_empty()).collect();
                        results[k] = Some(Ok(Some(HookSource {
                            code,
                            maps,
                            module_type,
                        })))
                    }
                    Ok(_) => {}
                }
            }
        }
        results.into_iter().map(|r| r.unwrap_or(Ok(None))).collect()
    }

    /// `transform`: plugin by plugin, each asked once for every module its
    /// filter lets through (with that module's code so far).
    async fn transform_batch(
        &self,
        requests: Vec<TransformRequest>,
        span: Range<usize>,
    ) -> Vec<Result<HookSource, Diagnostic>> {
        let ids: Vec<String> = requests.iter().map(|r| r.id.clone()).collect();
        let mut states: Vec<Result<HookSource, Diagnostic>> =
            requests.into_iter().map(|r| Ok(r.source)).collect();
        for (i, filter) in self.in_span("transform", span) {
            let pending: Vec<usize> = (0..ids.len())
                .filter(|&k| match &states[k] {
                    Ok(s) => filter.matches(&ids[k], Some(&s.code), s.module_type.as_deref()),
                    Err(_) => false,
                })
                .collect();
            let calls = pending
                .iter()
                .map(|&k| {
                    let source = states[k].as_ref().expect("pending modules have no error");
                    let mut call = self.call_for(i, "transform");
                    call.id = Some(ids[k].clone());
                    call.code = Some(source.code.clone());
                    call.module_type = source.module_type.clone();
                    call
                })
                .collect();
            for (k, reply) in pending.into_iter().zip(self.call_batch(calls).await) {
                let reply = match reply {
                    Ok(r) => r,
                    Err(d) => {
                        states[k] = Err(d);
                        continue;
                    }
                };
                let Ok(source) = &mut states[k] else { continue };
                if let Some(code) = reply.code {
                    if code != source.code {
                        self.keep_map(&mut source.maps, reply.map, i, &ids[k], "transform");
                        if reply.module_type.is_none() {
                            let before = source.module_type.as_deref().unwrap_or("js");
                            if let Some(t) = type_after_change(before, &code) {
                                source.module_type = Some(t.into());
                            }
                        }
                    }
                    source.code = code;
                }
                if let Some(t) = reply.module_type {
                    source.module_type = Some(t);
                }
            }
        }
        states
    }

    /// Adds a hook's map to the chain. Without one the chain is broken: the
    /// module's positions then point into the changed code, with a warning as
    /// in Rollup (unless the hook said `map: { mappings: "" }` on purpose).
    fn keep_map(
        &self,
        maps: &mut Vec<String>,
        map: Option<String>,
        plugin: usize,
        id: &str,
        hook: &str,
    ) {
        match map {
            Some(m) if !m.is_empty() => maps.push(m),
            Some(_) => maps.clear(),
            None => {
                maps.clear();
                if self.sourcemap {
                    let name = &self.plugins[plugin].name;
                    let w = Diagnostic::warning(
                        "W_PLUGIN_SOURCEMAP",
                        format!(
                            "[plugin {name}] the {hook} hook changed {} without returning a source map",
                            display(id, &self.cwd)
                        ),
                    )
                    .with_help("source maps of this module point into the changed code");
                    self.warnings.lock().expect("warnings lock").push(w);
                }
            }
        }
    }

    /// A hook every plugin that has it runs once (`buildStart`, `buildEnd`).
    async fn each(&self, hook: &str, error: Option<String>) -> Result<(), Diagnostic> {
        let calls = self.in_order(hook).into_iter();
        let replies = join_all(calls.map(|(i, _)| {
            let mut call = self.call_for(i, hook);
            call.error = error.clone();
            self.call(call)
        }))
        .await;
        replies
            .into_iter()
            .find_map(Result::err)
            .map_or(Ok(()), Err)
    }

    /// What each plugin's `hook` returned for `chunk` (the strings), in order.
    async fn chunk_texts(&self, hook: &str, chunk: &ChunkInfo) -> Result<Vec<String>, Diagnostic> {
        let mut texts = Vec::new();
        for (i, _) in self.in_order(hook) {
            let mut call = self.call_for(i, hook);
            call.chunk = Some(chunk.into());
            texts.extend(self.call(call).await?.code);
        }
        Ok(texts)
    }

    /// `banner`, `intro`, `outro` and `footer` of one chunk: each plugin's
    /// text (a string or what its function returns), joined by newlines.
    async fn addons_one(&self, chunk: &ChunkInfo) -> Result<Addons, Diagnostic> {
        let mut texts: [Vec<String>; 4] = Default::default();
        for (slot, hook) in ["banner", "intro", "outro", "footer"].iter().enumerate() {
            texts[slot] = self.chunk_texts(hook, chunk).await?;
            texts[slot].retain(|t| !t.is_empty());
        }
        let [banner, intro, outro, footer] = texts.map(|t| t.join("\n"));
        Ok(Addons {
            banner,
            intro,
            outro,
            footer,
        })
    }

    async fn render_chunk_one(
        &self,
        chunk: ChunkInfo,
        code: String,
    ) -> Result<HookSource, Diagnostic> {
        let mut source = HookSource {
            code,
            ..Default::default()
        };
        for (i, _) in self.in_order("renderChunk") {
            let mut call = self.call_for(i, "renderChunk");
            call.code = Some(source.code.clone());
            call.chunk = Some((&chunk).into());
            let reply = self.call(call).await?;
            if let Some(code) = reply.code.filter(|c| *c != source.code) {
                self.keep_map(
                    &mut source.maps,
                    reply.map,
                    i,
                    &chunk.file_name,
                    "renderChunk",
                );
                source.code = code;
            }
        }
        Ok(source)
    }

    /// The plugins that have `hook`, in the order it runs them: `order: "pre"`
    /// first, then the rest, then `"post"`, each group in plugin order.
    fn in_order<'a>(&'a self, hook: &'a str) -> Vec<(usize, &'a Filter)> {
        let mut list: Vec<(usize, &Filter)> = self
            .plugins
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i, p.hook(hook)?)))
            .collect();
        list.sort_by_key(|(i, _)| self.plugins[*i].rank(hook));
        list
    }

    /// Whether a JS plugin has `hook` (builtins do not count: they run in Rust).
    fn has(&self, hook: &str) -> bool {
        self.plugins
            .iter()
            .any(|p| p.builtin.is_none() && p.hook(hook).is_some())
    }

    /// The JS plugins at `span` of `hook`'s order.
    fn in_span<'a>(&'a self, hook: &'a str, span: Range<usize>) -> Vec<(usize, &'a Filter)> {
        let mut list = self.in_order(hook);
        list.truncate(span.end);
        list.drain(..span.start.min(list.len()));
        list.retain(|(i, _)| self.plugins[*i].builtin.is_none());
        list
    }
}

impl BuildHooks for Driver {
    fn build_start(&self) -> Result<(), Diagnostic> {
        if !self.has("buildStart") {
            return Ok(());
        }
        self.block_on(self.each("buildStart", None))
    }

    fn resolve_id(
        &self,
        requests: &[ResolveRequest],
    ) -> Vec<Result<Option<HookResolved>, Diagnostic>> {
        if !self.has("resolveId") {
            return requests.iter().map(|_| Ok(None)).collect();
        }
        self.block_on(self.resolve_batch(requests, None))
    }

    fn slots(&self, hook: &str) -> Vec<Slot> {
        let mut slots = Vec::new();
        let mut start = 0;
        let order = self.in_order(hook);
        for (at, (i, _)) in order.iter().enumerate() {
            if let Some(b) = self.plugins[*i].builtin {
                if start < at {
                    slots.push(Slot::Plugins(start..at));
                }
                slots.push(Slot::Builtin(b));
                start = at + 1;
            }
        }
        if start < order.len() {
            slots.push(Slot::Plugins(start..order.len()));
        }
        slots
    }

    fn load(
        &self,
        ids: &[String],
        span: Range<usize>,
    ) -> Vec<Result<Option<HookSource>, Diagnostic>> {
        if !self.has("load") {
            return ids.iter().map(|_| Ok(None)).collect();
        }
        self.block_on(self.load_batch(ids, span))
    }

    fn transform(
        &self,
        requests: Vec<TransformRequest>,
        span: Range<usize>,
    ) -> Vec<Result<HookSource, Diagnostic>> {
        if !self.has("transform") {
            return requests.into_iter().map(|r| Ok(r.source)).collect();
        }
        self.block_on(self.transform_batch(requests, span))
    }

    fn build_end(&self, error: Option<&Diagnostic>) -> Result<(), Diagnostic> {
        if !self.has("buildEnd") {
            return Ok(());
        }
        let message = error.map(|d| d.message.clone());
        self.block_on(self.each("buildEnd", message))
    }

    fn module_parsed(&self, modules: &[ParsedModule]) -> Vec<Result<(), Diagnostic>> {
        {
            let mut parsed = self.parsed.lock().expect("parsed lock");
            for m in modules {
                parsed.insert(m.id.clone(), m.clone());
            }
        }
        if !self.has("moduleParsed") {
            return modules.iter().map(|_| Ok(())).collect();
        }
        self.block_on(async {
            let mut results: Vec<Result<(), Diagnostic>> = modules.iter().map(|_| Ok(())).collect();
            for (i, _) in self.in_order("moduleParsed") {
                let calls = modules
                    .iter()
                    .map(|m| {
                        let mut call = self.call_for(i, "moduleParsed");
                        call.id = Some(m.id.clone());
                        call.imported_ids = Some(m.imported_ids.clone());
                        call.is_entry = Some(m.is_entry);
                        call.dynamically_imported_ids = Some(m.dynamically_imported_ids.clone());
                        call
                    })
                    .collect();
                for (k, reply) in self.call_batch(calls).await.into_iter().enumerate() {
                    if let (Err(d), Ok(())) = (reply, &results[k]) {
                        results[k] = Err(d);
                    }
                }
            }
            results
        })
    }

    fn has_hook(&self, hook: &str) -> bool {
        self.has(hook)
    }

    fn render_start(&self, emitted_chunks: &[String]) -> Result<(), Diagnostic> {
        self.block_on(async {
            if !emitted_chunks.is_empty() {
                let mut call = self.call_for(0, "__emittedChunks");
                call.ids = Some(emitted_chunks.to_vec());
                self.call(call).await?;
            }
            self.each("renderStart", None).await
        })
    }

    fn take_emitted_chunks(&self) -> Vec<EmittedChunk> {
        std::mem::take(&mut *self.emitted.lock().expect("emitted lock"))
    }

    fn augment_chunk_hash(&self, chunks: &[ChunkInfo]) -> Vec<Result<Option<String>, Diagnostic>> {
        self.block_on(join_all(chunks.iter().map(|chunk| async move {
            let added = self.chunk_texts("augmentChunkHash", chunk).await?;
            Ok((!added.is_empty()).then(|| added.concat()))
        })))
    }

    fn transform_index_html(&self, html: String, path: &str) -> Result<String, Diagnostic> {
        self.block_on(async {
            let mut html = html;
            for (i, _) in self.in_order("transformIndexHtml") {
                let mut call = self.call_for(i, "transformIndexHtml");
                call.id = Some(path.to_string());
                call.code = Some(html.clone());
                if let Some(code) = self.call(call).await?.code {
                    html = code;
                }
            }
            Ok(html)
        })
    }

    fn watch_files(&self) -> Vec<(PathBuf, Vec<String>)> {
        let watched = self.watched.lock().expect("watched lock");
        watched
            .iter()
            .map(|(file, importers)| (file.clone(), importers.iter().cloned().collect()))
            .collect()
    }

    fn handle_hot_update(
        &self,
        file: &str,
        modules: Vec<String>,
    ) -> Result<Option<Vec<String>>, Diagnostic> {
        self.block_on(async {
            let (mut modules, mut narrowed) = (modules, false);
            for (i, _) in self.in_order("handleHotUpdate") {
                let mut call = self.call_for(i, "handleHotUpdate");
                call.id = Some(file.to_string());
                call.imported_ids = Some(modules.clone());
                if let Some(list) = self.call(call).await?.files {
                    (modules, narrowed) = (list, true);
                }
            }
            Ok(narrowed.then_some(modules))
        })
    }

    fn addons(&self, chunks: &[ChunkInfo]) -> Vec<Result<Addons, Diagnostic>> {
        self.block_on(join_all(chunks.iter().map(|c| self.addons_one(c))))
    }

    fn render_chunk(
        &self,
        chunks: Vec<(ChunkInfo, String)>,
    ) -> Vec<Result<HookSource, Diagnostic>> {
        self.block_on(join_all(
            chunks
                .into_iter()
                .map(|(c, code)| self.render_chunk_one(c, code)),
        ))
    }

    fn output_chunks(&self, chunks: &[ChunkInfo]) {
        let mut call = self.call_for(0, "__chunks");
        call.chunks = Some(chunks.iter().map(Into::into).collect());
        // The JS side only records them: it does not throw.
        let _ = self.block_on(self.call(call));
    }
}

/// Byte offset of 1-based `line`, 0-based `column` (clamped to the text).
fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let col: usize = l.chars().take(column as usize).map(char::len_utf8).sum();
            return offset + col.min(l.len());
        }
        offset += l.len();
    }
    text.len()
}

/// An id as messages show it: relative to the working directory when inside it.
fn display(id: &str, cwd: &Path) -> String {
    Path::new(id)
        .strip_prefix(cwd)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| id.to_string())
}
