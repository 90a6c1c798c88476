#!/usr/bin/env bash
# The load suite (issue 8, docs/RELIABILITY.md): CONNECTIONS concurrent connections to the real
# server for DURATION seconds with the mixed workload (pledges, campaign rounds, cancellations,
# matched angel investments, bank loans), every connection with one transaction in flight.
# While it runs, the server's resident memory, open file descriptors and threads are sampled
# every SAMPLE seconds (loads.csv in WORKDIR). Afterwards:
#   - the load generator finished without a failed connection, and what it was told was
#     accepted and refused matches the server's /metrics;
#   - from the moment every connection is open, after a warm-up of a fifth of the run:
#     the open sockets (the connections and the listeners) vary by at most 16, and the
#     largest resident size of the second half is at most 25% above the largest of the first
#     half; the other descriptors, RocksDB's table and log files, are reported (their number
#     follows flushes and compactions);
#   - the server stops cleanly on SIGTERM and `crowdledger audit --data` passes.
# Prints throughput and latency (the load generator's JSON) and the samples' summary.
# Quick form (CTest load_suite_quick): 1,000 connections for 20 s, with the server's state
# cache, state-checkpoint interval and memtables scaled down so that they fill and cycle within
# the warm-up (the defaults take minutes to: memory then rightly grows through a 20 s run).
# Long form: 600 s with the defaults.
# Usage: load_suite.sh TOOL WORKDIR [DURATION [CONNECTIONS [SAMPLE [SERVER OPTION...]]]]
set -uo pipefail
tool=$1
work=$2
duration=${3:-600}
connections=${4:-1000}
sample_s=${5:-5}
server_options=("${@:6}")
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/../cli/cli_common.sh"

"$tool" init --data "$work/ledger" --origin load.example/suite --authority-key "$work/a.pem" \
  >/dev/null || exit 1
start_server 0 --max-connections $((connections + 64)) --http 127.0.0.1:0 \
  "${server_options[@]}"
http=$(sed -n 's/.*"http":"\([^"]*\)".*/\1/p' "$work/serve.out")

# sample: one line of seconds, resident KiB, open descriptors, of which sockets, threads.
sample() {
  local rss fds sockets threads
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null) || return 1
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null)
  fds=$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  sockets=$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 -lname 'socket:*' 2>/dev/null | wc -l)
  echo "$SECONDS,$rss,$fds,$sockets,$threads" >>"$work/loads.csv"
}
echo "seconds,rss_kib,fds,sockets,threads" >"$work/loads.csv"
SECONDS=0
"$tool" bench --server "$address" --key "$work/a.pem" --workload mixed --connections "$connections" \
  --pipeline 1 --duration "$duration" --presign 20000 >"$work/bench.json" 2>"$work/bench.err" &
bench_pid=$!
while kill -0 "$bench_pid" 2>/dev/null; do
  sample
  sleep "$sample_s"
done
wait "$bench_pid"
check "the load generator finishes without a failed connection ($(tail -c 300 "$work/bench.err"))" \
  test $? -eq 0
cat "$work/bench.json"

# The load generator's counts against the server's: accepted and refused.
metrics=$(python3 - "http://$http/metrics" "$work/bench.json" <<'PY'
import json, sys, urllib.request
body = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
bench = json.load(open(sys.argv[2]))
counts = {"accepted": 0, "refused": 0}
for line in body.splitlines():
    if line.startswith("crowdledger_transactions_total{"):
        outcome = line.split('outcome="')[1].split('"')[0]
        counts[outcome] = counts.get(outcome, 0) + int(float(line.rsplit(" ", 1)[1]))
refused = sum(bench["refused"].values())
# The server also accepted the load generator's setup transactions, which it does not count.
ok = counts["accepted"] >= bench["transactions"] and counts["refused"] == refused
print("%s server accepted %d (load %d after its setup), refused %d (load %d)" % (
    "ok" if ok else "MISMATCH", counts["accepted"], bench["transactions"], counts["refused"],
    refused))
PY
)
echo "$metrics"
check "the server's counters match the load generator's" test "${metrics%% *}" = ok

summary=$(python3 - "$work/loads.csv" "$connections" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))]
connections = int(sys.argv[2])
# The run is the samples with every connection open (after the load generator's setup and
# signing, before it closes them); its first fifth is a warm-up (memtables, caches, queues
# filling).
opened = [float(r["seconds"]) for r in rows if int(r["sockets"]) >= connections]
if not opened:
    print("NEVER-OPENED %d connections: at most %s sockets" % (
        connections, max((r["sockets"] for r in rows), key=int, default="none")))
    sys.exit()
span = opened[-1] - opened[0]
start = opened[0] + span / 5
half = start + (span - span / 5) / 2
warm = [r for r in rows if start <= float(r["seconds"]) <= opened[-1]]
first = [int(r["rss_kib"]) for r in warm if float(r["seconds"]) < half]
second = [int(r["rss_kib"]) for r in warm if float(r["seconds"]) >= half]
fds = [int(r["fds"]) for r in warm]
sockets = [int(r["sockets"]) for r in warm]
if not first or not second:
    print("TOO-FEW-SAMPLES %d" % len(rows))
    sys.exit()
memory_ok = max(second) <= 1.25 * max(first)
sockets_ok = max(sockets) - min(sockets) <= 16
print("%s resident memory: first half at most %d KiB, second half at most %d KiB; "
      "sockets %d..%d, all descriptors %d..%d; threads %s; %d samples" % (
          "ok" if memory_ok and sockets_ok else "GREW", max(first), max(second), min(sockets),
          max(sockets), min(fds), max(fds), rows[-1]["threads"], len(rows)))
PY
)
echo "$summary"
check "memory and sockets stay flat" test "${summary%% *}" = ok

stop_server
check "the server stops cleanly" test $? -eq 0
vkey=$("$tool" verifier-key --data "$work/ledger")
"$tool" audit --data "$work/ledger" --verifier-key "$vkey" >"$work/audit.out" 2>&1
check "the audit passes after the load ($(tail -c 300 "$work/audit.out"))" test $? -eq 0
finish load_suite
