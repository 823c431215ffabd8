// sheaf's runtime helpers. Each helper starts at a `// @helper NAME` line and runs
// to the next one; the generator copies only the helpers an output uses.
// Written in ES5 so that every --target can use them as they are.

// @helper __sheafNs
// A module namespace object: live getters in sorted key order, Symbol.toStringTag
// "Module", not extensible (as Node's). Its prototype is Object.prototype, as in
// esbuild's and rolldown's (code written against them may call
// `ns.hasOwnProperty`). `stars` are external modules the module re-exports with
// `export *`: their names (but `default`, and names the module has itself) join,
// read live.
function __sheafNs(getters, stars) {
  var ns = {};
  var all = {};
  for (var own in getters) all[own] = getters[own];
  for (var s = 0; stars && s < stars.length; s++) {
    var mod = stars[s];
    var names = mod != null ? Object.keys(mod) : [];
    for (var n = 0; n < names.length; n++) {
      if (names[n] !== "default" && !Object.prototype.hasOwnProperty.call(all, names[n])) {
        all[names[n]] = (function (m, k) { return function () { return m[k]; }; })(mod, names[n]);
      }
    }
  }
  var keys = Object.keys(all).sort();
  for (var i = 0; i < keys.length; i++) {
    Object.defineProperty(ns, keys[i], { enumerable: true, get: all[keys[i]] });
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
// A CommonJS module's exports seen from ESM, as Node, Babel, esbuild and rolldown
// agree: named imports read its own properties (a snapshot of the names, live
// values); `default` is `module.exports`, unless the module was compiled from ESM
// (`__esModule` and a `default` of its own) and the importer is not Node ESM.
function __sheafToEsm(mod, isNodeMode, isJson) {
  var isObject = mod != null && (typeof mod === "object" || typeof mod === "function");
  var ns = Object.create(isObject ? Object.getPrototypeOf(mod) : null);
  var whole = isNodeMode || !isObject || !mod.__esModule ||
    !Object.prototype.hasOwnProperty.call(mod, "default");
  var keys = isObject ? Object.getOwnPropertyNames(mod) : [];
  if (whole && keys.indexOf("default") < 0) keys.push("default");
  // In key order, as Node's namespace objects list them. (One expression per
  // key, a closure for its getter: the smallest minified form.)
  keys.sort().forEach(function (k) {
    var desc;
    Object.defineProperty(ns, k, k === "default" && whole
      ? { enumerable: true, value: mod }
      : {
          enumerable: !(desc = Object.getOwnPropertyDescriptor(mod, k)) || desc.enumerable,
          get: function () { return mod[k]; }
        });
  });
  // A JSON module's namespace is a "Module" (Node's JSON modules are ES modules).
  if (isJson && typeof Symbol !== "undefined" && Symbol.toStringTag) {
    Object.defineProperty(ns, Symbol.toStringTag, { value: "Module" });
  }
  return ns;
}

// @helper __sheafCommonJS
// A CommonJS module as a lazy factory: the body runs on the first call, with
// `this`, `exports` and `module` as Node passes them; later calls (and cycles)
// get the same `module.exports`. Under `--platform node`, `module.require` is
// the run-time `require`, where there is one; a browser has none (the line
// marked `@node` is left out there, as esbuild and rolldown never set it).
function __sheafCommonJS(factory) {
  var module;
  return function () {
    if (!module) {
      module = { exports: {} };
      if (typeof require === "function") module.require = require; // @node
      factory.call(module.exports, module.exports, module);
    }
    return module.exports;
  };
}

// @helper __sheafToCjs
// An ES module as `require()` returns it: its exports as live getters, marked
// `__esModule` so that ESM-aware CommonJS code reads `default` correctly. A
// module that exports the name "module.exports" gives that value instead, as
// Node's require(esm) does.
function __sheafToCjs(ns) {
  if (Object.prototype.hasOwnProperty.call(ns, "module.exports")) return ns["module.exports"];
  var out = Object.defineProperty({}, "__esModule", { value: true });
  for (var key in ns) {
    // An ES module that exports `__esModule` itself: the flag stays true.
    if (key === "__esModule") continue;
    (function (k) {
      Object.defineProperty(out, k, { enumerable: true, get: function () { return ns[k]; } });
    })(key);
  }
  return out;
}

// @helper __sheafEsm
// An ES module evaluated on demand: the body runs on the first call only. The
// flag is set first, so a cycle back into the module does not run it twice. An
// async body (top-level await) gives every caller the same promise.
function __sheafEsm(body) {
  var started = false, result;
  return function () {
    if (!started) {
      started = true;
      result = body();
    }
    return result;
  };
}

// @helper __sheafReExport
// `export * from "external"` in cjs/iife output: every name of the external
// module that the output does not export itself, as a live getter.
function __sheafReExport(target, mod) {
  for (var key in mod) {
    if (key !== "default" && !Object.prototype.hasOwnProperty.call(target, key)) {
      (function (k) {
        Object.defineProperty(target, k, { enumerable: true, get: function () { return mod[k]; } });
      })(key);
    }
  }
  return target;
}

// @helper __sheafLoadCss
// The stylesheets of an `import()`ed chunk (and of the chunks it imports), as
// `<link rel="stylesheet">`s in the page, before the chunk's code runs: no flash
// of unstyled content. `hrefs` are relative to `base` (the importing chunk's
// URL); a sheet already linked is not added again. Outside a document (a worker,
// Node) there is nothing to load. A sheet that fails to load rejects the import.
function __sheafLoadCss(hrefs, base) {
  if (typeof document === "undefined") return Promise.resolve();
  return Promise.all(hrefs.map(function (href) {
    var url = new URL(href, base).href;
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].href === url) return links[i].__sheafLoaded;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url;
    link.__sheafLoaded = new Promise(function (resolve, reject) {
      link.onload = resolve;
      link.onerror = function () { reject(new Error("Unable to load CSS " + url)); };
    });
    document.head.appendChild(link);
    return link.__sheafLoaded;
  }));
}
