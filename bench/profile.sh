#!/usr/bin/env bash
# Where the start-up of `astro auth token` goes (valid token in the keychain, no network).
# Runs itself inside tests/support/with-keyring.sh. Writes bench/results/profile/:
#   ldd.txt, needed.txt          what the binary links (ldd) and its own DT_NEEDED
#   ld-libs.txt, loaded.txt      LD_DEBUG=libs: every object initialised; dlopen'd ones marked
#   maps.txt                     /proc/PID/maps at exit_group (gdb), shared objects only
#   ld-statistics.txt            LD_DEBUG=statistics, RUNS_LD runs; median relocation time
#   callgrind.out, callgrind-{inclusive,self}.txt, callgrind-by-object.txt, callgrind-phases.txt
#   decomposition.{json,md}      hyperfine: process floor, `astro version`, ASTRO_API_TOKEN,
#                                file store, keychain store, secret-tool
#   summary.txt                  the figures quoted in BENCHMARKS.md
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
OUTDIR="$RESULTS/profile"
mkdir -p "$OUTDIR"
RUNS_LD="${RUNS_LD:-9}"
RUNS="${RUNS:-40}"
for tool in valgrind callgrind_annotate gdb; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

token_login
# A second home whose token is in the file store (for the decomposition).
FILE_HOME="$WORK/filehome"
mkdir -p "$FILE_HOME"
(
  export ASTRO_HOME="$FILE_HOME" ASTRO_CREDENTIAL_STORE=file
  start_server
  printf %s "$(mint_token one@astro.test 3600)" | "$ASTRO_BIN" login "$DOMAIN" --token-login - >/dev/null 2>&1
  stop_server
)
[ "$("$ASTRO_BIN" auth token)" = "$TOKEN" ] || { echo "bench: auth token printed something else" >&2; exit 1; }

# 1. What is linked, what is loaded.
ldd "$ASTRO_BIN" >"$OUTDIR/ldd.txt"
readelf -d "$ASTRO_BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$OUTDIR/needed.txt"
LD_DEBUG=libs "$ASTRO_BIN" auth token 2>"$OUTDIR/ld-libs.txt" >/dev/null
{
  echo "# objects initialised by the dynamic loader for 'astro auth token' (keychain), in init order;"
  echo "# '+dlopen' = not in ldd's list, so loaded at run time by dlopen"
  sed -n 's/.*calling init: //p' "$OUTDIR/ld-libs.txt" | while read -r lib; do
    if grep -qF "$(basename "$lib")" "$OUTDIR/ldd.txt"; then echo "$lib"; else echo "$lib +dlopen"; fi
  done
} >"$OUTDIR/loaded.txt"
gdb -q -batch -ex 'set pagination off' -ex 'catch syscall exit_group' -ex run -ex 'info proc mappings' \
  --args "$ASTRO_BIN" auth token 2>/dev/null | awk '$NF ~ /\.so/ {print $NF}' | sort -u >"$OUTDIR/maps.txt" || true

# 2. Dynamic loader statistics (cycles of the TSC).
MHZ="$(tsc_mhz)"
: >"$OUTDIR/ld-statistics.txt"
starts=() relocs=()
for _ in $(seq 1 "$RUNS_LD"); do
  LD_DEBUG=statistics "$ASTRO_BIN" auth token 2>"$WORK/stat.txt" >/dev/null
  cat "$WORK/stat.txt" >>"$OUTDIR/ld-statistics.txt"
  starts+=("$(sed -n 's/.*total startup time in dynamic loader: \([0-9]*\) cycles.*/\1/p' "$WORK/stat.txt")")
  relocs+=("$(sed -n 's/.*time needed for relocation: \([0-9]*\) cycles.*/\1/p' "$WORK/stat.txt")")
done
LD_START_MS="$(awk -v c="$(median "${starts[@]}")" -v m="$MHZ" 'BEGIN {printf "%.2f", c / (m * 1000)}')"
LD_RELOC_MS="$(awk -v c="$(median "${relocs[@]}")" -v m="$MHZ" 'BEGIN {printf "%.2f", c / (m * 1000)}')"
NRELOC="$(sed -n 's/.*final number of relocations: //p' "$WORK/stat.txt")"
NRELATIVE="$(sed -n 's/.*number of relative relocations: //p' "$WORK/stat.txt")"

# 3. Callgrind (instructions; the keyring's own work happens in gnome-keyring-daemon,
#    not here). A longer keychain timeout, because valgrind is slow.
ASTRO_KEYCHAIN_TIMEOUT=60 valgrind --tool=callgrind --callgrind-out-file="$OUTDIR/callgrind.out" \
  "$ASTRO_BIN" auth token >/dev/null 2>"$OUTDIR/valgrind.log"
# The same count for the floor (secret-tool) and for start-up alone (astro version).
valgrind --tool=callgrind --callgrind-out-file="$WORK/cg-secret-tool.out" \
  secret-tool lookup server astro-cli user "$DOMAIN" >/dev/null 2>"$WORK/cg-secret-tool.log"
valgrind --tool=callgrind --callgrind-out-file="$WORK/cg-version.out" "$ASTRO_BIN" version >/dev/null 2>"$WORK/cg-version.log"
IR_SECRET="$(sed -n 's/.*I *refs: *//p' "$WORK/cg-secret-tool.log" | tr -d ,)"
IR_VERSION="$(sed -n 's/.*I *refs: *//p' "$WORK/cg-version.log" | tr -d ,)"
callgrind_annotate --inclusive=yes --threshold=100 "$OUTDIR/callgrind.out" >"$WORK/incl-all.txt" 2>/dev/null
callgrind_annotate --threshold=100 "$OUTDIR/callgrind.out" >"$WORK/self-all.txt" 2>/dev/null
head -100 "$WORK/incl-all.txt" >"$OUTDIR/callgrind-inclusive.txt"
head -80 "$WORK/self-all.txt" >"$OUTDIR/callgrind-self.txt"
TOTAL_IR="$(sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' "$WORK/self-all.txt" | tr -d ,)"
# Self cost by shared object: lines look like "   1,234 (0.5%)  file:function [/path/obj.so]".
awk -v total="$TOTAL_IR" '
  /\[[^]]*\]$/ { ir = $1; gsub(",", "", ir); obj = $NF; gsub(/[][]/, "", obj); n = split(obj, p, "/"); s[p[n]] += ir }
  END { for (o in s) printf "%14d %5.1f%%  %s\n", s[o], 100 * s[o] / total, o }' "$WORK/self-all.txt" |
  sort -rn >"$OUTDIR/callgrind-by-object.txt"
# Inclusive cost of the phases we care about (first match of each function name).
phase() { # phase LABEL REGEX  (REGEX matches "file:function [object]" lines)
  local ir
  ir="$(grep -E "$2" "$WORK/incl-all.txt" | head -1 | awk '{print $1}' | tr -d ,)" || true
  if [ -n "$ir" ]; then
    awk -v l="$1" -v i="$ir" -v t="$TOTAL_IR" 'BEGIN {printf "%-62s %12d %5.1f%%\n", l, i, 100 * i / t}'
  else
    printf '%-62s %12s\n' "$1" "-"
  fi
}
{
  echo "# inclusive instructions (Ir) of selected functions; total $TOTAL_IR; phases overlap"
  phase "_dl_start: loader at exec (map + relocate 40 objects)" ':_dl_start \['
  phase "_dl_relocate_object: all relocation (exec + dlopen)" ':_dl_relocate_object \['
  phase "_dl_lookup_symbol_x: symbol lookups" ':_dl_lookup_symbol_x \['
  phase "_dl_init: static constructors at exec" ':_dl_init \['
  phase "dl_open_worker: dlopen of libsecret + 7 GLib/GIO objects" ':dl_open_worker \['
  phase "main" ':main \['
  phase "QCoreApplication::QCoreApplication" ':QCoreApplication::QCoreApplication\(int&'
  phase "QProcessEnvironment::systemEnvironment" ':QProcessEnvironment::systemEnvironment\('
  phase "astro::runToken" ':astro::runToken\('
  phase "astro::ConfigFile::read (config.yaml)" ':astro::ConfigFile::read\('
  phase "YAML::Load (yaml-cpp)" ':YAML::Load\(std::__cxx11'
  phase "astro::resolveDomain" ':astro::resolveDomain\('
  phase "astro::KeychainStore::read (QtKeychain job + event loop)" ':astro::KeychainStore::read\('
  phase "QKeychain::Job::doStart (backend detection: QLibrary::load)" ':QKeychain::Job::doStart\('
  phase "QLibrary::load (dlopen libsecret)" ':QLibrary::load\('
  phase "secret_service_ensure_session (libsecret session)" ':secret_service_ensure_session \['
  phase "egg_dh_gen_pair (Diffie-Hellman key pair)" ':egg_dh_gen_pair \['
  phase "egg_dh_gen_secret (Diffie-Hellman shared secret)" ':egg_dh_gen_secret \['
  phase "gcry_mpi_powm (libgcrypt modular exponentiation)" ':gcry_mpi_powm \['
  phase "secret_password_lookup (libsecret, excluding async completion)" ':secret_password_lookup \['
  phase "exit (atexit handlers, _dl_fini)" ':exit \['
} >"$OUTDIR/callgrind-phases.txt"

# 4. Kernel-side cost: page faults, context switches, CPU time (perf stat, software events).
cd "$WORK"
: >"$OUTDIR/perf-stat.txt"
wait_quiet
if command -v perf >/dev/null; then
  labels=("astro auth token" "astro version" "secret-tool lookup")
  cmds=("$ASTRO_BIN auth token" "$ASTRO_BIN version" "secret-tool lookup server astro-cli user $DOMAIN")
  for i in 0 1 2; do
    perf stat -x, -e task-clock,page-faults,context-switches -r "$RUNS" ${cmds[$i]} 2>"$WORK/perf.txt" >/dev/null || true
    awk -F, -v c="${labels[$i]}" 'BEGIN {printf "  %-24s", c}
      $3 ~ /task-clock/ {printf " task-clock %.1f ms", $1} $3 ~ /page-faults/ {printf "  page-faults %d", $1}
      $3 ~ /context-switches/ {printf "  context-switches %d", $1} END {print ""}' "$WORK/perf.txt" >>"$OUTDIR/perf-stat.txt"
  done
fi

# 5. Wall-time decomposition (one hyperfine invocation).
FILE_TOKEN_CMD="env ASTRO_HOME=$FILE_HOME ASTRO_CREDENTIAL_STORE=file $ASTRO_BIN auth token"
wait_quiet
hyperfine --warmup 5 --runs "$RUNS" --style basic -N \
  --export-json "$OUTDIR/decomposition.json" --export-markdown "$OUTDIR/decomposition.md" \
  -n "true (process floor)" "/bin/true" \
  -n "astro version (load + QCoreApplication)" "$ASTRO_BIN version" \
  -n "ASTRO_API_TOKEN=x astro auth token (no config, no store)" "env ASTRO_API_TOKEN=x $ASTRO_BIN auth token" \
  -n "astro auth token, file store" "$FILE_TOKEN_CMD" \
  -n "astro auth token, keychain" "$ASTRO_BIN auth token" \
  -n "secret-tool lookup" "secret-tool lookup server astro-cli user $DOMAIN" >/dev/null

{
  echo "# bench/profile.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(machine_line) ${QUIET_NOTE:-}"
  echo "linked (ldd): $(grep -c '=>' "$OUTDIR/ldd.txt") shared objects; DT_NEEDED: $(tr '\n' ' ' <"$OUTDIR/needed.txt")"
  echo "initialised at run time: $(grep -vc '^#' "$OUTDIR/loaded.txt") objects, of which dlopen'd: $(grep -c ' +dlopen$' "$OUTDIR/loaded.txt") ($(grep ' +dlopen$' "$OUTDIR/loaded.txt" | awk '{print $1}' | xargs -n1 basename | tr '\n' ' '))"
  for lib in Gui Widgets NetworkAuth Network DBus; do
    printf 'libQt6%s loaded: ldd=%s loader=%s maps=%s\n' "$lib" \
      "$(grep -q "libQt6$lib\.so" "$OUTDIR/ldd.txt" && echo yes || echo no)" \
      "$(grep -q "libQt6$lib\.so" "$OUTDIR/loaded.txt" && echo yes || echo no)" \
      "$(grep -q "libQt6$lib\.so" "$OUTDIR/maps.txt" && echo yes || echo no)"
  done
  echo "dynamic loader at exec (LD_DEBUG=statistics, median of $RUNS_LD, TSC $MHZ MHz): total $LD_START_MS ms, relocation $LD_RELOC_MS ms; relocations: $NRELOC symbol + $NRELATIVE relative"
  echo "callgrind instructions: astro auth token $TOTAL_IR, astro version $IR_VERSION, secret-tool lookup $IR_SECRET"
  echo "perf stat (software events, $RUNS runs each):"
  cat "$OUTDIR/perf-stat.txt"
  echo "top shared objects by self instructions:"
  head -12 "$OUTDIR/callgrind-by-object.txt"
  cat "$OUTDIR/callgrind-phases.txt"
  echo "wall time (hyperfine -N, $RUNS runs):"
  for i in 0 1 2 3 4 5; do
    node -e 'const r=require(process.argv[1]).results[+process.argv[2]];console.log(`  ${r.command.padEnd(58)} mean ${(r.mean*1e3).toFixed(1)} ms  median ${(r.median*1e3).toFixed(1)} ms  user ${(r.user*1e3).toFixed(1)} ms  sys ${(r.system*1e3).toFixed(1)} ms`)' "$OUTDIR/decomposition.json" "$i"
  done
} | tee "$OUTDIR/summary.txt"
