// moduleParsed: once per module, after its imports are resolved (files,
// virtual ids and externals; import() targets apart); a throw fails the build.
import { buildAndRun, build, caseDir } from '../../harness.mjs';

const seen = [];
const name = (id) => id.split('/').pop();
const parsed = {
  name: 'parsed',
  moduleParsed(info) {
    seen.push(`${name(info.id)}: [${info.importedIds.map(name).join(', ')}] dynamic [${info.dynamicallyImportedIds.map(name).join(', ')}]`);
  },
};
const { stdout } = await buildAndRun(import.meta.url, { input: 'main.js', platform: 'node', plugins: [parsed] });
process.stdout.write(stdout);
console.log(seen.sort().join('\n'));
try {
  await build({
    cwd: caseDir(import.meta.url),
    input: 'main.js',
    platform: 'node',
    write: false,
    plugins: [{ name: 'strict', moduleParsed(info) { if (info.id.endsWith('math.js')) throw new Error('math is not allowed'); } }],
  });
} catch (e) {
  console.log(e.errors.map((d) => `${d.code} ${d.message}`).join('; '));
}
