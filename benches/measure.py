#!/usr/bin/env python3
"""Times commands side by side: wall time, CPU time (user+sys) and peak RSS of each
run, via os.wait4 on the child. Reports the median of N runs and ratios against the
first tool.

usage: measure.py RUNS OUT_DIR name='command …' [name='command …' …]
Each command must write its bundle to OUT_DIR/<name>.js; the size is reported too.
"""
import gzip, os, shlex, statistics, subprocess, sys, time

runs = int(sys.argv[1])
out_dir = sys.argv[2]
tools = [a.split('=', 1) for a in sys.argv[3:]]
rows = []
for name, cmd in tools:
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - start)
        err = p.stderr.read().decode(errors='replace')
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f'{name} failed:\n{err}')
        cpus.append(usage.ru_utime + usage.ru_stime)
        rss.append(usage.ru_maxrss / 1024)
    out = os.path.join(out_dir, f'{name}.js')
    data = open(out, 'rb').read()
    rows.append((name, statistics.median(walls), statistics.median(cpus), max(rss), len(data), len(gzip.compress(data))))

base = rows[0]
print(f"{'tool':<10} {'wall ms':>9} {'cpu ms':>9} {'peak MiB':>9} {'size KiB':>9} {'gzip KiB':>9}   {'wall ratio':>10} {'cpu ratio':>9}")
for name, wall, cpu, mem, size, gz in rows:
    print(f"{name:<10} {wall*1000:>9.0f} {cpu*1000:>9.0f} {mem:>9.1f} {size/1024:>9.0f} {gz/1024:>9.0f}   "
          f"{base[1]/wall:>10.2f} {base[2]/cpu:>9.2f}")
print(f"(ratios are {base[0]} / tool: below 1 means {base[0]} is faster)")
