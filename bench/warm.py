#!/usr/bin/env python3
"""Refreshes where nothing changed, against the plain-client floor, in one run
(not part of `cargo test`):

    bench/warm.py [--kit DIR] [--sizes 100,500,2000] [--items 50] [--reps 7]
                  [--threads 16] [--work DIR] [--bin tidings] [--bin OLD ...]

For each size the bench kit's generated feeds are served twice on loopback:
by the kit's `serve.py` (ETag, Last-Modified, 304) and by `serve_ignoring.py`
(every GET answered 200 with the full body). Each binary first does a cold
`tidings refresh` into a data folder of its own per server, so it holds the
validators and body hashes. Then, rep by rep and interleaved so all see the
same machine load:
  all-304             `tidings refresh` against serve.py (every feed 304)
  floor 304           `curl --parallel` of the same URLs with the validators
  ignores validators  `tidings refresh` against the ignoring server
  floor full body     `curl --parallel` of the same URLs there (no validators)
Times are taken around the process (monotonic clock, no shell, output to
/dev/null); CPU is the child's user + system. The server's counters are
checked after each tidings run: every feed must have been asked for, and
answered 304 (or 200). Prints medians and ratios as a Markdown table; the
raw runs go to WORK/warm-*.jsonl. Needs python3 and curl.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)


def http_json(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
        return json.loads(r.read())


def wait_up(port):
    for _ in range(200):
        try:
            http_json(port, "/_bench/stats")
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("server on port %d did not start" % port)


def timed(argv):
    """Wall and CPU seconds of one process, its output dropped."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        sys.exit("%s exited %d" % (" ".join(argv), p.returncode))
    return wall, cpu


def urls_of(feeds, port):
    manifest = json.load(open(os.path.join(feeds, "manifest.json")))
    return ["http://127.0.0.1:%d/%s" % (port, f["file"]) for f in manifest["feeds"]]


def curlrc(path, urls, validators):
    with open(path, "w") as f:
        for i, u in enumerate(urls):
            if i:
                f.write("next\n")
            f.write('url = "%s"\noutput = "/dev/null"\nsilent\n' % u)
            etag, modified = validators.get(u, (None, None))
            if etag:
                f.write('header = "If-None-Match: %s"\n' % etag.replace('"', '\\"'))
            if modified:
                f.write('header = "If-Modified-Since: %s"\n' % modified)


def head_validators(urls):
    out = {}
    for u in urls:
        with urllib.request.urlopen(urllib.request.Request(u, method="HEAD"), timeout=30) as r:
            out[u] = (r.headers.get("ETag"), r.headers.get("Last-Modified"))
    return out


def config(path, urls, threads):
    with open(path, "w") as f:
        f.write("refresh_on_start = false\nmax_concurrent_fetches = %d\nmax_fetches_per_host = %d\n"
                % (threads, threads))
        for u in urls:
            f.write('\n[[feeds]]\nurl = "%s"\n' % u)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kit", default=os.path.join(PROJECT, "..", "shared", "bench"))
    ap.add_argument("--sizes", default="100,500,2000")
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "tidings-bench"))
    ap.add_argument("--bin", action="append", default=[],
                    help="a tidings binary (repeatable: the first is 'new'); default target/release/tidings")
    ap.add_argument("--port", type=int, default=8781)
    a = ap.parse_args()
    bins = a.bin or [os.path.join(PROJECT, "target", "release", "tidings")]
    kit = os.path.abspath(a.kit)
    if not os.path.exists(os.path.join(kit, "serve.py")):
        sys.exit("no bench kit at %s (--kit)" % kit)
    os.makedirs(a.work, exist_ok=True)
    out = open(os.path.join(a.work, "warm-%s.jsonl" % time.strftime("%Y%m%d-%H%M%S")), "w")
    p304, pign = a.port, a.port + 1
    servers = []
    rows = []
    try:
        for n in [int(s) for s in a.sizes.split(",")]:
            suffix = "" if a.items == 50 else "-i%d" % a.items
            feeds = os.path.join(a.work, "data", "n%d%s" % (n, suffix), "gen0")
            if not os.path.exists(os.path.join(feeds, "manifest.json")):
                subprocess.run([sys.executable, os.path.join(kit, "gen_feeds.py"), "--out", feeds,
                                "--count", str(n), "--items", str(a.items)], check=True,
                               stdout=subprocess.DEVNULL)
            for s in servers:
                s.terminate()
                s.wait()
            servers = [
                subprocess.Popen([sys.executable, os.path.join(kit, "serve.py"), "--root", feeds,
                                  "--port", str(p304)], stderr=subprocess.DEVNULL),
                subprocess.Popen([sys.executable, os.path.join(HERE, "serve_ignoring.py"), kit,
                                  "--root", feeds, "--port", str(pign)], stderr=subprocess.DEVNULL),
            ]
            wait_up(p304)
            wait_up(pign)
            run = os.path.join(a.work, "warm-n%d%s" % (n, suffix))
            os.makedirs(run, exist_ok=True)
            cases = {}
            for port, case in ((p304, "all-304"), (pign, "ignores validators")):
                urls = urls_of(feeds, port)
                toml = os.path.join(run, "%d.toml" % port)
                config(toml, urls, a.threads)
                rc = os.path.join(run, "%d.curlrc" % port)
                curlrc(rc, urls, head_validators(urls) if port == p304 else {})
                datas = []
                for i, b in enumerate(bins):
                    d = os.path.join(run, "data-%d-%d" % (port, i))
                    shutil.rmtree(d, ignore_errors=True)
                    timed([b, "--config", toml, "--data-dir", d, "refresh"])
                    datas.append(d)
                cases[case] = (port, toml, rc, datas)
            samples = {}
            for rep in range(a.reps):
                for case, (port, toml, rc, datas) in cases.items():
                    for i, b in enumerate(bins):
                        http_json(port, "/_bench/reset")
                        w, c = timed([b, "--config", toml, "--data-dir", datas[i], "refresh"])
                        st = http_json(port, "/_bench/stats")
                        want = "c304" if case == "all-304" else "c200"
                        if st["requests"] != n or st[want] != n:
                            sys.exit("%s: %d requests, %d %s (wanted %d)" % (case, st["requests"], st[want],
                                                                           want, n))
                        samples.setdefault((case, "tidings%d" % i), []).append((w, c))
                        out.write(json.dumps({"feeds": n, "case": case, "bin": b, "rep": rep,
                                              "wall_s": w, "cpu_s": c}) + "\n")
                    w, c = timed(["curl", "--parallel", "--parallel-max", str(a.threads), "-K", rc])
                    samples.setdefault((case, "curl"), []).append((w, c))
                    out.write(json.dumps({"feeds": n, "case": case, "bin": "curl", "rep": rep,
                                          "wall_s": w, "cpu_s": c}) + "\n")
                out.flush()
            for case in cases:
                fw = statistics.median(w for w, _ in samples[(case, "curl")])
                cells = []
                for i in range(len(bins)):
                    s = samples[(case, "tidings%d" % i)]
                    tw = statistics.median(w for w, _ in s)
                    tc = statistics.median(c for _, c in s)
                    cells.append("%.0f ms (CPU %.0f ms), ×%.2f" % (tw * 1e3, tc * 1e3, tw / fw))
                rows.append("| %s | %s | %s | %.0f ms |" % (n, case, " | ".join(cells), fw * 1e3))
                print(rows[-1], file=sys.stderr)
    finally:
        for s in servers:
            s.terminate()
            s.wait()
    heads = " | ".join("%s (wall, ratio to floor)" % os.path.basename(b) for b in bins)
    print("| feeds | case | %s | curl floor |" % heads)
    print("|---|---|%s---|" % ("---|" * len(bins)))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
