// this.emitFile({ type: 'chunk' }): from buildStart (worker.js, named) and
// from transform (extra.js, with its own fileName), each bundled as one more entry point that runs;
// getFileName gives their files in renderChunk (with meta.chunks listing
// every chunk) and in generateBundle (written into an emitted manifest
// asset); emitting a chunk in generateBundle is an error.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, caseDir, tempDir } from '../../harness.mjs';

const refs = {};
const emitter = {
  name: 'emitter',
  buildStart() {
    refs.worker = this.emitFile({ type: 'chunk', id: './worker.js', name: 'background' });
  },
  transform(code, id) {
    // `fileName`: the chunk's file as given, whatever the entry names say.
    if (id.endsWith('main.js')) refs.extra = this.emitFile({ type: 'chunk', id: join(caseDir(import.meta.url), 'extra.js'), fileName: 'lib/extra-exact.js' });
  },
  // renderChunk: getFileName of an emitted chunk, and meta.chunks lists every chunk.
  renderChunk(code, chunk, _options, meta) {
    if (chunk.fileName !== 'main.js') return null;
    console.log(`  renderChunk sees: ${Object.keys(meta.chunks).sort().join(', ')}`);
    return { code: `${code}\nconsole.log("worker file:", ${JSON.stringify(this.getFileName(refs.worker))});\n`, map: { mappings: '' } };
  },
  generateBundle() {
    const files = Object.fromEntries(Object.entries(refs).map(([k, ref]) => [k, this.getFileName(ref)]));
    this.emitFile({ type: 'asset', fileName: 'manifest.json', source: JSON.stringify(files) });
    try {
      this.emitFile({ type: 'chunk', id: './extra.js' });
    } catch (e) {
      console.log('late chunk:', e.message.replace(/\(plugin.*/, '').trim());
    }
  },
};
for (const splitting of [false, true]) {
  const dir = tempDir('sheaf-emit-chunk-');
  const { outputs } = await build({ cwd: caseDir(import.meta.url), input: 'main.js', splitting, output: { dir }, plugins: [emitter] });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  console.log(`splitting ${splitting}: chunks ${outputs.filter((o) => o.type === 'chunk').map((o) => `${o.fileName}${o.isEntry ? ' (entry)' : ''}`).sort().join(', ')}`);
  console.log('manifest:', JSON.stringify(manifest));
  for (const file of ['main.js', manifest.worker, manifest.extra]) {
    console.log(`  node ${file}:`, execFileSync(process.execPath, [join(dir, file)], { encoding: 'utf8' }).trim());
  }
}
