// The --analyze=html page in headless Chromium: node browser/analyze-page.mjs OUT_DIR.
// Checks: the treemap renders a rectangle per module of the entry output,
// clicking a folder's rectangle zooms into it (the breadcrumb shows it and
// only its modules are drawn), clicking a module shows its sizes and the
// import chain from the entry, the search box marks matching modules, the
// output picker switches to the lazy chunk, and the page reports no errors.
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, openPage } from './static.mjs';

const root = path.resolve(process.argv[2]);
const server = await serve(root);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(`${server.base}/analyze.html`);
  await page.waitForSelector('.node.leaf');
  const leaves = await page.$$eval('.node.leaf', (els) => els.map((e) => e.dataset.path).sort());
  assert.deepEqual(leaves, ['src/lib/format.js', 'src/lib/math.js', 'src/main.js', 'src/ui/view.js']);
  assert.match(await page.textContent('#totals'), /gzip .* brotli · 4 modules/);

  // Zoom into src/lib by clicking its rectangle (on its header, not a child).
  const lib = await page.$('.node.dir[data-path="src/lib"]');
  const box = await lib.boundingBox();
  await page.mouse.click(box.x + 4, box.y + 6);
  assert.match(await page.textContent('#crumbs'), /src \/ lib$/);
  const zoomed = await page.$$eval('.node', (els) => els.map((e) => e.dataset.path).sort());
  assert.deepEqual(zoomed, ['src/lib/format.js', 'src/lib/math.js']);

  // A module: its sizes and why it is included.
  await page.click('.node.leaf[data-path="src/lib/format.js"]');
  const chain = await page.$$eval('#chain li', (els) => els.map((e) => e.textContent));
  assert.deepEqual(chain, ['src/main.js', 'src/lib/math.js', 'src/lib/format.js']);
  assert.match(await page.textContent('#side'), /gzip≈ \d/);

  // Back to the whole output, then search.
  await page.click('#crumbs a');
  await page.fill('#search', 'view');
  const matched = await page.$$eval('.node.match', (els) => els.map((e) => e.dataset.path));
  assert.deepEqual(matched, ['src/ui/view.js']);

  // The lazy chunk.
  const lazy = await page.$$eval('#output option', (os) => os.findIndex((o) => o.textContent.includes('lazy')));
  await page.selectOption('#output', String(lazy));
  const lazyLeaves = await page.$$eval('.node.leaf', (els) => els.map((e) => e.dataset.path));
  assert.deepEqual(lazyLeaves, ['src/ui/lazy.js']);
  assert.deepEqual(errors, []);
  console.log('analyze page ok');
} finally {
  await browser.close();
  server.close();
}
