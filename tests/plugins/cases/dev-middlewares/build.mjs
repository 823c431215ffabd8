// server.middlewares in dev(): a plugin's configureServer adds connect-style
// middlewares (a route, a catch-all that passes on, an error handler, one
// added by the function configureServer returns); they answer before sheaf's
// dev server, which gets every other request, hot updates over its
// WebSocket included (a page in Chromium updates after an edit). And
// server.watcher: change events for files under the root and files added.
import { cpSync, mkdtempSync, writeFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { caseDir } from '../../harness.mjs';
import { dev } from '../../../../packages/sheaf/index.js';
import { launch, openPage } from '../../../packages/browser/static.mjs';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sheaf-dev-mw-')));
cpSync(join(caseDir(import.meta.url), 'app'), dir, { recursive: true });
const seen = [];
const events = [];
const outside = realpathSync(mkdtempSync(join(tmpdir(), 'sheaf-dev-mw-outside-')));
writeFileSync(join(outside, 'extra.txt'), 'one');
const api = {
  name: 'api',
  configureServer(server) {
    // server.watcher: events of files under the root, and of files added.
    const rel = (f) => (f.startsWith(dir) ? f.slice(dir.length + 1) : `<outside>/${f.split('/').pop()}`);
    server.watcher.on('change', (f) => events.push(`change ${rel(f)}`));
    server.watcher.add(join(outside, 'extra.txt'));
    server.middlewares.use((req, _res, next) => {
      if (!req.url.startsWith('/@sheaf')) seen.push(`saw ${req.method} ${req.url}`);
      next();
    });
    server.middlewares.use('/api', (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ message: `hello from a middleware (${req.url})` }));
    });
    server.middlewares.use('/boom', () => {
      throw new Error('boom');
    });
    server.middlewares.use((err, _req, res, next) => {
      if (err.message !== 'boom') return next(err);
      res.statusCode = 418;
      res.end('handled: boom');
    });
    return () => server.middlewares.use('/late', (_req, res) => res.end('added after the server started'));
  },
};
const server = await dev({ root: dir, server: { port: 0 }, plugins: [api], onLog: (l) => process.env.DEBUG && console.error(l) });
const get = (path, headers = {}) =>
  new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { headers }, (r) => {
      let body = '';
      r.on('data', (d) => (body += d));
      r.on('end', () => resolve(`${r.statusCode} ${body.split('\n')[0].slice(0, 60)}`));
    });
    req.on('error', reject);
    req.end();
  });
console.log('url is the front server:', /^http:\/\/127\.0\.0\.1:\d+\/$/.test(server.url), server.httpServer?.address().port === server.port);
console.log('GET /api/hello →', await get('/api/hello'));
console.log('GET /boom →', await get('/boom'));
console.log('GET /late →', await get('/late'));
console.log('GET / →', (await get('/')).replace(/ .*/, ''), '(sheaf\'s page)');
console.log('GET /nothing-here.js →', (await get('/nothing-here.js')).split(' ')[0]);
console.log('another Host →', await get('/api/hello', { host: `evil.example:${server.port}` }));
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(server.url);
  const until = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 10000 });
  await until(() => document.getElementById('api').textContent !== '' && document.getElementById('out').textContent === 'first');
  console.log('page:', await page.textContent('#out'), '|', await page.textContent('#api'));
  writeFileSync(join(dir, 'word.js'), 'export const word = "second";\n');
  await until(() => document.getElementById('out').textContent === 'second');
  console.log('after an edit (the update came over the WebSocket, through the front server):', await page.textContent('#out'));
  writeFileSync(join(outside, 'extra.txt'), 'two');
  for (let i = 0; i < 100 && !events.some((e) => e.includes('extra.txt')); i++) await new Promise((r) => setTimeout(r, 50));
  console.log('watcher events:', [...new Set(events)].join(', '));
  console.log('errors:', errors.length ? errors.join('; ') : 'none');
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
}
// The direct requests, in order; then whether the page's went through too.
console.log(seen.slice(0, 6).join('\n'));
console.log('the page\'s requests went through the middlewares:', seen.includes('saw GET /api/hello?from=page'));
