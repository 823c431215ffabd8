// this.parse: plugins get the code as an ESTree program (acorn's, as Rollup's
// parser gives it). @rollup/plugin-dynamic-import-vars parses each module with
// it, walks it, and rewrites `import(`./locales/${lang}.js`)` into a switch
// over the files the glob finds (magic-string offsets from `start`/`end`).
import dynamicImportVars from '@rollup/plugin-dynamic-import-vars';
import { buildAndRun, build, caseDir } from '../../harness.mjs';
import { parseAst } from '../../../../packages/sheaf/index.js';

// A hand-written plugin that reads the exports of each module from the tree
// (JSX with `{ jsx: true }`), before sheaf compiles the JSX.
const seen = [];
const exportsOf = {
  name: 'exports-of',
  transform(code, id) {
    if (!/\.jsx?$/.test(id) || /locales|node_modules/.test(id)) return null;
    const ast = this.parse(code, { jsx: id.endsWith('.jsx') });
    const names = ast.body
      .filter((n) => n.type === 'ExportNamedDeclaration' && n.declaration)
      .flatMap((n) => n.declaration.declarations.map((d) => `${d.id.name}@${d.start}`));
    seen.push(`${id.split('/').pop()}: ${ast.type} [${names.join(', ')}] end=${ast.end}/${code.length}`);
    return null;
  },
};

const { stdout } = await buildAndRun(import.meta.url, {
  input: 'main.js', platform: 'node', plugins: [exportsOf, dynamicImportVars({ include: ['**/main.js'] })],
});
process.stdout.write(stdout);
for (const line of seen.sort()) console.log(line);

// A syntax error: Rollup's PARSE_ERROR with `pos` and `loc`, and a build
// error that names the plugin.
try {
  parseAst('let x = ;');
} catch (e) {
  console.log('parseAst:', e.code, e.pos, JSON.stringify(e.loc), e.message);
}
const broken = { name: 'broken-parse', transform(code, id) { if (id.endsWith('main.js')) this.parse(code + '\n)'); return null; } };
try {
  await build({ cwd: caseDir(import.meta.url), input: 'main.js', platform: 'node', write: false, plugins: [broken] });
  console.log('no error');
} catch (e) {
  console.log('build failed:', e.message.split('\n').slice(0, 3).join(' / '));
}
