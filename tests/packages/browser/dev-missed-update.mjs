// An update that goes out while the page is loading must not be lost:
// node browser/dev-missed-update.mjs URL APP_DIR. The page's bundle request is
// held; meanwhile src/style.css changes and the server rebuilds (and sends an
// update no socket hears); then the page gets the bundle of the older build.
// On connecting, the socket says a newer build exists, and the page reloads
// with it. Exits non-zero on any mismatch.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { launch, openPage } from './static.mjs';

const [url, dir] = process.argv.slice(2);
const css = path.join(dir, 'src/style.css');
const browser = await launch();
try {
  const { page } = await openPage(browser);
  // Errors thrown by the page (the app has no favicon: its 404 is expected).
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let held = 0;
  await page.route('**/@sheaf/bundle.js', async (route) => {
    if (held++ > 0) return route.continue();
    const old = await route.fetch();
    const body = await old.text();
    fs.writeFileSync(css, fs.readFileSync(css, 'utf8') + '\n#app { font-size: 31px; }\n');
    // Until the server's bundle has the edit: the update went out.
    for (let i = 0; ; i++) {
      const now = await (await fetch(new URL('/@sheaf/bundle.js', url))).text();
      if (now.includes('31px')) break;
      assert.ok(i < 100, 'the server did not rebuild');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(!body.includes('31px'));
    await route.fulfill({ response: old, body });
  });
  await page.goto(url);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('app')).fontSize === '31px', null, { timeout: 10000 });
  assert.equal(held, 2, 'the page reloaded once');
  assert.deepEqual(errors, []);
  console.log('dev: an update missed while loading reloads the page');
} finally {
  await browser.close();
}
