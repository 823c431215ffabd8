// Loads the native addon: a locally built one first (SHEAF_BINDING, then
// sheaf.<platform>.node next to this file, which scripts/build-addon.sh puts
// there), then the platform package (@sheaf/binding-<os>-<arch>[-<libc>]).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

function libc() {
  if (process.platform !== 'linux') return null;
  const report = process.report?.getReport?.();
  const glibc = report?.header?.glibcVersionRuntime;
  if (glibc) return 'gnu';
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl') ? 'musl' : 'gnu';
  } catch {
    return 'gnu';
  }
}

/** `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`: the binding's platform name. */
export function platformName() {
  const abi = process.platform === 'linux' ? libc() : process.platform === 'win32' ? 'msvc' : null;
  return [process.platform, process.arch, abi].filter(Boolean).join('-');
}

function load() {
  const name = platformName();
  const local = [process.env.SHEAF_BINDING, join(here, `sheaf.${name}.node`)].filter(Boolean);
  for (const file of local) {
    if (existsSync(file)) return require(file);
  }
  const pkg = `@sheaf/binding-${name}`;
  try {
    return require(pkg);
  } catch (e) {
    if (e?.code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error(
      `sheaf: no native binding for ${name}. Install the package ${pkg} ` +
        `(npm installs it with sheaf unless optional dependencies were omitted), ` +
        `or build one from source with scripts/build-addon.sh.`,
    );
  }
}

export const native = load();
