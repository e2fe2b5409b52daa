#!/usr/bin/env bash
# Self-test for the Astro-like test platform (server.js). Needs bash, curl, node
# and ss. Starts its own server on a free port, drives every flow with curl and
# prints one line per check. Token values are never printed.
source "$(dirname "${BASH_SOURCE[0]}")/selftest-lib.sh"

# http METHOD URL OUTFILE [curl args...]: prints the status code; body goes to OUTFILE.
http() {
  local method="$1" url="$2" out="$3"
  shift 3
  curl -s -o "$out" -w '%{http_code}' -X "$method" "$url" "$@"
}

# follow URL: follow redirects with the cookie jar until the Location points at
# the client's loopback redirect (localhost:54321); prints that URL.
follow() {
  local url="$1" next i
  for i in $(seq 1 15); do
    next="$(curl -s -o /dev/null -b "$T/jar" -c "$T/jar" -w '%{redirect_url}' "$url")"
    case "$next" in
      http://localhost:54321/*) echo "$next"; return 0 ;;
      "") return 1 ;;
    esac
    url="$next"
  done
  return 1
}

# login LABEL: full authorization code + PKCE login in the browser-like cookie
# jar; leaves the token response in $T/LABEL.json and the callback URL in $T/LABEL.cb
login() {
  local label="$1" verifier challenge state cb code
  verifier="$(node -e 'process.stdout.write(require("crypto").randomBytes(48).toString("base64url"))')"
  challenge="$(V="$verifier" node -e 'process.stdout.write(require("crypto").createHash("sha256").update(process.env.V).digest("base64url"))')"
  state="st-$RANDOM$RANDOM"
  echo "$state" >"$T/$label.state"
  cb="$(follow "${ISSUER}authorize?response_type=code&client_id=astro-cli&redirect_uri=http%3A%2F%2Flocalhost%3A54321%2Fcallback&scope=openid%20profile%20email%20offline_access&state=$state&code_challenge=$challenge&code_challenge_method=S256&audience=astronomer-ee&prompt=login&response_mode=query")" || return 1
  echo "$cb" >"$T/$label.cb"
  code="$(node -e 'process.stdout.write(new URL(process.argv[1]).searchParams.get("code") || "")' "$cb")"
  [ -n "$code" ] || return 0
  http POST "${ISSUER}oauth/token" "$T/$label.json" \
    --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
    --data-urlencode redirect_uri=http://localhost:54321/callback \
    --data-urlencode client_id=astro-cli --data-urlencode "code_verifier=$verifier" >"$T/$label.status"
}

refresh() { # refresh RT OUTFILE -> status
  http POST "${ISSUER}oauth/token" "$2" --data-urlencode grant_type=refresh_token \
    --data-urlencode "refresh_token=$1" --data-urlencode client_id=astro-cli
}
introspect() { # introspect TOKEN OUTFILE -> status (as the confidential test client)
  http POST "${ISSUER}oauth/introspect" "$2" -u test-introspector:test-introspector-secret --data-urlencode "token=$1"
}
revoke() { # revoke TOKEN -> status (as the public client, no secret)
  http POST "${ISSUER}oauth/revoke" "$T/revoke.out" --data-urlencode "token=$1" --data-urlencode client_id=astro-cli
}
bearer_get() { # bearer_get TOKEN PATH OUTFILE -> status
  http GET "${ISSUER}$2" "$3" -H "Authorization: Bearer $1"
}

echo "selftest: starting server"
START_NS=$(date +%s%N)
node "$HERE/server.js" --port 0 --device-interval 1 --port-file "$T/port" --log-file "$T/requests.log" >"$T/stdout" 2>"$T/stderr" &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q '^ASTRO_TEST_SERVER ' "$T/stdout" 2>/dev/null && break; sleep 0.05; done
READY_MS=$((($(date +%s%N) - START_NS) / 1000000))
LINE="$(head -n1 "$T/stdout")"
if ! [[ "$LINE" =~ ^ASTRO_TEST_SERVER\ http://127\.0\.0\.1:[0-9]+$ ]]; then
  bad "server ready line" "$LINE"
  sed 's/^/    stderr: /' "$T/stderr" | head -20
  echo "selftest: $PASS passed, $FAIL failed"
  exit 1
fi
BASE="${LINE#ASTRO_TEST_SERVER }"
PORT="${BASE##*:}"
echo "  ($BASE ready after ${READY_MS} ms)"
ok "ready line on stdout"
check "port file" "$(cat "$T/port" 2>/dev/null)" "$BASE"

echo "== discovery"
check "auth-config status" "$(http GET "$BASE/private/v1alpha1/cli/auth-config" "$T/ac.json")" 200
check "auth-config body" "$(js "$T/ac.json" '[d.clientId, d.audience, d.domainUrl].join(" ")')" "astro-cli astronomer-ee $BASE/"
ISSUER="$(js "$T/ac.json" 'd.domainUrl')"
check "discovery status" "$(http GET "${ISSUER}.well-known/openid-configuration" "$T/disc.json")" 200
check "discovery issuer" "$(js "$T/disc.json" 'd.issuer')" "$ISSUER"
check "discovery endpoints" "$(js "$T/disc.json" '[d.authorization_endpoint, d.token_endpoint, d.userinfo_endpoint, d.revocation_endpoint, d.device_authorization_endpoint, d.introspection_endpoint].map(u => u.slice(d.issuer.length)).join(" ")')" \
  "authorize oauth/token userinfo oauth/revoke oauth/device/code oauth/introspect"
check "discovery iss parameter supported" "$(js "$T/disc.json" 'd.authorization_response_iss_parameter_supported')" true
check "jwks has an RS256 key" "$(http GET "$(js "$T/disc.json" 'd.jwks_uri')" "$T/jwks.json"; js "$T/jwks.json" 'd.keys[0].alg')" "200RS256"

echo "== authorization code + PKCE login (one@astro.test)"
if login a; then ok "redirects reach http://localhost:54321/callback"; else bad "redirects reach http://localhost:54321/callback"; fi
CB="$(cat "$T/a.cb" 2>/dev/null)"
check "callback state" "$(node -e 'process.stdout.write(new URL(process.argv[1]).searchParams.get("state") || "")' "$CB")" "$(cat "$T/a.state")"
check "callback iss" "$(node -e 'process.stdout.write(new URL(process.argv[1]).searchParams.get("iss") || "")' "$CB")" "$ISSUER"
check "token exchange status" "$(cat "$T/a.status" 2>/dev/null)" 200
check "token response fields" "$(js "$T/a.json" '[d.token_type, typeof d.access_token, typeof d.refresh_token, typeof d.id_token, d.expires_in].join(" ")')" "Bearer string string string 3600"
check "token response scope" "$(js "$T/a.json" 'd.scope')" "openid profile email offline_access"
check "access token is a JWT (at+jwt, RS256)" "$(js "$T/a.json" 'd.access_token.split(".").length + " " + jwth(d.access_token).typ + " " + jwth(d.access_token).alg')" "3 at+jwt RS256"
check "access token claims" "$(node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1])); const p = JSON.parse(Buffer.from(d.access_token.split(".")[1], "base64url"));
  process.stdout.write([p.iss === process.argv[2], [].concat(p.aud).includes("astronomer-ee"), p.sub, p.email, p.exp - p.iat].join(" "))' "$T/a.json" "$ISSUER")" \
  "true true usr-one one@astro.test 3600"
check "id token audience/subject" "$(js "$T/a.json" 'jwt(d.id_token).aud + " " + jwt(d.id_token).sub')" "astro-cli usr-one"
AT1="$(js "$T/a.json" 'd.access_token')"
RT1="$(js "$T/a.json" 'd.refresh_token')"

echo "== userinfo and platform API"
check "userinfo status" "$(bearer_get "$AT1" userinfo "$T/ui.json")" 200
check "userinfo body" "$(js "$T/ui.json" '[d.sub, d.email, d.email_verified, d.name].join(" ")')" "usr-one one@astro.test true One Org"
check "userinfo without token" "$(http GET "${ISSUER}userinfo" "$T/ui0.json"; js "$T/ui0.json" 'd.error')" "401invalid_token"
check "userinfo with garbage token" "$(bearer_get "not-a-token" userinfo "$T/ui0.json")" 401
check "users/self" "$(bearer_get "$AT1" 'v1/users/self?createIfNotExist=true' "$T/self.json"; js "$T/self.json" '[d.id, d.email, d.username, d.fullName, typeof d.createdAt].join(" ")')" "200usr-one one@astro.test one@astro.test One Org string"
check "organizations" "$(bearer_get "$AT1" 'v1/organizations?limit=100' "$T/orgs.json"; js "$T/orgs.json" 'd.totalCount + " " + d.organizations.map(o => [o.id, o.name, o.product].join("/")).join(",")')" "2001 org-one/Org One/HOSTED"
check "organization by id" "$(bearer_get "$AT1" v1/organizations/org-one "$T/org.json"; js "$T/org.json" 'd.id + " " + d.name')" "200org-one Org One"
check "other organization is 404" "$(bearer_get "$AT1" v1/organizations/org-a "$T/org.json")" 404
check "workspaces" "$(bearer_get "$AT1" v1/organizations/org-one/workspaces "$T/ws.json"; js "$T/ws.json" 'd.totalCount + " " + d.workspaces.map(w => [w.id, w.name, w.organizationId].join("/")).join(",")')" "2001 ws-one/Workspace One/org-one"
check "platform API without token" "$(http GET "${ISSUER}v1/organizations" "$T/x.json")" 401

echo "== refresh token rotation, introspection, revocation"
check "refresh status" "$(refresh "$RT1" "$T/a2.json")" 200
AT2="$(js "$T/a2.json" 'd.access_token')"
RT2="$(js "$T/a2.json" 'd.refresh_token')"
if [ -n "$RT2" ] && [ "$RT2" != "$RT1" ]; then ok "refresh token rotated"; else bad "refresh token rotated"; fi
check "refreshed access token is a JWT for astronomer-ee" "$(js "$T/a2.json" 'jwth(d.access_token).typ + " " + [].concat(jwt(d.access_token).aud).includes("astronomer-ee")')" "at+jwt true"
check "refreshed access token works at userinfo" "$(bearer_get "$AT2" userinfo "$T/ui.json")" 200
check "introspect access token (active)" "$(introspect "$AT2" "$T/in.json"; js "$T/in.json" '[d.active, d.client_id, d.sub, d.token_type].join(" ")')" "200true astro-cli usr-one Bearer"
check "introspect refresh token (active)" "$(introspect "$RT2" "$T/in.json"; js "$T/in.json" 'd.active')" "200true"
check "public client introspection of own token" "$(http POST "${ISSUER}oauth/introspect" "$T/in.json" --data-urlencode "token=$AT2" --data-urlencode client_id=astro-cli; js "$T/in.json" 'd.active')" "200true"
check "revoke access token as public client" "$(revoke "$AT2")" 200
check "introspect revoked access token (inactive)" "$(introspect "$AT2" "$T/in.json"; js "$T/in.json" 'd.active')" "200false"
check "revoked access token rejected at userinfo" "$(bearer_get "$AT2" userinfo "$T/ui.json"; js "$T/ui.json" 'd.error')" "401invalid_token"
check "revoked access token rejected at /v1" "$(bearer_get "$AT2" v1/users/self "$T/x.json")" 401
check "revoke unknown token is still 200" "$(revoke "unknown-token-value")" 200

echo "== refresh token reuse detection (second login)"
if login b; then ok "second login (prompt=login with existing session)"; else bad "second login (prompt=login with existing session)"; fi
check "second token exchange status" "$(cat "$T/b.status" 2>/dev/null)" 200
RTB1="$(js "$T/b.json" 'd.refresh_token')"
check "refresh #1" "$(refresh "$RTB1" "$T/b2.json")" 200
RTB2="$(js "$T/b2.json" 'd.refresh_token')"
check "reuse of rotated refresh token" "$(refresh "$RTB1" "$T/b3.json"; js "$T/b3.json" 'd.error')" "400invalid_grant"
check "reuse revoked the whole grant" "$(refresh "$RTB2" "$T/b4.json"; js "$T/b4.json" 'd.error')" "400invalid_grant"

echo "== denied consent"
check "config deny" "$(http POST "${ISSUER}__test/config" "$T/cfg.json" -H 'content-type: application/json' -d '{"deny":true}'; js "$T/cfg.json" 'd.deny')" "200true"
login c >/dev/null
CB="$(cat "$T/c.cb" 2>/dev/null)"
check "denied callback" "$(node -e 'const s = new URL(process.argv[1]).searchParams; process.stdout.write([s.get("error"), !!s.get("error_description"), s.get("state") === process.argv[2], s.get("iss") === process.argv[3], s.has("code")].join(" "))' "$CB" "$(cat "$T/c.state")" "$ISSUER")" \
  "access_denied true true true false"
check "config undeny" "$(http POST "${ISSUER}__test/config" "$T/cfg.json" -H 'content-type: application/json' -d '{"deny":false}'; js "$T/cfg.json" 'd.deny')" "200false"

echo "== device flow"
device_start() { # device_start OUTFILE -> status
  http POST "${ISSUER}oauth/device/code" "$1" --data-urlencode client_id=astro-cli \
    --data-urlencode 'scope=openid profile email offline_access' --data-urlencode audience=astronomer-ee
}
device_poll() { # device_poll DEVICE_CODE OUTFILE -> status
  http POST "${ISSUER}oauth/token" "$2" --data-urlencode grant_type=urn:ietf:params:oauth:grant-type:device_code \
    --data-urlencode "device_code=$1" --data-urlencode client_id=astro-cli
}
check "device authorization" "$(device_start "$T/d.json"; js "$T/d.json" '[d.interval, typeof d.device_code, /^[A-Z]{4}-[A-Z]{4}$/.test(d.user_code), d.verification_uri.endsWith("/activate"), d.expires_in].join(" ")')" "200""1 string true true 600"
DC="$(js "$T/d.json" 'd.device_code')"
UC="$(js "$T/d.json" 'd.user_code')"
check "verification page" "$(http GET "$(js "$T/d.json" 'd.verification_uri_complete')" "$T/page.html")" 200
check "poll before approval" "$(device_poll "$DC" "$T/dp.json"; js "$T/dp.json" 'd.error')" "400authorization_pending"
check "approve via /__test/device" "$(http POST "${ISSUER}__test/device" "$T/x.json" -H 'content-type: application/json' -d "{\"user_code\":\"$UC\",\"action\":\"approve\",\"email\":\"many@astro.test\"}")" 200
sleep 1
check "poll after approval" "$(device_poll "$DC" "$T/dt.json"; js "$T/dt.json" '[d.token_type, jwth(d.access_token).typ, typeof d.refresh_token, typeof d.id_token].join(" ")')" "200Bearer at+jwt string string"
DAT="$(js "$T/dt.json" 'd.access_token')"
DRT="$(js "$T/dt.json" 'd.refresh_token')"
check "device token userinfo" "$(bearer_get "$DAT" userinfo "$T/ui.json"; js "$T/ui.json" 'd.email')" "200many@astro.test"
check "device token organizations" "$(bearer_get "$DAT" 'v1/organizations?limit=100' "$T/orgs.json"; js "$T/orgs.json" 'd.organizations.map(o => o.id).join(",")')" "200org-a,org-b,org-c"
check "org-a has 3 workspaces" "$(bearer_get "$DAT" v1/organizations/org-a/workspaces "$T/ws.json"; js "$T/ws.json" 'd.totalCount')" "2003"
check "device code cannot be redeemed twice" "$(device_poll "$DC" "$T/dp.json"; js "$T/dp.json" 'd.error')" "400invalid_grant"
check "revoke refresh token as public client" "$(revoke "$DRT")" 200
check "revoked refresh token fails" "$(refresh "$DRT" "$T/x.json"; js "$T/x.json" 'd.error')" "400invalid_grant"
device_start "$T/d2.json" >/dev/null
check "deny via /__test/device" "$(http POST "${ISSUER}__test/device" "$T/x.json" -H 'content-type: application/json' -d "{\"user_code\":\"$(js "$T/d2.json" 'd.user_code')\",\"action\":\"deny\"}")" 200
check "poll after denial" "$(device_poll "$(js "$T/d2.json" 'd.device_code')" "$T/dp.json"; js "$T/dp.json" 'd.error')" "400access_denied"

echo "== /__test/token"
check "mint token" "$(http POST "${ISSUER}__test/token" "$T/tt.json" -H 'content-type: application/json' -d '{"email":"zero@astro.test","ttl":120}'; js "$T/tt.json" 'jwth(d.access_token).typ + " " + (jwt(d.access_token).exp - jwt(d.access_token).iat)')" "200at+jwt 120"
TAT="$(js "$T/tt.json" 'd.access_token')"
check "minted token at userinfo" "$(bearer_get "$TAT" userinfo "$T/ui.json"; js "$T/ui.json" 'd.email')" "200zero@astro.test"
check "minted token: zero organizations" "$(bearer_get "$TAT" 'v1/organizations?limit=100' "$T/orgs.json"; js "$T/orgs.json" 'd.totalCount')" "2000"
check "minted token introspection" "$(introspect "$TAT" "$T/in.json"; js "$T/in.json" 'd.active')" "200true"
check "minted token revocation" "$(revoke "$TAT"; bearer_get "$TAT" userinfo "$T/ui.json")" "200401"
check "unknown email logs in as new user" "$(http POST "${ISSUER}__test/token" "$T/tt.json" -H 'content-type: application/json' -d '{"email":"new@astro.test"}'; bearer_get "$(js "$T/tt.json" 'd.access_token')" 'v1/organizations' "$T/orgs.json"; js "$T/orgs.json" 'd.totalCount')" "2002000"

echo "== stats, log, sockets"
check "stats" "$(http GET "${ISSUER}__test/stats" "$T/stats.json"; js "$T/stats.json" 'const t = d.token_requests; [t.authorization_code, t.refresh_token, t.device_code, d.revocations, d.userinfo].join(" ")')" "2002 5 4 4 8"
check "reset stats" "$(http POST "${ISSUER}__test/reset-stats" "$T/stats.json"; js "$T/stats.json" 'd.token_requests.authorization_code + d.userinfo')" "2000"
if grep -q '^[^ ]* GET /authorize ' "$T/requests.log" && ! grep -q '?' "$T/requests.log"; then ok "request log has paths without query strings"; else bad "request log has paths without query strings"; fi
LEAK=0
for tok in "$AT1" "$RT1" "$AT2" "$RT2" "$DAT" "$DRT" "$TAT"; do
  [ -n "$tok" ] && grep -qF -- "$tok" "$T/requests.log" "$T/stdout" "$T/stderr" && LEAK=1
done
check "no token values in log/stdout/stderr" "$LEAK" 0
check "stdout is exactly the ready line" "$(wc -l <"$T/stdout" | tr -d ' ')" 1
LISTEN="$(ss -Hltn "sport = :$PORT" | awk '{print $4}' | sort -u | tr '\n' ' ')"
check "listens only on 127.0.0.1:$PORT" "$LISTEN" "127.0.0.1:$PORT "

echo "== shutdown"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
check "exit code after SIGTERM" "$?" 0
SERVER_PID=""

summary selftest
