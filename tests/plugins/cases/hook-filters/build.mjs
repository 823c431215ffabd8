// Hook filters are checked in Rust: JS runs only for the modules a filter
// lets through. Ten plugins match one file each (exactly ten calls); others
// filter on code, moduleType, include/exclude, and resolveId/load ids.
import { buildAndRun } from '../../harness.mjs';

const calls = {};
const count = (name) => (calls[name] = (calls[name] ?? 0) + 1);
const tagger = (i) => ({
  name: `tag${i}`,
  transform: {
    filter: { id: new RegExp(`file${i}\\.js$`) },
    handler(code) {
      count('tag');
      return { code: code.replace(`"f${i}"`, `"F${i}"`), map: null };
    },
  },
});
const plugins = [
  ...Array.from({ length: 10 }, (_, i) => tagger(i)),
  {
    name: 'by-code',
    transform: { filter: { code: 'MAGIC' }, handler: (code) => (count('by-code'), code.replace('MAGIC', 'magic')) },
  },
  {
    name: 'by-type',
    transform: { filter: { moduleType: ['json'] }, handler: (code) => (count('by-type'), code.replace('1', '7')) },
  },
  {
    name: 'include-exclude',
    transform: {
      filter: { id: { include: /file\d\.js$/, exclude: [/file[0-8]\.js$/] } },
      handler: (code) => (count('include-exclude'), code.replace('"F9"', '"NINE"')),
    },
  },
  {
    name: 'virtual',
    resolveId: { filter: { id: /^virtual:/ }, handler: (id) => (count('resolveId'), '\0' + id) },
    load: { filter: { id: /^\0virtual:/ }, handler: (id) => (count('load'), `export default ${JSON.stringify(id.slice(9))}`) },
  },
  {
    name: 'glob',
    transform: { filter: { id: '**/file0.js' }, handler: (code) => (count('glob'), code) },
  },
];
const { stdout } = await buildAndRun(import.meta.url, { input: 'main.js', plugins });
process.stdout.write(stdout);
console.log(JSON.stringify(calls, Object.keys(calls).sort()));
