// unplugin-vue (unmodified) compiles single-file components (script setup
// with TypeScript, scoped styles as virtual `?vue&type=style` modules); the
// bundle renders the app to a string with Vue's server renderer.
import Vue from 'unplugin-vue/rollup';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAndRun } from '../../harness.mjs';

const { stdout, dir, result } = await buildAndRun(import.meta.url, {
  input: 'main.js',
  platform: 'node',
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  plugins: [Vue()],
});
process.stdout.write(stdout.replace(/data-v-[0-9a-f]+/g, 'data-v-ID'));
const css = result.outputs.find((o) => o.fileName.endsWith('.css'));
console.log('css:', css ? readFileSync(join(dir, css.fileName), 'utf8').replace(/data-v-[0-9a-f]+/g, 'data-v-ID').trim() : 'none');
