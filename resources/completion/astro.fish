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
# astro's own words: those before `auth exec`'s "--" (after it come COMMAND and its arguments).
function __astro_words
    set -l words (commandline -opc)
    set -l i (contains -i -- -- $words)
    and set words $words[1..(math $i - 1)]
    printf '%s\n' $words
end
# __astro_seen WORD...: one of WORDs is among astro's own words (as __astro_seen).
function __astro_seen
    set -l words (__astro_words)
    set -e words[1]
    for w in $argv
        contains -- $w $words; and return 0
    end
    return 1
end
# Exactly these words so far: `__astro_words_are astro help`.
function __astro_words_are
    test "$(__astro_words | string join " ")" = "$argv"
end
# After `auth exec ... --`: COMMAND, then COMMAND's own completions (as complete -C wrappers
# such as sudo's do), whatever flags came before the "--".
function __astro_after_dashes
    __astro_seen exec; and contains -- -- (commandline -opc)
end
function __astro_exec_command
    set -l words (commandline -opc)
    set -l i (contains -i -- -- $words)
    set -l rest
    test $i -lt (count $words); and set rest (string escape -- $words[(math $i + 1)..-1])
    complete -C "$rest $(commandline -ct)"
end
complete -c astro -f
complete -c astro -n '__fish_use_subcommand' -a 'auth login logout context completion version help'
complete -c astro -n '__astro_words_are astro help' -a 'auth login logout context completion version'
complete -c astro -n '__astro_seen auth; and not __astro_seen login logout token status exec configure-docker' -a 'login logout token status exec configure-docker'
complete -c astro -n '__astro_seen login' -l token-login -s t -x -a '(__astro_token_value)' -d 'Log in with a token (TOKEN, - or @FILE)'
complete -c astro -n '__astro_seen login' -l login-link -s l -d 'Print the link for another device'
complete -c astro -n '__astro_seen login' -l device-code -d 'Log in with a device code'
complete -c astro -n '__astro_seen login' -l browser -d 'Open a browser anyway'
complete -c astro -n '__astro_seen login' -l no-browser -d 'Never open a browser'
complete -c astro -n '__astro_seen login' -l callback-port -x -d 'Callback port (0 = any)'
complete -c astro -n '__astro_seen login' -l timeout -x -d 'Seconds to wait'
complete -c astro -n '__astro_seen login' -l apc -d 'Astro Private Cloud at a local domain'
complete -c astro -n '__astro_seen login' -l oauth -s o -d 'APC: paste an OAuth token'
complete -c astro -n '__astro_seen login' -l gui -d 'Log in in a window'
complete -c astro -n '__astro_seen token' -l domain -s d -x -a '(__astro_domains)'
complete -c astro -n '__astro_seen exec; and not contains -- -- (commandline -opc)' -l domain -s d -x -a '(__astro_domains)'
complete -c astro -n '__astro_seen exec; and not contains -- -- (commandline -opc)' -l env -x -d 'Variable for the token (default ASTRO_API_TOKEN)'
complete -c astro -n '__astro_after_dashes' -a '(__astro_exec_command)'
complete -c astro -n '__astro_seen configure-docker' -x -a 'images.astronomer.cloud images.astronomer-dev.cloud images.astronomer-stage.cloud'
complete -c astro -n '__astro_seen status' -l json -d 'Print JSON'
complete -c astro -n '__astro_seen login logout status switch delete' -a '(__astro_domains)'
complete -c astro -n '__astro_seen context; and not __astro_seen list switch delete' -a 'list switch delete'
complete -c astro -n '__astro_seen list' -l names -d 'Print only the domains'
complete -c astro -n '__astro_seen completion' -a 'bash zsh fish powershell'
