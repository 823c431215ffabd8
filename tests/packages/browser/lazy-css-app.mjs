// A code-split build whose import()ed chunks have CSS of their own:
// node browser/lazy-css-app.mjs OUT_DIR. The chunk's code must see its styles
// while it evaluates (no flash of unstyled content), each stylesheet is linked
// once, and no rule is in two CSS files. Exits non-zero on any mismatch.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, openPage } from './static.mjs';

const root = path.resolve(process.argv[2]);
const server = await serve(root);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(server.base + '/');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('title')).color), 'rgb(1, 2, 3)');
  assert.ok(!server.requests.some((r) => r.includes('panel')), `panel loaded up front: ${server.requests}`);
  await page.click('#open');
  await page.waitForFunction(() => document.body.dataset.done === 'yes');
  assert.deepEqual(await page.evaluate(() => window.panelAtRun), { color: 'rgb(200, 10, 20)', badge: '3px' });
  assert.equal(await page.evaluate(() => window.otherAtRun), '3px');
  const links = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => new URL(l.href).pathname));
  assert.equal(new Set(links).size, links.length, `a stylesheet linked twice: ${links}`);
  assert.equal(links.length, 3, `${links}`);
  // Each rule lives in exactly one CSS file.
  const css = fs.readdirSync(root).filter((f) => f.endsWith('.css')).map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
  for (const rule of ['#title', '.panel', '.badge']) {
    assert.equal(css.filter((c) => c.includes(rule)).length, 1, `${rule} in ${css.length} files`);
  }
  assert.deepEqual(errors, []);
  console.log(`ok: ${links.join(' ')}`);
} finally {
  await browser.close();
  server.close();
}
