#!/usr/bin/env bash
# How much of crates/sheaf_cli/hot-symbols.txt a built `sheaf` still has: the
# listed functions whose names are in the executable's symbol table.
#
# Why: the list names functions with their hashes, which change whenever a
# function or a dependency changes; names the build lacks are skipped quietly
# by the linker (see crates/sheaf_cli/build.rs), so a stale list only shows as
# more resident code and slower start-up. benches/all.sh prints this line with
# every run, and warns below 95%: then run tasks/hot-symbols.sh again.
#
# usage: bash tasks/hot-symbols-coverage.sh [EXECUTABLE]   (default target/release/sheaf)
# Prints "hot symbols: FOUND of LISTED (PERCENT%) in EXECUTABLE"; exits 1 below 95%.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exe=${1:-$root/target/release/sheaf}
list=$root/crates/sheaf_cli/hot-symbols.txt
[ -x "$exe" ] || { echo "hot symbols: no executable at $exe" >&2; exit 2; }
[ -s "$list" ] || { echo "hot symbols: no list at $list" >&2; exit 2; }
# Every name in the symbol table (the last field of nm's lines): the list
# holds functions only, as tasks/hot-symbols.sh chose them, so it is not
# filtered again here.
nm "$exe" | awk -v exe="$exe" '
  NR == FNR { present[$NF] = 1; next }
  { listed++; if ($0 in present) found++ }
  END {
    percent = listed ? 100 * found / listed : 0
    printf "hot symbols: %d of %d (%.1f%%) in %s\n", found, listed, percent, exe
    exit percent < 95
  }' - "$list"
