#!/usr/bin/env bash
# `astro auth token` with a valid token in the keychain, against its peers:
#   secret-tool lookup (the floor: the very same Secret Service item),
#   docker-credential-secretservice get (another Secret Service client, same secret),
#   gh auth token (Debian's gh 2.23, plaintext hosts.yml).
# Runs itself inside tests/support/with-keyring.sh (private D-Bus + gnome-keyring).
# Writes bench/results/token.{json,md} (hyperfine) and bench/results/token-summary.txt.
#   RUNS=60 WARMUP=5 RSS_RUNS=10 ASTRO_BIN=... bench/token.sh
# Targets (issue 10): astro <= 1.2x secret-tool median wall time, <= 16 MiB peak RSS.
if [ -z "${ASTRO_KEYRING_SESSION:-}" ]; then
  exec "$(cd "$(dirname "$0")/.." && pwd)/tests/support/with-keyring.sh" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-60}"
WARMUP="${WARMUP:-5}"
RSS_RUNS="${RSS_RUNS:-10}"
for tool in docker-credential-secretservice gh /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

# One valid token stored by a token login in the keychain; the server is stopped again.
token_login

# The same secret for the peers: the astro item's JSON value (access token, refresh
# token, expiry) for docker's helper; the access token for gh's hosts.yml.
ITEM="$(secret-tool lookup server astro-cli user "$DOMAIN")"
DOCKER_URL="https://$DOMAIN"
ITEM="$ITEM" URL="$DOCKER_URL" node -e \
  'process.stdout.write(JSON.stringify({ServerURL:process.env.URL,Username:"u",Secret:process.env.ITEM}))' |
  docker-credential-secretservice store
printf '%s' "$DOCKER_URL" >"$WORK/docker.in"
export GH_CONFIG_DIR="$WORK/gh" GH_NO_UPDATE_NOTIFIER=1 GH_PROMPT_DISABLED=1
mkdir -p "$GH_CONFIG_DIR"
printf 'github.com:\n  oauth_token: %s\n  user: u\n  git_protocol: https\n' "$TOKEN" >"$GH_CONFIG_DIR/hosts.yml"
chmod 600 "$GH_CONFIG_DIR/hosts.yml"

# Each command must print its secret before it is timed.
CMD_ASTRO="$ASTRO_BIN auth token"
CMD_SECRET="secret-tool lookup server astro-cli user $DOMAIN"
CMD_DOCKER="docker-credential-secretservice get < $WORK/docker.in"
CMD_GH="gh auth token"
[ "$($CMD_ASTRO)" = "$TOKEN" ] || { echo "bench: astro auth token printed something else" >&2; exit 1; }
[ "$($CMD_SECRET)" = "$ITEM" ] || { echo "bench: secret-tool printed something else" >&2; exit 1; }
[ "$(docker-credential-secretservice get <"$WORK/docker.in" | json_field Secret)" = "$ITEM" ] ||
  { echo "bench: docker-credential-secretservice printed something else" >&2; exit 1; }
[ "$($CMD_GH 2>/dev/null)" = "$TOKEN" ] || { echo "bench: gh auth token printed something else" >&2; exit 1; }

# Wall time: one hyperfine invocation, all four through sh (hyperfine subtracts the shell).
cd "$WORK"
wait_quiet
hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$RESULTS/token.json" --export-markdown "$RESULTS/token.md" \
  -n "astro auth token" "$CMD_ASTRO" \
  -n "secret-tool lookup" "$CMD_SECRET" \
  -n "docker-credential-secretservice get" "$CMD_DOCKER" \
  -n "gh auth token" "$CMD_GH"

# Peak RSS: GNU time -v, median of RSS_RUNS runs each.
peak_rss_kib() { # peak_rss_kib SHELL-COMMAND
  local i vals=()
  for i in $(seq 1 "$RSS_RUNS"); do
    /usr/bin/time -v -o "$WORK/time.txt" sh -c "exec $1" >/dev/null 2>&1
    vals+=("$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$WORK/time.txt")")
  done
  median "${vals[@]}"
}
RSS_ASTRO="$(peak_rss_kib "$CMD_ASTRO")"
RSS_SECRET="$(peak_rss_kib "$CMD_SECRET")"
RSS_DOCKER="$(peak_rss_kib "$CMD_DOCKER")"
RSS_GH="$(peak_rss_kib "$CMD_GH")"

J="$RESULTS/token.json"
{
  echo "# bench/token.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(machine_line) ${QUIET_NOTE:-}"
  echo "# runs=$RUNS warmup=$WARMUP rss_runs=$RSS_RUNS"
  printf '%-38s %9s %9s %9s %9s %12s %9s %9s\n' command mean_ms median_ms stddev_ms min_ms user+sys_ms ratio peak_rss_MiB
  names=("astro auth token" "secret-tool lookup" "docker-credential-secretservice get" "gh auth token")
  rss=("$RSS_ASTRO" "$RSS_SECRET" "$RSS_DOCKER" "$RSS_GH")
  floor_mean="$(hyperfine_field "$J" 1 mean)"
  for i in 0 1 2 3; do
    mean="$(hyperfine_field "$J" "$i" mean)"
    med="$(hyperfine_field "$J" "$i" median)"
    sd="$(hyperfine_field "$J" "$i" stddev)"
    mn="$(hyperfine_field "$J" "$i" min)"
    us="$(hyperfine_field "$J" "$i" user)"
    sy="$(hyperfine_field "$J" "$i" system)"
    awk -v n="${names[$i]}" -v m="$mean" -v md="$med" -v s="$sd" -v mn="$mn" -v u="$us" -v sy="$sy" -v f="$floor_mean" -v r="${rss[$i]}" \
      'BEGIN {printf "%-38s %9.1f %9.1f %9.1f %9.1f %12.1f %8.2fx %9.1f\n", n, m*1000, md*1000, s*1000, mn*1000, (u+sy)*1000, m/f, r/1024}'
  done
  awk -v a="$(hyperfine_field "$J" 0 mean)" -v f="$floor_mean" -v am="$(hyperfine_field "$J" 0 median)" -v fm="$(hyperfine_field "$J" 1 median)" -v r="$RSS_ASTRO" \
    'BEGIN {printf "target wall time <= 1.2x secret-tool (issue 10): mean %.2fx, median %.2fx -> %s\n", a/f, am/fm, (am/fm <= 1.2 ? "MET" : "MISSED");
            printf "target peak RSS <= 16 MiB (issue 10): %.1f MiB -> %s\n", r/1024, (r <= 16*1024 ? "MET" : "MISSED")}'
} | tee "$RESULTS/token-summary.txt"
cat "$RESULTS/token-summary.txt" >>"$RESULTS/token-history.txt"
