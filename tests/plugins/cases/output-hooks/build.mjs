// Output hooks: banner (a string), intro/outro (inside the iife wrapper),
// footer (a function of the chunk), and renderChunk, first by a hand-written
// plugin with a magic-string map, then by @rollup/plugin-terser (unmodified)
// with its map. The bundle runs; positions still point into the sources.
import MagicString from 'magic-string';
import terser from '@rollup/plugin-terser';
import { buildAndRun, originalPosition } from '../../harness.mjs';

const seen = [];
const addons = {
  name: 'addons',
  banner: '/*! banner: kept by terser */',
  intro: 'var INTRO_VALUE = 1;',
  outro: (chunk) => `console.log("outro of ${chunk.fileName}, exports: ${chunk.exports.join(',')}");`,
  footer: (chunk) => `/* footer of ${chunk.name} */`,
  renderChunk(code, chunk, options) {
    seen.push(`${chunk.fileName} ${chunk.isEntry} ${options.format} ${chunk.moduleIds.map((id) => id.split('/').pop()).join(',')}`);
    const s = new MagicString(code);
    s.prepend('// rendered\n');
    return { code: s.toString(), map: s.generateMap({ hires: true }) };
  },
};
const run = async (plugins, label) => {
  const { stdout, dir, entry } = await buildAndRun(import.meta.url, {
    input: 'main.js',
    output: { format: 'iife', name: 'App', sourcemap: true },
    plugins,
  });
  console.log(`-- ${label}`);
  process.stdout.write(stdout);
  console.log('first lines:', JSON.stringify(entry.code.split('\n').slice(0, 2).join(' | ').slice(0, 60)), '| footer:', /footer of main/.test(entry.code));
  const p = await originalPosition(dir, 'main.js', 'toUpperCase');
  console.log(`toUpperCase -> ${p.source.split('/').pop()}:${p.line}:${p.column}`);
};
await run([addons], 'addons and renderChunk');
await run([addons, terser()], 'then terser');
console.log(seen[0]);
