// `[hash]` is of what output hooks return, as in Rollup: renderChunk sees the
// chunk before its hash is known (placeholders in its file name), a change it
// makes changes the hash, and so does a string from augmentChunkHash; the
// hashes land in file names and in the import specifiers of other chunks, so
// the split program still runs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build, caseDir, tempDir } from '../../harness.mjs';

const names = { entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js' };
const seen = [];
async function run(label, plugins) {
  const dir = tempDir('sheaf-hashes-');
  const { outputs } = await build({ cwd: caseDir(import.meta.url), input: ['main.js', 'other.js'], splitting: true, output: { dir, ...names }, plugins });
  const files = outputs.filter((o) => o.type === 'chunk').map((o) => o.fileName).sort();
  const entry = outputs.find((o) => o.isEntry && o.facadeModuleId.endsWith('main.js'));
  const out = execFileSync(process.execPath, [join(dir, entry.fileName)], { encoding: 'utf8' });
  const kinds = outputs.filter((o) => o.type === 'chunk').map((o) => `${o.fileName.split('-')[0]} ${o.isEntry ? 'entry' : o.isDynamicEntry ? 'dynamic entry' : 'chunk'} of ${o.facadeModuleId?.split('/').pop()}`);
  if (!plugins.length) console.log('chunks:', kinds.sort().join(', '));
  console.log(`${label}: ${out.trim().split('\n').join(' | ')}`);
  return files;
}
const plain = await run('no plugins', []);
const noop = await run('a renderChunk that changes nothing', [{ name: 'noop', renderChunk: (code, chunk) => { seen.push(chunk.fileName); return null; } }]);
const banner = await run('a renderChunk that adds a comment', [{ name: 'comment', renderChunk: (code) => `/* added */\n${code}` }]);
// Only other.js's chunk gets a string: it loads no other chunk and none loads
// it, so its name alone changes (a chunk's hash covers the chunks it loads).
const augment = [{ name: 'augment', augmentChunkHash: (chunk) => (chunk.facadeModuleId?.endsWith('other.js') ? 'v2' : undefined) }];
const augmented = await run('augmentChunkHash', augment);
const again = await run('augmentChunkHash again', augment);
const same = (a, b) => a.every((f, i) => f === b[i]);
console.log('files:', plain.map((f) => f.replace(/-[0-9a-v]+\.js$/, '-HASH.js')).join(', '));
console.log('no placeholders left:', [...plain, ...noop, ...banner, ...augmented].every((f) => /^[\w-]+\.js$/.test(f)));
console.log('renderChunk saw the name before its hash:', seen.length > 0 && seen.every((f) => !noop.includes(f)));
console.log('unchanged code, same names:', same(plain, noop));
console.log('changed code, new names:', plain.every((f) => !banner.includes(f)));
console.log('renamed by augmentChunkHash:', augmented.filter((f) => !plain.includes(f)).map((f) => f.replace(/-[0-9a-v]+\.js$/, '')).join(', '));
console.log('deterministic:', same(augmented, again));
