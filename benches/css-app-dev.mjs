// The issue-13 dev benchmark: node css-app-dev.mjs APP_DIR [EDITS]  (see css-app-dev.sh)
// For sheaf dev and Vite's dev server on the generated CSS app (gen-css-app.mjs:
// 10,000 modules, 2,000 stylesheets, 500 images): time from starting the server
// to the page rendered and styled in headless Chromium; then EDITS (default 30)
// edits of one stylesheet, each timed from the file write to the new computed
// style (checked on every mutation of <head>, where both servers' <style>s
// live); and the server's peak memory (RSS).
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, pct, memory } from './dev-servers.mjs';

const app = path.resolve(process.argv[2]);
const edits = Number(process.argv[3] || 30);
// s1.css styles `.box-1` (m5's element); each edit gives it a new color.
const sheet = path.join(app, 'src/styles/s1.css');
const original = fs.readFileSync(sheet, 'utf8');
const colored = (i) => original.replace(/color: rgb\([^)]*\);/, `color: rgb(1, 2, ${i});`);

const browser = await launchBrowser();
const rows = [];
try {
  for (const name of ['sheaf', 'vite']) {
    fs.writeFileSync(sheet, original);
    const started = Date.now();
    const { child, url, log } = await startServer(name, app, 5400 + rows.length);
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'commit', timeout: 300000 });
    // Rendered (the deepest modules ran) and styled (a stylesheet applied).
    await page.waitForFunction(() => {
      const el = document.querySelector('.box-1');
      return el && getComputedStyle(el).display === 'flex';
    }, undefined, { timeout: 300000, polling: 10 });
    const firstRender = Date.now() - started;
    console.error(`${name}: first render in ${firstRender} ms`);
    await page.evaluate(() => {
      window.__times = {};
      const el = document.querySelector('.box-1');
      const check = () => {
        const c = getComputedStyle(el).color;
        if (!(c in window.__times)) window.__times[c] = performance.timeOrigin + performance.now();
      };
      new MutationObserver(check).observe(document.head, { childList: true, characterData: true, subtree: true, attributes: true });
    });
    const latencies = [];
    for (let i = 1; i <= edits; i++) {
      const want = `rgb(1, 2, ${i})`;
      const written = Date.now();
      fs.writeFileSync(sheet, colored(i));
      await page.waitForFunction((c) => window.__times[c], want, { timeout: 30000, polling: 5 }).catch(() => {
        throw new Error(`${name}: edit ${i} never applied\n${log().slice(-2000)}`);
      });
      latencies.push((await page.evaluate((c) => window.__times[c], want)) - written);
      await new Promise((r) => setTimeout(r, 150));
    }
    rows.push({ name, firstRender, p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.max(...latencies), peak: memory(child.pid).peak });
    await page.close();
    child.kill();
  }
} finally {
  fs.writeFileSync(sheet, original);
  await browser.close();
}
console.log(`${'server'.padEnd(8)} ${'start→styled ms'.padStart(16)} ${'CSS edit p50 ms'.padStart(16)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'peak MiB'.padStart(9)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(8)} ${String(r.firstRender).padStart(16)} ${r.p50.toFixed(1).padStart(16)} ${r.p95.toFixed(1).padStart(7)} ${r.max.toFixed(1).padStart(7)} ${r.peak.toFixed(0).padStart(9)}`);
}
