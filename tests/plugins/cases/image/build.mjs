// @rollup/plugin-image loads the PNG itself (a load hook): the module is a
// data URL of the file's bytes, instead of sheaf's own asset handling.
import image from '@rollup/plugin-image';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { buildAndRun } from '../../harness.mjs';

const { stdout, result } = await buildAndRun(import.meta.url, { input: 'main.js', platform: 'node', plugins: [image()] });
process.stdout.write(stdout);
const expected = createHash('sha256').update(readFileSync(new URL('./dot.png', import.meta.url))).digest('hex').slice(0, 16);
console.log(stdout.includes(expected) ? 'same bytes' : `different bytes (want ${expected})`);
console.log('files:', result.outputs.map((o) => o.fileName).join(' '));
