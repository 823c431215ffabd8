// Config files: sheaf.config.{ts,mts,cts,js,mjs,cjs} exporting `defineConfig({…})`
// (or a function of `{ command, mode }`). TypeScript configs are bundled by
// sheaf itself (packages stay imports) into a temporary module next to the
// config, so its imports resolve from the project's node_modules, and imported.
// sheaf.config.json is read by the Rust side, as in the plain binary.

import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname, basename, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from './index.js';

export const CONFIG_FILES = [
  'sheaf.config.ts',
  'sheaf.config.mts',
  'sheaf.config.cts',
  'sheaf.config.js',
  'sheaf.config.mjs',
  'sheaf.config.cjs',
];

/** The JS or TS config file in `cwd`, if there is one. */
export function findConfig(cwd) {
  for (const name of CONFIG_FILES) {
    const file = join(cwd, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** Packages and Node built-ins stay imports of the bundled config. */
const packagesExternal = {
  name: 'sheaf:config-packages-external',
  resolveId: {
    filter: { id: /^(?![./]|[A-Za-z]:[\\/]|\0)/ },
    handler: (id) => ({ id, external: true }),
  },
};

/** The config's module and the local files it is made of. */
async function importTs(file) {
  const dir = dirname(file);
  const { outputs, metafile } = await build({
    cwd: dir,
    input: file,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    plugins: [packagesExternal],
  });
  const chunk = outputs.find((o) => o.type === 'chunk' && o.isEntry);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.mjs`);
  writeFileSync(tmp, chunk.code);
  // Every local file bundled (a file whose code was all inlined included).
  const dependencies = Object.keys(metafile?.inputs ?? {}).map((f) => resolvePath(dir, f)).filter((f) => existsSync(f));
  try {
    return { mod: await import(pathToFileURL(tmp).href), dependencies: dependencies.length ? dependencies : [file] };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The config `file` exports, resolved for `env` ({ command, mode }). */
export async function loadConfig(file, env = { command: 'build', mode: 'production' }) {
  return (await loadConfigWithDependencies(file, env)).config;
}

/**
 * `loadConfig`, and the files the config is made of (to restart on their
 * change): the TS config's bundled modules, or the JS config file itself.
 */
export async function loadConfigWithDependencies(file, env = { command: 'build', mode: 'production' }) {
  const { mod, dependencies } = /\.[cm]?ts$/.test(file)
    ? await importTs(file)
    : { mod: await import(`${pathToFileURL(file).href}?t=${Date.now()}`), dependencies: [file] };
  let config = mod.default ?? mod;
  if (typeof config === 'function') config = await config(env);
  if (config == null || typeof config !== 'object') {
    throw new Error(`sheaf: ${file} must export a config object (export default defineConfig({ … }))`);
  }
  return { config, dependencies };
}
