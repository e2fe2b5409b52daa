# Shared helpers for the end-to-end tests (bash). Source it; each test script then
#   start_server [server flags]     -> SERVER_URL, DOMAIN (127.0.0.1:PORT); stopped on exit
#   start_houston [houston flags]   -> HOUSTON_URL, HOUSTON_DOMAIN (the local Houston of APC)
#   run_astro ARGS...               -> runs the real binary; sets RC, OUT, ERR (files)
#   check NAME COMMAND...           -> one assertion; counted
#   finish                          -> prints "N passed, N failed" and exits accordingly
# Every test gets its own ASTRO_HOME. Token values never reach this script's output:
# assert_no_secret checks captured output against every token the test has seen.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ASTRO_BIN="${ASTRO_BIN:-$ROOT/build/debug/src/astro}"
WORK="$(mktemp -d /tmp/astro-e2e.XXXXXX)"
export ASTRO_HOME="$WORK/home"
mkdir -p "$ASTRO_HOME"
unset ASTRO_DOMAIN ASTRO_API_TOKEN ASTRO_CREDENTIAL_STORE ASTRO_LANG DISPLAY WAYLAND_DISPLAY
export LC_ALL=C.UTF-8 # astro's messages are checked in English
PASSED=0
FAILED=0
SECRETS=()
SERVER_PID=""
HOUSTON_PID=""

cleanup() {
  # Only the test script itself: a forked job that a signal ends before its exec may run the EXIT trap too.
  [ "$BASHPID" = "$$" ] || return 0
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  if [ -n "$HOUSTON_PID" ]; then kill "$HOUSTON_PID" 2>/dev/null; wait "$HOUSTON_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Starts a test server (tests/server/NAME.js) on a free port; its URL is in $WORK/NAME.url,
# its logs in $WORK/NAME.{log,out,err}. Sets LAUNCHED_PID and LAUNCHED_URL.
launch_test_server() { # NAME [server flags]
  local name="$1" portfile="$WORK/$1.url"
  shift
  rm -f "$portfile"
  node "$ROOT/tests/server/$name.js" --port 0 --port-file "$portfile" --log-file "$WORK/$name.log" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  LAUNCHED_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$portfile" ] && break
    sleep 0.05
  done
  if [ ! -s "$portfile" ]; then
    echo "could not start the test server $name:" >&2
    cat "$WORK/$name.err" >&2
    exit 1
  fi
  LAUNCHED_URL="$(cat "$portfile")"
}

start_server() {
  launch_test_server server "$@"
  SERVER_PID=$LAUNCHED_PID SERVER_URL=$LAUNCHED_URL
  DOMAIN="${SERVER_URL#http://}"
}

# The local Houston (tests/server/houston.js) for Astro Private Cloud logins (`--apc`).
start_houston() {
  launch_test_server houston "$@"
  HOUSTON_PID=$LAUNCHED_PID HOUSTON_URL=$LAUNCHED_URL
  HOUSTON_DOMAIN="${HOUSTON_URL#http://}"
}
houston_config() { curl -fsS -X POST -H 'content-type: application/json' -d "$1" "$HOUSTON_URL/__test/config" >/dev/null; }
# Mints a Houston token for EMAIL (TTL seconds; negative: already expired), remembered as a secret.
houston_token() {
  local token
  token="$(curl -fsS -X POST -H 'content-type: application/json' \
    -d "{\"user\":\"$1\",\"ttl\":${2:-3600}}" "$HOUSTON_URL/__test/token" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))')"
  SECRETS+=("$token")
  printf '%s' "$token"
}
# The token Houston's OAuth token page shows (what a user copies), remembered as a secret.
houston_token_page() {
  local token
  token="$(curl -fsS "$HOUSTON_URL/token${1:+?user=$1}" | sed -n 's:.*<pre id="token">\([^<]*\)</pre>.*:\1:p')"
  SECRETS+=("$token")
  printf '%s' "$token"
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}

# Mints a real access token for EMAIL (lifetime TTL seconds) and remembers it as a secret.
mint_token() {
  local email="$1" ttl="${2:-3600}" token
  token="$(curl -fsS -X POST -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"ttl\":$ttl}" "$SERVER_URL/__test/token" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).access_token))')"
  SECRETS+=("$token")
  printf '%s' "$token"
}

# Prints true/false: is TOKEN active according to the server's introspection?
introspect() {
  local endpoint
  endpoint="$(curl -fsS "$SERVER_URL/.well-known/openid-configuration" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).introspection_endpoint))')"
  curl -fsS -u test-introspector:test-introspector-secret --data-urlencode "token=$1" "$endpoint" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(String(JSON.parse(s).active)))'
}

OUT="$WORK/out"
ERR="$WORK/err"
RC=0
run_astro() {
  "$ASTRO_BIN" "$@" >"$OUT" 2>"$ERR" </dev/null
  RC=$?
  record_output "$@"
}
# Everything astro printed goes to all-output for the secret check, except the stdout
# of `auth token`, whose whole point is to print the token.
record_output() {
  if [ "${1:-}" = auth ] && [ "${2:-}" = token ]; then cat "$ERR"; else cat "$OUT" "$ERR"; fi >>"$WORK/all-output"
}
run_astro_stdin() { # first argument: text for stdin
  local input="$1"
  shift
  printf '%s' "$input" | "$ASTRO_BIN" "$@" >"$OUT" 2>"$ERR"
  RC=$?
  record_output "$@"
}

check() {
  local name="$1"
  shift
  if "$@"; then
    PASSED=$((PASSED + 1))
    echo "ok   - $name"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL - $name"
    echo "       exit code: $RC"
    echo "       stdout: $(head -c 2000 "$OUT" 2>/dev/null | redact)"
    echo "       stderr: $(head -c 2000 "$ERR" 2>/dev/null | redact)"
  fi
}

# Replaces any known secret by <redacted> (for failure output).
redact() {
  local text
  text="$(cat)"
  for s in "${SECRETS[@]}"; do text="${text//"$s"/<redacted>}"; done
  printf '%s' "$text"
}

rc_is() { [ "$RC" -eq "$1" ]; }
out_is() { [ "$(cat "$OUT")" = "$1" ]; }
out_has() { grep -qF -- "$1" "$OUT"; }
err_has() { grep -qF -- "$1" "$ERR"; }
out_empty() { [ ! -s "$OUT" ]; }
file_has() { grep -qF -- "$2" "$1"; }

# No secret in any captured output, except where the test printed it on purpose
# (the stdout of `auth token`, which is compared and then discarded).
assert_no_secret_in() {
  local f="$1" s
  for s in "${SECRETS[@]}"; do
    if grep -qF -- "$s" "$f"; then return 1; fi
  done
  return 0
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit $?
}

# The login URL in astro's redirect page (given to the browser instead of the URL), or
# the argument itself when it is not a page.
url_from_page() { # url_from_page PATH-OR-URL
  local p="${1#file://}"
  if [ -f "$p" ]; then
    sed -n 's/.*http-equiv="refresh" content="0;url=\([^"]*\)".*/\1/p' "$p" | head -1 | sed 's/&amp;/\&/g'
  else
    printf '%s\n' "$1"
  fi
}
# A $BROWSER that opens nothing and records the URL it was given (in $WORK/opened-url),
# and its argument (in $WORK/opened-arg).
RECORDING_BROWSER="$WORK/record-browser.sh"
cat >"$RECORDING_BROWSER" <<RECEOF
#!/usr/bin/env bash
$(declare -f url_from_page)
printf '%s\n' "\$1" >"$WORK/opened-arg"
url_from_page "\$1" >"$WORK/opened-url.tmp" && mv "$WORK/opened-url.tmp" "$WORK/opened-url"
RECEOF
chmod +x "$RECORDING_BROWSER"

# Waits (up to $2 seconds, default 20) until file $1 exists and is not empty.
wait_for_file() {
  local i
  for i in $(seq 1 $(( ${2:-20} * 20 ))); do
    [ -s "$1" ] && return 0
    sleep 0.05
  done
  return 1
}

server_stat() { # server_stat refresh_token|authorization_code|revocations
  curl -fsS "$SERVER_URL/__test/stats" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);const k='$1';process.stdout.write(String(k in j.token_requests?j.token_requests[k]:j[k]))})"
}

# expire_stored_in SECS: the token stored for $DOMAIN in the file store (ASTRO_CREDENTIAL_STORE=file),
# taken as one that lived an hour, now expires in SECS: a refresh is due below 300 s. Faster and
# steadier than sleeping into the window of a short-lived token, which a slow run can overshoot.
expire_stored_in() {
  node -e "const fs=require('fs'),f=process.argv[1];const j=JSON.parse(fs.readFileSync(f,'utf8'));const c=j.credentials[process.argv[2]];
c.expires_at=Math.floor(Date.now()/1000)+Number(process.argv[3]);c.obtained_at=c.expires_at-3600;fs.writeFileSync(f,JSON.stringify(j))" \
    "$ASTRO_HOME/.astro/credentials.json" "$DOMAIN" "$1"
}
# wait_for_listen PORT: until something listens on 127.0.0.1:PORT (a holder started in the background).
wait_for_listen() {
  local i
  for i in $(seq 1 200); do
    ss -ltnH "sport = :$1" | grep -q . && return 0
    sleep 0.05
  done
  return 1
}
server_config() { curl -fsS -X POST -H 'content-type: application/json' -d "$1" "$SERVER_URL/__test/config" >/dev/null; }

# The value of a JSON field in the credentials held for $DOMAIN (keychain or file).
stored_field() { # stored_field JSON-TEXT FIELD
  printf '%s' "$1" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(String(JSON.parse(s)['$2']||'')))"
}

# A program on a real terminal (a pty through util-linux `script`), fed through a FIFO.
#   pty_start CMD...   pty_send TEXT   pty_wait_for TEXT [SECS]   pty_finish (sets RC)
PTY_OUT="$WORK/pty.out"
pty_start() {
  rm -f "$WORK/pty.in" "$PTY_OUT"
  mkfifo "$WORK/pty.in"
  exec 7<>"$WORK/pty.in"
  local cmd=""
  for a in "$@"; do cmd+="$(printf '%q ' "$a")"; done
  script -qfec "$cmd" /dev/null <"$WORK/pty.in" >"$PTY_OUT" 2>&1 &
  PTY_PID=$!
}
pty_send() { printf '%s\n' "$1" >&7; }
pty_wait_for() {
  local i
  for i in $(seq 1 $(( ${2:-20} * 10 ))); do
    grep -qF -- "$1" "$PTY_OUT" 2>/dev/null && return 0
    kill -0 "$PTY_PID" 2>/dev/null || { grep -qF -- "$1" "$PTY_OUT"; return $?; }
    sleep 0.1
  done
  return 1
}
pty_finish() {
  local i
  for i in $(seq 1 300); do kill -0 "$PTY_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$PTY_PID" 2>/dev/null
  wait "$PTY_PID"
  RC=$?
  exec 7>&-
  tr -d '\r' <"$PTY_OUT" >"$OUT"
  : >"$ERR"
  # The terminal echoes what the test typed (callback addresses); astro's own output is
  # checked for secrets separately, line by line, without the echoed input.
  grep -v '^> ' "$OUT" | grep -v '^http://localhost' >>"$WORK/all-output"
}
link_in() { grep -o 'Please visit the following link on a device with a browser: [^ ]*' "$1" | awk '{print $NF}' | tr -d '\r' | tail -1; }
