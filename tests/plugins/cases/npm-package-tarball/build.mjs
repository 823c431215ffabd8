// The npm package as users get it: `npm pack` of packages/sheaf and of the
// linux-x64-gnu binding package (holding the addon built from this checkout),
// both installed with `npm i <tarball>` into a fresh folder, then
// `npx sheaf build` with a sheaf.config.ts that imports 'sheaf' and has a
// plugin, and a plain `npx sheaf build` (the Rust CLI path). Also: without the
// binding package, the error names the package to install.
import { cpSync, mkdtempSync, copyFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../../..');
const work = mkdtempSync(join(tmpdir(), 'sheaf-npm-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

// The binding package, with the addon scripts/build-addon.sh built.
const binding = join(work, 'binding');
cpSync(join(root, 'packages/binding-linux-x64-gnu'), binding, { recursive: true });
copyFileSync(join(root, 'packages/sheaf/sheaf.linux-x64-gnu.node'), join(binding, 'sheaf.linux-x64-gnu.node'));
const bindingTgz = join(work, npm(['pack', '--pack-destination', work], binding).trim().split('\n').pop());
const sheafTgz = join(work, npm(['pack', join(root, 'packages/sheaf'), '--pack-destination', work], work).trim().split('\n').pop());
const packed = execFileSync('tar', ['-tzf', sheafTgz], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
console.log('sheaf tarball:', packed.map((f) => f.replace(/^package\//, '')).join(' '));

const app = join(work, 'app');
cpSync(join(here, 'app'), app, { recursive: true });
npm(['install', sheafTgz, bindingTgz], app);
const env = { ...process.env, SHEAF_BINDING: '' };
const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout.replace(/done in \d+ ms/, 'done in N ms'), err: r.stderr };
};
let r = run('npx', ['sheaf', 'build'], app);
process.stdout.write(r.out + r.err);
console.log(run('node', ['dist/main.js'], app).out.trim());
// A config that does not parse: a code frame, exit code 1.
r = run('npx', ['sheaf', 'build', '--config', 'bad.config.ts'], app);
console.log(r.code, r.err.trim());

// In a folder with no config file: the Rust CLI runs it as the binary would.
r = run('npx', ['sheaf', 'build', 'plain.js', '--outfile', '../plain/out.js'], join(app, 'src'));
console.log(r.code, r.out.trim().split('\n')[0], r.err);
console.log(run('node', ['plain/out.js'], app).out.trim());

// Without the optional binding package.
const bare = join(work, 'bare');
cpSync(join(here, 'app'), bare, { recursive: true });
npm(['install', sheafTgz, '--omit=optional'], bare);
r = run('npx', ['sheaf', '--version'], bare);
console.log(r.code, r.err.includes('@sheaf/binding-linux-x64-gnu') ? 'names @sheaf/binding-linux-x64-gnu' : r.err);
console.log('installed:', readdirSync(join(bare, 'node_modules')).join(' '));
// The React refresh runtime comes with sheaf, for `sheaf dev` (Fast Refresh with nothing else installed).
console.log('react-refresh runtime installed with sheaf:', existsSync(join(bare, 'node_modules/react-refresh/runtime.js')));
