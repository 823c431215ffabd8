// sheaf's JavaScript API.
//
//   import { build } from 'sheaf';
//   const { outputs } = await build({ input: 'src/main.ts', output: { dir: 'dist' }, plugins: [yaml()] });
//
// `build()` resolves with the output files (in memory; written too unless
// `write: false`) and rejects with an Error whose `errors` are the
// diagnostics (code, message, file, line, column, frame).

import { relative, extname, resolve as resolvePath } from 'node:path';
import { statSync, watch } from 'node:fs';
import { native } from './binding.js';
import { toArgs } from './options.js';
import { flattenPlugins, describePlugins, createDispatcher, createContexts, moduleInfoMap, inOrder, handlerOf, reemitted } from './plugins.js';
import { outputStage, hasStageHooks, each } from './bundle.js';
import { createMiddlewares, startFront } from './dev-front.js';
import { createWatcher, ignoredByWatch, watchFile } from './dev-watcher.js';

export { platformName } from './binding.js';
export { builtins } from './plugins.js';
export { parseAst } from './parse.js';

/** Identity, for typed config files: `export default defineConfig({ … })`. */
export function defineConfig(config) {
  return config;
}

const TEXT = new Set(['.js', '.mjs', '.cjs', '.css', '.map', '.json', '.html', '.svg', '.txt']);

async function runOptionsHooks(plugins, options) {
  let current = options;
  for (const p of inOrder(plugins, 'options').map((i) => plugins[i])) {
    const handler = handlerOf(p.options);
    const ctx = { meta: { rollupVersion: '4.40.0', watchMode: false }, warn() {}, error: (e) => { throw typeof e === 'string' ? new Error(e) : e; } };
    const replaced = await handler.call(ctx, current);
    if (replaced != null) current = replaced;
  }
  return current;
}

function outputFile(o, outDir) {
  const fileName = relative(outDir, o.path).split('\\').join('/');
  const ext = extname(o.path);
  const isChunk = ext === '.js' || ext === '.mjs' || ext === '.cjs';
  const file = {
    type: isChunk ? 'chunk' : 'asset',
    fileName,
    path: o.path,
    contents: o.contents,
  };
  if (isChunk) {
    file.code = o.contents.toString('utf8');
    file.isEntry = o.entry != null && !o.dynamicEntry;
    file.isDynamicEntry = o.dynamicEntry;
    file.facadeModuleId = o.entry ?? null;
    file.moduleIds = o.modules;
    file.moduleLengths = o.moduleLengths;
    file.exports = o.exports;
  } else {
    file.source = TEXT.has(ext) ? o.contents.toString('utf8') : o.contents;
  }
  return file;
}

function buildError(result, warnings) {
  const err = new Error(result.message.trimEnd());
  err.code = result.errors[0]?.code ?? 'E_BUILD';
  err.errors = result.errors;
  err.warnings = warnings;
  return err;
}

function isPlainObject(v) {
  return v != null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RegExp) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Vite's mergeConfig: objects merged key by key, arrays joined, other values replaced. */
export function mergeConfig(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined) continue;
    const old = out[key];
    if (Array.isArray(old) || Array.isArray(value)) {
      out[key] = [...(old == null ? [] : [old].flat()), ...[value].flat()];
    } else if (isPlainObject(old) && isPlainObject(value)) {
      out[key] = mergeConfig(old, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Vite's `config` hooks (each may return a partial config, merged in, or
 * change it in place) and then `configResolved`, in plugin order.
 */
async function runConfigHooks(plugins, options, env) {
  let config = options;
  for (const i of inOrder(plugins, 'config')) {
    const extra = await handlerOf(plugins[i].config).call(null, config, env);
    if (extra != null) config = mergeConfig(config, extra);
  }
  // Plugins added by `config` hooks are not run: say so rather than ignore them.
  if (config.plugins !== options.plugins && flattenPlugins(config.plugins, env.command, env.mode).length !== plugins.length) {
    throw new Error('sheaf: a config hook added plugins; list them in the config instead');
  }
  const resolved = Object.freeze({ ...config, command: env.command, mode: env.mode, root: config.root ?? config.cwd ?? process.cwd(), plugins });
  for (const i of inOrder(plugins, 'configResolved')) {
    await handlerOf(plugins[i].configResolved).call(null, resolved);
  }
  return config;
}

/** A build session: the options turned into arguments, the plugins, their contexts. */
async function openSession(options) {
  const plugins = flattenPlugins(options.plugins);
  const configured = await runConfigHooks(plugins, options, { command: 'build', mode: options.mode ?? 'production' });
  const resolved = await runOptionsHooks(plugins, configured);
  const [args, cwd, write] = toArgs(resolved);
  const outputOptions = { sourcemap: false, ...resolved.output };
  const state = { native, warnings: [], emitted: [], refs: new Map(), inputOptions: resolved, outputOptions, cwd, session: () => session.id };
  const contexts = createContexts(plugins, state);
  const dispatch = plugins.length > 0 ? createDispatcher(plugins, contexts, state) : null;
  const session = { plugins, resolved, cwd, write, outputOptions, state, contexts };
  session.id = native.createSession(args, cwd, describePlugins(plugins), dispatch);
  return session;
}

/** One build of an open session. */
async function buildSession(session) {
  const { plugins, resolved, cwd, write, outputOptions, state, contexts } = session;
  state.warnings = [];
  state.chunkRefs = new Map();
  state.moduleInfo = undefined;
  state.touched = new Set();
  state.renderedChunks = undefined;
  state.chunkFiles = new Map();
  state.emittedChunkIds = undefined;
  // A chunk emitted for a module: every module loads again (see moduleContext).
  if (state.noReuse) native.invalidate(session.id, [], null, true);
  // With plugins, files are written after the JS output stage (generateBundle may change them).
  const wantsMetafile = resolved.metafile != null && resolved.metafile !== false;
  // Output-stage hooks (generateBundle, …) may change files: then JS writes after them.
  const stage = hasStageHooks(plugins);
  const result = await native.build(session.id, write && !stage, wantsMetafile, stage);
  const warnings = [...result.warnings, ...state.warnings];
  if (!result.ok) throw buildError(result, warnings);
  const out = resolved.output ?? {};
  const file = out.file ?? resolved.outfile;
  const outDir = out.dir ?? resolved.outdir ?? (file ? dirnameOf(file, cwd) : 'dist');
  const base = outDir.startsWith('/') ? outDir : `${cwd}/${outDir}`;
  let outputs = result.outputs.map((o) => outputFile(o, base));
  // Emitted chunks' file names (getFileName): by the module each starts from.
  state.emittedChunkIds = result.emittedChunks;
  state.chunkFiles = new Map(outputs.filter((o) => o.type === 'chunk' && o.facadeModuleId).map((o) => [o.facadeModuleId, o.fileName]));
  state.emitted.push(...reemitted(state, new Set(outputs.flatMap((o) => o.moduleIds ?? []))));
  if (stage) {
    state.moduleInfo = moduleInfoMap(result.modules);
    outputs = await outputStage({ native, plugins, contexts, outputs, outDir: base, write, outputOptions, emitted: state.emitted });
  } else if (state.emitted.length > 0) {
    // Assets plugins emitted while loading and transforming.
    const emitted = state.emitted.splice(0).map((a) => ({ ...a, path: resolvePath(base, a.fileName) }));
    if (write) native.writeFiles(emitted.map((a) => ({ path: a.path, contents: Buffer.from(a.source) })));
    outputs = [...outputs, ...emitted.map((a) => ({ ...a, contents: Buffer.from(a.source) }))];
  }
  return { outputs, warnings, metafile: wantsMetafile ? JSON.parse(result.metafile) : undefined };
}

/**
 * Bundles. Options are sheaf's (as in sheaf.config.json: entries, outdir,
 * format, …) or Rollup's (input, output.dir, output.format, …), plus
 * `plugins`, `cwd` and `write`.
 */
export async function build(options = {}) {
  const session = await openSession(options);
  try {
    return await buildSession(session);
  } finally {
    native.closeSession(session.id);
  }
}

/**
 * A build to run again: `rebuild()` reads and parses only files that changed
 * since the last build (those `watch()` saw, or `rebuild(changedFiles)`);
 * `watch({ onRebuild })` rebuilds on every save; `dispose()` ends it (and
 * lets the process exit).
 */
export async function context(options = {}) {
  const session = await openSession(options);
  native.invalidate(session.id, []);
  let watcher = null;
  let disposed = false;
  let pending = new Set();
  let running = Promise.resolve();
  const files = new WatchFiles(session);
  const rebuild = (changed = []) => {
    if (disposed) return Promise.reject(new Error('sheaf: this context was disposed'));
    running = running.catch(() => {}).then(async () => {
      const given = [...pending, ...changed.map((f) => resolvePath(session.cwd, f))];
      pending = new Set();
      native.invalidate(session.id, given, files.dependentsOf(given));
      try {
        return await buildSession(session);
      } finally {
        files.built();
      }
    });
    return running;
  };
  return {
    rebuild,
    async watch({ onRebuild } = {}) {
      if (watcher) return;
      let timer = null;
      const saw = (file) => {
        pending.add(file);
        clearTimeout(timer);
        timer = setTimeout(() => {
          rebuild().then((r) => onRebuild?.(null, r), (e) => onRebuild?.(e, null));
        }, 30);
      };
      watcher = watch(session.cwd, { recursive: true }, (_event, name) => {
        if (!name) return;
        const file = resolvePath(session.cwd, name);
        if (ignoredByWatch(file) || isOutput(session, file)) return;
        saw(file);
      });
      files.watchOutside(saw);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      watcher?.close();
      files.close();
      await running.catch(() => {});
      native.closeSession(session.id);
    },
  };
}

/**
 * The files plugins asked to watch (`this.addWatchFile`) for a context: a
 * change to one loads again the modules whose hooks asked (its dependents),
 * whether `watch()` saw it or `rebuild()` finds it changed (size and time
 * since the last build). Files the folder watcher does not see (outside the
 * project, in node_modules) get a watcher of their own.
 */
class WatchFiles {
  constructor(session) {
    this.session = session;
    this.stamps = new Map();
    this.watchers = new Map();
    this.onChange = null;
  }

  list() {
    return native.watchFiles(this.session.id);
  }

  /** The module files whose hooks watch a file of `changed`, or one that changed since the last build. */
  dependentsOf(changed) {
    const given = new Set(changed);
    const out = new Set();
    for (const w of this.list()) {
      if (!given.has(w.file) && this.stamps.get(w.file) === stamp(w.file)) continue;
      for (const id of w.importers) out.add(id.split('?')[0]);
    }
    return [...out];
  }

  /** After a build: the files' stamps, and watchers for new outside files. */
  built() {
    const list = this.list();
    for (const w of list) this.stamps.set(w.file, stamp(w.file));
    if (this.onChange) this.watchOutside(this.onChange, list);
  }

  watchOutside(onChange, list = this.list()) {
    this.onChange = onChange;
    const cwd = this.session.cwd + '/';
    for (const { file } of list) {
      if (this.watchers.has(file) || (file.startsWith(cwd) && !ignoredByWatch(file))) continue;
      // A file whose folder is not there (yet) is not watched.
      const handle = watchFile(file, onChange);
      if (handle) this.watchers.set(file, handle);
    }
  }

  close() {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}

/** A file's size and time, to tell whether it changed since the last build. */
function stamp(file) {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** Whether `file` is in the build's output folder (its writes must not trigger rebuilds). */
function isOutput(session, file) {
  const out = session.resolved.output ?? {};
  const dir = out.dir ?? session.resolved.outdir ?? (out.file ?? session.resolved.outfile ? dirnameOf(out.file ?? session.resolved.outfile, session.cwd) : 'dist');
  const base = resolvePath(session.cwd, dir);
  return file === base || file.startsWith(base + '/');
}

function dirnameOf(file, cwd) {
  const abs = file.startsWith('/') ? file : `${cwd}/${file}`;
  return abs.slice(0, abs.lastIndexOf('/')) || '/';
}

function transformOptions(options = {}) {
  const define = Object.entries(options.define ?? {}).map(([k, v]) => `${k}=${v}`);
  return {
    cwd: options.cwd ?? process.cwd(),
    filename: options.filename ?? 'input.js',
    target: options.target,
    minify: options.minify,
    jsx: options.jsx,
    jsxImportSource: options.jsxImportSource,
    define,
    sourcemap: !!options.sourcemap,
  };
}

function transformed(result) {
  if (!result.ok) {
    const err = new Error(result.message.trimEnd());
    err.code = result.errors[0]?.code ?? 'E_TRANSFORM';
    err.errors = result.errors;
    throw err;
  }
  return { code: result.code, map: result.map ? JSON.parse(result.map) : null };
}

/**
 * Transpiles one module's code without bundling: TypeScript, JSX, `define`,
 * `target` lowering, `minify`. `filename` (default `input.js`) picks the syntax
 * by its extension. Resolves with `{ code, map }`.
 */
export async function transform(code, options) {
  return transformed(await native.transform(code, transformOptions(options)));
}

/** `transform`, synchronously. */
export function transformSync(code, options) {
  return transformed(native.transformSync(code, transformOptions(options)));
}

/**
 * The bundle analyzer page of a build (what `--analyze=html` writes as
 * analyze.html): one self-contained HTML string. Nothing is written.
 */
export async function analyze(options = {}) {
  const { outputs } = await build({ ...options, write: false, analyze: 'html' });
  const page = outputs.find((o) => o.fileName === 'analyze.html' || o.fileName.endsWith('/analyze.html'));
  return page.source;
}

/** Vite's `server.host`: `true` listens on every address. */
function hostOf(host) {
  if (host === true) return '0.0.0.0';
  return typeof host === 'string' ? host : '127.0.0.1';
}

/** The `server` plugins' `configureServer`, `transformIndexHtml` and `handleHotUpdate` see (Vite's ViteDevServer, in part). */
function devServerObject(config) {
  const server = {
    config,
    url: null,
    resolvedUrls: null,
    httpServer: null,
    // Started when a plugin listens (dev-watcher.js).
    watcher: createWatcher(resolvePath(config.cwd ?? process.cwd(), config.root ?? '.')),
    // Connect's app: run by a front server (dev-front.js) when a plugin may add to it.
    middlewares: createMiddlewares(),
    ws: {
      send(payload, data) {
        const message = typeof payload === 'string' ? { type: 'custom', event: payload, data } : payload;
        if (server.id != null) native.devSend(server.id, JSON.stringify(message));
      },
      on() {},
      off() {},
    },
    printUrls() {
      if (server.url) process.stdout.write(`sheaf dev: ${server.url}\n`);
    },
  };
  return server;
}

/**
 * Starts the dev server (what `sheaf dev` runs) with a config's options and
 * plugins: `root` (the folder of index.html), `server: { port, host }`,
 * `mode`, and the build options that apply (define, jsx, target, external…).
 * Plugins' resolveId/load/transform run per changed file; transformIndexHtml,
 * handleHotUpdate, config, configResolved and configureServer as in Vite.
 * Resolves with `{ url, port, ws, close() }` once the first build is done.
 * Log lines go to `onLog(line)`, else to stdout.
 */
export async function dev(options = {}) {
  const mode = options.mode ?? 'development';
  const env = { command: 'serve', mode };
  const plugins = flattenPlugins(options.plugins, 'serve', mode);
  const config = await runConfigHooks(plugins, options, env);
  const cwd = config.cwd ?? process.cwd();
  const root = resolvePath(cwd, config.root ?? '.');
  const [buildArgs] = toArgs({ ...config, plugins: undefined, cwd: root, extraArgs: undefined, mode: undefined });
  const serverOptions = config.server ?? {};
  const port = serverOptions.port ?? config.port ?? 5173;
  const host = hostOf(serverOptions.host ?? config.host);
  const server = devServerObject(config);
  const state = { native, warnings: [], emitted: [], refs: new Map(), inputOptions: config, outputOptions: {}, root, server, session: () => server.session };
  const contexts = createContexts(plugins, state);
  const dispatch = plugins.length > 0 ? createDispatcher(plugins, contexts, state) : null;
  // configureServer runs before the server listens; functions it returns after.
  const after = [];
  for (const i of inOrder(plugins, 'configureServer')) {
    const post = await handlerOf(plugins[i].configureServer).call(null, server);
    if (typeof post === 'function') after.push(post);
  }
  // Middlewares (or configureServer functions that may add some): a front
  // server runs them and passes the rest to sheaf's, on an internal port.
  const fronted = server.middlewares.stack.length > 0 || after.length > 0;
  const devArgs = [root, `--port=${fronted ? 0 : port}`, `--host=${fronted ? '127.0.0.1' : host}`, `--mode=${mode}`];
  // buildStart once, when the server starts (as in Vite).
  await each(plugins, contexts, 'buildStart', config);
  const print = options.onLog ?? ((line) => process.stdout.write(line + '\n'));
  // With a front server, lines wait until its address replaces the internal one.
  let rewrite = fronted ? null : (line) => line;
  const held = [];
  const log = (line) => (rewrite ? print(rewrite(line)) : held.push(line));
  // The session first: hooks of the first build call back through it.
  server.session = native.createSession(buildArgs, cwd, describePlugins(plugins), dispatch);
  let started;
  try {
    started = await native.devStart(devArgs, buildArgs, cwd, server.session, log);
  } catch (e) {
    native.closeSession(server.session);
    throw e;
  }
  let url = started.url;
  if (fronted) {
    const internal = new URL(started.url);
    try {
      server.httpServer = await startFront(server.middlewares, { port, host, names: ['localhost', '127.0.0.1', '[::1]', host] }, { host: internal.hostname, port: Number(internal.port) });
    } catch (e) {
      await native.devClose(started.id);
      throw e;
    }
    url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${server.httpServer.address().port}/`;
    rewrite = (line) => line.replaceAll(started.url, url);
    held.splice(0).forEach(log);
  }
  Object.assign(server, { id: started.id, url, resolvedUrls: { local: [url], network: [] } });
  for (const post of after) await post();
  let closed = false;
  return Object.assign(server, {
    port: Number(new URL(url).port),
    async close() {
      if (closed) return;
      closed = true;
      await server.watcher.close();
      if (server.httpServer) {
        server.httpServer.closeAllConnections();
        await new Promise((resolve) => server.httpServer.close(resolve));
      }
      await native.devClose(started.id);
      await each(plugins, contexts, 'buildEnd');
      await each(plugins, contexts, 'closeBundle');
    },
    async restart() {
      throw new Error('sheaf: server.restart() is not supported; close() and dev() again');
    },
  });
}
