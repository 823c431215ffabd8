// Two transform hooks that each move code (magic-string maps) are chained in
// Rust: the bundle's map still points into main.js as written, and its
// sourcesContent is the original text. A third hook changes code without a
// map: a warning, as in Rollup.
import MagicString from 'magic-string';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAndRun, originalPosition } from '../../harness.mjs';

const prepend = (name, text) => ({
  name,
  transform(code, id) {
    if (!id.endsWith('main.js')) return null;
    const s = new MagicString(code);
    s.prepend(text);
    s.replace('// @prefix', `// ${name} was here`);
    return { code: s.toString(), map: s.generateMap({ hires: true, source: id, includeContent: true }) };
  },
});
const run = async (plugins) => {
  const { stdout, dir, result } = await buildAndRun(import.meta.url, { input: 'main.js', output: { sourcemap: true }, plugins });
  process.stdout.write(stdout);
  for (const needle of ['shout("two")', 'toUpperCase']) {
    const p = await originalPosition(dir, 'main.js', needle);
    console.log(`${needle} -> ${p.source.split('/').pop()}:${p.line}:${p.column}`);
  }
  const map = JSON.parse(readFileSync(join(dir, 'main.js.map'), 'utf8'));
  const original = readFileSync(new URL('./main.js', import.meta.url), 'utf8');
  console.log('sourcesContent is the original:', map.sourcesContent.includes(original));
  console.log('warnings:', result.warnings.map((w) => w.code).join(' ') || 'none');
};
await run([prepend('a', 'const a = 1;\nconst aa = 2;\n'), prepend('b', 'const b = 1;\n')]);
await run([
  prepend('a', 'const a = 1;\n'),
  { name: 'mapless', transform: (code, id) => (id.endsWith('main.js') ? `${code}\n` : null) },
]);
