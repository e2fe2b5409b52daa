#!/usr/bin/env bash
# Issue 12, end to end: the Astro Private Cloud login (`astro login --apc` on a loopback domain)
# against the local Houston (tests/server/houston.js) and a real Secret Service (run inside
# tests/support/with-keyring.sh). Passwords and tokens are checked to reach no output.
source "$(dirname "$0")/lib.sh"
start_houston
export ASTRO_CREDENTIAL_STORE=keychain
HD="$HOUSTON_DOMAIN"
KEY="${HD//./_}"
CONFIG="$ASTRO_HOME/.astro/config.yaml"
SECRETS+=(local-password both-password wrong-password)

keychain_item() { secret-tool lookup server astro-cli user "$HD" 2>/dev/null; }
stored() { stored_field "$(keychain_item)" "$1"; }
pty_has() { grep -qF -- "$1" "$PTY_OUT"; }
pty_lacks() { ! grep -qF -- "$1" "$PTY_OUT"; }
config_has() { file_has "$CONFIG" "$1"; }
pty_wait_for_count() { # TEXT N: until TEXT is in the terminal's output N times
  local i
  for i in $(seq 1 200); do
    [ "$(grep -oF -- "$1" "$PTY_OUT" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
    kill -0 "$PTY_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ "$(grep -oF -- "$1" "$PTY_OUT" 2>/dev/null | wc -l)" -ge "$2" ]
}

# 1. Username and password on a terminal: the password is not echoed.
pty_start "$ASTRO_BIN" login "$HD" --apc
check "the username prompt" pty_wait_for "Username (leave blank for oAuth): "
pty_send "local@houston.test"
check "the password prompt" pty_wait_for "Password: "
pty_send "local-password"
pty_finish
check "password login succeeds" rc_is 0
check "the typed username is echoed" pty_has "local@houston.test"
check "the password is not echoed" pty_lacks "local-password"
check "the Enter after the password ends the line, without a blank line after it" \
  bash -c "grep -qPz 'Password: \\r?\\n' '$PTY_OUT' && ! grep -qPz 'Password: \\r?\\n\\r?\\n' '$PTY_OUT'"
check "the only workspace becomes the default" out_has '"Workspace One" Workspace found. This is your default Workspace.'
check "no organization on APC" bash -c "! grep -q Organization '$OUT'"
check "success message" out_has "Successfully authenticated to Astronomer"
check "the keychain holds the Houston token as product apc" [ "$(stored product)" = apc ]
check "no refresh token is stored" [ -z "$(stored refresh_token)" ]
T1="$(stored access_token)"
SECRETS+=("$T1")
check "the stored token is a JWT" bash -c "[[ '$T1' == *.*.* ]]"
EXP="$(printf '%s' "$T1" | cut -d. -f2 | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(String(JSON.parse(Buffer.from(s,"base64url")).exp)))')"
check "the stored expiry is the JWT's exp" [ "$(stored expires_at)" = "$EXP" ]
check "the context records product: apc" config_has "product: apc"
check "the context is current" config_has "context: $KEY"
check "the context holds the user" config_has "user_email: local@houston.test"
check "the context holds the workspace" config_has "workspace: ckwsone000000000000000001"
check "config.yaml holds no token" assert_no_secret_in "$CONFIG"

# 2. auth token and auth status for the APC context: no network, no hand-over.
run_astro auth token
check "auth token exits 0" rc_is 0
check "auth token prints the Houston token" out_is "$T1"
check "auth token prints nothing on stderr" [ ! -s "$ERR" ]
LD_DEBUG=libs "$ASTRO_BIN" auth token >/dev/null 2>"$WORK/ld.log" </dev/null
check "auth token (APC) loads no Qt Network" bash -c "! grep -qE 'libQt6Network' '$WORK/ld.log'"
check "auth token (APC) runs in one process" bash -c "! grep -q 'astro-network' '$WORK/ld.log'"
run_astro auth status
check "auth status exits 0" rc_is 0
check "auth status shows the product" out_has "Astro Private Cloud (apc)"
check "auth status shows the user" out_has "local@houston.test"
check "auth status shows the expiry" out_has "expires "
check "auth status says APC tokens cannot be refreshed" out_has "APC tokens cannot be refreshed"
run_astro auth status --json
check "auth status --json names the product" out_has '"product": "apc"'
LD_DEBUG=libs "$ASTRO_BIN" auth status >/dev/null 2>"$WORK/ld.log" </dev/null
check "auth status (APC) loads no Qt Network" bash -c "! grep -qE 'libQt6Network' '$WORK/ld.log'"

# 3. Logout: deleted here, nothing to revoke at Houston.
run_astro logout
check "logout exits 0" rc_is 0
check "logout says Houston has nothing to revoke" err_has "Houston offers no token revocation: there is nothing to revoke there"
check "logout deletes the keychain item" [ -z "$(keychain_item)" ]
check "logout clears the user" bash -c "! grep -q 'user_email: local@houston.test' '$CONFIG'"
check "the context stays APC" config_has "product: apc"

# 4. A wrong password: astro-cli's message, exit 3, nothing stored.
run_astro_stdin $'local@houston.test\nwrong-password\n' login "$HD" --apc
check "a wrong password exits 3" rc_is 3
check "a wrong password says so" err_has "Error: local auth login failed: Invalid password and username combination"
check "a wrong password stores nothing" [ -z "$(keychain_item)" ]

# 5. --token-login from stdin (astro-cli ignores it for APC), 3 workspaces and no terminal.
T2="$(houston_token both@houston.test 7200)"
run_astro_stdin "$T2" login "$HD" --apc --token-login -
check "token login from stdin succeeds" rc_is 0
check "token login says the token does not refresh" out_has "This Astro Private Cloud token will expire in 2 hours and will not refresh"
check "token login is as the token's user" out_has "Logging in as both@houston.test"
check "several workspaces without a terminal: the switch hint" out_has "astro workspace switch [WORKSPACEID]"
check "token login stores that token" [ "$(stored access_token)" = "$T2" ]
run_astro_stdin "${T2}x" login "$HD" --apc --token-login -
check "a forged token exits 3" rc_is 3
check "a forged token keeps the previous login" [ "$(stored access_token)" = "$T2" ]

# 6. An expired token: refused at login; a stored one that expires makes auth token fail.
TX="$(houston_token local@houston.test -60)"
run_astro_stdin "$TX" login "$HD" --apc --token-login -
check "an expired token is refused (exit 3)" rc_is 3
check "an expired token: astro-cli's message" err_has "Your token has expired. Please log in again"
check "an expired token: the hint works for a loopback APC domain (--apc)" err_has "run 'astro login $HD --apc'"

# 6a. A malformed token is called malformed (never sent); one Houston refuses that has not
# expired (a forged JWT, exp in 2100) is not accepted; neither is called expired.
for bad in x not-a-jwt; do
  run_astro_stdin "$bad" login "$HD" --apc --token-login -
  check "token '$bad': exit 3" rc_is 3
  check "token '$bad': called malformed" err_has "Error: The token is malformed"
  check "token '$bad': not called expired" bash -c "! grep -q expired '$ERR'"
done
FORGED="e30.$(printf '{"sub":"nobody","exp":4102444800}' | base64 -w0 | tr '+/' '-_' | tr -d '=').c2ln"
run_astro_stdin "$FORGED" login "$HD" --apc --token-login -
check "a forged JWT (exp 2100): exit 3" rc_is 3
check "a forged JWT: Houston did not accept it" err_has "did not accept the token"
check "a forged JWT: not called expired" bash -c "! grep -q expired '$ERR'"
check "a forged JWT: the hint works for a loopback APC domain (--apc)" err_has "run 'astro login $HD --apc'"
TS="$(houston_token local@houston.test 8)"
run_astro_stdin "$TS" login "$HD" --token-login -
check "a short-lived token logs in (the context is APC without --apc)" rc_is 0
EXP="$(stored expires_at)"
for _ in $(seq 1 200); do [ "$(date +%s)" -gt "${EXP:-0}" ] && break; sleep 0.1; done # until it expired
run_astro auth token
check "auth token with an expired APC token exits 3" rc_is 3
check "auth token says to log in again" err_has "Your token has expired. Please log in again"
check "auth token prints no token" out_empty
run_astro auth status
check "auth status with an expired APC token exits 1" rc_is 1

# 7. A pasted OAuth token (--oauth) on a terminal: not echoed; 2 workspaces: the menu.
TO="$(houston_token_page oauth@houston.test)"
pty_start "$ASTRO_BIN" login "$HD" --apc --oauth
check "--oauth prints the token page" pty_wait_for "Please visit the following URL, authenticate and paste token in next prompt"
check "--oauth: the token page's URL" pty_has "$HOUSTON_URL/token"
check "--oauth skips the username" pty_lacks "Username"
check "the token prompt" pty_wait_for "oAuth Token: "
pty_send "$TO"
check "the workspace menu" pty_wait_for "Please choose a workspace:"
pty_wait_for "> "
pty_send "2"
pty_finish
check "pasted OAuth token login succeeds" rc_is 0
check "the pasted token is not echoed" pty_lacks "$TO"
check "the Enter after the token ends the line, without a blank line after it" \
  bash -c "grep -qPz 'oAuth Token: \\r?\\n' '$PTY_OUT' && ! grep -qPz 'oAuth Token: \\r?\\n\\r?\\n' '$PTY_OUT'"
check "the chosen workspace is the default" config_has "workspace: ckwsb00000000000000000001"
check "the pasted token is stored" [ "$(stored access_token)" = "$TO" ]

# 7b. The next login as that user, without a terminal: the last used workspace, no hint. On a
# Houston older than 0.30 (no paginatedWorkspaces), the workspaces come from `workspaces`.
houston_config '{"houstonVersion":"0.29.1"}'
TO2="$(houston_token oauth@houston.test)"
run_astro_stdin "$TO2" login "$HD" --token-login -
check "the last used workspace is kept (Houston 0.29)" rc_is 0
check "  as the default" out_has '"Workspace B" Workspace found. This is your default Workspace.'
check "  without the switch hint" bash -c "! grep -q 'workspace switch' '$OUT'"
check "  Houston 0.29 was asked for workspaces (GetWorkspaces)" grep -q 'POST /v1 GetWorkspaces 200' "$WORK/houston.log"
houston_config '{"houstonVersion":"0.35.0"}'

# 8. A blank username on a desktop (a terminal and a display: no login window): the token page
# opens in the browser, and is printed.
TZ="$(houston_token_page zero@houston.test)"
rm -f "$WORK/opened-url"
pty_start env DISPLAY=:99 BROWSER="$RECORDING_BROWSER" "$ASTRO_BIN" login "$HD" --apc
pty_wait_for "Username (leave blank for oAuth): "
pty_send ""
check "blank username: the token prompt" pty_wait_for "oAuth Token: "
pty_send "$TZ"
pty_finish
check "blank username: OAuth login succeeds" rc_is 0
check "the browser was given the token page" bash -c "[ \"\$(cat '$WORK/opened-url' 2>/dev/null)\" = '$HOUSTON_URL/token' ]"
check "the token page is printed too" out_has "$HOUSTON_URL/token"
check "no workspace: astro says so" out_has "You are not a member of any Workspace yet"

# 8b. A desktop login without a terminal on an APC domain never starts the (Astro) login window.
DISPLAY=:99 run_astro_stdin $'local@houston.test\nlocal-password\n' login "$HD" --apc
check "--apc without a terminal: a username and password from stdin" rc_is 0
check "--apc without a terminal: no login window" bash -c "! grep -q 'qt.qpa' '$ERR'"

# 9. OAuth disabled; local auth disabled.
houston_config '{"providers":[]}'
run_astro login "$HD" --apc --oauth
check "oauth disabled exits 1" rc_is 1
check "oauth disabled: astro-cli's message" err_has "cannot authenticate, oauth is disabled"
houston_config '{"providers":["google"],"localEnabled":false}'
TL="$(houston_token_page both@houston.test)"
run_astro_stdin "$TL"$'\n' login "$HD" --apc
check "local auth disabled: OAuth instead" rc_is 0
check "local auth disabled: astro says so" err_has "Local authentication (username and password) is disabled"
check "local auth disabled: no username prompt" bash -c "! grep -q 'Username' '$ERR'"
houston_config '{"localEnabled":true}'

# 9b. The pasted OAuth token as Astro's paste prompt reads it: quotes and blanks around it are
# stripped; a malformed paste is said to be malformed and asked for again.
TQ="$(houston_token_page zero@houston.test)"
pty_start "$ASTRO_BIN" login "$HD" --apc --oauth
pty_wait_for "oAuth Token: "
pty_send "oops"
check "a malformed paste: said so" pty_wait_for "The token is malformed"
check "a malformed paste: asked again" pty_wait_for_count "oAuth Token: " 2
pty_send "  '$TQ' "
pty_finish
check "a single-quoted paste (after a malformed one) logs in" rc_is 0
check "  stored without the quotes" [ "$(stored access_token)" = "$TQ" ]
TQ2="$(houston_token_page zero@houston.test)"
pty_start "$ASTRO_BIN" login "$HD" --apc --oauth
pty_wait_for "oAuth Token: "
pty_send "\"$TQ2\""
pty_finish
check "a double-quoted paste logs in" rc_is 0
check "  stored without the quotes" [ "$(stored access_token)" = "$TQ2" ]
pty_start "$ASTRO_BIN" login "$HD" --apc --oauth
for i in 1 2 3; do pty_wait_for_count "oAuth Token: " "$i"; pty_send "bad$i"; done
pty_finish
check "three malformed pastes end the login (exit 3)" rc_is 3
check "  after three prompts" [ "$(grep -o 'oAuth Token: ' "$OUT" | wc -l)" -eq 3 ]
check "  the login is kept" [ "$(stored access_token)" = "$TQ2" ]

# 9c. Houston has nothing to revoke: a login replacing an APC login, the take-over of a raw
# `token:` beside a stored APC login, and context delete say so, without an Astro-style
# revocation (no auth-config request) and without a warning.
houston_lacks_auth_config() { ! grep -q 'auth-config' "$WORK/houston.log"; }
no_revocation_warning() { ! grep -qE 'could not revoke|deleted anyway|Revoking' "$ERR"; }
HOUSTON_TEXT="Houston offers no token revocation: there is nothing to revoke there"
T3="$(houston_token local@houston.test 3600)"
run_astro_stdin "$T3" login "$HD" --apc -t -
check "an APC login replacing an APC login succeeds" rc_is 0
check "  says Houston has nothing to revoke" err_has "$HOUSTON_TEXT"
check "  no revocation warning" no_revocation_warning
T4="$(houston_token both@houston.test 3600)"
run_astro_stdin "$T4" login "$HD" -t -
check "another user's login (the context is APC) succeeds" rc_is 0
check "  says Houston has nothing to revoke" err_has "$HOUSTON_TEXT"
check "  no revocation warning" no_revocation_warning
T5="$(houston_token local@houston.test 3600)"
sed -i "/^  $KEY:\$/a\    token: $T5" "$CONFIG"
check "a raw token: sits in the APC context" config_has "token: $T5"
run_astro auth status
check "auth status with a raw token beside the APC login exits 0" rc_is 0
check "  says Houston has nothing to revoke" err_has "$HOUSTON_TEXT"
check "  no revocation warning" no_revocation_warning
check "  the raw token is removed from config.yaml" bash -c "! grep -qF -- '$T5' '$CONFIG'"
check "  the stored login is kept" [ "$(stored access_token)" = "$T4" ]
run_astro context delete "$HD"
check "context delete of the APC context exits 0" rc_is 0
check "  says Houston has nothing to revoke" err_has "$HOUSTON_TEXT"
check "  no revocation warning" no_revocation_warning
check "  deletes the keychain item" [ -z "$(keychain_item)" ]
check "no Astro-style revocation was tried at Houston (no auth-config request)" houston_lacks_auth_config

# 10. Nothing secret in any output, nor in Houston's log.
check "no password or token in astro's output" assert_no_secret_in "$WORK/all-output"
check "no password or token in Houston's log" assert_no_secret_in "$WORK/houston.log"
finish
