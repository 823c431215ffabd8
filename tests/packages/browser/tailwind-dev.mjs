// The Tailwind v4 app under `sheaf dev`, with Tailwind's CLI watching next to
// it (`tailwindcss -i src/input.css -o src/tailwind.css --watch`), in headless
// Chromium: node browser/tailwind-dev.mjs URL APP_DIR. A theme edit in
// src/input.css reaches the page as a CSS hot update (no reload); a class
// added in a component, which Tailwind then generates, applies. Exits
// non-zero on any mismatch.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { launch, openPage } from './static.mjs';

const [url, dir] = process.argv.slice(2);
const file = (p) => path.join(dir, p);
const edit = (p, from, to) => {
  const text = fs.readFileSync(file(p), 'utf8');
  assert.ok(text.includes(from), `${p} has no ${from}`);
  fs.writeFileSync(file(p), text.replace(from, to));
};
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  // Waits for the page's `expr` to equal `want`; the failure says what the
  // page and src/tailwind.css held.
  const until = async (expr, want, what) => {
    try {
      await page.waitForFunction(([expr, want]) => { try { return eval(expr) === want; } catch { return false; } }, [expr, want], { timeout: 15000 });
    } catch (e) {
      const now = await page.evaluate((expr) => { try { return eval(expr); } catch (e) { return String(e); } }, expr);
      const css = fs.readFileSync(file('src/tailwind.css'), 'utf8');
      const styles = await page.evaluate(() => [...document.querySelectorAll('style')].map((s) => s.textContent.length));
      throw new Error(`${what}: ${now}, want ${want}; tailwind.css has brand ${css.match(/--color-brand:[^;]*/)?.[0]}, rose ${css.includes('text-rose-600')}; <style> lengths ${styles}; console: ${errors.join(' | ')}`);
    }
  };
  // The color Chromium computes for a CSS color.
  const computed = (css) =>
    page.evaluate((css) => {
      const el = document.createElement('i');
      el.style.color = css;
      document.body.append(el);
      const c = getComputedStyle(el).color;
      el.remove();
      return c;
    }, css);
  const colorOf = (sel) => `getComputedStyle(document.querySelector(${JSON.stringify(sel)})).color`;
  await page.goto(url);
  await page.waitForSelector('#counter');
  assert.equal(await page.evaluate(colorOf('h1')), await computed('oklch(55% 0.2 265)'), 'text-brand');
  await page.click('#counter');
  await page.evaluate(() => (window.marker = 'no reload'));

  // A theme edit: Tailwind's CLI rewrites src/tailwind.css, sheaf hot-updates it.
  edit('src/input.css', 'oklch(55% 0.2 265)', 'oklch(60% 0.25 30)');
  const brand = await computed('oklch(60% 0.25 30)');
  await until(colorOf('h1'), brand, 'h1 after the theme edit');
  assert.equal(await page.evaluate(() => window.marker), 'no reload');
  assert.equal(await page.textContent('#counter'), 'count is 1');

  // A class Tailwind had not generated yet, added in a component.
  // (Its colour is computed first: the edit reloads the page.)
  const rose = await computed('oklch(58.6% 0.253 17.585)');
  edit('src/card.ts', 'text-slate-700', 'text-rose-600');
  await until(colorOf('h2'), rose, 'h2 after the class edit');
  assert.deepEqual(errors, []);
  console.log('tailwind under sheaf dev: theme edit hot, new class applies');
} finally {
  await browser.close();
}
