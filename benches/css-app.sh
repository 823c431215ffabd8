#!/usr/bin/env bash
# The issue-13 workload: a generated app of 10,000 JS modules importing 2,000
# stylesheets (400 CSS modules) and 500 images (gen-css-app.mjs), built for
# production with --minify by sheaf (from index.html), Vite 8 (its defaults) and
# esbuild (main.js, same CSS; CSS modules by its local-css loader). Prints time,
# CPU, peak memory and JS size (measure.py), then the CSS each wrote (raw, gzip)
# and the number of files written. (Vite and sheaf inline images under 4 KiB;
# esbuild copies every image, so its JS is smaller and it writes more files.)
#
# usage: bash benches/css-app.sh [RUNS]   (default 5 runs per tool, median reported)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
npm ci --no-audit --no-fund --silent
(cd .. && cargo build --release -p sheaf_cli --locked --quiet)
app=work/css10k
[ -f "$app/index.html" ] || node gen-css-app.mjs "$app"
out=work/css-out; rm -rf "$out"; mkdir -p "$out"
bin=$PWD/node_modules/.bin
sheaf=$PWD/../target/release/sheaf
echo "generated app: 10,000 modules, 2,000 stylesheets (400 CSS modules), 500 images; $(nproc) cores; $runs runs each"
python3 measure.py "$runs" "$out" \
  "sheaf=cd $app && $sheaf build index.html --minify --outdir ../css-out/sheaf" \
  "vite=$bin/vite build $app --outDir ../css-out/vite --emptyOutDir --logLevel error" \
  "esbuild=$bin/esbuild $app/src/main.js --bundle --minify --format=esm --outdir=$out/esbuild --loader:.png=file --asset-names=assets/[name]-[hash] --log-level=error"
python3 - "$out" <<'PY'
import gzip, os, sys
out = sys.argv[1]
print(f"\n{'tool':<10} {'CSS KiB':>9} {'CSS gzip KiB':>13} {'files':>7}")
for tool in ('sheaf', 'vite', 'esbuild'):
    files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(out, tool)) for f in fs]
    css = [open(f, 'rb').read() for f in files if f.endswith('.css')]
    print(f"{tool:<10} {sum(map(len, css))/1024:>9.1f} {sum(len(gzip.compress(c)) for c in css)/1024:>13.1f} {len(files):>7}")
PY
