#!/usr/bin/env bash
# Issue 11 §2: a real client that reads Docker's credHelpers (skopeo) pulls from a real
# registry (Debian's docker-registry) that requires the credentials, through
# docker-credential-astro. The registry uses `token` auth: tests/server/registry-token.js
# accepts Basic cli:<token> only when the local platform's userinfo accepts the token (a
# whole-token check, unlike htpasswd's bcrypt, which reads 72 bytes: a JWT's header alone).
# Without the helper, or with a wrong token, the pull fails. No token on any argv.
source "$(dirname "$0")/lib.sh"
HELPER_DIR="$(dirname "$ASTRO_BIN")"
export PATH="$HELPER_DIR:$PATH" # Docker's clients find docker-credential-<name> on PATH
start_server
export ASTRO_CREDENTIAL_STORE=file
export DOCKER_CONFIG="$WORK/docker"
AT="$(mint_token one@astro.test)"
SECRETS+=("$AT")
run_astro_stdin "$AT" login "$DOMAIN" --token-login -
check "logged in with a token" rc_is 0

# The registry's token server, with a test signing key the registry trusts.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/reg-key.pem" -out "$WORK/reg-cert.pem" \
  -days 1 -subj /CN=astro-test-token-server >/dev/null 2>&1
node "$ROOT/tests/server/registry-token.js" --platform "$SERVER_URL" --key "$WORK/reg-key.pem" \
  --port-file "$WORK/token-server.url" --log-file "$WORK/token-server.log" 2>"$WORK/token-server.err" &
TOKEN_PID=$!
wait_for_file "$WORK/token-server.url" 10
TOKEN_URL="$(cat "$WORK/token-server.url")"
RPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
REGISTRY="127.0.0.1:$RPORT"
cat >"$WORK/registry.yml" <<YML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $WORK/registry-data}}
http: {addr: $REGISTRY}
auth:
  token:
    realm: $TOKEN_URL/token
    service: astro-test-registry
    issuer: astro-test-token-server
    rootcertbundle: $WORK/reg-cert.pem
YML
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
trap 'kill $TOKEN_PID $REGISTRY_PID 2>/dev/null; wait $TOKEN_PID $REGISTRY_PID 2>/dev/null; cleanup' EXIT
for _ in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/")" = 401 ] && break
  sleep 0.1
done
check "the registry requires credentials (401 without)" [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/")" = 401 ]

# A tiny image as an OCI layout (no download): one layer holding one file.
IMG="$WORK/img"
mkdir -p "$IMG/blobs/sha256" "$WORK/layer"
printf 'hello from astro-auth\n' >"$WORK/layer/hello.txt"
tar -C "$WORK/layer" --owner=0 --group=0 --mtime=@0 -cf "$WORK/layer.tar" hello.txt
blob() { local d; d="$(sha256sum "$1" | cut -d' ' -f1)"; cp "$1" "$IMG/blobs/sha256/$d"; echo "$d $(stat -c %s "$1")"; }
read -r LD LS < <(blob "$WORK/layer.tar")
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$LD" >"$WORK/config.json"
read -r CD CS < <(blob "$WORK/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' "$CD" "$CS" "$LD" "$LS" >"$WORK/manifest.json"
read -r MD MS < <(blob "$WORK/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' "$MD" "$MS" >"$IMG/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$IMG/oci-layout"

# Docker's config names the helper for the registry (as `astro auth configure-docker` writes it).
ASTRO_IMAGE_REGISTRY="$REGISTRY" run_astro auth configure-docker
check "configure-docker adds the registry" rc_is 0
export ASTRO_IMAGE_REGISTRY="$REGISTRY"
# skopeo reads no file of the real user: a private HOME, runtime dir and registries.conf.
mkdir -p "$WORK/skopeo-home" "$WORK/skopeo-run"
: >"$WORK/registries.conf"
export HOME="$WORK/skopeo-home" XDG_RUNTIME_DIR="$WORK/skopeo-run" XDG_CONFIG_HOME="$WORK/skopeo-home/.config"
sk() { # sk ARGS... -> RC, $OUT, $ERR
  skopeo --registries-conf "$WORK/registries.conf" "$@" >"$OUT" 2>"$ERR" </dev/null
  RC=$?
  cat "$OUT" "$ERR" >>"$WORK/all-output"
}
sk copy --dest-tls-verify=false --authfile "$DOCKER_CONFIG/config.json" "oci:$IMG:latest" "docker://$REGISTRY/astro/tiny:1"
check "skopeo pushes the image with the helper's credentials" rc_is 0

strace -f -s 100000 -e trace=execve -o "$WORK/execve.log" \
  skopeo --registries-conf "$WORK/registries.conf" copy --src-tls-verify=false --authfile "$DOCKER_CONFIG/config.json" \
  "docker://$REGISTRY/astro/tiny:1" "dir:$WORK/pulled" >"$OUT" 2>"$ERR" </dev/null
RC=$?
cat "$OUT" "$ERR" >>"$WORK/all-output"
check "skopeo pulls it through docker-credential-astro" rc_is 0
check "the helper was run (credHelpers)" grep -q 'docker-credential-astro", \["docker-credential-astro", "get"\]' "$WORK/execve.log"
check "and its layer holds what was pushed" bash -c "for f in '$WORK/pulled'/*; do tar -xOf \"\$f\" hello.txt 2>/dev/null; done | grep -qx 'hello from astro-auth'"
check "no token on any argv (skopeo, the helper)" assert_no_secret_in "$WORK/execve.log"

printf '{}' >"$WORK/empty-auth.json"
DOCKER_CONFIG="$WORK/no-docker-config" sk inspect --tls-verify=false --authfile "$WORK/empty-auth.json" "docker://$REGISTRY/astro/tiny:1"
check "without the helper (no credentials) the pull fails" bash -c "[ $RC -ne 0 ]"
WRONG="${AT%?????}AAAAA" # the same header and claims: only the signature differs
SECRETS+=("$WRONG")
printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY" "$(printf 'cli:%s' "$WRONG" | base64 -w0)" >"$WORK/wrong-auth.json"
DOCKER_CONFIG="$WORK/no-docker-config" sk inspect --tls-verify=false --authfile "$WORK/wrong-auth.json" "docker://$REGISTRY/astro/tiny:1"
check "with a wrong token (same first 72 bytes) it fails" bash -c "[ $RC -ne 0 ] && grep -qi 'unauthorized\|authentication required\|401' '$ERR'"
sk inspect --tls-verify=false --authfile "$DOCKER_CONFIG/config.json" "docker://$REGISTRY/astro/tiny:1"
check "with the helper again it works" rc_is 0
STATS="$(curl -fsS "$TOKEN_URL/stats")"
check "the token server refused and issued ($STATS)" bash -c "node -e 'const s=JSON.parse(process.argv[1]); process.exit(s.issued>0 && s.refused>0 ? 0 : 1)' '$STATS'"
rm -f "$WORK/wrong-auth.json"
check "no token in Docker's config" assert_no_secret_in "$DOCKER_CONFIG/config.json"
check "no token in the registry's or the token server's logs" bash -c "$(declare -p SECRETS); $(declare -f assert_no_secret_in); assert_no_secret_in '$WORK/registry.log' && assert_no_secret_in '$WORK/token-server.log'"
check "no token in anything skopeo or astro printed" assert_no_secret_in "$WORK/all-output"
finish
