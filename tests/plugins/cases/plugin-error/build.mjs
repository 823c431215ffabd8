// A plugin's error fails the build: the promise rejects with diagnostics
// that name the plugin and point into the file (line, column, code frame),
// and nothing is written: the output folder keeps what it had.
import { writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, caseDir, tempDir } from '../../harness.mjs';

const dir = tempDir('sheaf-plugin-error-');
writeFileSync(join(dir, 'main.js'), 'old output\n');
const forbid = {
  name: 'forbid',
  transform(code, id) {
    const at = code.indexOf('FORBIDDEN');
    if (at >= 0) {
      const line = code.slice(0, at).split('\n').length;
      const column = at - code.lastIndexOf('\n', at) - 1;
      this.error({ message: 'FORBIDDEN is not allowed', loc: { file: id, line, column } });
    }
  },
};
try {
  await build({ cwd: caseDir(import.meta.url), input: 'main.js', output: { dir }, plugins: [forbid] });
  console.log('built (unexpected)');
} catch (e) {
  const [d] = e.errors;
  console.log(e.errors.length, d.code, d.message);
  console.log(`${d.file.split('/').pop()}:${d.line}:${d.column}`);
  console.log(d.frame.includes('const nope = FORBIDDEN;') ? 'frame shows the line' : d.frame);
  console.log(e.message.split('\n').at(-1));
}
console.log(readdirSync(dir).join(' '), JSON.stringify(readFileSync(join(dir, 'main.js'), 'utf8')));

// A hook that throws a plain Error (resolveId here) fails the build the same way.
try {
  await build({
    cwd: caseDir(import.meta.url),
    input: 'main.js',
    write: false,
    plugins: [{ name: 'thrower', resolveId(id) { if (id === './bad.js') throw new Error('cannot resolve today'); } }],
  });
} catch (e) {
  console.log(e.errors[0].code, e.errors[0].message, '|', e.errors[0].help);
}
