#!/usr/bin/env bash
# Issue 9 §3: `auth token` exits non-zero, and says why on stderr, when the token could not
# be written in full to stdout: /dev/full, a closed pipe (SIGPIPE ignored: EPIPE is
# reported), a closed stdout.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
run_astro_stdin "$(mint_token one@astro.test)" login "$DOMAIN" --token-login -
check "logged in" rc_is 0

tok() { "$ASTRO_BIN" auth token "$@" 2>"$ERR" </dev/null; }
tok >"$OUT"
RC=$?
check "auth token to a file works" rc_is 0
check "and prints the token" [ -s "$OUT" ]
: >"$OUT"

tok >/dev/full
RC=$?
check "auth token >/dev/full exits non-zero" bash -c "[ $RC -ne 0 ]"
check "and says why on stderr" err_has "could not write the token to stdout"
check "naming the cause" err_has "No space left on device"

{ sleep 0.5; tok; echo "$?" >"$WORK/rc"; } | true
RC="$(cat "$WORK/rc")"
check "auth token into a closed pipe exits non-zero (not killed by SIGPIPE)" bash -c "[ $RC -ne 0 ] && [ $RC -lt 128 ]"
check "and says why on stderr" err_has "could not write the token to stdout"
check "naming the broken pipe" err_has "Broken pipe"

( exec 1>&-; tok; echo "$?" >"$WORK/rc" )
RC="$(cat "$WORK/rc")"
check "auth token with stdout closed exits non-zero" bash -c "[ $RC -ne 0 ]"
check "and says why on stderr" err_has "could not write the token to stdout"

ENV_TOKEN="env-token-$RANDOM$RANDOM"
SECRETS+=("$ENV_TOKEN")
ASTRO_API_TOKEN="$ENV_TOKEN" tok >/dev/full
RC=$?
check "ASTRO_API_TOKEN to /dev/full exits non-zero too" bash -c "[ $RC -ne 0 ]"
check "and says why" err_has "could not write the token to stdout"
cat "$ERR" >>"$WORK/all-output"
check "no secret in any message" assert_no_secret_in "$WORK/all-output"
finish
