#!/usr/bin/env bash
# Builds sheaf (release) and bundles the playground app, then runs the bundle with node.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p sheaf_cli --locked
./target/release/sheaf build playground/src/main.tsx --outdir playground/dist --sourcemap
node playground/dist/main.js
echo "open playground/index.html in a browser to see the same page rendered from playground/dist/main.js"
