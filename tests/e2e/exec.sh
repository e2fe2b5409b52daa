#!/usr/bin/env bash
# Issue 11 §2: `astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]` hands a fresh
# token to COMMAND in its environment, never on argv: stdin/stdout/stderr pass through,
# SIGINT/SIGTERM reach the command, the exit status is the command's; a due refresh goes
# through astro-network first. Every execve's argv is recorded (strace): no token in any.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
export BROWSER="$ROOT/tests/support/curl-browser.sh"
run_astro login "$DOMAIN" --callback-port 0
check "browser login (scripted browser) succeeds" rc_is 0
"$ASTRO_BIN" auth token >"$WORK/tok0" 2>>"$WORK/all-output"
AT0="$(cat "$WORK/tok0")"
SECRETS+=("$AT0")
check "auth token gives the token to compare with" [ -n "$AT0" ]

# The command sees the token and the domain in its environment (its stdout, which shows the
# token on purpose, is compared and not kept for the secret check).
run_token_exec() { "$ASTRO_BIN" "$@" >"$OUT" 2>"$ERR" </dev/null; RC=$?; cat "$ERR" >>"$WORK/all-output"; }
run_token_exec auth exec -- sh -c 'printf "%s|%s" "$ASTRO_API_TOKEN" "$ASTRO_DOMAIN"'
check "auth exec runs the command (exit 0)" rc_is 0
check "ASTRO_API_TOKEN is auth token's token, ASTRO_DOMAIN the domain" [ "$(cat "$OUT")" = "$AT0|$DOMAIN" ]
: >"$OUT"
run_token_exec auth exec --env MY_TOKEN -d "$DOMAIN" -- sh -c 'printf "%s" "$MY_TOKEN"'
check "--env NAME names the variable" [ "$(cat "$OUT")" = "$AT0" ]
: >"$OUT"
run_astro auth exec -- sh -c 'exit 42'
check "the exit status is the command's (42)" rc_is 42
{ run_astro auth exec -- sh -c 'kill -TERM $$'; } 2>/dev/null # (bash would say "Terminated")
check "a command killed by a signal: the shell's status (143)" bash -c "[ $RC -eq 143 ]"
printf 'from stdin' | "$ASTRO_BIN" auth exec -- cat >"$OUT" 2>"$ERR"
RC=$?
check "stdin and stdout pass through" out_is "from stdin"
"$ASTRO_BIN" auth exec -- sh -c 'echo to-stderr >&2' >"$OUT" 2>"$ERR"
check "stderr passes through, stdout stays clean" bash -c "grep -qx to-stderr '$ERR' && [ ! -s '$OUT' ]"
cat "$OUT" "$ERR" >>"$WORK/all-output"
run_astro auth exec -- sh -c 'grep SigIgn /proc/$$/status'
check "SIGPIPE (ignored by astro) is not ignored by the command" bash -c "[ \$(( 0x\$(awk '{print \$2}' '$OUT') & 0x1000 )) = 0 ]"

# As lean as auth token: no refresh due, no Qt Network and no astro-network.
LD_DEBUG=libs "$ASTRO_BIN" auth exec -- true >/dev/null 2>"$WORK/ld.log" </dev/null
check "auth exec loads no Qt Network (no refresh due)" bash -c "grep -q 'libQt6Core' '$WORK/ld.log' && ! grep -qE 'libQt6Network' '$WORK/ld.log'"
check "and runs no astro-network" bash -c "! grep -q 'astro-network' '$WORK/ld.log'"

# Usage errors, and a command that cannot run.
run_astro auth exec sh -c true
check "without '--': a usage error (exit 2)" rc_is 2
check "which says how" err_has "auth exec needs '--' and a command"
run_astro auth exec --
check "without a command: exit 2" rc_is 2
run_astro auth exec --env 1BAD -- true
check "a bad --env name: exit 2" rc_is 2
run_astro auth exec -- no-such-command-astro
check "a command not found: exit 127, as shells" rc_is 127
check "saying so" err_has "command not found: no-such-command-astro"
printf '#!/bin/sh\n' >"$WORK/not-executable"
chmod 0644 "$WORK/not-executable"
run_astro auth exec -- "$WORK/not-executable"
check "a command that is not executable: exit 126" rc_is 126
check "naming it and why" err_has "Permission denied"
run_astro auth exec --help
check "--help works" bash -c "[ $RC -eq 0 ] && grep -qF -- '-- COMMAND' '$OUT'"

# Signals reach the command itself (astro replaced itself with it: same process).
# The signal is sent only once the command said "ready" in a file of its own: sent earlier (the
# file of the last run still full), it reached the forked shell before it became astro.
sigtest() { # sigtest SIGNAL -> RC, and $WORK/sig.out
  rm -f "$WORK/sig.out"
  set -m # job control: the background job gets default SIGINT handling
  "$ASTRO_BIN" auth exec -- sh -c 'trap "echo caught-$0; exit 7" INT TERM; echo ready; while :; do sleep 0.05; done' >"$WORK/sig.out" 2>>"$WORK/all-output" </dev/null &
  local pid=$!
  set +m
  for _ in $(seq 1 200); do grep -q ready "$WORK/sig.out" 2>/dev/null && break; sleep 0.05; done
  kill "-$1" "$pid"
  wait "$pid"
  RC=$?
}
sigtest TERM
check "SIGTERM reaches the command, whose status astro exits with (7)" rc_is 7
check "the command's trap ran" grep -q caught "$WORK/sig.out"
sigtest INT
check "SIGINT too (7)" rc_is 7

# No token on any argv: every execve (astro, astro-network, the command) is recorded.
expire_stored_in 240 # a refresh is due: the lean astro hands over to astro-network
curl -fsS -X POST "$SERVER_URL/__test/reset-stats" >/dev/null
strace -f -s 100000 -e trace=execve -o "$WORK/execve.log" \
  "$ASTRO_BIN" auth exec -- sh -c 'printf "%s" "$ASTRO_API_TOKEN"; ls /proc/$$/fd >"$0"' "$WORK/fds-exec" >"$OUT" 2>"$ERR" </dev/null
RC=$?
sh -c 'ls /proc/$$/fd >"$0"' "$WORK/fds-plain" >"$WORK/plain.out" 2>"$WORK/plain.err" </dev/null
AT1="$(cat "$OUT")"
SECRETS+=("$AT1")
: >"$OUT"
check "a due refresh: auth exec works" rc_is 0
check "the server saw one refresh grant" [ "$(server_stat refresh_token)" = 1 ]
check "the command got the new token" bash -c "[ -n '$AT1' ] && [ '$AT1' != '$AT0' ]"
check "astro-network did the refresh (execve recorded)" grep -q 'astro-network' "$WORK/execve.log"
check "the command itself was exec'd (same process as astro)" grep -q 'execve("/bin/sh"\|execve("/usr/bin/sh"' "$WORK/execve.log"
check "no token in any execve's argv" assert_no_secret_in "$WORK/execve.log"
check "the command inherits no descriptor from astro or astro-network (store, locks, sockets)" \
  bash -c "[ -s '$WORK/fds-exec' ] && cmp -s '$WORK/fds-exec' '$WORK/fds-plain'"
cat "$ERR" >>"$WORK/all-output"
check "no token in anything astro printed itself" assert_no_secret_in "$WORK/all-output"
finish
