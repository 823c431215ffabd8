// CommonJS: its polyfills arrive as require() calls, so it stays CommonJS.
exports.flat = function () {
  return [[1], [2, [3]]].flat(2).length;
};
