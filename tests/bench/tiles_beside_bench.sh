#!/usr/bin/env bash
# Ingest with and without a tile reader beside it (issue 12; docs/BENCHMARKS.md): one server on
# a fresh ledger with --http, then ROUNDS pairs of `crowdledger bench` runs of DURATION seconds,
# one run alone and one with tile_reader.py following the tiles (every 100 ms by default),
# the order alternating per pair so that the ledger's growth favours neither. Prints each
# run's tx/s, then the medians and their ratio.
# Usage: tiles_beside_bench.sh TOOL WORKDIR [ROUNDS [DURATION [INTERVAL_MS [BENCH ARGS...]]]]
#   bench args default to: --connections 4 --pipeline 8 --presign 60000 --io-threads 1
set -euo pipefail
tool=$1
work=$2
rounds=${3:-5}
duration=${4:-10}
interval_ms=${5:-100}
shift $(($# < 5 ? $# : 5))
bench_args=("$@")
if [ ${#bench_args[@]} -eq 0 ]; then
  bench_args=(--connections 4 --pipeline 8 --presign 60000 --io-threads 1)
fi
reader="$(dirname "$0")/tile_reader.py"
rm -rf "$work" && mkdir -p "$work"

"$tool" init --data "$work/ledger" --origin bench.example/tiles --authority-key "$work/a.pem" \
  >/dev/null
"$tool" serve --data "$work/ledger" --listen 127.0.0.1:0 --http 127.0.0.1:0 >"$work/serve.out" \
  2>"$work/serve.err" &
server_pid=$!
trap 'kill -9 $server_pid 2>/dev/null || true; [ -n "${reader_pid:-}" ] && kill -9 $reader_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  address=$(sed -n 's/.*"listening":"\([^"]*\)".*/\1/p' "$work/serve.out")
  http=$(sed -n 's/.*"http":"\([^"]*\)".*/\1/p' "$work/serve.out")
  [ -n "$address" ] && [ -n "$http" ] && break
  sleep 0.1
done

# run_bench LABEL: one bench run; appends "LABEL TX_PER_S" to results.
run_bench() {
  local out="$work/bench.$1.$2.json"
  "$tool" bench --server "$address" --key "$work/a.pem" --duration "$duration" \
    "${bench_args[@]}" >"$out" 2>/dev/null
  local rate
  rate=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tx_per_s"])' "$out")
  echo "$1 $rate" >>"$work/results"
  echo "round $2 $1: $rate tx/s"
}
with_reader() {
  # The reader's own CPU time: on a 2-core machine it competes with the server and the load.
  /usr/bin/time -f "%U %S" -o "$work/reader.$1.cpu" python3 "$reader" --url "http://$http" \
    --interval-ms "$interval_ms" >"$work/reader.$1.json" &
  reader_pid=$!
  run_bench reader "$1"
  pkill -TERM -P "$reader_pid"  # the reader itself, under /usr/bin/time
  wait "$reader_pid"
  reader_pid=
  echo "round $1 reader: $(cat "$work/reader.$1.json"), CPU s (user, system): $(cat "$work/reader.$1.cpu")"
}
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    run_bench alone "$round"
    with_reader "$round"
  else
    with_reader "$round"
    run_bench alone "$round"
  fi
done
kill -TERM "$server_pid"
wait "$server_pid"

python3 - "$work/results" <<'PY'
import statistics, sys
rates = {"alone": [], "reader": []}
for line in open(sys.argv[1]):
    label, rate = line.split()
    rates[label].append(float(rate))
alone, reader = statistics.median(rates["alone"]), statistics.median(rates["reader"])
print("median tx/s alone %.0f, with the tile reader %.0f: %.1f%% of the figure alone"
      % (alone, reader, 100.0 * reader / alone))
PY
