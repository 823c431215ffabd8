// Uses built-ins that Internet Explorer 11 lacks. The test deletes them from
// node before the bundle runs (strip.cjs), so this only works if the bundle
// brought core-js's polyfills along.
import { parts } from './lib.js';
const legacy = require('./legacy.cjs');

async function later() {
  return 'async';
}

console.log([1, 2, 3].includes(2), Object.assign({}, { a: 1 }).a, 'x'.padStart(3, '-'));
console.log(parts(), legacy.flat(), Object.entries({ k: 'v' }).join());
later().then(console.log);
