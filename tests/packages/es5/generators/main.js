// Generators: delegation, return values, two-way communication, and a lazy pipeline.
function* numbers() { let i = 0; while (true) yield i++; }
function* take(it, n) { for (const x of it) { if (n-- <= 0) return 'stopped'; yield x; } }
function* both() { const r = yield* take(numbers(), 3); yield r; }
console.log([...both()].join());
function* echo() { let got = yield 'ready'; while (got !== 'stop') got = yield 'echo ' + got; return 'bye'; }
const e = echo();
console.log(e.next().value, e.next('a').value, e.next('b').value, JSON.stringify(e.next('stop')));
