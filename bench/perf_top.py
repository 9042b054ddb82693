#!/usr/bin/env python3
"""Top functions of a `perf record -g` profile as Markdown tables: the top N
by self share of the samples (with their inclusive share), then the
inclusive share of the functions named with --show (where time goes by phase).

    bench/perf_top.py perf.data [--top 20] [--show parse_document --show ingest_with_state ...]

Needs `perf` (Debian: linux-perf). Record with call graphs, e.g.
`perf record -e cpu-clock -F 1999 --call-graph dwarf -o perf.data -- CMD`
on a release build with debug symbols (CARGO_PROFILE_RELEASE_DEBUG=true).
perf's report is cached beside the data (perf.data.children.txt): with dwarf
call graphs it takes minutes.
"""
import argparse
import os
import re
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("data")
ap.add_argument("--top", type=int, default=20)
ap.add_argument("--show", action="append", default=[], help="a function (substring) whose inclusive share to show")
ap.add_argument("--width", type=int, default=80, help="longest function name shown")
a = ap.parse_args()
cache = a.data + ".children.txt"
if not os.path.exists(cache) or os.path.getmtime(cache) < os.path.getmtime(a.data):
    cmd = ["perf", "report", "-i", a.data, "--stdio", "--children", "--sort", "dso,symbol", "-g", "none",
           "--percent-limit", "0.2"]
    with open(cache, "w") as f:
        f.write(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
out = open(cache).read()
rows = []
for line in out.splitlines():
    m = re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*?)\s*$", line)
    if m:
        sym = re.sub(r"\s+-\s+-\s*$", "", m.group(4)).strip()  # perf's empty columns
        sym = re.sub(r"::h[0-9a-f]{16}$", "", sym)
        rows.append((float(m.group(1)), float(m.group(2)), m.group(3), sym))
total = re.search(r"# Samples: (\S+)", out)


def name(sym, dso):
    where = "" if dso.startswith("tidings") or dso == "floor" or re.match(r"floor-", dso) else " [%s]" % dso
    s = sym + where
    return (s if len(s) <= a.width else s[: a.width - 1] + "…").replace("|", "\\|")


print("samples: %s (cpu-clock)\n" % (total.group(1) if total else "?"))
print("| # | function | self % | inclusive % |")
print("|---|---|---|---|")
for i, (inc, slf, dso, sym) in enumerate(sorted(rows, key=lambda r: r[1], reverse=True)[: a.top], 1):
    print("| %d | `%s` | %.1f | %.1f |" % (i, name(sym, dso), slf, inc))
if a.show:
    print("\n| function (inclusive) | inclusive % |")
    print("|---|---|")
    for want in a.show:
        hits = [r for r in rows if want in r[3]]
        if hits:
            inc, _, dso, sym = max(hits, key=lambda r: r[0])
            print("| `%s` | %.1f |" % (name(sym, dso), inc))
        else:
            print("| `%s` | <0.2 |" % want)
