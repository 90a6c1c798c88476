#!/usr/bin/env bash
# The schemas serve more than C++: they must generate Python and TypeScript code without
# errors, and the JSON form of a transaction must parse with flatc against them into a
# buffer with the transaction's identifier. Usage: schema_generation.sh FLATC SCHEMAS WORKDIR
set -euo pipefail
flatc=$1
schemas=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
for language in python ts; do
  for schema in "$schemas"/*.fbs; do
    "$flatc" --"$language" -I "$schemas" -o "$work/$language" "$schema"
  done
  count=$(find "$work/$language" -type f | wc -l)
  [ "$count" -gt 20 ] || { echo "flatc --$language generated only $count files"; exit 1; }
done
cat >"$work/tx.json" <<'JSON'
{"id": {"high": 0, "low": 7}, "submitter": "cq-crowd", "key_id": 1, "client_time_us": 1,
 "operations": [
  {"operation_type": "Pledge", "operation": {"campaign": "drone-seed", "investor": "li-wei", "amount": 2500}},
  {"operation_type": "SetMatchingRule", "operation": {"fund": "f", "rule": "r", "currency": "CNY",
     "ratio_bp": 10000, "per_enterprise_cap": 1, "budget": 2, "eligible_kinds": ["Angel", "Crowd"]}}]}
JSON
"$flatc" --binary -I "$schemas" -o "$work" "$schemas/transaction_root.fbs" "$work/tx.json"
identifier=$(dd if="$work/tx.bin" bs=1 skip=4 count=4 2>/dev/null)
[ "$identifier" = "CLTX" ] || { echo "the binary transaction carries '$identifier', not CLTX"; exit 1; }
# And back: flatc prints the binary as JSON with the same content.
"$flatc" --json --strict-json -I "$schemas" -o "$work/back" "$schemas/transaction_root.fbs" -- "$work/tx.bin"
grep -q '"campaign": "drone-seed"' "$work/back/tx.json"
grep -q '"eligible_kinds": \[' "$work/back/tx.json"
echo "schema_generation: python, ts and the JSON round trip are fine"
