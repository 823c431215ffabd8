#!/usr/bin/env bash
# sheaf dev against Vite's dev server on the generated 10,000-module app
# (gen-app.mjs; its index.html imports every module statically): start to first
# render in headless Chromium, hot-update latency from file write to DOM change
# over EDITS edits of a self-accepting module (p50/p95), and server memory.
#
# usage: bash benches/dev10k.sh [EDITS]   (default 100)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
(cd .. && cargo build --release -p sheaf_cli --locked --quiet)
app=work/app10k
if [ ! -f "$app/index.html" ]; then
  node gen-app.mjs "$app" 10000
  echo '{"type":"module"}' > "$app/package.json"
fi
node dev10k.mjs "$app" "${1:-100}"
