#!/usr/bin/env node
// Conformance runner: builds the peers' own runnable fixtures with sheaf and runs
// each fixture's own check with Node.
//
// Suites (extracted at run time from git snapshots; their files are never committed):
// - rolldown: crates/rolldown/tests/{rolldown,esbuild,rollup}/**/_config.json — its
//   own tests and its port of esbuild's; the check is `_test.mjs`/`_test.cjs`, or
//   else the built entries are imported and must not throw.
// - rollup: test/function/samples/**/_config.js — built as cjs, run with the
//   sample's `context`, then its `exports(exports)` / `runtimeError(error)` check.
//
// Selection: a fixture "a generic bundler can run" uses only options sheaf has an
// equivalent for (input, format, external, platform, name, minify, define, and
// options that do not change semantics such as treeshake without assumptions about
// the code), has a check to run,
// and does not expect an error or a plugin. Unselected fixtures are counted with
// the reason, so the selection can be widened deliberately.
//
// Ratchet: tasks/conformance/passing.txt lists the ids that pass. A run that
// loses one of them exits 1; `--update` rewrites the list.
//
// Usage: node tasks/conformance/run.mjs --rolldown GITDIR --rollup GITDIR
//          [--sheaf target/debug/sheaf] [--filter SUBSTRING[,SUBSTRING…]] [--jobs 2] [--update] [--verbose]

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire as createRequireSync } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = parseArgs(process.argv.slice(2));
const sheaf = path.resolve(root, args.sheaf ?? 'target/debug/sheaf');
const work = path.resolve(args.work ?? path.join(os.tmpdir(), 'sheaf-conformance'));
const jobs = Number(args.jobs ?? 2);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    if (['update', 'verbose'].includes(key)) out[key] = true;
    else out[key] = argv[++i];
  }
  return out;
}

// Writes the files under `paths` of the snapshot's HEAD to `dest`; returns the
// paths (under `dest`) of files whose contents the snapshot lacks (a mirror may
// leave its largest blobs out), so that the fixtures holding them are skipped.
function extract(gitDir, paths, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const git = (argv, input) => execFileSync('git', ['--git-dir', gitDir, ...argv], { input, maxBuffer: 2 ** 31 });
  const entries = git(['ls-tree', '-r', '-z', 'HEAD', '--', ...paths])
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      const [mode, type, oid] = meta.split(' ');
      return { mode, type, oid, file };
    })
    .filter((e) => e.type === 'blob');
  const out = git(['cat-file', '--batch'], entries.map((e) => e.oid).join('\n') + '\n');
  const missing = [];
  let at = 0;
  for (const e of entries) {
    const eol = out.indexOf(10, at);
    const header = out.toString('utf8', at, eol).split(' ');
    at = eol + 1;
    const target = path.join(dest, e.file);
    if (header[1] === 'missing') {
      missing.push(target);
      continue;
    }
    const size = Number(header[2]);
    const body = out.subarray(at, at + size);
    at += size + 1;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (e.mode === '120000') fs.symlinkSync(body.toString('utf8'), target);
    else fs.writeFileSync(target, body);
  }
  return missing;
}

function walk(dir, name, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'dist') continue;
      walk(p, name, out);
    } else if (e.name === name) out.push(dir);
  }
  return out;
}

// ---- rolldown ---------------------------------------------------------------

// Options that do not change what a correct bundle does (`treeshake: false`
// is passed on as --tree-shaking=false).
const NEUTRAL = new Set(['treeshake', 'sourcemap', 'strictExecutionOrder', 'checks', 'comments']);
const MAPPED = new Set(['input', 'format', 'external', 'platform', 'name', 'minify', 'define', 'legalComments', 'preserveEntrySignatures', 'exports']);
const EXPORTS = new Set(['auto', 'named', 'default']);

// `treeshake` options that let the bundler assume things about the code (that
// imported modules have no side effects, that property reads or globals are
// pure) change what a correct bundle does: those fixtures are not selected.
function treeshakeAssumption(t) {
  if (!t || typeof t !== 'object') return null;
  if (t.preset === 'smallest') return 'preset';
  if ('moduleSideEffects' in t && t.moduleSideEffects !== true) return 'moduleSideEffects';
  for (const k of ['propertyReadSideEffects', 'unknownGlobalSideEffects', 'annotations']) {
    if (t[k] === false) return k;
  }
  if (Array.isArray(t.manualPureFunctions) && t.manualPureFunctions.length) return 'manualPureFunctions';
  return null;
}

function rolldownCase(dir, suiteRoot) {
  const id = 'rolldown/' + path.relative(suiteRoot, dir).split(path.sep).join('/');
  let meta;
  try {
    // JSON with comments (line comments, trailing commas), as rolldown reads it.
    const text = fs.readFileSync(path.join(dir, '_config.json'), 'utf8');
    meta = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return { id, skip: 'unreadable _config.json' };
  }
  const config = meta.config ?? {};
  if (meta.expectError) return { id, skip: 'expects an error' };
  if (meta.dev) return { id, skip: 'dev mode' };
  for (const k of Object.keys(config)) {
    if (!NEUTRAL.has(k) && !MAPPED.has(k)) return { id, skip: `option ${k}` };
  }
  const assumption = treeshakeAssumption(config.treeshake);
  if (assumption) return { id, skip: `option treeshake.${assumption}` };
  const testFile = ['_test.mjs', '_test.cjs'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!testFile && meta.expectExecuted === false) return { id, skip: 'nothing to run' };
  const format = config.format ?? 'esm';
  if (!['esm', 'cjs', 'iife'].includes(format)) return { id, skip: `format ${format}` };
  if (typeof config.minify === 'object') return { id, skip: 'minify options' };
  if (config.exports !== undefined && !EXPORTS.has(config.exports)) return { id, skip: `exports ${config.exports}` };
  const input = config.input ?? [{ name: 'main', import: './main.js' }];
  if (!Array.isArray(input) || input.some((i) => typeof i !== 'object' || !i.name)) return { id, skip: 'input shape' };
  const external = [...(config.external ?? []), 'node:assert', 'node:assert/strict'];
  if (external.some((e) => typeof e !== 'string' || e.startsWith('/'))) return { id, skip: 'external patterns' };
  const build = ['build'];
  for (const i of input) build.push(`${i.name}=${i.import}`);
  // rolldown's harness names files `[name].js` unless the fixture asks for hashes.
  const names = meta.hashInFilename ? '[name]-[hash]' : '[name]';
  build.push('--outdir', 'dist', '--format', format, '--entry-names', names, '--chunk-names', names);
  if (format !== 'iife') build.push('--splitting');
  // rolldown, like Rollup, keeps an import that does not resolve as an external one.
  build.push('--unresolved', 'external');
  if (config.platform) build.push('--platform', config.platform);
  if (config.name && format === 'iife') build.push('--global-name', config.name);
  if (config.minify === true) build.push('--minify');
  if (config.treeshake === false) build.push('--tree-shaking=false');
  // rolldown's default `output.exports` is Rollup's `auto`.
  build.push('--exports', config.exports ?? 'auto');
  if (['inline', 'eof', 'none'].includes(config.legalComments)) build.push('--legal-comments', config.legalComments);
  // Config-file only: written to a sheaf.config.json next to the fixture.
  const sheafConfig = {};
  if (config.preserveEntrySignatures !== undefined) sheafConfig.preserveEntrySignatures = config.preserveEntrySignatures === 'false' ? false : config.preserveEntrySignatures;
  if (Object.keys(sheafConfig).length) {
    fs.writeFileSync(path.join(dir, '_sheaf.config.json'), JSON.stringify(sheafConfig));
    build.push('--config', '_sheaf.config.json');
  }
  for (const [k, v] of Object.entries(config.define ?? {})) build.push('--define', `${k}=${v}`);
  for (const e of external) build.push('--external', e);
  const esm = format === 'esm' || (format === 'iife' && (config.platform ?? 'browser') === 'browser');
  return {
    id,
    dir,
    build,
    async check() {
      fs.writeFileSync(path.join(dir, 'dist/package.json'), JSON.stringify({ type: esm ? 'module' : 'commonjs' }));
      if (testFile) return run('node', [testFile], dir);
      const imports = input.map((i) => `import ${JSON.stringify(pathToFileURL(path.join(dir, 'dist', i.name + '.js')).href)};`).join('\n');
      return run('node', ['--input-type=module', '--eval', imports], dir);
    },
  };
}

// ---- rollup -------------------------------------------------------------------

const ROLLUP_NEUTRAL = new Set(['treeshake', 'strictDeprecations', 'onwarn', 'onLog', 'logLevel', 'perf', 'cache', 'maxParallelFileOps']);

async function rollupCase(dir, suiteRoot) {
  const id = 'rollup/' + path.relative(suiteRoot, dir).split(path.sep).join('/');
  globalThis.defineTest = (c) => c;
  let config;
  try {
    const mod = await import(pathToFileURL(path.join(dir, '_config.js')).href);
    config = mod.default ?? mod;
  } catch (e) {
    return { id, skip: 'config does not load' };
  }
  if (config.skip) return { id, skip: 'skipped upstream' };
  for (const k of ['error', 'generateError', 'bundle', 'before', 'after', 'verifyAst']) {
    if (config[k] !== undefined && k !== 'verifyAst') return { id, skip: k };
  }
  if (config.minNodeVersion && Number(process.versions.node.split('.')[0]) < config.minNodeVersion) return { id, skip: 'node version' };
  const options = config.options ?? {};
  for (const k of Object.keys(options)) {
    if (k === 'plugins' && (!options.plugins || options.plugins.length === 0)) continue;
    if (k === 'external' || k === 'output' || k === 'input' || ROLLUP_NEUTRAL.has(k)) continue;
    return { id, skip: `option ${k}` };
  }
  const assumption = treeshakeAssumption(options.treeshake);
  if (assumption) return { id, skip: `option treeshake.${assumption}` };
  const output = options.output ?? {};
  for (const k of Object.keys(output)) {
    if (k === 'exports' && EXPORTS.has(output.exports)) continue;
    if (k === 'format' && output.format === 'cjs') continue;
    return { id, skip: `output option ${k}` };
  }
  let external = options.external ?? [];
  if (typeof external === 'string') external = [external];
  if (!Array.isArray(external) || external.some((e) => typeof e !== 'string')) return { id, skip: 'external patterns' };
  if (options.input !== undefined && options.input !== 'main.js' && options.input !== path.join(dir, 'main.js')) return { id, skip: 'input' };
  if (!fs.existsSync(path.join(dir, 'main.js'))) return { id, skip: 'no main.js' };
  // Rollup keeps an import that does not resolve as an external one (with a warning).
  // The output is written next to main.js: Rollup's samples are generated
  // without an output path, so paths (relative externals) are relative to there.
  const build = ['build', 'main.js', '--outfile', '_sheaf_main.js', '--format', 'cjs', '--platform', 'node', '--unresolved', 'external'];
  // An absolute id names a file: as a path pattern relative to the fixture (`./foo.js`).
  const asPattern = (e) => { const r = path.relative(dir, e); return r.startsWith('..') ? r : `./${r}`; };
  for (const e of external) build.push('--external', path.isAbsolute(e) ? asPattern(e) : e);
  if (options.treeshake === false) build.push('--tree-shaking=false');
  build.push('--exports', output.exports ?? 'auto'); // Rollup's default is `auto`.
  return {
    id,
    dir,
    build,
    async check() {
      const code = fs.readFileSync(path.join(dir, '_sheaf_main.js'), 'utf8');
      return runRollupSample(dir, code, config);
    },
  };
}

// Rollup checks run in this process, one at a time: an error the sample's code
// throws later (an unhandled rejection, an uncaught exception) belongs to it.
let rollupLock = Promise.resolve();
let lateErrors = null;
process.on('unhandledRejection', (e) => (lateErrors ? lateErrors.push(e) : console.error('stray rejection', e)));
process.on('uncaughtException', (e) => (lateErrors ? lateErrors.push(e) : console.error('stray exception', e)));

function runRollupSample(dir, code, config) {
  const next = rollupLock.then(async () => {
    lateErrors = [];
    const result = await runRollupSampleNow(dir, code, config);
    await new Promise((r) => setTimeout(r, 20));
    const late = lateErrors;
    lateErrors = null;
    if (result.ok && late.length) return { ok: false, output: String(late[0] && late[0].stack) };
    return result;
  });
  rollupLock = next.catch(() => {});
  return next;
}

// As rollup's test/function/index.js: the code runs as a function of its context,
// made by `new Function` in a module in that folder, so that an `import()` the
// output keeps resolves from there (rollup's test/node_modules), as in rollup's run.
let makeFunction = null;
function functionMaker(suiteDir) {
  const file = path.join(suiteDir, '..', '_sheaf_make_function.cjs');
  fs.writeFileSync(file, 'module.exports = (keys, code) => new Function(keys, code);\n');
  return createRequireSync(file)(file);
}

// As rollup's test/function/index.js: the code runs as a function of its context.
async function runRollupSampleNow(dir, code, config) {
  const { createRequire } = await import('node:module');
  const assert = (await import('node:assert')).default;
  const require = createRequire(path.join(dir, 'main.js'));
  const module = { exports: {} };
  const context = { assert, require, ...(config.context ?? {}), module, exports: module.exports };
  let error;
  try {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      makeFunction(Object.keys(context), code).apply({}, Object.values(context));
    } finally {
      process.chdir(cwd);
    }
  } catch (e) {
    error = e;
  }
  try {
    if (config.runtimeError) {
      if (!error) return { ok: false, output: 'expected a runtime error' };
      config.runtimeError(error);
      return { ok: true };
    }
    if (error) return { ok: false, output: String(error && error.stack) };
    if (config.exports) await config.exports(module.exports);
    return { ok: true };
  } catch (e) {
    return { ok: false, output: String(e && e.stack) };
  }
}

// ---- running ------------------------------------------------------------------

function run(cmd, argv, cwd, timeout = 20000) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, code: -1, signal: null, output: String(e) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, code, signal, output });
    });
  });
}

function isPanic(r) {
  return r.code === 101 || r.signal === 'SIGABRT' || /E_INTERNAL|panicked|stack overflow/.test(r.output);
}

async function runCase(c) {
  fs.rmSync(path.join(c.dir, 'dist'), { recursive: true, force: true });
  fs.rmSync(path.join(c.dir, '_sheaf_main.js'), { force: true });
  const b = await run(sheaf, c.build, c.dir);
  if (!b.ok) return { id: c.id, status: isPanic(b) ? 'panic' : 'build-error', output: b.output };
  // The rollup checks run in this process (they need the config's functions).
  const r = await c.check();
  return { id: c.id, status: r.ok ? 'pass' : 'fail', output: r.output };
}

async function pool(items, n, f) {
  const out = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        const item = items[i++];
        out.push(await f(item));
      }
    }),
  );
  return out;
}

// The packages the fixtures' own checks import (rolldown's `cjs-module-lexer`),
// pinned in this folder's lockfile, are found from the work folder.
function linkHarnessPackages() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const modules = path.join(here, 'node_modules');
  if (!fs.existsSync(modules)) execFileSync('npm', ['ci', '--prefix', here, '--silent'], { stdio: 'inherit' });
  const link = path.join(work, 'node_modules');
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(modules, link, 'dir');
}

function category(id) {
  const parts = id.split('/');
  // rolldown/<suite>/<category>/…, rollup/<sample>
  if (parts[0] === 'rollup') return 'rollup/function';
  // rolldown's copies of rollup's tests are one category.
  return parts[1] === 'rollup' ? 'rolldown/rollup' : parts.slice(0, 3).join('/');
}

async function main() {
  if (!args.rolldown || !args.rollup) {
    console.error('usage: node tasks/conformance/run.mjs --rolldown GITDIR --rollup GITDIR [--update]');
    process.exit(2);
  }
  fs.mkdirSync(work, { recursive: true });
  const rdRoot = path.join(work, 'rolldown');
  const ruRoot = path.join(work, 'rollup');
  const missing = [
    ...extract(args.rolldown, ['crates/rolldown/tests'], rdRoot),
    ...extract(args.rollup, ['test/function', 'test/testHelpers.js', 'test/node_modules'], ruRoot),
  ];
  if (missing.length) console.log(`the snapshots lack ${missing.length} files; fixtures holding them are not selected`);
  linkHarnessPackages();
  const rdSuite = path.join(rdRoot, 'crates/rolldown/tests');
  const ruSuite = path.join(ruRoot, 'test/function/samples');
  makeFunction = functionMaker(ruSuite);
  const cases = [];
  for (const d of walk(rdSuite, '_config.json')) cases.push(rolldownCase(d, rdSuite));
  for (const d of walk(ruSuite, '_config.js')) cases.push(await rollupCase(d, ruSuite));
  for (const c of cases) {
    if (!c.skip && missing.some((m) => m.startsWith(c.dir + path.sep))) c.skip = 'file missing from the snapshot';
  }
  const filters = args.filter ? args.filter.split(",") : null;
  const filtered = cases.filter((c) => !filters || filters.some((f) => c.id.includes(f)));
  const selected = filtered.filter((c) => !c.skip);
  const skipped = filtered.filter((c) => c.skip);
  const results = await pool(selected, jobs, runCase);
  results.sort((a, b) => a.id.localeCompare(b.id));

  const table = {};
  for (const r of results) {
    const t = (table[category(r.id)] ??= { pass: 0, fail: 0, 'build-error': 0, panic: 0 });
    t[r.status]++;
  }
  const rows = Object.entries(table).sort(([a], [b]) => a.localeCompare(b));
  console.log('| category | selected | pass | fail | build error | panic |');
  console.log('|---|---|---|---|---|---|');
  const total = { pass: 0, fail: 0, 'build-error': 0, panic: 0 };
  for (const [cat, t] of rows) {
    const n = t.pass + t.fail + t['build-error'] + t.panic;
    for (const k of Object.keys(total)) total[k] += t[k];
    console.log(`| ${cat} | ${n} | ${t.pass} | ${t.fail} | ${t['build-error']} | ${t.panic} |`);
  }
  const n = results.length;
  console.log(`| **all** | ${n} | ${total.pass} (${((100 * total.pass) / Math.max(n, 1)).toFixed(1)}%) | ${total.fail} | ${total['build-error']} | ${total.panic} |`);
  const reasons = {};
  for (const s of skipped) reasons[s.skip] = (reasons[s.skip] ?? 0) + 1;
  console.log(`\nnot selected: ${skipped.length}`);
  for (const [r, k] of Object.entries(reasons).sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${k}\t${r}`);

  fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 1));
  if (args.verbose) {
    for (const r of results.filter((r) => r.status !== 'pass')) console.log(`\n=== ${r.status} ${r.id}\n${(r.output ?? '').slice(0, 1500)}`);
  }
  const ratchet = path.join(here, 'passing.txt');
  const passing = results.filter((r) => r.status === 'pass').map((r) => r.id);
  const before = fs.existsSync(ratchet) ? fs.readFileSync(ratchet, 'utf8').split('\n').filter(Boolean) : [];
  const ran = new Set(results.map((r) => r.id));
  const lost = before.filter((id) => ran.has(id) && !passing.includes(id));
  if (args.update && !args.filter) {
    fs.writeFileSync(ratchet, passing.join('\n') + '\n');
    console.log(`\nwrote ${passing.length} passing ids to ${path.relative(root, ratchet)}`);
  }
  if (lost.length) {
    console.log(`\nREGRESSIONS (${lost.length}): cases that passed before and fail now:`);
    for (const id of lost) console.log('  ' + id);
    process.exit(1);
  }
  console.log(`\n${total.pass} passed, ${n - total.pass} failed`);
}

await main();
