#!/usr/bin/env bash
# crowdledger report end to end on the real demo (posted through the real server): every kind
# and format; the JSON passes `audit --report` offline, as an export and against the running
# server; a report as of an older checkpoint does not change as entries are added and still
# passes; the HTML opens in headless Chromium with nothing on its console; the server's
# report (the API's ReportQuery) is byte for byte the offline one; a hand-edited report, one
# re-indented, and one checked with another ledger's key fail (exit 1, the check named); usage
# errors exit 2.
# Usage: report_roundtrip.sh TOOL WORKDIR
set -uo pipefail
tool=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/cli_common.sh"

"$tool" init --data "$work/ledger" --origin example.org/report --authority-key "$work/authority.pem" \
  >/dev/null || exit 1
start_server
"$tool" demo --server "$address" --key "$work/authority.pem" >"$work/demo.out" 2>&1
check "the demo runs" test $? -eq 0
served() { "$tool" report --server "$address" --key "$work/authority.pem" --party authority "$@"; }
served --kind programme --out "$work/served.json"
check "a programme report from the server (ReportQuery, exit 0)" test $? -eq 0
served --kind fund --id nobody >/dev/null 2>"$work/served.err"
check "... an unknown fund is refused (exit 2)" test $? -eq 2
check "... and named" grep -q "nobody" "$work/served.err"
stop_server
check "the server stops cleanly" test $? -eq 0
vkey=$("$tool" verifier-key --data "$work/ledger")
size=$(sed -n 2p <("$tool" checkpoint --data "$work/ledger"))
report() { "$tool" report --data "$work/ledger" "$@"; }
audit_report() { "$tool" audit --verifier-key "$vkey" --report "$@"; }

report --kind programme --out "$work/programme.json"
check "a programme report (exit 0)" test $? -eq 0
check "... is byte for byte the one the server signed" cmp -s "$work/served.json" "$work/programme.json"
check "... names the checkpoint" grep -q "\"tree_size\":$size" "$work/programme.json"
check "... is signed" grep -q '"signature":{"algorithm":"Ed25519"' "$work/programme.json"
check "... counts the demo's two campaigns" grep -q '"campaigns_opened":2,' "$work/programme.json"
check "... and has no floating point" bash -c "! grep -Eq '[0-9]\.[0-9]' <(sed 's/\"[^\"]*\"//g' '$work/programme.json')"
report --kind fund --id cq-seed-fund --from 2000-01-01 --to 2999-12-31 --out "$work/fund.json"
check "a fund report over a period" test $? -eq 0
check "... with its matching" grep -Eq '"matches_count":[1-9]' "$work/fund.json"
for kind_id in "platform --id cq-crowd" "district --id liangjiang" "maker-space --id liangjiang-space"; do
  # shellcheck disable=SC2086
  report --kind $kind_id --format csv --lang en >"$work/k.csv"
  check "a $kind_id report as CSV" grep -q '^scope,currency,section,key,label,value,unit' "$work/k.csv"
done
report --kind programme --format html --lang zh --out "$work/programme.html"
check "an HTML report" grep -q '<svg' "$work/programme.html"
check "... in Chinese" grep -q '众创空间' "$work/programme.html"
check "... with no external asset" bash -c "! grep -Eq '<script|src=|href=' '$work/programme.html'"
# Both languages in headless Chromium (Debian's package; tools/setup installs it, and its
# absence fails the test): the page loads, its charts are in the rendered DOM, and the
# browser logs nothing to the console (errors and exceptions are logged there as CONSOLE).
report --kind programme --format html --lang en --out "$work/programme-en.html"
for page in programme programme-en; do
  if ! command -v chromium >/dev/null; then
    check "chromium is installed (tools/setup)" false
    break
  fi
  timeout 90 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/chromium" \
    --enable-logging=stderr --v=0 --virtual-time-budget=2000 --dump-dom "file://$work/$page.html" \
    >"$work/$page.dom" 2>"$work/$page.chromium"
  check "$page.html opens in headless Chromium" test $? -eq 0
  check "... and renders its charts" grep -q '<svg' "$work/$page.dom"
  check "... with nothing on the console" bash -c "! grep -q ':CONSOLE' '$work/$page.chromium'"
done
report --kind programme --at 5 --out "$work/at5.json"
check "a report as of tree size 5" grep -q '"tree_size":5' "$work/at5.json"

audit_report "$work/programme.json" --data "$work/ledger" --json >"$work/r1.json"
check "the programme report passes its audit (exit 0)" test $? -eq 0
check "... every check" test "$(grep -o '"status":"passed"' "$work/r1.json" | wc -l)" -eq 7
"$tool" export --data "$work/ledger" --out "$work/export" >/dev/null
audit_report "$work/fund.json" --export "$work/export" >/dev/null
check "the fund report passes against an export" test $? -eq 0
audit_report "$work/at5.json" --export "$work/export" >/dev/null
check "the report at size 5 passes against the export" test $? -eq 0

start_server
"$tool" bench --server "$address" --key "$work/authority.pem" --duration 1 --connections 1 \
  --investors 20 >/dev/null 2>&1
audit_report "$work/at5.json" --server "$address" --key "$work/authority.pem" --party authority >/dev/null
check "the report at size 5 passes against the running server" test $? -eq 0
stop_server
report --kind programme --at 5 --out "$work/at5-later.json"
check "a report at size 5 does not change with later entries" cmp -s "$work/at5.json" "$work/at5-later.json"

sed 's/"campaigns_opened":2,/"campaigns_opened":3,/' "$work/programme.json" >"$work/edited.json"
audit_report "$work/edited.json" --data "$work/ledger" --json >"$work/r2.json"
check "a hand-edited report exits 1" test $? -eq 1
check "... failing the signature check" grep -q '"check":"signature"' "$work/r2.json"
python3 -m json.tool "$work/programme.json" >"$work/indented.json"
audit_report "$work/indented.json" --data "$work/ledger" --json >"$work/r3.json"
check "a re-indented report exits 1" test $? -eq 1
check "... failing the byte comparison" grep -q '"check":"bytes"' "$work/r3.json"
"$tool" init --data "$work/other" --origin example.org/report --authority-key "$work/other.pem" >/dev/null
"$tool" audit --verifier-key "$("$tool" verifier-key --data "$work/other")" --report "$work/programme.json" \
  --data "$work/ledger" --json >"$work/r4.json"
check "another ledger's key exits 1" test $? -eq 1

report --kind fund --id nobody >/dev/null 2>&1
check "an unknown fund is a usage error (exit 2)" test $? -eq 2
report --kind fund --id cq-crowd >/dev/null 2>&1
check "a platform is not a fund (exit 2)" test $? -eq 2
report --kind district --id atlantis >/dev/null 2>&1
check "a district nobody is registered in is a usage error (exit 2)" test $? -eq 2
report --kind programme --from 2024-02-30 >/dev/null 2>&1
check "a date that is not one is a usage error (exit 2)" test $? -eq 2
report --kind programme --at 999999 >/dev/null 2>&1
check "a size beyond the ledger is a usage error (exit 2)" test $? -eq 2
audit_report "$work/missing.json" --data "$work/ledger" >/dev/null 2>&1
check "a missing report file is a usage error (exit 2)" test $? -eq 2

finish report_roundtrip
