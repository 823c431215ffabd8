// rollup-plugin-svelte (unmodified) with Svelte 5: runes ($props, $state,
// $derived) compiled for the server and rendered to a string; the
// component's CSS is emitted as a virtual `.css` module.
import svelte from 'rollup-plugin-svelte';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAndRun } from '../../harness.mjs';

const { stdout, dir, result } = await buildAndRun(import.meta.url, {
  input: 'main.js',
  platform: 'node',
  plugins: [svelte({ compilerOptions: { generate: 'server' }, emitCss: true })],
});
process.stdout.write(stdout.replace(/svelte-[a-z0-9]+/g, 'svelte-ID'));
const css = result.outputs.find((o) => o.fileName.endsWith('.css'));
console.log('css:', css ? readFileSync(join(dir, css.fileName), 'utf8').replace(/svelte-[a-z0-9]+/g, 'svelte-ID').trim() : 'none');
