#!/usr/bin/env bash
# `astro auth token` on Qt 6.8 (run inside the Debian 13 chroot of scripts/qt68-chroot.sh):
# what it maps (LD_DEBUG=files), wall time against secret-tool (hyperfine) and peak RSS
# (/usr/bin/time -v, median of RSS_RUNS). Run on the host too, for the Qt 6.4 figures.
# Writes bench/results/qtXY-token.{json,md}, qtXY-token-summary.txt (appended to
# qtXY-token-history.txt) and qtXY-ld-files.txt, XY being the Qt version found (68, 64).
#   scripts/qt68-chroot.sh --exec env ASTRO_BIN=$PWD/build/qt68/src/astro bench/qt68-token.sh
#   ASTRO_BIN=$PWD/build/ci/src/astro bench/qt68-token.sh         # the host, Qt 6.4
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-60}"
WARMUP="${WARMUP:-3}"
RSS_RUNS="${RSS_RUNS:-10}"
QTVER="$(dpkg-query -W -f='${Version}' libqt6core6t64 libqt6core6 2>/dev/null | head -1 || true)"
TAG="qt$(printf '%s' "$QTVER" | sed -E 's/^([0-9]+)\.([0-9]+).*/\1\2/')"
token_login
CMD_ASTRO="$ASTRO_BIN auth token"
CMD_SECRET="secret-tool lookup server astro-cli user $DOMAIN"
[ "$($CMD_ASTRO)" = "$TOKEN" ] || { echo "bench: astro auth token printed something else" >&2; exit 1; }
$CMD_SECRET >/dev/null || { echo "bench: secret-tool failed" >&2; exit 1; }

# What the dynamic loader maps: every object opened (at exec and by dlopen).
LD_DEBUG=files $CMD_ASTRO 2>"$WORK/ld.txt" >/dev/null
grep -oE 'file=[^ ]+ \[0\];  (needed by|dynamically loaded by) [^ ]+' "$WORK/ld.txt" |
  sed -E 's/^file=//; s/ \[0\];  / /' >"$RESULTS/$TAG-ld-files.txt"
OBJECTS="$(cut -d' ' -f1 "$RESULTS/$TAG-ld-files.txt" | sort -u | wc -l)"
# The objects that arrive through Qt Gui: libQt6Gui and whatever it (or one of those) needs
# first (the loader names the first object that needs each one).
GUI="$(awk '{ n = $NF; sub(/.*\//, "", n) } $1 == "libQt6Gui.so.6" || n in g { g[$1] = 1; print $1 }' \
  "$RESULTS/$TAG-ld-files.txt" | tr '\n' ' ')"
GUI_COUNT="$(wc -w <<<"$GUI")"

cd "$WORK"
wait_quiet
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$RESULTS/$TAG-token.json" --export-markdown "$RESULTS/$TAG-token.md" \
  -n "astro auth token" "$CMD_ASTRO" -n "secret-tool lookup" "$CMD_SECRET"

peak_rss_kib() {
  local i vals=()
  for i in $(seq "$RSS_RUNS"); do
    vals+=("$( { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')")
  done
  median "${vals[@]}"
}
RSS_ASTRO="$(peak_rss_kib $CMD_ASTRO)"
RSS_SECRET="$(peak_rss_kib $CMD_SECRET)"
{
  echo "date=$(date -u +%FT%TZ) $(machine_line) ${QUIET_NOTE:-}"
  echo "os=\"$(. /etc/os-release; echo "$PRETTY_NAME")\" qt=$QTVER qtkeychain=$(dpkg-query -W -f='${Version}' libqt6keychain1 2>/dev/null || true)"
  echo "objects_mapped=$OBJECTS through_qt_gui=$GUI_COUNT [${GUI% }]"
  for i in 0 1; do
    printf '%s: mean=%.1f ms median=%.1f ms stddev=%.1f ms user+sys=%.1f ms\n' \
      "$(hyperfine_field "$RESULTS/$TAG-token.json" $i command)" \
      "$(node -e "console.log($(hyperfine_field "$RESULTS/$TAG-token.json" $i mean)*1000)")" \
      "$(node -e "console.log($(hyperfine_field "$RESULTS/$TAG-token.json" $i median)*1000)")" \
      "$(node -e "console.log($(hyperfine_field "$RESULTS/$TAG-token.json" $i stddev)*1000)")" \
      "$(node -e "console.log(($(hyperfine_field "$RESULTS/$TAG-token.json" $i user)+$(hyperfine_field "$RESULTS/$TAG-token.json" $i system))*1000)")"
  done
  echo "peak_rss_kib: astro=$RSS_ASTRO secret-tool=$RSS_SECRET (median of $RSS_RUNS)"
} | tee "$RESULTS/$TAG-token-summary.txt"
cat "$RESULTS/$TAG-token-summary.txt" >>"$RESULTS/$TAG-token-history.txt"
