#!/usr/bin/env bash
# Issue 6 §3: the language follows the system locale (LC_ALL, LC_MESSAGES, LANG), with
# ASTRO_LANG as the override; English for C/POSIX.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
unset LC_ALL LC_MESSAGES
T="$(mint_token one@astro.test)"
LANG=de_DE.UTF-8 run_astro login "$DOMAIN" -t "$T"
check "LANG=de_DE.UTF-8: the login speaks German" out_has "Willkommen bei der Astro CLI"
check "   German success message" out_has "Erfolgreich bei Astronomer angemeldet"
LANG=de_DE.UTF-8 run_astro auth token -d nowhere.example
check "   German error on stderr" err_has "Fehler: kein Token gefunden"
LANG=fr_FR.UTF-8 run_astro auth status nowhere.example
check "LANG=fr_FR.UTF-8: French" out_has "Non connecté"
LANG=de_DE.UTF-8 ASTRO_LANG=ja run_astro auth token -d nowhere.example
check "ASTRO_LANG=ja overrides LANG" err_has "トークンが見つかりません"
LANG=de_DE.UTF-8 LC_MESSAGES=fr_FR.UTF-8 run_astro auth token -d nowhere.example
check "LC_MESSAGES wins over LANG" err_has "aucun jeton"
LANG=de_DE.UTF-8 LC_ALL=C run_astro auth token -d nowhere.example
check "LC_ALL=C: English" err_has "Error: no token found"
LANG=de_DE.UTF-8 run_astro auth token
check "the token itself is not affected" out_is "$T"
LANG=ja_JP.UTF-8 run_astro login --help
check "--help is translated too" out_has "ログイン"
LANG=de_DE.UTF-8 run_astro auth token --help
check "German help: the section titles and [flags] too" bash -c "grep -q '^Optionen:' '$OUT' && grep -q 'astro auth token \[Optionen\]' '$OUT' && ! grep -qE 'Options:|\[flags\]' '$OUT'"
LANG=fr_FR.UTF-8 run_astro auth status --help
check "French help: the section titles" bash -c "grep -q '^Options :' '$OUT' && grep -q '^Arguments :' '$OUT'"
LANG=ja_JP.UTF-8 run_astro --help
check "Japanese global help: [flags] too" bash -c "grep -qF 'astro <コマンド> [オプション]' '$OUT'"
finish
