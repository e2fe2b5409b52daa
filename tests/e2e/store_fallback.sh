#!/usr/bin/env bash
# Issue 2, negative paths of storage: no D-Bus session at all, the file fallback, and a
# corrupt config.yaml. Runs WITHOUT a keyring on purpose.
source "$(dirname "$0")/lib.sh"
start_server
NO_BUS_DIR="$WORK/nobus"
mkdir -p "$NO_BUS_DIR"
no_dbus() { env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY XDG_RUNTIME_DIR="$NO_BUS_DIR" "$@"; }

T1="$(mint_token one@astro.test)"

# keychain only: a clear error, fast, nothing stored.
start=$(date +%s%N)
no_dbus env ASTRO_CREDENTIAL_STORE=keychain "$ASTRO_BIN" login "$DOMAIN" -t "$T1" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output login
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "keychain mode without D-Bus fails with exit 5" rc_is 5
check "with a message naming the keychain" err_has "Secret Service keychain is not available"
check "in under 5 s (took ${elapsed_ms} ms)" [ "$elapsed_ms" -lt 5000 ]
check "no credentials file was written" [ ! -e "$ASTRO_HOME/.astro/credentials.json" ]
check "no context was switched" bash -c "! grep -q 'user_email: one' '$ASTRO_HOME/.astro/config.yaml' 2>/dev/null"

# auto: falls back to the file, and says so.
no_dbus env ASTRO_CREDENTIAL_STORE=auto "$ASTRO_BIN" login "$DOMAIN" -t "$T1" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output login
check "auto mode without D-Bus logs in" rc_is 0
check "auto mode warns about the fallback" err_has "Falling back to a file"
check "auto mode warns about plain text" err_has "saved in plain text"
CRED="$ASTRO_HOME/.astro/credentials.json"
check "the credentials file exists" [ -f "$CRED" ]
check "the credentials file is 0600" [ "$(stat -c %a "$CRED")" = 600 ]
check "the .astro directory is 0700" [ "$(stat -c %a "$ASTRO_HOME/.astro")" = 700 ]
no_dbus "$ASTRO_BIN" auth token >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "auth token reads the file fallback" out_is "$T1"
no_dbus "$ASTRO_BIN" auth status >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output auth status
check "auth status names the file" out_has "file $CRED"

# A credentials file readable by others is refused.
chmod 644 "$CRED"
no_dbus "$ASTRO_BIN" auth token >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output auth token
check "a world-readable credentials file is refused" rc_is 5
check "with the fix in the message" err_has "chmod 600"
chmod 600 "$CRED"

# ASTRO_CREDENTIAL_STORE=file works without any keychain and never touches D-Bus.
no_dbus env ASTRO_CREDENTIAL_STORE=file "$ASTRO_BIN" auth token >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "file mode reads the file" out_is "$T1"
no_dbus env ASTRO_CREDENTIAL_STORE=bogus "$ASTRO_BIN" auth token >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "a bad ASTRO_CREDENTIAL_STORE is a usage error" rc_is 2

# Logout in auto mode deletes the file entry and revokes.
no_dbus "$ASTRO_BIN" logout "$DOMAIN" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output logout
check "logout from the file fallback" rc_is 0
check "the file no longer holds the token" assert_no_secret_in "$CRED"
check "the token was revoked" [ "$(introspect "$T1")" = false ]

# The file chosen on purpose: a write is no fallback, and is not announced as one.
T3="$(mint_token one@astro.test)"
no_dbus env ASTRO_CREDENTIAL_STORE=file "$ASTRO_BIN" login "$DOMAIN" -t "$T3" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output login
check "ASTRO_CREDENTIAL_STORE=file: a login writes the file" rc_is 0
check "without the warning that no keychain could be used" bash -c "! grep -qF 'no keychain could be used' '$ERR'"

# A corrupt config.yaml: clear error, exit 6, file untouched.
printf 'contexts: [oops\n' >"$ASTRO_HOME/.astro/config.yaml"
T2="$(mint_token one@astro.test)"
no_dbus env ASTRO_CREDENTIAL_STORE=file "$ASTRO_BIN" login "$DOMAIN" -t "$T2" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output login
check "a corrupt config.yaml gives exit 6" rc_is 6
check "the message names the file" err_has "config.yaml is not a valid astro config"
check "the corrupt file is left as it was" [ "$(cat "$ASTRO_HOME/.astro/config.yaml")" = "contexts: [oops" ]

check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
