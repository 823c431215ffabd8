// Source-map accuracy of one bundle: `node sourcemap-check.mjs BUNDLE [--minified]`.
//
// Samples the identifier and string tokens of the output (acorn's tokenizer, at
// most 20,000 identifiers and 5,000 strings, evenly spread), looks each one up
// with source-map-js (first-segment semantics, as most tooling reads maps), and
// compares it with the token at the original position: the same name (minified:
// any identifier, names are mangled) or the same string value. Also counts
// generated positions that have more than one segment. Prints one JSON line:
// { exact, wrong, unmapped, total, duplicates, wrongSamples, unmappedSamples }.

import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import { SourceMapConsumer } from 'source-map-js';

const [bundle, ...flags] = process.argv.slice(2);
const minified = flags.includes('--minified');
const code = fs.readFileSync(bundle, 'utf8');
const map = JSON.parse(fs.readFileSync(bundle + '.map', 'utf8'));
const consumer = new SourceMapConsumer(map);

const seen = new Set();
let duplicates = 0;
consumer.eachMapping((m) => {
  const key = m.generatedLine + ':' + m.generatedColumn;
  if (seen.has(key)) duplicates++;
  else seen.add(key);
});

const lineStarts = (text) => {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
};

const KEYWORDS = new Set(['let', 'static', 'async', 'await', 'of', 'get', 'set', 'yield', 'as', 'from']);
const names = [];
const strings = [];
const options = { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true };
for (const t of acorn.tokenizer(code, options)) {
  // Contextual keywords (`let`, `static`, `async`, …) are tokenized as names.
  if (t.type === acorn.tokTypes.name && !KEYWORDS.has(t.value)) names.push(t);
  else if (t.type === acorn.tokTypes.string) strings.push(t);
}
const spread = (list, max) => (list.length <= max ? list : Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)]));

const sources = new Map();
function originalText(source) {
  if (!sources.has(source)) {
    const i = map.sources.indexOf(source);
    const text = map.sourcesContent?.[i] ?? fs.readFileSync(path.resolve(path.dirname(bundle), map.sourceRoot ?? '', source), 'utf8');
    sources.set(source, { text, starts: lineStarts(text) });
  }
  return sources.get(source);
}

// The first token at `offset` of `text` (TypeScript and JSX are tokenized as far
// as acorn can: identifiers and strings are the same in both).
function tokenAt(text, offset) {
  try {
    const it = acorn.tokenizer(text.slice(offset), { ecmaVersion: 'latest', sourceType: 'module' });
    return it.getToken();
  } catch {
    return null;
  }
}

// A bundler renames top-level names apart (`render` → `render$4`, or `render4`).
const sameName = (original, output) => original === output || output.replace(/\$?\d+$/, '') === original;

let exact = 0;
let wrong = 0;
let unmapped = 0;
const wrongSamples = [];
const unmappedSamples = [];
for (const t of [...spread(names, 20000), ...spread(strings, 5000)]) {
  // Only a segment that starts exactly at the token counts as mapping it.
  if (!seen.has(t.loc.start.line + ':' + t.loc.start.column)) {
    unmapped++;
    if (unmappedSamples.length < 40) unmappedSamples.push(`${t.value} @${t.loc.start.line}:${t.loc.start.column}`);
    continue;
  }
  const pos = consumer.originalPositionFor({ line: t.loc.start.line, column: t.loc.start.column });
  if (pos.source == null) {
    unmapped++;
    continue;
  }
  const { text, starts: lines } = originalText(pos.source);
  const offset = (lines[pos.line - 1] ?? text.length) + pos.column;
  const orig = tokenAt(text, offset);
  const jsx = /\.[jt]sx$/.test(pos.source);
  const ok =
    orig &&
    (t.type === acorn.tokTypes.name
      ? (orig.type === acorn.tokTypes.name && (minified || sameName(orig.value, t.value))) ||
        // A quoted key the minifier unquoted (`'aliceblue': 1` → `aliceblue:1`).
        (orig.type === acorn.tokTypes.string && orig.value === t.value) ||
        // The JSX factory call made from an element maps to the element's `<`.
        (jsx && text[offset] === '<')
      : (orig.type === acorn.tokTypes.string && orig.value === t.value) ||
        // A name that became a string: an enum member, a JSX tag or attribute.
        (orig.type === acorn.tokTypes.name && orig.value === t.value) ||
        // JSX text becomes a string.
        (jsx && text.startsWith(t.value, offset)));
  if (ok) exact++;
  else {
    wrong++;
    if (wrongSamples.length < 10) wrongSamples.push(`${t.value} @${t.loc.start.line}:${t.loc.start.column} -> ${pos.source}:${pos.line}:${pos.column} ${JSON.stringify(text.slice(offset, offset + 20))}`);
  }
}

console.log(JSON.stringify({ exact, wrong, unmapped, total: exact + wrong + unmapped, duplicates, wrongSamples, unmappedSamples }));
