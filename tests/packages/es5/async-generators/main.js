// Async generators consumed with for await, and an async iterable object.
async function* ticks(n) {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10 - i));
    yield i * i;
  }
}
const custom = {
  [Symbol.asyncIterator]() {
    let i = 0;
    return { next: async () => ({ done: i >= 2, value: 'c' + i++ }) };
  },
};
async function main() {
  const out = [];
  for await (const t of ticks(4)) out.push(t);
  for await (const c of custom) out.push(c);
  console.log(out.join(','));
}
main();
