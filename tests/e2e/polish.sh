#!/usr/bin/env bash
# Issue 13: CLI polish (logout, locks, config.yaml, command line, environment, help, wording).
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
CONFIG="$ASTRO_HOME/.astro/config.yaml"
LOCAL="localhost:${DOMAIN#*:}"
LOCAL_KEY="${LOCAL//./_}"

# logout when not logged in: says so, writes nothing.
run_astro logout "$DOMAIN"
check "logout when not logged in succeeds" rc_is 0
check "and says there was nothing to log out of" out_has "Not logged in to $DOMAIN: there was nothing to log out of."
check "and does not claim a logout" bash -c "! grep -q 'Successfully logged out' '$OUT'"
check "and writes nothing" [ ! -e "$ASTRO_HOME/.astro" ]

# logout of another domain keeps the current context (as astro-cli).
T1="$(mint_token one@astro.test)"
run_astro login "$DOMAIN" -t "$T1"
T2="$(mint_token many@astro.test)"
run_astro login "$LOCAL" -t "$T2"
check "two contexts, the current one $LOCAL" file_has "$CONFIG" "context: $LOCAL_KEY"
run_astro logout "$DOMAIN"
check "logout of another domain succeeds" rc_is 0
check "the revocation names the domain with its port" out_has "Revoked the access token at $DOMAIN."
check "the current context is kept" file_has "$CONFIG" "context: $LOCAL_KEY"
run_astro auth token
check "and its token still works" out_is "$T2"
run_astro logout
check "logout of the current domain" rc_is 0
check "resets the current context" bash -c "grep -qE '^context: (\"\")?$' '$CONFIG'"

# A lock file left behind (empty, or by a process killed while it held it) blocks nobody.
: >"$CONFIG.lock"
start=$(date +%s%N)
run_astro context switch "$LOCAL"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "an empty config.yaml.lock does not block a write" rc_is 0
check "  at once (${ms} ms)" [ "$ms" -lt 2000 ]
# A live holder: the waiter names it.
(exec 9>>"$CONFIG.lock"; flock 9; printf '4242 astro\n' >"$CONFIG.lock"; exec sleep 60) &
HOLDER=$!
for _ in $(seq 1 100); do grep -qs 4242 "$CONFIG.lock" && break; sleep 0.05; done # it holds the lock
run_astro context switch "$DOMAIN"
check "a lock held for 10 s: exit 6" rc_is 6
check "  naming the holder" err_has "The lock is held by astro, process 4242."
kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null
# A wait that remains (the domain's login lock, up to a minute) says who holds the lock.
LOGIN_LOCK="$ASTRO_HOME/.astro/refresh-${DOMAIN//:/_}.lock"
run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
check "(logged in)" rc_is 0
(exec 9>>"$LOGIN_LOCK"; flock 9; printf '4343 astro\n' >"$LOGIN_LOCK"; exec sleep 60) &
HOLDER=$!
for _ in $(seq 1 100); do grep -qs 4343 "$LOGIN_LOCK" && break; sleep 0.05; done # it holds the lock
"$ASTRO_BIN" logout "$DOMAIN" >"$OUT" 2>"$ERR" </dev/null &
LOGOUT=$!
for _ in $(seq 1 300); do grep -qs "Waiting for another astro process" "$ERR" && break; sleep 0.05; done
kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null # the holder ends once astro said it waits
wait "$LOGOUT"
RC=$?
record_output logout
check "logout waits for the login lock, then logs out" rc_is 0
check "  saying who holds it" err_has "Waiting for another astro process, which is refreshing, logging in to or out of $DOMAIN (lock $LOGIN_LOCK). The lock is held by astro, process 4343."

# Environment settings are checked where they are used, naming the variable (exit 2).
T3="$(mint_token one@astro.test)"
run_astro login "$DOMAIN" -t "$T3"
check "(logged in again)" rc_is 0
for v in abc 0 -1 3601; do
  ASTRO_HTTP_TIMEOUT=$v run_astro logout "$DOMAIN"
  check "ASTRO_HTTP_TIMEOUT=$v: exit 2" rc_is 2
  check "  naming the variable and the value" err_has "ASTRO_HTTP_TIMEOUT must be a whole number of seconds from 1 to 3600, not \"$v\"."
done
run_astro auth token
check "  and nothing was logged out" out_is "$T3"
ASTRO_HTTP_TIMEOUT=abc run_astro auth token
check "ASTRO_HTTP_TIMEOUT is not checked where no request is made" out_is "$T3"
ASTRO_CREDENTIAL_STORE=auto ASTRO_KEYCHAIN_TIMEOUT=abc run_astro auth status
check "ASTRO_KEYCHAIN_TIMEOUT=abc: exit 2" rc_is 2
check "  naming the variable and the value" err_has "ASTRO_KEYCHAIN_TIMEOUT must be a number of seconds, more than 0 and at most 3600, not \"abc\"."
ASTRO_KEYCHAIN_TIMEOUT=abc run_astro auth token
check "ASTRO_KEYCHAIN_TIMEOUT is not checked by the file store" out_is "$T3"
ASTRO_API_TOKEN="$(printf 'abc\ndef')" run_astro auth token
check "an ASTRO_API_TOKEN with a newline: exit 2" rc_is 2
check "  and a message" err_has "ASTRO_API_TOKEN must be one token on one line"
ASTRO_API_TOKEN="$T3" run_astro auth status
check "auth status shows the environment token" out_has "ASTRO_API_TOKEN is set"
check "  its user" out_has "one@astro.test"
check "  and its expiry" out_has "(in 1 hour)"

# Qt's own warnings are no message for users (the debug log keeps them).
run_astro login "$DOMAIN" -t @
check "login -t @ fails" bash -c "[ $RC -ne 0 ]"
check "  without Qt's warning" bash -c "! grep -q QFSFileEngine '$ERR'"
check "  and with one Error line" bash -c "[ \"\$(grep -c '^Error: ' '$ERR')\" = 1 ]"
check "no doubled error label" bash -c "ASTRO_HOME='$ASTRO_HOME' '$ASTRO_BIN' auth token -d a/b 2>&1 | grep -q '^Error: Invalid domain'"

# Plain terminals: no emoji and no QR code where they cannot show (LC_ALL=C, TERM=dumb).
ROCKET="$(printf '\xf0\x9f\x9a\x80')"
run_astro login "$DOMAIN" -t "$T3"
check "a UTF-8 locale gets the rocket" out_has "Welcome to the Astro CLI $ROCKET"
LC_ALL=C run_astro login "$DOMAIN" -t "$T3"
check "LC_ALL=C: logged in" rc_is 0
check "  without the rocket" bash -c "grep -q '^Welcome to the Astro CLI' '$OUT' && ! grep -qF '$ROCKET' '$OUT'"
check "  and no space where it was" grep -qx 'Welcome to the Astro CLI' "$OUT"
TERM=dumb run_astro login "$DOMAIN" -t "$T3"
check "TERM=dumb: without the rocket" bash -c "grep -q '^Welcome to the Astro CLI' '$OUT' && ! grep -qF '$ROCKET' '$OUT'"
device_login_in_pty() { # ENV... -> the device login's output in a pty ($OUT), denied
  pty_start env "$@" "$ASTRO_BIN" login "$DOMAIN" --device-code
  pty_wait_for "Only enter a code" 20
  local code
  code="$(tr -d '\r' <"$PTY_OUT" | grep -A2 'enter the code' | sed -n '3p' | tr -d ' ')"
  curl -fsS -X POST -H 'content-type: application/json' -d "{\"user_code\":\"$code\",\"action\":\"deny\"}" "$SERVER_URL/__test/device" >/dev/null
  pty_finish
}
device_login_in_pty LC_ALL=C.UTF-8 TERM=xterm
check "a UTF-8 terminal gets the QR code" grep -q '█' "$OUT"
device_login_in_pty LC_ALL=C TERM=xterm
check "LC_ALL=C, in a terminal: the user code" grep -q 'enter the code' "$OUT"
check "  and no QR code" bash -c "! grep -q \"\$(printf '\\xe2\\x96')\" '$OUT'"
check "  and nothing but ASCII (no '…')" bash -c "! LC_ALL=C.UTF-8 grep -qP '[^\\x00-\\x7F]' '$OUT'"
device_login_in_pty LC_ALL=C.UTF-8 TERM=dumb
check "TERM=dumb: no QR code" bash -c "! grep -q \"\$(printf '\\xe2\\x96')\" '$OUT'"

check "no secret in any output" assert_no_secret_in "$WORK/all-output"

finish
