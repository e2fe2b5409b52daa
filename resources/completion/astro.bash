# bash completion for astro (astro-auth). Load with: source <(astro completion bash)
__astro_domains() { astro context list --names 2>/dev/null; }
__astro_candidates() { # words... (the last one is being completed) -> COMPREPLY
  local -a words=("$@")
  local cword=$((${#words[@]} - 1))
  local cur="${words[cword]}" prev="${words[cword-1]}" cmd="${words[1]}" sub="${words[2]}"
  local login_flags="--token-login --login-link --device-code --browser --no-browser --callback-port --timeout --apc --oauth --gui --help"
  if [ "$cword" -eq 1 ]; then
    COMPREPLY=($(compgen -W "auth login logout context completion version help" -- "$cur")); return
  fi
  if [ "$cmd" = auth ] && [ "$sub" = exec ]; then # after exec's "--": COMMAND and its arguments
    local i; for ((i = 3; i < cword; i++)); do
      if [ "${words[i]}" = "--" ]; then
        if [ $((i + 1)) -eq "$cword" ]; then COMPREPLY=($(compgen -c -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
        return
      fi
    done
  fi
  case "$prev" in
    -d|--domain) COMPREPLY=($(compgen -W "$(__astro_domains)" -- "$cur")); return ;;
    switch|delete) [ "$cmd" = context ] && COMPREPLY=($(compgen -W "$(__astro_domains)" -- "$cur")); return ;;
    -t|--token-login)
      # TOKEN, - (stdin) or @FILE
      if [[ "$cur" == @* ]]; then
        local f; COMPREPLY=(); while IFS= read -r f; do COMPREPLY+=("@$f"); done < <(compgen -f -- "${cur#@}")
      fi
      return ;;
    --callback-port|--timeout) return ;;
  esac
  [ "$cmd" = auth ] && { cmd="$sub"; [ "$cword" -eq 2 ] && { COMPREPLY=($(compgen -W "login logout token status exec configure-docker" -- "$cur")); return; }; }
  case "$cmd" in
    exec) COMPREPLY=($(compgen -W "--domain --env --help --" -- "$cur")) ;;
    configure-docker) COMPREPLY=($(compgen -W "--help images.astronomer.cloud images.astronomer-dev.cloud images.astronomer-stage.cloud" -- "$cur")) ;;
    login) COMPREPLY=($(compgen -W "$login_flags $(__astro_domains)" -- "$cur")) ;;
    logout) COMPREPLY=($(compgen -W "--help $(__astro_domains)" -- "$cur")) ;;
    token) COMPREPLY=($(compgen -W "--domain --help" -- "$cur")) ;;
    status) COMPREPLY=($(compgen -W "--json --help $(__astro_domains)" -- "$cur")) ;;
    context)
      if [ "$cword" -eq 2 ]; then COMPREPLY=($(compgen -W "list switch delete" -- "$cur"))
      elif [ "${words[2]}" = list ]; then COMPREPLY=($(compgen -W "--names --help" -- "$cur")); fi ;;
    completion) [ "$cword" -eq 2 ] && COMPREPLY=($(compgen -W "bash zsh fish powershell --help" -- "$cur")) ;;
    version) COMPREPLY=($(compgen -W "--help" -- "$cur")) ;;
    help) [ "$cword" -eq 2 ] && COMPREPLY=($(compgen -W "auth login logout context completion version" -- "$cur")) ;;
  esac
}
_astro() {
  # The words as typed: bash splits COMP_WORDS at COMP_WORDBREAKS, which holds ":", so a
  # domain with a port (127.0.0.1:8080) would be three words.
  local -a words
  local line="${COMP_LINE:0:COMP_POINT}"
  read -r -a words <<<"$line"
  if [ "${#words[@]}" -eq 0 ] || [[ "$line" =~ [[:space:]]$ ]]; then words+=(""); fi
  COMPREPLY=()
  # After `auth exec ... --`, with bash-completion loaded: COMMAND's own completion, as
  # bash-completion's sudo and env completions hand over (_command_offset).
  if declare -F _command_offset >/dev/null && [ "${COMP_WORDS[1]}" = auth ] && [ "${COMP_WORDS[2]}" = exec ]; then
    local j; for ((j = 3; j < COMP_CWORD; j++)); do
      if [ "${COMP_WORDS[j]}" = "--" ]; then _command_offset $((j + 1)); return; fi
    done
  fi
  __astro_candidates "${words[@]}"
  # As bash-completion's __ltrim_colon_completions: bash replaces only the part after the
  # last ":" of the word, so the candidates must not repeat what comes before it.
  local cur="${words[${#words[@]}-1]}"
  if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
    local prefix="${cur%"${cur##*:}"}" i
    for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="${COMPREPLY[i]#"$prefix"}"; done
  fi
}
complete -F _astro astro
