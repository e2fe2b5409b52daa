#!/usr/bin/env bash
# Checks the Qt Linguist catalogues in translations/ (CI and before a commit):
#   1. they are up to date: lupdate over src/ would not change them (a new, changed or removed
#      message fails; `-locations none` keeps line numbers out, and <location> lines are
#      ignored anyway);
#   2. every message is finished and has a non-empty translation;
#   3. each translation keeps its source's %1..%99 placeholders, and its leading and trailing
#      whitespace and line breaks (the CLI's output layout depends on them);
#   4. lrelease compiles each catalogue;
#   5. one term per concept: where the English source names a concept of translations/glossary.tsv
#      (workspace, organization, context, token, ...), the translation uses that concept's word.
# Prints one `ok - ...` / `not ok - ...` line per check and a final `N passed, M failed` line;
# exits 1 when any check failed.
#
# To fix a stale catalogue: cmake --build <build dir> --target astro_i18n_lupdate (or run the
# lupdate line below on the real files), translate the new messages (Qt Linguist, or by hand:
# remove type="unfinished"), and run this script again.
#
# Needs lupdate and lrelease (Debian: qt6-l10n-tools; or set LUPDATE and LRELEASE) and python3.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

find_tool() { # name, env override
    local name="$1" override="$2"
    if [ -n "$override" ]; then echo "$override"; return; fi
    for c in "/usr/lib/qt6/bin/$name" "$(command -v "${name}-qt6" 2>/dev/null)" "$(command -v "${name}6" 2>/dev/null)" \
             "$(command -v "$name" 2>/dev/null)"; do
        if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return; fi
    done
}
LUPDATE="$(find_tool lupdate "${LUPDATE:-}")"
LRELEASE="$(find_tool lrelease "${LRELEASE:-}")"
# Keep these options in step with ASTRO_LUPDATE_OPTIONS in cmake/Translations.cmake.
LUPDATE_OPTIONS=(-silent -locations none -no-obsolete -source-language en)

passed=0
failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
ts_files=(translations/astro_*.ts)
if [ "${#ts_files[@]}" -eq 0 ]; then
    not_ok "no translations/astro_*.ts found"
fi

# 1. Up to date.
if [ -z "$LUPDATE" ]; then
    not_ok "lupdate not found (install qt6-l10n-tools or set LUPDATE)"
else
    for ts in "${ts_files[@]}"; do
        name="$(basename "$ts")"
        cp "$ts" "$tmp/$name"
        if ! "$LUPDATE" "${LUPDATE_OPTIONS[@]}" src -ts "$tmp/$name" >"$tmp/$name.log" 2>&1; then
            not_ok "$name: lupdate failed: $(tr '\n' ' ' <"$tmp/$name.log")"
            continue
        fi
        if diff -u --label "$ts" --label "$ts (after lupdate)" <(grep -v '<location ' "$ts") \
                <(grep -v '<location ' "$tmp/$name") >"$tmp/$name.diff"; then
            ok "$name is up to date with the sources (lupdate changes nothing)"
        else
            not_ok "$name is stale: lupdate over src/ would change it:"
            sed 's/^/#   /' "$tmp/$name.diff" | head -60
        fi
    done
fi

# 2 and 3. Finished, non-empty, same placeholders and surrounding whitespace.
if ! command -v python3 >/dev/null 2>&1; then
    not_ok "python3 not found: cannot read the .ts files"
elif [ "${#ts_files[@]}" -gt 0 ]; then
    python3 - "${ts_files[@]}" <<'EOF'
import re
import sys
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r'%(?:n|L?[1-9][0-9]?)')


def edges(text):
    """The leading and trailing whitespace, line breaks included."""
    lead = re.match(r'\s*', text).group(0)
    trail = re.search(r'\s*$', text).group(0) if text.strip() else ''
    return lead, trail


for path in sys.argv[1:]:
    name = path.rsplit('/', 1)[-1]
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f'not ok - {name}: not valid XML: {e}')
        continue
    count = 0
    unfinished, placeholders, layout = [], [], []
    for context in root.iter('context'):
        ctx = context.findtext('name', '')
        for message in context.iter('message'):
            count += 1
            source = message.findtext('source', '')
            translation = message.find('translation')
            where = f'{ctx}: {source[:70]!r}'
            if translation is None:
                unfinished.append(where + ' (no <translation>)')
                continue
            kind = translation.get('type', '')
            if message.get('numerus') == 'yes':
                texts = [f.text or '' for f in translation.iter('numerusform')]
            else:
                texts = [translation.text or '']
            if kind in ('unfinished', 'vanished', 'obsolete'):
                unfinished.append(f'{where} (type="{kind}")')
            elif not texts or any(not t.strip() for t in texts):
                unfinished.append(where + ' (empty translation)')
            for text in texts:
                if not text.strip():
                    continue
                if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(text))):
                    placeholders.append(f'{where}: {text[:70]!r}')
                if edges(source) != edges(text):
                    layout.append(f'{where}: {text[:70]!r}')
    for problems, what in ((unfinished, f'every message is finished and translated ({count} messages)'),
                           (placeholders, 'every translation keeps its placeholders (%1, %2, ...)'),
                           (layout, 'every translation keeps its leading/trailing whitespace and line breaks')):
        if problems:
            print(f'not ok - {name}: {what}: {len(problems)} problem(s):')
            for p in problems[:40]:
                print(f'#   {p}')
        else:
            print(f'ok - {name}: {what}')
EOF
fi > "$tmp/xml.out"
if [ -s "$tmp/xml.out" ]; then
    cat "$tmp/xml.out"
    passed=$((passed + $(grep -c '^ok - ' "$tmp/xml.out")))
    failed=$((failed + $(grep -c '^not ok - ' "$tmp/xml.out")))
fi

# 5. One term per concept (translations/glossary.tsv).
if command -v python3 >/dev/null 2>&1 && [ "${#ts_files[@]}" -gt 0 ]; then
    python3 - translations/glossary.tsv "${ts_files[@]}" <<'EOF'
import re
import sys
import xml.etree.ElementTree as ET

rows = [line.rstrip('\n').split('\t') for line in open(sys.argv[1], encoding='utf-8')
        if line.strip() and not line.startswith('#')]
languages = rows[0][1:]
rows = rows[1:]


def prose(source):
    """The English source without what is not translated: quoted text, flags, variables and
    their values, and astro's command words."""
    s = re.sub(r"'[^']*'|\"[^\"]*\"", '', source)
    s = re.sub(r'\b[A-Z][A-Z0-9_]+=\S+|auto, keychain or file', '', s)
    s = re.sub(r'--[\w-]+|\b[A-Z][A-Z0-9_]+\b|\b\w+_token\b', '', s)
    s = re.sub(r'\bastro(?: [a-z][a-z-]*)+', '', s)
    s = re.sub(r'\b(?:auth|context) (?:login|logout|token|status|list|switch|delete|%1)\b', '', s)
    return s


for path in sys.argv[2:]:
    name = path.rsplit('/', 1)[-1]
    language = re.search(r'astro_([a-z]+)\.ts$', path).group(1)
    if language not in languages:
        print(f'not ok - {name}: no column for "{language}" in translations/glossary.tsv')
        continue
    column = languages.index(language) + 1
    problems = []
    for context in ET.parse(path).getroot().iter('context'):
        for message in context.iter('message'):
            source = message.findtext('source', '')
            translation = message.find('translation')
            text = ' '.join(t.text or '' for t in translation.iter()) if translation is not None else ''
            english = prose(source)
            for row in rows:
                if re.search(r'(?i)\b' + re.escape(row[0]) + r's?\b', english) and \
                        row[column].lower() not in text.lower():
                    problems.append(f'"{row[0]}" is "{row[column]}" here: {source[:60]!r} -> {text[:60]!r}')
    if problems:
        print(f'not ok - {name}: one term per concept (translations/glossary.tsv): {len(problems)} problem(s):')
        for p in problems[:40]:
            print(f'#   {p}')
    else:
        print(f'ok - {name}: one term per concept (translations/glossary.tsv, {len(rows)} terms)')
EOF
fi > "$tmp/terms.out"
if [ -s "$tmp/terms.out" ]; then
    cat "$tmp/terms.out"
    passed=$((passed + $(grep -c '^ok - ' "$tmp/terms.out")))
    failed=$((failed + $(grep -c '^not ok - ' "$tmp/terms.out")))
fi

# 4. Compiles.
if [ -z "$LRELEASE" ]; then
    not_ok "lrelease not found (install qt6-l10n-tools or set LRELEASE)"
else
    for ts in "${ts_files[@]}"; do
        name="$(basename "$ts" .ts)"
        if "$LRELEASE" -silent "$ts" -qm "$tmp/$name.qm" >"$tmp/$name.lrelease.log" 2>&1 && [ -s "$tmp/$name.qm" ]; then
            ok "$name.ts compiles with lrelease"
        else
            not_ok "$name.ts does not compile with lrelease: $(tr '\n' ' ' <"$tmp/$name.lrelease.log")"
        fi
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
