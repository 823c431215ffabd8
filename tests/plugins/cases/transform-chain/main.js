// @prefix
const first = "one";
function shout(word) {
  return word.toUpperCase();
}
console.log(shout(first), shout("two"));
