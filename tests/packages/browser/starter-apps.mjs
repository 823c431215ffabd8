// A `create-vite` starter app built for production, in headless Chromium:
// node browser/starter-apps.mjs OUT_DIR TEMPLATE [--record]. Checks: no errors
// and no failed requests, the expected text, the counter counts, every image
// loads, and the computed styles of key elements (shadow DOM included) equal
// those of the same app built by Vite 8, recorded in starter-apps.vite.json.
// With --record it prints the measured styles instead (how the file was made:
// the same script over `vite build`'s output of each template).
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { serve, launch, openPage, installDeepQueries } from './static.mjs';

const [out, template, flag] = process.argv.slice(2);
const root = path.resolve(out);
const recorded = path.join(path.dirname(fileURLToPath(import.meta.url)), 'starter-apps.vite.json');

// Elements whose styles are compared (the first match of each, anywhere).
const SELECTORS = ['body', '#app', '#root', 'my-element', '#center', '.hero', '.hero .base', 'h1', 'p', 'code', 'button.counter', '.ticks', '#next-steps', '#docs', 'h2', 'ul', 'li a', '.icon'];
const PROPERTIES = ['color', 'backgroundColor', 'fontSize', 'fontWeight', 'fontFamily', 'lineHeight', 'letterSpacing', 'display', 'flexDirection', 'gap', 'padding', 'margin', 'borderRadius', 'borderTop', 'textAlign', 'width', 'maxWidth', 'boxSizing'];

const server = await serve(root);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(server.base + '/');
  await installDeepQueries(page);
  await page.waitForFunction(() => window.deep('button.counter') && window.deep('h1'), null, { timeout: 10000 });
  await page.waitForFunction(() => {
    const imgs = window.deepAll('img');
    return imgs.length > 0 && imgs.every((i) => i.complete);
  });
  const styles = await page.evaluate(([selectors, properties]) => {
    const out = {};
    for (const s of selectors) {
      const el = window.deep(s);
      if (!el) continue;
      const cs = getComputedStyle(el);
      out[s] = Object.fromEntries(properties.map((p) => [p, cs[p]]));
    }
    return out;
  }, [SELECTORS, PROPERTIES]);
  if (flag === '--record') {
    console.log(JSON.stringify(styles));
  } else {
    assert.equal(await page.evaluate(() => window.deep('h1').textContent.trim()), 'Get started');
    const images = await page.evaluate(() =>
      window.deepAll('img').map((i) => [i.getAttribute('src').slice(0, 40), i.naturalWidth]),
    );
    assert.ok(images.length >= 3, JSON.stringify(images));
    for (const [src, width] of images) assert.ok(width > 0, `${src} did not load`);
    for (let i = 1; i <= 2; i++) {
      await page.evaluate(() => window.deep('button.counter').click());
      await page.waitForFunction((n) => window.deep('button.counter').textContent.includes(String(n)), i);
    }
    const expected = JSON.parse(fs.readFileSync(recorded, 'utf8'))[template];
    assert.ok(expected, `no recorded styles for ${template}`);
    assert.deepEqual(styles, expected);
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
    console.log(`${template} ok: ${Object.keys(styles).length} elements match Vite's styles, ${images.length} images`);
  }
} finally {
  await browser.close();
  server.close();
}
