#!/usr/bin/env bash
# Issue 3, end to end: `astro login` with a real headless Chromium as the browser, against
# the local server and a real Secret Service (inside tests/support/with-keyring.sh).
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=keychain
export CHROMIUM_DOM_OUT="$WORK/dom.html"
# An explicitly set $BROWSER counts as a way to open a browser, even on a headless CI box.
export BROWSER="$ROOT/tests/support/chromium-browser.sh"

run_astro login "$DOMAIN" --callback-port 0
check "1. browser login with Chromium completes" rc_is 0
check "   astro's messages" out_has "Successfully authenticated to Astronomer"
check "   logged in as the approved user" out_has "Logging in as one@astro.test"
check "   progress went to stderr" err_has "Waiting for login to complete in browser"
wait_for_file "$CHROMIUM_DOM_OUT" 20
check "2. Chromium ended on our success page (title)" file_has "$CHROMIUM_DOM_OUT" "<title>Login successful</title>"
check "   and its heading" file_has "$CHROMIUM_DOM_OUT" 'id="heading">You are logged in'
check "   the page tells the user to return to the terminal" file_has "$CHROMIUM_DOM_OUT" "return to the terminal"
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
AT="$(stored_field "$ITEM" access_token)"
RT="$(stored_field "$ITEM" refresh_token)"
SECRETS+=("$AT" "$RT")
check "3. the tokens are in the real keyring" [ -n "$AT" ]
check "   with a refresh token" [ -n "$RT" ]
check "   and no id_token (size limit)" bash -c "! printf '%s' '$ITEM' | grep -q id_token"
run_astro auth token
check "4. auth token works" rc_is 0
check "   and prints the stored access token" out_is "$AT"
run_astro auth status
check "   auth status: refresh possible" out_has "possible (refresh token stored)"
check "the server saw exactly one code exchange" [ "$(server_stat authorization_code)" = 1 ]

check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
