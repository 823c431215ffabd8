// What the browser tests of built output share: a static file server over the
// output folder (every path requested is recorded) and headless Chromium
// (Debian's, driven by playwright-core; nothing is downloaded).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/// Serves `root` on a free port, at `prefix` (an app built with `--base`);
/// resolves to { base, requests, close }. A folder serves its index.html.
export async function serve(root, prefix = '/') {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const inside = url.pathname.startsWith(prefix) ? '/' + url.pathname.slice(prefix.length) : null;
    let file = inside === null ? '' : path.join(root, inside);
    if (inside !== null && (inside.endsWith('/') || (fs.existsSync(file) && fs.statSync(file).isDirectory()))) {
      file = path.join(file, 'index.html');
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    requests.push(url.pathname);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/// A new page of `browser` and the errors it reports (uncaught exceptions and
/// console errors), which a test expects to stay empty.
export async function openPage(browser) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { page, errors };
}

/// Defines `window.deep(selector)` (the first match) and `window.deepAll(selector)`
/// (every match) in `page`: queries that look inside shadow roots too (Lit
/// renders into one). Call after each navigation.
export function installDeepQueries(page) {
  return page.evaluate(() => {
    window.deepAll = (selector) => {
      const found = [];
      const roots = [document];
      for (let i = 0; i < roots.length; i++) {
        found.push(...roots[i].querySelectorAll(selector));
        for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
      }
      return found;
    };
    window.deep = (selector) => window.deepAll(selector)[0] ?? null;
  });
}
