// `dev()` of the JS API with plugins, in headless Chromium: unmodified
// unplugin-vue, @rollup/plugin-yaml and @rollup/plugin-virtual transform the
// served modules (and again for each saved file); Vite's config,
// configResolved, configureServer, transformIndexHtml (a string and tags,
// one of them a module script that becomes an entry) and handleHotUpdate
// (which handles notes.txt itself with server.ws.send) run as in Vite.
import Vue from 'unplugin-vue/rollup';
import yaml from '@rollup/plugin-yaml';
import virtual from '@rollup/plugin-virtual';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, realpathSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseDir } from '../../harness.mjs';
import { dev } from '../../../../packages/sheaf/index.js';
import { launch, openPage } from '../../../packages/browser/static.mjs';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sheaf-dev-plugins-')));
cpSync(join(caseDir(import.meta.url), 'app'), dir, { recursive: true });
// The plugins' packages (vue) from tests/plugins/node_modules.
symlinkSync(join(caseDir(import.meta.url), '../../node_modules'), join(dir, 'node_modules'));
const seen = [];
const vite = {
  name: 'vite-hooks',
  config: (config, env) => ({ define: { __FROM_CONFIG__: JSON.stringify(`config hook (${env.command}, ${env.mode})`) } }),
  configResolved: (resolved) => seen.push(`configResolved: ${resolved.command} ${resolved.mode}`),
  configureServer: (server) => {
    seen.push(`configureServer: ws.send ${typeof server.ws.send}`);
    return () => seen.push(`after start: ${/^http:\/\/127\.0\.0\.1:\d+\/$/.test(server.url)}`);
  },
  transformIndexHtml: {
    order: 'pre',
    handler: (html, ctx) => {
      seen.push(`transformIndexHtml: ${ctx.path}`);
      return {
        html: html.replace('%TITLE%', 'dev with plugins'),
        tags: [
          { tag: 'meta', attrs: { name: 'x-plugin', content: 'yes' }, injectTo: 'head' },
          { tag: 'script', attrs: { type: 'module', src: '/src/extra.js' }, injectTo: 'body' },
        ],
      };
    },
  },
  handleHotUpdate(ctx) {
    seen.push(`handleHotUpdate: ${ctx.file.slice(dir.length)}, modules: ${ctx.modules.map((m) => m.url.replace(/scoped=\w+/, 'scoped=ID')).join(' ')}`);
    if (!ctx.file.endsWith('.txt')) return;
    ctx.server.ws.send('notes-changed', { file: ctx.file.slice(dir.length + 1) });
    return [];
  },
};
const transformed = [];
const count = { name: 'count', transform(_code, id) { if (id.startsWith(dir)) transformed.push(id.slice(dir.length + 1)); } };
const server = await dev({
  root: dir,
  server: { port: 0 },
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  plugins: [Vue(), yaml(), virtual({ 'virtual:msg': 'export default "from a virtual module"' }), vite, count],
  onLog: (l) => process.env.DEBUG && console.error(l),
});
const browser = await launch();
try {
  const { page, errors } = await openPage(browser);
  await page.goto(server.url);
  const until = (fn) => page.waitForFunction(fn, null, { timeout: 10000 });
  await until(() => document.querySelector("h1") && document.getElementById("extra").textContent).catch(async (e) => {
    throw new Error(`${e.message}\n${await page.content()}\n${errors.join('\n')}`);
  });
  const show = async (what) => console.log(what, JSON.stringify(await page.evaluate(() => ({
    title: document.title,
    meta: document.querySelector('meta[name=x-plugin]')?.content ?? null,
    h1: `${document.querySelector('h1')?.textContent} ${document.querySelector('h1') && getComputedStyle(document.querySelector('h1')).color}`,
    data: document.getElementById('data').textContent,
    notes: document.getElementById('notes').textContent,
    extra: document.getElementById('extra').textContent,
    marker: window.marker ?? null,
  }))));
  await show('start');
  console.log('transformed at start:', transformed.sort().join(', ').replace(/scoped=\w+/, 'scoped=ID'));
  await page.evaluate(() => (window.marker = 'kept'));

  // A YAML edit: the plugins run for that file only, and the module that
  // accepts it re-runs (no reload: the marker stays).
  transformed.length = 0;
  writeFileSync(join(dir, 'src/data.yaml'), 'name: second\n');
  await until(() => document.getElementById('data').textContent.startsWith('second'));
  await show('yaml edited');
  console.log('transformed for the edit:', transformed.join(', '));

  // notes.txt: handleHotUpdate handles it (a custom event, no update).
  transformed.length = 0;
  writeFileSync(join(dir, 'src/notes.txt'), 'more notes\n');
  await until(() => document.getElementById('notes').textContent.startsWith('notes event'));
  await show('notes edited');

  // A component edit: nothing accepts it, so the page reloads with the new text.
  writeFileSync(join(dir, 'src/App.vue'), readFileSync(join(dir, 'src/App.vue'), 'utf8').replace('vue says hi', 'vue says hello'));
  await until(() => document.querySelector('h1')?.textContent === 'vue says hello');
  await show('component edited');
  await page.click('button.counter');
  await until(() => document.querySelector('button.counter').textContent === 'count 1');
  console.log('counter:', await page.textContent('button.counter'));
  console.log('errors:', errors.length ? errors.join('; ') : 'none');
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
for (const line of seen) console.log(line);
