// The dev server benchmark: node dev10k.mjs APP_DIR [EDITS]  (see dev10k.sh)
// For sheaf dev and Vite's dev server on the same generated 10,000-module app:
// time from starting the server to the page showing its result in headless
// Chromium; then EDITS (default 100) edits of a self-accepting module, each timed
// from the file write to the DOM change (a MutationObserver's timestamp); the
// server's memory (RSS) after 20 edits and after all of them, and its peak.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, pct, memory } from './dev-servers.mjs';

const app = path.resolve(process.argv[2]);
const edits = Number(process.argv[3] || 100);
// Memory is read after this many edits, and again after all of them.
const early = Math.min(20, edits);
const target = path.join(app, 'hmr-target.js');
const original = fs.readFileSync(target, 'utf8');

const browser = await launchBrowser();
const rows = [];
try {
  for (const name of ['sheaf', 'vite']) {
    fs.writeFileSync(target, original);
    const started = Date.now();
    const { child, url, log: serverLog } = await startServer(name, app, 5300 + rows.length);
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'commit', timeout: 300000 });
    await page.waitForFunction(() => (document.getElementById('out').textContent || '').startsWith('ready'), undefined, { timeout: 300000, polling: 10 });
    const firstRender = Date.now() - started;
    console.error(`${name}: first render in ${firstRender} ms`);
    await page.evaluate(() => {
      window.__times = {};
      new MutationObserver(() => {
        window.__times[document.getElementById('hmr').textContent] = performance.timeOrigin + performance.now();
      }).observe(document.getElementById('hmr'), { childList: true, characterData: true, subtree: true });
    });
    const latencies = [];
    let after20 = null;
    for (let i = 1; i <= edits; i++) {
      const text = `edit ${i}`;
      const written = Date.now();
      fs.writeFileSync(target, original.replace('edit 0', text));
      await page.waitForFunction((t) => window.__times[t], text, { timeout: 30000, polling: 5 }).catch((e) => {
        throw new Error(`${name}: edit ${i} never showed up\n${serverLog().slice(-2000)}`);
      });
      latencies.push((await page.evaluate((t) => window.__times[t], text)) - written);
      if (i === early) after20 = memory(child.pid);
      await new Promise((r) => setTimeout(r, 150));
    }
    const end = memory(child.pid);
    rows.push({ name, firstRender, p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.max(...latencies), after20: after20?.rss, after: end.rss, peak: end.peak });
    await page.close();
    child.kill();
  }
} finally {
  fs.writeFileSync(target, original);
  await browser.close();
}
console.log(`${'server'.padEnd(8)} ${'start→render ms'.padStart(16)} ${'HMR p50 ms'.padStart(11)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)} ${`RSS@${early} MiB`.padStart(11)} ${`RSS@${edits} MiB`.padStart(12)} ${'peak MiB'.padStart(9)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(8)} ${String(r.firstRender).padStart(16)} ${r.p50.toFixed(1).padStart(11)} ${r.p95.toFixed(1).padStart(7)} ${r.max.toFixed(1).padStart(7)} ${r.after20.toFixed(0).padStart(11)} ${r.after.toFixed(0).padStart(12)} ${r.peak.toFixed(0).padStart(9)}`);
}
