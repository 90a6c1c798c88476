#!/usr/bin/env bash
# The real server process end to end: crowdledger serve on loopback, transactions submitted
# as JSON with crowdledger submit, signed reads with crowdledger query, SIGTERM answered with
# a clean exit 0, and the data still there after a restart. Usage: serve_roundtrip.sh TOOL WORKDIR
set -uo pipefail
tool=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
passed=0
failed=0
server_pid=
check() {  # check DESCRIPTION TEST-EXPRESSION...
  local description=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $description"; fi
}
cleanup() { [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; }
trap cleanup EXIT

start_server() {  # start_server [PORT]: starts the server (0: a free port); sets server_pid and address
  "$tool" serve --data "$work/ledger" --listen "127.0.0.1:${1:-0}" >"$work/serve.out" \
    2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    address=$(sed -n 's/.*"listening":"\([^"]*\)".*/\1/p' "$work/serve.out")
    [ -n "$address" ] && return 0
    sleep 0.1
  done
  echo "server did not start: $(cat "$work/serve.err")"
  exit 1
}
stop_server() {  # SIGTERM, then the exit code
  kill -TERM "$server_pid"
  wait "$server_pid"
  local code=$?
  server_pid=
  return $code
}
# json_bytes HEX: the JSON array of a hex string's bytes, as the schema's JSON form wants.
json_bytes() { python3 -c 'import sys; print(list(bytes.fromhex(sys.argv[1])))' "$1"; }

"$tool" init --data "$work/ledger" --origin example.org/serve --authority-key "$work/authority.pem" \
  >/dev/null || exit 1
"$tool" keygen --out "$work/alice.pem" >"$work/alice.json" || exit 1
alice_key=$(json_bytes "$(sed -n 's/.*"public_key_hex":"\([0-9a-f]*\)".*/\1/p' "$work/alice.json")")
start_server

cat >"$work/register.json" <<JSON
{"id": {"high": 0, "low": 1}, "submitter": "authority", "key_id": 1,
 "operations": [
  {"operation_type": "RegisterParty", "operation": {"party": "alice", "kind": "Investor"}},
  {"operation_type": "RegisterKey",
   "operation": {"party": "alice", "key_id": 1, "public_key": $alice_key, "roles": "Post"}}]}
JSON
cat >"$work/deposit.json" <<JSON
{"id": {"high": 0, "low": 1}, "submitter": "alice", "key_id": 1,
 "operations": [{"operation_type": "Deposit",
                 "operation": {"party": "alice", "currency": "CNY", "amount": 250000}}]}
JSON
cat >"$work/overdraw.json" <<JSON
{"id": {"high": 0, "low": 2}, "submitter": "alice", "key_id": 1,
 "operations": [{"operation_type": "Withdraw",
                 "operation": {"party": "alice", "currency": "CNY", "amount": 999999}}]}
JSON

"$tool" submit --server "$address" --key "$work/authority.pem" --json "$work/register.json" \
  >"$work/r1.json"
check "the registration is applied" test $? -eq 0
check "its response names entry 1" grep -q '"sequence": 1' "$work/r1.json"
"$tool" submit --server "$address" --key "$work/alice.pem" --json "$work/deposit.json" >"$work/r2.json"
check "the deposit is applied" test $? -eq 0
"$tool" submit --server "$address" --key "$work/alice.pem" --json "$work/deposit.json" >"$work/r3.json"
check "a repeat is acknowledged as a duplicate" grep -q '"duplicate": true' "$work/r3.json"
"$tool" submit --server "$address" --key "$work/alice.pem" --json "$work/overdraw.json" \
  >"$work/r4.json" 2>"$work/r4.err"
check "an overdraft exits 2" test $? -eq 2
check "an overdraft says InsufficientFunds" grep -q "InsufficientFunds" "$work/r4.json"
"$tool" submit --server "$address" --key "$work/authority.pem" --json "$work/deposit.json" \
  >/dev/null 2>"$work/r5.err"
check "a transaction signed with another key is refused as BadSignature" \
  grep -q "BadSignature" "$work/r5.err"

"$tool" query --server "$address" --key "$work/alice.pem" --party alice balance cash:alice:CNY \
  >"$work/q1.json"
check "alice reads her balance" grep -q '"balance": 250000' "$work/q1.json"
"$tool" query --server "$address" --key "$work/alice.pem" --party alice balance external:authority:CNY \
  >/dev/null 2>"$work/q2.err"
check "alice may not read another party's account" grep -q "NotPermitted" "$work/q2.err"
"$tool" query --server "$address" --key "$work/alice.pem" --party alice checkpoint >"$work/q3.json"
check "the checkpoint names the origin" grep -q "example.org/serve" "$work/q3.json"

# An auditor's stream that outlives a restart: it wants 4 entries; the log has 3.
"$tool" keygen --out "$work/auditor.pem" >"$work/auditor.json" || exit 1
auditor_key=$(json_bytes "$(sed -n 's/.*"public_key_hex":"\([0-9a-f]*\)".*/\1/p' "$work/auditor.json")")
cat >"$work/auditor-register.json" <<JSON
{"id": {"high": 0, "low": 2}, "submitter": "authority", "key_id": 1,
 "operations": [
  {"operation_type": "RegisterParty", "operation": {"party": "auditor", "kind": "ServiceProvider"}},
  {"operation_type": "RegisterKey",
   "operation": {"party": "auditor", "key_id": 1, "public_key": $auditor_key, "roles": "Audit"}}]}
JSON
"$tool" submit --server "$address" --key "$work/authority.pem" --json "$work/auditor-register.json" \
  >/dev/null
check "the auditor is registered" test $? -eq 0
"$tool" tail --server "$address" --key "$work/auditor.pem" --party auditor --count 5 \
  >"$work/tail.out" 2>"$work/tail.err" &
tail_pid=$!
for _ in $(seq 1 100); do [ "$(wc -l <"$work/tail.out")" -ge 4 ] && break; sleep 0.1; done
check "the stream delivers the 4 entries logged so far" test "$(wc -l <"$work/tail.out")" -eq 4

stop_server
check "SIGTERM ends the server with exit 0" test $? -eq 0
start_server "${address##*:}"  # the same port: the stream reconnects to it
cat >"$work/deposit2.json" <<JSON
{"id": {"high": 0, "low": 3}, "submitter": "alice", "key_id": 1,
 "operations": [{"operation_type": "Deposit",
                 "operation": {"party": "alice", "currency": "CNY", "amount": 5}}]}
JSON
"$tool" submit --server "$address" --key "$work/alice.pem" --json "$work/deposit2.json" >/dev/null
check "a deposit after the restart is applied" test $? -eq 0
wait "$tail_pid"
check "the stream ends cleanly after its 5 entries" test $? -eq 0
check "it saw entries 0 to 4 in order, across the restart" \
  python3 -c 'import json,sys; s=[json.loads(l)["sequence"] for l in open(sys.argv[1])]; sys.exit(s != [0,1,2,3,4])' \
  "$work/tail.out"
"$tool" query --server "$address" --key "$work/alice.pem" --party alice entries alice >"$work/q4.json"
check "after a restart alice's entries are 1, 2 and 4" \
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r["body"]["sequences"] != [1, 2, 4])' \
  "$work/q4.json"
stop_server
check "the second SIGTERM ends it with exit 0 too" test $? -eq 0

echo "serve_roundtrip: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
