#!/usr/bin/env bash
# Every workload of the performance goals in one run: three.js x10, the generated
# 10,000-module React app (JS/TS/JSX/TSX) and a small React app, each bundled
# into one file by sheaf, bun, esbuild and rolldown (pinned), plainly and with
# --minify + source map (React's production build for every tool; JSX through
# React's automatic runtime, esbuild's told so). Prints, per
# workload and mode, wall time, CPU time, peak memory and output size with
# ratios against sheaf, checks that every output prints what sheaf's does, then
# ends with the minified tree-shaking size table (size.mjs --minify). First it
# says how much of the hot-symbol list the build has (tasks/hot-symbols-coverage.sh).
#
# usage: bash benches/all.sh [RUNS]   (default 5 runs per tool, median reported)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
source workloads.sh
bench_tools
# A stale hot-symbol list costs resident memory and start-up (crates/sheaf_cli/build.rs).
bash ../tasks/hot-symbols-coverage.sh "$PWD/$sheaf" ||
  echo "warning: the hot-symbol list does not fit this build; run tasks/hot-symbols.sh"
three10_workload
react10k_workload
three=work/three10
[ -f work/react-small/index.html ] || node gen-small-react.mjs work/react-small

out=work/all-out
bin=node_modules/.bin
echo "$(nproc) cores; $runs runs per tool; ratios are sheaf / tool (below 1: sheaf is faster)"
for workload in "three.js x10=$three/entry.js" "React app, 10,000 modules=work/react10k/main.js" \
  "small React app=work/react-small/main.jsx"; do
  name=${workload%%=*}; entry=${workload#*=}
  for mode in bundle min; do
    mode_flags "${mode/bundle/}" "$out"
    rm -rf "$out"; mkdir -p "$out"
    echo; echo "== $name, ${mode/min/minify + source map}"
    python3 measure.py "$runs" "$out" \
      "sheaf=$sheaf build $entry --outfile $out/sheaf.js $s" \
      "bun=$bin/bun build $entry --target browser --format esm $b" \
      "esbuild=$bin/esbuild $entry --bundle --format=esm --jsx=automatic --outfile=$out/esbuild.js $e --log-level=warning" \
      "rolldown=$bin/rolldown $entry --format esm --no-codeSplitting --file $out/rolldown.js $r --logLevel warn"
    # The React apps print; three.js x10 prints nothing, so what its output
    # exports is checked instead.
    run_output() {
      node --input-type=module -e "const m = await import('./$1');
        if ('copy3' in m) console.log(Object.keys(m).length, new m.copy3.Vector3(1, 2, 2).length());"
    }
    expected=$(run_output "$out/sheaf.js" | md5sum)
    for t in bun esbuild rolldown; do
      file="$out/$t.js"; [ -d "$out/$t" ] && file=$(find "$out/$t" -name '*.js' | head -1)
      [ "$(run_output "$file" | md5sum)" = "$expected" ] || echo "note: $t's output prints something else"
    done
  done
done
echo; echo "== tree-shaking scenarios, minified"
node size.mjs --minify
