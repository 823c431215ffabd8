// @mdx-js/rollup (unmodified) compiles an .mdx file to JSX-runtime code,
// rendered here with react-dom/server; its source map is chained, so a
// position in the bundle resolves into the .mdx file as written.
import mdx from '@mdx-js/rollup';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAndRun, originalPosition } from '../../harness.mjs';

const { stdout, dir } = await buildAndRun(import.meta.url, {
  input: 'main.jsx',
  platform: 'node',
  output: { sourcemap: true },
  plugins: [mdx()],
});
process.stdout.write(stdout);
for (const needle of ["'Notes'", '"emphasis"']) {
  const p = await originalPosition(dir, 'main.js', needle);
  console.log(`${needle} -> ${p.source.split('/').pop()}:${p.line}:${p.column}`);
}
const map = JSON.parse(readFileSync(join(dir, 'main.js.map'), 'utf8'));
const i = map.sources.findIndex((s) => s.endsWith('doc.mdx'));
console.log('sourcesContent of doc.mdx is the file:', map.sourcesContent[i] === readFileSync(new URL('./doc.mdx', import.meta.url), 'utf8'));
