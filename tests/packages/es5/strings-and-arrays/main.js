// ES2017–2023 library methods on strings, arrays and objects.
const obj = Object.fromEntries([['k', 1], ['j', 2]]);
console.log(JSON.stringify(obj), JSON.stringify(Object.entries(obj)), Object.values(obj).join());
console.log('a-b-c'.replaceAll('-', '+'), 'x'.padStart(3, '.'), '  t '.trimEnd() + '|', 'abc'.at(-1));
console.log([1, 2, 3].at(-1), [[1, [2]], [3]].flat(2).join(), [1, 2].flatMap((x) => [x, x * 10]).join());
console.log([1, 2, 3, 4].findLast((x) => x % 2), [3, 1, 2].toSorted().join(), [1, 2, 3].toReversed().join());
console.log(Array.from({ length: 3 }, (_, i) => i * 2).join(), [1, 2, 3].includes(2), Object.hasOwn(obj, 'k'));
console.log(Number.isInteger(5), Math.trunc(-4.7), String.raw`a\nb`, `${1 + 1}px`);
