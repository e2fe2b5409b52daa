#!/usr/bin/env bash
# docker-credential-astro get (a valid token in the keychain, no refresh due) against
#   astro auth token (the same store and token code, printed bare) and
#   docker-credential-secretservice get (the reference helper, the same token as its secret).
# Runs itself inside tests/support/with-keyring.sh (private D-Bus + gnome-keyring).
# Writes bench/results/credential-helper.{json,md} (hyperfine) and credential-helper-summary.txt.
#   RUNS=40 WARMUP=5 ASTRO_BIN=... bench/credential-helper.sh
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-40}"
WARMUP="${WARMUP:-5}"
HELPER="$(dirname "$ASTRO_BIN")/docker-credential-astro"
command -v docker-credential-secretservice >/dev/null ||
  { echo "bench: docker-credential-secretservice is missing (scripts/install-deps.sh)" >&2; exit 1; }

token_login
export ASTRO_IMAGE_REGISTRY="127.0.0.1:5999"
printf '%s' "$ASTRO_IMAGE_REGISTRY" >"$WORK/docker.in"
TOKEN="$TOKEN" URL="$ASTRO_IMAGE_REGISTRY" node -e \
  'process.stdout.write(JSON.stringify({ServerURL:process.env.URL,Username:"cli",Secret:process.env.TOKEN}))' |
  docker-credential-secretservice store
# Each command must answer the token before it is timed (the two helpers byte for byte alike).
[ "$("$ASTRO_BIN" auth token)" = "$TOKEN" ] || { echo "bench: astro auth token printed something else" >&2; exit 1; }
cmp -s <("$HELPER" get <"$WORK/docker.in") <(docker-credential-secretservice get <"$WORK/docker.in") ||
  { echo "bench: the helpers answer differently" >&2; exit 1; }

cd "$WORK"
wait_quiet
hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$RESULTS/credential-helper.json" --export-markdown "$RESULTS/credential-helper.md" \
  -n "docker-credential-astro get" "$HELPER get < $WORK/docker.in" \
  -n "astro auth token" "$ASTRO_BIN auth token" \
  -n "docker-credential-secretservice get" "docker-credential-secretservice get < $WORK/docker.in"

J="$RESULTS/credential-helper.json"
{
  echo "# bench/credential-helper.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(machine_line) ${QUIET_NOTE:-}"
  echo "# runs=$RUNS warmup=$WARMUP binary=$ASTRO_BIN"
  printf '%-38s %9s %9s %9s %9s %12s %14s\n' command mean_ms median_ms stddev_ms min_ms user+sys_ms vs_auth_token
  names=("docker-credential-astro get" "astro auth token" "docker-credential-secretservice get")
  base="$(hyperfine_field "$J" 1 mean)"
  for i in 0 1 2; do
    awk -v n="${names[$i]}" -v m="$(hyperfine_field "$J" "$i" mean)" -v md="$(hyperfine_field "$J" "$i" median)" \
      -v s="$(hyperfine_field "$J" "$i" stddev)" -v mn="$(hyperfine_field "$J" "$i" min)" \
      -v u="$(hyperfine_field "$J" "$i" user)" -v sy="$(hyperfine_field "$J" "$i" system)" -v b="$base" \
      'BEGIN {printf "%-38s %9.1f %9.1f %9.1f %9.1f %12.1f %13.2fx\n", n, m*1000, md*1000, s*1000, mn*1000, (u+sy)*1000, m/b}'
  done
  echo "shared objects: docker-credential-astro $(ldd "$HELPER" | wc -l), astro $(ldd "$ASTRO_BIN" | wc -l)"
} | tee "$RESULTS/credential-helper-summary.txt"
