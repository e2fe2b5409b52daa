#!/usr/bin/env bash
# Issue 6 §4-5: `astro context list|switch|delete`, `astro version`, and shell completion
# (the bash script loaded in an interactive bash and asked to complete).
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
T1="$(mint_token one@astro.test)"
run_astro login "$DOMAIN" -t "$T1"
LOCAL="localhost:${DOMAIN#*:}"
T2="$(mint_token many@astro.test)"
run_astro login "$LOCAL" -t "$T2"
check "a second context (localhost)" rc_is 0

run_astro context list
check "context list shows both domains" bash -c "grep -qF '$DOMAIN' '$OUT' && grep -qF '$LOCAL' '$OUT'"
check "and marks the current one" bash -c "grep -E '^ [0-9]+\\*' '$OUT' | grep -qF '$LOCAL'"
run_astro context list --names
check "context list --names prints only domains" [ "$(sort "$OUT" | tr '\n' ' ')" = "$(printf '%s\n' "$DOMAIN" "$LOCAL" | sort | tr '\n' ' ')" ]
run_astro context switch "$DOMAIN"
check "context switch" rc_is 0
run_astro auth token
check "auth token follows the switched context" out_is "$T1"
run_astro context switch nowhere.example
check "switching to an unknown context fails clearly" bash -c "[ $RC = 1 ] && grep -q 'no context for nowhere.example' '$ERR'"
run_astro context delete "$LOCAL"
check "context delete" out_has "Successfully deleted context: $LOCAL"
run_astro auth token -d "$LOCAL"
check "deleting a context deletes its credentials" err_has "no token found"
run_astro version
check "astro version" bash -c "grep -qE '^astro-auth [0-9]+\\.[0-9]+\\.[0-9]+' '$OUT'"
for c in "context --help" "context list --help" "completion --help" "version --help"; do
  run_astro $c
  check "--help: astro $c" rc_is 0
done

# Shell completion in an interactive bash.
BIN_DIR="$(dirname "$ASTRO_BIN")"
complete_in_bash() { # complete_in_bash WORD... -> the candidates for the last word
  local words="" w
  for w in "$@"; do words+="$(printf '%q ' "$w")"; done
  PATH="$BIN_DIR:$PATH" HOME="$WORK" bash --norc --noprofile -i -c \
    "source <(astro completion bash); COMP_WORDS=($words); COMP_CWORD=$(($# - 1)); _astro; printf '%s\n' \"\${COMPREPLY[@]}\"" 2>/dev/null | sort | tr '\n' ' '
}
check "completes commands" [ "$(complete_in_bash astro au)" = "auth " ]
check "completes auth subcommands" [ "$(complete_in_bash astro auth lo)" = "login logout " ]
check "completes login flags" [ "$(complete_in_bash astro login --tok)" = "--token-login " ]
check "completes known contexts" [ "$(complete_in_bash astro context switch 127)" = "$DOMAIN " ]
check "completes token --domain values" [ "$(complete_in_bash astro auth token --domain 127)" = "$DOMAIN " ]
check "completes shells" [ "$(complete_in_bash astro completion f)" = "fish " ]
check "completes auth exec and configure-docker" [ "$(complete_in_bash astro auth e)" = "exec " ] && [ "$(complete_in_bash astro auth co)" = "configure-docker " ]
check "completes exec flags" [ "$(complete_in_bash astro auth exec --e)" = "--env " ]
has_word() { [[ " $1 " == *" $2 "* ]]; }
check "completes a command after exec's --" has_word "$(complete_in_bash astro auth exec -- bas)" bash
for sh in zsh fish powershell; do
  run_astro completion $sh
  check "prints the $sh script" bash -c "[ $RC = 0 ] && [ -s '$OUT' ]"
done
run_astro completion tcsh
check "an unknown shell is a usage error" rc_is 2
finish
