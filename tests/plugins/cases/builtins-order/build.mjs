// sheaf's own loaders are plugins in the same ordered list as the JS ones
// (`builtins` from the npm package). Placed among the plugins, a builtin
// decides what the plugins after it see; not placed, it runs after every
// plugin (Rollup's semantics: @rollup/plugin-json gets the file's JSON).
import json from '@rollup/plugin-json';
import { builtins } from '../../../../packages/sheaf/index.js';
import { buildAndRun } from '../../harness.mjs';

/** A plugin that notes what its transform sees of each file (module type and first characters). */
function spy(label, seen) {
  return {
    name: `spy-${label}`,
    transform(code, id, meta) {
      const file = id.split('/').pop();
      if (file === 'main.js') return null;
      seen.push(`${label} ${file}: ${meta.moduleType} ${JSON.stringify(code.slice(0, 18))}`);
      return null;
    },
  };
}

/** Sets the version in the JSON file's text: the file stays JSON. */
const version = { name: 'version', transform: (code, id) => (id.endsWith('.json') ? code.replace('__VERSION__', '1.2.3') : null) };

async function run(title, plugins, seen = []) {
  const { stdout } = await buildAndRun(import.meta.url, { input: 'main.js', platform: 'node', plugins });
  console.log(`# ${title}`);
  process.stdout.write(stdout);
  for (const line of seen) console.log(`  ${line}`);
}

// No builtin placed: every plugin sees each file as it is on disk.
let seen = [];
await run('builtins after every plugin', [version, spy('plugin', seen)], seen);

// Builtins placed first: the plugins after them see JavaScript.
seen = [];
await run('builtins placed before the plugins', [spy('before', seen), version, builtins.json(), builtins.text(), builtins.asset(), spy('after', seen)], seen);

// @rollup/plugin-json turns the JSON into an ES module itself (named exports).
seen = [];
await run('@rollup/plugin-json', [version, json({ preferConst: true }), spy('after-json', seen)], seen);

// A load hook after sheaf:asset never gets the image; before it, it does.
let asked = 0;
const claim = { name: 'claim-png', load(id) { if (id.endsWith('.png')) { asked++; return 'export default "claimed-by-a-plugin"'; } return null; } };
await run('a load hook before sheaf:asset', [version, claim]);
console.log(`  claim-png asked ${asked} time(s)`);
asked = 0;
await run('a load hook after sheaf:asset', [version, builtins.asset(), claim]);
console.log(`  claim-png asked ${asked} time(s)`);

// Vite's enforce moves a builtin like any plugin.
seen = [];
await run('sheaf:json with enforce: pre', [version, spy('normal', seen), builtins.json({ enforce: 'pre' })], seen);
