#!/usr/bin/env bash
# Issue 9 §1: text from a server or a file (email, organization and workspace names,
# error_description, the device user_code, a domain in config.yaml) never sends a control
# sequence to the terminal: no ESC (0x1b) or BEL (0x07) byte in anything astro prints.
source "$(dirname "$0")/lib.sh"
start_server --device-interval 1
export ASTRO_CREDENTIAL_STORE=file
unset BROWSER
EVIL='\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202e\nForged: a line of its own'
# No ESC, BEL, C1 CSI (U+009B) or bidi override (U+202E), and no line forged by a newline.
no_control_bytes() {
  ! LC_ALL=C grep -q $'[\x1b\x07]' "$@" && ! LC_ALL=C grep -qF $'\xc2\x9b' "$@" &&
    ! LC_ALL=C grep -qF $'\xe2\x80\xae' "$@" && ! grep -q '^Forged:' "$@"
}
replaced() { grep -qF $'\xef\xbf\xbd' "$@"; } # U+FFFD: the text arrived, made visible
server_config "{\"displayText\":{\"email\":\"evil${EVIL}@astro.test\",\"organization\":\"Org ${EVIL}\",\"workspace\":\"WS ${EVIL}\",\"errorDescription\":\"denied ${EVIL}\",\"userCode\":\"AB${EVIL}CD\"}}"

# 1. A token login: email, organization and workspace names.
run_astro_stdin "$(mint_token one@astro.test)" login "$DOMAIN" --token-login -
check "token login with hostile names works" rc_is 0
check "the names were shown (escapes replaced by U+FFFD)" replaced "$OUT"
check "the organization name is shown" out_has "Org "
check "no ESC or BEL byte in its output" no_control_bytes "$OUT" "$ERR"

# 2. auth status and context list show the stored email and the domain from config.yaml.
run_astro auth status
check "auth status shows the email" replaced "$OUT" "$ERR"
check "no ESC or BEL byte in auth status" no_control_bytes "$OUT" "$ERR"
run_astro auth status --json
check "no ESC or BEL byte in auth status --json" no_control_bytes "$OUT" "$ERR"
CFG="$ASTRO_HOME/.astro/config.yaml"
# (Under the existing contexts: mapping: a second contexts: key would make the file corrupt.)
sed -i 's/^contexts:$/contexts:\n  evil:\n    domain: "evil\\e]0;PWNED\\a\\e[2J.example"/' "$CFG"
grep -q '^  evil:$' "$CFG" || echo "display_text: could not add the hostile context to $CFG" >&2
run_astro context list
check "context list works with a hostile domain in config.yaml" rc_is 0
check "context list shows it (replaced)" replaced "$OUT"
check "no ESC or BEL byte in context list" no_control_bytes "$OUT" "$ERR"
run_astro context switch evil
check "no ESC or BEL byte in context switch" no_control_bytes "$OUT" "$ERR"
run_astro logout "$DOMAIN"

# 3. A denied browser login: the error_description comes back in the callback.
server_config '{"deny":true}'
BROWSER="$ROOT/tests/support/curl-browser.sh" run_astro login "$DOMAIN" --browser --callback-port 0 --timeout 30
check "a denied login fails" bash -c "[ $RC -ne 0 ]"
check "and shows the error_description (replaced)" replaced "$ERR"
check "no ESC or BEL byte in a denied login" no_control_bytes "$OUT" "$ERR"
server_config '{"deny":false}'

# 4. The device code: user_code on stdout (the code then expires).
server_config '{"deviceCodeTtl":2}'
run_astro login "$DOMAIN" --device-code
check "the device login shows the user code (replaced)" replaced "$OUT"
check "no ESC or BEL byte in a device login" no_control_bytes "$OUT" "$ERR"

# 5. On a real terminal too (the device code, with its QR code).
pty_start "$ASTRO_BIN" login "$DOMAIN" --device-code
pty_finish
check "the user code reached the terminal (replaced)" replaced "$OUT"
check "no ESC or BEL byte reached the terminal" no_control_bytes "$OUT"
finish
