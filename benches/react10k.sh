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
source workloads.sh
bench_tools
react10k_workload
app=work/react10k
out=work/react-out; rm -rf "$out"; mkdir -p "$out"
bin=node_modules/.bin
echo "generated app: 10,000 modules (JS/TS/JSX/TSX, React); $(nproc) cores; $runs runs each"
for mode in "" "min"; do
  mode_flags "$mode" "$out"
  echo; echo "one bundle ${mode:+(minify + source map)}:"
  python3 measure.py "$runs" "$out" \
    "sheaf=$sheaf build $app/main.js --outfile $out/sheaf.js $s" \
    "bun=$bin/bun build $app/main.js --target browser $b" \
    "esbuild=$bin/esbuild $app/main.js --bundle --format=esm --outfile=$out/esbuild.js $e --log-level=warning" \
    "rolldown=$bin/rolldown $app/main.js --format esm --no-codeSplitting --file $out/rolldown.js $r --logLevel warn"
  expected=$(node "$out/sheaf.js" | md5sum)
  for t in bun esbuild rolldown; do
    file="$out/$t.js"; [ -d "$out/$t" ] && file="$out/$t/main.js"
    [ "$(node "$file" | md5sum)" = "$expected" ] || echo "note: $t's output prints something else"
  done
done
if [ "${SCALE:-}" = 1 ]; then
  # Each stage's time per 1,000 modules at each size: a stage that grows
  # linearly keeps its number; the last column is 50k's over 10k's (1.0 = linear).
  echo; echo "sheaf stages by app size, ms per 1,000 modules (best of 3; link's passes indented):"
  for n in 10000 20000 50000; do
    [ -f "work/react$n/index.html" ] || node gen-app.mjs "work/react$n" "$n" --react >/dev/null
    for i in 1 2 3; do
      $sheaf build work/react$n/main.js --outfile $out/scale.js --timings 2>&1 |
        awk -v n="$n" '$2 ~ /^[0-9.]+$/ && $3 == "ms" { print n, $1, $2 } $1 == "done" { print n, "total", $3 }'
    done
  done | awk '{ k = $1 " " $2; if (!(k in best) || $3 < best[k]) best[k] = $3; if (!($2 in seen)) { seen[$2] = 1; order[++c] = $2 } }
    END { printf "%-14s %9s %9s %9s %8s\n", "stage", "10k", "20k", "50k", "50k/10k"
          for (i = 1; i <= c; i++) { s = order[i]; a = best["10000 " s] / 10; b = best["20000 " s] / 20; d = best["50000 " s] / 50
            printf "%-14s %9.1f %9.1f %9.1f %8s\n", (s ~ /:/ ? "  " substr(s, index(s, ":") + 1) : s), a, b, d, (a > 0 ? sprintf("%.2f", d / a) : "-") } }'
fi
