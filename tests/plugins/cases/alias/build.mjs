import { fileURLToPath } from 'node:url';
import alias from '@rollup/plugin-alias';
import { buildAndRun } from '../../harness.mjs';

const utils = fileURLToPath(new URL('./src/utils', import.meta.url));
const { stdout } = await buildAndRun(import.meta.url, {
  input: 'src/main.js',
  plugins: [alias({ entries: [{ find: '@utils', replacement: utils }, { find: /^~(.*)$/, replacement: `${utils}/$1.js` }] })],
});
process.stdout.write(stdout);
