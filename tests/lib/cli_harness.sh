# Shared by the shell tests that drive a live `sluice serve` with the AWS CLI
# (tests/integration/cli_catalog.sh, tests/s3/cli_s3.sh, tests/s3/seed_000_storage.sh).
# Source it after setting WORK (a fresh temp dir), DATA (the data dir) and SLUICE_BIN.
# Provides: pass, fail (prints "N passed, 1 failed" and exits), start_server (sets URL and
# SERVER_PID), stop_server (SIGTERM, KILL after 10 s; sets STOP_CODE), and an EXIT trap that
# stops the server this script started and removes WORK.

SERVER_PID=""
URL=""
STARTS=0
PASSED=0
STOP_CODE=""

fail() {
  echo "FAIL: $*" >&2
  if [[ -f "$WORK/stderr.$STARTS" ]]; then
    echo "--- server stderr (tail) ---" >&2
    tail -n 20 "$WORK/stderr.$STARTS" >&2 || true
  fi
  echo "$PASSED passed, 1 failed"
  exit 1
}

pass() {
  PASSED=$((PASSED + 1))
  echo "ok $PASSED - $* [${SECONDS}s]"
}

start_server() {
  STARTS=$((STARTS + 1))
  local out="$WORK/stdout.$STARTS"
  "$SLUICE_BIN" serve --data-dir "$DATA" --port 0 --host 127.0.0.1 \
    </dev/null >"$out" 2>"$WORK/stderr.$STARTS" &
  SERVER_PID=$!
  local _
  for _ in $(seq 100); do   # 100 x 0.1 s = 10 s
    URL="$(grep -o 'listening on http://[^[:space:]]*' "$out" 2>/dev/null | head -n 1 |
           sed 's/^listening on //')" || true
    [[ -z "$URL" ]] || return 0
    kill -0 "$SERVER_PID" 2>/dev/null || fail "sluice exited before listening"
    sleep 0.1
  done
  fail "sluice did not print 'listening on http://HOST:PORT' within 10 s"
}

# Sends SIGTERM to the server this script started; kills it after 10 s. Sets STOP_CODE.
stop_server() {
  STOP_CODE=""
  [[ -n "$SERVER_PID" ]] || return 0
  local pid="$SERVER_PID" _
  SERVER_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      STOP_CODE="killed"
    fi
  fi
  local code=0
  wait "$pid" 2>/dev/null || code=$?
  [[ -n "$STOP_CODE" ]] || STOP_CODE="$code"
}

cleanup() {
  stop_server || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
