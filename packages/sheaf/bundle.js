// The output stage that runs in JS: Rollup's bundle object,
// `generateBundle` (plugins may change, delete or emit files), the write,
// `writeBundle` and `closeBundle`. The write goes through the addon
// (`writeFiles`: temporary file and rename per file), after every hook of
// the stage succeeded, so a failing hook leaves the output folder as it was.

import { relative, join, isAbsolute } from 'node:path';
import { handlerOf, inOrder } from './plugins.js';

// (renderStart runs from Rust, before the chunks are rendered.)
const STAGE_HOOKS = ['generateBundle', 'writeBundle', 'closeBundle'];

export function hasStageHooks(plugins) {
  return plugins.some((p) => STAGE_HOOKS.some((h) => p[h]));
}

/** Runs `hook` of every plugin that has it, in order; a throw names the plugin and hook. */
export async function each(plugins, contexts, hook, ...args) {
  for (const i of inOrder(plugins, hook)) {
    try {
      await handlerOf(plugins[i][hook]).apply(contexts[i], args);
    } catch (e) {
      const name = plugins[i].name ?? `plugin${i}`;
      const err = e instanceof Error ? e : new Error(String(e?.message ?? e));
      err.message = `[plugin ${name}] ${err.message}`;
      err.code ??= 'E_PLUGIN';
      err.plugin = name;
      err.hook = hook;
      err.errors ??= [{ code: 'E_PLUGIN', severity: 'error', message: err.message, plugin: name, help: `in the ${hook} hook`, frame: '' }];
      throw err;
    }
  }
}

/**
 * Rollup's bundle: file name → chunk or asset; chunks carry their map (a
 * chunk's `.map` file is not an asset of its own). Also the chunks whose map
 * was a file, so the write puts it back there.
 */
export function toBundle(outputs) {
  const bundle = {};
  const byName = new Map(outputs.map((o) => [o.fileName, o]));
  const chunkMaps = new Set(outputs.filter((o) => o.type === 'chunk' && byName.has(`${o.fileName}.map`)).map((o) => `${o.fileName}.map`));
  const hadMapFile = new Set();
  for (const o of outputs) {
    if (chunkMaps.has(o.fileName)) continue;
    if (o.type === 'chunk') {
      const map = byName.get(`${o.fileName}.map`);
      if (map) hadMapFile.add(o.fileName);
      bundle[o.fileName] = {
        type: 'chunk',
        fileName: o.fileName,
        name: o.fileName.replace(/\.[^./]+$/, '').split('/').pop(),
        code: o.code,
        map: map ? JSON.parse(map.source) : null,
        isEntry: o.isEntry,
        isDynamicEntry: o.isDynamicEntry ?? false,
        facadeModuleId: o.facadeModuleId,
        moduleIds: o.moduleIds,
        modules: Object.fromEntries(o.moduleIds.map((id, i) => [id, { code: null, originalLength: 0, renderedLength: o.moduleLengths[i], removedExports: [], renderedExports: [] }])),
        exports: o.exports,
        imports: [],
        dynamicImports: [],
      };
    } else {
      bundle[o.fileName] = { type: 'asset', fileName: o.fileName, name: undefined, names: [], originalFileNames: [], source: o.source, needsCodeReference: false };
    }
  }
  return { bundle, hadMapFile };
}

/** Files to write for a bundle: chunks (and their maps, when they had a file), assets. */
function filesOf(bundle, outDir, hadMapFile) {
  const files = [];
  const text = (s) => Buffer.from(s);
  for (const item of Object.values(bundle)) {
    const path = isAbsolute(item.fileName) ? item.fileName : join(outDir, item.fileName);
    if (item.type === 'chunk') {
      files.push({ path, contents: text(item.code) });
      if (item.map && hadMapFile.has(item.fileName)) {
        files.push({ path: `${path}.map`, contents: text(typeof item.map === 'string' ? item.map : JSON.stringify(item.map)) });
      }
    } else {
      files.push({ path, contents: text(item.source) });
    }
  }
  return files;
}

/**
 * Runs the stage on a build's outputs and writes them (with `write`).
 * Returns the outputs as the bundle ended up.
 */
export async function outputStage({ native, plugins, contexts, outputs, outDir, write, outputOptions, emitted }) {
  const { bundle, hadMapFile } = toBundle(outputs);
  for (const file of emitted.splice(0)) bundle[file.fileName] = file;
  const stage = { bundle };
  for (const ctx of contexts) ctx.__stage = stage;
  try {
    await each(plugins, contexts, 'generateBundle', outputOptions, bundle, write);
    for (const file of emitted.splice(0)) bundle[file.fileName] = file;
    if (write) native.writeFiles(filesOf(bundle, outDir, hadMapFile));
    if (write) await each(plugins, contexts, 'writeBundle', outputOptions, bundle);
  } finally {
    for (const ctx of contexts) delete ctx.__stage;
  }
  await each(plugins, contexts, 'closeBundle');
  return Object.values(bundle).map((item) => {
    const path = isAbsolute(item.fileName) ? item.fileName : join(outDir, item.fileName);
    const out = { ...item, path, fileName: relative(outDir, path).split('\\').join('/') };
    // As without plugins: the bytes, made when asked.
    Object.defineProperty(out, 'contents', {
      enumerable: true,
      get: () => Buffer.from(item.type === 'chunk' ? item.code : item.source),
    });
    return out;
  });
}
