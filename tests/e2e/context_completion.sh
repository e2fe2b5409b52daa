#!/usr/bin/env bash
# Issue 6 §4-5: `astro context list|switch|delete`, `astro version`, and shell completion
# (the bash script in an interactive bash, the zsh one with compinit, the fish one in fish).
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
  # As bash calls it: COMP_LINE and COMP_POINT, and COMP_WORDS split at COMP_WORDBREAKS.
  local line="$*"
  PATH="$BIN_DIR:$PATH" HOME="$WORK" COMP_TEST_LINE="$line" bash --norc --noprofile -i -c \
    'source <(astro completion bash); eval "${COMP_TEST_SETUP:-}"; COMP_LINE="$COMP_TEST_LINE"; COMP_POINT=${#COMP_LINE}
     COMP_WORDS=(); w=""; for ((i = 0; i < ${#COMP_LINE}; i++)); do c="${COMP_LINE:i:1}"
       if [ "$c" = " " ]; then [ -n "$w" ] && COMP_WORDS+=("$w"); w=""
       elif [[ "$COMP_WORDBREAKS" == *"$c"* ]]; then [ -n "$w" ] && COMP_WORDS+=("$w"); COMP_WORDS+=("$c"); w=""
       else w+="$c"; fi; done; COMP_WORDS+=("$w"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
     _astro; printf "%s\n" "${COMPREPLY[@]}"' 2>/dev/null | LC_ALL=C sort | tr "\n" " "
}
check "completes commands" [ "$(complete_in_bash astro au)" = "auth " ]
check "completes auth subcommands" [ "$(complete_in_bash astro auth lo)" = "login logout " ]
check "completes login flags" [ "$(complete_in_bash astro login --tok)" = "--token-login " ]
check "completes known contexts" [ "$(complete_in_bash astro context switch 127)" = "$DOMAIN " ]
check "completes token --domain values" [ "$(complete_in_bash astro auth token --domain 127)" = "$DOMAIN " ]
check "completes shells" [ "$(complete_in_bash astro completion f)" = "fish " ]
# A domain with a port: bash splits the word at ":" (COMP_WORDBREAKS), and replaces only the
# part after it.
PORT="${DOMAIN#*:}"
check "bash: completes a domain after its colon" [ "$(complete_in_bash astro context switch 127.0.0.1:)" = "$PORT " ]
check "bash: and after part of the port" [ "$(complete_in_bash astro context switch "127.0.0.1:${PORT:0:2}")" = "$PORT " ]
check "bash: auth token offers no domain as an argument" [ "$(complete_in_bash astro auth token "")" = "--domain --help " ]
check "bash: logout offers no --json" [ "$(complete_in_bash astro logout --)" = "--help " ]
check "bash: -t @FILE completes files" [ "$(cd "$WORK" && touch tokenfile && complete_in_bash astro login -t @tokenf)" = "@tokenfile " ]
check "bash: context list offers --names" [ "$(complete_in_bash astro context list --n)" = "--names " ]
# zsh, with compinit (loaded by the script when it is not): its compadd calls are recorded.
complete_in_zsh() { # complete_in_zsh "LINE" [setup] [stubs after loading] -> the candidates, sorted
  PATH="$BIN_DIR:$PATH" HOME="$WORK" ZLINE="$1" zsh -f -c "${2:-}
    source <(astro completion zsh) || exit 1
    [[ \${_comps[astro]} == _astro ]] || { print 'not registered'; exit 1; }
    compadd() { local -a a; a=(\"\$@\"); local i=\${a[(i)--]}; (( i <= \$#a )) && a=(\"\${(@)a[i+1,-1]}\"); print -rl -- \$a }
    _files() { print -r -- FILES }; compset() { : }
    ${3:-}
    words=(\${=ZLINE}); [[ \$ZLINE == *' ' ]] && words+=(''); CURRENT=\$#words; _astro" 2>&1 | LC_ALL=C sort | tr "\n" " "
}
check "zsh: sourcing without compinit works" [ "$(complete_in_zsh "astro au")" = "auth completion context help login logout version " ]
check "zsh: and with compinit loaded first" [ "$(complete_in_zsh "astro au" "autoload -Uz compinit && compinit -u")" = "auth completion context help login logout version " ]
check "zsh: auth token offers no domain as an argument" [ "$(complete_in_zsh "astro auth token ")" = "--domain --help " ]
check "zsh: auth token --domain offers the domains" [ "$(complete_in_zsh "astro auth token --domain ")" = "$DOMAIN " ]
check "zsh: logout is not offered --json" [ "$(complete_in_zsh "astro logout ")" = "--help $DOMAIN " ]
check "zsh: auth status is offered --json" [ "$(complete_in_zsh "astro auth status ")" = "--help --json $DOMAIN " ]
check "zsh: -t @ completes files" [ "$(complete_in_zsh "astro login -t @")" = "FILES " ]

# fish: its own completion engine (complete -C).
complete_in_fish() { # complete_in_fish "LINE" -> the candidates (without descriptions), sorted
  (cd "$WORK" && PATH="$BIN_DIR:$PATH" HOME="$WORK" fish --no-config -c "astro completion fish | source; complete -C '$1'" 2>&1) |
    cut -f1 | LC_ALL=C sort | tr "\n" " "
}
check "fish: auth token -d offers the domains, and no files" [ "$(complete_in_fish "astro auth token -d ")" = "$DOMAIN " ]
check "fish: -t @ completes files" [ "$(complete_in_fish "astro login -t @tokenf")" = "@tokenfile " ]
check "fish: --callback-port offers no files" [ -z "$(complete_in_fish "astro login --callback-port ")" ]

check "completes auth exec and configure-docker" [ "$(complete_in_bash astro auth e)" = "exec " ] && [ "$(complete_in_bash astro auth co)" = "configure-docker " ]
check "completes exec flags" [ "$(complete_in_bash astro auth exec --e)" = "--env " ]
has_word() { [[ " $1 " == *" $2 "* ]]; }
check "completes a command after exec's --" has_word "$(complete_in_bash astro auth exec -- bas)" bash
# After `auth exec ... --` come COMMAND and its arguments: never astro's own flags or domains.
check "bash: after exec's --, ls -d is ls's flag (no domains)" bash -c "! [[ ' $(complete_in_bash astro auth exec -- ls -d "") ' == *' $DOMAIN '* ]]"
check "bash: git login after exec's -- offers no domains" bash -c "! [[ ' $(complete_in_bash astro auth exec -- git login "") ' == *' $DOMAIN '* ]]"
check "bash: with bash-completion, COMMAND's own completion (_command_offset at COMMAND, past -d DOMAIN:PORT)" \
  [ "$(COMP_TEST_SETUP='_command_offset() { COMPREPLY=("offset=$1:${COMP_WORDS[$1]}"); }' complete_in_bash astro auth exec -d "$DOMAIN" -- git chec)" = "offset=8:git " ]
check "zsh: after exec's --, COMMAND's completion (_normal on the words after --)" \
  [ "$(complete_in_zsh "astro auth exec -d $DOMAIN -- ls -d " "" '_normal() { print -r -- "NORMAL:${words[*]}:$CURRENT" }')" = "NORMAL:ls -d :3 " ]
check "zsh: auth exec offers its flags, not domains" [ "$(complete_in_zsh "astro auth exec ")" = "-- --domain --env --help " ]
complete_in_fish_wrapped() { # as complete_in_fish, with fish's own completions for other commands
  (cd "$WORK" && PATH="$BIN_DIR:$PATH" HOME="$WORK" fish --no-config -c "set fish_complete_path /usr/share/fish/completions; astro completion fish | source; complete -C '$1'" 2>&1) |
    cut -f1 | LC_ALL=C sort | tr "\n" " "
}
direct_in_fish() {
  (cd "$WORK" && HOME="$WORK" fish --no-config -c "set fish_complete_path /usr/share/fish/completions; complete -C '$1'" 2>&1) | cut -f1 | LC_ALL=C sort | tr "\n" " "
}
check "fish: after exec's --, ls's own options" [ "$(complete_in_fish_wrapped "astro auth exec -- ls --al")" = "--all --almost-all " ]
check "fish: the same after -d DOMAIN" [ "$(complete_in_fish_wrapped "astro auth exec -d $DOMAIN -- ls --al")" = "--all --almost-all " ]
check "fish: the same after --env NAME -d DOMAIN" [ "$(complete_in_fish_wrapped "astro auth exec --env X -d $DOMAIN -- ls --al")" = "--all --almost-all " ]
check "fish: git login after exec's -- is what fish offers for git login (no domains)" \
  bash -c "[ \"\$1\" = \"\$2\" ] && ! [[ \" \$1 \" == *' $DOMAIN '* ]]" _ "$(complete_in_fish_wrapped "astro auth exec -- git login ")" "$(direct_in_fish "git login ")"
check "fish: ls -d after exec's -- offers no domains" bash -c "! [[ ' $(complete_in_fish_wrapped "astro auth exec -- ls -d ") ' == *' $DOMAIN '* ]]"
check "fish: a command right after exec's --" has_word "$(complete_in_fish_wrapped "astro auth exec -- bas")" bash
check "fish: astro help offers the commands" [ "$(complete_in_fish "astro help ")" = "auth completion context login logout version " ]
for sh in zsh fish powershell; do
  run_astro completion $sh
  check "prints the $sh script" bash -c "[ $RC = 0 ] && [ -s '$OUT' ]"
done
run_astro completion tcsh
check "an unknown shell is a usage error" rc_is 2
finish
