// The npm package's `sheaf` command with a TS config (importing a local
// file and `sheaf`): `sheaf dev` serves with the config's plugin and define,
// and starts again, on the same port, when the config or a file it imports
// changes; `sheaf build --watch` rebuilds with the plugin on every save.
import { cpSync, mkdtempSync, readFileSync, writeFileSync, realpathSync, symlinkSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { caseDir } from '../../harness.mjs';

const here = caseDir(import.meta.url);
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sheaf-dev-config-')));
cpSync(join(here, 'app'), dir, { recursive: true });
// `import … from 'sheaf'` in the config: this checkout's package.
mkdirSync(join(dir, 'node_modules'));
symlinkSync(join(here, '../../../../packages/sheaf'), join(dir, 'node_modules/sheaf'));
const bin = join(here, '../../../../packages/sheaf/bin/sheaf.js');

/** Runs the bin; `waitFor(re)` resolves with the first stdout line matching. */
function start(args) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir });
  let out = '';
  let err = '';
  const waiters = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = out.slice(w.from).match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on('data', (d) => { out += d; check(); });
  child.stderr.on('data', (d) => { err += d; });
  return {
    child,
    mark: () => out.length,
    waitFor: (re, from = 0) => new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${re} in:\n${out}\n${err}`)), 15000);
      waiters.push({ re, from, resolve: (m) => { clearTimeout(t); resolve(m); } });
      check();
    }),
  };
}

const bundleText = async (url) => (await fetch(url + '@sheaf/bundle.js')).text();
const devServer = start(['dev', '--port', '0']);
try {
  const [, url] = await devServer.waitFor(/sheaf dev: (http:\S+)/);
  let bundle = await bundleText(url);
  console.log('dev: plugin ran:', bundle.includes('"a note"'), '| define:', bundle.includes('"hello"'));
  // The file the config imports changes: the server starts again, same port.
  const mark = devServer.mark();
  writeFileSync(join(dir, 'greeting.ts'), "export const greeting: string = 'bonjour';\n");
  const [, again] = await devServer.waitFor(/sheaf dev: (http:\S+)/, mark);
  bundle = await bundleText(again);
  console.log('dev: restarted on the same port:', again === url, '| define:', bundle.includes('"bonjour"'));
} finally {
  devServer.child.kill();
}

const watcher = start(['build', 'src/main.ts', '--outdir', 'dist', '--watch', '--define', '__GREETING__="x"']);
try {
  await watcher.waitFor(/built in \d+ ms/);
  console.log('watch: first build:', readFileSync(join(dir, 'dist/main.js'), 'utf8').includes('"a note"'));
  const mark = watcher.mark();
  writeFileSync(join(dir, 'src/note.txt'), 'another note\n');
  await watcher.waitFor(/rebuilt; watching/, mark);
  console.log('watch: rebuilt:', readFileSync(join(dir, 'dist/main.js'), 'utf8').includes('"another note"'));
} finally {
  watcher.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
