// Map, Set, WeakMap, WeakSet, iteration orders, and Set's new methods.
const m = new Map([['b', 2], ['a', 1]]);
m.set('c', 3).delete('b');
const s = new Set([3, 1, 3, 2]);
const wm = new WeakMap();
const key = {};
wm.set(key, 'v');
const ws = new WeakSet([key]);
console.log([...m.keys()].join(), [...m.values()].join(), [...s].join(), s.has(2), wm.get(key), ws.has(key));
const copy = new Map(m);
copy.clear();
console.log(m.size, copy.size, Array.from(s, (x) => x * 2).join(), [...s.entries()][0].join());
for (const [k, v] of m) console.log(k, v);
