// sheaf's runtime helpers. Each helper starts at a `// @helper NAME` line and runs
// to the next one; the generator copies only the helpers an output uses.
// Written in ES5 so that every --target can use them as they are.

// @helper __sheafNs
// A module namespace object: null prototype, live getters in sorted key order,
// Symbol.toStringTag "Module", not extensible.
function __sheafNs(getters) {
  var ns = Object.create(null);
  var keys = Object.keys(getters).sort();
  for (var i = 0; i < keys.length; i++) {
    Object.defineProperty(ns, keys[i], { enumerable: true, get: getters[keys[i]] });
  }
  if (typeof Symbol !== "undefined" && Symbol.toStringTag) {
    Object.defineProperty(ns, Symbol.toStringTag, { value: "Module" });
  }
  return Object.preventExtensions(ns);
}

// @helper __sheafExport
// Defines an ES module's exports on a CommonJS exports object, as live getters.
function __sheafExport(target, getters) {
  Object.defineProperty(target, "__esModule", { value: true });
  for (var key in getters) {
    Object.defineProperty(target, key, { enumerable: true, get: getters[key] });
  }
  return target;
}

// @helper __sheafToEsm
// Node's interop for a required module seen from ESM: `default` is module.exports
// unless the module says it was compiled from ESM (`__esModule`).
function __sheafToEsm(mod) {
  if (mod && mod.__esModule) return mod;
  var ns = Object.create(null);
  if (mod != null && (typeof mod === "object" || typeof mod === "function")) {
    for (var key in mod) {
      if (key !== "default") {
        (function (k) {
          Object.defineProperty(ns, k, { enumerable: true, get: function () { return mod[k]; } });
        })(key);
      }
    }
  }
  Object.defineProperty(ns, "default", { enumerable: true, value: mod });
  return ns;
}
