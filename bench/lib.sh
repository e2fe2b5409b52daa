# Shared helpers for the benchmarks (bash). Source it from a bench/*.sh script.
#   ROOT, ASTRO_BIN (default build/bench/src/astro, built here if missing), RESULTS, WORK
#   start_server [server flags]   -> SERVER_URL, DOMAIN (127.0.0.1:PORT); stopped on exit
#   mint_token EMAIL [TTL]        -> prints a fresh access token from the test server
#   server_stat KEY               -> refresh_token | authorization_code | userinfo ...
#   median N...                   -> prints the median of the numbers
# Every script gets its own ASTRO_HOME. Nothing here prints a token.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
ASTRO_BIN="${ASTRO_BIN:-$ROOT/build/bench/src/astro}"
if [ ! -x "$ASTRO_BIN" ]; then
  echo "bench: building the release binary into $ROOT/build/bench" >&2
  cmake -S "$ROOT" -B "$ROOT/build/bench" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASTRO_BUILD_TESTS=OFF >/dev/null
  cmake --build "$ROOT/build/bench" >/dev/null
fi
for tool in hyperfine node curl secret-tool; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/astro-bench.XXXXXX)"
export ASTRO_HOME="$WORK/home"
mkdir -p "$ASTRO_HOME"
unset ASTRO_DOMAIN ASTRO_API_TOKEN ASTRO_CREDENTIAL_STORE DISPLAY WAYLAND_DISPLAY
SERVER_PID=""

bench_cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

start_server() {
  local portfile="$WORK/server.url"
  rm -f "$portfile"
  node "$ROOT/tests/server/server.js" --port 0 --port-file "$portfile" "$@" >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    [ -s "$portfile" ] && break
    sleep 0.05
  done
  if [ ! -s "$portfile" ]; then
    echo "bench: could not start the test server:" >&2
    cat "$WORK/server.err" >&2
    exit 1
  fi
  SERVER_URL="$(cat "$portfile")"
  DOMAIN="${SERVER_URL#http://}"
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

json_field() { # json_field FIELD  (JSON on stdin)
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];process.stdout.write(v===undefined?"":String(v))})' "$1"
}

mint_token() {
  curl -fsS -X POST -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"ttl\":${2:-3600}}" "$SERVER_URL/__test/token" | json_field access_token
}

server_stat() {
  curl -fsS "$SERVER_URL/__test/stats" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);const k='$1';process.stdout.write(String(k in j.token_requests?j.token_requests[k]:j[k]))})"
}

reset_stats() { curl -fsS -X POST "$SERVER_URL/__test/reset-stats" >/dev/null; }

median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# hyperfine_mean JSON INDEX -> mean seconds of command INDEX
hyperfine_field() { # hyperfine_field JSON INDEX FIELD
  node -e 'const j=require(process.argv[1]);process.stdout.write(String(j.results[+process.argv[2]][process.argv[3]]))' "$1" "$2" "$3"
}

machine_line() {
  printf 'nproc=%s cpu="%s" kernel=%s loadavg=%s\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
}

# Starts the server, mints a 1-hour token (outside the 5-minute refresh window), stores it
# with `astro login --token-login -` in $ASTRO_CREDENTIAL_STORE (default keychain), then
# stops the server: `auth token` with a valid token needs no network. Sets TOKEN, DOMAIN.
token_login() {
  start_server
  TOKEN="$(mint_token one@astro.test 3600)"
  export ASTRO_CREDENTIAL_STORE="${ASTRO_CREDENTIAL_STORE:-keychain}"
  printf %s "$TOKEN" | "$ASTRO_BIN" login "$DOMAIN" --token-login - >"$WORK/login.out" 2>&1 ||
    { echo "bench: token login failed" >&2; cat "$WORK/login.out" >&2; exit 1; }
  stop_server
}

# Seconds per TSC cycle, for LD_DEBUG=statistics (which counts cycles on x86).
tsc_mhz() { sed -n 's/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' <(dmesg 2>/dev/null) | head -1 | grep . || grep -m1 'cpu MHz' /proc/cpuinfo | awk '{print $4}'; }

# Waits (up to QUIET_WAIT seconds, default 300) until the machine is quiet: less than
# QUIET_BUSY percent (default 25) of all CPU time busy over 2 s. Prints what it saw.
cpu_busy_pct() {
  local a b
  a=($(head -1 /proc/stat))
  sleep 2
  b=($(head -1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}
wait_quiet() {
  local deadline=$(( SECONDS + ${QUIET_WAIT:-300} )) busy
  while :; do
    busy="$(cpu_busy_pct)"
    if [ "$busy" -lt "${QUIET_BUSY:-25}" ] || [ "$SECONDS" -ge "$deadline" ]; then break; fi
  done
  echo "bench: CPU busy ${busy}% before measuring (loadavg $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  QUIET_NOTE="cpu_busy_before=${busy}%"
}
