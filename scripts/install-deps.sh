#!/usr/bin/env bash
# Installs everything astro-auth needs to build, run the demo and run the tests
# on Debian 12. Idempotent; safe to run again. Needs root (or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

PKGS=(
  # build
  cmake ninja-build g++ clang pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools qt6-networkauth-dev qtkeychain-qt6-dev
  libyaml-cpp-dev libqrencode-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  # run time + keychain tests
  libsecret-1-0 libsecret-tools gnome-keyring dbus dbus-x11
  # end-to-end tests
  curl chromium procps util-linux iproute2 xdg-utils python3-yaml strace
  # shell completion tests in the shells themselves (tests/e2e/context_completion.sh)
  zsh fish
  # corporate network tests (tests/e2e/proxy_tls.sh): a real forward proxy, a CA made with openssl
  tinyproxy openssl ca-certificates bc
  # the Docker credential helper (tests/e2e/docker_credential.sh, docker_registry.sh): the reference
  # helper, a real registry and a real client that reads credHelpers
  golang-docker-credential-helpers docker-registry skopeo
  # the Qt 6.8 (Debian 13) build and suite in a chroot (scripts/qt68-chroot.sh)
  debootstrap
  # the login window under Xvfb
  xvfb xauth
  # packages (scripts/package-test.sh)
  dpkg-dev file rpm
  # scripts/check-translations.sh
  python3
  # benchmarks
  hyperfine time gh golang-docker-credential-helpers valgrind gdb linux-perf libc6-dbg openssl bsdextrautils
  # fuzzing (scripts/fuzz.sh): libclang_rt.fuzzer for clang++ -fsanitize=fuzzer
  libclang-rt-14-dev
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The bundled Astro-like test platform (oidc-provider), pinned by package-lock.json.
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$here/tests/server/node_modules" ] || [ "$here/tests/server/package-lock.json" -nt "$here/tests/server/node_modules" ]; then
  (cd "$here/tests/server" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$here/tests/server/node_modules"
fi
