#!/usr/bin/env bash
# The crowdledger tool refuses bad input with exit code 2 and a precise message, and a refused
# command leaves nothing behind. Usage: cli_refusals.sh TOOL WORKDIR
set -uo pipefail
tool=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
passed=0
failed=0

# expect CODE PATTERN -- COMMAND...: runs COMMAND, checks its exit code and that stderr matches.
expect() {
  local code=$1 pattern=$2
  shift 3
  local stderr
  stderr=$("$@" 2>&1 >/dev/null)
  local actual=$?
  if [ "$actual" -eq "$code" ] && grep -q -- "$pattern" <<<"$stderr"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $* -> exit $actual, stderr: $stderr (wanted exit $code and /$pattern/)"
  fi
}
check() {  # check DESCRIPTION TEST-EXPRESSION...
  local description=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $description"; fi
}

expect 2 "InvalidArgument (101): origin 'bad origin'" -- \
  "$tool" init --data "$work/a" --origin "bad origin" --authority-key "$work/a.pem"
check "a refused init leaves no key file" test ! -e "$work/a.pem"
check "a refused init leaves no ledger" test ! -e "$work/a"

expect 0 "" -- "$tool" init --data "$work/l" --origin example.org/l --authority-key "$work/l.pem"
check "the authority key file is mode 0600" test "$(stat -c %a "$work/l.pem")" = 600
check "the ledger key file is mode 0600" test "$(stat -c %a "$work/l/ledger-key.pem")" = 600
expect 2 "AlreadyExists (301): authority key file" -- \
  "$tool" init --data "$work/m" --origin example.org/m --authority-key "$work/l.pem"
expect 2 "AlreadyExists (301): a ledger already exists" -- \
  "$tool" init --data "$work/l" --origin example.org/l --authority-key "$work/other.pem"
check "a refused init does not write the new key file" test ! -e "$work/other.pem"

expect 2 "NotALedger (502)" -- "$tool" checkpoint --data "$work/nothing"
expect 2 "NotFound (300): no checkpoint was issued at tree size 7" -- \
  "$tool" checkpoint --data "$work/l" --size 7
expect 2 "InvalidArgument (101): tree size 5 is beyond" -- \
  "$tool" prove inclusion --data "$work/l" --index 0 --size 5
expect 2 "InvalidArgument (101): leaf index 3 is not below tree size 1" -- \
  "$tool" prove inclusion --data "$work/l" --index 3 --size 1
expect 2 "InvalidArgument (101): old size 1 exceeds new size 0" -- \
  "$tool" prove consistency --data "$work/l" --from 1 --to 0
expect 2 "index" -- "$tool" prove inclusion --data "$work/l" --index notanumber --size 1
expect 2 "" -- "$tool" no-such-command

expect 0 "" -- "$tool" export --data "$work/l" --out "$work/export"
expect 2 "AlreadyExists (301)" -- "$tool" export --data "$work/l" --out "$work/export"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
