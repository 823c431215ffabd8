#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need, then
# runs formatting and lint checks and every test. This is the README's test command
# and what CI (.ci/run) runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node.js runs every bundle the tests produce.
if ! command -v node >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi
echo "node $(node --version)"

# Debian's Chromium for the browser tests (tests/browser.rs, driven by playwright-core).
if ! [ -x /usr/bin/chromium ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

# Duktape, a real ES5 engine, runs the ES5 bundles of tests/es5_engine.rs.
if ! command -v duk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq duktape >/dev/null
fi

# Real npm packages for tests/packages.rs and playwright-core for tests/browser.rs,
# pinned by tests/packages/package-lock.json.
npm ci --prefix tests/packages --no-audit --no-fund --silent
# The create-vite starter apps and their dependencies (tests/starters.rs),
# pinned by tests/starters/package-lock.json.
npm ci --prefix tests/starters --no-audit --no-fund --silent
# The npm package's own dependencies (acorn for plugins' this.parse, the React
# refresh runtime), pinned by packages/sheaf/package-lock.json; its optional
# platform package is the addon built here (scripts/build-addon.sh).
npm install --prefix packages/sheaf --omit=optional --no-save --no-audit --no-fund --silent
# Unmodified Rollup/Vite plugins for tests/plugins.rs (the JS API and its
# plugin driver), pinned by tests/plugins/package-lock.json.
npm ci --prefix tests/plugins --no-audit --no-fund --silent

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
log=$(mktemp)
cargo test --workspace --locked 2>&1 | tee "$log"
# One closing line over every test binary (cargo prints one result line per binary).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
