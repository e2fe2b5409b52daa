#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset "fuzz": clang++, ASan+UBSan) and fuzzes each one
# for a while. See docs/fuzzing.md.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET (default 30)] [TARGET...]
#
# Each target first replays its known crashing inputs (tests/fuzz/crashes/<target>/, if any),
# then fuzzes a temporary copy of its seed corpus (tests/fuzz/corpus/<target>/), so the
# repository's corpus never grows. A target passes when it ran for the whole time without a
# crash, a sanitizer report, a leak, a timeout (-timeout=10) or running out of memory
# (-rss_limit_mb=2048). Crashing inputs and logs go to build/fuzz/artifacts/.
# The last line is "N passed, M failed"; the exit status is 1 when any target failed.
#
# Environment: FUZZ_JOBS (build parallelism, default 2), ASAN_OPTIONS, UBSAN_OPTIONS.
set -euo pipefail

secs="${1:-30}"
if ! [[ "$secs" =~ ^[0-9]+$ ]] || [ "$secs" -lt 1 ]; then
  echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
shift || true

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
all_targets=(fuzz_request_head fuzz_paste fuzz_jwt fuzz_token_response fuzz_config_yaml fuzz_credentials_json fuzz_display_text fuzz_houston_answer)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

build="$here/build/fuzz"
artifacts="$build/artifacts"
mkdir -p "$artifacts"

echo "fuzz: configuring and building (preset fuzz)..." >&2
if ! cmake --preset fuzz >"$artifacts/configure.log" 2>&1; then
  tail -n 30 "$artifacts/configure.log" >&2
  echo "fuzz: configure failed (log: $artifacts/configure.log)" >&2
  exit 1
fi
if ! cmake --build --preset fuzz -j "${FUZZ_JOBS:-2}" >"$artifacts/build.log" 2>&1; then
  grep -E "error|Error" "$artifacts/build.log" | head -n 30 >&2 || tail -n 30 "$artifacts/build.log" >&2
  echo "fuzz: build failed (log: $artifacts/build.log)" >&2
  exit 1
fi

# Leak detection stays on: Qt's global statics are still reachable at exit and are not
# reported (docs/fuzzing.md). UBSan reports are fatal (-fno-sanitize-recover=undefined).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

work="$(mktemp -d "${TMPDIR:-/tmp}/astro-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Why a run failed, in one line, from libFuzzer's / the sanitizer's log.
reason() {
  local log="$1" summary extra
  summary="$(grep -m1 '^SUMMARY: ' "$log" | sed -e 's/^SUMMARY: //' -e 's/ in $//' || true)"
  extra="$(grep -m1 -E "^terminate called|runtime error:" "$log" | sed -e "s|$here/||g" || true)"
  if [ -z "$summary" ]; then
    summary="$(grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)' "$log" | sed 's/^==[0-9]*== *//' || true)"
  fi
  summary="${summary//$here\//}"
  [ -n "$summary" ] || summary="exit status $2"
  if [ -n "$extra" ]; then echo "$summary ($extra)"; else echo "$summary"; fi
}

passed=0
failed=0
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/$t"
  if [ ! -x "$bin" ] || [ ! -d "tests/fuzz/corpus/$t" ]; then
    printf 'FAIL %-22s no such target (expected %s and tests/fuzz/corpus/%s/)\n' "$t" "$bin" "$t"
    failed=$((failed + 1))
    continue
  fi
  log="$artifacts/$t.log"
  opts=(-rss_limit_mb=2048 -timeout=10 -artifact_prefix="$artifacts/$t-")

  # 1. Known crashes stay fixed.
  known=()
  if [ -d "tests/fuzz/crashes/$t" ]; then
    while IFS= read -r -d '' f; do known+=("$f"); done < <(find "tests/fuzz/crashes/$t" -type f -print0 | sort -z)
  fi
  if [ "${#known[@]}" -gt 0 ]; then
    rc=0
    "$bin" "${opts[@]}" "${known[@]}" >"$log" 2>&1 || rc=$?
    if [ "$rc" != 0 ]; then
      printf 'FAIL %-22s a known crash in tests/fuzz/crashes/%s/ still reproduces: %s (log: %s)\n' \
        "$t" "$t" "$(reason "$log" "$rc")" "${log#"$here"/}"
      failed=$((failed + 1))
      continue
    fi
  fi

  # 2. Fuzz a throw-away copy of the seeds.
  corpus="$work/$t"
  mkdir -p "$corpus"
  cp -R "tests/fuzz/corpus/$t/." "$corpus/"
  seeds="$(find "$corpus" -type f | wc -l)"
  rc=0
  timeout --kill-after=10 "$((secs + 120))" \
    "$bin" "${opts[@]}" -max_total_time="$secs" -print_final_stats=1 "$corpus" >"$log" 2>&1 || rc=$?
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
  cov="$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) .*/cov: \1 ft: \2/p' <<<"$last")"
  if [ "$rc" = 0 ] && grep -q '^Done [0-9]* runs' "$log"; then
    printf 'PASS %-22s %ss, %s execs, %s exec/s, %s, corpus %s -> %s\n' "$t" "$secs" "${execs:-?}" "${rate:-?}" \
      "${cov:-cov: ?}" "$seeds" "$(find "$corpus" -type f | wc -l)"
    passed=$((passed + 1))
  else
    input="$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)"
    { [ "$rc" = 124 ] || [ "$rc" = 137 ]; } && input="(killed after $((secs + 120))s of wall time)"
    printf 'FAIL %-22s %s; input: %s (log: %s)\n' "$t" "$(reason "$log" "$rc")" "${input:-none}" "${log#"$here"/}"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
