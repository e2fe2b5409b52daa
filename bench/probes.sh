#!/usr/bin/env bash
# What `astro auth token` could cost: small probe programs (bench/probes/*.cpp, built with
# g++ into build/bench/probes) against astro and secret-tool, in one hyperfine invocation,
# inside tests/support/with-keyring.sh. Writes bench/results/probes.{json,md} and
# bench/results/probes-summary.txt (with the peak RSS, median of RSS_RUNS).
#   empty-*       main() only (QCoreApplication where Qt is linked): the cost of loading a
#                 library set, with -Wl,--no-as-needed so every listed library is loaded
#   qtkeychain    QCoreApplication + one QKeychain::ReadPasswordJob (Core + QtKeychain)
#   qtdbus-plain  QCoreApplication + Secret Service over Qt D-Bus, "plain" session
#                 (Core + DBus: no libsecret, GLib/GIO, libgcrypt, no Diffie-Hellman)
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-40}"
RSS_RUNS="${RSS_RUNS:-10}"

# Build the probes (a few seconds; nothing else should run then).
P="$ROOT/build/bench/probes"
mkdir -p "$P"
CXX="${CXX:-g++}"
CXXFLAGS=(-std=c++17 -O2 -fPIC -Wall -Wextra)
QTCORE=($(pkg-config --cflags --libs Qt6Core))
build() { # build OUT SRC FLAGS...
  local out="$1" src="$2"
  shift 2
  [ "$P/$out" -nt "$ROOT/bench/probes/$src" ] && return 0
  "$CXX" "${CXXFLAGS[@]}" -o "$P/$out" "$ROOT/bench/probes/$src" "$@"
}
build empty-noqt empty.cpp
build empty-core empty.cpp -DWITH_QT "${QTCORE[@]}"
build empty-core-keychain-yaml empty.cpp -DWITH_QT "${QTCORE[@]}" -Wl,--no-as-needed -lqt6keychain -lyaml-cpp
build empty-astro-libs empty.cpp -DWITH_QT $(pkg-config --cflags Qt6Core) -Wl,--no-as-needed \
  -lQt6NetworkAuth -lQt6Network -lqt6keychain -lQt6Core -lyaml-cpp -lqrencode
build qtkeychain qtkeychain_read.cpp "${QTCORE[@]}" -lqt6keychain
build qtdbus-plain qtdbus_plain.cpp $(pkg-config --cflags --libs Qt6DBus Qt6Core)

token_login
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
[ "$("$P/qtkeychain" "$DOMAIN")" = "$ITEM" ] || { echo "bench: the qtkeychain probe read something else" >&2; exit 1; }
[ "$("$P/qtdbus-plain" "$DOMAIN")" = "$ITEM" ] || { echo "bench: the qtdbus-plain probe read something else" >&2; exit 1; }
[ "$("$ASTRO_BIN" auth token)" = "$TOKEN" ] || { echo "bench: astro auth token printed something else" >&2; exit 1; }

names=("empty: no Qt (libc only)" "empty: QCoreApplication, Qt6Core" "empty: QCoreApplication, Core+QtKeychain+yaml-cpp"
  "empty: QCoreApplication, all astro's libs" "astro version" "probe: QtKeychain read"
  "probe: Qt D-Bus, plain session" "astro auth token" "secret-tool lookup")
cmds=("$P/empty-noqt" "$P/empty-core" "$P/empty-core-keychain-yaml" "$P/empty-astro-libs" "$ASTRO_BIN version"
  "$P/qtkeychain $DOMAIN" "$P/qtdbus-plain $DOMAIN" "$ASTRO_BIN auth token" "secret-tool lookup server astro-cli user $DOMAIN")
args=()
for i in "${!names[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
cd "$WORK"
wait_quiet
hyperfine -N --warmup 5 --runs "$RUNS" --style basic \
  --export-json "$RESULTS/probes.json" --export-markdown "$RESULTS/probes.md" "${args[@]}" >/dev/null

peak_rss_kib() {
  local i vals=()
  for i in $(seq 1 "$RSS_RUNS"); do
    /usr/bin/time -v -o "$WORK/time.txt" $1 >/dev/null 2>&1
    vals+=("$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$WORK/time.txt")")
  done
  median "${vals[@]}"
}
{
  echo "# bench/probes.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(machine_line) ${QUIET_NOTE:-}  runs=$RUNS (hyperfine -N)"
  printf '%-52s %8s %9s %12s %8s %8s %9s\n' command mean_ms median_ms user+sys_ms vs_st libs peak_MiB
  st="$(hyperfine_field "$RESULTS/probes.json" 8 mean)"
  for i in "${!names[@]}"; do
    exe="${cmds[$i]%% *}"
    [ -x "$exe" ] || exe="$(command -v "$exe")"
    nlibs="$(ldd "$exe" | grep -c '=>')"
    node -e 'const r=require(process.argv[1]).results[+process.argv[2]];const st=+process.argv[3];
      console.log(`${process.argv[4].padEnd(52)} ${(r.mean*1e3).toFixed(1).padStart(8)} ${(r.median*1e3).toFixed(1).padStart(9)} ${((r.user+r.system)*1e3).toFixed(1).padStart(12)} ${(r.mean/st).toFixed(2).padStart(7)}x ${process.argv[5].padStart(8)} ${(process.argv[6]/1024).toFixed(1).padStart(9)}`)' \
      "$RESULTS/probes.json" "$i" "$st" "${names[$i]}" "$nlibs" "$(peak_rss_kib "${cmds[$i]}")"
  done
  echo "(libs = shared objects in ldd's list, before any dlopen; QtKeychain dlopens libsecret and 7 more at run time)"
} | tee "$RESULTS/probes-summary.txt"
cat "$RESULTS/probes-summary.txt" >>"$RESULTS/probes-history.txt"
