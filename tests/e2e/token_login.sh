#!/usr/bin/env bash
# Issue 2, end to end: the pipeline path against the local Astro-like server and a real
# Secret Service (run inside tests/support/with-keyring.sh).
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=keychain

keychain_item() { secret-tool lookup server astro-cli user "$1" 2>/dev/null; }
keychain_empty() { [ -z "$(keychain_item "$DOMAIN")" ]; }

# 1. Token login from an argument.
T1="$(mint_token one@astro.test)"
run_astro auth login "$DOMAIN" --token-login "$T1"
check "token login from an argument succeeds" rc_is 0
check "astro's messages" out_has "You are logging into Astro via an OAuth token"
check "logging in as the token's user" out_has "Logging in as one@astro.test"
check "the only workspace becomes the default" out_has '"Workspace One" Workspace found. This is your default Workspace.'
check "success message" out_has "Successfully authenticated to Astronomer"
check "expiry comes from the JWT (1 hour)" out_has "This token will expire in 1 hour and will not refresh"
check "config switched to the domain" file_has "$ASTRO_HOME/.astro/config.yaml" "context: ${DOMAIN//./_}"
check "config holds the email" file_has "$ASTRO_HOME/.astro/config.yaml" "user_email: one@astro.test"
check "config holds the organization and workspace" file_has "$ASTRO_HOME/.astro/config.yaml" "workspace: ws-one"
check "config has no secret" assert_no_secret_in "$ASTRO_HOME/.astro/config.yaml"
check "config is mode 0600" [ "$(stat -c %a "$ASTRO_HOME/.astro/config.yaml")" = 600 ]
check "no plaintext credentials file" [ ! -e "$ASTRO_HOME/.astro/credentials.json" ]

# 2. The keychain item, under service astro-cli.
check "secret-tool finds the item under service astro-cli" bash -c "secret-tool lookup server astro-cli user '$DOMAIN' | grep -qF -- '$T1'"
check "the item is small enough for Windows (<2560 bytes)" [ "$(keychain_item "$DOMAIN" | wc -c)" -lt 2560 ]

# 3. auth token prints the token, and only it.
run_astro auth token
check "auth token exits 0" rc_is 0
check "auth token prints exactly the token" out_is "$T1"
check "auth token prints nothing on stderr" [ ! -s "$ERR" ]

# The hot path loads no GUI library at all (issue 6: measured with the dynamic loader).
LD_DEBUG=libs "$ASTRO_BIN" auth token >/dev/null 2>"$WORK/ld.log" </dev/null
check "auth token loads no Qt Gui/Widgets library" bash -c "! grep -qE 'libQt6(Gui|Widgets)' '$WORK/ld.log'"
check "auth token loads no GL/X11 library" bash -c "! grep -qE 'libGL|libX11|libxcb' '$WORK/ld.log'"
# Issue 10: the hot path loads only what it uses (a valid token needs no server).
check "auth token loads no Qt Network or NetworkAuth" bash -c "! grep -qE 'libQt6Network' '$WORK/ld.log'"
# The item is read straight from the Secret Service over Qt D-Bus: no libsecret (and its GIO).
check "auth token reads the keychain without libsecret" bash -c "! grep -qE 'libsecret' '$WORK/ld.log'"
# Where QtKeychain prefers KWallet (KDE), it reads through QtKeychain (here: KWallet is
# absent, so libsecret), and gets the same token.
XDG_CURRENT_DESKTOP=KDE KDE_SESSION_VERSION=5 LD_DEBUG=libs "$ASTRO_BIN" auth token >"$OUT" 2>"$WORK/ld-kde.log" </dev/null
check "on KDE, auth token reads through QtKeychain (libsecret loaded) and prints the same token" \
  bash -c "grep -qE 'calling init: .*libsecret' '$WORK/ld-kde.log' && [ \"\$(cat '$OUT')\" = '$T1' ]"
: >"$OUT"
check "auth token loads no QR code library" bash -c "! grep -qE 'libqrencode' '$WORK/ld.log'"
check "auth token runs in one process (no hand-over when no refresh is due)" bash -c "! grep -q 'astro-network' '$WORK/ld.log'"
for cmd in "auth status" "context list"; do
  LD_DEBUG=libs "$ASTRO_BIN" $cmd >/dev/null 2>"$WORK/ld.log" </dev/null
  check "$cmd loads no Qt Network, NetworkAuth, QR code or Gui library" bash -c "! grep -qE 'libQt6(Network|Gui|Widgets)|libqrencode' '$WORK/ld.log'"
done

run_astro auth status
check "auth status exits 0 when logged in" rc_is 0
check "auth status says where the secret lives" out_has "Secret Service keychain (service astro-cli)"
check "auth status shows the user" out_has "one@astro.test"

# 4. Introspection: active.
check "introspection says active" [ "$(introspect "$T1")" = true ]

# 5. Logout.
run_astro auth logout
check "logout exits 0" rc_is 0
check "logout reports the revocation" out_has "Revoked the access token"
check "logout reports the local delete" out_has "Deleted the credentials"
check "logout says astro's message" out_has "Successfully logged out of Astronomer"

# 6. Introspection: inactive; keychain empty; context reset.
check "introspection says inactive after logout" [ "$(introspect "$T1")" = false ]
check "the keychain is empty" keychain_empty
check "the current context is reset" file_has "$ASTRO_HOME/.astro/config.yaml" "context: \"\""
run_astro auth token
check "auth token after logout fails" rc_is 1
check "with astro's message" err_has "no token found. Please run 'astro login' to authenticate"

# Token from stdin, and from a file; shortcut `astro login`.
T2="$(mint_token many@astro.test)"
run_astro_stdin "$T2"$'\n' login "$DOMAIN" --token-login -
check "token login from stdin succeeds" rc_is 0
check "many workspaces, no terminal: none chosen, hint printed" out_has "No default workspace detected"
run_astro auth token
check "auth token prints the stdin token" out_is "$T2"
T3="$(mint_token one@astro.test)"
printf '%s\n' "$T3" >"$WORK/token.txt"
run_astro login "$DOMAIN" -t "@$WORK/token.txt"
check "token login from @FILE succeeds" rc_is 0
run_astro auth token -d "$DOMAIN"
check "auth token prints the file token" out_is "$T3"

# ASTRO_API_TOKEN wins and is not stored.
ASTRO_API_TOKEN=env-provided-token run_astro auth token
check "ASTRO_API_TOKEN is printed" out_is "env-provided-token"
check "ASTRO_API_TOKEN is never persisted" bash -c "! secret-tool search --all server astro-cli 2>/dev/null | grep -q env-provided-token"

# Negative: an invalid token, an expired token; nothing stored or switched.
before="$(cat "$ASTRO_HOME/.astro/config.yaml")"
run_astro login "$DOMAIN" -t "not-a-real-token"
check "an invalid token is rejected (exit 3)" rc_is 3
check "with a clear message" err_has "The token was rejected"
check "the config did not change" [ "$before" = "$(cat "$ASTRO_HOME/.astro/config.yaml")" ]
run_astro auth token
check "the previous login still works" out_is "$T3"
TEXP="$(mint_token one@astro.test 1)"
sleep 2
run_astro login "$DOMAIN" -t "$TEXP"
check "an expired token is rejected (exit 3)" rc_is 3
check "with a clear message about expiry" err_has "expired"
run_astro login "$DOMAIN" -t "abc def"
check "a malformed token is rejected" err_has "malformed"
check "a malformed token is not echoed" bash -c "! grep -q 'abc def' '$ERR'"

# A user with no organization: astro's message, nothing stored.
TZ0="$(mint_token zero@astro.test)"
run_astro login "$DOMAIN" -t "$TZ0"
check "no organization: astro's message" err_has "no organization found"
run_astro auth token
check "no organization: the previous token is kept" out_is "$T3"

# Server down.
stop_server
run_astro login "$DOMAIN" -t "$T3"
check "server down: exit 4" rc_is 4
check "server down: a clear message" err_has "Cannot reach"

check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
