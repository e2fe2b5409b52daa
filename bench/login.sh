#!/usr/bin/env bash
# Browser login round trip against the local test platform, in one hyperfine invocation:
#   curl alone (bench/login-curl.sh: the same requests, the same scripted browser)
#   astro login DOMAIN --callback-port 0, ASTRO_CREDENTIAL_STORE=file (no keychain cost)
#   astro login DOMAIN --callback-port 0, ASTRO_CREDENTIAL_STORE=keychain (gnome-keyring)
# with BROWSER=tests/support/curl-browser.sh. Runs itself inside tests/support/with-keyring.sh.
# Writes bench/results/login.{json,md} and bench/results/login-summary.txt.
#   RUNS=20 WARMUP=3 bench/login.sh          Target (issue): astro <= 2x curl.
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-20}"
WARMUP="${WARMUP:-3}"
command -v openssl >/dev/null || { echo "bench: openssl is missing" >&2; exit 1; }

start_server
export BROWSER="$ROOT/tests/support/curl-browser.sh"
mkdir -p "$WORK/home-file" "$WORK/home-keychain"
CMD_CURL="$ROOT/bench/login-curl.sh $SERVER_URL $WORK/curl-tokens.json"
CMD_FILE="env ASTRO_HOME=$WORK/home-file ASTRO_CREDENTIAL_STORE=file $ASTRO_BIN login $DOMAIN --callback-port 0"
CMD_KEYCHAIN="env ASTRO_HOME=$WORK/home-keychain ASTRO_CREDENTIAL_STORE=keychain $ASTRO_BIN login $DOMAIN --callback-port 0"

# Each must log in before it is timed.
$CMD_CURL && [ -s "$WORK/curl-tokens.json" ] || { echo "bench: the curl login failed" >&2; exit 1; }
for c in "$CMD_FILE" "$CMD_KEYCHAIN"; do
  $c </dev/null >"$WORK/login.out" 2>&1 || { echo "bench: $c failed:" >&2; cat "$WORK/login.out" >&2; exit 1; }
done
[ -s "$WORK/home-file/.astro/credentials.json" ] || { echo "bench: no credentials file" >&2; exit 1; }
secret-tool lookup server astro-cli user "$DOMAIN" >/dev/null || { echo "bench: no keychain item" >&2; exit 1; }
reset_stats

cd "$WORK"
wait_quiet
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$RESULTS/login.json" --export-markdown "$RESULTS/login.md" \
  -n "curl alone (login-curl.sh)" "$CMD_CURL" \
  -n "astro login, file store" "$CMD_FILE" \
  -n "astro login, keychain" "$CMD_KEYCHAIN"

LOGINS="$(server_stat authorization_code)"
J="$RESULTS/login.json"
{
  echo "# bench/login.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(machine_line) ${QUIET_NOTE:-}  runs=$RUNS warmup=$WARMUP"
  echo "authorization_code grants the server saw: $LOGINS (expected $((3 * (RUNS + WARMUP))))"
  printf '%-30s %9s %9s %9s %12s %8s\n' command mean_ms median_ms stddev_ms user+sys_ms vs_curl
  base="$(hyperfine_field "$J" 0 mean)"
  for i in 0 1 2; do
    node -e 'const r=require(process.argv[1]).results[+process.argv[2]];const b=+process.argv[3];
      console.log(`${r.command.padEnd(30)} ${(r.mean*1e3).toFixed(1).padStart(9)} ${(r.median*1e3).toFixed(1).padStart(9)} ${(r.stddev*1e3).toFixed(1).padStart(9)} ${((r.user+r.system)*1e3).toFixed(1).padStart(12)} ${(r.mean/b).toFixed(2).padStart(7)}x`)' "$J" "$i" "$base"
  done
  awk -v f="$(hyperfine_field "$J" 1 mean)" -v k="$(hyperfine_field "$J" 2 mean)" -v b="$base" \
    'BEGIN {printf "target astro <= 2x curl: file store %.2fx -> %s; keychain %.2fx -> %s\n", f/b, (f/b <= 2 ? "MET" : "MISSED"), k/b, (k/b <= 2 ? "MET" : "MISSED")}'
} | tee "$RESULTS/login-summary.txt"
