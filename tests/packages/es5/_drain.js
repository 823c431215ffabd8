// Runs the timers _prelude.js queued, shortest delay first (as a browser's event
// loop would, for the timers these programs use).
for (var __round = 0; __round < 100000; __round++) {
  var __next = -1;
  for (var __i = 0; __i < __timers.length; __i++) {
    if (__timers[__i].fn && (__next < 0 || __timers[__i].ms < __timers[__next].ms)) __next = __i;
  }
  if (__next < 0) break;
  var __t = __timers[__next];
  var __fn = __t.fn;
  __t.fn = null;
  __fn.apply(null, __t.args);
}
