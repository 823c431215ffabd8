// Generates the code-splitting benchmark app: node gen-app.mjs DIR [MODULES] [--react]
// (default 10,000 modules). With --react the modules are a mix of .js, .ts, .jsx
// and .tsx that import React (from benches/node_modules: DIR must be under
// benches/, or have React installed) and render JSX; imports omit extensions. Deterministic (a fixed LCG), so every run and every
// tool sees the same app:
//   core/    15% of the modules: used by the entry and by every route
//   widgets/ 10%: used by routes 0-3 only (code shared by some lazy routes)
//   routes/  the rest, in 8 areas; route K's area is loaded by `import()` only
// Each module imports the previous module of its area and up to two more earlier
// modules (of its area, core, or for routes 0-3 widgets), so every module is used;
// computes a value from theirs when it runs, and exports a function that is used
// and one that is not (for tree shaking).
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2]);
const total = Number(process.argv[3] || 10000);
const react = process.argv.includes('--react');
const EXTS = ['js', 'ts', 'jsx', 'tsx'];
let seed = 12345;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const ROUTES = 8;
const core = Math.floor(total * 0.15);
const widgets = Math.floor(total * 0.1);
const perRoute = Math.floor((total - core - widgets - ROUTES - 1) / ROUTES);
const modules = []; // { file, area, deps }
const areas = { core: [], widgets: [] };
const add = (area, file, pool) => {
  const deps = new Set();
  // The previous module of the area, so the whole area is reachable from its end.
  const own = areas[area] || [];
  if (own.length) deps.add(own[own.length - 1]);
  for (let k = 0; k < 2 && pool.length; k++) deps.add(pool[rand(pool.length)]);
  if (react) file = file.replace(/\.js$/, `.${EXTS[modules.length % 4]}`);
  const m = { file, deps: [...deps] };
  modules.push(m);
  (areas[area] ||= []).push(m);
  return m;
};
for (let i = 0; i < core; i++) add('core', `core/m${i}.js`, areas.core.slice(-50));
for (let i = 0; i < widgets; i++) add('widgets', `widgets/w${i}.js`, [...areas.widgets.slice(-40), ...areas.core.slice(0, 200)]);
for (let r = 0; r < ROUTES; r++) {
  const area = `route${r}`;
  areas[area] = [];
  const count = r === ROUTES - 1 ? total - core - widgets - ROUTES - 1 - perRoute * (ROUTES - 1) : perRoute;
  for (let i = 0; i < count; i++) {
    const pool = [...areas[area].slice(-40), ...areas.core.slice(0, 100)];
    if (r < 4) pool.push(...areas.widgets.slice(-20));
    add(area, `routes/r${r}/m${i}.js`, pool);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
const fnName = (m) => 'f_' + m.file.replace(/\.[jt]sx?$/, '').replace(/[^a-z0-9]/gi, '_');
const write = (file, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};
const rel = (from, to) => {
  let r = path.relative(path.dirname(from), to).split(path.sep).join('/');
  if (react) r = r.replace(/\.[jt]sx?$/, '');
  return r.startsWith('.') ? r : './' + r;
};
// With --react: what each kind of module adds (a React import, types, JSX).
const flavour = (m) => {
  const ext = m.file.split('.').pop();
  const typed = ext.startsWith('t');
  const jsx = ext.endsWith('x');
  const n = fnName(m);
  return {
    head: jsx ? `import { useState } from 'react';` : `import { createElement } from 'react';`,
    param: typed ? 'x: number' : 'x',
    ret: typed ? ': number' : '',
    view: jsx
      ? `export function View_${n}(${typed ? 'props: { x: number }' : 'props'}) {
  const [n, setN] = useState(props.x);
  return <button onClick={() => setN(n + 1)}>{${n}(n)}</button>;
}
`
      : `export function View_${n}(props${typed ? ': { x: number }' : ''}) {
  return createElement('span', null, ${n}(props.x));
}
`,
  };
};
for (const m of modules) {
  const imports = m.deps.map((d) => `import { ${fnName(d)} } from '${rel(m.file, d.file)}';`).join('\n');
  const sum = m.deps.map((d) => `${fnName(d)}(0)`).join(' + ') || '0';
  const f = react ? flavour(m) : { head: '', param: 'x', ret: '', view: '' };
  write(
    m.file,
    `${f.head}${react ? '\n' : ''}${imports}
const table_${fnName(m)} = ['${m.file}', ${rand(1000)}, ${rand(1000)}${react ? `, View_${fnName(m)}` : ''}];
const value_${fnName(m)} = (table_${fnName(m)}[1] + ${sum}) % 1000003;
export function ${fnName(m)}(${f.param})${f.ret} {
  return value_${fnName(m)} + x;
}
export function unused_${fnName(m)}() {
  return table_${fnName(m)}.join('/') + ' is never called';
}
${f.view}`,
  );
}
// Each route: the last few modules of its area (which reach most of it).
for (let r = 0; r < ROUTES; r++) {
  const tops = areas[`route${r}`].slice(-6);
  write(
    `routes/route${r}.js`,
    `${tops.map((m) => `import { ${fnName(m)} } from '${rel(`routes/route${r}.js`, m.file)}';`).join('\n')}
export function render(x) {
  return ${tops.map((m) => `${fnName(m)}(x)`).join(' + ')};
}
`,
  );
}
const coreTops = areas.core.slice(-6);
write(
  'main.js',
  `${coreTops.map((m) => `import { ${fnName(m)} } from './${m.file}';`).join('\n')}
console.log('main', ${coreTops.map((m) => `${fnName(m)}(1)`).join(' + ')});
const routes = [${Array.from({ length: ROUTES }, (_, r) => `() => import('./routes/route${r}.js')`).join(', ')}];
for (const load of routes) {
  const route = await load();
  console.log('route', route.render(2));
}
`,
);
write('package.json', '{"type":"module"}\n');
// For the dev server benchmark: a page whose entry imports everything
// statically (no top-level await), and one self-accepting module to edit.
write(
  'index.html',
  `<!doctype html>
<html><head><meta charset="utf-8"><title>app10k</title></head>
<body><div id="out"></div><div id="hmr"></div>
<script type="module" src="/dev-main.js"></script></body></html>
`,
);
write(
  'dev-main.js',
  `${coreTops.map((m) => `import { ${fnName(m)} } from './${m.file}';`).join('\n')}
${Array.from({ length: ROUTES }, (_, r) => `import { render as route${r} } from './routes/route${r}.js';`).join('\n')}
import './hmr-target.js';
const total = ${coreTops.map((m) => `${fnName(m)}(1)`).join(' + ')} + ${Array.from({ length: ROUTES }, (_, r) => `route${r}(2)`).join(' + ')};
document.getElementById('out').textContent = 'ready ' + total;
`,
);
write(
  'hmr-target.js',
  `document.getElementById('hmr').textContent = 'edit 0';
if (import.meta.hot) import.meta.hot.accept();
`,
);
console.log(`${modules.length + ROUTES + 1} modules in ${dir}`);
