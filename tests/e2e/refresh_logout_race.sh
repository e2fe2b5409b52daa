#!/usr/bin/env bash
# Issue 9 ("concurrent processes never corrupt the config or lose a rotated refresh token"): a
# refresh, a logout and a login of the same domain hold one login lock. A logout that starts
# while a slow refresh is under way waits for it and then logs out what the refresh stored; it
# is never undone by the refresh writing its tokens back afterwards.
source "$(dirname "$0")/lib.sh"
start_server --access-token-ttl 4
export ASTRO_CREDENTIAL_STORE=file
export BROWSER="$ROOT/tests/support/curl-browser.sh"
CREDS="$ASTRO_HOME/.astro/credentials.json"
stored() { [ -e "$CREDS" ] && grep -q "\"$DOMAIN\"" "$CREDS"; }
hostile() { curl -fsS -X POST -H 'content-type: application/json' -d "{\"rules\":$1}" "$SERVER_URL/__test/hostile" >/dev/null; }

for round in 1 2 3; do
  run_astro login "$DOMAIN" --callback-port 0 --timeout 20
  check "round $round: logged in" rc_is 0
  sleep 2.5 # into the refresh window of a 4 s token
  hostile '[{"path":"/oauth/token","action":"delay","ms":1500}]'
  "$ASTRO_BIN" auth token >"$WORK/tok" 2>"$WORK/tokerr" </dev/null &
  TOKEN_PID=$!
  sleep 0.5 # the refresh is waiting for the server now
  run_astro logout "$DOMAIN"
  check "round $round: logout succeeds" rc_is 0
  wait "$TOKEN_PID"
  cat "$WORK/tokerr" >>"$WORK/all-output"
  hostile '[]'
  check "round $round: after the refresh and the logout, nothing is stored" bash -c "! { [ -e '$CREDS' ] && grep -q '\"$DOMAIN\"' '$CREDS'; }"
  run_astro auth token
  check "round $round: auth token then says: not logged in" rc_is 1
done
check "no secret in any output" assert_no_secret_in "$WORK/all-output"
finish
