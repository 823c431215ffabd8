// create-vite's react-ts template under `sheaf dev`, in headless Chromium:
// node browser/starter-dev.mjs URL APP_DIR. An edit of the component keeps
// React state (Fast Refresh; the app has react-refresh installed, as sheaf's
// hint says), and an edit of a CSS file changes the computed style, both
// without a reload. Exits non-zero on any mismatch.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { launch, openPage } from './static.mjs';

const [url, dir] = process.argv.slice(2);
const file = (p) => path.join(dir, p);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  const until = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 10000 });
  await page.goto(url);
  await until(() => document.querySelector('h1')?.textContent === 'Get started');
  await page.click('button.counter');
  await page.click('button.counter');
  await until(() => document.querySelector('button.counter').textContent === 'Count is 2');
  await page.evaluate(() => (window.marker = 'no reload'));

  const app = fs.readFileSync(file('src/App.tsx'), 'utf8');
  fs.writeFileSync(file('src/App.tsx'), app.replace('Get started', 'Get going'));
  await until(() => document.querySelector('h1')?.textContent === 'Get going');
  assert.equal(await page.textContent('button.counter'), 'Count is 2');

  const css = fs.readFileSync(file('src/index.css'), 'utf8');
  fs.writeFileSync(file('src/index.css'), css + '\nh1 { color: rgb(1, 2, 3); }\n');
  await until(() => getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)');
  assert.equal(await page.textContent('button.counter'), 'Count is 2');
  assert.equal(await page.evaluate(() => window.marker), 'no reload');
  assert.deepEqual(errors, []);
  console.log('react-ts under sheaf dev: state kept, CSS hot');
} finally {
  await browser.close();
}
