#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what it needs, builds
# with warnings as errors, runs every test (unit + end to end against the bundled server
# and a real Secret Service), then the same suite again under ASan+UBSan.
# the fuzzers for a short fixed time each (libFuzzer, clang, ASan+UBSan), and the
# packages (DEB, TGZ, RPM built, installed and run: scripts/package-test.sh).
# Usage: scripts/test.sh            (full: ci preset, asan preset, 20 s per fuzz target, packages,
#                                    Qt 6.8 in a Debian 13 chroot: scripts/qt68-chroot.sh)
#        scripts/test.sh --quick    (ci preset only)
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1

presets=(ci asan)
[ "${1:-}" = "--quick" ] && presets=(ci)

total_pass=0
total_fail=0
status=0

# Runs a check script that ends with "N passed, M failed" and adds its counts.
run_check() {
  local title="$1" log
  shift
  echo "=== $title ==="
  log="$(mktemp)"
  "$@" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -ne 0 ] && status=1
  local line
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)"
  rm -f "$log"
  if [ -z "$line" ]; then
    total_fail=$((total_fail + 1)); status=1
  else
    total_pass=$((total_pass + ${line%% passed*}))
    local f="${line#*passed, }"
    total_fail=$((total_fail + ${f%% failed*}))
  fi
}

run_check "format: clang-format changes nothing" scripts/check-format.sh
run_check "translations: .ts files up to date and fully translated" scripts/check-translations.sh
for preset in "${presets[@]}"; do
  echo "=== $preset: configure and build ==="
  if ! cmake --preset "$preset" >/dev/null || ! cmake --build --preset "$preset"; then
    echo "=== $preset: build failed ==="
    status=1
    total_fail=$((total_fail + 1))
    continue
  fi
  echo "=== $preset: test ==="
  log="build/$preset/ctest.log"
  ctest --preset "$preset" --timeout 600 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  [ "$rc" -ne 0 ] && status=1
  summary="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)"
  failed="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")"
  all="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")"
  if [ -z "$summary" ]; then failed=1; all=1; status=1; fi
  # A test that skipped itself (exit 77, e.g. without root) did not pass: it counts as failed.
  skipped="$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*\*\*\*Skipped' "$log")"
  [ "$skipped" -gt 0 ] && status=1
  total_pass=$((total_pass + all - failed - skipped))
  total_fail=$((total_fail + failed + skipped))
done
if [ "${1:-}" != "--quick" ]; then
  run_check "fuzz: ${ASTRO_FUZZ_SECONDS:-20} s per target" scripts/fuzz.sh "${ASTRO_FUZZ_SECONDS:-20}"
  run_check "packages: DEB/TGZ/RPM build, install and run" scripts/package-test.sh
  # Qt 6.8 (Debian 13, QtKeychain 0.15): the same build (-Werror) and suite in a debootstrap chroot.
  run_check "Qt 6.8: build (-Werror) and the whole suite in a Debian 13 chroot" scripts/qt68-chroot.sh
fi
echo "$total_pass passed, $total_fail failed"
exit $status
