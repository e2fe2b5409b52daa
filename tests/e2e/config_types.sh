#!/usr/bin/env bash
# Issue 9 §2: a login keeps every value of config.yaml it does not own, with its type and
# value, as a YAML reader (PyYAML) sees it. A property test over random documents, plus the
# issue's examples; and the values astro writes itself read back as strings.
source "$(dirname "$0")/lib.sh"
start_server
export ASTRO_CREDENTIAL_STORE=file
CFG="$ASTRO_HOME/.astro/config.yaml"
KEY="${DOMAIN//./_}"
mkdir -p "$ASTRO_HOME/.astro"
SEED="${SEED:-$RANDOM}"
DOCS="${DOCS:-30}"
echo "# seed $SEED, $DOCS documents"
python3 "$ROOT/tests/e2e/random_yaml.py" generate "$SEED" "$DOCS" "$KEY" "$DOMAIN" "$WORK/doc" || exit 1

# The issue's examples, under a context of ours and at the top level.
cat >"$WORK/doc.examples" <<YAML
context: $KEY
zip: "0012"
answer: "yes"
switch: 'on'
day: "2024-01-01"
port: "443"
plain_int: 443
plain_bool: yes
contexts:
  $KEY:
    domain: $DOMAIN
    workspace: "000123"
    custom: "0012"
    flag: 'on'
  other_example_com:
    domain: other.example.com
    workspace: "000123"
    last_used_workspace: "0x1F"
    organization: "null"
    user_email: "~"
YAML
broken=0
for doc in "$WORK/doc.examples" "$WORK"/doc.[0-9]*; do
  cp "$doc" "$CFG"
  run_astro login "$DOMAIN" -t "$(mint_token one@astro.test)"
  if [ "$RC" != 0 ]; then
    broken=$((broken + 1)); echo "login failed on $(basename "$doc"): $(cat "$ERR")"; continue
  fi
  if ! python3 "$ROOT/tests/e2e/random_yaml.py" compare "$doc" "$CFG" "$KEY"; then
    broken=$((broken + 1)); echo "--- before"; cat "$doc"; echo "--- after"; cat "$CFG"
  fi
done
check "a login keeps every value it does not own, type and value (PyYAML, seed $SEED): $broken broken" [ "$broken" = 0 ]

# Values astro writes itself are strings for YAML readers (the context key, domain, email).
python3 - "$CFG" "$KEY" <<'PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
ctx = c["contexts"][sys.argv[2]]
bad = [k for k in ("domain", "user_email", "organization", "organization_product", "workspace", "last_used_workspace") if not isinstance(ctx.get(k), str)]
assert isinstance(c["context"], str), c["context"]
sys.exit(1 if bad else 0)
PY
check "the fields astro owns read back as strings" [ $? = 0 ]
check "no secret in config.yaml" assert_no_secret_in "$CFG"
finish
