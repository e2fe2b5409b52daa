#!/usr/bin/env bash
# Issue 11 §3: corporate networks. The test platform served over TLS with a CA made for the
# test, under the names api.astronomer-dev.io and auth.astronomer-dev.io, which a private hosts file maps
# to 127.0.0.1 in a private mount and network namespace (nothing leaves this machine, and
# port 443 is this namespace's own). A real forward proxy (tinyproxy) whose log shows
# astro's CONNECTs; one that needs a password; proxy and CA variables as curl, Go and
# OpenSSL read them.
if [ -z "${ASTRO_IN_NETNS:-}" ]; then
  exec unshare -m -n env ASTRO_IN_NETNS=1 bash "$0" "$@"
fi
source "$(dirname "$0")/lib.sh"
ip link set lo up
printf '127.0.0.1 localhost api.astronomer-dev.io auth.astronomer-dev.io astronomer-stage.io api.astronomer-stage.io\n::1 localhost\n' >"$WORK/hosts"
mount --bind "$WORK/hosts" /etc/hosts
export ASTRO_CREDENTIAL_STORE=file

# A CA and a server certificate for the two names (not for astronomer-stage.io).
PKI="$WORK/pki"
mkdir -p "$PKI"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=astro test CA" -keyout "$PKI/ca.key" -out "$PKI/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=api.astronomer-dev.io" -keyout "$PKI/server.key" -out "$PKI/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:api.astronomer-dev.io,DNS:auth.astronomer-dev.io\n' >"$PKI/san.ext"
openssl x509 -req -in "$PKI/server.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -CAcreateserial -days 2 \
  -extfile "$PKI/san.ext" -out "$PKI/server.pem" 2>/dev/null

node "$ROOT/tests/server/server.js" --port 443 --tls-cert "$PKI/server.pem" --tls-key "$PKI/server.key" \
  --public-url https://auth.astronomer-dev.io --port-file "$WORK/server.url" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
wait_for_file "$WORK/server.url" 20 || { cat "$WORK/server.err"; exit 1; }
SERVER_URL="https://auth.astronomer-dev.io"
export CURL_CA_BUNDLE="$PKI/ca.pem" # for the test's own curl (mint_token)

# tinyproxy: one open, one that needs a password.
proxy_conf() { # port, log, extra line
  printf 'Port %s\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nConnectPort 443\nLogLevel Info\nLogFile "%s"\nMaxClients 20\n%s\n' \
    "$1" "$2" "$3" >"$WORK/tinyproxy.$1.conf"
}
proxy_conf 8888 "$WORK/proxy.log" ""
proxy_conf 8889 "$WORK/proxy-auth.log" "BasicAuth proxyuser proxy-secret-$$"
SECRETS+=("proxy-secret-$$")
tinyproxy -d -c "$WORK/tinyproxy.8888.conf" >/dev/null 2>&1 &
P1=$!
tinyproxy -d -c "$WORK/tinyproxy.8889.conf" >/dev/null 2>&1 &
P2=$!
trap 'kill $P1 $P2 2>/dev/null; cleanup' EXIT
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/8889) 2>/dev/null && break; sleep 0.1; done

TOKEN="$(mint_token one@astro.test)"
printf '%s' "$TOKEN" >"$WORK/token"
login() { run_astro login astronomer-dev.io --token-login "@$WORK/token"; }
connects() { grep -c "CONNECT.*astronomer-dev.io:443" "$WORK/proxy.log" 2>/dev/null || true; }

# TLS: refused without the CA, with a message that says which variable fixes it.
login
check "an unknown CA: exit 4" rc_is 4
check "an unknown CA: says so and names ASTRO_CA_FILE" err_has "signed by a certificate authority this machine does not trust. If your network uses its own CA, set ASTRO_CA_FILE"
ASTRO_CA_FILE="$PKI/ca.pem" login
check "ASTRO_CA_FILE adds the company CA: logged in" rc_is 0
check "(as the user the token belongs to)" out_has "one@astro.test"
SSL_CERT_FILE="$PKI/ca.pem" login
check "SSL_CERT_FILE replaces the system CAs: logged in" rc_is 0
mkdir -p "$PKI/dir" && cp "$PKI/ca.pem" "$PKI/dir/"
SSL_CERT_DIR="$PKI/dir" login
check "SSL_CERT_DIR: logged in" rc_is 0
ASTRO_CA_FILE="$WORK/missing.pem" login
check "a missing ASTRO_CA_FILE: exit 4, naming it and why" bash -c "[ $RC = 4 ] && grep -qF 'ASTRO_CA_FILE=$WORK/missing.pem: no such file' '$ERR'"
mkdir -p "$WORK/unreadable.pem"
ASTRO_CA_FILE="$WORK/unreadable.pem" login
check "an ASTRO_CA_FILE that is no file: exit 4, with the reason" bash -c "[ $RC = 4 ] && grep -qF 'ASTRO_CA_FILE=$WORK/unreadable.pem cannot be read: ' '$ERR' && grep -qF 'is not a regular file' '$ERR'"
ASTRO_CA_FILE="$PKI/ca.pem" run_astro login astronomer-stage.io --token-login "@$WORK/token"
check "a certificate for another name: exit 4" rc_is 4
check "a certificate for another name: says so" err_has "is for another name"
export ASTRO_CA_FILE="$PKI/ca.pem"

# Proxies: upper and lower case, NO_PROXY, loopback never.
HTTPS_PROXY=http://127.0.0.1:8888 login
check "HTTPS_PROXY: logged in through the proxy" rc_is 0
N1="$(connects)"
check "the proxy's log shows astro's CONNECTs ($N1)" [ "$N1" -ge 2 ]
check "to both names" bash -c "grep -q 'CONNECT.*api.astronomer-dev.io:443' '$WORK/proxy.log' && grep -q 'CONNECT.*auth.astronomer-dev.io:443' '$WORK/proxy.log'"
https_proxy=127.0.0.1:8888 login
N2="$(connects)"
check "https_proxy (lower case, no scheme): through the proxy too ($N1 -> $N2)" bash -c "[ $RC = 0 ] && [ $N2 -gt $N1 ]"
ALL_PROXY=http://127.0.0.1:8888 login
N3="$(connects)"
check "ALL_PROXY: through the proxy ($N2 -> $N3)" bash -c "[ $RC = 0 ] && [ $N3 -gt $N2 ]"
HTTPS_PROXY=http://127.0.0.1:8888 NO_PROXY=.astronomer-dev.io login
check "NO_PROXY=.astronomer-dev.io: logged in directly" rc_is 0
check "(no new CONNECT)" [ "$(connects)" = "$N3" ]
HTTPS_PROXY=http://127.0.0.1:8888 no_proxy=astronomer-dev.io login
check "no_proxy (lower case): directly" bash -c "[ $RC = 0 ] && [ $(connects) = $N3 ]"

# Proxy failures name the proxy, never its password.
HTTPS_PROXY=http://127.0.0.1:1 login
check "a proxy that refuses: exit 4" rc_is 4
# (Qt 6.8 reports a refused proxy as such; Qt 6.4 as an unknown error whose text says it.)
check "a proxy that refuses: named, with its variable" \
  grep -qE 'the proxy http://127\.0\.0\.1:1 \(HTTPS_PROXY\) (refused the connection|failed: Proxy connection refused)' "$ERR"
HTTPS_PROXY=http://127.0.0.1:8889 login
check "a proxy that needs a password: exit 4" rc_is 4
check "a proxy that needs a password: says so" err_has "needs a user name and password"
HTTPS_PROXY="http://proxyuser:proxy-secret-$$@127.0.0.1:8889" login
check "with the password in HTTPS_PROXY: logged in" rc_is 0
HTTPS_PROXY="http://proxyuser:wrong-$$@127.0.0.1:8889" login
SECRETS+=("wrong-$$")
check "a wrong proxy password: exit 4" rc_is 4
check "a wrong proxy password: says the given ones were refused, not that none were given" \
  bash -c "grep -qF 'user name and password given in the variable' '$ERR' && ! grep -qF 'needs a user name and password' '$ERR'"
HTTPS_PROXY=ftp://127.0.0.1:8888 login
check "an unusable proxy variable: exit 4, naming it" bash -c "[ $RC = 4 ] && grep -qF 'the proxy in HTTPS_PROXY is not one astro can use' '$ERR'"

# The callback listener never goes through a proxy: a SOCKS all_proxy that leads nowhere
# does not stop a browser login whose server is reached directly.
BROWSER_WRAPPER="$WORK/browser.sh"
printf '#!/bin/sh\nunset ALL_PROXY all_proxy\nexec "%s" "$@"\n' "$ROOT/tests/support/curl-browser.sh" >"$BROWSER_WRAPPER"
chmod +x "$BROWSER_WRAPPER"
ALL_PROXY=socks5://127.0.0.1:9 NO_PROXY=astronomer-dev.io BROWSER="$BROWSER_WRAPPER" run_astro login astronomer-dev.io --callback-port 0 --timeout 20
check "a browser login with a SOCKS all_proxy set: the listener is reached directly" rc_is 0

check "no token or proxy password in any output" assert_no_secret_in "$WORK/all-output"
finish
