// @rollup/plugin-replace changes the code; its magic-string map is chained
// with sheaf's, so positions in the bundle still point into main.ts.
import replace from '@rollup/plugin-replace';
import { buildAndRun, originalPosition } from '../../harness.mjs';

const { stdout, dir, result } = await buildAndRun(import.meta.url, {
  input: 'main.ts',
  output: { sourcemap: true },
  plugins: [
    replace({
      preventAssignment: true,
      values: { __VERSION__: JSON.stringify('1.2.3-a-long-version'), __SUFFIX__: '"+x"', __MODE__: '"production"' },
    }),
  ],
});
process.stdout.write(stdout);
for (const needle of ['describeBuild("sheaf")', '"production"', 'label} ']) {
  const p = await originalPosition(dir, 'main.js', needle);
  console.log(`${needle} -> ${p.source.split('/').pop()}:${p.line}:${p.column}`);
}
console.log('warnings:', result.warnings.length);
