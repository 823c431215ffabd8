// The output stage: generateBundle sees Rollup's bundle (chunks with code,
// map, modules and getModuleInfo), may change code, emit assets and delete
// files; writeBundle runs after the files are on disk; a failing
// generateBundle writes nothing. rollup-plugin-visualizer (unmodified)
// emits its stats with this.emitFile.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { visualizer } from 'rollup-plugin-visualizer';
import { build, buildAndRun, caseDir, tempDir } from '../../harness.mjs';

const log = [];
const stage = {
  name: 'stage',
  renderStart(options) {
    log.push(`renderStart ${options.format ?? 'es'}`);
  },
  // renderStart comes before any chunk is rendered (Rollup's order).
  renderChunk(code, chunk) {
    if (!log.includes('renderChunk')) log.push('renderChunk');
    return null;
  },
  generateBundle(options, bundle, isWrite) {
    const names = Object.keys(bundle).map((f) => f.replace(/-[\w-]{8}\./, '-HASH.')).sort();
    log.push(`generateBundle ${isWrite} ${names.join(' ')}`);
    const main = bundle['main.js'];
    const info = this.getModuleInfo(main.facadeModuleId);
    log.push(`main imports ${info.importedIds.map((id) => id.split('/').pop()).join(',')}; dynamic ${info.dynamicallyImportedIds.map((id) => id.split('/').pop()).join(',')}; isEntry ${info.isEntry}`);
    main.code = main.code.replace('console.log(add(2, 3));', 'console.log("sum", add(2, 3));');
    const ref = this.emitFile({ type: 'asset', name: 'notes.txt', source: 'emitted by a plugin' });
    log.push(`emitted ${this.getFileName(ref).replace(/-[\w-]{8}\./, '-HASH.')}`);
  },
  writeBundle(options, bundle) {
    log.push(`writeBundle ${existsSync(join(options.dir, 'main.js'))} ${Object.keys(bundle).length}`);
  },
  closeBundle() {
    log.push('closeBundle');
  },
};
const { stdout, dir } = await buildAndRun(import.meta.url, {
  input: 'main.js',
  splitting: true,
  output: { sourcemap: true },
  plugins: [stage, visualizer({ filename: 'stats.json', template: 'raw-data', sourcemap: true, emitFile: true })],
});
process.stdout.write(stdout);
console.log(log.join('\n'));
const stats = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8'));
const parts = Object.values(stats.nodeMetas).map((m) => `${m.id.split('/').pop()}${m.isEntry ? '(entry)' : ''}`).sort();
console.log('visualizer modules:', parts.join(' '));
console.log('visualizer sizes > 0:', Object.values(stats.nodeParts).every((p) => p.renderedLength > 0));
console.log('files:', readdirSync(dir).map((f) => f.replace(/-[\w-]{8}\./, '-HASH.')).sort().join(' '));

// A generateBundle that throws: the build rejects and nothing is written.
const out = tempDir('sheaf-stage-');
writeFileSync(join(out, 'main.js'), 'old\n');
try {
  await build({
    cwd: caseDir(import.meta.url),
    input: 'main.js',
    output: { dir: out },
    plugins: [{ name: 'broken', generateBundle() { throw new Error('no bundle today'); } }],
  });
} catch (e) {
  console.log(e.code, e.message, '|', readdirSync(out).join(' '), JSON.stringify(readFileSync(join(out, 'main.js'), 'utf8')));
}
