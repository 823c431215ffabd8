// moduleParsed: once per module, after its imports are resolved (files,
// virtual ids and externals; import() targets apart); a throw fails the build.
// this.getModuleInfo while modules load: the importer of math.js, parsed a
// level earlier, with its imports; math.js itself (being transformed) is null.
import { buildAndRun, build, caseDir } from '../../harness.mjs';

const seen = [];
const name = (id) => id.split('/').pop();
const parsed = {
  name: 'parsed',
  moduleParsed(info) {
    seen.push(`${name(info.id)}${info.isEntry ? ' (entry)' : ''}: [${info.importedIds.map(name).join(', ')}] dynamic [${info.dynamicallyImportedIds.map(name).join(', ')}]`);
  },
};
const during = {
  name: 'during',
  transform(code, id) {
    if (!id.endsWith('math.js')) return;
    const main = this.getModuleInfo(id.replace('math.js', 'main.js'));
    seen.push(`during the build, main.js (isEntry ${main.isEntry}) imports [${main.importedIds.map(name).join(', ')}]; math.js is ${JSON.stringify(this.getModuleInfo(id))}`);
  },
};
const { stdout } = await buildAndRun(import.meta.url, { input: 'main.js', platform: 'node', plugins: [parsed, during] });
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
