# bash completion for astro (astro-auth). Load with: source <(astro completion bash)
_astro() {
  local cur prev words cword
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="${COMP_WORDS[1]}" sub="${COMP_WORDS[2]}"
  local login_flags="--token-login --login-link --device-code --browser --no-browser --callback-port --timeout --apc --oauth --help"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "auth login logout context completion version help" -- "$cur")); return
  fi
  case "$prev" in
    -d|--domain|switch|delete) COMPREPLY=($(compgen -W "$(astro context list --names 2>/dev/null)" -- "$cur")); return ;;
    -t|--token-login) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  case "$cmd" in
    auth)
      if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W "login logout token status exec configure-docker" -- "$cur")); return; fi
      case "$sub" in
        login) COMPREPLY=($(compgen -W "$login_flags $(astro context list --names 2>/dev/null)" -- "$cur")) ;;
        logout) COMPREPLY=($(compgen -W "--help $(astro context list --names 2>/dev/null)" -- "$cur")) ;;
        token) COMPREPLY=($(compgen -W "--domain --help" -- "$cur")) ;;
        exec) # after "--": the command and its arguments
          local i; for ((i = 3; i < COMP_CWORD; i++)); do
            if [ "${COMP_WORDS[i]}" = "--" ]; then
              if [ $((i + 1)) -eq "$COMP_CWORD" ]; then COMPREPLY=($(compgen -c -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
              return
            fi
          done
          COMPREPLY=($(compgen -W "--domain --env --help --" -- "$cur")) ;;
        configure-docker) COMPREPLY=($(compgen -W "--help images.astronomer.cloud images.astronomer-dev.cloud images.astronomer-stage.cloud" -- "$cur")) ;;
        status) COMPREPLY=($(compgen -W "--json --help $(astro context list --names 2>/dev/null)" -- "$cur")) ;;
      esac ;;
    login) COMPREPLY=($(compgen -W "$login_flags $(astro context list --names 2>/dev/null)" -- "$cur")) ;;
    logout) COMPREPLY=($(compgen -W "--help $(astro context list --names 2>/dev/null)" -- "$cur")) ;;
    context) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "list switch delete" -- "$cur")) ;;
    completion) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "bash zsh fish powershell" -- "$cur")) ;;
  esac
}
complete -F _astro astro
