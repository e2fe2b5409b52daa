#!/usr/bin/env bash
# Runs "$@" inside a private D-Bus session that has a real, unlocked Secret Service
# (gnome-keyring-daemon), with a throwaway HOME so no real keyring is touched.
# Used by the test command and by the demo; DISPLAY is unset so nothing can prompt.
set -euo pipefail
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec dbus-run-session -- env ASTRO_KEYRING_SESSION=1 "$0" "$@"
fi
unset DISPLAY WAYLAND_DISPLAY
KEYRING_HOME="$(mktemp -d /tmp/astro-keyring.XXXXXX)"
export XDG_DATA_HOME="$KEYRING_HOME/data" XDG_RUNTIME_DIR="$KEYRING_HOME/run" XDG_CONFIG_HOME="$KEYRING_HOME/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
# A non-empty password: an empty one fails when headless. Run in the foreground (as our
# child) so that it can be stopped, and keep its output off our caller's pipes.
printf 'throwaway-test-password' | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$KEYRING_HOME/daemon.out" 2>"$KEYRING_HOME/daemon.err" &
KEYRING_PID=$!
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.05
done
if ! dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
     org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
  echo "with-keyring: gnome-keyring-daemon did not provide org.freedesktop.secrets:" >&2
  cat "$KEYRING_HOME/daemon.err" >&2
  exit 1
fi
# For fault-injection tests: the daemon to stop or kill, and how to start another.
export ASTRO_TEST_KEYRING_PID="$KEYRING_PID" ASTRO_TEST_KEYRING_PASSWORD='throwaway-test-password'
cleanup() {
  kill "$KEYRING_PID" 2>/dev/null || true
  wait "$KEYRING_PID" 2>/dev/null || true
  rm -rf "$KEYRING_HOME"
}
trap cleanup EXIT
"$@"
