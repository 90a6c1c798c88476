#!/usr/bin/env bash
# Runs tiles_check.py against the real server: a fresh ledger served with
# `crowdledger serve --http` on loopback, grown past one full tile by `crowdledger bench`
# (the tree then ends wherever the load left it, usually inside a tile), then padded with single
# transactions to the next multiple of 256, where it ends on a tile's edge, and checked again.
# No curl: python3's urllib.
# Usage: tiles_check.sh TOOL PYTHON WORKDIR
set -uo pipefail
tool=$1
python=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/../cli/cli_common.sh"
script="$(dirname "$0")/tiles_check.py"

"$tool" init --data "$work/ledger" --origin example.org/tiles --authority-key "$work/authority.pem" \
  >/dev/null || exit 1
start_server 0 --http 127.0.0.1:0
http=$(sed -n 's/.*"http":"\([^"]*\)".*/\1/p' "$work/serve.out")
check "the server announces its HTTP listener" test -n "$http"
# http_get URL [METHOD]: prints the status, then the body.
http_get() {
  "$python" - "$@" <<'PY'
import sys, urllib.request, urllib.error
request = urllib.request.Request(sys.argv[1], method=sys.argv[2] if len(sys.argv) > 2 else "GET")
try:
    with urllib.request.urlopen(request, timeout=10) as r:
        status, body = r.status, r.read()
except urllib.error.HTTPError as e:
    status, body = e.code, e.read()
sys.stdout.write("%d\n%s" % (status, body.decode("utf-8", "replace")))
PY
}
size_of() { http_get "http://$http/checkpoint" | sed -n 3p; }
initial=$(size_of)
check "the fresh ledger's checkpoint is served" test -n "$initial"
# Seconds of load until the tree holds a full tile and more (one is plenty in release; a
# sanitizer build may need a few). Each accepted transaction is one entry.
grown=$initial
for round in 1 2 3 4 5 6 7 8; do
  "$tool" bench --server "$address" --key "$work/authority.pem" --duration 1 --connections 1 \
    --investors 20 --presign 2000 >"$work/bench.$round.out" 2>"$work/bench.$round.err"
  check "load round $round runs" test $? -eq 0
  grown=$(size_of)
  [ "$grown" -gt 300 ] && break
done
check "the ledger grew past one full tile ($initial -> $grown)" test "$grown" -gt 300
# What the load generator was told was refused, summed over its rounds' JSON reports.
refused=$(cat "$work"/bench.*.out | "$python" -c '
import json, sys
print(sum(sum(json.loads(line)["refused"].values()) for line in sys.stdin if line.strip()))')
# independent_check DESCRIPTION: the independent implementation against the tree as it is now;
# every transaction since the fresh ledger's checkpoint was accepted, and `refused` refused.
independent_check() {
  "$python" "$script" --url "http://$http" --expect-accepted $(($(size_of) - initial)) \
    --expect-refused "$refused"
  check "$1" test $? -eq 0
}
independent_check "the independent tile check passes (every accepted and refused transaction counted)"

# Then a tree that ends on a tile's edge: one registration per transaction, each its own entry
# (submitted one after the other, so each is its own group and checkpoint), up to the next
# multiple of 256. No partial tile is then served at the tree's size, and the level above ends
# with a partial tile of whole subtrees.
padding=$(((256 - grown % 256) % 256))
for i in $(seq 1 "$padding"); do
  cat >"$work/pad.json" <<JSON
{"id": {"high": 7, "low": $i}, "submitter": "authority", "key_id": 1,
 "operations": [{"operation_type": "RegisterParty",
                 "operation": {"party": "edge-$i", "kind": "Investor"}}]}
JSON
  "$tool" submit --server "$address" --key "$work/authority.pem" --json "$work/pad.json" \
    >"$work/pad.out" 2>&1 || { cat "$work/pad.out"; break; }
done
edge=$(size_of)
check "the tree ends on a tile's edge ($grown + $padding = $edge)" \
  test "$edge" -eq $((grown + padding)) -a $((edge % 256)) -eq 0
independent_check "the independent tile check passes on the tile's edge"
check "readyz is 200 while serving" test "$(http_get "http://$http/readyz" | head -1)" = 200
check "POST is refused with 405" test "$(http_get "http://$http/checkpoint" POST | head -1)" = 405
stop_server
check "the server stops cleanly" test $? -eq 0
finish tiles_check
