// transform() and transformSync(): one module's code without bundling.
// The output runs; es5 output keeps no arrow or class; the map points back;
// a syntax error rejects with a diagnostic and a code frame.
import { transform, transformSync } from '../../../../packages/sheaf/index.js';
import { SourceMapConsumer } from 'source-map-js';

const ts = `interface P { name: string }
const greet = (p: P): string => \`hi \${p.name}\`;
class Box<T> { constructor(public value: T) {} }
console.log(greet({ name: "ts" }), new Box(DEBUG ? 1 : 2).value);
`;
const a = await transform(ts, { filename: 'x.ts', define: { DEBUG: 'true' }, sourcemap: true });
new Function(a.code)();
const lines = a.code.split('\n');
const line = lines.findIndex((l) => l.startsWith('console.log'));
const pos = new SourceMapConsumer(a.map).originalPositionFor({ line: line + 1, column: lines[line].indexOf('greet(') });
console.log('map:', pos.line, pos.column);
const b = transformSync(ts, { filename: 'x.ts', target: 'es5', define: { DEBUG: 'false' } });
new Function(b.code)();
console.log('es5 keeps no arrow or class:', !/=>/.test(b.code) && !/^\s*class /m.test(b.code));
const jsx = transformSync('export const App = () => <div id="a">hi</div>;', { filename: 'a.jsx', jsx: 'classic' });
console.log(jsx.code.includes('React.createElement("div"'));
const min = transformSync('function add(first, second) { return first + second; }\nconsole.log(add(1, 2));', { minify: true });
console.log(min.code.length < 60, min.code.trim());
try {
  await transform('const = 1;', { filename: 'broken.ts' });
} catch (e) {
  console.log(e.errors[0].code, `${e.errors[0].file.split('/').pop()}:${e.errors[0].line}:${e.errors[0].column}`, e.message.includes('const = 1;'));
}

// analyze(): the analyzer page of a build, as a string (nothing written).
const { analyze } = await import('../../../../packages/sheaf/index.js');
const html = await analyze({ cwd: new URL('../yaml', import.meta.url).pathname, input: 'main.js', plugins: [(await import('@rollup/plugin-yaml')).default()] });
const data = JSON.parse(html.match(/<script id="data" type="application\/json">(.*?)<\/script>/s)[1]);
console.log('analyze():', html.startsWith('<!doctype html>'), data.outputs.map((o) => `${o.path}: ${o.inputs.map((i) => i.path).join(', ')}`).join('; '));

// build({ metafile: true }) returns the metafile (esbuild's shape); without it, none is made.
const { build } = await import('../../../../packages/sheaf/index.js');
const yamlDir = new URL('../yaml', import.meta.url).pathname;
const yaml = (await import('@rollup/plugin-yaml')).default;
const withMeta = await build({ cwd: yamlDir, input: 'main.js', write: false, metafile: true, plugins: [yaml()] });
const without = await build({ cwd: yamlDir, input: 'main.js', write: false, plugins: [yaml()] });
console.log('metafile inputs:', Object.keys(withMeta.metafile.inputs).sort().join(' '), '| without:', without.metafile);

// Rollup's `treeshake: false` (and `treeShaking: false`) keeps unused code.
const fs = await import('node:fs');
const os = await import('node:os');
const path = await import('node:path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheaf-treeshake-'));
fs.writeFileSync(path.join(dir, 'main.js'), "import { used } from './lib.js';\nconsole.log(used);\n");
fs.writeFileSync(path.join(dir, 'lib.js'), "export const used = 1;\nexport function unusedHelper() { return 'unused-helper'; }\n");
const js = async (o) => (await build({ cwd: dir, input: 'main.js', write: false, ...o })).outputs.find((f) => f.fileName.endsWith('.js')).code;
console.log('treeshake: false keeps unused code:', !(await js({})).includes('unused-helper'), (await js({ treeshake: false })).includes('unused-helper'), (await js({ treeShaking: false })).includes('unused-helper'));
// Rollup's `output.exports: 'auto'`: a default-only cjs entry is its value.
fs.writeFileSync(path.join(dir, 'value.js'), "export default { answer: 42 };\n");
const cjs = async (exports) => (await build({ cwd: dir, input: 'value.js', write: false, output: { format: 'cjs', exports } })).outputs[0].code;
const load = (code) => { const module = { exports: {} }; new Function('module', 'exports', code)(module, module.exports); return module.exports; };
console.log('output.exports:', JSON.stringify(load(await cjs('auto'))), JSON.stringify(load(await cjs('named')).default));
fs.rmSync(dir, { recursive: true, force: true });
