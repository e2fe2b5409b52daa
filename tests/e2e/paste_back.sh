#!/usr/bin/env bash
# Issue 9 §2: at the --login-link prompt only a token-shaped paste (a JWT) is sent to the
# server; a password pasted by mistake is sent nowhere, and a rejected token does not end
# the login: both are explained, the prompt asks again, and the listener keeps waiting.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file SSH_CONNECTION="10.0.0.2 50000 10.0.0.1 22"
unset BROWSER
CB="$ROOT/tests/support/curl-browser.sh"
userinfo_requests() { server_stat userinfo; }

pty_start "$ASTRO_BIN" login "$DOMAIN" --login-link --callback-port 0
pty_wait_for "Paste that whole address" 20
LINK="$(link_in "$PTY_OUT")"
BEFORE="$(userinfo_requests)"

PASSWORD="CorrectHorseBatteryStaple2024xyz"
SECRETS+=("$PASSWORD")
pty_send "$PASSWORD"
check "a password-like word is explained" pty_wait_for "neither the address the browser ended on nor a token" 10
check "and the prompt asks again" pty_wait_for "Paste the address (or a token)" 5
sleep 0.5
check "nothing was sent to userinfo" [ "$(userinfo_requests)" = "$BEFORE" ]
check "the server log shows no userinfo request" bash -c "! grep -q ' /userinfo ' '$WORK/server.log'"

# A JWT-shaped token the server rejects ({"alg":"RS256"}.{"sub":"x"}.signature).
pty_send "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
check "a rejected token is explained" pty_wait_for "The token was rejected by" 10
check "it was checked at userinfo" [ "$(userinfo_requests)" = "$((BEFORE + 1))" ]
check "and the prompt asks again" bash -c "[ \$(grep -c 'Paste the address (or a token)' '$PTY_OUT') -ge 2 ]"

# The listener is still waiting: the real callback completes the login.
CURL_BROWSER_OUT="$WORK/b.out" "$CB" "$LINK"
pty_finish
check "then the real callback completes the login" rc_is 0
check "with astro's success message" out_has "Successfully authenticated to Astronomer"
check "the browser got the success page" grep -q "/success 200" "$WORK/b.out"
check "the password never reached any output of astro" assert_no_secret_in "$WORK/all-output"
finish
