#!/usr/bin/env bash
# Concurrent refresh: server with --access-token-ttl 30 (each wave starts 16 s after the login, so
# the token is inside astro's refresh window: the last half of a short-lived token's life),
# real keyring (tests/support/with-keyring.sh).
# For each wave size N (WAVES, default "20 100"), REPEAT times (default 3):
#   refresh wave:    a fresh browser login (BROWSER=tests/support/curl-browser.sh,
#                    ASTRO_CREDENTIAL_STORE=keychain), reset the server's stats, then N
#                    concurrent `astro auth token`: every one must print the same, new
#                    token, and the server must see exactly 1 refresh_token grant.
#   no-refresh wave: a token login with a 1-hour token (no refresh token, outside the
#                    window), then N concurrent `astro auth token`: the floor (keyring
#                    contention alone), 0 refresh grants.
# Reports the wall time of the wave (first start to last exit) and the per-process
# latency (median, max). Writes bench/results/refresh.csv and refresh-summary.txt.
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
WAVES="${WAVES:-20 100}"
REPEAT="${REPEAT:-3}"

start_server --access-token-ttl 30
export ASTRO_CREDENTIAL_STORE=keychain BROWSER="$ROOT/tests/support/curl-browser.sh"
item_field() { secret-tool lookup server astro-cli user "$DOMAIN" | json_field "$1"; }

# wave N KIND -> one CSV line: kind,n,run,ok,refresh_grants,distinct_tokens,new_token,wave_ms,p50_ms,max_ms
wave() {
  local n="$1" kind="$2" run="$3" before i
  before="$(item_field access_token)"
  wait_quiet
  reset_stats
  rm -rf "$WORK/wave"
  mkdir -p "$WORK/wave"
  local t0=$EPOCHREALTIME
  for i in $(seq 1 "$n"); do
    {
      s=$EPOCHREALTIME
      "$ASTRO_BIN" auth token >"$WORK/wave/out.$i" 2>"$WORK/wave/err.$i" </dev/null
      rc=$?
      echo "$rc $s $EPOCHREALTIME" >"$WORK/wave/t.$i"
    } &
  done
  wait
  local t1=$EPOCHREALTIME
  local ok distinct refreshes newtok lat
  ok="$(cat "$WORK"/wave/t.* | awk '$1 == 0' | wc -l)"
  distinct="$(cat "$WORK"/wave/out.* | sort -u | wc -l)"
  refreshes="$(server_stat refresh_token)"
  if [ "$(head -1 "$WORK/wave/out.1")" != "$before" ]; then newtok=yes; else newtok=no; fi
  lat="$(awk '{printf "%.1f\n", ($3 - $2) * 1000}' "$WORK"/wave/t.* | sort -n | awk '{a[NR]=$1} END {printf "%s,%s", a[int((NR+1)/2)], a[NR]}')"
  awk -v k="$kind" -v n="$n" -v r="$run" -v ok="$ok" -v g="$refreshes" -v d="$distinct" -v nt="$newtok" -v t0="$t0" -v t1="$t1" -v lat="$lat" \
    'BEGIN {printf "%s,%d,%d,%d,%s,%d,%s,%.0f,%s\n", k, n, r, ok, g, d, nt, (t1 - t0) * 1000, lat}'
  if [ "$ok" != "$n" ]; then
    echo "bench: $((n - ok)) of $n failed; first error:" >&2
    grep -h . "$WORK"/wave/err.* | head -3 >&2
  fi
}

CSV="$RESULTS/refresh.csv"
echo "kind,n,run,ok,refresh_grants,distinct_tokens,new_token,wave_ms,p50_ms,max_ms" >"$CSV"
for n in $WAVES; do
  for run in $(seq 1 "$REPEAT"); do
    "$ASTRO_BIN" login "$DOMAIN" --callback-port 0 </dev/null >"$WORK/login.out" 2>&1 ||
      { echo "bench: browser login failed" >&2; cat "$WORK/login.out" >&2; exit 1; }
    [ -n "$(item_field refresh_token)" ] || { echo "bench: the login stored no refresh token" >&2; exit 1; }
    # A token that lives less than 10 minutes is refreshed in the last half of its life:
    # wait until this 30 s token is there.
    sleep 16
    wave "$n" refresh "$run" | tee -a "$CSV"
    printf %s "$(mint_token one@astro.test 3600)" | "$ASTRO_BIN" login "$DOMAIN" --token-login - >"$WORK/login.out" 2>&1 ||
      { echo "bench: token login failed" >&2; cat "$WORK/login.out" >&2; exit 1; }
    wave "$n" no-refresh "$run" | tee -a "$CSV"
  done
done

{
  echo "# bench/refresh.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(machine_line) ${QUIET_NOTE:-}  server --access-token-ttl 30"
  column -s, -t "$CSV"
  awk -F, 'NR > 1 && $1 == "refresh" { t[$2]++; if ($5 == 1 && $6 == 1 && $4 == $2 && $7 == "yes") good[$2]++ }
    END {for (n in t) printf "n=%s: refresh waves with exactly 1 refresh grant, all processes ok, 1 distinct new token: %d of %d -> %s\n", n, good[n], t[n], (good[n] == t[n] ? "MET" : "MISSED")}' "$CSV" | sort -t= -k2 -n
  awk -F, 'NR > 1 {k = $1 " n=" $2; s[k] += $8; c[k]++; if ($10 > m[k]) m[k] = $10}
    END {for (k in s) printf "%-18s mean wave %6.0f ms   worst process %6.0f ms\n", k, s[k] / c[k], m[k]}' "$CSV" | sort
} | tee "$RESULTS/refresh-summary.txt"
