// Promise.allSettled / any / all / race, finally, and AggregateError.
const later = (v, ms, fail) => new Promise((res, rej) => setTimeout(() => (fail ? rej(new Error(v)) : res(v)), ms));
async function main() {
  const settled = await Promise.allSettled([later('a', 5), later('b', 1, true)]);
  console.log(settled.map((s) => s.status + ':' + (s.value || s.reason.message)).join(' '));
  console.log(await Promise.any([later('slow', 9), later('fast', 2), later('x', 1, true)]));
  try { await Promise.any([later('p', 1, true), later('q', 2, true)]); } catch (e) { console.log(e instanceof AggregateError, e.errors.length); }
  console.log((await Promise.all([1, later(2, 3)])).join('+'), await Promise.race([later('r1', 4), later('r2', 2)]));
  await later('done', 1).finally(() => console.log('finally'));
}
main();
