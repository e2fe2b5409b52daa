#!/usr/bin/env bash
# Issue 9 §2: the user's own files and process. A config.yaml that is not a regular file,
# HOME unset, an existing ~/.astro that others can read, and core dumps. Needs root (a
# private mount namespace for a fake password database, and an unprivileged user).
if [ "$(id -u)" != 0 ]; then echo "skipped: needs root (mount namespaces, another user)"; exit 77; fi
if [ -z "${ASTRO_IN_NAMESPACE:-}" ]; then
  exec unshare -m --propagation private env ASTRO_IN_NAMESPACE=1 bash "$0" "$@"
fi
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
CFG="$ASTRO_HOME/.astro/config.yaml"
mkdir -p "$ASTRO_HOME/.astro"

# 1. config.yaml is not a regular file: refused at once (exit 6), never read forever.
ln -s /dev/zero "$CFG"
timeout 20 "$ASTRO_BIN" auth status >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "config.yaml -> /dev/zero: exit 6, no hang" rc_is 6
check "  the message names the file and says why" err_has "$CFG is not a regular file"
rm -f "$CFG"
mkfifo "$CFG"
timeout 20 "$ASTRO_BIN" auth status >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "config.yaml is a FIFO: exit 6, no hang" rc_is 6
check "  the message names the file and says why" err_has "$CFG is not a regular file"
timeout 20 "$ASTRO_BIN" login "$DOMAIN" -t "$(mint_token one@astro.test)" >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "a login does not replace the FIFO either (exit 6)" rc_is 6
check "  and the FIFO is still there" [ -p "$CFG" ]
rm -f "$CFG"

# 2. HOME unset: the account's home directory from the password database, never /.astro.
PWHOME="$WORK/pwhome"
mkdir -p "$PWHOME"
sed "s|^root:\([^:]*\):0:0:\([^:]*\):[^:]*:|root:\1:0:0:\2:$PWHOME:|" /etc/passwd >"$WORK/passwd"
had_root_astro=0; [ -e /.astro ] && had_root_astro=1
mount --bind "$WORK/passwd" /etc/passwd
T1="$(mint_token one@astro.test)"
env -u HOME -u ASTRO_HOME "$ASTRO_BIN" login "$DOMAIN" -t "$T1" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output
check "HOME unset: the login succeeds" rc_is 0
check "  config.yaml is in the account's home directory" [ -f "$PWHOME/.astro/config.yaml" ]
check "  and not in /.astro" [ "$had_root_astro" = 1 -o ! -e /.astro ]
env -u HOME -u ASTRO_HOME "$ASTRO_BIN" auth token >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "  auth token finds the same login" out_is "$T1"
sed "s|^root:\([^:]*\):0:0:\([^:]*\):[^:]*:|root:\1:0:0:\2::|" /etc/passwd >"$WORK/passwd.nohome"
mount --bind "$WORK/passwd.nohome" /etc/passwd
env -u HOME -u ASTRO_HOME "$ASTRO_BIN" login "$DOMAIN" -t "$T1" >"$OUT" 2>"$ERR" </dev/null
RC=$?
record_output
check "HOME unset and no home in the password database: exit 2" rc_is 2
check "  with a clear message" err_has "Set HOME or ASTRO_HOME"
check "  and nothing written to /.astro" [ "$had_root_astro" = 1 -o ! -e /.astro ]
umount /etc/passwd; umount /etc/passwd
[ "$had_root_astro" = 0 ] && rm -rf /.astro

# 3. An existing ~/.astro that others can read is made private (0700) when a secret is
# written there.
rm -rf "$ASTRO_HOME/.astro"
mkdir -m 0755 "$ASTRO_HOME/.astro"
run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
check "a login into an existing 0755 ~/.astro succeeds" rc_is 0
check "  and leaves it 0700 ($(stat -c %a "$ASTRO_HOME/.astro"))" [ "$(stat -c %a "$ASTRO_HOME/.astro")" = 700 ]
chmod 0755 "$ASTRO_HOME/.astro"
run_astro context switch "$DOMAIN"
check "  (writing only config.yaml tightens it too: $(stat -c %a "$ASTRO_HOME/.astro"))" [ "$(stat -c %a "$ASTRO_HOME/.astro")" = 700 ]

# 4. No core dumps: a running astro (waiting for its token on stdin) is not dumpable and
# has a core size limit of 0. Run as nobody: /proc/PID of a non-dumpable process belongs to root.
chmod 0711 "$WORK"
NOBODY_HOME="$WORK/nobody"
mkdir -m 0777 "$NOBODY_HOME"
mkfifo "$WORK/stdin"
setpriv --reuid=65534 --regid=65534 --clear-groups env ASTRO_HOME="$NOBODY_HOME" \
  "$ASTRO_BIN" login "$DOMAIN" --token-login - <"$WORK/stdin" >"$OUT" 2>"$ERR" &
pid=$!
exec 8>"$WORK/stdin"
for _ in $(seq 1 100); do
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$ASTRO_BIN")" ] && break
  sleep 0.05
done
# Past start-up: astro hands the login to astro-network (execve makes a process dumpable again,
# until astro-network's start makes it not dumpable): wait for that, then look.
for _ in $(seq 1 200); do
  case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in */astro-network) [ "$(stat -c %u "/proc/$pid/status")" = 0 ] && break ;; esac
  sleep 0.05
done
owner="$(stat -c %u "/proc/$pid/status")"
core="$(awk '/^Max core file size/ {print $5 " " $6}' "/proc/$pid/limits")"
exec 8>&-
wait "$pid"
check "a running astro is not dumpable (its /proc entry belongs to root, not to uid 65534: $owner)" [ "$owner" = 0 ]
check "  and its core file size limit is 0 ($core)" [ "$core" = "0 0" ]
check "no secret in any output of astro" assert_no_secret_in "$WORK/all-output"
finish
