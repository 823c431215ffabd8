// Vite's `server.watcher` for `dev()`: plugins listen for `change`, `add` and
// `unlink` of files under the root (and of files they `add()`), with absolute
// paths, as chokidar reports them to Vite's plugins.
//
// Why a watcher of its own: sheaf's dev server watches in Rust and reports
// only to its own rebuilds. This one starts when a plugin first listens, so
// a server whose plugins never listen watches nothing twice.
import { EventEmitter } from 'node:events';
import { existsSync, watch } from 'node:fs';
import { dirname, basename, resolve } from 'node:path';

const IGNORED = /[\\/](node_modules|\.git)[\\/]|\.tmp-sheaf/;

/** Files watchers leave alone: dependencies, git's, sheaf's temporary files. */
export const ignoredByWatch = (file) => IGNORED.test(file);

/**
 * Watches one file through its folder (editors replace files on save, which
 * ends a watcher of the file itself): `onChange(file)` on each event for it.
 * `null` when the folder is not there.
 */
export function watchFile(file, onChange) {
  const name = basename(file);
  try {
    return watch(dirname(file), (_event, changed) => changed === name && onChange(file));
  } catch {
    return null;
  }
}

export function createWatcher(root) {
  const emitter = new EventEmitter();
  const handles = [];
  const known = new Set();
  let started = false;
  let closed = false;
  const report = (file) => {
    if (ignoredByWatch(file)) return;
    const there = existsSync(file);
    const event = !there ? 'unlink' : known.has(file) ? 'change' : 'add';
    if (there) known.add(file);
    else known.delete(file);
    emitter.emit(event, file);
    emitter.emit('all', event, file);
  };
  const start = () => {
    if (started || closed) return;
    started = true;
    handles.push(watch(root, { recursive: true }, (event, name) => {
      if (!name) return;
      const file = resolve(root, name);
      // A `change` of a file not seen yet is a change, not an addition.
      if (event === 'change') known.add(file);
      report(file);
    }));
  };
  const listen = emitter.on.bind(emitter);
  emitter.on = emitter.addListener = (event, fn) => {
    start();
    return listen(event, fn);
  };
  return Object.assign(emitter, {
    /** Watches more files (outside the root too). */
    add(paths) {
      for (const p of [paths].flat()) {
        const file = resolve(root, p);
        known.add(file);
        if (file.startsWith(root + '/') || closed) continue;
        const handle = watchFile(file, report);
        if (handle) handles.push(handle);
      }
      start();
      return emitter;
    },
    unwatch() {
      return emitter;
    },
    async close() {
      closed = true;
      for (const h of handles.splice(0)) h.close();
    },
  });
}
