#!/usr/bin/env bash
# Issue 3: the browser login's error paths with a scripted browser (curl following the
# redirects), and the listener as seen from outside.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
CB="$ROOT/tests/support/curl-browser.sh"
export CURL_BROWSER_OUT="$WORK/browser.out"
nothing_stored() { [ ! -e "$ASTRO_HOME/.astro/credentials.json" ] || ! grep -q "$DOMAIN" "$ASTRO_HOME/.astro/credentials.json"; }
browser_ended_on() { wait_for_file "$CURL_BROWSER_OUT" 10 && grep -q "$1" "$CURL_BROWSER_OUT"; }

# The authorization URL: astro's parameters, a fresh state and PKCE S256 every time.
BROWSER="$RECORDING_BROWSER" timeout 10 "$ASTRO_BIN" login "$DOMAIN" --timeout 1 >"$OUT" 2>"$ERR" </dev/null
RC=$?
U1="$(cat "$WORK/opened-url")"
for p in "prompt=login" "audience=astronomer-ee" "client_id=astro-cli" "response_type=code" "response_mode=query" \
  "code_challenge_method=S256" "scope=openid%20profile%20email%20offline_access" \
  "redirect_uri=http://localhost:12345/callback"; do
  check "authorization URL has $p" bash -c "printf '%s' '$U1' | grep -qF -- '$p'"
done
BROWSER="$RECORDING_BROWSER" timeout 10 "$ASTRO_BIN" login "$DOMAIN" --timeout 1 >"$OUT" 2>"$ERR" </dev/null
RC=$?
U2="$(cat "$WORK/opened-url")"
state_of() { printf '%s' "$1" | sed -E 's/.*[?&]state=([^&]*).*/\1/'; }
challenge_of() { printf '%s' "$1" | sed -E 's/.*[?&]code_challenge=([^&]*).*/\1/'; }
check "the state has at least 128 bits (43 base64url chars)" [ "$(state_of "$U1" | wc -c)" -ge 43 ]
check "a fresh state on every attempt" [ "$(state_of "$U1")" != "$(state_of "$U2")" ]
check "a fresh PKCE challenge on every attempt" [ "$(challenge_of "$U1")" != "$(challenge_of "$U2")" ]
# Qt 6.8+ does PKCE itself (src/core/QtCompat.h): never two challenges.
check "exactly one PKCE challenge and method" \
  [ "$(printf '%s' "$U1" | grep -oE '[?&]code_challenge(_method)?=' | sort | uniq -c | awk '{print $1}' | tr -d '\n')" = 11 ]
check "a short timeout ends the login (exit 1)" rc_is 1
check "with astro's timeout message" err_has "the operation has timed out"
check "the timeout stores nothing" nothing_stored

# ASTRO_CALLBACK_PORT picks the port.
ASTRO_CALLBACK_PORT=0 BROWSER="$RECORDING_BROWSER" timeout 10 "$ASTRO_BIN" login "$DOMAIN" --timeout 1 >"$OUT" 2>"$ERR" </dev/null
check "ASTRO_CALLBACK_PORT=0 gives an ephemeral port" bash -c "! grep -q 'localhost:12345' '$WORK/opened-url'"

# Stray requests and a wrong state before the real callback: 4xx, and the login goes on.
rm -f "$CURL_BROWSER_OUT"
CURL_BROWSER_STRAY=1 BROWSER="$CB" run_astro login "$DOMAIN" --callback-port 0
check "stray requests and a wrong state do not stop the login" rc_is 0
check "each stray request is reported" err_has "callback with a wrong state"
check "a wrong Host is refused" err_has "Host header is not localhost"
check "the browser ends on the success page" browser_ended_on "/success 200"
check "the success page carries no code" bash -c "! grep -q 'code=' '$CURL_BROWSER_OUT'"
run_astro logout "$DOMAIN"

# Denied consent.
server_config '{"deny":true}'
rm -f "$CURL_BROWSER_OUT"
BROWSER="$CB" run_astro login "$DOMAIN" --callback-port 0
check "denied consent fails (exit 3)" rc_is 3
check "with astro's message" err_has "Could not authorize your device. access_denied"
check "the browser ends on the failure page" browser_ended_on "/failure 200"
check "a denied login stores nothing" nothing_stored
server_config '{"deny":false}'

# A token-endpoint error: the code is corrupted on its way back.
rm -f "$CURL_BROWSER_OUT"
CURL_BROWSER_TAMPER_CODE=1 BROWSER="$CB" run_astro login "$DOMAIN" --callback-port 0
check "a token-endpoint error fails clearly (exit 3)" rc_is 3
check "naming the OAuth error" err_has "The token request failed: invalid_grant"
check "the browser ends on the failure page" browser_ended_on "/failure 200"
check "a failed exchange stores nothing" nothing_stored

# An expired code (the server's code lifetime is 2 s for this case only: the other logins here
# exchange their codes after stray requests, which a slow run could take 2 s over).
rm -f "$CURL_BROWSER_OUT"
server_config '{"codeTtl":2}'
CURL_BROWSER_CALLBACK_DELAY=3 BROWSER="$CB" run_astro login "$DOMAIN" --callback-port 0
server_config '{"codeTtl":60}'
check "an expired code fails clearly (exit 3)" rc_is 3
check "saying the code expired" err_has "The code expired or was already used"

# The port in use.
BUSY_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
node -e "require('net').createServer().listen($BUSY_PORT,'127.0.0.1')" &
HOLDER=$!
wait_for_listen "$BUSY_PORT"
BROWSER="$RECORDING_BROWSER" run_astro login "$DOMAIN" --callback-port "$BUSY_PORT"
check "a port in use fails (exit 4)" rc_is 4
check "with a message naming the port" err_has "Port $BUSY_PORT on localhost is already in use"
check "and what to do" err_has "--callback-port 0"
# With --login-link but no terminal to paste into, the port is needed still: the advice is
# not the flag that was given.
run_astro login "$DOMAIN" --login-link --callback-port "$BUSY_PORT"
check "--login-link, no terminal, a port in use: exit 4" rc_is 4
check "  naming the port" err_has "Port $BUSY_PORT on localhost is already in use"
check "  and not suggesting --login-link again" bash -c "! grep -qF \"or '--login-link'\" '$ERR'"
check "  but a terminal, where the address can be pasted" err_has "in a terminal"
# In a terminal it goes on with the paste; the link still names the port asked for (the
# redirect address a client registers), not port 0.
pty_start "$ASTRO_BIN" login "$DOMAIN" --login-link --callback-port "$BUSY_PORT" --timeout 5
pty_wait_for "Please visit the following link" 10
check "in a terminal: the listener could not start, the paste goes on" pty_wait_for "could not start on port $BUSY_PORT"
check "  and the link's redirect_uri names port $BUSY_PORT" \
  bash -c "tr -d '\\r' <'$PTY_OUT' | grep -o 'redirect_uri=[^&]*' | grep -qE 'localhost(%3A|:)$BUSY_PORT(%2F|/)callback'"
pty_finish
kill $HOLDER

# The listener binds loopback only, on both address families, on the same port.
rm -f "$WORK/opened-url"
BROWSER="$RECORDING_BROWSER" "$ASTRO_BIN" login "$DOMAIN" --callback-port 0 --timeout 20 >"$OUT" 2>"$ERR" </dev/null &
PID=$!
wait_for_file "$WORK/opened-url" 20
rm -f "$WORK/opened-url"
# Until astro waits (its Ctrl-C watcher is on), a background job's SIGINT is ignored (bash).
for _ in $(seq 1 100); do grep -q "Waiting for login" "$ERR" && break; sleep 0.1; done
PORT="$(ss -ltnpH | grep "pid=$PID," | head -1 | sed -E 's/.*:([0-9]+) .*/\1/')"
LISTEN="$(ss -ltnH "sport = :$PORT" | awk '{print $4}' | sort | tr '\n' ' ')"
check "listens on 127.0.0.1 and [::1] only ($LISTEN)" [ "$LISTEN" = "127.0.0.1:$PORT [::1]:$PORT " ]
check "an IPv6 callback with the wrong state gets a 4xx" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -g 'http://[::1]:$PORT/callback?code=x&state=y')\" = 400 ]"
# Ctrl-C during the wait: clean exit, listener closed, nothing stored.
kill -INT $PID
wait $PID
RC=$?
check "SIGINT during the wait exits 130" rc_is 130
check "and says nothing was saved" err_has "nothing was saved"
check "the listener is closed" bash -c "[ -z \"\$(ss -ltnH 'sport = :$PORT')\" ]"
check "SIGINT stores nothing" nothing_stored

check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
