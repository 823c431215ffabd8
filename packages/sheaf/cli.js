// The npm package's `sheaf` command: the Rust CLI (same flags and output),
// which also loads JS and TS config files with plugins for `sheaf build`.

import { resolve, relative, dirname } from 'node:path';
import { watch } from 'node:fs';
import { createRequire } from 'node:module';
import { native } from './binding.js';
import { build, context, dev } from './index.js';
import { findConfig, loadConfig, loadConfigWithDependencies } from './config.js';
import { splitArgs } from './options.js';

function size(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The config file a `sheaf build` uses: `--config FILE`, else one in `cwd`. */
function configFile(rest, cwd) {
  const { flags } = splitArgs(rest);
  const explicit = flags.find(([n]) => n === 'config');
  if (explicit) {
    const [first, second] = explicit[1];
    return resolve(cwd, second ?? first.slice('--config='.length));
  }
  return findConfig(cwd);
}

/**
 * A `sheaf build`'s config file and the command line's arguments over it
 * (without `--config`); `null` after printing why the file does not load.
 */
async function buildConfig(file, rest, cwd) {
  let config;
  try {
    config = await loadConfig(file);
  } catch (e) {
    process.stderr.write(`error: cannot load ${relative(cwd, file)}\n${e.message}\n`);
    return null;
  }
  const extraArgs = splitArgs(rest);
  const cliArgs = [...extraArgs.entries, ...extraArgs.flags.filter(([n]) => n !== 'config').flatMap(([, t]) => t)];
  return { config, cliArgs };
}

/** Runs `sheaf ARGS…` in `cwd`; resolves with the exit code. */
export async function runCli(argv, cwd = process.cwd()) {
  const [command, ...rest] = argv;
  if (command === 'dev' && !process.env.SHEAF_REACT_REFRESH) {
    // The React refresh runtime this package depends on, for `sheaf dev`
    // when the project has none of its own (see refresh_runtime in the CLI).
    try {
      process.env.SHEAF_REACT_REFRESH = createRequire(import.meta.url).resolve('react-refresh/runtime');
    } catch {}
  }
  const file = command === 'build' ? configFile(rest, cwd) : command === 'dev' ? devConfigFile(rest, cwd) : null;
  if (!file || file.endsWith('.json')) return native.runCli(argv, cwd);
  if (command === 'dev') return serve(file, rest, cwd);
  if (rest.includes('--watch')) return watchBuild(file, rest.filter((a) => a !== '--watch'), cwd);
  const started = Date.now();
  const loaded = await buildConfig(file, rest, cwd);
  if (!loaded) return 1;
  const { config, cliArgs } = loaded;
  try {
    const { outputs, warnings } = await build({ ...config, cwd, extraArgs: cliArgs });
    for (const w of warnings) process.stderr.write(w.frame || `warning: ${w.message}\n`);
    for (const o of outputs) {
      const bytes = o.type === 'chunk' ? Buffer.byteLength(o.code) : typeof o.source === 'string' ? Buffer.byteLength(o.source) : o.source.length;
      process.stdout.write(`  ${o.path.startsWith(cwd + '/') ? o.path.slice(cwd.length + 1) : o.path}  ${size(bytes)}\n`);
    }
    process.stdout.write(`done in ${Date.now() - started} ms\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
}

/** `sheaf dev [ROOT] [--port N] [--host H] [--mode M]`, as the Rust CLI parses it. */
function devArgs(rest) {
  const out = { root: undefined, port: undefined, host: undefined, mode: undefined };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const m = /^--(port|host|mode)(?:=(.*))?$/.exec(a);
    if (m) out[m[1]] = m[2] ?? rest[++i];
    else if (!a.startsWith('--')) out.root = a;
  }
  return out;
}

/** The JS or TS config of `sheaf dev`: in the served folder. */
function devConfigFile(rest, cwd) {
  const { root } = devArgs(rest);
  const dir = root ? resolve(cwd, root.endsWith('.html') ? dirname(root) : root) : cwd;
  return findConfig(dir);
}

/**
 * `sheaf dev` with a JS or TS config: the dev server with its plugins, started
 * again (same port) when the config file or a file it imports changes.
 */
async function serve(file, rest, cwd) {
  const flags = devArgs(rest);
  let server = null;
  let port = flags.port === undefined ? undefined : Number(flags.port);
  let watchers = [];
  let timer = null;
  const start = async () => {
    let loaded;
    try {
      loaded = await loadConfigWithDependencies(file, { command: 'serve', mode: flags.mode ?? 'development' });
    } catch (e) {
      process.stderr.write(`error: cannot load ${relative(cwd, file)}\n${e.message}\n`);
      return false;
    }
    const { config, dependencies } = loaded;
    const root = flags.root ?? config.root ?? '.';
    const options = {
      ...config,
      cwd,
      root: resolve(cwd, root.endsWith('.html') ? dirname(root) : root),
      mode: flags.mode ?? config.mode,
      server: { ...config.server, ...(port === undefined ? {} : { port }), ...(flags.host ? { host: flags.host } : {}) },
    };
    try {
      server = await dev(options);
      port = server.port;
    } catch (e) {
      process.stderr.write(`${e.message}\n`);
      return false;
    } finally {
      for (const w of watchers) w.close();
      watchers = dependencies.map((dep) => watch(dep, () => {
        clearTimeout(timer);
        timer = setTimeout(restart, 50);
      }));
    }
    return true;
  };
  const restart = async () => {
    process.stdout.write(`${relative(cwd, file)} (or a file it imports) changed: restarting\n`);
    const old = server;
    server = null;
    await old?.close();
    await start();
  };
  // Stays up until the process ends (Ctrl-C), as the Rust `sheaf dev` does;
  // a config that does not load keeps being watched.
  const ok = await start();
  if (!ok && watchers.length === 0) return 1;
  return new Promise(() => {});
}

/** `sheaf build --watch` with a JS or TS config: a context that rebuilds on every save. */
async function watchBuild(file, rest, cwd) {
  const loaded = await buildConfig(file, rest, cwd);
  if (!loaded) return 1;
  const { config, cliArgs } = loaded;
  const ctx = await context({ ...config, cwd, extraArgs: cliArgs });
  const report = (what) => (e, result) => {
    if (e) {
      process.stderr.write(`${e.message}\nwatching for changes\n`);
      return;
    }
    for (const w of result.warnings) process.stderr.write(w.frame || `warning: ${w.message}\n`);
    process.stdout.write(`${what()}; watching for changes\n`);
  };
  // Watching starts before the first build: a save during it is not lost.
  await ctx.watch({ onRebuild: report(() => 'rebuilt') });
  const started = Date.now();
  await ctx.rebuild().then((r) => report(() => `built in ${Date.now() - started} ms`)(null, r), (e) => report()(e));
  return new Promise(() => {});
}
