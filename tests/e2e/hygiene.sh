#!/usr/bin/env bash
# Issue 5 §6, secret hygiene: a whole session (browser login, refresh, status, token, the
# take-over of astro-cli's plaintext tokens, logout; then an APC one, issue 12) with every Qt
# and astro debug log on. No access token, refresh token, password or authorization code may
# appear anywhere but `auth token`'s stdout: not in astro's stdout/stderr, logs, the argv or
# environment of the browser it starts, or temp files.
source "$(dirname "$0")/lib.sh"
start_server --access-token-ttl 6
export ASTRO_CREDENTIAL_STORE=keychain
export QT_LOGGING_RULES="*.debug=true"
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"
# The browser: records its argv and environment, then acts as the scripted browser.
SPY="$WORK/spy-browser.sh"
cat >"$SPY" <<SPYEOF
#!/usr/bin/env bash
printf '%s\n' "\$@" >>"$WORK/browser-argv"
env >>"$WORK/browser-env"
[ -f "\$1" ] && { printf '%s\n' "\$1" >"$WORK/browser-page"; stat -c '%a' "\$1" "\$(dirname "\$1")" | tr '\n' ' ' >"$WORK/browser-page-modes"; }
CURL_BROWSER_CALLBACK_FILE="$WORK/callback.txt" exec "$ROOT/tests/support/curl-browser.sh" "\$@"
SPYEOF
chmod +x "$SPY"
export BROWSER="$SPY"

ENV_SECRET="env-secret-$RANDOM$RANDOM"
SECRETS+=("$ENV_SECRET")
ASTRO_API_TOKEN="$ENV_SECRET" run_astro login "$DOMAIN" --callback-port 0
check "browser login with debug logging on" rc_is 0
check "debug logging was really on" err_has "astro.http: GET"
CODE="$(sed -E 's/.*[?&]code=([^&]*).*/\1/' "$WORK/callback.txt")"
SECRETS+=("$CODE")
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
SECRETS+=("$(stored_field "$ITEM" access_token)" "$(stored_field "$ITEM" refresh_token)")
check "the authorization code was captured for the check" [ -n "$CODE" ]

sleep 4 # into the refresh window of a 6 s token
run_astro auth token # refreshes
check "auth token (with a refresh) works" rc_is 0
SECRETS+=("$(cat "$OUT")")
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
SECRETS+=("$(stored_field "$ITEM" refresh_token)")
run_astro auth status
run_astro auth status --json
run_astro auth token --domain "$DOMAIN"

# Issue 11 §2: `auth exec` and the Docker credential helper, each with a refresh due (through
# astro-network). Every execve is recorded: no token on any argv.
export DOCKER_CONFIG="$WORK/docker" ASTRO_IMAGE_REGISTRY="127.0.0.1:5999"
SPYCMD="$WORK/spy-command.sh"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s"\nprintf "%%s" "$ASTRO_API_TOKEN" >"%s"\n' "$WORK/command-argv" "$WORK/exec-token" >"$SPYCMD"
chmod +x "$SPYCMD"
sleep 4
strace -f -s 100000 -e trace=execve -o "$WORK/execve-exec.log" "$ASTRO_BIN" auth exec -- "$SPYCMD" first-arg >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output auth exec
check "auth exec (with a refresh) works" rc_is 0
SECRETS+=("$(cat "$WORK/exec-token")")
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
SECRETS+=("$(stored_field "$ITEM" refresh_token)")
check "the command got a token" [ -s "$WORK/exec-token" ]
"$ASTRO_BIN" auth exec -- sh -c 'ls /proc/$$/fd >"$0"' "$WORK/fds-exec" >"$OUT" 2>"$ERR" </dev/null
record_output auth exec
sh -c 'ls /proc/$$/fd >"$0"' "$WORK/fds-plain" >"$OUT" 2>"$ERR" </dev/null
check "the command inherits no descriptor of astro's (keychain, D-Bus)" \
  bash -c "[ -s '$WORK/fds-exec' ] && cmp -s '$WORK/fds-exec' '$WORK/fds-plain'"
run_astro auth configure-docker
sleep 4
printf '%s' "$ASTRO_IMAGE_REGISTRY" | strace -f -s 100000 -e trace=execve -o "$WORK/execve-helper.log" \
  "$(dirname "$ASTRO_BIN")/docker-credential-astro" get >"$WORK/helper-answer" 2>"$ERR"
RC=$?
cat "$ERR" >>"$WORK/all-output"
check "docker-credential-astro get (with a refresh) works" rc_is 0
SECRETS+=("$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).Secret)' "$WORK/helper-answer")")
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
SECRETS+=("$(stored_field "$ITEM" refresh_token)")
check "both refreshed through astro-network" bash -c "grep -q astro-network '$WORK/execve-exec.log' && grep -q astro-network '$WORK/execve-helper.log'"
check "no secret in any argv of auth exec, astro-network or the command" assert_no_secret_in "$WORK/execve-exec.log"
check "the command's argv is its own" [ "$(cat "$WORK/command-argv")" = first-arg ]
check "no secret in any argv of the credential helper or astro-network" assert_no_secret_in "$WORK/execve-helper.log"
leaks=0
while IFS= read -r -d '' f; do assert_no_secret_in "$f" || leaks=$((leaks + 1)); done < <(find "$ASTRO_HOME" "$DOCKER_CONFIG" -type f -print0)
check "no secret in any file under ASTRO_HOME or DOCKER_CONFIG (keychain store)" [ "$leaks" = 0 ]
# Issue 11: the take-over of astro-cli's plaintext tokens, with the same debug logging. The
# stored login is put back into config.yaml as astro-cli would keep it, then a token of
# another login beside it. No token in any process's argv (astro, astro-network, anything:
# sampled from /proc while it runs, a revocation held 1 s), log, or file but the keychain.
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
KEY="${DOMAIN//./_}"
cli_config() { # TOKEN REFRESH
  printf 'context: %s\ncontexts:\n  %s:\n    domain: %s\n    token: Bearer %s\n    refreshtoken: "%s"\n    expiresin: %s\n    user_email: one@astro.test\n' \
    "$KEY" "$KEY" "$DOMAIN" "$1" "$2" "$(date -u -d '+1 hour' '+%Y-%m-%dT%H:%M:%S.123456789Z')" >"$ASTRO_HOME/.astro/config.yaml"
  chmod 0644 "$ASTRO_HOME/.astro/config.yaml"
}
( while :; do
    for f in /proc/[0-9]*/cmdline; do { tr '\0' ' ' <"$f" && echo; } 2>/dev/null; done >>"$WORK/argv-samples"
    sleep 0.01
  done ) &
SAMPLER=$!
cli_config "$(stored_field "$ITEM" access_token)" "$(stored_field "$ITEM" refresh_token)"
secret-tool clear server astro-cli user "$DOMAIN"
run_astro auth token
check "astro-cli's plaintext tokens are moved into the keychain" err_has "Moved the tokens of $DOMAIN"
OTHER="$(mint_token one@astro.test)"
cli_config "$OTHER" ""
curl -fsS -X POST -H 'content-type: application/json' \
  -d '{"rules":[{"path":"/oauth/revoke","action":"delay","ms":1000,"times":1}]}' "$SERVER_URL/__test/hostile" >/dev/null
run_astro auth status
check "a plaintext copy beside the stored login is revoked (through astro-network)" [ "$(introspect "$OTHER")" = false ]
kill "$SAMPLER" 2>/dev/null
wait "$SAMPLER" 2>/dev/null
check "the argv sampler saw astro-network at work" grep -q 'astro-network auth status' "$WORK/argv-samples"
check "no secret in any process's argv during the take-over" assert_no_secret_in "$WORK/argv-samples"
leaks=0
while IFS= read -r -d '' f; do assert_no_secret_in "$f" || leaks=$((leaks + 1)); done < <(find "$ASTRO_HOME" -type f -print0)
check "no secret in any file under ASTRO_HOME ($(find "$ASTRO_HOME" -type f | wc -l) files; the keychain holds them)" [ "$leaks" = 0 ]

run_astro logout
check "logout works" rc_is 0

# Issue 12: an Astro Private Cloud session (a password on a terminal, a pasted token, status,
# token, logout) under the same checks: neither the password nor a Houston token shows.
ASTRO_BROWSER_ARGS="$(wc -l <"$WORK/browser-argv")"
start_houston
SECRETS+=(local-password)
pty_start "$ASTRO_BIN" login "$HOUSTON_DOMAIN" --apc
pty_wait_for "Username (leave blank for oAuth): "
pty_send "local@houston.test"
pty_wait_for "Password: "
pty_send "local-password"
pty_finish
check "APC password login with debug logging on" rc_is 0
check "debug logging was on for Houston" out_has "astro.http: POST"
check "the password is not echoed" bash -c "! grep -qF local-password '$PTY_OUT'"
SECRETS+=("$(stored_field "$(secret-tool lookup server astro-cli user "$HOUSTON_DOMAIN")" access_token)")
run_astro auth status
run_astro auth token
check "APC auth token works" rc_is 0
APC_TOKEN="$(houston_token_page oauth@houston.test)"
run_astro_stdin "$APC_TOKEN" login "$HOUSTON_DOMAIN" --apc --oauth
check "APC pasted OAuth token login with debug logging on" rc_is 0
run_astro logout
check "APC logout works" rc_is 0
check "no password or token in Houston's log" assert_no_secret_in "$WORK/houston.log"

check "no secret in astro's stdout/stderr/debug logs (except auth token's stdout)" assert_no_secret_in "$WORK/all-output"
check "the browser got exactly one argument" [ "$ASTRO_BROWSER_ARGS" = 1 ]
check "the APC login opened the token page (one more argument)" [ "$(wc -l <"$WORK/browser-argv")" = 2 ]
# Issue 9 §5: the URL (state, PKCE challenge) is never on the browser's command line, where
# another local user could read it: the browser gets a private page that redirects.
check "no state in the browser's argv" bash -c "! grep -q 'state' '$WORK/browser-argv'"
check "no code_challenge in the browser's argv" bash -c "! grep -q 'code_challenge' '$WORK/browser-argv'"
check "nor any URL" bash -c "! grep -q '://' '$WORK/browser-argv'"
check "the browser got a page (a file)" [ -s "$WORK/browser-page" ]
check "the page is 0600 in a 0700 directory" [ "$(cat "$WORK/browser-page-modes" 2>/dev/null)" = "600 700 " ]
check "the page is removed after the login" bash -c "! [ -e \"\$(cat '$WORK/browser-page')\" ] && ! [ -e \"\$(dirname \"\$(cat '$WORK/browser-page')\")\" ]"
check "no secret in the browser's argv" assert_no_secret_in "$WORK/browser-argv"
check "no secret in the browser's environment (ASTRO_API_TOKEN is scrubbed)" assert_no_secret_in "$WORK/browser-env"
check "no secret in the server's log" assert_no_secret_in "$WORK/server.log"
leaks=0
while IFS= read -r -d '' f; do assert_no_secret_in "$f" || leaks=$((leaks + 1)); done < <(find "$TMPDIR" -type f -print0)
check "no secret in temp files ($(find "$TMPDIR" -type f | wc -l) files)" [ "$leaks" = 0 ]
check "no secret in config.yaml" assert_no_secret_in "$ASTRO_HOME/.astro/config.yaml"
finish
