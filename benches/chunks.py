#!/usr/bin/env python3
"""Summarizes code-splitting outputs side by side: chunk count, total and gzip
size, what the entry loads up front (itself plus the chunks it imports
statically, transitively), and the largest chunk.

usage: chunks.py ENTRY_FILE_NAME DIR [DIR …]   (e.g. chunks.py main.js work/out/sheaf …)
"""
import gzip, os, re, sys

entry = sys.argv[1]
IMPORT = re.compile(rb'''(?:^|[;\n}])\s*import\s*(?:[\w${},\s*]+from\s*)?["']([^"']+)["']''')

def initial(folder, file, seen):
    if file in seen or not os.path.exists(os.path.join(folder, file)):
        return
    seen.add(file)
    code = open(os.path.join(folder, file), 'rb').read()
    for spec in IMPORT.findall(code):
        spec = spec.decode()
        if spec.startswith('.'):
            initial(folder, os.path.normpath(os.path.join(os.path.dirname(file), spec)), seen)

print(f"{'tool':<10} {'chunks':>7} {'total KiB':>10} {'gzip KiB':>9} {'initial KiB':>12} {'initial files':>14} {'largest KiB':>12}")
for folder in sys.argv[2:]:
    files = sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs if f.endswith('.js'))
    sizes = {f: os.path.getsize(os.path.join(folder, f)) for f in files}
    gz = sum(len(gzip.compress(open(os.path.join(folder, f), 'rb').read())) for f in files)
    seen = set()
    initial(folder, entry, seen)
    print(f"{os.path.basename(folder):<10} {len(files):>7} {sum(sizes.values())/1024:>10.1f} {gz/1024:>9.1f} "
          f"{sum(sizes[f] for f in seen)/1024:>12.1f} {len(seen):>14} {max(sizes.values())/1024:>12.1f}")
