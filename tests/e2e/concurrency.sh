#!/usr/bin/env bash
# Issue 5 §4-5: many astro processes at once (logins, logouts, status) over four domains
# with the file store, concurrent writers to credentials.json, and kill -9 in the middle
# of writes. config.yaml must stay valid with no context lost; credentials.json must stay
# valid with no write lost; nothing torn.
source "$(dirname "$0")/lib.sh"
export ASTRO_CREDENTIAL_STORE=file
PIDS=()
DOMAINS=()
for i in 1 2 3 4; do
  node "$ROOT/tests/server/server.js" --port 0 --port-file "$WORK/url$i" >/dev/null 2>&1 &
  PIDS+=($!)
done
trap 'kill ${PIDS[*]} 2>/dev/null; cleanup' EXIT
for i in 1 2 3 4; do wait_for_file "$WORK/url$i" 10; u="$(cat "$WORK/url$i")"; DOMAINS+=("${u#http://}"); done
token_for() { # token_for URL EMAIL
  curl -fsS -X POST -H 'content-type: application/json' -d "{\"email\":\"$2\",\"ttl\":3600}" "$1/__test/token" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).access_token))'
}
CFG="$ASTRO_HOME/.astro/config.yaml"
CRED="$ASTRO_HOME/.astro/credentials.json"
config_valid() { "$ASTRO_BIN" auth status >/dev/null 2>&1 </dev/null; [ $? -ne 6 ]; }
creds_valid() { [ ! -e "$CRED" ] || node -e "JSON.parse(require('fs').readFileSync('$CRED','utf8'))" 2>/dev/null; }
all_contexts_present() { for d in "${DOMAINS[@]}"; do grep -qF "domain: $d" "$CFG" || return 1; done; }

# Pre-mint tokens (one per login) so the storm is only astro processes.
for i in 0 1 2 3; do
  url="$(cat "$WORK/url$((i + 1))")"
  for r in 1 2 3 4 5 6; do token_for "$url" one@astro.test >"$WORK/tok.$i.$r"; done
done

# 1. A storm: 5 rounds of 4 logins + 4 logouts + 4 status, all at once.
for r in 1 2 3 4 5; do
  for i in 0 1 2 3; do
    "$ASTRO_BIN" login "${DOMAINS[$i]}" -t "@$WORK/tok.$i.$r" >/dev/null 2>>"$WORK/storm.err" </dev/null &
    "$ASTRO_BIN" logout "${DOMAINS[$i]}" >/dev/null 2>>"$WORK/storm.err" </dev/null &
    "$ASTRO_BIN" auth status "${DOMAINS[$i]}" >/dev/null 2>>"$WORK/storm.err" </dev/null &
  done
  wait_all=$(jobs -p | grep -v -E "^($(IFS='|'; echo "${PIDS[*]}"))$")
  for p in $wait_all; do wait "$p"; done
done
check "config.yaml is valid after the storm" config_valid
check "no context was lost" all_contexts_present
check "credentials.json is valid after the storm" creds_valid
check "no process saw a corrupt file or a stuck lock" bash -c "! grep -qE 'not a valid astro config|is corrupt|locked by another' '$WORK/storm.err'"

# 2. Concurrent writers to the file fallback: 4 logins at once, none lost.
for i in 0 1 2 3; do
  "$ASTRO_BIN" login "${DOMAINS[$i]}" -t "@$WORK/tok.$i.6" >/dev/null 2>>"$WORK/writers.err" </dev/null &
done
for p in $(jobs -p | grep -v -E "^($(IFS='|'; echo "${PIDS[*]}"))$"); do wait "$p"; done
ok_entries=0
for i in 0 1 2 3; do
  got="$("$ASTRO_BIN" auth token -d "${DOMAINS[$i]}" 2>/dev/null </dev/null)"
  [ "$got" = "$(cat "$WORK/tok.$i.6")" ] && ok_entries=$((ok_entries + 1))
done
check "4 concurrent writers: all 4 credentials kept ($ok_entries/4)" [ "$ok_entries" = 4 ]
check "credentials.json is still 0600" [ "$(stat -c %a "$CRED")" = 600 ]

# 3. kill -9 in the middle of writes, 30 times.
torn=0
for n in $(seq 1 30); do
  i=$((n % 4))
  "$ASTRO_BIN" login "${DOMAINS[$i]}" -t "@$WORK/tok.$i.$(( (n % 5) + 1 ))" >/dev/null 2>&1 </dev/null &
  victim=$!
  sleep "0.0$((RANDOM % 10))"
  kill -9 $victim 2>/dev/null
  wait $victim 2>/dev/null
  config_valid || torn=$((torn + 1))
  creds_valid || torn=$((torn + 1))
done
check "kill -9 mid-write 30 times: never a torn file ($torn)" [ "$torn" = 0 ]
check "no context was lost" all_contexts_present
start=$(date +%s%N)
"$ASTRO_BIN" login "${DOMAINS[0]}" -t "@$WORK/tok.0.6" >"$OUT" 2>"$ERR" </dev/null
RC=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "a login after the kills works (stale locks are taken over)" rc_is 0
check "without waiting on a dead process's lock (${ms} ms)" [ "$ms" -lt 5000 ]
left="$(find "$ASTRO_HOME/.astro" -name '*.json.*' -o -name '*.yaml.*' | grep -v '\.lock$' | wc -l)"
check "no temporary files left behind ($left)" [ "$left" = 0 ]
finish
