# fish completion for astro (astro-auth). Load with: astro completion fish | source
function __astro_domains; astro context list --names 2>/dev/null; end
# The value of --token-login: TOKEN, - (stdin) or @FILE (files after the @).
function __astro_token_value
    set -l cur (commandline -ct)
    if string match -q -- '@*' $cur
        for f in (__fish_complete_path (string sub -s 2 -- $cur))
            echo "@$f"
        end
    else
        echo -e '-\tRead the token from stdin'
    end
end
complete -c astro -f
complete -c astro -n '__fish_use_subcommand' -a 'auth login logout context completion version help'
complete -c astro -n '__fish_seen_subcommand_from auth; and not __fish_seen_subcommand_from login logout token status exec configure-docker' -a 'login logout token status exec configure-docker'
complete -c astro -n '__fish_seen_subcommand_from login' -l token-login -s t -x -a '(__astro_token_value)' -d 'Log in with a token (TOKEN, - or @FILE)'
complete -c astro -n '__fish_seen_subcommand_from login' -l login-link -s l -d 'Print the link for another device'
complete -c astro -n '__fish_seen_subcommand_from login' -l device-code -d 'Log in with a device code'
complete -c astro -n '__fish_seen_subcommand_from login' -l browser -d 'Open a browser anyway'
complete -c astro -n '__fish_seen_subcommand_from login' -l no-browser -d 'Never open a browser'
complete -c astro -n '__fish_seen_subcommand_from login' -l callback-port -x -d 'Callback port (0 = any)'
complete -c astro -n '__fish_seen_subcommand_from login' -l timeout -x -d 'Seconds to wait'
complete -c astro -n '__fish_seen_subcommand_from login' -l apc -d 'Astro Private Cloud at a local domain'
complete -c astro -n '__fish_seen_subcommand_from login' -l oauth -s o -d 'APC: paste an OAuth token'
complete -c astro -n '__fish_seen_subcommand_from login' -l gui -d 'Log in in a window'
complete -c astro -n '__fish_seen_subcommand_from token' -l domain -s d -x -a '(__astro_domains)'
complete -c astro -n '__fish_seen_subcommand_from exec; and not contains -- -- (commandline -opc)' -l domain -s d -x -a '(__astro_domains)'
complete -c astro -n '__fish_seen_subcommand_from exec; and not contains -- -- (commandline -opc)' -l env -x -d 'Variable for the token (default ASTRO_API_TOKEN)'
complete -c astro -n '__fish_seen_subcommand_from exec; and contains -- -- (commandline -opc)' -a '(__fish_complete_subcommand --fcs-skip=4)'
complete -c astro -n '__fish_seen_subcommand_from configure-docker' -x -a 'images.astronomer.cloud images.astronomer-dev.cloud images.astronomer-stage.cloud'
complete -c astro -n '__fish_seen_subcommand_from status' -l json -d 'Print JSON'
complete -c astro -n '__fish_seen_subcommand_from login logout status switch delete' -a '(__astro_domains)'
complete -c astro -n '__fish_seen_subcommand_from context; and not __fish_seen_subcommand_from list switch delete' -a 'list switch delete'
complete -c astro -n '__fish_seen_subcommand_from list' -l names -d 'Print only the domains'
complete -c astro -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish powershell'
