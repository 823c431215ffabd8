// A Tailwind v4 app (tests/starters/tailwind-app) built by sheaf, in headless
// Chromium: node browser/tailwind-app.mjs OUT_DIR REFERENCE_CSS.
// REFERENCE_CSS is what Tailwind's CLI wrote, served as it is. Checks: no
// errors or failed requests; the utilities apply (theme and arbitrary values,
// a responsive variant, hover, @apply in a component layer, shadows and rings
// built from @property defaults); and, as a differential test, the computed
// styles of every element, at rest and hovered, are the same under sheaf's
// bundled, minified CSS as under Tailwind's own CSS in the same page.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, openPage } from './static.mjs';

const [out, reference] = process.argv.slice(2);
const root = path.resolve(out);
fs.copyFileSync(reference, path.join(root, 'reference-tailwind.css'));

const PROPERTIES = ['color', 'backgroundColor', 'fontSize', 'fontWeight', 'fontFamily', 'lineHeight', 'letterSpacing', 'display', 'gap', 'padding', 'margin', 'borderRadius', 'boxShadow', 'width', 'maxWidth', 'gridTemplateColumns', 'justifyContent', 'alignItems', 'translate', 'rotate', 'textDecorationLine', 'textDecorationThickness', 'textUnderlineOffset', 'transitionProperty', 'transitionDuration', 'webkitFontSmoothing', 'outlineStyle'];

// Every element's computed styles, keyed by a path of tag names and indexes.
function measure(page) {
  return page.evaluate((properties) => {
    const out = {};
    const walk = (el, key) => {
      const cs = getComputedStyle(el);
      out[key] = Object.fromEntries(properties.map((p) => [p, cs[p]]));
      [...el.children].forEach((c, i) => walk(c, `${key}>${c.tagName.toLowerCase()}${i}`));
    };
    walk(document.body, 'body');
    return out;
  }, PROPERTIES);
}

// The page's styles under the stylesheet at `href` (sheaf's link, swapped).
async function stylesUnder(page, href) {
  await page.evaluate(async (href) => {
    const link = document.querySelector('link[rel="stylesheet"]');
    if (link.getAttribute('href') === href) return;
    await new Promise((resolve, reject) => {
      link.onload = resolve;
      link.onerror = reject;
      link.href = href;
    });
  }, href);
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300); // past the 150 ms color transitions
  const rest = await measure(page);
  await page.hover('#counter');
  await page.hover('nav a:nth-child(2)');
  await page.hover('#counter');
  await page.waitForTimeout(300);
  const hovered = await page.evaluate(() => getComputedStyle(document.querySelector('#counter')).backgroundColor);
  return { rest, hovered };
}

// Equal, numbers within 0.1% (lightningcss computes `color-mix()` ahead of
// time, to the same color within rounding: oklab 0.839118 for 0.839117).
function same(a, b) {
  const NUM = /-?\d*\.?\d+(?:e-?\d+)?/g;
  const na = String(a).match(NUM) ?? [];
  const nb = String(b).match(NUM) ?? [];
  return String(a).replace(NUM, '#') === String(b).replace(NUM, '#') &&
    na.length === nb.length &&
    na.every((x, i) => Math.abs(x - nb[i]) <= 1e-3 * Math.max(1, Math.abs(x)));
}

function assertSameStyles(actual, expected, key) {
  for (const p of Object.keys(expected)) {
    assert.ok(same(actual[p], expected[p]), `${key} ${p}: ${actual[p]} under sheaf's CSS, ${expected[p]} under Tailwind's`);
  }
}

const server = await serve(root);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.setViewportSize({ width: 1024, height: 800 });
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(server.base + '/');
  await page.waitForSelector('#counter');
  const sheafHref = await page.evaluate(() => document.querySelector('link[rel="stylesheet"]').getAttribute('href'));
  assert.match(sheafHref, /^\/assets\/main-[a-z0-9]+\.css$/);

  // The utilities apply.
  const probe = (css) =>
    page.evaluate((css) => {
      const el = document.createElement('i');
      el.style.cssText = css;
      document.body.append(el);
      const cs = getComputedStyle(el);
      const v = { color: cs.color, backgroundColor: cs.backgroundColor };
      el.remove();
      return v;
    }, css);
  const style = (sel) => page.evaluate((sel) => {
    const cs = getComputedStyle(document.querySelector(sel));
    return { color: cs.color, backgroundColor: cs.backgroundColor, display: cs.display, width: cs.width, fontSize: cs.fontSize, borderRadius: cs.borderRadius, boxShadow: cs.boxShadow, marginTop: cs.marginTop, rotate: cs.rotate };
  }, sel);
  const sky500 = (await probe('background-color: oklch(68.5% 0.169 237.323)')).backgroundColor;
  const brand = (await probe('color: oklch(55% 0.2 265)')).color;
  const counter = await style('#counter');
  assert.equal(counter.backgroundColor, sky500, 'bg-sky-500');
  assert.equal(counter.color, 'rgb(255, 255, 255)', 'text-white');
  assert.equal(counter.borderRadius, '8px', 'rounded-lg');
  assert.notEqual(counter.boxShadow, 'none', 'shadow-md');
  assert.equal((await style('h1')).color, brand, 'text-brand from @theme');
  assert.equal((await style('#header')).display, 'flex', 'md:flex at 1024px');
  assert.equal((await style('#nav')).marginTop, '0px', 'md:mt-0 after mt-4');
  const arbitrary = await style('#arbitrary');
  assert.equal(arbitrary.width, '123px', 'w-[123px]');
  assert.equal(arbitrary.fontSize, '13px', 'text-[13px]');
  assert.equal(arbitrary.rotate, '2deg', 'rotate-2');
  const card = await style('section.card');
  assert.equal(card.borderRadius, '20px', '@apply rounded-card');
  assert.match(card.boxShadow, / 0px 0px 0px 1px, .* 0px 10px 15px -3px/, 'ring-1 and shadow-lg');
  await page.click('#counter');
  await page.click('#counter');
  assert.equal(await page.textContent('#counter'), 'count is 2');

  // Differential: sheaf's CSS against Tailwind's.
  const bundled = await stylesUnder(page, sheafHref);
  assert.notEqual(bundled.hovered, sky500, 'hover:bg-sky-700');
  const tailwind = await stylesUnder(page, '/reference-tailwind.css');
  const keys = Object.keys(tailwind.rest);
  assert.ok(keys.length >= 15, `only ${keys.length} elements`);
  for (const key of keys) assertSameStyles(bundled.rest[key], tailwind.rest[key], key);
  assert.ok(same(bundled.hovered, tailwind.hovered), `hovered: ${bundled.hovered}, ${tailwind.hovered}`);
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  console.log(`tailwind ok: ${keys.length} elements x ${PROPERTIES.length} properties match Tailwind's own CSS`);
} finally {
  await browser.close();
  server.close();
}
