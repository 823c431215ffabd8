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
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use futures::future::join_all;
use napi::{bindgen_prelude::Promise, threadsafe_function::ThreadsafeFunction, Status};
use napi_derive::napi;
use sheaf_common::{
    hooks::{
        Addons, BuildHooks, ChunkInfo, HookResolved, HookSource, ResolveKind, ResolveRequest,
        TransformRequest,
    },
    Diagnostic, Label,
};

use crate::filter::{Filter, FilterSpec};

/// One hook of one plugin, as the JS side describes it.
#[napi(object)]
pub struct HookSpec {
    /// `resolveId`, `load`, `transform`, `buildStart` or `buildEnd`.
    pub hook: String,
    pub filter: Option<FilterSpec>,
}

#[napi(object)]
pub struct PluginSpec {
    pub name: String,
    pub hooks: Vec<HookSpec>,
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
}

/// Rollup's `RenderedChunk`, as far as sheaf knows it.
#[napi(object)]
pub struct JsChunk {
    pub file_name: String,
    pub name: String,
    pub is_entry: bool,
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
}

pub type Dispatch = ThreadsafeFunction<HookCall, Promise<HookReply>, HookCall, Status, false>;

struct Plugin {
    name: String,
    hooks: Vec<(String, Filter)>,
}

impl Plugin {
    fn hook(&self, name: &str) -> Option<&Filter> {
        self.hooks.iter().find(|(h, _)| h == name).map(|(_, f)| f)
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
                hooks.push((h.hook.clone(), filter));
            }
            plugins.push(Plugin {
                name: spec.name.clone(),
                hooks,
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
            .keeping_queries(true),
            cwd: options.cwd.clone(),
            sourcemap: options.sourcemap.is_some(),
            warnings: Mutex::new(Vec::new()),
        })
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
        }
    }

    /// Calls JS and turns a thrown error into a diagnostic naming the plugin.
    async fn call(&self, call: HookCall) -> Result<HookReply, Diagnostic> {
        let plugin = call.plugin as usize;
        let hook = call.hook.clone();
        let id = call.id.clone();
        let failed = |message: String| self.plugin_error(plugin, &hook, id.as_deref(), message);
        let promise = self
            .dispatch
            .call_async(call)
            .await
            .map_err(|e| failed(e.reason.clone()))?;
        let reply = promise.await.map_err(|e| failed(e.reason.clone()))?;
        match reply.error {
            Some(e) => Err(self.located_error(plugin, &hook, id.as_deref(), e)),
            None => Ok(reply),
        }
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

    /// `resolveId` through the plugins in order; `skip` leaves one out (`this.resolve`'s `skipSelf`).
    pub async fn resolve_one(
        &self,
        request: &ResolveRequest,
        skip: Option<usize>,
    ) -> Result<Option<HookResolved>, Diagnostic> {
        for (i, plugin) in self.plugins.iter().enumerate() {
            if Some(i) == skip {
                continue;
            }
            let Some(filter) = plugin.hook("resolveId") else {
                continue;
            };
            if !filter.matches_id(&request.specifier) {
                continue;
            }
            let mut call = self.call_for(i, "resolveId");
            call.id = Some(request.specifier.clone());
            call.importer = request.importer.clone();
            call.kind = Some(request.kind.as_str().to_string());
            let reply = self.call(call).await?;
            if let Some(id) = reply.id {
                return Ok(Some(HookResolved {
                    id,
                    external: reply.external.unwrap_or(false),
                }));
            }
        }
        Ok(None)
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

    async fn load_one(&self, id: &str) -> Result<Option<HookSource>, Diagnostic> {
        for (i, plugin) in self.plugins.iter().enumerate() {
            let Some(filter) = plugin.hook("load") else {
                continue;
            };
            if !filter.matches_id(id) {
                continue;
            }
            let mut call = self.call_for(i, "load");
            call.id = Some(id.to_string());
            let reply = self.call(call).await?;
            if let Some(code) = reply.code {
                // A loaded text without a map is its own original (as in Rollup).
                let maps = reply.map.into_iter().filter(|m| !m.is_empty()).collect();
                return Ok(Some(HookSource {
                    code,
                    maps,
                    module_type: reply.module_type,
                }));
            }
        }
        Ok(None)
    }

    async fn transform_one(&self, request: TransformRequest) -> Result<HookSource, Diagnostic> {
        let TransformRequest { id, mut source } = request;
        for (i, plugin) in self.plugins.iter().enumerate() {
            let Some(filter) = plugin.hook("transform") else {
                continue;
            };
            if !filter.matches(&id, Some(&source.code), source.module_type.as_deref()) {
                continue;
            }
            let mut call = self.call_for(i, "transform");
            call.id = Some(id.clone());
            call.code = Some(source.code.clone());
            call.module_type = source.module_type.clone();
            let reply = self.call(call).await?;
            if let Some(code) = reply.code {
                if code != source.code {
                    self.keep_map(&mut source.maps, reply.map, i, &id, "transform");
                }
                source.code = code;
            }
            if let Some(t) = reply.module_type {
                source.module_type = Some(t);
            }
        }
        Ok(source)
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
        let calls = self
            .plugins
            .iter()
            .enumerate()
            .filter(|(_, p)| p.hook(hook).is_some());
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

    /// `banner`, `intro`, `outro` and `footer` of one chunk: each plugin's
    /// text (a string or what its function returns), joined by newlines.
    async fn addons_one(&self, chunk: &ChunkInfo) -> Result<Addons, Diagnostic> {
        let mut texts: [Vec<String>; 4] = Default::default();
        for (slot, hook) in ["banner", "intro", "outro", "footer"].iter().enumerate() {
            for (i, plugin) in self.plugins.iter().enumerate() {
                if plugin.hook(hook).is_none() {
                    continue;
                }
                let mut call = self.call_for(i, hook);
                call.chunk = Some(chunk.into());
                if let Some(text) = self.call(call).await?.code.filter(|t| !t.is_empty()) {
                    texts[slot].push(text);
                }
            }
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
        for (i, plugin) in self.plugins.iter().enumerate() {
            if plugin.hook("renderChunk").is_none() {
                continue;
            }
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

    fn has(&self, hook: &str) -> bool {
        self.plugins.iter().any(|p| p.hook(hook).is_some())
    }
}

impl BuildHooks for Driver {
    fn build_start(&self) -> Result<(), Diagnostic> {
        if !self.has("buildStart") {
            return Ok(());
        }
        block_on(self.each("buildStart", None))
    }

    fn resolve_id(
        &self,
        requests: &[ResolveRequest],
    ) -> Vec<Result<Option<HookResolved>, Diagnostic>> {
        if !self.has("resolveId") {
            return requests.iter().map(|_| Ok(None)).collect();
        }
        block_on(join_all(requests.iter().map(|r| self.resolve_one(r, None))))
    }

    fn load(&self, ids: &[String]) -> Vec<Result<Option<HookSource>, Diagnostic>> {
        if !self.has("load") {
            return ids.iter().map(|_| Ok(None)).collect();
        }
        block_on(join_all(ids.iter().map(|id| self.load_one(id))))
    }

    fn transform(&self, requests: Vec<TransformRequest>) -> Vec<Result<HookSource, Diagnostic>> {
        if !self.has("transform") {
            return requests.into_iter().map(|r| Ok(r.source)).collect();
        }
        block_on(join_all(
            requests.into_iter().map(|r| self.transform_one(r)),
        ))
    }

    fn build_end(&self, error: Option<&Diagnostic>) -> Result<(), Diagnostic> {
        if !self.has("buildEnd") {
            return Ok(());
        }
        let message = error.map(|d| d.message.clone());
        block_on(self.each("buildEnd", message))
    }

    fn has_output_hooks(&self) -> bool {
        ["banner", "intro", "outro", "footer", "renderChunk"]
            .iter()
            .any(|h| self.has(h))
    }

    fn addons(&self, chunks: &[ChunkInfo]) -> Vec<Result<Addons, Diagnostic>> {
        block_on(join_all(chunks.iter().map(|c| self.addons_one(c))))
    }

    fn render_chunk(
        &self,
        chunks: Vec<(ChunkInfo, String)>,
    ) -> Vec<Result<HookSource, Diagnostic>> {
        block_on(join_all(
            chunks
                .into_iter()
                .map(|(c, code)| self.render_chunk_one(c, code)),
        ))
    }
}

/// Waits for `f` on the build's scan thread (a tokio blocking thread, never a
/// rayon worker): the JS calls it makes run on the Node thread meanwhile.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Handle::current().block_on(f)
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
