#!/usr/bin/env bash
# Self-test for the local Houston (houston.js). Needs bash, curl and node. Starts its own
# Houston on a free port (twice: as a current Houston and as one older than 0.30), drives every
# query, mutation and error with curl and prints one line per check. Token values are never
# printed.
source "$(dirname "${BASH_SOURCE[0]}")/selftest-lib.sh"
URL=""

start() {
  rm -f "$T/url"
  node "$HERE/houston.js" --port 0 --port-file "$T/url" --log-file "$T/log" "$@" >"$T/out" 2>"$T/err" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do [ -s "$T/url" ] && break; sleep 0.05; done
  URL="$(cat "$T/url" 2>/dev/null)"
  [ -n "$URL" ] || { echo "houston.js did not start:"; cat "$T/err"; exit 1; }
}
stop() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; echo "$?" >"$T/rc"; SERVER_PID=""; }

# gql OUTFILE JSON-BODY [TOKEN]: POST /v1; prints the HTTP status.
gql() {
  local out="$1" body="$2" token="${3:-}"
  curl -s -o "$out" -w '%{http_code}' -X POST -H 'content-type: application/json' \
    ${token:+-H "authorization: $token"} --data-binary "$body" "$URL/v1"
}
AUTHCONFIG='{"query":"query GetAuthConfig($redirect: String) { authConfig(redirect: $redirect) { localEnabled publicSignup initialSignup providers { name displayName url } } }","variables":{"redirect":"http://localhost:1234/"}}'
login() { # login IDENTITY PASSWORD -> the createBasicToken request
  printf '{"query":"mutation createBasicToken($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { user { id fullName username status createdAt updatedAt } token { value } } }","variables":{"identity":"%s","password":"%s"}}' "$1" "$2"
}
token_of() { js "$1" 'd.data.createToken.token.value'; }
PAGED='{"query":"query paginatedWorkspaces($pageSize: Int, $pageNumber: Int) { paginatedWorkspaces(take: $pageSize, pageNumber: $pageNumber) { id label description createdAt updatedAt } }","variables":{"pageSize":100,"pageNumber":0}}'
LISTED='{"query":"query GetWorkspaces { workspaces { id label description createdAt updatedAt roleBindings { role user { id username } serviceAccount { id label } } } }"}'
VERSION='{"query":"query AppConfig { appConfig { version } }"}'
errmsg='(d.errors||[{}])[0].message'

echo "houston selftest: a current Houston"
start
check "ready line" "$(cat "$T/out")" "ASTRO_TEST_HOUSTON $URL"
check "auth config" "$(gql "$T/a" "$AUTHCONFIG"; js "$T/a" 'const c=d.data.authConfig; [c.localEnabled,c.publicSignup,c.initialSignup,c.providers.map(p=>p.name+"/"+p.displayName).join(",")].join(" ")')" "200true false false google/Google,github/Github"
check "provider url carries the redirect" "$(js "$T/a" 'new URL(d.data.authConfig.providers[0].url).searchParams.get("redirect")')" "http://localhost:1234/"
check "app config version" "$(gql "$T/v" "$VERSION"; js "$T/v" 'd.data.appConfig.version')" "2000.35.0"

check "local login" "$(gql "$T/l" "$(login local@houston.test local-password)"; js "$T/l" 'd.data.createToken.user.username+" "+d.data.createToken.user.id')" "200local@houston.test u-local"
LOCAL="$(token_of "$T/l")"
check "the token is an HS256 JWT for the user" "$(js "$T/l" 'const t=d.data.createToken.token.value; JSON.parse(Buffer.from(t.split(".")[0],"base64url")).alg+" "+jwt(t).uuid')" "HS256 u-local"
check "it lives 24 h" "$(js "$T/l" 'const p=jwt(d.data.createToken.token.value); p.exp-p.iat')" "86400"
check "one workspace (paginated)" "$(gql "$T/w" "$PAGED" "$LOCAL"; js "$T/w" 'd.data.paginatedWorkspaces.map(w=>w.label).join(",")')" "200Workspace One"
check "one workspace (workspaces)" "$(gql "$T/w" "$LISTED" "$LOCAL"; js "$T/w" 'd.data.workspaces.map(w=>w.label+":"+w.roleBindings[0].user.username).join(",")')" "200Workspace One:local@houston.test"
check "Bearer is not Houston's header" "$(gql "$T/w" "$PAGED" "Bearer $LOCAL"; js "$T/w" "$errmsg")" "200You do not have the appropriate permissions for that"

check "login by username, case-insensitive" "$(gql "$T/l" "$(login Both@Houston.test both-password)"; js "$T/l" 'd.data.createToken.user.id')" "200u-both"
BOTH="$(token_of "$T/l")"
check "several workspaces" "$(gql "$T/w" "$PAGED" "$BOTH"; js "$T/w" 'd.data.paginatedWorkspaces.length')" "2003"
check "paginated: take 2" "$(gql "$T/w" '{"query":"{ paginatedWorkspaces(take: 2, pageNumber: 0) { label } }"}' "$BOTH"; js "$T/w" 'd.data.paginatedWorkspaces.map(w=>w.label).join(",")')" "200Workspace A,Workspace B"
check "paginated: page 1" "$(gql "$T/w" '{"query":"{ paginatedWorkspaces(take: 2, pageNumber: 1) { label } }"}' "$BOTH"; js "$T/w" 'd.data.paginatedWorkspaces.map(w=>w.label).join(",")')" "200Workspace C"
check "zero workspaces" "$(gql "$T/l" "$(login zero@houston.test zero-password)"; gql "$T/w" "$PAGED" "$(token_of "$T/l")"; js "$T/w" 'JSON.stringify(d.data.paginatedWorkspaces)')" "200200[]"

check "wrong password" "$(gql "$T/e" "$(login local@houston.test nope)"; js "$T/e" "$errmsg")" "200Invalid password and username combination"
check "unknown user: the same message" "$(gql "$T/e" "$(login nobody@houston.test nope)"; js "$T/e" "$errmsg")" "200Invalid password and username combination"
check "an OAuth-only user has no password" "$(gql "$T/e" "$(login oauth@houston.test '')"; js "$T/e" "$errmsg")" "200Invalid password and username combination"
check "no token: the permission error" "$(gql "$T/e" "$LISTED"; js "$T/e" "$errmsg+' '+d.errors[0].extensions.code")" "200You do not have the appropriate permissions for that FORBIDDEN"
check "a forged token: the permission error" "$(gql "$T/e" "$LISTED" "${LOCAL%?}x"; js "$T/e" "$errmsg")" "200You do not have the appropriate permissions for that"
check "the expired user's token has expired" "$(gql "$T/l" "$(login expired@houston.test expired-password)"; js "$T/l" 'jwt(d.data.createToken.token.value).exp < Date.now()/1000')" "200true"
check "an expired token: AUTH_TOKEN_REFRESH_FAILED" "$(gql "$T/e" "$LISTED" "$(token_of "$T/l")"; js "$T/e" "$errmsg")" "200AUTH_TOKEN_REFRESH_FAILED"
check "a minted token that expired" "$(curl -s -X POST -d '{"user":"both@houston.test","ttl":-5}' "$URL/__test/token" >"$T/m"; gql "$T/e" "$LISTED" "$(js "$T/m" d.token)"; js "$T/e" "$errmsg")" "200AUTH_TOKEN_REFRESH_FAILED"
check "a query that does not validate is a 400" "$(gql "$T/e" '{"query":"{ nosuchfield }"}'; js "$T/e" "$errmsg")" '400Cannot query field "nosuchfield" on type "Query".'
check "not JSON is a 400" "$(gql "$T/e" 'not json')" "400"

check "the token page shows a token for the OAuth user" "$(curl -s -o "$T/p" -w '%{http_code}' "$URL/token"; sed -n 's/.*<pre id="token">\([^<]*\)<.*/\1/p' "$T/p" >"$T/pt"; printf '{"t":"%s"}' "$(cat "$T/pt")" >"$T/pj"; js "$T/pj" 'jwt(d.t).uuid')" "200u-oauth"
check "that token works" "$(gql "$T/w" "$PAGED" "$(cat "$T/pt")"; js "$T/w" 'd.data.paginatedWorkspaces.length')" "2002"
check "token page for another user" "$(curl -s "$URL/token?user=zero@houston.test" | sed -n 's/.*Logged in as \([^.]*\.test\).*/\1/p')" "zero@houston.test"
check "no token page for a local-only user" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/token?user=local@houston.test")" "404"
check "a provider's login ends on the token page" "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$URL/v1/oauth/start?provider=google")" "302 $URL/token"

check "config: local auth off, no providers" "$(curl -s -X POST -d '{"localEnabled":false,"providers":[],"publicSignup":true}' "$URL/__test/config" >/dev/null; gql "$T/a" "$AUTHCONFIG"; js "$T/a" 'const c=d.data.authConfig; [c.localEnabled,c.publicSignup,c.providers.length].join(" ")')" "200false true 0"
check "local auth off: no password login" "$(gql "$T/e" "$(login local@houston.test local-password)"; js "$T/e" "$errmsg")" "200Local authentication is disabled"
check "config: token lifetime" "$(curl -s -X POST -d '{"localEnabled":true,"tokenTtl":60}' "$URL/__test/config" >/dev/null; gql "$T/l" "$(login local@houston.test local-password)"; js "$T/l" 'const p=jwt(d.data.createToken.token.value); p.exp-p.iat')" "20060"
check "config: a forced error message" "$(curl -s -X POST -d '{"errorMessage":"boom"}' "$URL/__test/config" >/dev/null; gql "$T/e" "$VERSION"; js "$T/e" "$errmsg"; curl -s -X POST -d '{"errorMessage":null}' "$URL/__test/config" >/dev/null)" "200boom"
check "stats" "$(curl -s "$URL/__test/stats" >"$T/s"; js "$T/s" '[d.graphql>20, d.createToken, d.tokenPage].join(" ")')" "true 9 3"
check "the log names no secret" "$(grep -cE 'password|eyJ' "$T/log")" "0"
stop
check "SIGTERM: exit 0" "$(cat "$T/rc")" "0"

echo "houston selftest: an old Houston (0.29), OAuth only, from the command line"
start --houston-version 0.29.4 --local-enabled no --providers okta --token-ttl 3600
check "auth config from flags" "$(gql "$T/a" "$AUTHCONFIG"; js "$T/a" 'const c=d.data.authConfig; [c.localEnabled,c.providers.map(p=>p.name).join(",")].join(" ")')" "200false okta"
check "old version" "$(gql "$T/v" "$VERSION"; js "$T/v" 'd.data.appConfig.version')" "2000.29.4"
curl -s -X POST -d '{"user":"oauth@houston.test"}' "$URL/__test/token" >"$T/m"
OLD="$(js "$T/m" d.token)"
check "token lifetime from flags" "$(js "$T/m" 'const p=jwt(d.token); p.exp-p.iat')" "3600"
check "no paginatedWorkspaces" "$(gql "$T/e" "$PAGED" "$OLD"; js "$T/e" "$errmsg")" '400Cannot query field "paginatedWorkspaces" on type "Query".'
check "workspaces still works" "$(gql "$T/w" "$LISTED" "$OLD"; js "$T/w" 'd.data.workspaces.length')" "2002"
check "only 127.x addresses" "$(node "$HERE/houston.js" --host 0.0.0.0 2>&1 >/dev/null | tr -d '\n'; echo " $?")" "houston.js: --host must be a 127.x.x.x address 2"
stop

summary "houston selftest"
