#!/usr/bin/env bash
# The demo: a real browser login against the bundled local Astro-like server, from a
# fresh Debian 12 machine. Installs what it needs, builds astro, starts the server, runs
# `astro login` (your desktop browser when there is a desktop; headless Chromium, fully
# unattended, when there is none), shows the status, prints the token's length (never
# the token), then a pipeline-style token login, and logs out.
# It uses a throwaway ASTRO_HOME and a throwaway keyring unless you pass --keep,
# which keeps the login in ~/.astro and your own session keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
KEEP=0
[ "${1:-}" = "--keep" ] && KEEP=1

if [ -z "${ASTRO_DEMO_INNER:-}" ]; then
  scripts/install-deps.sh
  cmake --preset release >/dev/null
  cmake --build --preset release
  if [ "$KEEP" = 1 ]; then
    exec env ASTRO_DEMO_INNER=1 "$0" "$@"
  fi
  exec tests/support/with-keyring.sh env ASTRO_DEMO_INNER=1 "$0" "$@"
fi

ASTRO="$PWD/build/release/src/astro"
WORK="$(mktemp -d /tmp/astro-demo.XXXXXX)"
[ "$KEEP" = 1 ] || export ASTRO_HOME="$WORK"
node tests/server/server.js --port 0 --port-file "$WORK/url" >/dev/null 2>"$WORK/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/url" ] && break; sleep 0.05; done
URL="$(cat "$WORK/url")"
DOMAIN="${URL#http://}"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

echo "Local Astro-like platform: $URL (it approves user one@astro.test without asking)"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${CI:-}" ]; then
  echo "No desktop here: the browser is headless Chromium (tests/support/chromium-browser.sh)."
  export BROWSER="$PWD/tests/support/chromium-browser.sh"
fi

step astro login "$DOMAIN" --callback-port 0
"$ASTRO" login "$DOMAIN" --callback-port 0 </dev/null
step astro auth status
"$ASTRO" auth status
step 'astro auth token | wc -c'
"$ASTRO" auth token | wc -c

# The pipeline path: a token as the Astro UI would hand it out, minted by the local
# server; it goes to astro on stdin, never on a command line.
curl -fsS -X POST -H 'content-type: application/json' -d '{"email":"many@astro.test","ttl":3600}' \
  "$URL/__test/token" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).access_token))' \
  >"$WORK/token"
chmod 600 "$WORK/token"
step astro login "$DOMAIN" --token-login - "<token"
"$ASTRO" login "$DOMAIN" --token-login - <"$WORK/token"
if [ "$KEEP" = 1 ]; then
  echo "Kept: you are logged in to $DOMAIN while this server runs. Press Enter to stop it."
  read -r _ || true
else
  step astro logout
  "$ASTRO" logout
fi
