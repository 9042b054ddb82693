#!/usr/bin/env python3
"""Start-up, keypress latency and memory at scale: tidings vs newsboat.

Fills both readers' databases with the same N feeds x M items (the generator
and loopback server of the shared bench kit, through each reader's real
refresh path: `tidings refresh`, `newsboat -x reload`), stops the server, then
runs each reader in a pseudo-terminal (pyte keeps the screen) and measures:

  first screen   from spawn until the first full screen is drawn
                 (tidings: the newest headline; newsboat: its feed list)
  key latencies  from a keypress until the screen shows its result
  peak RSS       VmHWM of the reader process at the end of the run

Medians of --reps runs; ratios are tidings/newsboat. Not a test: timings on a
shared machine are noisy, so compare ratios from one run.

  key j, Space   a move at the top, and a page down halfway down All items
                 (where a window reload walks the most index): median and max

Usage:  bench/startup.py [--kit ../shared/bench] [--feeds 2000] [--items 50] [--reps 5]
                         [--word WORD] [--only tidings|newsboat]
        --word picks the search word (e.g. one that ~10% of the items contain);
        --only runs one reader (a million items: newsboat would take hours).
        STARTUP_TIMEOUT=S bounds every wait (default 900 s).
Needs:  newsboat (apt-get install newsboat), python3 with pyte (pip install pyte),
        a release build (cargo build --release).
"""

import argparse
import json
import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

try:
    import pyte
except ImportError:  # pragma: no cover - guidance for a fresh machine
    sys.exit("pyte is missing: pip install pyte")

COLS, ROWS = 120, 40
TIMEOUT = float(os.environ.get("STARTUP_TIMEOUT", "900"))  # newsboat needs minutes to load 100,000 cached articles


class Term:
    """A program in a pty with a pyte screen fed from its output."""

    def __init__(self, argv, env=None):
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.start = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env or {})
            os.environ["TERM"] = "xterm-256color"
            os.environ["COLUMNS"], os.environ["LINES"] = str(COLS), str(ROWS)
            os.execvp(argv[0], argv)
        import fcntl, struct, termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)

    def text(self):
        # Built from the cells: pyte's own `display` trips on some wide characters.
        buf = self.screen.buffer
        return "\n".join("".join(buf[y][x].data for x in range(COLS)) for y in range(ROWS))

    def look(self):
        """The screen with colours and attributes (a moved selection changes
        only those)."""
        buf = self.screen.buffer
        return tuple((c.data, c.fg, c.bg, c.reverse, c.bold) for y in range(ROWS) for c in
                     (buf[y][x] for x in range(COLS)))

    def read(self, timeout):
        """One chunk of output (None when nothing came within timeout)."""
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return None
        try:
            return os.read(self.fd, 65536)
        except OSError:
            return b""

    def wait_for(self, cond, what):
        """Waits until cond(screen text) holds (not timed)."""
        t0 = time.perf_counter()
        while not cond(self.text()):
            if time.perf_counter() - t0 > TIMEOUT:
                raise SystemExit("timed out waiting for %s:\n%s" % (what, self.text()))
            data = self.read(0.05)
            if data:
                self.stream.feed(data)

    def timed(self, cond, what, t0, quiet=0.3, screen=None):
        """Seconds from t0 until the screen satisfies cond. Output is read with
        arrival times until it has been quiet for `quiet` seconds, then
        replayed into the (slow) screen model chunk by chunk: the answer is the
        arrival time of the chunk that made cond true, so the model's own
        speed does not count."""
        chunks = []
        while True:
            data = self.read(quiet)
            if data:
                chunks.append((time.perf_counter(), data))
                continue
            found = None
            for at, chunk in chunks:  # every chunk is fed: the rest of the frame too
                self.stream.feed(chunk)
                if found is None and cond((screen or self.text)()):
                    found = at - t0
            if found is not None:
                return found
            chunks.clear()
            if time.perf_counter() - t0 > TIMEOUT or data == b"":
                raise SystemExit("timed out waiting for %s:\n%s" % (what, self.text()))

    def settle(self, quiet=0.2):
        while True:
            data = self.read(quiet)
            if not data:
                return
            self.stream.feed(data)

    def drain(self, quiet=0.05):
        """Reads and drops output until quiet: the screen model is left behind
        (it is the slow part of a long run of keys), so call redraw() after."""
        while self.read(quiet):
            pass

    def redraw(self):
        """A fresh screen model and a full redraw: the window shrinks by a row
        and grows back, and the reader redraws everything after a resize."""
        import fcntl, struct, termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS - 1, COLS, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)
        self.drain(0.3)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)
        self.settle(0.3)

    def press(self, keys, cond, what, screen=None):
        self.settle()
        t0 = time.perf_counter()
        self.send(keys)
        return self.timed(cond, what, t0, screen=screen)

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def peak_rss_mb(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def prepare(a, work):
    kit = os.path.join(work, "kit")
    shutil.copytree(a.kit, kit)
    feeds = os.path.join(work, "feeds")
    run([sys.executable, os.path.join(kit, "gen_feeds.py"), "--out", feeds, "--count", str(a.feeds),
         "--items", str(a.items)], stdout=subprocess.DEVNULL)
    run([sys.executable, os.path.join(kit, "write_urls.py"), "--feeds", feeds, "--port", str(a.port),
         "--out", work])
    fill(a, work, kit, feeds)
    return markers_of(a, work)


def fill(a, work, kit, feeds):
    """Both readers fetch every feed through their own refresh."""
    server = subprocess.Popen([sys.executable, os.path.join(kit, "serve.py"), "--root", feeds,
                               "--port", str(a.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # serve.py has no readiness signal; a refused fetch would show in the counts below
    try:
        toml = os.path.join(work, "tidings.toml")
        with open(toml, "w") as out, open(os.path.join(work, "feeds.toml")) as src:
            out.write("refresh_on_start = false\nrefresh_interval = 0\nmax_concurrent_fetches = 8\n")
            out.write(src.read())
        data = os.path.join(work, "tidings-data")
        run([a.tidings, "--config", toml, "--data-dir", data, "refresh"], stdout=subprocess.DEVNULL)
        nb = os.path.join(work, "newsboat")
        os.makedirs(nb)
        if a.only == "tidings":  # newsboat is not needed, maybe not even installed
            return
        with open(os.path.join(nb, "config"), "w") as f:
            f.write("reload-threads 8\nerror-log \"%s\"\n" % os.path.join(nb, "errors.log"))
        run(["newsboat", "-u", os.path.join(work, "urls"), "-c", os.path.join(nb, "cache.db"),
             "-C", os.path.join(nb, "config"), "-x", "reload"], stdout=subprocess.DEVNULL)
    finally:
        server.terminate()
        server.wait()


def markers_of(a, work):
    """What each screen is recognised by, read from the filled databases."""
    toml, data, nb, feeds = (os.path.join(work, p) for p in ("tidings.toml", "tidings-data", "newsboat", "feeds"))
    db = sqlite3.connect(os.path.join(data, "tidings.db"))
    count = db.execute("SELECT count(*) FROM items").fetchone()[0]
    rows = db.execute("SELECT title FROM items ORDER BY sort_date DESC, id DESC").fetchall()
    nb_db = os.path.join(nb, "cache.db")
    nb_count = sqlite3.connect(nb_db).execute("SELECT count(*) FROM rss_item").fetchone()[0] if os.path.exists(nb_db) else 0
    print("stored items: tidings %d, newsboat %d" % (count, nb_count), file=sys.stderr)
    with open(os.path.join(feeds, "manifest.json")) as f:
        last_feed = json.load(f)["feeds"][-1]["title"]
    # Screen markers: plain ASCII titles (found as bytes in the output stream).
    # (else the first one: pyte keeps wide characters whole, as cells of text)
    # (else one of letters and punctuation only: emoji and their variation
    # selectors are drawn in cells of their own)
    def ascii_title(rs):
        rs = list(rs)
        plain = lambda t: all(c.isascii() or unicodedata.category(c)[0] in "LNPZ" for c in t)
        return next((r[0] for r in rs if r[0].isascii()), None) or next((r[0] for r in rs if plain(r[0])), rs[0][0])
    # The feed `G` selects in the feed list: the last one in config order.
    last = db.execute("SELECT i.title FROM items i WHERE i.feed_id = "
                      "(SELECT id FROM feeds WHERE position IS NOT NULL ORDER BY position DESC LIMIT 1) "
                      "ORDER BY i.sort_date DESC, i.id DESC LIMIT 10").fetchall()
    # A search word from a title in the middle of the list, and the newest item it finds
    # (`tidings list --search` asks the full-text index, as the reader will).
    middle = ascii_title(rows[len(rows) // 2:])
    word = a.word or max((w for w in middle.split() if w.isalpha()), key=len).lower()
    # The first search also brings the search index up to date (timed: the catch-up).
    t0 = time.perf_counter()
    listed = subprocess.run([a.tidings, "--config", toml, "--data-dir", data, "list", "--search", word],
                            check=True, capture_output=True, text=True).stdout.splitlines()
    print("tidings list --search %s: %.2f s (with any search index catch-up)" % (word, time.perf_counter() - t0),
          file=sys.stderr)
    found = [line.split("\t", 1)[1:] for line in listed]
    print("search word %r: %d matches" % (word, len(found)), file=sys.stderr)
    markers = {"newest": ascii_title(rows[:20]), "oldest": ascii_title(reversed(rows[-20:])),
               "last_feed_item": ascii_title(last), "last_feed": last_feed, "word": word,
               "first_found": ascii_title([f[:1] for f in found[:10]]), "matches": len(found)}
    return toml, data, nb, markers


def visible(title):
    """A prefix of a title that fits even a narrow headline column (18
    cells: CJK characters take two)."""
    out, cells = "", 0
    for ch in title:
        cells += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if cells > 18:
            break
        out += ch
    return out


def tidings_run(a, toml, data, m):
    t = Term([a.tidings, "--config", toml, "--data-dir", data])
    first = t.timed(lambda s: visible(m["newest"]) in s and "All items" in s, "tidings first screen", t.start)
    t.send("\r")  # focus the headline list
    t.wait_for(lambda s: "┏ All items" in s, "headline focus")
    key_g = t.press("G", lambda s: visible(m["oldest"]) in s, "tidings G")
    t.press("gg", lambda s: visible(m["newest"]) in s, "tidings g g")
    # Search as you type: the word arrives at once, the results replace the list.
    t.send("/")
    t.wait_for(lambda s: "\n/" in s or s.rstrip().endswith("/"), "search prompt")
    found = "· %d · /%s" % (m["matches"], m["word"])
    key_search = t.press(m["word"], lambda s: found in s and visible(m["first_found"]) in s, "tidings search")
    t.send("\x1b")  # Esc clears the search
    t.wait_for(lambda s: "/" + m["word"] not in s, "search cleared")
    t.send("h")  # back to the feed list
    t.wait_for(lambda s: "┏ Feeds" in s, "feeds focus")
    # The last feed's headlines replace All items.
    key_next = t.press("G", lambda s: visible(m["last_feed_item"]) in s and "┌ All" not in s, "tidings last feed")
    # Page through every headline of All items: memory must not grow with what was seen.
    t.send("gg")
    t.wait_for(lambda s: "┌ All" in s or "┏ All" in s, "All items again")
    t.send("\r")
    t.wait_for(lambda s: "┏ All items" in s, "headline focus")
    rss_before = t.peak_rss_mb()
    key_j = key_latencies(t, "j", 10)
    # The list shows about ROWS - 4 headlines a page: halfway down, the
    # window's reloads cost the most (they walk the index from the nearer end).
    half = a.feeds * a.items // 2 // (ROWS - 4)
    pages = a.feeds * a.items // 20 + 10
    sent = 0
    while sent < half:  # in bursts, reading the output between them (the pty buffer is small)
        burst = min(400, half - sent)
        t.send(" " * burst)
        sent += burst
        t.drain(0.05)
    t.redraw()
    key_space = key_latencies(t, " ", 20)
    if a.halfway:
        rss = t.peak_rss_mb()
        t.close()
        return {"first screen (s)": first, "key G (s)": key_g, "key search (s)": key_search,
                "key next feed (s)": key_next, "key j at the top, median of 10 (s)": statistics.median(key_j),
                "key j at the top, max (s)": max(key_j),
                "Space in the middle of All, median of 20 (s)": statistics.median(key_space),
                "Space in the middle of All, max (s)": max(key_space),
                "peak RSS at start (MB)": rss_before, "peak RSS after paging halfway (MB)": rss}
    for _ in range(pages // 400 + 1):
        t.send(" " * 400)
        t.drain(0.05)
    t.redraw()
    t.wait_for(lambda s: visible(m["oldest"]) in s, "the end of All items, by pages")
    rss = t.peak_rss_mb()
    t.close()
    return {"first screen (s)": first, "key G (s)": key_g, "key search (s)": key_search, "key next feed (s)": key_next,
            "key j at the top, median of 10 (s)": statistics.median(key_j),
            "key j at the top, max (s)": max(key_j),
            "Space in the middle of All, median of 20 (s)": statistics.median(key_space),
            "Space in the middle of All, max (s)": max(key_space),
            "peak RSS at start (MB)": rss_before, "peak RSS after paging through all (MB)": rss}


def key_latencies(t, key, n):
    """Seconds from each of n presses of key until the screen changed."""
    out = []
    for _ in range(n):
        t.settle()
        before = t.look()
        out.append(t.press(key, lambda s, before=before: s != before, "a key changing the screen", screen=t.look))
    return out


def newsboat_run(a, nb, urls, m):
    t = Term(["newsboat", "-u", urls, "-c", os.path.join(nb, "cache.db"), "-C", os.path.join(nb, "config")])
    first = t.timed(lambda s: "/%d)" % a.items in s, "newsboat feed list", t.start)
    # End (application keypad mode): the last feed comes into view.
    key_g = t.press("\x1bOF", lambda s: visible(m["last_feed"]) in s, "newsboat End")
    key_next = t.press("\r", lambda s: "Articles in feed" in s, "newsboat open feed")  # its article list
    t.send("q")  # back to the feed list, where / searches every feed
    t.wait_for(lambda s: "Articles in feed" not in s, "newsboat feed list")
    t.send("/")
    t.settle()
    key_search = t.press(m["word"] + "\r", lambda s: "Search result" in s, "newsboat search")
    rss = t.peak_rss_mb()
    t.close()
    return {"first screen (s)": first, "key G (s)": key_g, "key search (s)": key_search, "key next feed (s)": key_next,
            "peak RSS at start (MB)": rss, "peak RSS after paging through all (MB)": rss}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kit", default=os.path.join(here, "..", "..", "shared", "bench"))
    ap.add_argument("--tidings", default=os.path.join(here, "..", "target", "release", "tidings"))
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--word", help="the search word (default: the longest word of a title in the middle)")
    ap.add_argument("--only", choices=("tidings", "newsboat"), help="run one reader (the other's figures are left out)")
    ap.add_argument("--halfway", action="store_true",
                    help="stop after the Space latencies halfway down (skip paging on to the end)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--reuse", metavar="DIR", help="a scratch folder kept by --keep: measure again, no refresh")
    a = ap.parse_args()
    a.tidings = os.path.abspath(a.tidings)
    work = a.reuse or tempfile.mkdtemp(prefix="tidings-startup-")
    try:
        toml, data, nb, markers = markers_of(a, work) if a.reuse else prepare(a, work)
        results = {"tidings": [], "newsboat": []}
        for _ in range(a.reps):  # interleaved, so both see the same machine load
            if a.only != "newsboat":
                results["tidings"].append(tidings_run(a, toml, data, markers))
            if a.only != "tidings":
                results["newsboat"].append(newsboat_run(a, nb, os.path.join(work, "urls"), markers))
        report(a, results)
    finally:
        if not (a.keep or a.reuse):
            shutil.rmtree(work, ignore_errors=True)


def report(a, results):
    keys = list((results["tidings"] or results["newsboat"])[0].keys())
    med = {r: {k: statistics.median(x[k] for x in results[r] if k in x) if any(k in x for x in results[r])
               else float("nan") for k in keys} for r in results}
    print("%d feeds x %d items, %d runs each, medians. Keys: tidings G in the headline list, / and a word\n"
          "(search as you type), G in the feed list (the last feed's headlines); newsboat End in the feed list,\n"
          "/ word Enter in the feed list (search every feed), Enter (open a feed). tidings' second RSS figure is\n"
          "after paging through every headline; newsboat's is its peak after the run.\n" %
          (a.feeds, a.items, a.reps))
    print("| measure | tidings | newsboat | tidings/newsboat |")
    print("|---|---|---|---|")
    for k in keys:
        t, n = med["tidings"][k], med["newsboat"][k]
        fmt = "%.1f" if "MB" in k else "%.4f"
        print("| %s | %s | %s | %.3f |" % (k, fmt % t, fmt % n, t / n if n == n and n else float("nan")))


if __name__ == "__main__":
    main()
