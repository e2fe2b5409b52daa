#!/usr/bin/env bash
# Issue 11 §1: astro-cli's plaintext tokens in config.yaml (Astro and APC shapes, "Bearer "
# or not, expired, a persisted ASTRO_API_TOKEN) are taken over: moved into the keychain when
# nothing is stored, once; revoked at the server and removed when a login is stored; kept and
# reported when the store cannot take them. A new login, context delete and logout revoke
# what they replace or delete. Real keyring, real server.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=keychain
CFG="$ASTRO_HOME/.astro/config.yaml"
mkdir -p "$ASTRO_HOME/.astro"
item() { secret-tool lookup server astro-cli user "${1:-$DOMAIN}"; }
KEY="${DOMAIN//./_}"
NO_BUS_DIR="$WORK/nobus"
mkdir -p "$NO_BUS_DIR"
no_dbus() { env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$NO_BUS_DIR" "$@"; }

# Real tokens as astro-cli's own login gets them (access and refresh token): a browser
# login (scripted browser) into a scratch home. Sets A and R.
cli_login() {
  local scratch="$WORK/scratch.$RANDOM$RANDOM" cred
  mkdir -p "$scratch"
  ASTRO_HOME="$scratch" ASTRO_CREDENTIAL_STORE=file BROWSER="$ROOT/tests/support/curl-browser.sh" \
    "$ASTRO_BIN" login "$DOMAIN" --callback-port 0 >"$OUT" 2>"$ERR" </dev/null
  RC=$?
  record_output login
  cred="$(node -e "const j=require('$scratch/.astro/credentials.json').credentials['$DOMAIN'];process.stdout.write(JSON.stringify(j))")"
  A="$(stored_field "$cred" access_token)"
  R="$(stored_field "$cred" refresh_token)"
  SECRETS+=("$A" "$R")
  rm -rf "$scratch"
}
# config.yaml as astro-cli writes it (viper: lower-case keys, 0644, expiresin a Go time).
write_cli_config() { # TOKEN-LINE-VALUE REFRESH EXPIRESIN
  cat >"$CFG" <<YAML
context: $KEY
contexts:
  $KEY:
    domain: $DOMAIN
    expiresin: $3
    last_used_workspace: ws-one
    organization: org-one
    organization_product: HOSTED
    refreshtoken: "$2"
    token: $1
    user_email: one@astro.test
    workspace: ws-one
local:
  enabled: true
YAML
  chmod 0644 "$CFG"
}
in_1h="$(date -u -d '+1 hour' '+%Y-%m-%dT%H:%M:%S.123456789Z')"

# 1. Astro shape ("Bearer ", refresh token, expiresin), nothing stored: `auth token` in the
# lean astro moves the tokens into the keychain and prints the access token.
cli_login
check "astro-cli's tokens obtained (scratch login)" [ -n "$A" -a -n "$R" ]
A1="$A" R1="$R"
write_cli_config "Bearer $A1" "$R1" "$in_1h"
run_astro auth token
check "auth token right after astro-cli wrote the file: exit 0" rc_is 0
check "  prints the migrated access token" out_is "$A1"
check "  says so once on stderr, naming the domain and the store" \
  err_has "Moved the tokens of $DOMAIN that astro-cli kept in plain text in $CFG into the Secret Service keychain"
check "  the keychain holds the access token" [ "$(stored_field "$(item)" access_token)" = "$A1" ]
check "  and the refresh token" [ "$(stored_field "$(item)" refresh_token)" = "$R1" ]
check "  config.yaml holds no token any more" assert_no_secret_in "$CFG"
check "  nor token/refreshtoken/expiresin keys" bash -c "! grep -Eq '^ +(token|refreshtoken|expiresin):' '$CFG'"
check "  the rest is kept" bash -c "grep -q 'user_email: one@astro.test' '$CFG' && grep -q 'enabled: true' '$CFG'"
check "  and config.yaml is 0600 now" [ "$(stat -c %a "$CFG")" = 600 ]
cp "$CFG" "$WORK/cfg.after"
run_astro auth token
check "a second run: the same token" out_is "$A1"
check "  says nothing" [ ! -s "$ERR" ]
check "  and changes nothing" cmp -s "$CFG" "$WORK/cfg.after"
run_astro auth status --json
check "auth status --json: no plaintext token in config.yaml" out_has '"plaintext_token_in_config": false'

# 2. A login is stored and astro-cli wrote another one's tokens: the plaintext copy is
# revoked at the server (astro hands over to astro-network) and removed; the stored login stays.
cli_login
A2="$A" R2="$R"
write_cli_config "Bearer $A2" "$R2" "$in_1h"
curl -fsS -X POST "$SERVER_URL/__test/reset-stats" >/dev/null
run_astro auth status
check "auth status with a plaintext copy beside a stored login: exit 0" rc_is 0
check "  says it removes the plaintext copy" err_has "The credential store holds a login for $DOMAIN: removing the tokens"
check "  and that it revoked it" err_has "Revoked the access and refresh tokens at $DOMAIN."
check "  the server saw 2 revocations ($(server_stat revocations))" [ "$(server_stat revocations)" = 2 ]
check "  the plaintext access token is revoked" [ "$(introspect "$A2")" = false ]
check "  the plaintext refresh token is revoked" [ "$(introspect "$R2")" = false ]
check "  the stored login is still active" [ "$(introspect "$A1")" = true ]
check "  and still stored" [ "$(stored_field "$(item)" access_token)" = "$A1" ]
check "  config.yaml holds no token" assert_no_secret_in "$CFG"
run_astro auth status
check "  once: the next run says nothing on stderr" [ ! -s "$ERR" ]

# 3. A new login revokes the refresh token it replaces.
T3="$(mint_token one@astro.test)"
run_astro login "$DOMAIN" -t "$T3"
check "a token login over the migrated login: exit 0" rc_is 0
check "  reports the revocation of the replaced login" err_has "Revoking the tokens of the previous login to $DOMAIN"
check "  the replaced refresh token is revoked" [ "$(introspect "$R1")" = false ]
check "  the replaced access token is revoked" [ "$(introspect "$A1")" = false ]
check "  the new token is active" [ "$(introspect "$T3")" = true ]

# 4. context delete revokes what it deletes, reported as logout reports it.
run_astro context delete "$DOMAIN"
check "context delete: exit 0" rc_is 0
check "  reports the revocation on stdout" out_has "Revoked the access token at $DOMAIN."
check "  the deleted token is revoked" [ "$(introspect "$T3")" = false ]
check "  the keychain entry is gone" [ -z "$(item)" ]

# 5. Expired (astro-cli's expiresin in the past), nothing stored: moved, then refreshed.
server_config '{"accessTokenTtl":6}'
cli_login
A5="$A" R5="$R"
server_config '{"accessTokenTtl":3600}'
sleep 7
write_cli_config "$A5" "$R5" "2020-01-01T00:00:00Z" # no "Bearer " this time
run_astro auth token
check "an expired plaintext token without 'Bearer ': moved and refreshed (exit 0)" rc_is 0
check "  moved (said once)" [ "$(grep -c 'Moved the tokens' "$ERR")" = 1 ]
NEW="$(cat "$OUT")"
SECRETS+=("$NEW")
check "  a new access token is printed" [ -n "$NEW" -a "$NEW" != "$A5" ]
check "  which is active" [ "$(introspect "$NEW")" = true ]
SECRETS+=("$(stored_field "$(item)" refresh_token)")
run_astro logout "$DOMAIN"
check "logout revokes what it deletes" [ "$(introspect "$NEW")" = false ]

# 5b. logout right after astro-cli wrote its tokens: they are revoked, and no token,
# refreshtoken or expiresin is left behind.
cli_login
A5B="$A" R5B="$R"
write_cli_config "Bearer $A5B" "$R5B" "$in_1h"
run_astro logout
check "logout over astro-cli's plaintext tokens: exit 0" rc_is 0
check "  the plaintext access token is revoked" [ "$(introspect "$A5B")" = false ]
check "  the plaintext refresh token is revoked" [ "$(introspect "$R5B")" = false ]
check "  nothing is left in config.yaml (no token, refreshtoken or expiresin)" \
  bash -c "! grep -Eq '^ +(token|refreshtoken|expiresin):' '$CFG'"
check "  nor in the keychain" [ -z "$(item)" ]

# 6. APC shape (a raw Houston JWT in `token`, nothing else) and a persisted ASTRO_API_TOKEN
# (astro-cli's `Bearer <token>` with a year of expiresin): both moved, no network needed.
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
HOUSTON="$(b64 '{"alg":"RS256"}').$(b64 "{\"exp\":$(( $(date +%s) + 3600 )),\"sub\":\"u1\"}").c2ln"
APITOKEN="$(b64 '{"alg":"RS256"}').$(b64 '{"apiTokenId":"tok1","permissions":["workspaceId:ws-one"]}').c2ln"
SECRETS+=("$HOUSTON" "$APITOKEN")
cat >"$CFG" <<YAML
context: apc_example_com
contexts:
  apc_example_com:
    domain: apc.example.com
    last_used_workspace: ws1
    token: $HOUSTON
    workspace: ws1
  $KEY:
    domain: $DOMAIN
    expiresin: 2081-03-02T10:00:00.5+00:00
    token: Bearer $APITOKEN
YAML
chmod 0644 "$CFG"
run_astro context list
check "context list with an APC and an API-token context: exit 0" rc_is 0
check "  both moved" [ "$(grep -c 'Moved the tokens' "$ERR")" = 2 ]
check "  the Houston token is in the keychain" [ "$(stored_field "$(item apc.example.com)" access_token)" = "$HOUSTON" ]
check "  as an APC token (never refreshed)" [ "$(stored_field "$(item apc.example.com)" product)" = apc ]
run_astro auth token -d "$DOMAIN"
check "  auth token prints the persisted API token" out_is "$APITOKEN"
check "  config.yaml holds neither" assert_no_secret_in "$CFG"
secret-tool clear server astro-cli user apc.example.com
secret-tool clear server astro-cli user "$DOMAIN"

# 7. The keychain cannot take them: they stay where they were, and auth status says so.
cli_login
A7="$A" R7="$R"
write_cli_config "Bearer $A7" "$R7" "$in_1h"
cp "$CFG" "$WORK/cfg.before"
no_dbus "$ASTRO_BIN" auth status >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output auth status
check "no keychain (keychain mode): auth status exit 5" rc_is 5
check "  warns that the tokens stay in plain text" err_has "Warning: the tokens of $DOMAIN stay in plain text in $CFG"
check "  and reports the plaintext token as a problem" err_has "a token is still in plain text in $CFG"
check "  config.yaml is unchanged (nothing lost)" cmp -s "$CFG" "$WORK/cfg.before"
# auto mode without a keychain: into the file fallback, as a login would.
no_dbus env ASTRO_CREDENTIAL_STORE=auto "$ASTRO_BIN" auth token >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output auth token
check "no keychain (auto mode): moved into the credentials file" out_is "$A7"
check "  and the file is named" err_has "into the file $ASTRO_HOME/.astro/credentials.json"
check "  config.yaml holds no token" assert_no_secret_in "$CFG"

check "no secret in any output of astro (but auth token's stdout)" assert_no_secret_in "$WORK/all-output"
check "no secret in the server's log" assert_no_secret_in "$WORK/server.log"
finish
