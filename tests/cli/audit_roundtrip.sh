#!/usr/bin/env bash
# crowdledger audit end to end on the real demo: the demo's ledger (through the real server)
# passes every check, offline and as an export; the state file remembers it; a byte flipped
# in the export and a wrong verifier key are integrity failures (exit 1) naming the check;
# usage errors exit 2; --witness prints a C2SP cosignature line; an online auditor with a
# state file verifies only the entries that came since its last run.
# Usage: audit_roundtrip.sh TOOL WORKDIR
set -uo pipefail
tool=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/cli_common.sh"

"$tool" init --data "$work/ledger" --origin example.org/audit --authority-key "$work/authority.pem" \
  >/dev/null || exit 1
start_server
"$tool" demo --server "$address" --key "$work/authority.pem" >"$work/demo.out" 2>&1
check "the demo runs" test $? -eq 0
stop_server
check "the server stops cleanly" test $? -eq 0
vkey=$("$tool" verifier-key --data "$work/ledger")

"$tool" audit --data "$work/ledger" --verifier-key "$vkey" --json >"$work/a1.json"
check "the demo ledger passes (exit 0)" test $? -eq 0
check "the JSON says ok" grep -q '"ok":true' "$work/a1.json"
check "signatures were checked" grep -q '"name":"signatures","status":"passed"' "$work/a1.json"
check "the stored state was compared" grep -Eq '"name":"state","status":"passed","checked":[1-9]' "$work/a1.json"

"$tool" audit --data "$work/ledger" --verifier-key "$vkey" --state "$work/auditor.state" >"$work/a2.out"
check "a first audit with a state file passes" test $? -eq 0
check "the state file is written" grep -q '^crowdledger-auditor-state 1$' "$work/auditor.state"
"$tool" audit --data "$work/ledger" --state "$work/auditor.state" --json >"$work/a3.json" 2>/dev/null
check "the next audit checks the remembered tree" grep -q '"name":"fork","status":"passed","checked":1' "$work/a3.json"

"$tool" export --data "$work/ledger" --out "$work/export" >/dev/null
"$tool" audit --export "$work/export" --verifier-key "$vkey" >"$work/a4.out"
check "the export passes" test $? -eq 0

"$tool" keygen --out "$work/witness.pem" >/dev/null
"$tool" audit --export "$work/export" --verifier-key "$vkey" --witness --witness-key "$work/witness.pem" \
  --witness-name witness.example.org >"$work/a5.out"
check "--witness passes" test $? -eq 0
check "--witness prints a cosignature line" grep -q "^— witness.example.org " "$work/a5.out"

cp -r "$work/export" "$work/flipped"
python3 - "$work/flipped/entries.bin" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
# Flip a byte inside the fifth record's transaction.
offset = 0
for _ in range(4):
    offset += 4 + int.from_bytes(data[offset:offset + 4], "little")
length = int.from_bytes(data[offset:offset + 4], "little")
data[offset + 4 + length // 2] ^= 0x20
open(path, "wb").write(bytes(data))
PY
"$tool" audit --export "$work/flipped" --verifier-key "$vkey" --json >"$work/a6.json"
check "a flipped byte exits 1" test $? -eq 1
check "... naming entry 4" grep -q '"sequence":4' "$work/a6.json"

"$tool" init --data "$work/other" --origin example.org/audit --authority-key "$work/other.pem" >/dev/null
other_vkey=$("$tool" verifier-key --data "$work/other")
"$tool" audit --export "$work/export" --verifier-key "$other_vkey" --json >"$work/a7.json"
check "another ledger key exits 1" test $? -eq 1
check "... in the checkpoints check" grep -q '"check":"checkpoints"' "$work/a7.json"

start_server
"$tool" audit --server "$address" --key "$work/authority.pem" --party authority \
  --verifier-key "$vkey" --json >"$work/a8.json"
check "an online audit passes" test $? -eq 0
check "... and compares the server's balances" \
  grep -Eq '"name":"balances","status":"passed","checked":[1-9]' "$work/a8.json"
check "... and the parties' portfolios" \
  grep -Eq '"name":"positions","status":"passed","checked":[1-9]' "$work/a8.json"
online=("$tool" audit --server "$address" --key "$work/authority.pem" --party authority)
"${online[@]}" --verifier-key "$vkey" --state "$work/online.state" --json >"$work/a9.json"
check "an online audit with a state file passes" test $? -eq 0
check "... and keeps its replayed state" test -d "$work/online.state.replay"
"$tool" bench --server "$address" --key "$work/authority.pem" --duration 1 --connections 1 \
  --investors 50 >/dev/null 2>&1
"${online[@]}" --state "$work/online.state" --json >"$work/a10.json"
check "the next online audit passes" test $? -eq 0
check "... verifying only the entries since" \
  python3 -c 'import json, sys; a, b = (json.load(open(f)) for f in sys.argv[1:]); \
assert b["resumed_from"] == a["checkpoint"]["size"] == a["entries"] > 0 and \
  b["checkpoint"]["size"] == a["entries"] + b["entries"] and b["entries"] > 0' \
  "$work/a9.json" "$work/a10.json"
"${online[@]}" --state "$work/online.state" --full --json >"$work/a11.json"
check "--full verifies every entry again" grep -q '"resumed_from":0,' "$work/a11.json"
"$tool" audit --server "$address" --key "$work/witness.pem" --party authority \
  --verifier-key "$vkey" >/dev/null 2>&1
check "an online audit with a key the ledger does not know exits 2" test $? -eq 2
stop_server

"$tool" audit --verifier-key "$vkey" >/dev/null 2>&1
check "no source is a usage error (exit 2)" test $? -eq 2
echo "garbage" >"$work/bad.state"
"$tool" audit --data "$work/ledger" --state "$work/bad.state" >/dev/null 2>&1
check "a damaged state file is a usage error (exit 2)" test $? -eq 2

finish audit_roundtrip
