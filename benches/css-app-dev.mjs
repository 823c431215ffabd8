// The issue-13 dev benchmark: node css-app-dev.mjs APP_DIR [EDITS]  (see css-app-dev.sh)
// For sheaf dev and Vite's dev server on the generated CSS app (gen-css-app.mjs:
// 10,000 modules, 2,000 stylesheets, 500 images): time from starting the server
// to the page rendered and styled in headless Chromium; then EDITS (default 30)
// edits of one stylesheet, each timed from the file write to the new computed
// style (checked on every mutation of <head>, where both servers' <style>s
// live); and the server's peak memory (RSS).
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const app = path.resolve(process.argv[2]);
const edits = Number(process.argv[3] || 30);
const here = path.dirname(new URL(import.meta.url).pathname);
const tools = {
  sheaf: (port) => [path.join(here, '../target/release/sheaf'), ['dev', app, '--port', String(port)], /http:\/\/127\.0\.0\.1:(\d+)\//],
  vite: (port) => [process.execPath, [path.join(here, 'node_modules/vite/bin/vite.js'), app, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], /http:\/\/127\.0\.0\.1:(\d+)\//],
};
const peak = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)[1]) / 1024;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
// s1.css styles `.box-1` (m5's element); each edit gives it a new color.
const sheet = path.join(app, 'src/styles/s1.css');
const original = fs.readFileSync(sheet, 'utf8');
const colored = (i) => original.replace(/color: rgb\([^)]*\);/, `color: rgb(1, 2, ${i});`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const rows = [];
try {
  for (const [name, command] of Object.entries(tools)) {
    fs.writeFileSync(sheet, original);
    fs.rmSync(path.join(app, 'node_modules/.vite'), { recursive: true, force: true });
    const [bin, args, pattern] = command(5400 + rows.length);
    const started = Date.now();
    const child = spawn(bin, args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const url = await new Promise((resolve, reject) => {
      const onData = (d) => {
        log += d;
        const m = log.replace(/\x1b\[[0-9;]*m/g, '').match(pattern);
        if (m) resolve(m[0]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => reject(new Error(`${name} exited:\n${log}`)));
    });
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
        throw new Error(`${name}: edit ${i} never applied\n${log.slice(-2000)}`);
      });
      latencies.push((await page.evaluate((c) => window.__times[c], want)) - written);
      await new Promise((r) => setTimeout(r, 150));
    }
    rows.push({ name, firstRender, p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.max(...latencies), peak: peak(child.pid) });
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
