// A create-vite starter under `sheaf dev`: node browser/starter-dev-counter.mjs URL.
// The page renders (shadow DOM included), its counter counts, and nothing fails
// (lit-ts needs the decorator helpers inside its dev modules). Exits non-zero on
// any mismatch.
import assert from 'node:assert/strict';
import { launch, openPage, installDeepQueries } from './static.mjs';

const [url] = process.argv.slice(2);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(url);
  await installDeepQueries(page);
  await page.waitForFunction(() => window.deep('button.counter') !== null, null, { timeout: 10000 });
  await page.evaluate(() => window.deep('button.counter').click());
  await page.waitForFunction(() => window.deep('button.counter').textContent.includes('1'), null, { timeout: 10000 });
  assert.equal(await page.evaluate(() => window.deep('h1').textContent.trim()), 'Get started');
  assert.deepEqual(errors, []);
  console.log('counter counts under sheaf dev');
} finally {
  await browser.close();
}
