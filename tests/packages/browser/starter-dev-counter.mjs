// A create-vite starter under `sheaf dev`: node browser/starter-dev-counter.mjs URL.
// The page renders (shadow DOM included), its counter counts, and nothing fails
// (lit-ts needs the decorator helpers inside its dev modules). Exits non-zero on
// any mismatch.
import assert from 'node:assert/strict';
import { launch, openPage } from './static.mjs';

const [url] = process.argv.slice(2);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(url);
  const deep = (selector) => {
    const roots = [document];
    for (let i = 0; i < roots.length; i++) {
      const found = roots[i].querySelector(selector);
      if (found) return found;
      for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return null;
  };
  await page.waitForFunction(`(${deep})('button.counter') !== null`, null, { timeout: 10000 });
  await page.evaluate(`(${deep})('button.counter').click()`);
  await page.waitForFunction(`(${deep})('button.counter').textContent.includes('1')`, null, { timeout: 10000 });
  assert.equal(await page.evaluate(`(${deep})('h1').textContent.trim()`), 'Get started');
  assert.deepEqual(errors, []);
  console.log('counter counts under sheaf dev');
} finally {
  await browser.close();
}
