#!/usr/bin/env bash
# The issue-14 workload: a generated app of 10,000 JS/TS/JSX/TSX modules that
# import React (gen-app.mjs --react), bundled into one file by sheaf, bun, esbuild
# and rolldown in one run, plain and with --minify + source map. Prints time, CPU,
# peak memory and size (ratios against sheaf), and checks that every output prints
# what sheaf's does. With SCALE=1, also sheaf's stage timings at 10k, 20k and 50k
# modules (link must grow linearly).
#
# usage: bash benches/react10k.sh [RUNS]   (default 5 runs per tool, median reported)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
npm ci --no-audit --no-fund --silent
(cd .. && cargo build --release -p sheaf_cli --locked --quiet)
app=work/react10k
# index.html is written last: an app without it is from an older generator.
[ -f "$app/index.html" ] || node gen-app.mjs "$app" 10000 --react
out=work/react-out; rm -rf "$out"; mkdir -p "$out"
bin=node_modules/.bin
echo "generated app: 10,000 modules (JS/TS/JSX/TSX, React); $(nproc) cores; $runs runs each"
for mode in "" "min"; do
  s=""; b=""; e=""; r=""
  if [ "$mode" = min ]; then
    s="--minify --sourcemap"; b="--minify --sourcemap=linked"; e="--minify --sourcemap"; r="--minify --sourcemap"
  fi
  echo; echo "one bundle ${mode:+(minify + source map)}:"
  python3 measure.py "$runs" "$out" \
    "sheaf=../target/release/sheaf build $app/main.js --outfile $out/sheaf.js $s" \
    "bun=$bin/bun build $app/main.js --target browser --outfile $out/bun.js $b" \
    "esbuild=$bin/esbuild $app/main.js --bundle --format=esm --outfile=$out/esbuild.js $e --log-level=warning" \
    "rolldown=$bin/rolldown $app/main.js --format esm --no-codeSplitting --file $out/rolldown.js $r --logLevel warn"
  expected=$(node "$out/sheaf.js" | md5sum)
  for t in bun esbuild rolldown; do
    [ "$(node "$out/$t.js" | md5sum)" = "$expected" ] || echo "note: $t's output prints something else"
  done
done
if [ "${SCALE:-}" = 1 ]; then
  echo; echo "sheaf stages by app size (link must grow linearly):"
  for n in 10000 20000 50000; do
    [ -f "work/react$n/index.html" ] || node gen-app.mjs "work/react$n" "$n" --react >/dev/null
    echo "$n modules: $(../target/release/sheaf build work/react$n/main.js --outfile $out/scale.js --timings 2>&1 | grep -E 'scan|link|generate|done' | tr -s ' ' | tr '\n' ' ')"
  done
fi
