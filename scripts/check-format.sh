#!/usr/bin/env bash
# Fails when clang-format (.clang-format) would change any C++ file.
set -uo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h')
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -eq 0 ]; then
  echo "ok - clang-format changes nothing (${#files[@]} files)"
  echo "1 passed, 0 failed"
else
  echo "FAIL - clang-format would change: ${bad[*]} (run: clang-format -i FILE)"
  echo "0 passed, 1 failed"
  exit 1
fi
