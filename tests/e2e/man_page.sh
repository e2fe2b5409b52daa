#!/usr/bin/env bash
# The man page (installer/astro.1) matches --help and the README (issue 13: "The README's
# command table and the man page match --help"): every command the help lists and every long
# option of its --help is in the man page, every exit status of the README's table is in its
# EXIT STATUS, and its examples never put a token on a command line.
source "$(dirname "$0")/lib.sh"
MAN="$ROOT/installer/astro.1"
man_has() { grep -qF -- "$1" "$MAN"; }
roff() { printf '%s' "$1" | sed 's/-/\\-/g'; } # "--login-link" -> "\-\-login\-link"

# The commands, as the help lists them (the one command table).
commands=()
while read -r path; do commands+=("$path"); done < <(
  { "$ASTRO_BIN" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && NF {print $1, $2}' | grep '^auth '
    "$ASTRO_BIN" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && NF && $1 != "auth" {print $1}'
    "$ASTRO_BIN" context --help | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && NF {print "context", $1}'
  } | sort -u)
check "the help lists commands (auth exec, context list among them)" bash -c "printf '%s\n' \"\$@\" | grep -qx 'auth exec' && printf '%s\n' \"\$@\" | grep -qx 'context list'" _ "${commands[@]}"
for path in "${commands[@]}"; do
  check "man page has the command 'astro $path'" man_has "$(roff "$path")"
  # shellcheck disable=SC2086
  "$ASTRO_BIN" $path --help >"$OUT" 2>"$ERR"
  for opt in $(grep -oE '(^|[ ,])--[a-z][a-z-]*' "$OUT" | grep -oE -- '--[a-z-]+' | sort -u); do
    [ "$opt" = --help ] && continue
    check "man page has '$opt' of 'astro $path --help'" man_has "$(roff "$opt")"
  done
done
check "login's options include --gui (and the man page's LOGIN OPTIONS has it)" bash -c "sed -n '/^\.SH LOGIN OPTIONS/,/^\.SH /p' '$MAN' | grep -qF '\-\-gui'"

# EXIT STATUS: every code of the README's table.
for code in $(sed -n '/^## Exit codes/,/^## /p' "$ROOT/README.md" | grep -oE '^\| [0-9]+ \|' | grep -oE '[0-9]+'); do
  check "EXIT STATUS lists $code" bash -c "sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' '$MAN' | grep -qx '\.B $code'"
done
check "EXIT STATUS names SIGINT for 130 and SIGTERM for 143" bash -c "sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' '$MAN' | grep -q SIGINT && sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' '$MAN' | grep -q SIGTERM"
check "no example puts a token on a command line (\$(astro auth token))" bash -c "! sed -n '/^\.SH EXAMPLES/,/^\.SH /p' '$MAN' | sed -n '/^\.nf/,/^\.fi/p' | grep -qF 'astro auth token'"
check "the examples use astro auth exec" bash -c "sed -n '/^\.SH EXAMPLES/,/^\.SH /p' '$MAN' | grep -qF 'astro auth exec'"
finish
