// React Fast Refresh through `sheaf dev` in headless Chromium:
// node browser/dev-react.mjs URL PROJECT_DIR (a copy of tests/browser/react-app
// placed inside tests/packages, so react, react-dom and react-refresh resolve).
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
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const until = (fn) => page.waitForFunction(fn, undefined, { timeout: 10000 });
  const button = () => page.textContent('#button');

  await page.goto(url);
  await until(() => document.getElementById('button'));
  for (let i = 0; i < 3; i++) await page.click('#button');
  assert.equal(await button(), 'v1 hello clicked 3');
  await page.evaluate(() => (window.marker = 'still here'));

  // Editing the component re-renders it with its state.
  fs.writeFileSync(file('src/App.jsx'), fs.readFileSync(file('src/App.jsx'), 'utf8').replace('v1 ', 'v2 '));
  await until(() => document.getElementById('button').textContent.startsWith('v2'));
  assert.equal(await button(), 'v2 hello clicked 3');
  assert.equal(await page.evaluate(() => window.marker), 'still here');

  // A module that is not a component: the update goes up to the component that
  // imports it, which refreshes, state kept.
  fs.writeFileSync(file('src/greeting.js'), "export const greeting = 'bonjour';\n");
  await until(() => document.getElementById('button').textContent.includes('bonjour'));
  assert.equal(await button(), 'v2 bonjour clicked 3');
  assert.equal(await page.evaluate(() => window.marker), 'still here');

  // The entry exports no component and nothing accepts it: a full reload.
  fs.writeFileSync(file('src/main.jsx'), fs.readFileSync(file('src/main.jsx'), 'utf8') + '\n// edited\n');
  await until(() => window.marker === undefined && document.getElementById('button'));
  assert.equal(await button(), 'v2 bonjour clicked 0');

  assert.deepEqual(errors, []);
  console.log('ok: Fast Refresh kept state across a component edit and a dependency edit');
} finally {
  await browser.close();
}
