#!/usr/bin/env python3
"""Medians of a compare.sh run as one Markdown table: tidings against
newsboat's best thread count and the curl floor, wall time and peak RSS.

    ./table.py RESULTS_DIR

Reads RESULTS_DIR/readers.jsonl (run_reader.sh records) and floor.jsonl.
Scenarios: cold (empty database), all-304 (tidings' second run; newsboat's
third, since newsboat 2.x keeps no validators from its first fetch) and
"server ignores validators" (second run against a server that always sends
the full body; its floor is the curl pass that downloads every body).
"""
import json
import os
import statistics
import sys
from collections import defaultdict

# scenario -> (reader name, phase) for tidings, newsboat, and the floor pass
SCENARIOS = [
    ("cold", ("tidings", "cold"), ("newsboat", "cold"), "cold"),
    ("all 304", ("tidings", "warm"), ("newsboat", "warm2"), "warm"),
    # its floor is the plain client's unconditional pass: every full body downloaded, nothing parsed
    ("ignores validators", ("tidings-ignoring", "warm"), ("newsboat-ignoring", "warm"), "cold"),
]


def load(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main():
    root = sys.argv[1]
    rows = load(os.path.join(root, "readers.jsonl"))
    floor = load(os.path.join(root, "floor.jsonl"))
    runs = defaultdict(list)
    for r in rows:
        runs[(r["reader"], r["n"], int(r["delay_ms"]), r["phase"], r["threads"])].append(r)
    floors = defaultdict(list)
    for r in floor:
        floors[(r["n"], int(r.get("delay_ms") or 0), r["phase"])].append(r["wall_s"])
    print("| N | delay | scenario | tidings s | newsboat best s (threads) | newsboat/tidings | curl floor s "
          "| tidings/floor | tidings RSS MB | newsboat RSS MB | RSS tidings/newsboat | tidings 200/304 |")
    print("|" + "---|" * 12)
    for n, delay in sorted({(k[1], k[2]) for k in runs}):
        for name, ours, theirs, floor_pass in SCENARIOS:
            mine = [r for k, v in runs.items() if k[:4] == (ours[0], n, delay, ours[1]) for r in v]
            if not mine:
                continue
            wall = med([r["wall_s"] for r in mine])
            rss = med([r["max_rss_kb"] for r in mine]) / 1024
            best = None
            for k, v in runs.items():
                if k[:4] == (theirs[0], n, delay, theirs[1]):
                    w = med([r["wall_s"] for r in v])
                    m = med([r["max_rss_kb"] for r in v]) / 1024
                    if best is None or w < best[0]:
                        best = (w, k[4], m)
            fl = med(floors.get((n, delay, floor_pass), [])) if floor_pass else None
            codes = "%s/%s" % (med([r.get("c200") for r in mine]), med([r.get("c304") for r in mine]))
            cells = [str(n), "%d ms" % delay, name, "%.3f" % wall]
            if best:
                cells += ["%.2f (%d)" % (best[0], best[1]), "%.1f×" % (best[0] / wall)]
            else:
                cells += ["-", "-"]
            cells += ["%.3f" % fl if fl else "-", "%.2f×" % (wall / fl) if fl else "-", "%.0f" % rss]
            cells += ["%.0f" % best[2], "%.2f" % (rss / best[2])] if best else ["-", "-"]
            cells.append(codes)
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
