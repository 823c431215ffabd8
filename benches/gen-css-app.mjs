// Generates the issue-13 benchmark app: node gen-css-app.mjs DIR [MODULES] [CSS] [IMAGES]
// (default 10,000 JavaScript modules, 2,000 stylesheets of which every fifth is a
// CSS module, and 500 images, a third of them under the 4 KiB inline limit).
// index.html loads main.js; the modules form a tree (ten children each); one in
// five imports a stylesheet, one in twenty an image; some stylesheets name
// images through url(). Every tool builds the same files.
import fs from 'node:fs';
import path from 'node:path';

const [dir, modules = 10000, sheets = 2000, images = 500] = process.argv.slice(2).map((v, i) => (i ? Number(v) : v));
fs.rmSync(dir, { recursive: true, force: true });
for (const d of ['src', 'src/styles', 'src/img']) fs.mkdirSync(path.join(dir, d), { recursive: true });

// Deterministic bytes: images differ in content (so they hash apart).
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const png = (size) => Buffer.from(Array.from({ length: size }, () => Math.floor(rand() * 256)));
for (let i = 0; i < images; i++) {
  const size = i % 3 === 0 ? 1000 + (i % 7) * 300 : 6000 + (i % 11) * 500;
  fs.writeFileSync(path.join(dir, `src/img/i${i}.png`), png(size));
}
const isModule = (s) => s % 5 === 0;
for (let s = 0; s < sheets; s++) {
  const name = isModule(s) ? `s${s}.module.css` : `s${s}.css`;
  const img = s % 8 === 0 ? `\n  background: url(../img/i${s % images}.png) no-repeat;` : '';
  const cls = isModule(s) ? 'box' : `box-${s}`;
  fs.writeFileSync(path.join(dir, 'src/styles', name), `.${cls} {
  display: flex;
  gap: ${s % 13}px;
  padding: ${s % 7}px ${s % 5}px;
  color: rgb(${s % 255}, ${(s * 3) % 255}, ${(s * 7) % 255});${img}
}
.${cls}:hover { opacity: 0.${(s % 9) + 1}; }
@media (min-width: ${600 + (s % 10) * 40}px) {
  .${cls} { margin: ${s % 17}px; }
}
`);
}
for (let m = 0; m < modules; m++) {
  const lines = [];
  const children = [];
  for (let c = m * 10 + 1; c <= m * 10 + 10 && c < modules; c++) children.push(c);
  children.forEach((c) => lines.push(`import { render as r${c} } from './m${c}.js';`));
  let cls = `'m${m}'`;
  if (m % 5 === 0) {
    const s = (m / 5) % sheets;
    if (isModule(s)) {
      lines.push(`import styles from './styles/s${s}.module.css';`);
      cls = 'styles.box';
    } else {
      lines.push(`import './styles/s${s}.css';`);
      cls = `'box-${s}'`;
    }
  }
  let img = '';
  if (m % 20 === 0) {
    lines.push(`import img from './img/i${(m / 20) % images}.png';`);
    img = "'<img src=\"' + img + '\">' + ";
  }
  lines.push(`export function render() {
  return '<div class="' + ${cls} + '">' + ${img}${children.map((c) => `r${c}()`).join(' + ') || "''"} + '</div>';
}`);
  fs.writeFileSync(path.join(dir, `src/m${m}.js`), lines.join('\n') + '\n');
}
fs.writeFileSync(path.join(dir, 'src/main.js'), `import { render } from './m0.js';
const html = render();
if (typeof document !== 'undefined') document.getElementById('app').innerHTML = html;
else console.log(html.length);
`);
fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html>
<html><head><meta charset="utf-8"><title>css bench</title></head>
<body><div id="app"></div><script type="module" src="/src/main.js"></script></body></html>
`);
console.log(`${dir}: ${modules} modules, ${sheets} stylesheets (${Math.ceil(sheets / 5)} CSS modules), ${images} images`);
