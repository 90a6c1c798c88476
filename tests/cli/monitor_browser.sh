#!/usr/bin/env bash
# The authority's monitoring page end to end in a real browser: a fresh ledger served with
# `crowdledger serve --http`, the demo posted through it, then headless Chromium (driven over
# the DevTools protocol by monitor_browser.py) loads `/`, shows the demo's figures with no
# console error, and redraws when one more transaction lands. Fails, never skips, when
# Chromium is missing: tools/setup installs it. Screenshots go to SCREENSHOT_DIR (docs/ keeps
# copies: monitor-phone.png, monitor-desktop.png).
# Usage: monitor_browser.sh TOOL WORKDIR [SCREENSHOT_DIR]
set -uo pipefail
tool=$1
work=$2
screenshots=${3:-$work/screenshots}
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/cli_common.sh"

if ! command -v chromium >/dev/null; then
  echo "FAILED: chromium is not installed (bash tools/setup installs it)"
  exit 1
fi
"$tool" init --data "$work/ledger" --origin example.org/monitor --authority-key "$work/authority.pem" \
  >/dev/null || exit 1
start_server 0 --http 127.0.0.1:0
http=$(sed -n 's/.*"http":"\([^"]*\)".*/\1/p' "$work/serve.out")
check "the server serves HTTP" test -n "$http"
"$tool" demo --server "$address" --key "$work/authority.pem" >"$work/demo.out" 2>&1
check "the demo runs" test $? -eq 0

# The transaction that lands while the page is open: a maker space in a new district.
cat >"$work/new-space.json" <<'JSON'
{"id": {"high": 0, "low": 1}, "submitter": "authority", "key_id": 1,
 "operations": [{"operation_type": "RegisterParty",
                 "operation": {"party": "shapingba-space", "kind": "MakerSpace",
                               "display_name": "shapingba-space", "district": "shapingba"}}]}
JSON
python3 "$(dirname "$0")/monitor_browser.py" "$http" "$screenshots" shapingba \
  "$tool" submit --server "$address" --key "$work/authority.pem" --json "$work/new-space.json"
check "the page in headless Chromium" test $? -eq 0
stop_server
check "the server stops cleanly" test $? -eq 0
finish monitor_browser
