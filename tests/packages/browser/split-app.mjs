// Loads a code-split build in headless Chromium over a local HTTP server:
// node browser/split-app.mjs OUT_DIR. Two entry scripts share one store module;
// a click loads a third chunk with import(). Exits non-zero on any mismatch.
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, openPage } from './static.mjs';

const root = path.resolve(process.argv[2]);
const server = await serve(root);
const { base, requests } = server;
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(base + '/');
  await page.waitForFunction(() => document.getElementById('widget').textContent !== '');
  assert.equal(await page.textContent('#main'), 'main sees count 1');
  assert.equal(await page.textContent('#widget'), 'widget sees count 2');
  const beforeClick = requests.filter((r) => r.endsWith('.js'));
  assert.ok(!beforeClick.some((r) => r.includes('settings')), `settings loaded before the click: ${beforeClick}`);

  await page.click('#open');
  await page.waitForFunction(() => document.getElementById('settings').textContent !== '');
  assert.equal(await page.textContent('#settings'), 'settings sees count 3 (store evaluated 1x)');

  const scripts = requests.filter((r) => r.endsWith('.js'));
  assert.equal(new Set(scripts).size, scripts.length, `a chunk was loaded twice: ${scripts}`);
  assert.ok(scripts.some((r) => /\/chunk-[0-9a-v]{8}\.js$/.test(r)), `no shared chunk: ${scripts}`);
  assert.deepEqual(errors, []);
  console.log(`ok: ${scripts.length} scripts loaded: ${scripts.join(' ')}`);
} finally {
  await browser.close();
  server.close();
}
