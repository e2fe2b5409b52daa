#!/usr/bin/env bash
# `astro auth token` on Qt 6.8 (run inside the Debian 13 chroot of scripts/qt68-chroot.sh):
# what it maps (LD_DEBUG=files), wall time against secret-tool (hyperfine) and peak RSS
# (/usr/bin/time -v, median of RSS_RUNS). Writes bench/results/qt68-token.{json,md} and
# bench/results/qt68-token-summary.txt, bench/results/qt68-ld-files.txt.
#   chroot build/qt68-chroot env ASTRO_BIN=$PWD/build/qt68/src/astro bench/qt68-token.sh
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-60}"
WARMUP="${WARMUP:-3}"
RSS_RUNS="${RSS_RUNS:-10}"
token_login
CMD_ASTRO="$ASTRO_BIN auth token"
CMD_SECRET="secret-tool lookup server astro-cli user $DOMAIN"
[ "$($CMD_ASTRO)" = "$TOKEN" ] || { echo "bench: astro auth token printed something else" >&2; exit 1; }
$CMD_SECRET >/dev/null || { echo "bench: secret-tool failed" >&2; exit 1; }

# What the dynamic loader maps: every object opened (at exec and by dlopen).
LD_DEBUG=files $CMD_ASTRO 2>"$WORK/ld.txt" >/dev/null
grep -oE 'file=[^ ]+ \[0\];  (needed by|dynamically loaded by) [^ ]+' "$WORK/ld.txt" |
  sed -E 's/^file=//; s/ \[0\];  / /' >"$RESULTS/qt68-ld-files.txt"
OBJECTS="$(cut -d' ' -f1 "$RESULTS/qt68-ld-files.txt" | sort -u | wc -l)"
GUI="$(cut -d' ' -f1 "$RESULTS/qt68-ld-files.txt" | grep -E 'libQt6(Gui|Widgets)|libGL|libEGL|libX11|libxcb|libxkb|libfontconfig|libfreetype|libharfbuzz|libpng|libmd4c' | sort -u | tr '\n' ' ')"

cd "$WORK"
wait_quiet
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$RESULTS/qt68-token.json" --export-markdown "$RESULTS/qt68-token.md" \
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
  echo "os=\"$(. /etc/os-release; echo "$PRETTY_NAME")\" qt=$(dpkg-query -W -f='${Version}' libqt6core6t64) qtkeychain=$(dpkg-query -W -f='${Version}' libqt6keychain1)"
  echo "objects_mapped=$OBJECTS gui_objects=[${GUI% }]"
  for i in 0 1; do
    printf '%s: mean=%.1f ms median=%.1f ms stddev=%.1f ms user+sys=%.1f ms\n' \
      "$(hyperfine_field "$RESULTS/qt68-token.json" $i command)" \
      "$(node -e "console.log($(hyperfine_field "$RESULTS/qt68-token.json" $i mean)*1000)")" \
      "$(node -e "console.log($(hyperfine_field "$RESULTS/qt68-token.json" $i median)*1000)")" \
      "$(node -e "console.log($(hyperfine_field "$RESULTS/qt68-token.json" $i stddev)*1000)")" \
      "$(node -e "console.log(($(hyperfine_field "$RESULTS/qt68-token.json" $i user)+$(hyperfine_field "$RESULTS/qt68-token.json" $i system))*1000)")"
  done
  echo "peak_rss_kib: astro=$RSS_ASTRO secret-tool=$RSS_SECRET (median of $RSS_RUNS)"
} | tee "$RESULTS/qt68-token-summary.txt"
