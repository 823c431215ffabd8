#!/usr/bin/env bash
# Builds sheaf (release) and the playground app from its index.html (TypeScript,
# JSX, a CSS file, a CSS module, an image, import.meta.env from .env), prints the
# page its script renders (with node), and says how to open it in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p sheaf_cli --locked
rm -rf playground/dist
./target/release/sheaf build playground/index.html --outdir playground/dist --sourcemap --minify
node playground/dist/assets/main-*.js
cat <<'TEXT'

Built playground/dist (index.html, assets/, favicon.svg). To see it in a browser:
  python3 -m http.server -d playground/dist 8080     # then open http://localhost:8080/
or serve the sources with hot updates:
  ./target/release/sheaf dev playground              # then open http://localhost:5173/
TEXT
