#!/usr/bin/env bash
# sheaf dev against Vite's dev server on the issue-13 app (gen-css-app.mjs:
# 10,000 modules, 2,000 stylesheets of which 400 CSS modules, 500 images): start
# to first styled render in headless Chromium, then CSS-edit-to-style latency
# over EDITS edits of one stylesheet (p50/p95/max), and each server's peak RSS.
#
# usage: bash benches/css-app-dev.sh [EDITS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
(cd .. && cargo build --release -p sheaf_cli --locked --quiet)
app=work/css10k
[ -f "$app/index.html" ] || node gen-css-app.mjs "$app"
node css-app-dev.mjs "$app" "${1:-30}"
