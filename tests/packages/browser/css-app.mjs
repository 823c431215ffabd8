// Loads a build whose JavaScript imports stylesheets in headless Chromium:
// node browser/css-app.mjs OUT_DIR. Checks the computed styles, which show the
// cascade order, `@import` of a variable's definition, a print-only `@import`
// that must not apply on screen, a `url()` image emitted next to the CSS, and a
// CSS module with `composes` and `:global`. Exits non-zero on any mismatch.
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, openPage } from './static.mjs';

const root = path.resolve(process.argv[2]);
const server = await serve(root);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(server.base + '/');
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
      background: card.backgroundImage,
      badge: (({ color, borderRadius, fontWeight }) => ({ color, borderRadius, fontWeight }))(
        getComputedStyle(document.getElementById('badge')),
      ),
      badgeClass: document.getElementById('badge').className,
    };
  });
  // url() names an emitted image, relative to the CSS file, that the server
  // has; or, under --asset-inline-limit, the image itself as a data: URL.
  const image = /^url\("(.+)"\)$/.exec(styles.background)?.[1];
  if (image?.startsWith('data:')) {
    assert.match(image, /^data:image\/png;base64,/);
  } else {
    assert.match(image ?? styles.background, /\/dot-[0-9a-v]{8}\.png$/);
    assert.equal(await page.evaluate((u) => fetch(u).then((r) => r.status), image), 200);
  }
  delete styles.background;
  // The CSS module's names are hashed; composes adds pill's class.
  assert.match(styles.badgeClass, /^badge_\S+ pill_\S+$/);
  delete styles.badgeClass;
  assert.deepEqual(styles, {
    bodyMargin: '0px',
    color: 'rgb(255, 0, 0)',
    padding: '4px',
    userSelect: 'none',
    fontSize: '30px',
    letterSpacing: '2px',
    badge: { color: 'rgb(0, 128, 0)', borderRadius: '9px', fontWeight: '700' },
  });
  assert.equal(await page.textContent('#status'), 'card ready');
  assert.deepEqual(errors, []);
  console.log('css app ok');
} finally {
  await browser.close();
  server.close();
}
