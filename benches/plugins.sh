#!/usr/bin/env bash
# The JS API and plugin costs (issue 15) against rolldown's JS API, same plugin
# objects, on the generated 10,000-module React app (gen-app.mjs --react):
# build() vs the Rust CLI, a no-op transform hook (cost per call), ten hooks
# whose filters match one file each (JS calls, overhead), @rollup/plugin-replace
# on every module with source maps.
#
# usage: bash benches/plugins.sh [RUNS]   (default 5; medians)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
npm ci --no-audit --no-fund --silent
(cd .. && cargo build --release -p sheaf_cli -p sheaf_node --locked --quiet)
export SHEAF_BINDING="$PWD/work/sheaf.node"
cp ../target/release/libsheaf_node.so "$SHEAF_BINDING"
app=work/react10k
[ -f "$app/index.html" ] || node gen-app.mjs "$app" 10000 --react
out=work/plugins-out; rm -rf "$out"; mkdir -p "$out"
echo "$(nproc) cores"
node plugins.mjs "$PWD/$app" "$PWD/$out" "$runs"
