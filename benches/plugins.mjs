// The JS API and plugin benchmark (issue 15), against rolldown's JS API with
// the same plugin objects, on the generated 10,000-module React app.
//
//   node plugins.mjs APP OUT [RUNS]      (benches/plugins.sh sets it up)
//
// Every measurement is one fresh Node process that times only the build call
// (Node's start and module loading excluded); the median of RUNS is reported.
// The Rust CLI is timed around its process (its start is a few ms).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const [mode, ...rest] = process.argv.slice(2);

/** The plugin sets, by case name: the same objects go to sheaf and rolldown. */
async function pluginsFor(name, counter) {
  switch (name) {
    case 'none':
      return [];
    case 'noop-transform':
      return [{ name: 'noop', transform() { counter.calls++; return null; } }];
    case 'ten-filtered':
      return Array.from({ length: 10 }, (_, i) => ({
        name: `one-file-${i}`,
        transform: {
          filter: { id: new RegExp(`/core/m${i * 100}\\.[jt]sx?$`) },
          handler() { counter.calls++; return null; },
        },
      }));
    case 'replace': {
      const { default: replace } = await import('@rollup/plugin-replace');
      return [replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"', __BUILD_ID__: '"bench"' }, sourceMap: true })];
    }
    default:
      throw new Error(`unknown case ${name}`);
  }
}

async function runOnce(tool, name, app, out) {
  const counter = { calls: 0 };
  const plugins = await pluginsFor(name, counter);
  const sourcemap = name === 'replace';
  const input = join(app, 'main.js');
  let ms;
  if (tool === 'sheaf') {
    const { build } = await import(join(here, '../packages/sheaf/index.js'));
    const t = performance.now();
    await build({ input, output: { file: join(out, 'sheaf-api.js'), sourcemap }, plugins });
    ms = performance.now() - t;
  } else {
    const { rolldown } = await import('rolldown');
    const t = performance.now();
    const bundle = await rolldown({ input, plugins, logLevel: 'silent' });
    await bundle.write({ file: join(out, 'rolldown-api.js'), format: 'esm', sourcemap, codeSplitting: false });
    await bundle.close();
    ms = performance.now() - t;
  }
  console.log(JSON.stringify({ ms, calls: counter.calls }));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(args, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'once', ...args], { encoding: 'utf8', env: { ...process.env, SHEAF_BINDING: process.env.SHEAF_BINDING } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
    results.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  return { ms: median(results.map((r) => r.ms)), calls: results[0].calls };
}

function cli(app, out, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(join(here, '../target/release/sheaf'), ['build', join(app, 'main.js'), '--outfile', join(out, 'sheaf-cli.js')], { encoding: 'utf8' });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return median(times);
}

if (mode === 'once') {
  const [tool, name, app, out] = rest;
  await runOnce(tool, name, app, out);
} else {
  const [app, out, runsArg] = [mode, ...rest];
  const runs = Number(runsArg ?? 5);
  const fmt = (ms) => `${ms.toFixed(0)} ms`;
  const row = (...cells) => console.log(`| ${cells.join(' | ')} |`);
  const cliMs = cli(app, out, runs);
  // Each case is measured in turns with its tool's no-plugin build (base, case,
  // base, case, …) and compared run by run, so machine drift cancels out.
  const paired = (tool, name) => {
    const base = [];
    const cases = [];
    let calls = 0;
    for (let i = 0; i < runs; i++) {
      base.push(measure([tool, 'none', app, out], 1).ms);
      const m = measure([tool, name, app, out], 1);
      cases.push(m.ms);
      calls = m.calls;
    }
    const diffs = cases.map((c, i) => c - base[i]);
    return { ms: median(cases), base: median(base), diff: median(diffs), ratio: median(cases.map((c, i) => c / base[i])), calls };
  };
  const base = { sheaf: measure(['sheaf', 'none', app, out], runs), rolldown: measure(['rolldown', 'none', app, out], runs) };
  console.log(`10,000-module app, ${runs} runs each, medians; build call only (Node start excluded)\n`);
  row('case', 'sheaf', 'rolldown', 'note');
  row('---', '---', '---', '---');
  row('Rust CLI, no plugins', fmt(cliMs), '', 'process wall time');
  row('build() through the addon, no plugins', fmt(base.sheaf.ms), fmt(base.rolldown.ms), `addon / CLI = ${(base.sheaf.ms / cliMs).toFixed(2)}`);
  for (const name of ['noop-transform', 'ten-filtered', 'replace']) {
    const s = paired('sheaf', name);
    const r = paired('rolldown', name);
    let note = '';
    if (name === 'noop-transform') {
      const per = (m) => ((m.diff * 1000) / m.calls).toFixed(1);
      note = `${s.calls} calls; per call (paired with no plugins): sheaf ${per(s)} µs, rolldown ${per(r)} µs`;
    } else if (name === 'ten-filtered') {
      note = `JS calls: sheaf ${s.calls}, rolldown ${r.calls}; over no plugins (paired): sheaf ${((s.ratio - 1) * 100).toFixed(1)}%, rolldown ${((r.ratio - 1) * 100).toFixed(1)}%`;
    } else {
      note = `sheaf / rolldown = ${(s.ms / r.ms).toFixed(2)}`;
    }
    row(name, fmt(s.ms), fmt(r.ms), note);
  }
}
