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
# A non-empty password: an empty one fails when headless.
eval "$(printf 'throwaway-test-password' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.05
done
cleanup() { pkill -P $$ gnome-keyring-d 2>/dev/null || true; kill "${GNOME_KEYRING_PID:-0}" 2>/dev/null || true; rm -rf "$KEYRING_HOME"; }
trap cleanup EXIT
"$@"
