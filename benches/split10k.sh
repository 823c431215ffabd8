#!/usr/bin/env bash
# Code splitting on a generated 10,000-module app (gen-app.mjs: a core used by the
# entry and every route, widgets shared by half the routes, 8 routes loaded with
# import()), by sheaf, esbuild and rolldown in one run on this machine. Prints
# time, CPU, peak memory and total size, then the chunk count and sizes, and
# checks that every output prints what the unbundled app prints.
#
# usage: bash benches/split10k.sh [RUNS]   (default 5 runs per tool, median reported)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
source ./app10k.sh
out=work/split-out; rm -rf "$out"; mkdir -p "$out"
bin=node_modules/.bin
echo "generated app: $(find $app -name '*.js' | wc -l) modules, $(du -sh $app | cut -f1); $(nproc) cores; $runs runs each"
for minify in "" "--minify"; do
  echo
  echo "splitting ${minify:-(no minify)}:"
  python3 measure.py "$runs" "$out" \
    "sheaf=rm -rf $out/sheaf && ../target/release/sheaf build $app/main.js --splitting --outdir $out/sheaf $minify" \
    "esbuild=rm -rf $out/esbuild && $bin/esbuild $app/main.js --bundle --splitting --format=esm --outdir=$out/esbuild $minify --log-level=warning" \
    "rolldown=rm -rf $out/rolldown && $bin/rolldown $app/main.js --format esm -d $out/rolldown ${minify:+--minify} --log-level warn"
  echo
  python3 chunks.py main.js "$out/sheaf" "$out/esbuild" "$out/rolldown"
  expected=$(node "$app/main.js" | md5sum)
  for t in sheaf esbuild rolldown; do
    echo '{"type":"module"}' > "$out/$t/package.json"
    [ "$(node "$out/$t/main.js" | md5sum)" = "$expected" ] || { echo "$t output prints something else"; exit 1; }
  done
  echo "all three outputs print what the unbundled app prints"
done
