# Sourced by three10.sh, react10k.sh and all.sh: the tools they run, the shared
# workloads (made once into work/), and the flags each tool gets for one bundle
# in a given mode.

# The pinned peers (npm ci) and sheaf's release build, before any workload.
# Every run measures $sheaf, a fresh copy of the build: a process's peak RSS
# counts the executable's file-backed pages, and how many of them a run maps
# depends on the file's page-cache state. target/release/sheaf, written by the
# linker, measured 1.5-2 MiB below the same bytes copied; the peers' binaries
# are freshly unpacked by npm ci, so sheaf's is freshly copied too.
bench_tools() {
  npm ci --no-audit --no-fund --silent
  (cd .. && cargo build --release -p sheaf_cli --locked --quiet)
  mkdir -p work/bin
  rm -f work/bin/sheaf
  cp ../target/release/sheaf work/bin/sheaf
}
sheaf=work/bin/sheaf

# esbuild's three.js x10: ten copies of three.js r108's src/ behind one entry.
three10_workload() {
  local work=work/three10
  [ -f "$work/entry.js" ] && return
  rm -rf "$work"; mkdir -p "$work"
  for i in 1 2 3 4 5 6 7 8 9 10; do
    cp -r node_modules/three/src "$work/copy$i"
    echo "import * as copy$i from './copy$i/Three.js'; export {copy$i}" >> "$work/entry.js"
  done
}

# The generated app of 10,000 JS/TS/JSX/TSX modules importing React.
react10k_workload() {
  # index.html is written last: an app without it is from an older generator.
  [ -f work/react10k/index.html ] || node gen-app.mjs work/react10k 10000 --react >/dev/null
}

# Sets s, b, e, r: the extra flags of sheaf, bun, esbuild and rolldown for MODE
# ("" or "min": minify + source map), with bun writing into OUT.
mode_flags() {
  local mode=$1 out=$2
  s=""; b="--outfile $out/bun.js"; e=""; r=""
  if [ "$mode" = min ]; then
    # bun 1.4.5 writes a linked map's bundle next to the entry, not to --outfile
    # (the old run measured the stale plain bun.js): an output folder instead.
    # Every tool bundles React's production build, as sheaf does by default
    # under --minify (bun's --production defines NODE_ENV and minifies).
    s="--minify --sourcemap --define process.env.NODE_ENV='\"production\"'"
    b="--production --minify --sourcemap=linked --outdir $out/bun"
    e="--minify --sourcemap --define:process.env.NODE_ENV='\"production\"'"
    r="--minify --sourcemap --transform.define process.env.NODE_ENV:'\"production\"'"
  fi
}
