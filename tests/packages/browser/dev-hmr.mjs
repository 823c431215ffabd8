// Drives `sheaf dev` in headless Chromium: node browser/dev-hmr.mjs URL PROJECT_DIR.
// Edits files of the project (tests/browser/dev-app, copied) and checks what the
// page does: hot updates that keep state (CSS too), a reload where nothing accepts, the
// error overlay and its removal, url()s in stylesheets, a file added after start, import.meta.env and a
// .env edit. Prints each edit's
// time from write to the page showing it.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [url, dir] = process.argv.slice(2);
const file = (p) => path.join(dir, p);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const timings = [];
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const text = (sel) => page.textContent(sel);
  const until = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 10000 });
  // Writes a file and waits until `check` holds in the page.
  async function edit(name, contents, check, arg) {
    const start = Date.now();
    fs.writeFileSync(file(name), contents);
    await until(check, arg).catch(async (e) => {
      const body = await page.evaluate(() => document.body.innerText);
      throw new Error(`after writing ${name}:\n${contents}\nthe page shows:\n${body}\n${e}`);
    });
    timings.push([name, Date.now() - start]);
  }

  await page.goto(url);
  await until(() => document.getElementById('plain').textContent === 'plain v1');
  assert.equal(await text('#app'), 'view: first');
  assert.equal(await text('#counter'), 'counter v1 run 1');
  assert.equal(await text('#env'), 'development hello  true');
  await page.fill('#state', 'typed by the user');
  await page.evaluate(() => (window.marker = 42));

  // Stylesheets imported from JavaScript: in cascade order (style.css's rule for
  // #app comes after theme.css's, which it @imports); an edit is a hot update
  // of the <style>, without a reload.
  const css = (sel, prop) => page.evaluate(([s, p]) => getComputedStyle(document.querySelector(s))[p], [sel, prop]);
  assert.equal(await css('#plain', 'color'), 'rgb(0, 128, 0)');
  assert.equal(await css('#app', 'fontSize'), '20px');
  // An @import of an absolute URL stays in the injected sheet (data: here).
  assert.equal(await css('#plain', 'fontStyle'), 'italic');
  // A url() of an injected stylesheet is the file's, not one relative to the page.
  const dot = new URL('/src/img/dot.svg', url).href;
  assert.equal(await css('#counter', 'backgroundImage'), `url("${dot}")`);
  assert.equal(await page.evaluate((u) => new Promise((ok) => { const i = new Image(); i.onload = () => ok(i.naturalWidth); i.onerror = () => ok(-1); i.src = u; }), dot), 4);
  await edit('src/theme.css', fs.readFileSync(file('src/theme.css'), 'utf8').replace('rgb(0, 128, 0)', 'rgb(0, 0, 255)'),
    () => getComputedStyle(document.getElementById('plain')).color === 'rgb(0, 0, 255)');
  assert.equal(await css('#app', 'fontSize'), '20px');
  assert.equal(await page.evaluate(() => window.marker), 42);

  // The page's own <link rel="stylesheet">: applied, and an edit is a hot
  // update too; a syntax error shows the overlay with the stylesheet's line.
  assert.equal(await css('#env', 'fontWeight'), '700');
  await edit('src/page.css', '#env { font-weight: 300; }\n', () => getComputedStyle(document.getElementById('env')).fontWeight === '300');
  await edit('src/page.css', '#env {\n  font-weight: 300;\n  color: ;\n}\n#env { {\n', () => {
    const o = document.querySelector('sheaf-error-overlay');
    return o && o.textContent.includes('src/page.css:');
  });
  await edit('src/page.css', '#env { font-weight: 500; }\n', () => !document.querySelector('sheaf-error-overlay') && getComputedStyle(document.getElementById('env')).fontWeight === '500');
  assert.equal(await page.evaluate(() => window.marker), 42);

  // A self-accepting module: replaced in place, hot.data carried over, no reload.
  await edit('src/counter.js', fs.readFileSync(file('src/counter.js'), 'utf8').replace('counter v1', 'counter v2'),
    () => document.getElementById('counter').textContent === 'counter v2 run 2');
  assert.equal(await page.evaluate(() => window.marker), 42);
  assert.equal(await page.inputValue('#state'), 'typed by the user');

  // A CSS module's edit: its importer (counter.js, self-accepting) runs again
  // with the new names, and the new rule applies, without a reload.
  assert.equal(await css('#counter', 'color'), 'rgb(10, 20, 30)');
  assert.match(await page.evaluate(() => document.getElementById('counter').className), /^counter_/);
  await edit('src/counter.module.css', '.counter { color: rgb(40, 50, 60); }\n',
    () => getComputedStyle(document.getElementById('counter')).color === 'rgb(40, 50, 60)'
      && document.getElementById('counter').textContent === 'counter v2 run 3');
  assert.equal(await page.evaluate(() => window.marker), 42);

  // A module accepted by its importer (accept(dep, cb)): the callback re-renders.
  await edit('src/label.js', "export const label = 'second';\n", () => document.getElementById('app').textContent === 'view: second');
  assert.equal(await page.evaluate(() => window.marker), 42);

  // Nothing accepts plain.js: the page reloads (state is gone).
  await edit('src/plain.js', "export const plain = 'plain v2';\n", () => document.getElementById('plain').textContent === 'plain v2' && window.marker === undefined);
  await page.evaluate(() => (window.marker = 7));

  // A syntax error shows the overlay with the code frame; the fix removes it.
  await edit('src/label.js', 'export const label = ;\n', () => {
    const o = document.querySelector('sheaf-error-overlay');
    return o && o.textContent.includes('src/label.js:1:22') && o.textContent.includes('export const label = ;');
  });
  await edit('src/label.js', "export const label = 'third';\n", () => !document.querySelector('sheaf-error-overlay') && document.getElementById('app').textContent === 'view: third');
  assert.equal(await page.evaluate(() => window.marker), 7);

  // A file created after the server started, imported by an edited module.
  fs.writeFileSync(file('src/extra.js'), "export const extra = 'from a new file';\n");
  await edit('src/counter.js', fs.readFileSync(file('src/counter.js'), 'utf8')
    .replace("// Accepts itself", "import { extra } from './extra.js';\n// Accepts itself")
    .replace("'counter v2 run ' + runs", "'counter v3 ' + extra"),
    () => document.getElementById('counter').textContent === 'counter v3 from a new file');
  assert.equal(await page.evaluate(() => window.marker), 7);

  // hot.on: the entry's listener saw the updates since the reload.
  assert.ok((await page.evaluate(() => window.afterUpdates)) >= 2);

  // prune: counter.js stops importing extra.js, whose prune callback runs.
  fs.writeFileSync(file('src/extra.js'), "export const extra = 'from a new file';\nwindow.extraVersion = 2;\nimport.meta.hot.prune(() => { window.pruned = 'extra.js'; });\n");
  await until(() => window.extraVersion === 2);
  await edit('src/counter.js', fs.readFileSync(file('src/counter.js'), 'utf8')
    .replace("import { extra } from './extra.js';\n", '')
    .replace("'counter v3 ' + extra", "'counter v4'"),
    () => document.getElementById('counter').textContent === 'counter v4' && window.pruned === 'extra.js');

  // accept(cb) gets the new module; invalidate() from it hands the update to
  // the importers, and since none accepts, the page reloads.
  await edit('src/inv.js', fs.readFileSync(file('src/inv.js'), 'utf8').replace('version = 1', 'version = 2'),
    () => document.body.dataset.inv === '2' && String(window.acceptedVersions) === '2');
  assert.equal(await page.evaluate(() => window.marker), 7);
  await edit('src/inv.js', fs.readFileSync(file('src/inv.js'), 'utf8').replace('version = 2', 'version = 3').replace('swappable = true', 'swappable = false'),
    () => document.body.dataset.inv === '3' && window.marker === undefined);

  // An edit of .env builds every module again and reloads the page.
  await edit('.env', 'VITE_GREETING=bye\n', () => document.getElementById('env').textContent === 'development bye  true');

  assert.deepEqual(errors, []);
  console.log('ok: ' + timings.map(([f, ms]) => `${f} ${ms} ms`).join(', '));
} finally {
  await browser.close();
}
