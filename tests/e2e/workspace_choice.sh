#!/usr/bin/env bash
# Issue 3 §3: with several workspaces, the last used one is kept; else a numbered prompt on
# a terminal; without a terminal none is chosen and astro's hint is printed.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
CFG="$ASTRO_HOME/.astro/config.yaml"
mint_token many@astro.test >"$WORK/t1"
mint_token many@astro.test >"$WORK/t2"
mint_token many@astro.test >"$WORK/t3"

# On a terminal: the numbered prompt; a wrong answer asks again.
pty_start "$ASTRO_BIN" login "$DOMAIN" -t "@$WORK/t1"
pty_wait_for "Please choose a workspace:" 20
check "several workspaces on a terminal: a numbered prompt" grep -qF " 2. " "$PTY_OUT"
pty_send "9"
check "a wrong answer asks again" pty_wait_for "Please enter a number between 1 and 3." 10
pty_send "2"
pty_finish
check "the login completes" rc_is 0
check "the chosen workspace is the default" out_has '"Workspace A2" Workspace found.'
check "and is remembered as the last used one" file_has "$CFG" "last_used_workspace: ws-a2"

# Next login without a terminal: the last used workspace is chosen again, no prompt.
run_astro login "$DOMAIN" -t "@$WORK/t2"
check "the last used workspace is chosen again" out_has '"Workspace A2" Workspace found.'
check "without a prompt" bash -c "! grep -q 'Please choose' '$OUT'"

# A fresh ASTRO_HOME without a terminal: none chosen, astro's hint.
ASTRO_HOME="$WORK/fresh" run_astro login "$DOMAIN" -t "@$WORK/t3"
check "no terminal, no last used one: none chosen, with astro's hint" out_has "No default workspace detected"
finish
