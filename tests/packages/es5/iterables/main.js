// Spread, destructuring and for...of over strings, Maps, Sets and user iterables.
const range = { from: 1, to: 4, *[Symbol.iterator]() { for (let i = this.from; i <= this.to; i++) yield i; } };
const [first, , third = 'none', ...rest] = range;
console.log(first, third, rest.join(), [...'héllo'].length, Math.max(...range));
const [[k1, v1]] = new Map([['key', 'value']]);
const { a, ...others } = { a: 1, b: 2, c: 3 };
console.log(k1, v1, a, JSON.stringify(others), [...new Set('aab')].join(''));
let n = 0;
for (const ch of 'abc') n += ch.charCodeAt(0);
console.log(n, Array.from(new Map([[1, 2]]).entries()).join());
