// The only modern feature is an async function: lowering turns it into code that
// calls Promise, which an ES5 engine lacks.
async function add(a, b) {
  await null;
  return a + b;
}
add(2, 3).then((v) => console.log('sum', v));
