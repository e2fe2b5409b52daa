#!/usr/bin/env bash
# A scripted "browser" for tests, used as $BROWSER. It follows the login URL's redirects
# one by one with curl (cookies kept), like a browser would, and records where it ended.
# $1 is the login URL, or the path (or file:// URL) of astro's redirect page.
#   CURL_BROWSER_OUT            file for "final-URL HTTP-status" (+ .page with the body)
#   CURL_BROWSER_STRAY=1        before the real callback, send stray requests: favicon,
#                               a wrong state, no state, no code, a POST, a wrong Host
#   CURL_BROWSER_CALLBACK_DELAY seconds to wait before delivering the callback
#   CURL_BROWSER_TAMPER_CODE=1  deliver the callback with a corrupted code
#   CURL_BROWSER_NO_CALLBACK=1  stop before the callback (a browser on another host)
#   CURL_BROWSER_CALLBACK_FILE  write the callback address there (for paste-back tests)
set -u
url="$1"
# astro hands over a local page (a path or file:// URL) that redirects to the login URL, so
# that the URL never shows in argv: read it from the page's meta refresh, as a browser would.
case "$url" in file://*) url="${url#file://}" ;; esac
if [ -f "$url" ]; then
  url="$(sed -n 's/.*http-equiv="refresh" content="0;url=\([^"]*\)".*/\1/p' "$url" | head -1 | sed 's/&amp;/\&/g')"
fi
out="${CURL_BROWSER_OUT:-/dev/null}"
jar="$(mktemp)"
trap 'rm -f "$jar"' EXIT

next="$url"
for _ in $(seq 1 20); do
  if [[ "$next" =~ ^http://(localhost|127\.0\.0\.1|\[::1\]):[0-9]+/callback(\?|$) ]]; then break; fi
  headers="$(curl -sS -b "$jar" -c "$jar" -o /dev/null -D - "$next")" || { echo "curl failed on $next" >"$out"; exit 1; }
  location="$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p' | tail -1)"
  if [ -z "$location" ]; then echo "no redirect from the IdP; ended at $next" >"$out"; exit 1; fi
  case "$location" in
    http*) next="$location" ;;
    /*) next="$(printf '%s' "$next" | sed -E 's#^(https?://[^/]+).*#\1#')$location" ;;
    *) next="$(dirname "$next")/$location" ;;
  esac
done
callback="$next"
[ -n "${CURL_BROWSER_CALLBACK_FILE:-}" ] && printf '%s\n' "$callback" >"$CURL_BROWSER_CALLBACK_FILE"
[ "${CURL_BROWSER_NO_CALLBACK:-0}" = 1 ] && exit 0

base="${callback%%\?*}"
query="${callback#*\?}"
if [ "${CURL_BROWSER_STRAY:-0}" = 1 ]; then
  root="${base%/callback}"
  port="${root##*:}"
  curl -s -o /dev/null "$root/favicon.ico"
  curl -s -o /dev/null "$base?code=stray&state=not-the-right-state"
  curl -s -o /dev/null "$base?code=stray"
  curl -s -o /dev/null "$base?$(printf '%s' "$query" | sed -E 's/(^|&)code=[^&]*//')"
  curl -s -o /dev/null -X POST "$callback"
  curl -s -o /dev/null -H "Host: evil.example:$port" "$callback"
  curl -s -o /dev/null "$base/../callback-not?$query"
fi
sleep "${CURL_BROWSER_CALLBACK_DELAY:-0}"
if [ "${CURL_BROWSER_TAMPER_CODE:-0}" = 1 ]; then
  callback="$(printf '%s' "$callback" | sed -E 's/(code=)([^&]*)/\1tampered\2/')"
fi
curl -sS -L --max-redirs 3 -o "$out.page" -w '%{url_effective} %{http_code}\n' "$callback" >"$out.tmp" 2>&1
mv "$out.tmp" "$out"
