#!/usr/bin/env bash
# A due refresh that cannot reach the identity provider, while the access token still works
# for a while (a laptop offline, the provider down): `auth token`, `auth exec`, the Docker
# helper and `auth status` go on with the current token and say why on stderr (exit 0); of
# several at once, only one waits for the server. A token
# about to expire (under a minute left) fails as before (exit 4), and a refusal (invalid_grant)
# is final however long the token has left (exit 3). The file store, so that the test can set
# how long the stored token has left (it lived an hour: a refresh is due in its last 5 minutes).
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
export BROWSER="$ROOT/tests/support/curl-browser.sh"
export ASTRO_IMAGE_REGISTRY="127.0.0.1:5999"
HELPER="$(dirname "$ASTRO_BIN")/docker-credential-astro"
CREDS="$ASTRO_HOME/.astro/credentials.json"
stored() { # stored FIELD: a field of the credentials stored for $DOMAIN
  node -e "const j=JSON.parse(require('fs').readFileSync('$CREDS','utf8'));process.stdout.write(String(j.credentials['$DOMAIN']['$1']??''))"
}
login() {
  run_astro login "$DOMAIN" --callback-port 0
  check "$1" rc_is 0
  AT0="$(stored access_token)" RT0="$(stored refresh_token)"
  SECRETS+=("$AT0" "$RT0")
}

# A refusal is final, even with 4 minutes left: the server no longer accepts the refresh token.
login "browser login (scripted browser) succeeds"
curl -fsS -u test-introspector:test-introspector-secret --data-urlencode "token=$RT0" \
  --data-urlencode token_type_hint=refresh_token "$SERVER_URL/oauth/revoke" >/dev/null
expire_stored_in 240
run_astro auth token
check "a refused refresh (invalid_grant) with 4 minutes left: exit 3" rc_is 3
check "  nothing on stdout" out_empty
check "  'log in again'" err_has "Run 'astro login' to log in again"

# The server down, 4 minutes left: the current token, and why.
login "a second login succeeds"
expire_stored_in 240
EXP="$(stored expires_at)"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""
run_astro auth token
check "the server down, 4 minutes left: auth token exits 0" rc_is 0
check "  and prints the current token, and only it" out_is "$AT0"
: >"$OUT"
check "  warning that it could not refresh" err_has "Warning: could not refresh the token for $DOMAIN: "
check "  why (the server cannot be reached)" err_has "127.0.0.1"
check "  and how long the token has left" err_has "Using the current token, which expires in 4 minutes (at "
check "  the stored login is unchanged" bash -c "[ '$(stored refresh_token)' = '$RT0' ] && [ '$(stored expires_at)' = '$EXP' ]"
"$ASTRO_BIN" auth exec -- sh -c 'printf "%s" "$ASTRO_API_TOKEN"' >"$OUT" 2>"$ERR" </dev/null
RC=$?
cat "$ERR" >>"$WORK/all-output" # (stdout is the token)
check "auth exec runs the command with the current token" bash -c "[ $RC = 0 ] && [ \"\$(cat '$OUT')\" = '$AT0' ]"
: >"$OUT"
check "  with the same warning" err_has "Warning: could not refresh the token for $DOMAIN: "
printf '%s' "$ASTRO_IMAGE_REGISTRY" | "$HELPER" get >"$OUT" 2>"$ERR"
RC=$?
cat "$ERR" >>"$WORK/all-output"
check "the Docker helper's get answers the current token" bash -c "[ $RC = 0 ] && grep -qF '\"Secret\":\"$AT0\"' '$OUT'"
: >"$OUT"
run_astro auth status
check "auth status: a usable token (exit 0)" rc_is 0
check "  with the warning" err_has "Warning: could not refresh the token for $DOMAIN: "
check "  and names the problem in its report" out_has "could not refresh the token (the current one is used until it expires): Cannot reach"
run_astro auth status --json
check "auth status --json: usable, with refresh_problem" bash -c "[ $RC = 0 ] && grep -q '\"logged_in\": true' '$OUT' && grep -q '\"refresh_problem\": \"Cannot reach' '$OUT'"

# A server that accepts and never answers (a black-holed network), and five scripts at once: one
# of them waits out the timeout; the others, which waited for it under the refresh lock, find the
# token unchanged and use it at once (before, each would wait out the timeout in turn).
node -e "let n=0;require('net').createServer(c=>{n++;require('fs').writeFileSync(process.argv[1],String(n))}).listen(Number(process.argv[2]),'127.0.0.1')" \
  "$WORK/blackhole.count" "${DOMAIN##*:}" &
BLACKHOLE=$!
wait_for_listen "${DOMAIN##*:}"
expire_stored_in 240
start=$(date +%s%N)
pids=()
for i in 1 2 3 4 5; do
  ASTRO_HTTP_TIMEOUT=5 "$ASTRO_BIN" auth token >"$WORK/tok.$i" 2>"$WORK/tokerr.$i" </dev/null &
  pids+=($!)
done
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
ELAPSED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
kill "$BLACKHOLE"
cat "$WORK"/tokerr.* >>"$WORK/all-output"
check "a black-holed server, five at once: all succeed" [ "$fails" = 0 ]
check "  all print the current token" [ "$(cat "$WORK"/tok.* | sort -u)" = "$AT0" ]
check "  only one of them tried the server ($(cat "$WORK/blackhole.count" 2>/dev/null) connection)" [ "$(cat "$WORK/blackhole.count" 2>/dev/null)" = 1 ]
check "  the others say why they did not try" bash -c "[ \"\$(cat '$WORK'/tokerr.* | grep -c 'another astro process tried just now and could not reach the server')\" = 4 ]"
check "  one timeout's wait for all, not five (${ELAPSED_MS} ms)" [ "$ELAPSED_MS" -lt 15000 ]

# Under a minute left: not worth handing out; the failure is the answer.
expire_stored_in 30
run_astro auth token
check "the server down, 30 s left: exit 4" rc_is 4
check "  nothing on stdout" out_empty
check "  no 'current token' offered" bash -c "! grep -qF 'Using the current token' '$ERR'"

check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
