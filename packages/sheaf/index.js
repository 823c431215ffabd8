// sheaf's JavaScript API.
//
//   import { build } from 'sheaf';
//   const { outputs } = await build({ input: 'src/main.ts', output: { dir: 'dist' }, plugins: [yaml()] });
//
// `build()` resolves with the output files (in memory; written too unless
// `write: false`) and rejects with an Error whose `errors` are the
// diagnostics (code, message, file, line, column, frame).

import { relative, extname, resolve as resolvePath } from 'node:path';
import { watch } from 'node:fs';
import { native } from './binding.js';
import { toArgs } from './options.js';
import { flattenPlugins, describePlugins, createDispatcher, createContexts, moduleInfoMap, inOrder, handlerOf } from './plugins.js';
import { outputStage, hasStageHooks } from './bundle.js';

export { platformName } from './binding.js';

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
    file.isEntry = o.entry != null;
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

/** A build session: the options turned into arguments, the plugins, their contexts. */
async function openSession(options) {
  const plugins = flattenPlugins(options.plugins);
  const resolved = await runOptionsHooks(plugins, options);
  const [args, cwd, write] = toArgs(resolved);
  const outputOptions = { sourcemap: false, ...resolved.output };
  const state = { native, warnings: [], emitted: [], refs: new Map(), inputOptions: resolved, outputOptions, session: () => session.id };
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
  const rebuild = (changed = []) => {
    if (disposed) return Promise.reject(new Error('sheaf: this context was disposed'));
    running = running.catch(() => {}).then(() => {
      const files = [...pending, ...changed.map((f) => resolvePath(session.cwd, f))];
      pending = new Set();
      native.invalidate(session.id, files);
      return buildSession(session);
    });
    return running;
  };
  return {
    rebuild,
    async watch({ onRebuild } = {}) {
      if (watcher) return;
      const ignored = (file) => file.includes('/node_modules/') || file.includes('/.git/') || file.includes('.tmp-sheaf');
      let timer = null;
      watcher = watch(session.cwd, { recursive: true }, (_event, name) => {
        if (!name) return;
        const file = resolvePath(session.cwd, name);
        if (ignored(file) || isOutput(session, file)) return;
        pending.add(file);
        clearTimeout(timer);
        timer = setTimeout(() => {
          rebuild().then((r) => onRebuild?.(null, r), (e) => onRebuild?.(e, null));
        }, 30);
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      watcher?.close();
      await running.catch(() => {});
      native.closeSession(session.id);
    },
  };
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
