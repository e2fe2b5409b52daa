#!/usr/bin/env bash
# Issue 13: CLI polish (logout, locks, config.yaml, command line, environment, help, wording).
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
CONFIG="$ASTRO_HOME/.astro/config.yaml"
LOCAL="localhost:${DOMAIN#*:}"
LOCAL_KEY="${LOCAL//./_}"

# logout when not logged in: says so, writes nothing.
run_astro logout "$DOMAIN"
check "logout when not logged in succeeds" rc_is 0
check "and says there was nothing to log out of" out_has "Not logged in to $DOMAIN: there was nothing to log out of."
check "and does not claim a logout" bash -c "! grep -q 'Successfully logged out' '$OUT'"
check "and writes nothing" [ ! -e "$ASTRO_HOME/.astro" ]

# logout of another domain keeps the current context (as astro-cli).
T1="$(mint_token one@astro.test)"
run_astro login "$DOMAIN" -t "$T1"
T2="$(mint_token many@astro.test)"
run_astro login "$LOCAL" -t "$T2"
check "two contexts, the current one $LOCAL" file_has "$CONFIG" "context: $LOCAL_KEY"
run_astro logout "$DOMAIN"
check "logout of another domain succeeds" rc_is 0
check "the revocation names the domain with its port" out_has "Revoked the access token at $DOMAIN."
check "the current context is kept" file_has "$CONFIG" "context: $LOCAL_KEY"
run_astro auth token
check "and its token still works" out_is "$T2"
run_astro logout
check "logout of the current domain" rc_is 0
check "resets the current context" bash -c "grep -qE '^context: (\"\")?$' '$CONFIG'"

# A lock file left behind (empty, or by a process killed while it held it) blocks nobody.
: >"$CONFIG.lock"
start=$(date +%s%N)
run_astro context switch "$LOCAL"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "an empty config.yaml.lock does not block a write" rc_is 0
check "  at once (${ms} ms)" [ "$ms" -lt 2000 ]
# A live holder: the waiter names it.
(exec 9>>"$CONFIG.lock"; flock 9; printf '4242 astro\n' >"$CONFIG.lock"; exec sleep 12) &
HOLDER=$!
sleep 0.3
run_astro context switch "$DOMAIN"
check "a lock held for 10 s: exit 6" rc_is 6
check "  naming the holder" err_has "The lock is held by astro, process 4242."
kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null

finish
