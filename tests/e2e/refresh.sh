#!/usr/bin/env bash
# Issue 3, refresh: short-lived access tokens (24 s: for a token that lives less than 10
# minutes the refresh window is half its lifetime, here 12 s), 20 concurrent
# `astro auth token`, rotation, and invalid_grant. Real keyring.
source "$(dirname "$0")/lib.sh"
start_server --access-token-ttl 24
export ASTRO_CREDENTIAL_STORE=keychain
export BROWSER="$ROOT/tests/support/curl-browser.sh"
item() { secret-tool lookup server astro-cli user "$DOMAIN"; }

run_astro login "$DOMAIN" --callback-port 0
check "browser login (scripted browser) succeeds" rc_is 0
RT0="$(stored_field "$(item)" refresh_token)"
AT0="$(stored_field "$(item)" access_token)"
SECRETS+=("$RT0" "$AT0")
curl -fsS -X POST "$SERVER_URL/__test/reset-stats" >/dev/null
run_astro auth token
check "a fresh short-lived token is used as it is (no refresh yet)" [ "$(server_stat refresh_token)" = 0 ]
sleep 13 # into the refresh window (the last 12 s)

# 20 at once: one refresh for all.
pids=()
for i in $(seq 1 20); do
  "$ASTRO_BIN" auth token >"$WORK/tok.$i" 2>"$WORK/tokerr.$i" </dev/null &
  pids+=($!)
done
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
cat "$WORK"/tokerr.* >>"$WORK/all-output"
RC=$fails
check "all 20 concurrent 'auth token' succeed" rc_is 0
check "the server saw exactly one refresh grant ($(server_stat refresh_token))" [ "$(server_stat refresh_token)" = 1 ]
check "all 20 print the same token" [ "$(cat "$WORK"/tok.* | sort -u | wc -l)" = 1 ]
run_astro auth token # at once: the refreshed token (24 s) is out of its window for 12 s
check "a process started after the refresh uses the new token, no second refresh" [ "$(server_stat refresh_token)" = 1 ]
AT1="$(cat "$WORK/tok.1")"
SECRETS+=("$AT1")
check "it is a new access token" [ "$AT1" != "$AT0" ]
RT1="$(stored_field "$(item)" refresh_token)"
SECRETS+=("$RT1")
check "the rotated refresh token was persisted" [ -n "$RT1" -a "$RT1" != "$RT0" ]
check "the refreshed token is active at the server" [ "$(introspect "$AT1")" = true ]


# The stored refresh token still works afterwards.
sleep 13
run_astro auth token
check "a later refresh with the stored refresh token works" rc_is 0
check "the server saw the second refresh" [ "$(server_stat refresh_token)" = 2 ]
AT2="$(cat "$OUT")"
SECRETS+=("$AT2")
sleep 13
run_astro auth status
check "auth status refreshes too and reports a usable token" rc_is 0
check "(the server saw its refresh)" [ "$(server_stat refresh_token)" = 3 ]

# A refresh token that the server no longer accepts: invalid_grant, "log in again".
curl -fsS -u test-introspector:test-introspector-secret --data-urlencode "token=$(stored_field "$(item)" refresh_token)" \
  --data-urlencode token_type_hint=refresh_token "$SERVER_URL/oauth/revoke" >/dev/null
sleep 13 # into the refresh window again
before="$(server_stat refresh_token)"
run_astro auth token
check "a revoked refresh token gives exit 3" rc_is 3
check "with a 'log in again' message" err_has "Run 'astro login' to log in again"
check "nothing on stdout" out_empty
run_astro auth token
check "and no retry loop (one request per command)" [ "$(server_stat refresh_token)" = $((before + 2)) ]

check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
