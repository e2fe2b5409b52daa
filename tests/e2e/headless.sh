#!/usr/bin/env bash
# Issue 4: a login from a "remote" session (no DISPLAY, SSH variables set, the browser on
# another host), by paste-back on a real terminal and by device code. Real keyring.
source "$(dirname "$0")/lib.sh"
start_server --device-interval 1
export ASTRO_CREDENTIAL_STORE=keychain SSH_CONNECTION="10.0.0.2 50000 10.0.0.1 22" SSH_TTY=/dev/pts/9
unset BROWSER
CB="$ROOT/tests/support/curl-browser.sh"
logged_in() { [ -n "$(secret-tool lookup server astro-cli user "$DOMAIN")" ]; }
logout_quietly() { "$ASTRO_BIN" logout "$DOMAIN" >/dev/null 2>&1 </dev/null; }

# 1. Paste-back: plain `astro login` in an SSH session on a terminal.
pty_start "$ASTRO_BIN" login "$DOMAIN" --callback-port 0
pty_wait_for "Paste that whole address" 20
LINK="$(link_in "$PTY_OUT")"
check "headless: says why it shows a link" grep -qF "No browser can be opened here: this is an SSH session" "$PTY_OUT"
check "headless: suggests the device code" grep -qF -- "--device-code" "$PTY_OUT"
check "the link is printed with astro's wording" [ -n "$LINK" ]
# The browser on another host: it follows the link but never reaches our loopback.
CURL_BROWSER_NO_CALLBACK=1 CURL_BROWSER_CALLBACK_FILE="$WORK/callback.txt" "$CB" "$LINK"
CALLBACK="$(cat "$WORK/callback.txt")"
pty_send "${CALLBACK/state=/state=x}"
check "a wrong state is rejected" pty_wait_for "does not belong to this login (callback with a wrong state)" 10
check "and the prompt asks again" pty_wait_for "Paste the address (or a token)" 5
pty_send "not a url"
check "anything else gets a clear message" pty_wait_for "neither the address the browser ended on nor a token" 5
pty_send "$CALLBACK"
pty_finish
check "paste-back completes the login" rc_is 0
check "with astro's success message" out_has "Successfully authenticated to Astronomer"
check "the tokens are in the keyring" logged_in
logout_quietly

# 2. A pasted token goes down the token-login path.
TOKEN="$(mint_token one@astro.test)"
pty_start "$ASTRO_BIN" login "$DOMAIN" --login-link --callback-port 0
pty_wait_for "Paste that whole address" 20
pty_send "$TOKEN"
pty_finish
check "a pasted token logs in" rc_is 0
check "as a token login" out_has "You are logging into Astro via an OAuth token"
check "the pasted token is stored" [ "$(stored_field "$(secret-tool lookup server astro-cli user "$DOMAIN")" access_token)" = "$TOKEN" ]
logout_quietly

# 3. The listener wins while the prompt is open (the port is forwarded, say).
pty_start "$ASTRO_BIN" login "$DOMAIN" -l --callback-port 0
pty_wait_for "Paste that whole address" 20
CURL_BROWSER_OUT="$WORK/b3.out" "$CB" "$(link_in "$PTY_OUT")"
pty_finish
check "the listener completes the login while the prompt waits" rc_is 0
check "the browser got the success page" grep -q "/success 200" "$WORK/b3.out"
logout_quietly

# 4. No terminal (stdin closed): no prompt, the listener only, and EOF does not abort it.
: >"$OUT" # what wait_for_file waits for is this run's output, not the last one's
"$ASTRO_BIN" login "$DOMAIN" --callback-port 0 >"$OUT" 2>"$ERR" </dev/null &
PID=$!
wait_for_file "$OUT" 20
for _ in $(seq 50); do [ -n "$(link_in "$OUT")" ] && break; sleep 0.1; done
CURL_BROWSER_OUT="$WORK/b4.out" "$CB" "$(link_in "$OUT")"
wait $PID
RC=$?
record_output login
check "without a terminal the listener alone completes the login" rc_is 0
check "and no prompt was shown" bash -c "! grep -q 'Paste' '$ERR'"
logout_quietly

# 5. Device code: approve (no terminal: no QR code).
: >"$OUT"; : >"$ERR"
"$ASTRO_BIN" login "$DOMAIN" --device-code >"$OUT" 2>"$ERR" </dev/null &
PID=$!
# (the code, the address and the warning are written one after the other: wait for the last two)
for _ in $(seq 100); do grep -q "Or open this address" "$OUT" 2>/dev/null && grep -q "Only enter a code" "$ERR" 2>/dev/null && break; sleep 0.1; done
USER_CODE="$(grep -A2 'enter the code' "$OUT" | sed -n '3p' | tr -d ' ')"
check "the device login shows a user code" [ -n "$USER_CODE" ]
check "and the verification address with the code" out_has "Or open this address, which carries the code:"
check "and warns to enter only codes you started" err_has "Only enter a code that you started yourself"
check "no QR code when stdout is not a terminal" bash -c "! grep -q '█' '$OUT'"
curl -fsS -X POST -H 'content-type: application/json' -d "{\"user_code\":\"$USER_CODE\",\"action\":\"approve\",\"email\":\"many@astro.test\"}" "$SERVER_URL/__test/device" >/dev/null
wait $PID
RC=$?
record_output login
check "device code approved: logged in" rc_is 0
check "as the approving user" out_has "Logging in as many@astro.test"
check "tokens in the keyring" logged_in
logout_quietly

# 6. Device code on a terminal shows a QR code; deny.
pty_start "$ASTRO_BIN" login "$DOMAIN" --device-code
pty_wait_for "Only enter a code" 20
check "a QR code on a terminal" grep -q '█' "$PTY_OUT"
USER_CODE="$(tr -d '\r' <"$PTY_OUT" | grep -A2 'enter the code' | sed -n '3p' | tr -d ' ')"
curl -fsS -X POST -H 'content-type: application/json' -d "{\"user_code\":\"$USER_CODE\",\"action\":\"deny\"}" "$SERVER_URL/__test/device" >/dev/null
pty_finish
check "device code denied: exit 3" rc_is 3
check "with astro's message" out_has "Could not authorize your device. access_denied"

# 7. slow_down: the client adds 5 s to its interval.
: >"$OUT"; : >"$ERR" # the wait below is for this run's code, not case 6's
"$ASTRO_BIN" login "$DOMAIN" --device-code >"$OUT" 2>"$ERR" </dev/null &
PID=$!
for _ in $(seq 100); do grep -q "Or open this address" "$OUT" 2>/dev/null && break; sleep 0.1; done
USER_CODE="$(grep -A2 'enter the code' "$OUT" | sed -n '3p' | tr -d ' ')"
server_config '{"deviceSlowDown":true,"deviceInterval":3}'
for _ in $(seq 100); do grep -q "poll more slowly" "$ERR" 2>/dev/null && break; sleep 0.1; done
check "slow_down is honoured (interval 1 s -> 6 s)" err_has "every 6 s now"
server_config '{"deviceSlowDown":false,"deviceInterval":1}'
curl -fsS -X POST -H 'content-type: application/json' -d "{\"user_code\":\"$USER_CODE\",\"action\":\"approve\"}" "$SERVER_URL/__test/device" >/dev/null
wait $PID
RC=$?
record_output login
check "and the login then completes" rc_is 0
logout_quietly

# 8. An expired device code.
server_config '{"deviceCodeTtl":2}'
"$ASTRO_BIN" login "$DOMAIN" --device-code >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output login
check "an expired device code: exit 3" rc_is 3
check "with a clear message" err_has "the code expired"

check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
