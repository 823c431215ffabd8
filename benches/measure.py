#!/usr/bin/env python3
"""Times commands side by side: wall time, CPU time (user+sys) and peak RSS of each
run, via os.wait4 on the child. Reports the median of N runs and ratios against the
first tool.

usage: measure.py RUNS OUT_DIR name='command …' [name='command …' …]
Each command must write its bundle to OUT_DIR/<name>.js, or (code splitting) its
files to the folder OUT_DIR/<name>/; the size (summed over the .js files, gzip
per file) is reported too.
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
    folder = os.path.join(out_dir, name)
    if os.path.isdir(folder):
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith('.js'))
    else:
        files = [os.path.join(out_dir, f'{name}.js')]
    datas = [open(f, 'rb').read() for f in files]
    size = sum(len(d) for d in datas)
    gz = sum(len(gzip.compress(d)) for d in datas)
    rows.append((name, statistics.median(walls), statistics.median(cpus), max(rss), size, gz))

base = rows[0]
print(f"{'tool':<10} {'wall ms':>9} {'cpu ms':>9} {'peak MiB':>9} {'size KiB':>9} {'gzip KiB':>9}   {'wall ratio':>10} {'cpu ratio':>9}")
for name, wall, cpu, mem, size, gz in rows:
    print(f"{name:<10} {wall*1000:>9.0f} {cpu*1000:>9.0f} {mem:>9.1f} {size/1024:>9.0f} {gz/1024:>9.0f}   "
          f"{base[1]/wall:>10.2f} {base[2]/cpu:>9.2f}")
print(f"(ratios are {base[0]} / tool: below 1 means {base[0]} is faster)")
