#!/usr/bin/env bash
# The real server process end to end: crowdledger serve on loopback, transactions submitted
# as JSON with crowdledger submit, signed reads with crowdledger query, SIGTERM answered with
# a clean exit 0, the data still there after a restart, and the same over TLS with a throwaway
# CA made by the openssl tool. Usage: serve_roundtrip.sh TOOL WORKDIR
set -uo pipefail
tool=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/cli_common.sh"
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

# TLS: a CA, a server certificate for 127.0.0.1 and localhost, and a CA nobody used.
command -v openssl >/dev/null || { echo "openssl is missing (tools/setup installs it)"; exit 1; }
for ca in ca other-ca; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$ca" \
    -keyout "$work/$ca-key.pem" -out "$work/$ca.pem" 2>/dev/null || exit 1
done
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
  -keyout "$work/server-key.pem" -out "$work/server.csr" 2>/dev/null || exit 1
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" \
  -CAcreateserial -days 2 -extfile "$work/server.ext" -out "$work/server.pem" 2>/dev/null || exit 1

"$tool" serve --data "$work/ledger" --tls-cert "$work/server.pem" >/dev/null 2>"$work/t0.err"
check "--tls-cert without --tls-key exits 2" test $? -eq 2
check "... saying they go together" grep -q "go together" "$work/t0.err"
"$tool" serve --data "$work/ledger" --tls-cert "$work/server.pem" --tls-key "$work/ca-key.pem" \
  >/dev/null 2>"$work/t1.err"
check "a key that does not match the certificate exits 2" test $? -eq 2
start_server 0 --tls-cert "$work/server.pem" --tls-key "$work/server-key.pem"
cat >"$work/deposit3.json" <<JSON
{"id": {"high": 0, "low": 4}, "submitter": "alice", "key_id": 1,
 "operations": [{"operation_type": "Deposit",
                 "operation": {"party": "alice", "currency": "CNY", "amount": 7}}]}
JSON
"$tool" submit --server "$address" --tls-ca "$work/ca.pem" --key "$work/alice.pem" \
  --json "$work/deposit3.json" >"$work/t2.json"
check "a deposit over TLS is applied" test $? -eq 0
"$tool" query --server "localhost:${address##*:}" --tls-ca "$work/ca.pem" --key "$work/alice.pem" \
  --party alice balance cash:alice:CNY >"$work/t3.json"
check "alice reads her balance over TLS, naming the server localhost" \
  grep -q '"balance": 250012' "$work/t3.json"
"$tool" query --server "$address" --key "$work/alice.pem" --party alice checkpoint \
  >/dev/null 2>"$work/t4.err"
check "a plain-TCP client against the TLS server exits 2" test $? -eq 2
"$tool" query --server "$address" --tls-ca "$work/other-ca.pem" --key "$work/alice.pem" \
  --party alice checkpoint >/dev/null 2>"$work/t5.err"
check "a client trusting another CA refuses the server" grep -q "certificate verify failed" \
  "$work/t5.err"
"$tool" tail --server "$address" --tls-ca "$work/ca.pem" --key "$work/auditor.pem" \
  --party auditor --from 5 --count 1 >"$work/t6.out"
check "an auditor streams over TLS" \
  python3 -c 'import json,sys; sys.exit(json.loads(open(sys.argv[1]).read())["sequence"] != 5)' \
  "$work/t6.out"
stop_server
check "SIGTERM ends the TLS server with exit 0" test $? -eq 0

finish serve_roundtrip
