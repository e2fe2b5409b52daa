#!/usr/bin/env bash
# Issue 5 §3, a hostile loopback: while a login waits, a burst of 1,000 bogus requests,
# slowloris connections, oversized headers, a wrong Host, and a connection from a
# non-loopback address (a network namespace made here). The real callback must still
# complete, memory must stay bounded, and nothing may listen beyond loopback.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
"$ASTRO_BIN" login "$DOMAIN" --login-link --callback-port 0 --timeout 120 >"$OUT" 2>"$ERR" </dev/null &
PID=$!
for _ in $(seq 100); do [ -n "$(link_in "$OUT")" ] && break; sleep 0.1; done
LINK="$(link_in "$OUT")"
PORT="$(printf '%s' "$LINK" | sed -E 's/.*redirect_uri=http(%3A|:)(%2F%2F|\/\/)localhost(%3A|:)([0-9]+).*/\4/')"
check "the login is waiting on port $PORT" [ -n "$PORT" ]
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
RSS0="$(rss_kb)"

# 1. A burst of 1,000 bogus requests, 50 at a time.
seq 1000 | xargs -P 50 -I{} curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/callback?code=bogus{}&state=bogus{}"
check "the login survives 1,000 bogus requests" kill -0 $PID

# 2. Slowloris: 100 connections that send half a request and then nothing.
for i in $(seq 100); do
  ( exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET /callback?code=x HTTP/1.1\r\nHost: local' >&3 && sleep 15 ) 2>/dev/null &
done
sleep 1

# 3. Oversized headers, and 4. a wrong Host.
# 64 KiB, 8 times the listener's limit: curl 8 (Debian 13) refuses a header file line
# over 100 KiB ("error encountered when reading a file") and then sends nothing at all.
{ printf 'X-Big: '; head -c 65536 /dev/zero | tr '\0' a; printf '\n'; } >"$WORK/big-header"
STATUS_BIG="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "@$WORK/big-header" "http://127.0.0.1:$PORT/callback")"
STATUS_HOST="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: evil.example" "http://127.0.0.1:$PORT/callback")"
check "oversized headers get 431 or a closed connection ($STATUS_BIG)" bash -c "[ '$STATUS_BIG' = 431 ] || [ '$STATUS_BIG' = 000 ]"
check "a wrong Host gets 421 ($STATUS_HOST)" [ "$STATUS_HOST" = 421 ]

# 5. A connection from a non-loopback address: a network namespace with a veth pair.
NS="astro-hostile-$$"
if ip netns add "$NS" 2>/dev/null; then
  ip link add "veth-a$$" type veth peer name "veth-b$$"
  ip link set "veth-b$$" netns "$NS"
  ip addr add 10.213.0.1/24 dev "veth-a$$" && ip link set "veth-a$$" up
  ip netns exec "$NS" ip addr add 10.213.0.2/24 dev "veth-b$$"
  ip netns exec "$NS" ip link set "veth-b$$" up
  ip netns exec "$NS" ip link set lo up
  NS_STATUS="$(ip netns exec "$NS" curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://10.213.0.1:$PORT/callback" || true)"
  # Sanity: the namespace can reach the host at all (the test server is loopback-only
  # too, so use a throwaway listener on the veth address).
  node -e "require('net').createServer(s=>s.end('HTTP/1.1 204 No Content\r\n\r\n')).listen(0,'10.213.0.1',function(){require('fs').writeFileSync('$WORK/probe.port',String(this.address().port))})" &
  PROBE=$!
  wait_for_file "$WORK/probe.port" 5
  REACH="$(ip netns exec "$NS" curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://10.213.0.1:$(cat "$WORK/probe.port")/" || true)"
  kill $PROBE
  ip link del "veth-a$$" 2>/dev/null
  ip netns del "$NS"
  check "the namespace reaches the host's veth address ($REACH)" [ "$REACH" = 204 ]
  check "but not the login listener: connection refused ($NS_STATUS)" [ "$NS_STATUS" = 000 ]
else
  check "network namespaces can be created here (needs root)" false
fi

# Nothing listens beyond loopback.
LISTEN="$(ss -ltnH "sport = :$PORT" | awk '{print $4}' | sort | tr '\n' ' ')"
check "listening only on 127.0.0.1 and [::1] ($LISTEN)" [ "$LISTEN" = "127.0.0.1:$PORT [::1]:$PORT " ]
RSS1="$(rss_kb)"
# Under ASan, freed memory sits in the sanitizer's quarantine (16 MiB in the asan preset)
# and its allocator caches, so the bound is looser there; the ci preset checks the real one.
BOUND_KB=32768
[ -n "${ASTRO_SANITIZED:-}" ] && BOUND_KB=98304
check "memory stays bounded: RSS ${RSS0} KiB -> ${RSS1} KiB (< +$((BOUND_KB / 1024)) MiB)" [ $((RSS1 - RSS0)) -lt $BOUND_KB ]

# The real callback still completes, while the slowloris connections are still open.
CURL_BROWSER_OUT="$WORK/browser.out" "$ROOT/tests/support/curl-browser.sh" "$LINK"
wait $PID
RC=$?
record_output login
check "the real callback completes the login" rc_is 0
check "the browser got the success page" grep -q "/success 200" "$WORK/browser.out"
check "the bogus requests were reported, not fatal" err_has "callback with a wrong state"
check "and counted rather than flooding stderr" err_has "requests to the login listener in all"
check "stderr stays short ($(wc -l <"$ERR") lines)" [ "$(wc -l <"$ERR")" -lt 30 ]
kill $(jobs -p) 2>/dev/null
finish
