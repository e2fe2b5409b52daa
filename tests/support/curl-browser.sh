#!/usr/bin/env bash
# A scripted "browser" for tests, used as $BROWSER: follows the login URL's redirects
# with curl (cookies kept) and records where it ended and what the last page said.
#   CURL_BROWSER_OUT   file for the final URL, HTTP status and page (default: none)
#   CURL_BROWSER_DELAY seconds to wait before following (default 0)
#   CURL_BROWSER_STRAY 1: first send stray requests (favicon, wrong state, no code)
set -u
url="$1"
out="${CURL_BROWSER_OUT:-/dev/null}"
jar="$(mktemp)"
trap 'rm -f "$jar"' EXIT
sleep "${CURL_BROWSER_DELAY:-0}"
if [ "${CURL_BROWSER_STRAY:-0}" = 1 ]; then
  # The redirect_uri is in the URL; hit the listener with junk first.
  cb="$(printf '%s' "$url" | sed -E 's/.*redirect_uri=([^&]*).*/\1/' | sed 's/%3A/:/gI; s/%2F/\//gI')"
  base="${cb%/callback}"
  curl -s -o /dev/null "$base/favicon.ico"
  curl -s -o /dev/null "$cb?code=x&state=wrong-state"
  curl -s -o /dev/null "$cb"
  curl -s -o /dev/null -X POST "$cb?code=x"
fi
curl -sS -L --max-redirs 20 -b "$jar" -c "$jar" -o "$out.page" -w '%{url_effective} %{http_code}\n' "$url" >"$out.tmp" 2>&1
mv "$out.tmp" "$out" 2>/dev/null || true
