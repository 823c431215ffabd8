// sheaf dev client: the module registry, `import.meta.hot` (Vite's API), the
// WebSocket to the dev server, and the error overlay. Served as /@sheaf/client.js
// before the bundle, which is a list of `__sheaf.define(...)` calls and one
// `__sheaf.start([...entries])`.
(function () {
  "use strict";
  var defs = Object.create(null); // id -> { deps: [[specifier, id]], esm, factory }
  var records = Object.create(null); // id -> loaded module
  var hotStates = Object.create(null); // id -> { data } kept across updates
  var keptExports = Object.create(null); // id -> exports object reused on re-run
  var listeners = Object.create(null); // event -> [callback]
  var entries = [];
  var pendingInvalidations = [];

  function define(id, deps, esm, factory) {
    defs[id] = { deps: deps, esm: esm, factory: factory };
  }

  function depId(from, specifier) {
    var def = defs[from];
    if (def) {
      for (var i = 0; i < def.deps.length; i++) {
        if (def.deps[i][0] === specifier || def.deps[i][1] === specifier) return def.deps[i][1];
      }
    }
    return specifier;
  }

  function interop(mod, nodeMode) {
    if (!nodeMode && mod && mod.__esModule) return mod;
    var ns = Object.create(null);
    if (mod != null && (typeof mod === "object" || typeof mod === "function")) {
      Object.keys(mod).forEach(function (k) {
        if (k !== "default") Object.defineProperty(ns, k, { enumerable: true, get: function () { return mod[k]; } });
      });
    }
    Object.defineProperty(ns, "default", { enumerable: true, value: mod });
    return ns;
  }

  function makeRequire(importer) {
    function require(id) {
      return load(id, importer);
    }
    require.esm = function (exports, getters) {
      Object.defineProperty(exports, "__esModule", { value: true, configurable: true });
      for (var key in getters) {
        Object.defineProperty(exports, key, { enumerable: true, configurable: true, get: getters[key] });
      }
    };
    require.star = function (exports, from) {
      Object.keys(from).forEach(function (k) {
        if (k !== "default" && !Object.prototype.hasOwnProperty.call(exports, k)) {
          Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: function () { return from[k]; } });
        }
      });
    };
    require.interop = interop;
    require["import"] = function (id) {
      return Promise.resolve().then(function () {
        var exports = load(id, importer);
        return defs[id] && defs[id].esm ? exports : interop(exports);
      });
    };
    return require;
  }

  function load(id, importer) {
    var record = records[id];
    if (record) {
      if (importer) record.importers[importer] = true;
      return record.module.exports;
    }
    var def = defs[id];
    if (!def) throw new Error("[sheaf] module not found: " + id);
    var exports = keptExports[id] || {};
    // A module runs again after an update with the same exports object, so
    // every importer sees the new bindings.
    Object.getOwnPropertyNames(exports).forEach(function (k) {
      var d = Object.getOwnPropertyDescriptor(exports, k);
      if (d && d.configurable) delete exports[k];
    });
    keptExports[id] = exports;
    record = records[id] = {
      id: id,
      deps: def.deps.map(function (d) { return d[1]; }),
      module: { exports: exports, id: id },
      importers: Object.create(null),
      selfAccept: null,
      acceptDeps: Object.create(null),
      disposers: [],
      pruners: [],
    };
    if (importer) record.importers[importer] = true;
    var meta = { url: new URL("/" + id, location.href).href, hot: createHot(record) };
    try {
      def.factory.call(def.esm ? undefined : exports, makeRequire(id), record.module, exports, meta);
    } catch (e) {
      delete records[id];
      throw e;
    }
    return record.module.exports;
  }

  function createHot(record) {
    var id = record.id;
    var state = hotStates[id] || (hotStates[id] = { data: {} });
    return {
      data: state.data,
      accept: function (deps, callback) {
        if (deps === undefined || typeof deps === "function") {
          record.selfAccept = deps || true;
          return;
        }
        var list = typeof deps === "string" ? [deps] : deps;
        var ids = list.map(function (d) { return depId(id, d); });
        ids.forEach(function (depIdValue) {
          record.acceptDeps[depIdValue] = { ids: ids, single: typeof deps === "string", callback: callback };
        });
      },
      acceptExports: function (_names, callback) {
        record.selfAccept = callback || true;
      },
      dispose: function (callback) {
        record.disposers.push(callback);
      },
      prune: function (callback) {
        record.pruners.push(callback);
      },
      invalidate: function (message) {
        if (message) console.debug("[sheaf] " + id + " invalidated: " + message);
        pendingInvalidations.push(id);
      },
      decline: function () {},
      on: function (event, callback) {
        (listeners[event] || (listeners[event] = [])).push(callback);
      },
      off: function (event, callback) {
        listeners[event] = (listeners[event] || []).filter(function (c) { return c !== callback; });
      },
      send: function () {},
    };
  }

  function emit(event, payload) {
    [event, event.replace(/^sheaf:/, "vite:")].forEach(function (name) {
      (listeners[name] || []).forEach(function (cb) {
        try { cb(payload); } catch (e) { console.error(e); }
      });
    });
  }

  // Where an update to `id` stops: modules that accept it (themselves, or an
  // importer through accept(deps)). Returns false when some path reaches an
  // entry (or a page script) without one: then the page reloads.
  function propagate(id, ignoreSelf, plan, seen) {
    if (seen[id]) return true;
    seen[id] = true;
    var record = records[id];
    if (!record) return true; // not running: nothing to replace
    plan.rerun[id] = true;
    if (record.selfAccept && !ignoreSelf) {
      plan.selfAccepted.push(id);
      return true;
    }
    var importers = Object.keys(record.importers);
    if (importers.length === 0) return false;
    for (var i = 0; i < importers.length; i++) {
      var importer = records[importers[i]];
      if (importer && importer.acceptDeps[id]) {
        plan.depAccepted.push({ importer: importers[i], dep: id });
        continue;
      }
      if (!propagate(importers[i], false, plan, seen)) return false;
    }
    return true;
  }

  function applyUpdate(changed, ignoreSelf) {
    var plan = { rerun: Object.create(null), selfAccepted: [], depAccepted: [] };
    var seen = Object.create(null);
    for (var i = 0; i < changed.length; i++) {
      if (!propagate(changed[i], ignoreSelf, plan, seen)) {
        fullReload("no module accepts the update of " + changed[i]);
        return;
      }
    }
    var rerunIds = Object.keys(plan.rerun);
    var importersOf = Object.create(null);
    var oldDeps = Object.create(null);
    rerunIds.forEach(function (id) {
      var record = records[id];
      oldDeps[id] = record.deps;
      var data = {};
      record.disposers.forEach(function (cb) { cb(data); });
      hotStates[id].data = data;
      importersOf[id] = record.importers;
      delete records[id];
    });
    var reran = [];
    function rerun(id) {
      var exports = load(id);
      var record = records[id];
      if (record && importersOf[id]) {
        for (var k in importersOf[id]) record.importers[k] = true;
      }
      reran.push(id);
      return exports;
    }
    plan.selfAccepted.forEach(function (id) {
      if (records[id]) return;
      var exports = rerun(id);
      var cb = records[id] && records[id].selfAccept;
      if (typeof cb === "function") cb(exports);
    });
    plan.depAccepted.forEach(function (entry) {
      var importer = records[entry.importer];
      if (!importer) return;
      var accepted = importer.acceptDeps[entry.dep];
      var mods = accepted.ids.map(function (d) { return records[d] ? records[d].module.exports : rerun(d); });
      if (typeof accepted.callback === "function") accepted.callback(accepted.single ? mods[0] : mods);
    });
    // Modules that ran before and are not running now: re-run the ones an
    // importer still needs (their importers were re-run and require them).
    rerunIds.forEach(function (id) {
      if (!records[id] && importersOf[id] && Object.keys(importersOf[id]).some(function (p) { return records[p]; })) rerun(id);
    });
    rerunIds.forEach(function (id) {
      unlinkDropped(id, oldDeps[id] || []);
    });
    var invalid = pendingInvalidations.splice(0);
    if (invalid.length) applyUpdate(invalid, true);
    return reran;
  }

  // After `id` ran again: the modules it imported before and does not import
  // now lose it as an importer; one that nothing imports any more (and that is
  // not an entry) is pruned, and so on down its own imports.
  function unlinkDropped(id, before) {
    var now = records[id] ? records[id].deps : [];
    before.forEach(function (dep) {
      if (now.indexOf(dep) >= 0) return;
      var record = records[dep];
      if (!record) return;
      delete record.importers[id];
      if (Object.keys(record.importers).length === 0 && entries.indexOf(dep) < 0) {
        record.pruners.forEach(function (cb) { cb(hotStates[dep].data); });
        delete records[dep];
        unlinkDropped(dep, record.deps);
      }
    });
  }

  function fullReload(reason) {
    emit("sheaf:beforeFullReload", { reason: reason });
    console.info("[sheaf] full reload: " + reason);
    location.reload();
  }

  // The error overlay: the build's diagnostics over the page until the next good build.
  var overlay = null;
  function showErrors(errors) {
    hideErrors();
    overlay = document.createElement("sheaf-error-overlay");
    overlay.setAttribute("style", "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#f4f4f4;font:14px/1.5 ui-monospace,monospace;padding:32px;overflow:auto;white-space:pre-wrap");
    var title = document.createElement("div");
    title.setAttribute("style", "color:#ff6b6b;font-weight:bold;margin-bottom:12px");
    title.textContent = "sheaf: the build failed";
    var body = document.createElement("pre");
    body.className = "sheaf-error-text";
    body.textContent = errors.map(function (e) { return e.text; }).join("\n");
    overlay.appendChild(title);
    overlay.appendChild(body);
    document.documentElement.appendChild(overlay);
    emit("sheaf:error", { errors: errors });
  }
  function hideErrors() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  // Builds are numbered. The page knows which build its bundle came from and
  // which the server last announced; a page that loaded an older build than
  // the server has (an update went out while it was loading, before its
  // socket listened) reloads, instead of running stale code or styles.
  var pageBuild = null;
  var serverBuild = null;
  function checkBuild() {
    if (pageBuild !== null && serverBuild !== null && pageBuild < serverBuild) {
      fullReload("a build finished while the page was loading");
    }
  }

  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/@sheaf/ws");
    socket.onmessage = function (event) {
      var msg = JSON.parse(event.data);
      if (msg.type === "connected") {
        serverBuild = msg.build;
        checkBuild();
        emit("sheaf:ws:connect", {});
      } else if (msg.type === "update") {
        emit("sheaf:beforeUpdate", msg);
        hideErrors();
        msg.modules.forEach(function (m) { (0, eval)(m.code + "\n//# sourceURL=" + location.origin + "/" + m.id); });
        msg.removed.forEach(function (id) { delete defs[id]; });
        var changed = msg.modules.map(function (m) { return m.id; }).filter(function (id) { return records[id]; });
        var reran = changed.length ? applyUpdate(changed, false) : [];
        console.info("[sheaf] updated " + (reran || []).join(", "));
        window.__sheafUpdates = (window.__sheafUpdates || 0) + 1;
        if (pageBuild !== null) pageBuild = msg.build;
        serverBuild = msg.build;
        emit("sheaf:afterUpdate", msg);
      } else if (msg.type === "custom") {
        // Plugins' server.ws.send(event, data) → import.meta.hot.on(event, …).
        emit(msg.event, msg.data);
      } else if (msg.type === "full-reload") {
        fullReload(msg.reason || "the server asked");
      } else if (msg.type === "error") {
        showErrors(msg.errors);
      } else if (msg.type === "ok") {
        hideErrors();
      }
    };
    socket.onclose = function () {
      // The server restarted or went away: try again, then reload.
      setTimeout(function () {
        fetch("/@sheaf/ping").then(function () { location.reload(); }, connect);
      }, 500);
    };
  }

  // React Fast Refresh: the runtime hooks into React before React loads;
  // modules register their components (`$RefreshReg$`), and a module that
  // exports only components accepts itself and asks React to refresh them.
  function refresh(id) {
    var runtime = load(id);
    runtime.injectIntoGlobalHook(window);
    var timer = null;
    window.__sheaf_refresh = {
      register: function (type, name) {
        runtime.register(type, name);
      },
      signature: function () {
        return runtime.createSignatureFunctionForTransform();
      },
      accept: function (exports, hot) {
        if (!hot || !exports) return;
        var keys = Object.keys(exports);
        var onlyComponents = keys.length > 0 && keys.every(function (k) {
          return runtime.isLikelyComponentType(exports[k]);
        });
        if (!onlyComponents) return;
        hot.accept();
        if (timer) clearTimeout(timer);
        timer = setTimeout(function () {
          timer = null;
          runtime.performReactRefresh();
        }, 16);
      },
    };
  }

  // Stylesheet modules: each fills a <style data-sheaf-css> of its own, appended
  // when it first runs (cascade order) and refilled by its hot updates.
  var styles = Object.create(null);
  function css(id, text) {
    var el = styles[id];
    if (!el || !el.parentNode) {
      el = styles[id] = document.createElement("style");
      el.setAttribute("data-sheaf-css", id);
      document.head.appendChild(el);
    }
    el.textContent = text;
  }

  window.__sheaf = {
    css: css,
    refresh: refresh,
    define: define,
    start: function (build, ids) {
      pageBuild = build;
      checkBuild();
      entries = ids;
      ids.forEach(function (id) { load(id); });
    },
    records: records,
  };
  connect();
})();
