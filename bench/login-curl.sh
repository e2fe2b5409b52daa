#!/usr/bin/env bash
# The baseline for bench/login.sh: the same browser login as `astro login DOMAIN`, done
# with curl and openssl alone, making the same requests astro makes:
#   auth-config, discovery, the authorization request (authorization code + PKCE S256,
#   followed by the same scripted browser, tests/support/curl-browser.sh), the token
#   exchange, userinfo, users/self, organizations, workspaces; then the tokens are written
#   to a 0600 file. What it does not do: run a loopback listener (the scripted browser
#   stops before the callback and hands the callback URL over in a file instead).
#   login-curl.sh http://127.0.0.1:PORT OUTFILE
set -euo pipefail
base="$1"
out="$2"
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Lean on purpose (few processes): JSON fields by bash regex, PKCE with openssl.
field() { # field NAME JSON: the first "NAME":"value" of a flat JSON text
  local re="\"$1\" *: *\"([^\"]*)\""
  [[ "$2" =~ $re ]] && printf '%s' "${BASH_REMATCH[1]}"
}

ac="$(curl -fsS "$base/private/v1alpha1/cli/auth-config")"
client_id="$(field clientId "$ac")"
audience="$(field audience "$ac")"
issuer="$(field domainUrl "$ac")"
disc="$(curl -fsS "${issuer}.well-known/openid-configuration")"
authorize="$(field authorization_endpoint "$disc")"
token_ep="$(field token_endpoint "$disc")"
userinfo="$(field userinfo_endpoint "$disc")"

verifier="$(openssl rand -hex 32)" # 64 unreserved characters (RFC 7636: 43-128)
challenge="$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | basenc --base64url)"
challenge="${challenge%%=*}"
state="$(openssl rand -hex 32)"
redirect="http://localhost:54321/callback"
url="$authorize?response_type=code&client_id=$client_id&redirect_uri=http%3A%2F%2Flocalhost%3A54321%2Fcallback"
url+="&scope=openid%20profile%20email%20offline_access&state=$state&code_challenge=$challenge"
url+="&code_challenge_method=S256&audience=$audience&prompt=login&response_mode=query"
CURL_BROWSER_NO_CALLBACK=1 CURL_BROWSER_CALLBACK_FILE="$tmp/cb" "$here/tests/support/curl-browser.sh" "$url"
cb="$(<"$tmp/cb")"
[[ "$cb" =~ [?\&]state=([^\&]*) ]] && [ "${BASH_REMATCH[1]}" = "$state" ] || { echo "state mismatch" >&2; exit 3; }
[[ "$cb" =~ [?\&]code=([^\&]*) ]] || { echo "no code in the callback" >&2; exit 3; }
code="${BASH_REMATCH[1]}"

tok="$(curl -fsS "$token_ep" --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$redirect" --data-urlencode "client_id=$client_id" \
  --data-urlencode "code_verifier=$verifier")"
at="$(field access_token "$tok")"
[ -n "$at" ] || { echo "no access token" >&2; exit 3; }
# userinfo, users/self and organizations in one curl (one connection), then workspaces.
orgs="$(curl -fsS -H "Authorization: Bearer $at" -o /dev/null "$userinfo" \
  -o /dev/null "${issuer}v1/users/self?createIfNotExist=true" "${issuer}v1/organizations?limit=100")"
org="$(field id "$orgs")"
curl -fsS -H "Authorization: Bearer $at" -o /dev/null "${issuer}v1/organizations/$org/workspaces"
(umask 077 && printf '%s\n' "$tok" >"$out.tmp" && mv "$out.tmp" "$out")
