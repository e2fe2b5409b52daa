#!/usr/bin/env bash
# Builds and tests astro-auth on Qt 6.8 (Debian 13 "trixie": Qt 6.8.2, QtKeychain 0.15)
# inside a debootstrap chroot made from Debian's own packages, next to the Qt 6.4
# (Debian 12) build of scripts/test.sh.
#
# Usage: scripts/qt68-chroot.sh [--setup-only] [ctest args...]
#        scripts/qt68-chroot.sh --exec COMMAND [ARGS...]
#   --setup-only   create (or update) the chroot and its packages, build nothing
#   --exec         run COMMAND in the chroot (in the source tree, mounts set up), e.g.
#                  scripts/qt68-chroot.sh --exec env ASTRO_BIN=build/qt68/src/astro bench/qt68-token.sh
#   ctest args     passed to ctest, e.g. -R 'e2e\.browser' or -L e2e
#
# The chroot lives in build/qt68-chroot (git-ignored) and is made once, then reused.
# The build directory is build/qt68 (the ci preset's settings: RelWithDebInfo, -Werror),
# with its ccache in build/qt68-ccache. Needs root (debootstrap, chroot, mounts).
# Environment: QT68_MIRROR (default: the host's Debian mirror), QT68_CHROOT (default
# build/qt68-chroot), QT68_JOBS (build jobs, default: nproc).
# Ends with "N passed, M failed" (the ctest counts; a failed build counts as 1 failed).
set -uo pipefail
cd "$(dirname "$0")/.."
SRC="$(pwd)"
ROOT="${QT68_CHROOT:-$SRC/build/qt68-chroot}"
SUITE=trixie
SETUP_ONLY=0
EXEC=0
if [ "${1:-}" = "--setup-only" ]; then SETUP_ONLY=1; shift; fi
if [ "${1:-}" = "--exec" ]; then EXEC=1; shift; fi

if [ "$(id -u)" != 0 ]; then
  echo "qt68-chroot: needs root (debootstrap, chroot and bind mounts)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive

# The packages of scripts/install-deps.sh that building and ctest need, by trixie's names.
# Not here: packaging (dpkg-dev file rpm: scripts/package-test.sh), fuzzing
# (libclang-rt-19-dev: scripts/fuzz.sh) and the profiling tools (gh valgrind gdb
# linux-perf libc6-dbg), which only the
# host pipeline runs; npm, because tests/server/node_modules is installed by the host.
PKGS=(
  # build
  cmake ninja-build g++ clang pkg-config clang-format ccache
  qt6-base-dev qt6-base-dev-tools qt6-networkauth-dev qtkeychain-qt6-dev
  libyaml-cpp-dev libqrencode-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  # run time + keychain tests
  libsecret-1-0 libsecret-tools gnome-keyring dbus dbus-x11
  # end-to-end tests
  curl chromium procps util-linux iproute2 xdg-utils nodejs ca-certificates bc
  python3 python3-yaml strace tinyproxy openssl zsh fish
  # the Docker credential helper's tests: the reference helper, a registry, skopeo
  golang-docker-credential-helpers docker-registry skopeo
  # the login window under Xvfb
  xvfb xauth
  # scripts/check-translations.sh
  python3
  # benchmarks (bench/token.sh)
  hyperfine time openssl bsdextrautils
)

now() { date +%s; }
TIMES=()
phase() { # phase NAME START
  local secs=$(($(now) - $2))
  TIMES+=("$1: ${secs} s")
  echo "qt68-chroot: $1 took ${secs} s" >&2
}

# The mirror the host's apt uses (deb822 .sources or one-line sources.list).
host_mirror() {
  local m
  m="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' |
    grep -E '/debian/?$' | head -1)"
  [ -z "$m" ] && m="$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '{print $2}' | grep -E '/debian/?$' | head -1)"
  echo "${m:-http://deb.debian.org/debian}"
}
MIRROR="${QT68_MIRROR:-$(host_mirror)}"

MOUNTS=()
cleanup() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTS[$i]}" 2>/dev/null || umount -l "${MOUNTS[$i]}" 2>/dev/null ||
      echo "qt68-chroot: could not unmount ${MOUNTS[$i]}" >&2
  done
  MOUNTS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bind() { # bind SRC DST [ro]
  mkdir -p "$2"
  mountpoint -q "$2" && return 0 # left over: reuse it (not ours to unmount)
  mount --bind "$1" "$2" || return 1
  MOUNTS+=("$2")
  if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2" || true; fi
}
mount_all() {
  # The chroot's / must be a mount point: `ip netns exec` (tests/e2e/hostile.sh) runs
  # `mount --make-rslave /`, which fails on a plain directory.
  bind "$ROOT" "$ROOT" || return 1
  bind /proc "$ROOT/proc" && bind /sys "$ROOT/sys" ro && bind /dev "$ROOT/dev" &&
    bind /dev/pts "$ROOT/dev/pts" || return 1
  mkdir -p "$ROOT/dev/shm" "$ROOT/run/netns" "$ROOT$SRC"
  if ! mountpoint -q "$ROOT/dev/shm"; then
    mount -t tmpfs -o mode=1777 tmpfs "$ROOT/dev/shm" && MOUNTS+=("$ROOT/dev/shm")
  fi
  if ! mountpoint -q "$ROOT/run"; then
    mount -t tmpfs -o mode=755 tmpfs "$ROOT/run" && MOUNTS+=("$ROOT/run")
  fi
  mkdir -p "$ROOT/run/netns" "$ROOT/run/dbus" "$ROOT/run/lock"
  # The source tree at the same path, so that paths in build/qt68 are the same in and out.
  bind "$SRC" "$ROOT$SRC"
}
in_root() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive \
    CCACHE_DIR="$SRC/build/qt68-ccache" CCACHE_BASEDIR="$SRC" CCACHE_NOHASHDIR=1 "$@"
}

# 1. debootstrap, once (build/qt68-chroot/.debootstrap-done marks a complete one).
if [ ! -e "$ROOT/.debootstrap-done" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null || exit 1
  if [ -d "$ROOT" ]; then
    # A bind mount left by a killed run (the source tree!) is on the same file system:
    # --one-file-system would not stop rm there, so refuse instead.
    if awk -v r="$ROOT" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
      echo "qt68-chroot: $ROOT is unfinished and has mounts under it; unmount them first" >&2
      exit 1
    fi
    echo "qt68-chroot: removing an unfinished chroot in $ROOT" >&2
    rm -rf --one-file-system "$ROOT"
  fi
  mkdir -p "$ROOT"
  echo "qt68-chroot: debootstrap $SUITE from $MIRROR into $ROOT" >&2
  t=$(now)
  if ! debootstrap --variant=minbase --components=main "$SUITE" "$ROOT" "$MIRROR" >"$SRC/build/qt68-debootstrap.log" 2>&1; then
    tail -20 "$SRC/build/qt68-debootstrap.log" >&2
    echo "qt68-chroot: debootstrap failed (log: build/qt68-debootstrap.log)" >&2
    exit 1
  fi
  touch "$ROOT/.debootstrap-done"
  phase debootstrap "$t"
fi

# The host's network settings: DNS, extra CAs (a TLS-inspecting egress), apt proxy.
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
cp -L /etc/hosts "$ROOT/etc/hosts" 2>/dev/null || true
if [ -d /usr/local/share/ca-certificates ]; then
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  cp -a /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
fi
for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && grep -qiE 'proxy|Check-Valid-Until|Check-Date' "$f" && cp "$f" "$ROOT/etc/apt/apt.conf.d/"
done
# No daemons started by package scripts inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d" && chmod +x "$ROOT/usr/sbin/policy-rc.d"
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$ROOT/etc/apt/apt.conf.d/90qt68-no-recommends"

mount_all || { echo "qt68-chroot: mounting failed" >&2; exit 1; }

# 2. The packages (again only when the list changed).
want="$(printf '%s\n' "${PKGS[@]}" | grep -v '^#' | sort | sha256sum | cut -c1-16)"
if [ "$(cat "$ROOT/.packages-done" 2>/dev/null)" != "$want" ]; then
  t=$(now)
  echo "qt68-chroot: installing ${#PKGS[@]} packages" >&2
  {
    in_root apt-get update -qq &&
      in_root apt-get install -y -qq "${PKGS[@]}" &&
      in_root update-ca-certificates --fresh &&
      in_root apt-get clean
  } >"$SRC/build/qt68-packages.log" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -30 "$SRC/build/qt68-packages.log" >&2
    echo "qt68-chroot: package install failed (log: build/qt68-packages.log)" >&2
    exit 1
  fi
  echo "$want" >"$ROOT/.packages-done"
  phase "package install" "$t"
fi
in_root sh -c 'echo "qt68-chroot: $(. /etc/os-release; echo "$PRETTY_NAME"), Qt $(dpkg-query -W -f="\${Version}" libqt6core6t64), QtKeychain $(dpkg-query -W -f="\${Version}" libqt6keychain1), $(g++ --version | head -1), node $(node --version)"' >&2

# The test platform's npm packages come from the host (scripts/install-deps.sh runs npm ci).
if [ ! -d "$SRC/tests/server/node_modules" ]; then
  if command -v npm >/dev/null; then
    (cd "$SRC/tests/server" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
  else
    echo "qt68-chroot: tests/server/node_modules is missing: run scripts/install-deps.sh on the host" >&2
    exit 1
  fi
fi

if [ "$SETUP_ONLY" = 1 ]; then
  [ "${#TIMES[@]}" -gt 0 ] && printf 'qt68-chroot: %s\n' "${TIMES[@]}" >&2
  exit 0
fi

if [ "$EXEC" = 1 ]; then
  in_root sh -c 'cd "$0" && exec "$@"' "$SRC" "$@"
  exit $?
fi

# 3. Configure and build with the ci preset's settings into build/qt68.
t=$(now)
build_ok=1
if ! in_root sh -c "cd '$SRC' && cmake --preset ci -B build/qt68 -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null &&
     nice cmake --build build/qt68 -j ${QT68_JOBS:-$(nproc)}"; then
  build_ok=0
fi
phase build "$t"

# 4. ctest (unit + e2e), with the ci test preset's output settings.
pass=0
fail=0
if [ "$build_ok" = 1 ]; then
  t=$(now)
  log="$SRC/build/qt68/ctest.log"
  in_root sh -c "cd '$SRC/build/qt68' && ctest --output-on-failure --timeout 600 $(printf "'%s' " "$@")" 2>&1 | tee "$log"
  phase tests "$t"
  summary="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)"
  if [ -n "$summary" ]; then
    fail="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")"
    all="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")"
    pass=$((all - fail))
  else
    fail=1
  fi
else
  echo "qt68-chroot: build failed" >&2
  fail=1
fi
[ "${#TIMES[@]}" -gt 0 ] && printf 'qt68-chroot: %s\n' "${TIMES[@]}"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
