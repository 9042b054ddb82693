#!/usr/bin/env python3
"""How the reader answers while something else works on its database
(retention, `tidings db vacuum`, the search-index catch-up):

    bench/ui_probe.py TIDINGS CONFIG DATA_DIR SECONDS OUT.json

runs the TUI in a pseudo-terminal (bench/startup.py's Term), then every 0.5 s
presses a key, alternately j (a move) and m (a read mark, which needs the
write lock), and records how long until the screen changed. Prints and saves
the first screen time, median, 90th percentile, max and every latency per
key (sorted), when each key slower than 100 ms was pressed (seconds after
the probe started, and as UTC, to set beside the logs), and the status lines seen
(an error such as "database is locked" shows there). STARTUP_TIMEOUT (s)
bounds each wait. Needs pyte (pip install pyte) and a release build."""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup
tidings, toml, data, secs, out = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
t = startup.Term([tidings, "--config", toml, "--data-dir", data])
first = t.timed(lambda s: "All items" in s and "●" in s, "first screen", t.start)
t.send("\r"); t.wait_for(lambda s: "┏ All items" in s, "focus")
lat = {"j": [], "m": []}
slow = []
status = []
end = time.perf_counter() + secs
i = 0
while time.perf_counter() < end:
    key = "jm"[i % 2]; i += 1
    t.settle(0.1)
    before = t.look()
    pressed, utc = time.perf_counter(), time.time()
    try:
        lat[key].append(t.press(key, lambda s, b=before: s != b, "key", screen=t.look))
    except SystemExit:
        lat[key].append(float("inf"))
    if lat[key][-1] > 0.1:
        slow.append({"key": key, "ms": round(lat[key][-1] * 1e3, 1), "after_s": round(pressed - t.start, 1),
                     "utc": time.strftime("%H:%M:%S", time.gmtime(utc))})
    status.append(t.text().splitlines()[-1].strip()[:100])
    time.sleep(0.4)
t.close()
res = {"first_screen_s": first}
for k, v in lat.items():
    if v:
        ms = sorted(x * 1e3 for x in v)
        res[k] = {"n": len(ms), "median_ms": statistics.median(ms), "p90_ms": ms[int(len(ms) * 0.9)],
                  "max_ms": ms[-1], "over_100ms": sum(x > 100 for x in ms), "ms": [round(x, 1) for x in ms]}
res["slow"] = slow
res["status_lines"] = sorted(set(status))[:8]
json.dump(res, open(out, "w"), ensure_ascii=False, indent=1)
print(json.dumps(res, ensure_ascii=False))
