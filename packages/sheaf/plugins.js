import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseAst } from './parse.js';

// Rollup/Vite plugins on sheaf: the plugin list, the hook descriptions the
// Rust driver filters with, and the dispatcher it calls for each hook.
//
// A hook is a function or `{ handler, order, filter }`. Filters
// (`{ id, code, moduleType }`, strings or RegExps, `include`/`exclude`) are
// sent to Rust, which calls JS only for the modules they let through.

/** The hooks the Rust driver runs. */
const DRIVEN = [
  'resolveId', 'load', 'transform', 'moduleParsed', 'buildStart', 'buildEnd',
  'renderStart', 'banner', 'intro', 'outro', 'footer', 'renderChunk', 'augmentChunkHash',
  // Vite's, in `sheaf dev` (and transformIndexHtml for HTML entries of builds).
  'transformIndexHtml', 'handleHotUpdate',
];
const ADDONS = new Set(['banner', 'intro', 'outro', 'footer']);

/** Plugins as Rollup takes them: nested arrays and falsy entries allowed; Vite's `apply: 'serve'` ones left out of builds; `enforce` orders them. */
export function flattenPlugins(list, command = 'build', mode = command === 'build' ? 'production' : 'development') {
  const flat = [];
  const walk = (p) => {
    if (!p) return;
    if (Array.isArray(p)) return p.forEach(walk);
    if (typeof p.then === 'function') {
      throw new Error('sheaf: a plugin is a Promise; await it before passing it to sheaf');
    }
    if (typeof p.apply === 'string' && p.apply !== command) return;
    if (typeof p.apply === 'function' && !p.apply({}, { command, mode })) return;
    flat.push(p);
  };
  walk(list ?? []);
  const rank = (p) => (p.enforce === 'pre' ? 0 : p.enforce === 'post' ? 2 : 1);
  return flat.map((p, i) => [p, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([p]) => p);
}

function patterns(value) {
  const list = value == null ? [] : Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (v instanceof RegExp) return { regex: v.source, flags: v.flags };
    if (typeof v === 'string') return { string: v };
    throw new Error(`sheaf: a filter pattern is a string or a RegExp, not ${typeof v}`);
  });
}

function patternSet(value) {
  if (value == null) return undefined;
  if (typeof value === 'object' && !(value instanceof RegExp) && !Array.isArray(value)) {
    return { include: patterns(value.include), exclude: patterns(value.exclude) };
  }
  return { include: patterns(value), exclude: [] };
}

function filterSpec(filter) {
  if (!filter) return undefined;
  const moduleType = filter.moduleType;
  return {
    id: patternSet(filter.id),
    code: patternSet(filter.code),
    moduleType: moduleType == null ? undefined : Array.isArray(moduleType) ? moduleType : moduleType.include ?? [moduleType],
  };
}

/** Marks sheaf's own plugins (run in Rust) in the plugin list. */
const BUILTIN = Symbol.for('sheaf.builtin');

/**
 * sheaf's own loaders as plugins, to place among the others: `css`
 * (stylesheets), `asset` (images, fonts, `?url`, `?raw`, `public/` files),
 * `json` and `text` (`.txt`, `.md`, …). Plugins before one see the file as it
 * is; plugins after it see what sheaf made of it (JavaScript for JSON, text
 * and assets). One not placed runs after every plugin, as Rollup's semantics
 * want (`@rollup/plugin-json` gets the file's JSON).
 */
export const builtins = Object.freeze(Object.fromEntries(['css', 'asset', 'json', 'text'].map((kind) => [
  kind,
  (options = {}) => ({ name: `sheaf:${kind}`, [BUILTIN]: true, enforce: options.enforce }),
])));

/** What Rust needs to know of each plugin: its name and its hooks with their filters. */
export function describePlugins(plugins) {
  return plugins.map((p, i) => p[BUILTIN] ? {
    name: p.name,
    builtin: p.name,
    hooks: [{ hook: 'load' }, { hook: 'transform' }],
  } : ({
    name: p.name ?? `plugin${i}`,
    // Vite's transformIndexHtml also takes `{ enforce, transform }` (its older form).
    hooks: DRIVEN.filter((h) => p[h]).map((h) => ({ hook: h, filter: filterSpec(p[h].filter), order: p[h].order ?? p[h].enforce ?? undefined })),
  }));
}

/** A hook's function, whether the hook is a function or `{ handler, … }`. */
export function handlerOf(hook) {
  return typeof hook === 'function' ? hook : hook.handler ?? hook.transform;
}

/** Indices of the plugins that have `hook`, in Rollup's order: `order: 'pre'`, none, `'post'`. */
export function inOrder(plugins, hook) {
  const rank = (h) => (h?.order === 'pre' ? 0 : h?.order === 'post' ? 2 : 1);
  return plugins
    .map((p, i) => [p, i])
    .filter(([p]) => p[hook])
    .sort((a, b) => rank(a[0][hook]) - rank(b[0][hook]) || a[1] - b[1])
    .map(([, i]) => i);
}

/** Rollup's RenderedChunk from what Rust sends. */
function renderedChunk(c) {
  const modules = Object.fromEntries(c.moduleIds.map((id) => [id, { code: null, originalLength: 0, removedExports: [], renderedExports: [], renderedLength: 0 }]));
  return {
    type: 'chunk',
    fileName: c.fileName,
    name: c.name,
    isEntry: c.isEntry,
    isDynamicEntry: c.isDynamicEntry,
    isImplicitEntry: false,
    facadeModuleId: c.facadeModuleId ?? null,
    moduleIds: c.moduleIds,
    modules,
    exports: c.exports,
    imports: c.imports,
    dynamicImports: c.dynamicImports,
    implicitlyLoadedBefore: [],
    importedBindings: {},
    referencedFiles: [],
  };
}

function mapJson(map) {
  if (map == null) return undefined;
  if (typeof map === 'string') return map === '' ? '' : map;
  if (map.mappings === '') return '';
  return JSON.stringify(typeof map.toJSON === 'function' ? map.toJSON() : map);
}

function normalizeResolved(r) {
  if (r == null) return {};
  if (r === false) return {};
  if (typeof r === 'string') return { id: r };
  return { id: r.id, external: r.external === true || r.external === 'absolute' || r.external === 'relative' };
}

function normalizeSource(r) {
  if (r == null) return {};
  if (typeof r === 'string') return { code: r };
  return { code: r.code, map: mapJson(r.map), moduleType: r.moduleType };
}

function errorInfo(e) {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : e?.message ?? String(e);
  return {
    message,
    file: e?.loc?.file ?? e?.id ?? undefined,
    line: e?.loc?.line ?? e?.line ?? undefined,
    column: e?.loc?.column ?? e?.column ?? undefined,
  };
}

/**
 * The dispatcher Rust calls with a batch of hook calls: runs each and returns
 * plain replies in order. It never rejects: a thrown error becomes `{ error }`.
 */
export function createDispatcher(plugins, contexts, build) {
  const one = async (call) => {
    // What Rust tells the JS side itself (no plugin is called).
    if (call.hook === '__emittedChunks') {
      build.emittedChunkIds = call.ids;
      return {};
    }
    if (call.hook === '__chunks') {
      build.renderedChunks ??= {};
      for (const c of call.chunks.map(renderedChunk)) {
        build.renderedChunks[c.fileName] = c;
        if (c.facadeModuleId) (build.chunkFiles ??= new Map()).set(c.facadeModuleId, c.fileName);
      }
      return {};
    }
    const plugin = plugins[call.plugin];
    const hook = plugin[call.hook];
    // A module's `load` and `transform` get a context that knows the module
    // (what `addWatchFile` ties the file to).
    const ctx = call.hook === 'load' || call.hook === 'transform' ? moduleContext(contexts[call.plugin], call.id, build) : contexts[call.plugin];
    try {
      if (ADDONS.has(call.hook)) {
        const value = typeof hook === 'string' ? hook : await handlerOf(hook).call(ctx, renderedChunk(call.chunk));
        return { code: value == null ? undefined : String(value) };
      }
      const handler = handlerOf(hook);
      switch (call.hook) {
        case 'renderChunk': {
          const chunk = renderedChunk(call.chunk);
          const outputOptions = { ...build.outputOptions, format: call.chunk.format };
          // meta.chunks: every chunk of the output (file names with hash placeholders).
          const chunks = build.renderedChunks ?? { [chunk.fileName]: chunk };
          return normalizeSource(await handler.call(ctx, call.code, chunks[chunk.fileName] ?? chunk, outputOptions, { chunks }));
        }
        case 'resolveId': {
          const options = { isEntry: call.kind === 'entry-point', kind: call.kind, attributes: {}, custom: undefined };
          return normalizeResolved(await handler.call(ctx, call.id, call.importer ?? undefined, options));
        }
        case 'load':
          return normalizeSource(await handler.call(ctx, call.id));
        case 'transform':
          return normalizeSource(await handler.call(ctx, call.code, call.id, { moduleType: call.moduleType }));
        case 'moduleParsed': {
          const info = {
            ...moduleInfoBase(call.id, false),
            isEntry: call.isEntry === true,
            importedIds: call.importedIds ?? [],
            dynamicallyImportedIds: call.dynamicallyImportedIds ?? [],
          };
          await handler.call(ctx, info);
          return {};
        }
        case 'augmentChunkHash': {
          const added = await handler.call(ctx, renderedChunk(call.chunk));
          return { code: typeof added === 'string' ? added : undefined };
        }
        case 'transformIndexHtml':
          return { code: await indexHtml(handler, ctx, call, build) };
        case 'handleHotUpdate':
          return { files: await hotUpdate(handler, ctx, call, build) };
        case 'renderStart':
          await handler.call(ctx, build.outputOptions, build.inputOptions);
          return {};
        case 'buildStart':
          await handler.call(ctx, build.inputOptions);
          return {};
        case 'buildEnd':
          await handler.call(ctx, call.error ? new Error(call.error) : undefined);
          return {};
        default:
          return { error: { message: `sheaf: unknown hook ${call.hook}` } };
      }
    } catch (e) {
      return { error: errorInfo(e) };
    }
  };
  // Rust sends a batch (one plugin, many modules): all run at once.
  return ({ calls }) => Promise.all(calls.map(one));
}

/** The URL path of a file of the served (or built) folder: `/src/App.vue`. */
function urlOf(build, file) {
  const root = build.root ?? build.inputOptions.cwd ?? process.cwd();
  return '/' + relative(root, file).split(sep).join('/');
}

/** A page through one `transformIndexHtml` hook: its html, with the tags it returned put in. */
async function indexHtml(handler, ctx, call, build) {
  const path = urlOf(build, call.id);
  const result = await handler.call(ctx, call.code, { path, filename: call.id, server: build.server, originalUrl: path });
  if (result == null) return call.code;
  if (typeof result === 'string') return result;
  if (Array.isArray(result)) return injectTags(call.code, result);
  return injectTags(result.html ?? call.code, result.tags ?? []);
}

const VOID_TAGS = new Set(['link', 'meta', 'base', 'img', 'input', 'br', 'hr']);

function escapeAttr(v) {
  return String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** Vite's HtmlTagDescriptor as HTML. */
function serializeTag({ tag, attrs = {}, children }) {
  const attributes = Object.entries(attrs)
    .filter(([, v]) => v !== false && v != null)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`))
    .join('');
  if (VOID_TAGS.has(tag)) return `<${tag}${attributes}>`;
  const inner = children == null ? '' : typeof children === 'string' ? children : children.map(serializeTag).join('');
  return `<${tag}${attributes}>${inner}</${tag}>`;
}

/** Tags put where each says (`injectTo`: head, head-prepend (default), body, body-prepend). */
export function injectTags(html, tags) {
  for (const where of ['head-prepend', 'head', 'body-prepend', 'body']) {
    const text = tags.filter((t) => (t.injectTo ?? 'head-prepend') === where).map(serializeTag).join('\n');
    if (!text) continue;
    const [open, close] = where.startsWith('head') ? [/<head[^>]*>/i, /<\/head>/i] : [/<body[^>]*>/i, /<\/body>/i];
    if (where.endsWith('prepend')) {
      const m = open.exec(html);
      html = m ? html.slice(0, m.index + m[0].length) + '\n' + text + html.slice(m.index + m[0].length) : text + '\n' + html;
    } else {
      const m = close.exec(html);
      html = m ? html.slice(0, m.index) + text + '\n' + html.slice(m.index) : html + '\n' + text;
    }
  }
  return html;
}

/**
 * One `handleHotUpdate` hook: Vite's context for the changed file, with the
 * modules (of files) still to update; returns the files of the modules it
 * returned, or undefined when it returned nothing.
 */
async function hotUpdate(handler, ctx, call, build) {
  const modules = (call.importedIds ?? []).map((id) => {
    const file = id.split('?')[0];
    return { id, file, url: urlOf(build, id), type: /\.css($|\?)/.test(id) ? 'css' : 'js' };
  });
  const hmr = {
    file: call.id,
    timestamp: Date.now(),
    modules,
    read: () => readFile(call.id, 'utf8'),
    server: build.server,
  };
  const result = await handler.call(ctx, hmr);
  if (!Array.isArray(result)) return undefined;
  return result.map((m) => (typeof m === 'string' ? m : m.id ?? m.file)).filter(Boolean);
}

/** `this.addWatchFile(file)`: Rust keeps the file with the module whose hook asked (`importer`). */
function addWatchFile(build, file, importer) {
  if (typeof file !== 'string') throw new Error('sheaf: this.addWatchFile(file) takes a file path');
  if (build.session() == null) return;
  const abs = isAbsolute(file) ? file : resolve(build.cwd ?? build.root ?? process.cwd(), file);
  build.native.addWatchFile(build.session(), abs, importer);
}

/**
 * The context of module `id`'s `load` or `transform` hook. It remembers the
 * assets the hooks emit for the module (`build.byModule`): a rebuild that
 * reuses the module (its file unchanged) emits them again (`reemitted`), as
 * Rollup's cache does. A chunk emitted for a module makes rebuilds load
 * every module again (`build.noReuse`).
 */
function moduleContext(base, id, build) {
  const ctx = Object.create(base);
  build.byModule ??= new Map();
  if (build.touched && !build.touched.has(id)) {
    build.touched.add(id);
    build.byModule.delete(id);
  }
  ctx.addWatchFile = (file) => addWatchFile(build, file, id);
  ctx.emitFile = (file) => {
    const before = build.emitted.length;
    const ref = base.emitFile.call(ctx, file);
    if (file?.type === 'chunk') build.noReuse = true;
    const assets = build.emitted.slice(before);
    if (assets.length > 0) build.byModule.set(id, [...(build.byModule.get(id) ?? []), ...assets]);
    return ref;
  };
  return ctx;
}

/** Assets the hooks of modules a rebuild reused (not loaded again) emitted before. */
export function reemitted(build, moduleIds) {
  const out = [];
  for (const [id, assets] of build.byModule ?? []) {
    if (!build.touched?.has(id) && moduleIds.has(id)) out.push(...assets);
  }
  return out;
}

/** One plugin context (`this` in hooks) per plugin. */
export function createContexts(plugins, build) {
  return plugins.map((p, i) => createContext(p, i, build));
}

/** `assets/[name]-[hash][extname]`, Rollup's default asset file name. */
function assetFileName(name, source) {
  const base = (name ?? 'asset').split('/').pop();
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  const hash = createHash('sha256').update(source ?? '').digest('base64url').slice(0, 8);
  return `assets/${stem}-${hash}${ext}`;
}

function createContext(plugin, index, build) {
  const name = plugin.name ?? `plugin${index}`;
  return {
    meta: { rollupVersion: '4.40.0', watchMode: false },
    async resolve(source, importer, options = {}) {
      const kind = options.kind ?? (options.isEntry ? 'entry-point' : 'import-statement');
      const skip = options.skipSelf === false ? null : index;
      const r = await build.native.resolve(build.session(), source, importer ?? null, kind, skip);
      return r ? { id: r.id, external: r.external, moduleSideEffects: true, meta: {}, resolvedBy: 'sheaf' } : null;
    },
    error(e) {
      if (typeof e === 'string') e = new Error(e);
      else if (!(e instanceof Error)) e = Object.assign(new Error(e?.message ?? String(e)), e);
      e.plugin = name;
      throw e;
    },
    warn(w) {
      const message = typeof w === 'function' ? w().message ?? String(w()) : typeof w === 'string' ? w : w?.message;
      build.warnings.push({ code: 'PLUGIN_WARNING', severity: 'warning', plugin: name, message: `[plugin ${name}] ${message}` });
    },
    info() {},
    debug() {},
    addWatchFile(file) {
      addWatchFile(build, file, null);
    },
    getWatchFiles() {
      return build.session() == null ? [] : build.native.watchFiles(build.session()).map((w) => w.file);
    },
    emitFile(file) {
      if (file?.type === 'chunk') return emitChunk(file, build, name, this.__stage);
      if (file?.type !== 'asset') {
        throw new Error(`sheaf: this.emitFile() of type "${file?.type}" is not supported (assets and chunks are) (plugin ${name})`);
      }
      const referenceId = `ref${build.emitted.length + build.refs.size}`;
      const source = file.source;
      const asset = {
        type: 'asset',
        fileName: file.fileName ?? (source === undefined ? undefined : assetFileName(file.name, source)),
        name: file.name,
        names: file.name ? [file.name] : [],
        originalFileNames: file.originalFileName ? [file.originalFileName] : [],
        source,
        needsCodeReference: !!file.needsCodeReference,
      };
      build.refs.set(referenceId, asset);
      const stage = this.__stage;
      if (asset.fileName !== undefined) {
        if (stage) stage.bundle[asset.fileName] = asset;
        else build.emitted.push(asset);
      }
      return referenceId;
    },
    getFileName(referenceId) {
      if (build.chunkRefs?.has(referenceId)) return chunkFileName(referenceId, build, name);
      const asset = build.refs.get(referenceId);
      if (!asset?.fileName) throw new Error(`sheaf: no emitted file with reference ${referenceId} (plugin ${name})`);
      return asset.fileName;
    },
    setAssetSource(referenceId, source) {
      const asset = build.refs.get(referenceId);
      if (!asset) throw new Error(`sheaf: no emitted file with reference ${referenceId} (plugin ${name})`);
      asset.source = source;
      if (asset.fileName === undefined) {
        asset.fileName = assetFileName(asset.name, source);
        if (this.__stage) this.__stage.bundle[asset.fileName] = asset;
        else build.emitted.push(asset);
      }
    },
    getModuleInfo(id) {
      if (build.moduleInfo) return build.moduleInfo.get(id) ?? null;
      // While modules load: those parsed so far (imports resolved), from Rust.
      const m = build.session() == null ? null : build.native.moduleInfo(build.session(), id);
      return m ? { ...moduleInfoBase(m.id, false), isEntry: m.isEntry, importedIds: m.importedIds, dynamicallyImportedIds: m.dynamicallyImportedIds } : null;
    },
    getModuleIds() {
      return (build.moduleInfo ?? new Map()).keys();
    },
    parse(code, options) {
      return parseAst(code, options);
    },
  };
}

/**
 * `emitFile({ type: 'chunk', id, name })` while modules load: the build
 * bundles `id` as one more entry point. The dev server has no chunks to
 * emit (as in Vite): there it only hands out the reference.
 */
function emitChunk(file, build, plugin, stage) {
  if (typeof file.id !== 'string') throw new Error(`sheaf: this.emitFile({ type: 'chunk' }) needs an id (plugin ${plugin})`);
  if (stage) throw new Error(`sheaf: chunks cannot be emitted once the output is being generated (plugin ${plugin})`);
  build.chunkRefs ??= new Map();
  const referenceId = `chunk${build.chunkRefs.size}`;
  if (!build.server) {
    build.chunkRefs.set(referenceId, build.chunkRefs.size);
    build.native.emitChunk(build.session(), file.id, file.name ?? null, typeof file.fileName === 'string' ? file.fileName : null);
  }
  return referenceId;
}

/** The output file of an emitted chunk, once the build has written its chunks. */
function chunkFileName(referenceId, build, plugin) {
  const id = build.emittedChunkIds?.[build.chunkRefs.get(referenceId)];
  const file = id && build.chunkFiles?.get(id);
  if (!file) throw new Error(`sheaf: the file name of emitted chunk ${referenceId} is known from renderChunk on (plugin ${plugin})`);
  return file;
}

/** Rollup's ModuleInfo with nothing known yet but the id. */
function moduleInfoBase(id, external) {
  return {
    id,
    isEntry: false,
    isExternal: external,
    isIncluded: !external,
    importedIds: [],
    importedIdResolutions: [],
    dynamicallyImportedIds: [],
    dynamicallyImportedIdResolutions: [],
    importers: [],
    dynamicImporters: [],
    implicitlyLoadedAfterOneOf: [],
    implicitlyLoadedBefore: [],
    hasDefaultExport: null,
    exportedBindings: null,
    exports: null,
    meta: {},
    moduleSideEffects: true,
    syntheticNamedExports: false,
    attributes: {},
    code: null,
    ast: null,
  };
}

/** `getModuleInfo` answers (output stage): every module, and externals it imports. */
export function moduleInfoMap(modules) {
  const info = new Map();
  const base = moduleInfoBase;
  for (const m of modules) {
    info.set(m.id, { ...base(m.id, false), isEntry: m.isEntry, importedIds: m.importedIds, dynamicallyImportedIds: m.dynamicallyImportedIds });
  }
  for (const m of modules) {
    for (const [list, key] of [[m.importedIds, 'importers'], [m.dynamicallyImportedIds, 'dynamicImporters']]) {
      for (const id of list) {
        if (!info.has(id)) info.set(id, base(id, true));
        info.get(id)[key].push(m.id);
      }
    }
  }
  return info;
}
