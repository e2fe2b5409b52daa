#!/usr/bin/env bash
# Issue 9 §2: a full, read-only or forbidden ~/.astro. Each failure says what it is (the
# path and the cause, "No space left on device", ...) with its exit code (5: store, 6:
# config), and "busy" is never claimed for "cannot write". A refresh whose rotated refresh
# token cannot be stored says loudly that the login is lost. Needs root: a tiny tmpfs in a
# private mount namespace, a read-only bind mount, an unprivileged user. Real keyring
# where only the lock or the config should fail; the file store where the store must.
if [ "$(id -u)" != 0 ]; then echo "skipped: needs root (mount namespaces, another user)"; exit 77; fi
if [ -z "${ASTRO_IN_NAMESPACE:-}" ]; then
  exec unshare -m --propagation private env ASTRO_IN_NAMESPACE=1 bash "$0" "$@"
fi
source "$(dirname "$0")/lib.sh"
start_server --access-token-ttl 24
# A second platform that does not rotate refresh tokens.
node "$ROOT/tests/server/server.js" --port 0 --port-file "$WORK/url2" --access-token-ttl 24 \
  --rotate-refresh-token no >/dev/null 2>&1 &
SERVER2_PID=$!
wait_for_file "$WORK/url2" 10
DOMAIN2="$(cat "$WORK/url2")"; DOMAIN2="${DOMAIN2#http://}"
export BROWSER="$ROOT/tests/support/curl-browser.sh"
TINY="$WORK/tiny"
mkdir -p "$TINY"
mount -t tmpfs -o size=256k,mode=0755 tmpfs "$TINY"
trap 'umount -l "$TINY" 2>/dev/null; kill $SERVER_PID $SERVER2_PID 2>/dev/null; cleanup' EXIT
fill() { dd if=/dev/zero of="$TINY/fill" bs=4k >/dev/null 2>&1; sync; }
unfill() { rm -f "$TINY/fill"; }
leave_one_page() { fill; truncate -s "-4096" "$TINY/fill"; }
leave_pages() { fill; truncate -s "-$((4096 * $1))" "$TINY/fill"; }
no_busy_claim() { ! grep -qiE 'another astro process|locked by another' "$ERR"; }
secret() { secret-tool lookup server astro-cli user "$DOMAIN"; }

export ASTRO_HOME="$TINY/home"
mkdir -p "$ASTRO_HOME/.astro"
chmod 700 "$ASTRO_HOME/.astro"
A="$ASTRO_HOME/.astro"

# 1. Full disk, keychain store: the config cannot be written (exit 6, the cause, no "locked").
export ASTRO_CREDENTIAL_STORE=keychain
fill
run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
check "full disk, token login: exit 6 (config)" rc_is 6
check "  naming config.yaml's path" err_has "$A/config.yaml"
check "  and the cause" err_has "No space left on device"
check "  not 'locked by another process'" no_busy_claim
check "  and the keychain got no secret either (nothing changed)" [ -z "$(secret)" ]
unfill
# With one page free the lock can be created, and writing config.yaml itself fails.
printf 'contexts: {}' >"$A/config.yaml"
# Room for the two lock files (config.yaml's, then the domain's login lock), not for the config.
leave_pages 2
run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
check "two pages free, token login: exit 6 (config)" rc_is 6
check "  naming config.yaml's path" err_has "Cannot write $A/config.yaml"
check "  and the cause" err_has "No space left on device"
check "  and the secret written to the keychain was taken back" [ -z "$(secret)" ]
check "  and config.yaml is intact (a failed flush is not a success)" [ "$(cat "$A/config.yaml")" = "contexts: {}" ]
unfill
rm -f "$A/config.yaml"

# 2. Read-only ~/.astro (EROFS), keychain store.
mount --bind "$A" "$A" && mount -o remount,bind,ro "$A"
run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
check "read-only ~/.astro, token login: exit 6" rc_is 6
check "  naming the path" err_has "$A/config.yaml"
check "  and the cause" err_has "Read-only file system"
check "  not 'locked by another process'" no_busy_claim
umount "$A"

# 3. Read-only ~/.astro, file store: the store cannot delete (logout), exit 5, the
# credentials file's path and the cause.
ASTRO_CREDENTIAL_STORE=file run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
check "(file store login)" rc_is 0
mount --bind "$A" "$A" && mount -o remount,bind,ro "$A"
ASTRO_CREDENTIAL_STORE=file run_astro logout "$DOMAIN"
check "read-only ~/.astro, file store, logout: exit 5" rc_is 5
# (The first write a logout makes is the domain's login lock, next to credentials.json.)
check "  naming the path" err_has "$A/"
check "  and the cause" err_has "Read-only file system"
check "  not 'locked by another process'" no_busy_claim
check "  and never 'Deleted'" bash -c "! grep -q Deleted '$OUT'"
umount "$A"
ASTRO_CREDENTIAL_STORE=file run_astro logout "$DOMAIN"
check "(logout once writable again)" rc_is 0

# 4. Permission denied (EACCES): an unprivileged user whose ASTRO_HOME it cannot write.
# The first thing a login writes is config.yaml's directory: exit 6.
chmod 0711 "$WORK" "$TINY"
mkdir -p "$TINY/forbidden"
chmod 0755 "$TINY/forbidden"
T="$(mint_token one@astro.test)"
setpriv --reuid=65534 --regid=65534 --clear-groups env ASTRO_HOME="$TINY/forbidden" ASTRO_CREDENTIAL_STORE=file \
  "$ASTRO_BIN" login "$DOMAIN" -t "$T" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output
check "EACCES, file store: exit 6" rc_is 6
check "  naming the path" err_has "$TINY/forbidden/.astro"
check "  and the cause" err_has "Permission denied"

# 5. Refresh with a full disk, keychain store: the refresh lock cannot be created. Exit 5,
# the lock's path and the cause, at once (not "refreshing for a minute").
run_astro login "$DOMAIN" --callback-port 0
check "(browser login with a refresh token)" rc_is 0
export ASTRO_CREDENTIAL_STORE=file
run_astro login "$DOMAIN" --callback-port 0
check "(browser login with a refresh token, file store)" rc_is 0
run_astro login "$DOMAIN2" --callback-port 0
check "(browser login with a refresh token, file store, a platform that does not rotate)" rc_is 0
file_entry() { node -e "process.stdout.write(JSON.stringify(JSON.parse(require('fs').readFileSync('$A/credentials.json','utf8')).credentials['$1']))"; }
SECRETS+=("$(stored_field "$(secret)" refresh_token)" "$(stored_field "$(secret)" access_token)")
for d in "$DOMAIN" "$DOMAIN2"; do
  SECRETS+=("$(stored_field "$(file_entry "$d")" refresh_token)" "$(stored_field "$(file_entry "$d")" access_token)")
done
sleep 13 # into the refresh window (the last 12 s of a 24 s token)
fill
start=$(date +%s%N)
ASTRO_CREDENTIAL_STORE=keychain run_astro auth token -d "$DOMAIN"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "refresh on a full disk (keychain): exit 5" rc_is 5
check "  naming the refresh lock" err_has "$A/refresh-"
check "  and the cause" err_has "No space left on device"
check "  not 'another astro process has been refreshing'" no_busy_claim
check "  nothing on stdout" out_empty
check "  no refresh was attempted" [ "$(server_stat refresh_token)" = 0 ]
check "  at once (${ms} ms)" [ "$ms" -lt 5000 ]
unfill

# 6. One page free, file store: the server rotates the refresh token, then the write fails.
# The write is retried, then the loss is said loudly, with the cause.
leave_one_page
# Under strace, to count the attempts to write the credentials (each takes its lock first).
strace -f -qq -e trace=openat -o "$WORK/strace.out" "$ASTRO_BIN" auth token -d "$DOMAIN" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output auth token
check "refresh that cannot be stored (one page free): exit 5" rc_is 5
check "  the server did rotate the refresh token" [ "$(server_stat refresh_token)" = 1 ]
check "  the write was tried 3 times ($(grep -c 'credentials.json.lock".*O_CREAT' "$WORK/strace.out"))" \
  [ "$(grep -c 'credentials.json.lock".*O_CREAT' "$WORK/strace.out")" = 3 ]
check "  says loudly that the login is lost" err_has "the login for $DOMAIN is lost"
check "  and why" err_has "No space left on device"
check "  names the file" err_has "$A/credentials.json"
check "  nothing on stdout" out_empty
check "  credentials.json is intact (the old entry)" bash -c "node -e \"JSON.parse(require('fs').readFileSync('$A/credentials.json','utf8'))\""
unfill

# 7. The same with a platform that does not rotate: the stored login still works, and says so.
leave_one_page
run_astro auth token -d "$DOMAIN2"
check "refresh that cannot be stored, no rotation: exit 5" rc_is 5
check "  says that the stored login still works" err_has "The stored login still works"
check "  and why" err_has "No space left on device"
check "  never that the login is lost" bash -c "! grep -q 'is lost' '$ERR'"
unfill
run_astro auth token -d "$DOMAIN2"
check "  and indeed, once there is space, the stored refresh token refreshes" rc_is 0
check "no temporary files left behind (lock files stay: the kernel releases their locks)" [ "$(find "$A" \( -name '*.json.*' -o -name '*.yaml.*' \) ! -name '*.lock' | wc -l)" = 0 ]
check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
