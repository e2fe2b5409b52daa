#!/usr/bin/env bash
# Issue 9 §2: concurrent token logins of two users to the same domain. The secret in the
# store and the user in config.yaml must always describe the same login (one lock for both).
# Real keyring.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=keychain
ROUNDS="${ROUNDS:-30}"
CFG="$ASTRO_HOME/.astro/config.yaml"
# Pre-mint 8 tokens per round, users alternating, and remember whose each one is.
declare -A OWNER
for r in $(seq 1 "$ROUNDS"); do
  for i in 0 1 2 3 4 5 6 7; do
    if [ $((i % 2)) = 0 ]; then u=one@astro.test; else u=many@astro.test; fi
    t="$(mint_token "$u")"
    printf '%s' "$t" >"$WORK/tok.$r.$i"
    OWNER[$t]="$u"
  done
done
mismatches=0
failures=0
for r in $(seq 1 "$ROUNDS"); do
  pids=()
  for i in 0 1 2 3 4 5 6 7; do
    "$ASTRO_BIN" login "$DOMAIN" -t "@$WORK/tok.$r.$i" >/dev/null 2>>"$WORK/race.err" </dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || failures=$((failures + 1)); done
  stored="$("$ASTRO_BIN" auth token 2>>"$WORK/race.err" </dev/null)"
  config_user="$(sed -n 's/^ *user_email: *//p' "$CFG" | tr -d '"')"
  if [ "${OWNER[$stored]:-none}" != "$config_user" ]; then
    mismatches=$((mismatches + 1))
    echo "round $r: the stored token is ${OWNER[$stored]:-unknown}'s, config says $config_user"
  fi
done
cat "$WORK/race.err" >>"$WORK/all-output"
check "every login succeeded ($failures failed)" [ "$failures" = 0 ]
check "in $ROUNDS rounds of 8 parallel logins, the stored token's user is config's user_email ($mismatches mismatches)" [ "$mismatches" = 0 ]
check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
