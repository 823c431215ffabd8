// Rollup's `order` on object hooks: `pre` hooks run first and `post` hooks
// last, whatever the plugin order (Vite's `enforce` sorts whole plugins
// before that). Checked on transform (in Rust) and generateBundle (in JS).
import { buildAndRun } from '../../harness.mjs';

const seen = [];
const plugin = (name, order, enforce) => ({
  name,
  enforce,
  transform: { order, handler: (code) => code.replace('START', `START>${name}`) },
  generateBundle: { order, handler: () => void seen.push(name) },
});
const { stdout } = await buildAndRun(import.meta.url, {
  input: 'main.js',
  plugins: [plugin('a'), plugin('b', 'post'), plugin('c', 'pre'), plugin('d', null, 'pre'), plugin('e', 'pre', 'post')],
});
process.stdout.write(stdout);
console.log('generateBundle:', seen.join(' '));
