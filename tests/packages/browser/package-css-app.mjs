// CSS from npm packages, built from index.html: node browser/package-css-app.mjs
// OUT_DIR. bootstrap through `@import "bootstrap"` (its `style` field) styles the
// button; @fontsource/inter's @font-face url()s name emitted font files, and the
// font loads. Exits non-zero on any mismatch.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, openPage } from './static.mjs';

const root = path.resolve(process.argv[2]);
const server = await serve(root);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(server.base + '/');
  await page.waitForFunction(() => document.body.dataset.ready === 'yes');
  const button = await page.evaluate(() => {
    const cs = getComputedStyle(document.getElementById('btn'));
    return { display: cs.display, backgroundColor: cs.backgroundColor, borderRadius: cs.borderRadius };
  });
  assert.deepEqual(button, { display: 'inline-block', backgroundColor: 'rgb(13, 110, 253)', borderRadius: '6px' });
  const loaded = await page.evaluate(async () => {
    await document.fonts.load('16px Inter');
    return document.fonts.check('16px Inter') && [...document.fonts].some((f) => f.family.includes('Inter') && f.status === 'loaded');
  });
  assert.ok(loaded, 'Inter did not load');
  const fonts = fs.readdirSync(path.join(root, 'assets')).filter((f) => f.endsWith('.woff2'));
  assert.ok(fonts.length > 0, 'no font files emitted');
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  console.log(`package css ok: ${fonts.length} font files`);
} finally {
  await browser.close();
  server.close();
}
