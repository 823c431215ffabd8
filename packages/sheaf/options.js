// The JS API's options, turned into `sheaf build` arguments: the Rust side
// parses them with the CLI's own grammar and checks, so both behave the same.
//
// Accepted: sheaf's names (entries, outdir, outfile, format, sourcemap, minify,
// target, platform, external, define, splitting, …, as in sheaf.config.json)
// and Rollup's (input, output.dir, output.file, output.format,
// output.sourcemap, output.name, output.entryFileNames, …).

const FORMATS = { es: 'esm', esm: 'esm', module: 'esm', cjs: 'cjs', commonjs: 'cjs', iife: 'iife' };

function fail(message) {
  const e = new Error(`sheaf: ${message}`);
  e.code = 'E_OPTIONS';
  throw e;
}

function entries(input) {
  if (input == null) return [];
  if (typeof input === 'string') return [input];
  if (Array.isArray(input)) return input.map(String);
  if (typeof input === 'object') return Object.entries(input).map(([name, path]) => `${name}=${path}`);
  fail(`input must be a string, an array or an object of name → path, not ${typeof input}`);
}

// Rollup's `[name].js` patterns hold the extension; sheaf's do not.
function pattern(p, option) {
  if (p == null) return undefined;
  if (typeof p !== 'string') fail(`${option} must be a string (functions are not supported)`);
  return p.replace(/(\.m?js|\.cjs|\[extname\]|\.\[ext\])$/, '');
}

function sourcemap(value) {
  if (value === true || value === 'linked') return 'linked';
  if (value === 'inline' || value === 'external') return value;
  if (value === 'hidden') return 'external';
  if (value === false || value == null) return undefined;
  fail(`sourcemap must be true, "inline", "hidden" or "external", not ${JSON.stringify(value)}`);
}

/** `sheaf build` flags that take a value (`--outdir dist` or `--outdir=dist`). */
const VALUE_FLAGS = new Set([
  'outfile', 'outdir', 'format', 'platform', 'global-name', 'external', 'define', 'jsx',
  'jsx-import-source', 'target', 'legal-comments', 'polyfills', 'unresolved', 'entry-names',
  'chunk-names', 'asset-names', 'asset-inline-limit', 'metafile', 'mode', 'base', 'config', 'threads',
]);
/** Flags that may be given several times: the command line adds to the config. */
const REPEATABLE = new Set(['external', 'define']);

/** Command-line arguments split into entries and `[flag name, tokens]`. */
export function splitArgs(argv) {
  const entries = [];
  const flags = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      entries.push(a);
      continue;
    }
    const name = a.slice(2).split('=')[0];
    if (VALUE_FLAGS.has(name) && !a.includes('=') && i + 1 < argv.length) {
      flags.push([name, [a, argv[++i]]]);
    } else {
      flags.push([name, [a]]);
    }
  }
  return { entries, flags };
}

/**
 * Config-file arguments with the command line's over them: its entries
 * replace the config's, its flags replace the config's same flags (or add to
 * `--external` and `--define`).
 */
function withCommandLine(args, extra) {
  if (!extra?.length) return args;
  const cli = splitArgs(extra);
  const own = splitArgs(args);
  const overridden = new Set(cli.flags.map(([n]) => n).filter((n) => !REPEATABLE.has(n)));
  return [
    ...(cli.entries.length ? cli.entries : own.entries),
    ...own.flags.filter(([n]) => !overridden.has(n)).flatMap(([, t]) => t),
    ...cli.flags.flatMap(([, t]) => t),
  ];
}

/** `options` → `[args, cwd, write]`. */
export function toArgs(options) {
  const o = options ?? {};
  const out = o.output ?? {};
  if (Array.isArray(out)) fail('one output per build: pass output as an object');
  const args = [...entries(o.input ?? o.entries)];
  const flag = (name, value) => {
    if (value === undefined || value === null || value === false) return;
    if (value === true) args.push(`--${name}`);
    else args.push(`--${name}=${value}`);
  };
  const outfile = out.file ?? o.outfile;
  // No output location: `dist`, as in Vite.
  flag('outdir', out.dir ?? o.outdir ?? (outfile ? undefined : 'dist'));
  flag('outfile', outfile);
  const format = out.format ?? o.format;
  if (format !== undefined) {
    const f = FORMATS[format];
    if (!f) fail(`format "${format}" is not supported (es, cjs or iife)`);
    flag('format', f);
  }
  const map = sourcemap(out.sourcemap ?? o.sourcemap);
  if (map) args.push(`--sourcemap=${map}`);
  flag('global-name', out.name ?? o.globalName);
  flag('entry-names', pattern(out.entryFileNames ?? o.entryNames, 'entryFileNames'));
  flag('chunk-names', pattern(out.chunkFileNames ?? o.chunkNames, 'chunkFileNames'));
  flag('asset-names', pattern(out.assetFileNames ?? o.assetNames, 'assetFileNames'));
  flag('minify', out.minify ?? o.minify);
  flag('legal-comments', o.legalComments);
  // Rollup's `output.exports` ('none' is not a mode sheaf has: an entry without
  // exports has none either way).
  const exportsMode = out.exports ?? o.exports;
  if (exportsMode !== undefined && exportsMode !== 'none') {
    if (!['auto', 'named', 'default'].includes(exportsMode)) fail(`exports "${exportsMode}" is not supported (auto, named or default)`);
    flag('exports', exportsMode);
  }
  flag('target', o.target);
  flag('platform', o.platform);
  flag('jsx', o.jsx);
  flag('jsx-import-source', o.jsxImportSource);
  flag('polyfills', o.polyfills);
  flag('splitting', o.splitting);
  // Rollup's `treeshake: false` (its option objects keep tree shaking on).
  if (o.treeShaking === false || o.treeshake === false) args.push('--tree-shaking=false');
  flag('unresolved', o.unresolved);
  flag('asset-inline-limit', o.assetInlineLimit);
  // A path writes the metafile there; `true` only returns it (build()'s `metafile`).
  flag('metafile', typeof o.metafile === 'string' ? o.metafile : undefined);
  flag('mode', o.mode);
  flag('base', o.base);
  flag('config', o.config);
  flag('threads', o.threads);
  flag('analyze', o.analyze === true ? 'table' : o.analyze);
  const external = o.external == null ? [] : Array.isArray(o.external) ? o.external : [o.external];
  for (const e of external) {
    if (typeof e !== 'string') fail('external must be strings (patterns with *), not functions or RegExps');
    args.push(`--external=${e}`);
  }
  for (const [key, value] of Object.entries(o.define ?? {})) {
    args.push(`--define=${key}=${value}`);
  }
  return [withCommandLine(args, o.extraArgs), o.cwd ?? process.cwd(), o.write ?? true];
}
