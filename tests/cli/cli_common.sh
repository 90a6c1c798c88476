# Shared by the CLI end-to-end scripts: `check` counts results, `start_server`/`stop_server`
# run the real server on loopback. Callers set `tool` and `work` before sourcing, and end
# with `finish NAME`.
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

start_server() {  # start_server [PORT [ARGS...]]: starts the server (0: a free port); sets server_pid and address
  local port=${1:-0}
  [ $# -gt 0 ] && shift
  "$tool" serve --data "$work/ledger" --listen "127.0.0.1:$port" "$@" >"$work/serve.out" \
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
finish() {  # finish NAME: prints the tally; fails if anything failed
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
