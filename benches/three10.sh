#!/usr/bin/env bash
# esbuild's three.js x10 benchmark: ten copies of three.js r108's src/ behind one
# entry, bundled (no minify, no source map) by sheaf, esbuild, rolldown and bun in
# one run on this machine. Prints wall, CPU, peak memory and output size, with ratios.
#
# usage: bash benches/three10.sh [RUNS] [--es5]   (default 5 runs per tool, median reported)
# --es5 adds the ES5 comparison with esbuild + Babel, which takes Babel ~15 minutes here.
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
es5=${2:-}
source workloads.sh
bench_tools
three10_workload
work=work/three10
out=work/out; rm -rf "$out"; mkdir -p "$out"
bin=node_modules/.bin
echo "three.js x10: $(find $work -name '*.js' | wc -l) files, $(du -sh $work | cut -f1); $(nproc) cores; $runs runs each"
python3 measure.py "$runs" "$out" \
  "sheaf=$sheaf build $work/entry.js --outfile $out/sheaf.js" \
  "esbuild=$bin/esbuild $work/entry.js --bundle --format=esm --outfile=$out/esbuild.js --log-level=warning" \
  "rolldown=$bin/rolldown $work/entry.js --format esm --file $out/rolldown.js --log-level warn" \
  "bun=$bin/bun build $work/entry.js --format esm --outfile $out/bun.js"

# The bundles must load: each exposes the ten copies.
for t in sheaf esbuild rolldown bun; do
  node --input-type=module -e "import('./$out/$t.js').then(m => { if (Object.keys(m).length !== 10 || typeof m.copy3.Vector3 !== 'function') throw new Error('$t bundle is broken'); })"
done
echo "all four bundles load and export 10 copies"

echo
echo "minify + source map:"
python3 measure.py "$runs" "$out" \
  "sheaf=$sheaf build $work/entry.js --outfile $out/sheaf.js --minify --sourcemap" \
  "esbuild=$bin/esbuild $work/entry.js --bundle --format=esm --outfile=$out/esbuild.js --minify --sourcemap --log-level=warning" \
  "rolldown=$bin/rolldown $work/entry.js --format esm --file $out/rolldown.js --minify --sourcemap --log-level warn" \
  "bun=rm -rf $out/bun && $bin/bun build $work/entry.js --format esm --minify --sourcemap=linked --outdir $out/bun"

[ "$es5" = "--es5" ] || exit 0
echo
echo "ES5 output: sheaf --target es5, against esbuild (es2015, iife) followed by Babel preset-env to ES5:"
cat > $out/babel.config.json <<'JSON'
{ "presets": [["@babel/preset-env", { "targets": "ie 11", "modules": false }]], "compact": true }
JSON
python3 measure.py 1 "$out" \
  "sheaf=$sheaf build $work/entry.js --outfile $out/sheaf.js --format iife --target es5" \
  "esbuild+babel=$bin/esbuild $work/entry.js --bundle --format=iife --target=es2015 --outfile=$out/es2015.js --log-level=error && $bin/babel --config-file ./$out/babel.config.json $out/es2015.js -o $out/esbuild+babel.js"

