// A Vue 3 SFC app (unplugin-vue) and a Svelte 5 app (rollup-plugin-svelte),
// each built from its index.html with the JS API and loaded in headless
// Chromium: the heading renders with its scoped style, the counter counts,
// a plugin's transformIndexHtml tag is in the page, and the page reports no
// errors.
import Vue from 'unplugin-vue/rollup';
import svelte from 'rollup-plugin-svelte';
import { join } from 'node:path';
import { build, caseDir, tempDir } from '../../harness.mjs';
import { serve, launch, openPage } from '../../../packages/browser/static.mjs';

// Vite's transformIndexHtml runs on the built page too: a tag it returns is in the output.
const htmlTag = { name: 'html-tag', transformIndexHtml: () => [{ tag: 'meta', attrs: { name: 'built-by', content: 'sheaf' }, injectTo: 'head' }] };
const apps = {
  vue: [Vue(), htmlTag],
  svelte: [svelte({ emitCss: true }), htmlTag],
};
const browser = await launch();
try {
  for (const [name, plugins] of Object.entries(apps)) {
    const dir = tempDir(`sheaf-${name}-`);
    await build({ cwd: join(caseDir(import.meta.url), name), input: 'index.html', output: { dir }, minify: true, plugins });
    const server = await serve(dir);
    const { page, errors } = await openPage(browser);
    await page.goto(server.base + '/');
    await page.waitForSelector('button.counter');
    const title = await page.$eval('h1', (h) => `${h.textContent} ${getComputedStyle(h).color}`);
    await page.click('button.counter');
    await page.click('button.counter');
    await page.waitForFunction(() => document.querySelector('button.counter').textContent.includes('2'));
    const button = await page.$eval('button.counter', (b) => `${b.textContent} ${getComputedStyle(b).fontWeight}`);
    const meta = await page.$eval('meta[name=built-by]', (m) => m.content).catch(() => 'none');
    console.log(`${name}: ${title} | ${button} | meta: ${meta} | errors: ${errors.length ? errors.join('; ') : 'none'}`);
    await page.close();
    server.close();
  }
} finally {
  await browser.close();
}
