// The npm package's `sheaf` command: the Rust CLI (same flags and output),
// which also loads JS and TS config files with plugins for `sheaf build`.

import { resolve, relative } from 'node:path';
import { createRequire } from 'node:module';
import { native } from './binding.js';
import { build } from './index.js';
import { findConfig, loadConfig } from './config.js';
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
  const file = command === 'build' ? configFile(rest, cwd) : null;
  if (!file || file.endsWith('.json')) return native.runCli(argv, cwd);
  if (rest.includes('--watch')) {
    process.stderr.write('error: --watch with a JS or TS config file is not supported yet\n');
    return 1;
  }
  const started = Date.now();
  let config;
  try {
    config = await loadConfig(file);
  } catch (e) {
    process.stderr.write(`error: cannot load ${relative(cwd, file)}\n${e.message}\n`);
    return 1;
  }
  const extraArgs = splitArgs(rest);
  const cliArgs = [...extraArgs.entries, ...extraArgs.flags.filter(([n]) => n !== 'config').flatMap(([, t]) => t)];
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
