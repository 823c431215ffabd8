#!/usr/bin/env bash
# Tree-shaking size comparison (see size.mjs). usage: bash benches/size.sh [--minify]
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
(cd .. && cargo build --release -p sheaf_cli --locked --quiet)
node size.mjs "$@"
