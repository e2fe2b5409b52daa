#!/usr/bin/env bash
# Issue 13, the login's prompts and flows on a real terminal (a pty) and with real signals:
# `-t -` prompts and reads without echo; Ctrl-C at "Press Enter" and SIGTERM in the wait end
# with one message and 130 / 143, the listener closed and nothing saved; the paste prompt
# asks again on an empty line and takes a quoted paste; --login-link goes on with the paste
# when the callback port is busy; the login window's help and errors need no display.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
unset BROWSER
BIN_DIR="$(dirname "$ASTRO_BIN")"
# The file store keeps each login under its domain's name.
nothing_stored() { ! grep -qsF "\"$DOMAIN\"" "$ASTRO_HOME/.astro/credentials.json"; }

# 1. A token from stdin on a terminal: a prompt, and no echo.
TOKEN="$(mint_token one@astro.test)"
pty_start "$ASTRO_BIN" login "$DOMAIN" -t -
check "-t - on a terminal prompts for the token" pty_wait_for "Paste your token" 20
pty_send "$TOKEN"
pty_finish
check "the login succeeds" rc_is 0
check "with astro's success message" out_has "Successfully authenticated to Astronomer"
check "the pasted token was not echoed by the terminal" assert_no_secret_in "$PTY_OUT"
"$ASTRO_BIN" logout "$DOMAIN" >/dev/null 2>&1

# 2. Ctrl-C at "Press Enter to open the browser": 130, one message, nothing saved.
pty_start "$ASTRO_BIN" login "$DOMAIN" --browser --callback-port 0
check "the browser login asks to press Enter" pty_wait_for "Press Enter to open the browser" 20
sleep 0.3
printf '\003' >&7
pty_finish
check "Ctrl-C there exits 130" rc_is 130
check "with one message" [ "$(grep -c 'login cancelled; nothing was saved.' "$OUT")" -eq 1 ]
check "nothing was saved" nothing_stored

# 3. SIGTERM while the browser login waits: 143, the message, the listener closed.
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BROWSER=true "$ASTRO_BIN" login "$DOMAIN" --browser --callback-port "$PORT" >"$OUT" 2>"$ERR" </dev/null &
PID=$!
for _ in $(seq 1 100); do grep -q "Waiting for login" "$ERR" && break; sleep 0.1; done
check "the login waits for the browser" err_has "Waiting for login to complete in browser"
check "its listener is up" bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT"
kill -TERM "$PID"
wait "$PID"
RC=$?
check "SIGTERM exits 143" rc_is 143
check "with the message" err_has "login cancelled; nothing was saved."
check "the listener is closed" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null"
check "nothing was saved" nothing_stored

# 4. The paste prompt: an empty line asks again; quotes and blanks around a paste are dropped.
TOKEN2="$(mint_token one@astro.test)"
pty_start env SSH_CONNECTION="10.0.0.2 5 10.0.0.1 22" "$ASTRO_BIN" login "$DOMAIN" --login-link --callback-port 0
check "the link login shows the paste prompt" pty_wait_for "Paste that whole address" 20
pty_send ""
sleep 0.5
check "an empty line gets a new prompt" bash -c "[ \$(tr -d '\r' <'$PTY_OUT' | grep -c '^> ') -ge 2 ]"
printf '  "%s"  \n' "$TOKEN2" >&7
pty_finish
check "a quoted token is taken" rc_is 0
check "and the login succeeds" out_has "Successfully authenticated to Astronomer"
"$ASTRO_BIN" logout "$DOMAIN" >/dev/null 2>&1

# 5. --login-link on a busy port: the listener is not needed for the paste.
python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(1); time.sleep(60)' "$PORT" &
BUSY=$!
wait_for_listen "$PORT"
TOKEN3="$(mint_token one@astro.test)"
pty_start "$ASTRO_BIN" login "$DOMAIN" --login-link --callback-port "$PORT"
check "a busy port is explained" pty_wait_for "could not start on port $PORT" 20
check "and the paste prompt is shown all the same" pty_wait_for "Paste that whole address" 5
pty_send "$TOKEN3"
pty_finish
kill "$BUSY" 2>/dev/null
check "the login finishes by the paste" rc_is 0
check "the message does not suggest the flag that was given" bash -c "! grep -q \"or '--login-link'\" '$OUT'"

# 6. The login window: help and usage errors need no display, a missing display is explained.
run_astro login --gui --help
check "login --gui --help shows the help" rc_is 0
check "which lists --gui" out_has "--gui"
run_astro login --gui --bogus
check "login --gui --bogus is a usage error" rc_is 2
check "naming the option" err_has "bogus"
run_astro login --gui
check "login --gui without a display fails" rc_is 1
check "saying that a display is needed" err_has "needs a display"
check "without Qt's own message" bash -c "! grep -qi 'could not connect to display\|Reinstalling' '$ERR'"
# ASTRO_LANG naming no language astro has: a warning, without the value's escape.
ASTRO_LANG=$'xx\e[31m' "$ASTRO_BIN" version >"$OUT" 2>"$ERR" </dev/null; RC=$?
check "ASTRO_LANG=xx: still runs, with a warning naming it" bash -c "[ $RC = 0 ] && grep -qF 'Warning: ASTRO_LANG=xx' '$ERR'"
check "  and no escape reaches the terminal" bash -c "! grep -q \$'\\e' '$ERR'"
# A DISPLAY that is set but answers nothing (a stale one over SSH): explained too.
DISPLAY=:4242 "$ASTRO_BIN" login --gui >"$OUT" 2>"$ERR" </dev/null; RC=$?
check "login --gui with a DISPLAY that does not answer fails" rc_is 1
check "naming the display" err_has "the X display :4242 does not answer"
check "without Qt's own message" bash -c "! grep -qi 'could not connect to display\|Reinstalling' '$ERR'"
if [ -x "$BIN_DIR/astro-gui" ]; then
  DISPLAY=:4242 "$BIN_DIR/astro-gui" >"$OUT" 2>"$ERR"; RC=$?
  check "astro-gui with a DISPLAY that does not answer explains (exit 1, no abort)" \
    bash -c "[ $RC = 1 ] && grep -qF 'the X display :4242 does not answer' '$ERR'"
  # What astro-gui prints passes through displaySafe too: an escape in DISPLAY is not sent on.
  DISPLAY=$':4242\e[2J' "$BIN_DIR/astro-gui" >"$OUT" 2>"$ERR"; RC=$?
  check "astro-gui: an escape in DISPLAY does not reach the terminal" \
    bash -c "[ $RC = 1 ] && grep -qF 'does not answer' '$ERR' && ! grep -q \$'\\e' '$ERR'"
  "$BIN_DIR/astro-gui" --help >"$OUT" 2>"$ERR"; RC=$?
  check "astro-gui --help needs no display" rc_is 0
  check "and shows the login options" out_has "--callback-port"
  "$BIN_DIR/astro-gui" --callback-port abc >"$OUT" 2>"$ERR"; RC=$?
  check "astro-gui with a bad port is a usage error, not a silent 12345" rc_is 2
  "$BIN_DIR/astro-gui" >"$OUT" 2>"$ERR"; RC=$?
  check "astro-gui without a display explains" err_has "needs a display"
fi

# 7. Option values: nothing falls back silently, and Qt's own warnings never show.
run_astro login -t @
check "-t @ is a usage error" rc_is 2
check "without Qt's file warning" bash -c "! grep -q QFSFileEngine '$ERR'"
run_astro login --callback-port ''
check "an empty --callback-port is rejected" rc_is 2
run_astro login --timeout 2147484
check "a timeout out of range names the range" err_has "from 1 to 86400"
ASTRO_LOGIN_TIMEOUT=abc ASTRO_CALLBACK_PORT=abc run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
check "a token login ignores the browser's variables" rc_is 0
ASTRO_CALLBACK_PORT=abc run_astro login "$DOMAIN" --login-link
check "a browser login names a bad ASTRO_CALLBACK_PORT" err_has "ASTRO_CALLBACK_PORT must be"
# 8. Every other command: SIGINT and SIGTERM end it with one message and 130 / 143 (here
# while it waits for a lock that another process holds).
mkdir -p "$ASTRO_HOME/.astro"
CONFIG_LOCK="$ASTRO_HOME/.astro/config.yaml.lock"
(exec 9>>"$CONFIG_LOCK"; flock 9; exec sleep 60) &
HOLDER=$!
for _ in $(seq 1 100); do flock -n "$CONFIG_LOCK" true 2>/dev/null || break; sleep 0.05; done # until it holds the lock
# Until astro catches SIGINT and SIGTERM (SigCgt bits 2 and 15), a signal would not be its own.
signals_caught() { local m i; for i in $(seq 1 200); do m="$(awk '/^SigCgt/ {print $2}' "/proc/$1/status" 2>/dev/null)"; [ -n "$m" ] && (( (0x$m & 0x4002) == 0x4002 )) && return 0; sleep 0.05; done; return 1; }
"$ASTRO_BIN" context switch "$DOMAIN" >"$OUT" 2>"$ERR" </dev/null &
PID=$!
signals_caught "$PID"
sleep 0.3 # and waits for the lock
kill -INT "$PID"
wait "$PID"
RC=$?
check "Ctrl-C while context switch waits for config.yaml's lock: 130" rc_is 130
check "  with one message" [ "$(grep -c 'Interrupted; astro stopped.' "$ERR")" -eq 1 ]
"$ASTRO_BIN" context switch "$DOMAIN" >"$OUT" 2>"$ERR" </dev/null &
PID=$!
signals_caught "$PID"
sleep 0.3
kill -TERM "$PID"
wait "$PID"
RC=$?
check "SIGTERM there: 143" rc_is 143
check "  with the message" err_has "Interrupted; astro stopped."
kill "$HOLDER" 2>/dev/null
check "no token reached any output" assert_no_secret_in "$WORK/all-output"
finish
