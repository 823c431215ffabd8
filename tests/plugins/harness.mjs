// Shared by the cases of tests/plugins.rs: build a case with sheaf's JS API
// into a fresh folder, run the entry output with node, return what it printed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, context } from '../../packages/sheaf/index.js';

export { build, context };

/** The folder of the case script that imports this (pass `import.meta.url`). */
export const caseDir = (url) => dirname(fileURLToPath(url));

/** A fresh temporary folder, removed when the case's process exits. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Builds with `options` (cwd: the case folder) into a temporary folder and runs `main.js` there. */
export async function buildAndRun(url, options) {
  const dir = tempDir('sheaf-plugin-');
  const result = await build({ cwd: caseDir(url), ...options, output: { ...options.output, dir } });
  const entry = result.outputs.find((o) => o.type === 'chunk' && o.isEntry);
  const stdout = execFileSync(process.execPath, [entry.path], { encoding: 'utf8' });
  return { result, stdout, dir, entry };
}

/** The original position of the first occurrence of `needle` in `file` of `dir`, through its map. */
export function originalPosition(dir, file, needle) {
  return import('source-map-js').then(({ SourceMapConsumer }) => {
    const code = readFileSync(join(dir, file), 'utf8');
    const map = JSON.parse(readFileSync(join(dir, file + '.map'), 'utf8'));
    const at = code.indexOf(needle);
    if (at < 0) throw new Error(`${needle} is not in ${file}`);
    const before = code.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1);
    const pos = new SourceMapConsumer(map).originalPositionFor({ line, column });
    return { source: pos.source, line: pos.line, column: pos.column, name: pos.name };
  });
}
