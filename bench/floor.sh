#!/usr/bin/env bash
# A cold `tidings refresh` against its floor, measured in the same run on the
# same feeds (not part of `cargo test`):
#
#   bench/floor.sh [KIT_DIR] [--sizes 100,500,2000] [--reps 3] [--threads 16] [--work DIR]
#
# KIT_DIR is the bench kit (default: ../shared/bench beside the project),
# copied to --work (default ${TMPDIR:-/tmp}/tidings-bench, the folder
# compare.sh uses, so both share the generated feeds: 50 items each). For each
# size the kit's loopback server serves the feeds and each rep runs, one after
# the other so both see the same machine load:
#   refresh  `tidings refresh` with an empty data folder (wall time of the
#            whole process, peak RSS)
#   floor    `cargo bench --bench floor`: feed-rs on every core plus the same
#            rows inserted into a fresh database with the real schema (search
#            index deferred), one transaction per feed, no HTTP
#   ingest   the same bench running tidings' own parse and `Store::ingest`
#            (the refresh without HTTP, tokio and the poller)
# then prints the medians and the ratios refresh/floor and ingest/floor, of
# wall time and of CPU time (user + system: steadier on a shared machine).
# Needs python3, GNU time (apt-get install -y time) and cargo.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT="$(dirname "$HERE")"

kit="$PROJECT/../shared/bench"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then kit="$1"; shift; fi
sizes="100,500,2000"; reps=3; threads=16; work="${TMPDIR:-/tmp}/tidings-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2;;
    --reps) reps="$2"; shift 2;;
    --threads) threads="$2"; shift 2;;
    --work) work="$2"; shift 2;;
    -h|--help) sed -n '2,21p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ -f "$kit/serve.py" ] || { echo "no bench kit at $kit (pass its folder as the first argument)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install -y time)" >&2; exit 1; }

mkdir -p "$work" && work="$(cd "$work" && pwd)"
kit_copy="$work/kit"
[ -f "$kit_copy/serve.py" ] || { cp -r "$kit" "$kit_copy" && chmod -R u+w "$kit_copy"; }
results="$work/floor-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"

(cd "$PROJECT" && cargo build --release --locked --quiet && cargo bench --locked --bench floor --no-run --quiet 2>/dev/null)
tidings="$PROJECT/target/release/tidings"

port=8775
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT
first_n="${sizes%%,*}"
for n in ${sizes//,/ }; do
  [ -f "$work/data/n$n/gen0/manifest.json" ] || python3 "$kit_copy/gen_feeds.py" --out "$work/data/n$n/gen0" --count "$n" >&2
done
python3 "$kit_copy/serve.py" --root "$work/data/n$first_n/gen0" --port "$port" 2>>"$results/serve.log" &
server=$!
for _ in $(seq 100); do python3 "$kit_copy/runlib.py" ping --port "$port" && break; sleep 0.1; done

for n in ${sizes//,/ }; do
  feeds="$work/data/n$n/gen0"
  run="$results/n$n"
  mkdir -p "$run"
  python3 "$kit_copy/runlib.py" config --port "$port" "root=$feeds" "delay_ms=0" >/dev/null
  python3 "$kit_copy/write_urls.py" --feeds "$feeds" --port "$port" --out "$run" >/dev/null
  printf 'refresh_on_start = false\nmax_concurrent_fetches = %s\nmax_fetches_per_host = %s\n\n' "$threads" "$threads" |
    cat - "$run/feeds.toml" >"$run/tidings.toml"
  for rep in $(seq "$reps"); do
    echo "== N=$n rep $rep" >&2
    rm -rf "$run/data"
    /usr/bin/time -f '{"mode":"refresh","feeds":'"$n"',"wall_s":%e,"user_s":%U,"sys_s":%S,"rss_kb":%M}' \
      -a -o "$results/refresh.jsonl" "$tidings" --config "$run/tidings.toml" --data-dir "$run/data" refresh \
      >"$run/refresh.out" 2>&1
    tail -1 "$run/refresh.out" >&2
    (cd "$PROJECT" && cargo bench --locked --quiet --bench floor -- "$feeds" --reps 1 --db-dir "$run") \
      >>"$results/floor.jsonl" 2>>"$results/floor.log"
  done
  rm -rf "$run/data"
done

python3 - "$results" <<'EOF'
import json, os, statistics, sys
from collections import defaultdict
root = sys.argv[1]
runs = defaultdict(list)
for name in ("refresh.jsonl", "floor.jsonl"):
    for line in open(os.path.join(root, name)):
        if line.startswith("{"):
            r = json.loads(line)
            runs[(r["mode"], r["feeds"])].append(r)
med = lambda rs, k: statistics.median(r[k] for r in rs)
spread = lambda rs, k: (min(r[k] for r in rs), max(r[k] for r in rs))
print("| feeds | items | tidings refresh s (min-max) | floor s (min-max) | refresh/floor "
      "| ingest s (our parse + Store::ingest) | ingest/floor | CPU s refresh / floor / ingest | CPU refresh/floor "
      "| refresh peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|---|")
for n in sorted({k[1] for k in runs}):
    ref, flo, ing = runs[("refresh", n)], runs[("floor", n)], runs[("ingest", n)]
    r, f, i = med(ref, "wall_s"), med(flo, "median_s"), med(ing, "median_s")
    rc = statistics.median(x["user_s"] + x["sys_s"] for x in ref)
    fc, ic = med(flo, "cpu_s"), med(ing, "cpu_s")
    print("| %d | %d | %.3f (%.3f-%.3f) | %.3f (%.3f-%.3f) | %.2fx | %.3f | %.2fx | %.2f / %.2f / %.2f | %.2fx | %.0f |" % (
        n, flo[0]["items"], r, *spread(ref, "wall_s"), f, *spread(flo, "median_s"), r / f, i, i / f,
        rc, fc, ic, rc / fc, med(ref, "rss_kb") / 1024))
EOF
echo "results in $results" >&2
