// Loaded before each bundle in Duktape (an ES5.1 engine) to make it look like an
// ES5 browser: `setTimeout` (every browser has it; Duktape has not) as a queue
// that _drain.js runs, `console.log`, and no `Reflect`/`Proxy` (Duktape has
// partial ones; an ES5 browser has neither).
var __timers = [];
function setTimeout(fn, ms) {
  __timers.push({ fn: fn, ms: ms || 0, args: Array.prototype.slice.call(arguments, 2) });
  return __timers.length;
}
function clearTimeout(id) {
  if (__timers[id - 1]) __timers[id - 1].fn = null;
}
var console = {
  log: function () {
    print(Array.prototype.map.call(arguments, String).join(' '));
  }
};
delete this.Reflect;
delete this.Proxy;
