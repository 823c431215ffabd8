// A build of HTML pages (`sheaf build index.html about/index.html`), served
// statically at BASE: node browser/html-app.mjs OUT_DIR BASE. Checks both pages
// in Chromium: no errors or failed requests, %ENV% in the markup, styles from
// <link> and from imported CSS, images (emitted, inlined, from public/), a lazy
// chunk with its CSS. Exits non-zero on any mismatch.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, openPage } from './static.mjs';

const root = path.resolve(process.argv[2]);
const base = process.argv[3] ?? '/';
const server = await serve(root, base);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(server.base + base);
  await page.waitForFunction(() => document.querySelector('#app span'));
  assert.equal(await page.title(), 'HTML app');
  assert.equal(await page.textContent('#title'), 'HTML app (production)');
  assert.equal(await page.textContent('#app span'), `html app production ${base}`);
  assert.equal(await page.textContent('#inline'), 'inline html app');
  const style = await page.evaluate(() => ({
    h1: getComputedStyle(document.getElementById('title')).letterSpacing,
    app: getComputedStyle(document.getElementById('app')).color,
    body: getComputedStyle(document.body).marginTop,
  }));
  assert.deepEqual(style, { h1: '3px', app: 'rgb(0, 128, 0)', body: '0px' });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  // Each image's own width, as its `src` names it (an `<img srcset>` may pick
  // its 2x candidate, which halves `naturalWidth`).
  const images = await page.evaluate(() =>
    Promise.all(
      [...document.images].map(async (i) => {
        const own = new Image();
        own.src = i.getAttribute('src');
        await own.decode();
        return [i.id, own.naturalWidth, i.getAttribute('src').slice(0, 22)];
      }),
    ),
  );
  assert.deepEqual(images.map(([id, w]) => [id, w]), [['photo', 40], ['dot', 2], ['icon', 8]]);
  assert.match(images[0][2], new RegExp(`^${base}assets/photo-`));
  assert.match(images[1][2], /^data:image\/png;base64/);
  assert.equal(images[2][2], `${base}icon.svg`);
  await page.click('#more');
  await page.waitForFunction(() => document.getElementById('lazy').textContent !== '');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('lazy')).fontStyle), 'italic');

  await page.goto(server.base + base + 'about/');
  await page.waitForFunction(() => document.getElementById('about').textContent !== '');
  assert.equal(await page.textContent('#about'), 'about html app');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).marginTop), '0px');
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  console.log('html app ok');
} finally {
  await browser.close();
  server.close();
}
