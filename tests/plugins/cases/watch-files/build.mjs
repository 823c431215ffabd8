// this.addWatchFile: a plugin that reads other files says so, and a change
// to one of them loads again the modules whose hooks read it (and only
// those), in context().rebuild(), context().watch() (also for a file outside
// the project) and dev() (the page updates). getWatchFiles lists them.
import { cpSync, mkdtempSync, readFileSync, writeFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { caseDir, context } from '../../harness.mjs';
import { dev } from '../../../../packages/sheaf/index.js';
import { launch, openPage } from '../../../packages/browser/static.mjs';

setTimeout(() => {
  console.log('still running 60 s later: something keeps the process alive');
  process.exit(1);
}, 60000).unref();

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sheaf-watch-files-')));
const outside = realpathSync(mkdtempSync(join(tmpdir(), 'sheaf-watch-outside-')));
cpSync(join(caseDir(import.meta.url), 'app'), dir, { recursive: true });
writeFileSync(join(outside, 'suffix.txt'), '!');
const calls = [];
const reads = {
  name: 'reads-files',
  resolveId: (id) => (id === 'virtual:greeting' ? '\0greeting' : null),
  load(id) {
    if (id !== '\0greeting') return null;
    calls.push('load greeting');
    const file = join(dir, 'data/greeting.txt');
    this.addWatchFile(file);
    return `export default ${JSON.stringify(readFileSync(file, 'utf8').trim())};`;
  },
  transform(code, id) {
    if (!id.endsWith('word.js')) return null;
    calls.push('transform word.js');
    const file = join(outside, 'suffix.txt');
    this.addWatchFile(file);
    return { code: `${code}\nexport const suffix = ${JSON.stringify(readFileSync(file, 'utf8').trim())};`, map: null };
  },
};
const step = (what, out, result) => {
  const files = result ? ` | ${result.outputs.map((o) => o.fileName).sort().join(' ')}` : '';
  console.log(`${what} | ${out} | ${calls.join(', ') || 'no plugin calls'}${files}`);
  calls.length = 0;
};
// Emits an asset while transforming main.js: a rebuild that reuses main.js
// (unchanged) still writes it, as Rollup's cache does.
const emits = {
  name: 'emits',
  transform(code, id) {
    if (id.endsWith('main.js')) this.emitFile({ type: 'asset', fileName: 'stamp.txt', source: 'stamped' });
    return null;
  },
};

// context(): rebuild() finds the changed file by itself; watch() sees both.
const ctx = await context({ cwd: dir, input: 'main.js', output: { dir: 'dist' }, platform: 'node', plugins: [reads, emits] });
const run = () => execFileSync(process.execPath, [join(dir, 'dist/main.js')], { encoding: 'utf8' }).trim();
let result = await ctx.rebuild();
step('first build', run(), result);
result = await ctx.rebuild();
step('rebuild, nothing changed', run(), result);
writeFileSync(join(dir, 'data/greeting.txt'), 'hi');
result = await ctx.rebuild();
step('rebuild after greeting.txt changed', run(), result);
let rebuilt;
const next = () => new Promise((resolve) => (rebuilt = resolve));
let waiting = next();
await ctx.watch({ onRebuild: (err, result) => rebuilt(err ?? result) });
await new Promise((r) => setTimeout(r, 100));
writeFileSync(join(outside, 'suffix.txt'), '?');
result = await waiting;
step('watch: the file outside the project changed', run(), result);
waiting = next();
writeFileSync(join(dir, 'data/greeting.txt'), 'hey');
result = await waiting;
step('watch: greeting.txt changed', run(), result);
const rel = (f) => (f.startsWith(dir) ? `<app>${f.slice(dir.length)}` : `<outside>${f.slice(outside.length)}`);
await ctx.dispose();

// dev(): the page shows the change of a watched file.
writeFileSync(join(dir, 'data/greeting.txt'), 'hello');
const listed = [];
const lister = { name: 'lister', buildStart() { listed.push(this.getWatchFiles().length); }, generateBundle() { listed.push(...this.getWatchFiles().map(rel)); } };
const server = await dev({ root: dir, server: { port: 0 }, plugins: [reads, lister], onLog: (l) => process.env.DEBUG && console.error(l) });
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(server.url);
  const until = (text) => page.waitForFunction((t) => document.getElementById('out').textContent === t, text, { timeout: 10000 });
  await until('hello world?');
  step('dev: first page', await page.textContent('#out'));
  writeFileSync(join(dir, 'data/greeting.txt'), 'good day');
  await until('good day world?');
  step('dev: greeting.txt changed', await page.textContent('#out'));
  writeFileSync(join(outside, 'suffix.txt'), '.');
  await until('good day world.');
  step('dev: the file outside changed', await page.textContent('#out'));
  console.log('errors:', errors.length ? errors.join('; ') : 'none');
} finally {
  await browser.close();
  await server.close();
}

// A build: getWatchFiles in generateBundle lists both files.
listed.length = 0;
const ctx2 = await context({ cwd: dir, input: 'main.js', output: { dir: 'dist' }, platform: 'node', plugins: [reads, lister] });
await ctx2.rebuild();
await ctx2.dispose();
calls.length = 0;
console.log('getWatchFiles in a build:', listed.join(' '));
rmSync(dir, { recursive: true, force: true });
rmSync(outside, { recursive: true, force: true });
