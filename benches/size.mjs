// Tree-shaking size benchmark: each scenario imports a little from a big package;
// sheaf, esbuild, rolldown and rollup (node-resolve + commonjs) bundle it for the
// browser as esm, and the output sizes (raw and gzip) are compared.
// Run through size.sh, which installs the pinned tools first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';

const minify = process.argv.includes('--minify');
const scenarios = {
  'lodash-es debounce': "import { debounce } from 'lodash-es';\nconsole.log(typeof debounce(() => {}, 10));",
  'three Vector3': "import { Vector3 } from 'three';\nconsole.log(new Vector3(1, 2, 3).length());",
  'date-fns format': "import { format } from 'date-fns';\nconsole.log(format(new Date(0), 'yyyy'));",
  'rxjs map operator': "import { of, map } from 'rxjs';\nof(1).pipe(map((x) => x + 1)).subscribe(console.log);",
  'lucide one icon': "import { Camera } from 'lucide';\nconsole.log(Camera.length);",
  'lodash (CJS) chunk': "import { chunk } from 'lodash';\nconsole.log(chunk([1, 2, 3], 2));",
  'preact render': "import { h, render } from 'preact';\nconsole.log(typeof render, h('p', null).type);",
  'zod string': "import { z } from 'zod';\nconsole.log(z.string().safeParse('x').success);",
  // React's index.js is `module.exports = require('./cjs/react.production.js')`.
  'react hooks (CJS)': "import { useState, createElement } from 'react';\nconsole.log(typeof useState, createElement('p').type);",
  // CommonJS packages, deep imports and whole.
  'lodash/get (CJS)': "import get from 'lodash/get';\nconsole.log(get({ a: { b: 1 } }, 'a.b'));",
  'lodash/debounce (CJS)': "import debounce from 'lodash/debounce';\nconsole.log(typeof debounce(() => {}, 10));",
  'semver gt (CJS)': "import semver from 'semver';\nconsole.log(semver.gt('1.2.3', '1.0.0'));",
  'semver/functions/gt (CJS)': "import gt from 'semver/functions/gt';\nconsole.log(gt('1.2.3', '1.0.0'));",
  // d3: ES modules across several packages.
  'd3-array extent': "import { extent } from 'd3-array';\nconsole.log(extent([3, 1, 2]));",
  'd3-scale linear': "import { scaleLinear } from 'd3-scale';\nconsole.log(scaleLinear().domain([0, 10]).range([0, 100])(5));",
  'd3-format': "import { format } from 'd3-format';\nconsole.log(format('.2f')(Math.PI));",
};

const bin = (name) => join('node_modules', '.bin', name);
const tools = {
  sheaf: (entry, out) =>
    execFileSync('../target/release/sheaf', ['build', entry, '--outfile', out, '--define', 'process.env.NODE_ENV="production"',
      ...(minify ? ['--minify'] : [])]),
  esbuild: (entry, out) =>
    execFileSync(bin('esbuild'), [entry, '--bundle', '--format=esm', `--outfile=${out}`, '--log-level=error',
      '--define:process.env.NODE_ENV="production"', ...(minify ? ['--minify'] : [])]),
  rolldown: (entry, out) =>
    execFileSync(bin('rolldown'), [entry, '--format', 'esm', '--file', out, '--log-level', 'silent',
      '--transform.define', 'process.env.NODE_ENV:"production"', ...(minify ? ['--minify'] : [])]),
  rollup: async (entry, out) => {
    const bundle = await rollup({
      input: entry,
      onwarn: () => {},
      plugins: [
        replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
        nodeResolve({ browser: true }),
        commonjs(),
      ],
    });
    await bundle.write({ file: out, format: 'es' });
  },
};

const dir = 'work/size';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const rows = [];
for (const [name, code] of Object.entries(scenarios)) {
  const slug = name.replace(/[^a-z0-9]+/gi, '-');
  const entry = join(dir, `${slug}.mjs`);
  writeFileSync(entry, code + '\n');
  const row = { name };
  for (const [tool, build] of Object.entries(tools)) {
    const out = join(dir, `${slug}.${tool}.js`);
    try {
      await build(entry, out);
      const data = readFileSync(out);
      row[tool] = { raw: data.length, gz: gzipSync(data).length };
    } catch (e) {
      row[tool] = { error: String(e.message || e).split('\n')[0] };
    }
  }
  rows.push(row);
}

const kib = (n) => (n / 1024).toFixed(1).padStart(8);
const names = Object.keys(tools);
console.log(`sizes in KiB (${minify ? 'minified' : 'unminified'}), raw / gzip`);
console.log('scenario'.padEnd(22) + names.map((t) => t.padStart(20)).join('') + '   sheaf vs smallest gzip');
for (const row of rows) {
  const cells = names.map((t) => (row[t].error ? 'error'.padStart(20) : `${kib(row[t].raw)} /${kib(row[t].gz)}`.padStart(20)));
  const gz = names.filter((t) => !row[t].error && t !== 'sheaf').map((t) => row[t].gz);
  const ratio = row.sheaf.gz && gz.length ? (row.sheaf.gz / Math.min(...gz)).toFixed(2) : '-';
  console.log(row.name.padEnd(22) + cells.join('') + `   ${ratio}`);
  for (const t of names) if (row[t].error) console.log(`  ${t}: ${row[t].error}`);
}
