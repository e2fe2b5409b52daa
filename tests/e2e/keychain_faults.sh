#!/usr/bin/env bash
# Issue 5 §4, keychain faults against a real Secret Service (inside with-keyring.sh): a
# locked keyring, a job that never answers (daemon stopped), the daemon killed in the
# middle of an operation. Each gives a clear error within the timeout, never hangs, and
# the previous credentials stay intact. (No D-Bus at all: store_fallback.sh.)
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=keychain ASTRO_KEYCHAIN_TIMEOUT=2
DAEMON="$ASTRO_TEST_KEYRING_PID"
NEW_DAEMON=""
restart_daemon() {
  printf '%s' "$ASTRO_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --replace --foreground --unlock --components=secrets \
    >/dev/null 2>&1 &
  NEW_DAEMON=$!
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
    sleep 0.05
  done
  sleep 0.2
}
trap 'kill -CONT $DAEMON 2>/dev/null; [ -n "$NEW_DAEMON" ] && kill $NEW_DAEMON 2>/dev/null; cleanup' EXIT
timed() { local s e rc; s=$(date +%s%N); "$@"; rc=$?; e=$(date +%s%N); ELAPSED_MS=$(( (e - s) / 1000000 )); return $rc; }

T1="$(mint_token one@astro.test)"
timed run_astro login "$DOMAIN" -t "$T1"
BASE_MS=$ELAPSED_MS # a login's own time on this machine (slow under ASan): the bounds below add the 2 s timeout once
check "baseline: token login into the keychain (${BASE_MS} ms)" rc_is 0

# 1. A job that never answers: the Secret Service is stopped (SIGSTOP).
kill -STOP "$DAEMON"
timed run_astro auth token
check "a silent keychain: exit 5 (took ${ELAPSED_MS} ms)" rc_is 5
check "within the timeout, no hang (< 4 s)" [ "$ELAPSED_MS" -lt 4000 ]
check "a clear message naming the timeout" err_has "did not answer within 2 s"
T2="$(mint_token one@astro.test)"
timed run_astro login "$DOMAIN" -t "$T2"
check "a login against a silent keychain fails clearly (exit 5)" rc_is 5
check "paying the timeout once, not per keychain call (${ELAPSED_MS} ms < ${BASE_MS} ms + 3.5 s)" [ "$ELAPSED_MS" -lt $((BASE_MS + 3500)) ]
ASTRO_CREDENTIAL_STORE=auto run_astro auth token
check "auto mode with a silent keychain still finds no file token: exit 1, not a hang" rc_is 1
kill -CONT "$DAEMON"
run_astro auth token
check "after the keychain answers again, the previous token is intact" out_is "$T1"

# 2. The Secret Service killed in the middle of an operation.
kill -STOP "$DAEMON"
T3="$(mint_token many@astro.test)"
"$ASTRO_BIN" login "$DOMAIN" -t "$T3" >"$OUT" 2>"$ERR" </dev/null &
PID=$!
sleep 1
kill -KILL "$DAEMON"
timed wait $PID
RC=$?
record_output login
check "killed mid-operation: a clear error (exit 5)" rc_is 5
check "quickly (${ELAPSED_MS} ms after the kill)" [ "$ELAPSED_MS" -lt 4000 ]
check "the context was not switched to the failed login" bash -c "! grep -q 'user_email: many@astro.test' '$ASTRO_HOME/.astro/config.yaml'"
restart_daemon
run_astro auth token
check "after a restart, the previous credentials are intact" out_is "$T1"

# 3. A locked keyring (no display, so no unlock prompt can appear).
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null 2>&1
timed run_astro auth token
check "a locked keyring: exit 5 (took ${ELAPSED_MS} ms)" rc_is 5
check "within the timeout (< 4 s)" [ "$ELAPSED_MS" -lt 4000 ]
check "saying that the keychain is locked" err_has "is locked"
T4="$(mint_token one@astro.test)"
ASTRO_CREDENTIAL_STORE=auto run_astro login "$DOMAIN" -t "$T4"
check "auto mode with a locked keyring falls back to the file" rc_is 0
check "and says so" err_has "Falling back to a file"
restart_daemon
CREDS_ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
check "the keychain item from before the lock is intact" [ "$(stored_field "$CREDS_ITEM" access_token)" = "$T1" ]
check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
