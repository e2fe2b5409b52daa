#!/usr/bin/env bash
# Builds the release packages and tests them the way a user gets them, on Debian 12, as root:
#   1. configures and builds the release configuration (no tests) in build/pkg, runs cpack for
#      DEB and TGZ (and RPM where rpmbuild is installed);
#   2. installs the .deb with apt-get (so its dependencies resolve), runs the INSTALLED /usr/bin/astro
#      (version, a token login against the bundled local server, auth token), checks the man page,
#      completions, desktop entry and icon are installed, then removes the package;
#   3. extracts the TGZ into a temporary prefix and runs the same checks with that binary.
# Prints one "ok - ..."/"FAIL - ..." line per check and "N passed, M failed"; exits non-zero on any
# failure. Token values are never printed.
#
# Usage: scripts/package-test.sh [--no-build]    (--no-build: package what build/pkg already holds)
#        ASTRO_PKG_JOBS=1 scripts/package-test.sh   (build jobs; default: the number of cores)
# Needs: root (apt-get install/remove of astro-auth; an existing astro-auth is removed first),
#        scripts/install-deps.sh (run here), dpkg-dev and file (installed here when missing).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT="$PWD"
BUILD="$ROOT/build/pkg"
BUILD_IT=1
[ "${1:-}" = "--no-build" ] && BUILD_IT=0
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=600 -q)

PASSED=0
FAILED=0
TOKEN=""
WORK="$(mktemp -d /tmp/astro-pkg.XXXXXX)"
SERVER_PID=""
DEB_INSTALLED=0

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  # A failed run must not leave the package behind.
  if [ "$DEB_INSTALLED" = 1 ]; then "${APT[@]}" remove -y astro-auth >/dev/null 2>&1; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Anything this script shows from astro's or a tool's output goes through redact.
redact() {
  local text
  text="$(cat)"
  [ -n "$TOKEN" ] && text="${text//"$TOKEN"/<redacted>}"
  printf '%s\n' "$text"
}
ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() {
  FAILED=$((FAILED + 1))
  echo "FAIL - $1"
  shift
  local f
  for f in "$@"; do [ -s "$f" ] && head -c 2000 "$f" | redact | sed 's/^/       /'; done
}
check() { # check NAME COMMAND...   (COMMAND's output is hidden)
  local name="$1"
  shift
  if "$@" >"$WORK/check.out" 2>&1; then ok "$name"; else fail "$name" "$WORK/check.out"; fi
}
finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit $?
}
die() { # a step the rest depends on failed
  fail "$@"
  finish
}

if [ "$(id -u)" != 0 ]; then
  echo "package-test: run as root (it installs and removes the astro-auth package with apt-get)" >&2
  exit 2
fi

# --- 1. build the packages ------------------------------------------------------------------------
scripts/install-deps.sh || die "install the build and test dependencies (scripts/install-deps.sh)"
need=()
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
command -v file >/dev/null || need+=(file)
if [ "${#need[@]}" -gt 0 ]; then
  "${APT[@]}" install -y --no-install-recommends "${need[@]}" >"$WORK/apt.log" 2>&1 ||
    die "install ${need[*]} (cpack's DEB generator runs dpkg-shlibdeps)" "$WORK/apt.log"
fi

if [ "$BUILD_IT" = 1 ]; then
  if cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASTRO_BUILD_TESTS=OFF >"$WORK/configure.log" 2>&1 &&
    cmake --build "$BUILD" -j "${ASTRO_PKG_JOBS:-$(nproc)}" >"$WORK/build.log" 2>&1; then
    ok "release build (build/pkg, ASTRO_BUILD_TESTS=OFF)"
  else
    die "release build (build/pkg)" "$WORK/configure.log" "$WORK/build.log"
  fi
fi
VERSION="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")"
[ -n "$VERSION" ] || die "project version in build/pkg/CMakeCache.txt"

generators=(DEB TGZ)
if command -v rpmbuild >/dev/null; then generators+=(RPM); else echo "# rpmbuild not installed: no RPM (apt-get install rpm)"; fi
rm -rf "$BUILD"/astro-auth[-_]*.{deb,tar.gz,rpm,sha256} "$BUILD/_CPack_Packages"
for g in "${generators[@]}"; do
  if (cd "$BUILD" && cpack -G "$g") >"$WORK/cpack-$g.log" 2>&1; then ok "cpack -G $g"; else fail "cpack -G $g" "$WORK/cpack-$g.log"; fi
done
DEB="$(ls "$BUILD"/astro-auth_"$VERSION"_*.deb 2>/dev/null | head -1)"
TGZ="$(ls "$BUILD"/astro-auth-"$VERSION"-*.tar.gz 2>/dev/null | head -1)"
RPM="$(ls "$BUILD"/astro-auth-"$VERSION"-*.rpm 2>/dev/null | head -1)"
[ -n "$DEB" ] || die "the .deb was built"
[ -n "$TGZ" ] || die "the .tar.gz was built"

# --- package metadata -----------------------------------------------------------------------------
dpkg-deb -f "$DEB" Package Version Architecture Depends Recommends Suggests >"$WORK/control" 2>&1
sed 's/^/# /' "$WORK/control"
depends="$(dpkg-deb -f "$DEB" Depends)"
recommends="$(dpkg-deb -f "$DEB" Recommends)"
has_dep() { grep -qE "(^|, )$2( |,|$)" <<<"$1"; }
check "DEB version is $VERSION" test "$(dpkg-deb -f "$DEB" Version)" = "$VERSION"
check "DEB Depends: the linked libraries (dpkg-shlibdeps)" \
  bash -c 'for p in libqt6core6 libqt6network6 libqt6networkauth6 libqt6keychain1 libyaml-cpp0.7 libc6; do grep -qE "(^|, )$p( |,|$)" <<<"$1" || { echo "missing $p in: $1"; exit 1; }; done' _ "$depends"
check "DEB Depends: libsecret-1-0 (dlopened by QtKeychain)" has_dep "$depends" libsecret-1-0
check "DEB Recommends: a Secret Service, xdg-utils" \
  bash -c 'grep -q "gnome-keyring" <<<"$1" && grep -qE "(^|, )xdg-utils" <<<"$1" || { echo "Recommends: $1"; exit 1; }' _ "$recommends"
if [ -n "$RPM" ]; then
  check "RPM lists /usr/bin/astro and the man page" \
    bash -c 'l="$(rpm -qpl "$1")" && grep -qx /usr/bin/astro <<<"$l" && grep -q "^/usr/share/man/man1/astro.1" <<<"$l"' _ "$RPM"
  check "RPM requires libsecret and the Qt libraries" \
    bash -c 'r="$(rpm -qp --requires "$1")" && grep -qx libsecret <<<"$r" && grep -q "libQt6Network.so.6" <<<"$r"' _ "$RPM"
fi

# --- the bundled local Astro-like server, and a token ---------------------------------------------
node tests/server/server.js --port 0 --port-file "$WORK/server.url" --log-file "$WORK/server.log" \
  >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do [ -s "$WORK/server.url" ] && break; sleep 0.05; done
[ -s "$WORK/server.url" ] || die "start the local server (tests/server)" "$WORK/server.out"
URL="$(cat "$WORK/server.url")"
DOMAIN="${URL#http://}"
TOKEN="$(curl -fsS -X POST -H 'content-type: application/json' -d '{"email":"one@astro.test","ttl":3600}' \
  "$URL/__test/token" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).access_token||""))')"
[ -n "$TOKEN" ] || die "mint a token at $URL/__test/token"

# The same checks for any astro binary: version, token login from stdin, auth token gives it back.
unset ASTRO_DOMAIN ASTRO_API_TOKEN ASTRO_CREDENTIAL_STORE ASTRO_HOME DISPLAY WAYLAND_DISPLAY BROWSER
run_checks() { # run_checks LABEL ASTRO-BINARY
  local label="$1" astro="$2" home
  home="$(mktemp -d "$WORK/home.XXXXXX")"
  if "$astro" version >"$WORK/out" 2>"$WORK/err" </dev/null && [ "$(cat "$WORK/out")" = "astro-auth $VERSION" ]; then
    ok "$label: astro version prints astro-auth $VERSION"
  else
    fail "$label: astro version prints astro-auth $VERSION" "$WORK/out" "$WORK/err"
  fi
  printf %s "$TOKEN" | ASTRO_HOME="$home" ASTRO_CREDENTIAL_STORE=file "$astro" login "$DOMAIN" --token-login - \
    >"$WORK/out" 2>"$WORK/err"
  local rc=$?
  if [ "$rc" = 0 ] && ! grep -qF -- "$TOKEN" "$WORK/out" "$WORK/err"; then
    ok "$label: astro login $DOMAIN --token-login - (file store)"
  else
    echo "       exit code $rc" >"$WORK/rc"
    fail "$label: astro login $DOMAIN --token-login - (file store)" "$WORK/rc" "$WORK/out" "$WORK/err"
  fi
  ASTRO_HOME="$home" ASTRO_CREDENTIAL_STORE=file "$astro" auth token >"$WORK/out" 2>"$WORK/err" </dev/null
  rc=$?
  if [ "$rc" = 0 ] && [ "$(cat "$WORK/out")" = "$TOKEN" ]; then
    ok "$label: astro auth token prints the token that was logged in"
  else
    echo "       exit code $rc; stdout $(wc -c <"$WORK/out") bytes, not the token" >"$WORK/rc"
    fail "$label: astro auth token prints the token that was logged in" "$WORK/rc" "$WORK/err"
  fi
  : >"$WORK/out"
  check "$label: credentials file is private (0600)" test "$(stat -c %a "$home/.astro/credentials.json" 2>/dev/null)" = 600
}

# --- 2. the .deb, installed with apt --------------------------------------------------------------
if dpkg-query -W -f='${Status}' astro-auth 2>/dev/null | grep -q "install ok installed"; then
  "${APT[@]}" remove -y astro-auth >"$WORK/apt.log" 2>&1
fi
if (cd "$BUILD" && "${APT[@]}" install -y ./astro-auth_*.deb) >"$WORK/apt.log" 2>&1; then
  DEB_INSTALLED=1
  ok "apt-get install -y ./$(basename "$DEB") (dependencies resolved)"
else
  die "apt-get install -y ./$(basename "$DEB")" "$WORK/apt.log"
fi
check "deb: /usr/bin/astro is the packaged binary" bash -c 'dpkg -S /usr/bin/astro | grep -q "^astro-auth:"'
check "deb: every library of /usr/bin/astro resolves" bash -c '! ldd /usr/bin/astro | grep -q "not found"'
check "deb: installs /usr/libexec/astro-auth/astro-network (for login, logout and refresh)" \
  bash -c 'dpkg -S /usr/libexec/astro-auth/astro-network | grep -q "^astro-auth:"'
check "deb: every library of astro-network resolves" \
  bash -c '! ldd /usr/libexec/astro-auth/astro-network | grep -q "not found"'
check "deb: installs /usr/bin/docker-credential-astro (on PATH, where Docker looks)" \
  bash -c 'dpkg -S /usr/bin/docker-credential-astro | grep -q "^astro-auth:"'
run_checks deb /usr/bin/astro

dpkg -L astro-auth >"$WORK/deb.files"
for f in /usr/bin/astro \
  /usr/share/man/man1/astro.1.gz \
  /usr/share/bash-completion/completions/astro \
  /usr/share/zsh/site-functions/_astro \
  /usr/share/fish/vendor_completions.d/astro.fish \
  /usr/share/astro-auth/astro.ps1 \
  /usr/share/applications/io.astronomer.astro-auth.desktop \
  /usr/share/icons/hicolor/scalable/apps/io.astronomer.astro-auth.svg; do
  check "deb: installs $f" bash -c 'grep -qxF "$1" "$2" && test -s "$1"' _ "$f" "$WORK/deb.files"
done
if [ -x "$BUILD/src/astro-gui" ]; then
  check "deb: installs /usr/bin/astro-gui (the desktop entry's login window)" grep -qxF /usr/bin/astro-gui "$WORK/deb.files"
  check "deb: astro-gui starts (--help, offscreen)" env QT_QPA_PLATFORM=offscreen /usr/bin/astro-gui --help
fi
if command -v man >/dev/null; then
  check "deb: man astro finds the page" \
    bash -c '[ "$(man -w astro)" = /usr/share/man/man1/astro.1.gz ] && man astro 2>/dev/null | grep -q "EXIT STATUS"'
fi
check "deb: bash completion script loads" bash -c 'source /usr/share/bash-completion/completions/astro && complete -p astro'
check "deb: desktop entry runs astro auth login --gui" \
  grep -qx 'Exec=astro auth login --gui' /usr/share/applications/io.astronomer.astro-auth.desktop
if command -v desktop-file-validate >/dev/null; then
  check "deb: desktop entry is valid (desktop-file-validate)" \
    desktop-file-validate --no-hints /usr/share/applications/io.astronomer.astro-auth.desktop
fi
if "${APT[@]}" remove -y astro-auth >"$WORK/apt.log" 2>&1 && [ ! -e /usr/bin/astro ]; then
  DEB_INSTALLED=0
  ok "apt-get remove -y astro-auth"
else
  fail "apt-get remove -y astro-auth" "$WORK/apt.log"
fi

# --- 3. the TGZ, extracted into a temporary prefix ------------------------------------------------
mkdir -p "$WORK/tgz"
if tar -xzf "$TGZ" -C "$WORK/tgz"; then ok "extract $(basename "$TGZ")"; else die "extract $(basename "$TGZ")"; fi
PREFIX="$(find "$WORK/tgz" -mindepth 1 -maxdepth 1 -type d | head -1)"
# The same layout as the .deb under /usr.
(cd "$PREFIX" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) >"$WORK/tgz.layout"
dpkg-deb --fsys-tarfile "$DEB" | tar -t | grep -v '/$' | sed 's|^\./usr/||' | sort >"$WORK/deb.layout"
check "tgz: the same files as the .deb has under /usr" diff "$WORK/deb.layout" "$WORK/tgz.layout"
run_checks tgz "$PREFIX/bin/astro"

finish
