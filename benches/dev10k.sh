#!/usr/bin/env bash
# sheaf dev against Vite's dev server on the generated 10,000-module app
# (gen-app.mjs; its index.html imports every module statically): start to first
# render in headless Chromium, hot-update latency from file write to DOM change
# over EDITS edits of a self-accepting module (p50/p95), and server memory.
#
# usage: bash benches/dev10k.sh [EDITS]   (default 100)
set -euo pipefail
cd "$(dirname "$0")"
source ./app10k.sh
node dev10k.mjs "$app" "${1:-100}"
