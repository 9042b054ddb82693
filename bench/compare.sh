#!/usr/bin/env bash
# tidings against newsboat on the bench kit's workload (not part of `cargo test`).
#
#   bench/compare.sh [KIT_DIR] [--sizes 100,500,2000] [--delays 0,50] [--reps 3]
#                    [--newsboat-threads "8 32"] [--threads 16] [--work DIR] [--results DIR]
#
# KIT_DIR is the bench kit (default: ../shared/bench beside the project). It is
# copied to a scratch folder (--work, default ${TMPDIR:-/tmp}/tidings-bench),
# where the feeds are generated once per N (50 items each) and results go
# (--results adds to an earlier run's folder, e.g. more sizes with fewer reps).
# For each N and delay it runs, with the kit's run_reader.sh / run_newsboat.sh:
#   tidings refresh     phases cold, warm (all 304)
#   newsboat -x reload  phases cold, warm, warm2 (all 304: newsboat 2.x keeps no
#                       validators from its first fetch), for each thread count
#   both again against a server that ignores validators (phases cold, warm)
#   the kit's curl floor (cold and warm passes) at tidings' concurrency
# (--newsboat-threads "" leaves newsboat out: tidings against the floor only)
# then prints medians and ratios (bench/table.py), also saved as table.md.
#
# All bench feeds live on one host (127.0.0.1), so tidings runs with
# max_fetches_per_host = max_concurrent_fetches (its default of 2 per host is
# for real sites; newsboat has no per-host limit). Needs python3, newsboat,
# GNU time and curl (apt-get install -y newsboat time curl) and cargo.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT="$(dirname "$HERE")"

kit="$PROJECT/../shared/bench"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then kit="$1"; shift; fi
sizes="100,500,2000"; delays="0,50"; reps=3; nb_threads="8 32"; threads=16
work="${TMPDIR:-/tmp}/tidings-bench"; results=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2;;
    --delays) delays="$2"; shift 2;;
    --reps) reps="$2"; shift 2;;
    --newsboat-threads) nb_threads="$2"; shift 2;;
    --threads) threads="$2"; shift 2;;
    --work) work="$2"; shift 2;;
    --results) results="$2"; shift 2;;
    -h|--help) sed -n '2,24p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ -f "$kit/run_reader.sh" ] || { echo "no bench kit at $kit (pass its folder as the first argument)" >&2; exit 2; }
for tool in python3 curl ${nb_threads:+newsboat}; do
  command -v "$tool" >/dev/null || { echo "$tool missing (apt-get install -y newsboat time curl)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install -y time)" >&2; exit 1; }

mkdir -p "$work"
kit_copy="$work/kit"
rm -rf "$kit_copy" && cp -r "$kit" "$kit_copy" && chmod -R u+w "$kit_copy"
results="${results:-$work/results-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$results" && results="$(cd "$results" && pwd)"

(cd "$PROJECT" && cargo build --release --locked --quiet)
tidings="$PROJECT/target/release/tidings"

port=8765; ignoring_port=8766
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_port() { for _ in $(seq 100); do python3 "$kit_copy/runlib.py" ping --port "$1" && return 0; sleep 0.1; done; return 1; }

for n in ${sizes//,/ }; do
  data="$work/data/n$n"
  if [ ! -f "$data/gen0/manifest.json" ]; then
    python3 "$kit_copy/gen_feeds.py" --out "$data/gen0" --count "$n" >&2
  fi
done
first_n="${sizes%%,*}"
python3 "$kit_copy/serve.py" --root "$work/data/n$first_n/gen0" --port "$port" 2>>"$results/serve.log" & pids+=($!)
python3 "$HERE/serve_ignoring.py" "$kit_copy" --root "$work/data/n$first_n/gen0" --port "$ignoring_port" \
  2>>"$results/serve.log" & pids+=($!)
wait_port "$port" && wait_port "$ignoring_port" || { echo "bench servers did not start" >&2; exit 1; }

# tidings reads its settings from the config: a header before the kit's [[feeds]] list.
tidings_cmd="printf 'max_concurrent_fetches = {threads}\nmax_fetches_per_host = {threads}\n\n' | cat - {toml} > {workdir}/tidings.toml && ln -sf {data}/tidings.db {db} && $tidings --config {workdir}/tidings.toml --data-dir {data} refresh"
common=(--reps "$reps" --out "$results/readers.jsonl" --workdir "$work/runs")

for n in ${sizes//,/ }; do
  for delay in ${delays//,/ }; do
    feeds="$work/data/n$n"
    echo "== N=$n delay=${delay}ms" >&2
    "$kit_copy/run_reader.sh" --name tidings --feeds "$feeds" --port "$port" --delay "$delay" --threads "$threads" \
      --phases cold,warm --cmd "$tidings_cmd" --count-sql 'items=SELECT count(*) FROM items' "${common[@]}"
    "$kit_copy/run_reader.sh" --name tidings-ignoring --feeds "$feeds" --port "$ignoring_port" --delay "$delay" \
      --threads "$threads" --phases cold,warm --cmd "$tidings_cmd" --count-sql 'items=SELECT count(*) FROM items' \
      "${common[@]}"
    for t in $nb_threads; do
      "$kit_copy/run_newsboat.sh" --feeds "$feeds" --port "$port" --delay "$delay" --threads "$t" \
        --phases cold,warm,warm2 "${common[@]}"
      "$kit_copy/run_newsboat.sh" --feeds "$feeds" --port "$ignoring_port" --delay "$delay" --threads "$t" \
        --phases cold,warm --name newsboat-ignoring "${common[@]}"
    done
    urls="$work/urls-n$n"
    python3 "$kit_copy/write_urls.py" --feeds "$feeds/gen0" --port "$port" --out "$urls" >/dev/null
    python3 "$kit_copy/runlib.py" config --port "$port" "root=$feeds/gen0" "delay_ms=$delay" >/dev/null
    python3 "$kit_copy/floor.py" --urls "$urls/urls" -k "$threads" --client curl --reps "$reps" \
      --out "$results/floor.jsonl" --meta "delay_ms=$delay" >/dev/null
  done
done

python3 "$HERE/table.py" "$results" | tee "$results/table.md"
echo "results in $results" >&2
