# What the test servers' self-tests share (sourced by selftest.sh and houston-selftest.sh):
# a scratch directory $T, the server's pid in $SERVER_PID (stopped on exit), counters and
# one line per check. Needs bash, curl and node.
set -u -o pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
T="$(mktemp -d)"
PASS=0
FAIL=0
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  rm -rf "$T"
}
trap cleanup EXIT

ok() { PASS=$((PASS + 1)); echo "  ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL $1${2:+ ($2)}"; }
# check NAME ACTUAL EXPECTED
check() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi; }

# js FILE EXPR: evaluate EXPR with d = parsed JSON of FILE (or {} if not JSON) and print it;
# jwt(t) and jwth(t) are a JWT's payload and header, q(u) a URL's query parameters.
js() {
  node -e '
    const fs = require("fs");
    let d = {};
    try { d = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch {}
    const jwt = (t) => { try { return JSON.parse(Buffer.from(String(t).split(".")[1], "base64url")); } catch { return {}; } };
    const jwth = (t) => { try { return JSON.parse(Buffer.from(String(t).split(".")[0], "base64url")); } catch { return {}; } };
    const q = (u) => Object.fromEntries(new URL(u).searchParams);
    let v;
    try { v = eval(process.argv[2]); } catch { v = "<error>"; }
    process.stdout.write(v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));
  ' "$1" "$2"
}

# summary NAME: the last line, and the exit status.
summary() {
  echo "$1: $PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
}
