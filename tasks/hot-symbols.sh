#!/usr/bin/env bash
# Writes crates/sheaf_cli/hot-symbols.txt: every function of the `sheaf`
# executable that typical builds run, most instructions first, for the linker
# to lay out together (see crates/sheaf_cli/build.rs).
#
# The builds run under valgrind's callgrind, which counts every function that
# runs, however briefly (a sampling profiler misses the ones that run once,
# and those are what spread a run over the file's pages): a one-line module
# and the small React app, plain and --minify --sourcemap, and the generated
# 10,000-module app (JS/TS/JSX/TSX), both ways.
#
# Run it again after changing dependencies (their symbols' names carry hashes
# that change with versions; names the file lacks keep the linker's order) or
# when a new kind of work is added, or when tasks/hot-symbols-coverage.sh
# (which benches/all.sh runs) finds less than 95% of the list in the build.
# Needs valgrind (apt-get install valgrind) and takes about five minutes after
# the release build.
#
# usage: bash tasks/hot-symbols.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/benches"
source workloads.sh
bench_tools
react10k_workload
[ -f work/react-small/index.html ] || node gen-small-react.mjs work/react-small
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo 'export const x = 1; console.log(x)' > "$out/one.js"
runs=0
run() {
  runs=$((runs + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$out/$runs.callgrind" \
    "$sheaf" build "$@" --outfile "$out/out.js" > /dev/null 2>&1
}
for entry in "$out/one.js" work/react-small/main.jsx work/react10k/main.js; do
  run "$entry"
  run "$entry" --minify --sourcemap --define 'process.env.NODE_ENV="production"'
done
# Instructions per function of the executable (self cost, summed over the
# runs), keeping the names its symbol table has.
nm "$sheaf" | awk '$2 ~ /^[tTwW]$/ { print $3 }' > "$out/symbols"
python3 - "$out" "$(basename "$sheaf")" > "$root/crates/sheaf_cli/hot-symbols.txt" <<'EOF'
import collections, glob, re, sys
out, exe = sys.argv[1], sys.argv[2]
known = set(open(f"{out}/symbols").read().split())
cost = collections.Counter()
entry = re.compile(r"(c?(?:ob|fn))=\((\d+)\)(?: (.*))?")
for path in glob.glob(f"{out}/*.callgrind"):
    names = {"ob": {}, "fn": {}}
    ob = fn = None
    skip = False
    for line in open(path, errors="replace"):
        if skip:  # the inclusive cost of a call, not the caller's own
            skip = False
            continue
        m = entry.match(line)
        if m:
            kind, key, name = m.group(1), m.group(2), m.group(3)
            table = names[kind.lstrip("c")]
            if name:
                table[key] = name
            if kind == "ob":
                ob = table.get(key)
            elif kind == "fn":
                fn = table.get(key)
        elif line.startswith("calls="):
            skip = True
        elif line[:1] in "0123456789+-*" and fn and ob and ob.endswith("/" + exe):
            parts = line.split()
            if len(parts) >= 2:
                cost[fn] += int(parts[1])
for name, _ in sorted(cost.items(), key=lambda item: (-item[1], item[0])):
    if name in known:
        print(name)
EOF
wc -l "$root/crates/sheaf_cli/hot-symbols.txt"
