// Loads a code-split build in headless Chromium over a local HTTP server:
// node browser/split-app.mjs OUT_DIR. Two entry scripts share one store module;
// a click loads a third chunk with import(). Exits non-zero on any mismatch.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const root = path.resolve(process.argv[2]);
const requests = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const file = path.join(root, url.pathname === '/' ? 'index.html' : url.pathname);
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  requests.push(url.pathname);
  if (!file.startsWith(root) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
  res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
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
