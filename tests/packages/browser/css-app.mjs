// Loads a build whose JavaScript imports stylesheets in headless Chromium:
// node browser/css-app.mjs OUT_DIR. Checks the computed styles, which show the
// cascade order, `@import` of a variable's definition and a print-only
// `@import` that must not apply on screen. Exits non-zero on any mismatch.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const root = path.resolve(process.argv[2]);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const file = path.join(root, url.pathname === '/' ? 'index.html' : url.pathname);
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (!file.startsWith(root) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.getElementById('status').textContent !== '');
  const styles = await page.evaluate(() => {
    const card = getComputedStyle(document.getElementById('card'));
    const title = getComputedStyle(document.querySelector('.title'));
    return {
      bodyMargin: getComputedStyle(document.body).marginTop,
      color: card.color,
      padding: card.paddingTop,
      userSelect: card.userSelect,
      fontSize: title.fontSize,
      letterSpacing: title.letterSpacing,
    };
  });
  assert.deepEqual(styles, {
    bodyMargin: '0px',
    color: 'rgb(255, 0, 0)',
    padding: '4px',
    userSelect: 'none',
    fontSize: '30px',
    letterSpacing: '2px',
  });
  assert.equal(await page.textContent('#status'), 'card ready');
  assert.deepEqual(errors, []);
  console.log('css app ok');
} finally {
  await browser.close();
  server.close();
}
