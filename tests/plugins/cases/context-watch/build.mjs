// context(): rebuild() after an edit (changed files found by their bytes),
// watch() rebuilding on save with onRebuild, a plugin that runs on every
// rebuild, and dispose() letting the process exit (a timer that does not keep
// it alive fails the case if something else does).
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { context, caseDir, tempDir } from '../../harness.mjs';

setTimeout(() => {
  console.log('still running 30 s later: something keeps the process alive');
  process.exit(1);
}, 30000).unref();

const dir = tempDir('sheaf-context-');
cpSync(join(caseDir(import.meta.url), 'app'), dir, { recursive: true });
const run = () => execFileSync(process.execPath, [join(dir, 'dist/main.js')], { encoding: 'utf8' }).trim();
let transforms = 0;
const counter = { name: 'counter', transform: { filter: { id: /word\.js$/ }, handler: () => void transforms++ } };

for (const plugins of [[], [counter]]) {
  writeFileSync(join(dir, 'word.js'), 'export const word = "one";\n');
  const ctx = await context({ cwd: dir, input: 'main.js', output: { dir: 'dist' }, plugins });
  await ctx.rebuild();
  console.log(plugins.length ? 'with a plugin' : 'no plugins', '|', run());
  writeFileSync(join(dir, 'word.js'), 'export const word = "two";\n');
  await ctx.rebuild();
  console.log('after an edit and rebuild() |', run());
  const rebuilt = new Promise((resolve) => ctx.watch({ onRebuild: (err, result) => resolve(err ?? result) }));
  await new Promise((r) => setTimeout(r, 100));
  writeFileSync(join(dir, 'word.js'), 'export const word = "three";\n');
  const result = await rebuilt;
  console.log('watch saw the save |', result.outputs.map((o) => o.fileName).join(' '), '|', run());
  await ctx.dispose();
}
console.log('transform calls of the plugin:', transforms);
