#!/usr/bin/env bash
# Issue 11 §2: docker-credential-astro speaks docker-credential-helpers' protocol byte for
# byte (compared with the reference helper, docker-credential-secretservice, on the same
# input), answers `get` for an Astro registry with a fresh token of the stored login (a due
# refresh goes through astro-network), never stores a token for Docker, and
# `astro auth configure-docker` adds credHelpers to Docker's config.json, keeping the rest.
source "$(dirname "$0")/lib.sh"
HELPER="$(dirname "$ASTRO_BIN")/docker-credential-astro"
REF=docker-credential-secretservice
start_server
export ASTRO_CREDENTIAL_STORE=file
export BROWSER="$ROOT/tests/support/curl-browser.sh"
export DOCKER_CONFIG="$WORK/docker"
REGISTRY="127.0.0.1:5999"
export ASTRO_IMAGE_REGISTRY="$REGISTRY"
run_astro login "$DOMAIN" --callback-port 0
check "browser login (scripted browser) succeeds" rc_is 0
"$ASTRO_BIN" auth token >"$WORK/tok0" 2>>"$WORK/all-output"
AT0="$(cat "$WORK/tok0")"
SECRETS+=("$AT0")

helper() { # helper ACTION [STDIN] -> RC, $OUT, $ERR (stdout kept out of the secret check)
  printf '%s' "${2:-}" | "$HELPER" "$1" >"$OUT" 2>"$ERR"
  RC=$?
  cat "$ERR" >>"$WORK/all-output"
}
ref() { # ref ACTION [STDIN] -> $WORK/ref.out, $WORK/ref.rc
  printf '%s' "${2:-}" | "$REF" "$1" >"$WORK/ref.out" 2>/dev/null
  echo $? >"$WORK/ref.rc"
}
same_as_ref() { cmp -s "$OUT" "$WORK/ref.out" && [ "$RC" = "$(cat "$WORK/ref.rc")" ]; }

# get: the very bytes the reference helper prints for the same credential.
helper get "$REGISTRY"
check "get for ASTRO_IMAGE_REGISTRY (the current context's registry) succeeds" rc_is 0
ref store "{\"ServerURL\":\"$REGISTRY\",\"Username\":\"cli\",\"Secret\":\"$AT0\"}"
ref get "$REGISTRY"
check "get answers byte for byte as docker-credential-secretservice does" same_as_ref
ref erase "$REGISTRY"
helper get "https://$REGISTRY/v2/"
check "a server URL with scheme and path is the same registry" bash -c "[ $RC = 0 ] && grep -qF '\"Secret\":\"$AT0\"' '$OUT'"
: >"$OUT"
ODD='127.0.0.1:5998/<a>&"b"'
ASTRO_IMAGE_REGISTRY='127.0.0.1:5998' helper get "$ODD"
ref store "$(printf '{"ServerURL":"%s","Username":"cli","Secret":"%s"}' '127.0.0.1:5998/<a>&\"b\"' "$AT0")"
ref get "$ODD"
check "escapes (<, >, &, quotes) as Go's encoder does" same_as_ref
ref erase "$ODD"
: >"$OUT"

# Errors: the reference's exact texts and exit status.
helper get "registry.example.com"
ref get "registry.example.com"
check "a registry it does not serve: 'credentials not found in native keychain', exit 1" same_as_ref
check "(that text exactly)" out_is "credentials not found in native keychain"
helper get "images.astronomer.cloud"
check "Astro's registry without a login for astronomer.io: not found too" same_as_ref
check "and a hint on stderr" err_has "no login for astronomer.io. Run 'astro login astronomer.io'"
# ASTRO_IMAGE_REGISTRY with no current context: the protocol's "not found", and a hint that
# names what is missing (not "no login for . Run 'astro login '").
mkdir -p "$WORK/nohome"
printf '%s' 127.0.0.1:5000 | HOME="$WORK/nohome" ASTRO_HOME="$WORK/nohome" ASTRO_DOMAIN= ASTRO_IMAGE_REGISTRY=127.0.0.1:5000 "$HELPER" get >"$OUT" 2>"$ERR"
RC=$?
check "no current context: 'credentials not found in native keychain', exit 1" bash -c "[ $RC = 1 ] && [ \"\$(cat '$OUT')\" = 'credentials not found in native keychain' ]"
check "and a hint naming the missing context and 'astro login DOMAIN'" bash -c "grep -qF 'no current context' '$ERR' && grep -qF \"astro login DOMAIN\" '$ERR' && ! grep -qF 'no login for .' '$ERR'"
helper get ""
ref get ""
check "no server URL: the reference's message" same_as_ref
helper store '{"ServerURL":"x"}'
ref store '{"ServerURL":"x"}'
check "store without a username: the reference's message" same_as_ref
printf 'get\n' | "$HELPER" >"$OUT" 2>"$ERR"
RC=$?
printf 'get\n' | "$REF" >"$WORK/ref.out" 2>/dev/null
echo $? >"$WORK/ref.rc"
check "no action: usage on stdout, exit 1" bash -c "[ $RC = 1 ] && grep -qF 'Usage: docker-credential-astro <store|get|erase|list|version>' '$OUT'"
helper frobnicate
check "an unknown action" bash -c "[ $RC = 1 ] && [ \"\$(cat '$OUT')\" = 'Unknown credential action \`frobnicate\`' ]"

# store and erase never write a token anywhere; the astro login stays.
cp "$ASTRO_HOME/.astro/credentials.json" "$WORK/creds.before"
helper store "{\"ServerURL\":\"$REGISTRY\",\"Username\":\"cli\",\"Secret\":\"docker-login-secret\"}"
check "store succeeds (docker login works) and prints nothing" bash -c "[ $RC = 0 ] && [ ! -s '$OUT' ]"
helper erase "$REGISTRY"
check "erase succeeds and prints nothing" bash -c "[ $RC = 0 ] && [ ! -s '$OUT' ]"
check "neither changed astro's store" cmp -s "$ASTRO_HOME/.astro/credentials.json" "$WORK/creds.before"
check "nor wrote Docker's files" [ ! -e "$DOCKER_CONFIG" ]
check "docker-login-secret is nowhere under ASTRO_HOME" bash -c "! grep -rqF docker-login-secret '$ASTRO_HOME'"
helper get "$REGISTRY"
check "get still answers the astro login's token" grep -qF "\"Secret\":\"$AT0\"" "$OUT"
: >"$OUT"
helper list
check "list names the registries it serves" bash -c "[ $RC = 0 ] && [ \"\$(cat '$OUT')\" = '{\"$REGISTRY\":\"cli\"}' ]"

# As lean as astro: a get with no refresh due loads no Qt Network and runs no astro-network.
printf '%s' "$REGISTRY" | LD_DEBUG=libs "$HELPER" get >"$OUT" 2>"$WORK/ld.log"
: >"$OUT"
check "get loads no Qt Network or NetworkAuth" bash -c "! grep -qE 'libQt6Network' '$WORK/ld.log'"
check "get runs in one process (no astro-network when no refresh is due)" bash -c "! grep -q 'astro-network' '$WORK/ld.log'"

# A due refresh: through astro-network (the same code as auth token), no token on any argv.
expire_stored_in 240 # a refresh is due; the refreshed token lives an hour
curl -fsS -X POST "$SERVER_URL/__test/reset-stats" >/dev/null
printf '%s' "$REGISTRY" | strace -f -s 100000 -e trace=execve -o "$WORK/execve.log" "$HELPER" get >"$OUT" 2>"$ERR"
RC=$?
cat "$ERR" >>"$WORK/all-output"
AT1="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).Secret)' "$OUT")"
SECRETS+=("$AT1")
: >"$OUT"
check "get with a refresh due succeeds" rc_is 0
check "the server saw one refresh grant" [ "$(server_stat refresh_token)" = 1 ]
check "and the answer carries the new token" bash -c "[ -n '$AT1' ] && [ '$AT1' != '$AT0' ]"
check "astro-network did the refresh" grep -q 'astro-network' "$WORK/execve.log"
check "no token on any execve's argv" assert_no_secret_in "$WORK/execve.log"
"$ASTRO_BIN" auth token >"$WORK/tok2" 2>>"$WORK/all-output"
check "auth token now prints that same stored token (no second refresh)" bash -c "[ \"\$(cat '$WORK/tok2')\" = '$AT1' ] && [ \$(curl -fsS '$SERVER_URL/__test/stats' | grep -o '\"refresh_token\":[0-9]*' | cut -d: -f2) = 1 ]"

# configure-docker: credHelpers added atomically, everything else kept.
mkdir -p "$DOCKER_CONFIG"
printf '{"auths":{"other.example":{"auth":"b3RoZXI6eA=="}},"credsStore":"secretservice","credHelpers":{"gcr.io":"gcloud"},"detachKeys":"ctrl-q"}' >"$DOCKER_CONFIG/config.json"
run_astro auth configure-docker
check "configure-docker succeeds" rc_is 0
check "and says what it did on stderr (stdout clean)" bash -c "grep -qF 'Adding credentials for: $REGISTRY' '$ERR' && [ ! -s '$OUT' ]"
cfg() { node -e 'const c=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.stdout.write(String(eval(process.argv[2])))' "$DOCKER_CONFIG/config.json" "$1"; }
export -f cfg; export DOCKER_CONFIG
check "credHelpers names astro for the registry" [ "$(cfg "c.credHelpers['$REGISTRY']")" = astro ]
check "the other helpers, auths, credsStore and keys are kept" bash -c "[ \"\$(cfg \"c.credHelpers['gcr.io']+c.auths['other.example'].auth+c.credsStore+c.detachKeys\")\" = 'gcloudb3RoZXI6eA==secretservicectrl-q' ]"
check "no token in Docker's config" assert_no_secret_in "$DOCKER_CONFIG/config.json"
run_astro auth configure-docker images.astronomer.cloud https://images.astronomer-dev.cloud/
check "named registries are added too" bash -c "[ $RC = 0 ] && [ \"\$(cfg \"c.credHelpers['images.astronomer.cloud']+c.credHelpers['images.astronomer-dev.cloud']\")\" = astroastro ]"
ASTRO_IMAGE_REGISTRY= run_astro auth configure-docker
check "a local domain without ASTRO_IMAGE_REGISTRY: a usage error naming it" bash -c "[ $RC = 2 ] && grep -qF ASTRO_IMAGE_REGISTRY '$ERR'"
printf '[1,2]' >"$DOCKER_CONFIG/config.json"
run_astro auth configure-docker
check "a config.json that is not an object is reported (exit 6) and not changed" bash -c "[ $RC = 6 ] && [ \"\$(cat '$DOCKER_CONFIG/config.json')\" = '[1,2]' ]"
rm -rf "$DOCKER_CONFIG"
run_astro auth configure-docker
check "a missing config.json is created (0600)" bash -c "[ $RC = 0 ] && [ \"\$(stat -c %a '$DOCKER_CONFIG/config.json')\" = 600 ]"
run_astro auth configure-docker --help
check "--help" bash -c "[ $RC = 0 ] && grep -qF credHelpers '$OUT'"
check "no secret in anything astro or the helper printed (but get's answers)" assert_no_secret_in "$WORK/all-output"
finish
