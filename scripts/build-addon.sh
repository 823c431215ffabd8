#!/usr/bin/env bash
# Builds the Node addon (crates/sheaf_node) and puts it where packages/sheaf
# loads a locally built binding: packages/sheaf/sheaf.<platform>.node.
# Usage: scripts/build-addon.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
if [ "${1:-}" = "--release" ]; then profile=release; fi
cargo build --locked -p sheaf_node $([ "$profile" = release ] && echo --release)
platform=$(node -e "const p=process; const abi=p.platform==='linux'?'gnu':p.platform==='win32'?'msvc':''; console.log([p.platform,p.arch,abi].filter(Boolean).join('-'))")
cp "target/$profile/libsheaf_node.so" "packages/sheaf/sheaf.$platform.node"
echo "packages/sheaf/sheaf.$platform.node ($profile)"
