// this.emitFile() from build hooks (transform here), in a build with no
// output-stage hooks: the assets are written next to the bundle and listed
// in the outputs; a named asset gets assets/[name]-[hash][extname].
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAndRun } from '../../harness.mjs';

const seen = [];
const lister = {
  name: 'lister',
  transform(code, id) {
    seen.push(id.split('/').pop());
    if (id.endsWith('a.js')) {
      this.emitFile({ type: 'asset', fileName: 'meta/ids.txt', source: 'a.js was transformed\n' });
      const ref = this.emitFile({ type: 'asset', name: 'note.txt', source: 'named' });
      seen.push(`named: ${this.getFileName(ref).replace(/-[\w-]{8}\./, '-HASH.')}`);
    }
  },
};
const { stdout, dir, result } = await buildAndRun(import.meta.url, { input: 'main.js', plugins: [lister] });
process.stdout.write(stdout);
console.log(seen.sort().join(' | '));
console.log(JSON.stringify(readFileSync(join(dir, 'meta/ids.txt'), 'utf8')));
console.log('outputs:', result.outputs.map((o) => o.fileName.replace(/-[\w-]{8}\./, '-HASH.')).sort().join(' '));
