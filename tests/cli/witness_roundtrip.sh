#!/usr/bin/env bash
# Witnesses end to end with the real processes: two `crowdledger witness` on loopback, a
# `crowdledger serve --http` with both of them and quorum 2, /checkpoint served with both
# cosignatures, one cosignature verified by hand with openssl as docs/witness.md shows, the
# witness's state file after SIGTERM, a restart refusing a damaged state file, and the serve
# options refused. Usage: witness_roundtrip.sh TOOL WORKDIR
set -uo pipefail
tool=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/cli_common.sh"
witness_pids=()
stop_witnesses() { for pid in "${witness_pids[@]}"; do kill -9 "$pid" 2>/dev/null; done; }
trap 'cleanup; stop_witnesses' EXIT

"$tool" init --data "$work/ledger" --origin example.org/witnessed \
  --authority-key "$work/authority.pem" >/dev/null || exit 1
vkey=$("$tool" verifier-key --data "$work/ledger")

# start_witness N: witness N on a free port; sets wN_address and wN_key from its first line.
start_witness() {
  local n=$1
  [ -f "$work/w$n.pem" ] || "$tool" keygen --out "$work/w$n.pem" >/dev/null || exit 1
  "$tool" witness --listen 127.0.0.1:0 --key "$work/w$n.pem" --name "w$n.example/witness" \
    --log "$vkey" --state "$work/w$n.state" >"$work/w$n.out" 2>"$work/w$n.err" &
  witness_pids[$n]=$!
  for _ in $(seq 1 100); do
    grep -q listening "$work/w$n.out" && break
    sleep 0.1
  done
  printf -v "w${n}_address" '%s' "$(sed -n 's/.*"listening":"\([^"]*\)".*/\1/p' "$work/w$n.out")"
  printf -v "w${n}_key" '%s' "$(sed -n 's/.*"verifier_key":"\([^"]*\)".*/\1/p' "$work/w$n.out")"
}
start_witness 1
start_witness 2
check "witness 1 prints its address" test -n "$w1_address"
check "witness-verifier-key prints the key the witness announces" \
  test "$("$tool" witness-verifier-key --key "$work/w1.pem" --name w1.example/witness)" = "$w1_key"

start_server 0 --http 127.0.0.1:0 --witness "$w1_key" "http://$w1_address" \
  --witness "$w2_key" "http://$w2_address" --witness-quorum 2
http=$(sed -n 's/.*"http":"\([^"]*\)".*/\1/p' "$work/serve.out")
for _ in $(seq 1 100); do
  curl -sf "http://$http/checkpoint" >"$work/checkpoint" 2>/dev/null
  [ "$(grep -c '^— ' "$work/checkpoint")" -eq 3 ] && break
  sleep 0.1
done
check "/checkpoint carries the ledger's signature and two cosignatures" \
  test "$(grep -c '^— ' "$work/checkpoint")" -eq 3
check "the first cosignature is witness 1's" grep -q "^— w1.example/witness " "$work/checkpoint"

# Verify witness 1's cosignature by hand (docs/witness.md).
payload=$(grep "^— w1.example/witness " "$work/checkpoint" | cut -d' ' -f3)
echo "$payload" | base64 -d >"$work/payload"
check "the cosignature is 76 bytes" test "$(wc -c <"$work/payload")" -eq 76
time_hex=$(head -c 12 "$work/payload" | tail -c 8 | xxd -p)
{ printf 'cosignature/v1\ntime %d\n' "$((16#$time_hex))"; sed '/^$/,$d' "$work/checkpoint"; } \
  >"$work/message"
tail -c 64 "$work/payload" >"$work/signature"
{ printf '302a300506032b6570032100' | xxd -r -p
  echo "$w1_key" | cut -d+ -f3- | base64 -d | tail -c 32; } >"$work/w1.pub.der"
openssl pkeyutl -verify -pubin -inkey "$work/w1.pub.der" -keyform DER -rawin \
  -in "$work/message" -sigfile "$work/signature" >/dev/null 2>&1
check "openssl verifies witness 1's cosignature" test $? -eq 0
key_id=$({ printf 'w1.example/witness\n\x04'; tail -c 32 "$work/w1.pub.der"; } |
  openssl dgst -sha256 -binary | head -c 4 | xxd -p)
check "its key ID is SHA-256(name, newline, 0x04, key)[:4]" \
  test "$(head -c 4 "$work/payload" | xxd -p)" = "$key_id"
curl -sf "http://$http/metrics" >"$work/metrics"
check "/metrics counts the cosignatures" \
  grep -q 'crowdledger_witness_requests_total{witness="w1.example/witness",outcome="cosigned"} [1-9]' \
  "$work/metrics"

stop_server
check "the server exits 0 on SIGTERM" test $? -eq 0
kill -TERM "${witness_pids[1]}"
wait "${witness_pids[1]}"
check "witness 1 exits 0 on SIGTERM" test $? -eq 0
root=$(sed -n 3p "$work/checkpoint")
check "its state file remembers the tree it cosigned" \
  test "$(cat "$work/w1.state")" = "$(printf 'crowdledger-witness-state 1\nlog example.org/witnessed 1 %s' "$root")"

sed -i 's/ 1 / 01 /' "$work/w1.state"
"$tool" witness --listen 127.0.0.1:0 --key "$work/w1.pem" --name w1.example/witness \
  --log "$vkey" --state "$work/w1.state" >/dev/null 2>"$work/damaged.err"
check "a damaged state file exits 2" test $? -eq 2
check "and names the line" grep -q "w1.state: witness state file, line 2: the tree size" \
  "$work/damaged.err"

"$tool" serve --data "$work/ledger" --listen 127.0.0.1:0 --witness "$w1_key" "http://$w1_address" \
  >/dev/null 2>"$work/nohttp.err"
check "--witness without --http exits 2" test $? -eq 2
"$tool" serve --data "$work/ledger" --listen 127.0.0.1:0 --http 127.0.0.1:0 \
  --witness "$vkey" "http://$w1_address" >/dev/null 2>"$work/wrongkey.err"
check "a log key given as a witness key is refused" grep -q "WrongKeyType" "$work/wrongkey.err"
"$tool" serve --data "$work/ledger" --listen 127.0.0.1:0 --http 127.0.0.1:0 \
  --witness "$w1_key" "http://$w1_address" --witness-quorum 2 >/dev/null 2>"$work/quorum.err"
check "a quorum above the witnesses is refused" grep -q "quorum must be 1 to 1" "$work/quorum.err"
finish witness_roundtrip
