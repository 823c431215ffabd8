// vite-plugin-svgr (unmodified): `./logo.svg?react` becomes a React
// component (its load hook runs SVGR and Vite's esbuild transform), while a
// plain `./logo.svg` import stays sheaf's asset (inlined as a data URL).
import svgr from 'vite-plugin-svgr';
import { buildAndRun } from '../../harness.mjs';

const { stdout } = await buildAndRun(import.meta.url, {
  input: 'main.jsx',
  platform: 'node',
  plugins: [svgr()],
});
process.stdout.write(stdout);
