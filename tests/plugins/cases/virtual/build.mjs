import virtual from '@rollup/plugin-virtual';
import { buildAndRun } from '../../harness.mjs';

const { stdout } = await buildAndRun(import.meta.url, {
  input: 'main.js',
  plugins: [
    virtual({
      'virtual:answer': 'export const answer = 42;',
      greet: 'export default (n) => `the answer is ${n}`;',
    }),
  ],
});
process.stdout.write(stdout);
