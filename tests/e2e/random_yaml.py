#!/usr/bin/env python3
"""Random config.yaml documents for tests/e2e/config_types.sh, and the comparison.

generate SEED N KEY DOMAIN PREFIX: writes PREFIX.0 .. PREFIX.N-1
compare BEFORE AFTER KEY: exit 0 when both read the same (PyYAML) outside the fields astro owns
"""
import random
import sys

import yaml

OWNED = ("domain", "user_email", "organization", "organization_product", "workspace", "last_used_workspace")

# Texts that a YAML 1.1 reader resolves to something other than a string when plain.
TRICKY = ["0012", "yes", "no", "on", "off", "Yes", "NO", "true", "False", "y", "n", "~", "null", "Null",
          "2024-01-01", "2001-12-14t21:59:43.10-05:00", "443", "-7", "+12", "0x1F", "0o17", "0b101", "1_000",
          "1e3", "3.14", ".5", "-.inf", ".Inf", "1:20", "190:20:30", "000123", "=", "<<", "", " ",
          "a: b", "- x", "#no", "x #y", "[1]", "{a: 1}", "'q'", '"dq"', "multi\nline", "tab\there",
          "émoji ✓", "@at", "`tick", "%pct", "!bang", "&amp", "*star", "|pipe", ">gt", "?q", "key:", ",c"]
WORDS = ["alpha", "Beta", "gamma delta", "x-y_z", "v1.2.3", "https://example.com/a?b=c", "me@example.com"]


def scalar_text(rng):
    """A scalar in YAML source form: plain, single-quoted, double-quoted or a block literal."""
    value = rng.choice(TRICKY + WORDS + [str(rng.randint(-1000, 100000))])
    style = rng.choice(["plain", "single", "double", "double", "literal"])
    if style == "plain" and value[:1] not in set("&*!|>'\"%@`?:,[]{}#"):
        try:
            loaded = yaml.safe_load("k: " + value)
            if isinstance(loaded, dict) and not isinstance(loaded["k"], (dict, list)) and "\n" not in value and value.strip() == value and value:
                return value
        except yaml.YAMLError:
            pass
    if style == "plain":
        style = "double"
    if style == "single" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == "literal" and value.strip() and "\n" not in value and value.strip() == value:
        return "|-\n{indent}" + value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def key_text(rng):
    k = scalar_text(rng)
    return k if not k.startswith("|") else '"k"'


def emit(rng, depth, indent, lines, used):
    for _ in range(rng.randint(1, 4)):
        key = key_text(rng)
        parsed = yaml.safe_load("? " + key + "\n: x") if not key.startswith("|") else key
        marker = repr(list(parsed.keys())[0]) if isinstance(parsed, dict) else key
        if marker in used:
            continue
        used.add(marker)
        kind = rng.random()
        if depth < 3 and kind < 0.2:
            lines.append(f"{indent}{key}:")
            emit(rng, depth + 1, indent + "  ", lines, set())
        elif depth < 3 and kind < 0.3:
            lines.append(f"{indent}{key}:")
            for _ in range(rng.randint(1, 3)):
                v = scalar_text(rng).replace("{indent}", indent + "    ")
                lines.append(f"{indent}  - {v}")
        elif kind < 0.35:
            lines.append(f"{indent}{key}:")
        else:
            v = scalar_text(rng).replace("{indent}", indent + "  ")
            lines.append(f"{indent}{key}: {v}")


def generate(seed, n, key, domain, prefix):
    rng = random.Random(seed)
    for i in range(n):
        for _attempt in range(50):
            lines = []
            if rng.random() < 0.7:
                lines.append(f"context: {rng.choice([key, 'other_example_com', chr(34) + '0012' + chr(34)])}")
            emit(rng, 1, "", lines, {"'context'", "'contexts'"})
            lines.append("contexts:")
            if rng.random() < 0.8:
                lines.append(f"  {key}:")
                lines.append(f"    domain: {domain}")
                emit(rng, 2, "    ", lines, {repr(f) for f in OWNED} | {"'domain'"})
            lines.append("  other_example_com:")
            lines.append("    domain: other.example.com")
            emit(rng, 2, "    ", lines, {"'domain'"})
            text = "\n".join(lines) + "\n"
            try:
                yaml.safe_load(text)
            except yaml.YAMLError:
                continue
            break
        with open(f"{prefix}.{i}", "w") as f:
            f.write(text)


def strip_owned(doc, key):
    doc = dict(doc or {})
    doc.pop("context", None)
    contexts = dict(doc.get("contexts") or {})
    if key in contexts:
        ctx = dict(contexts[key] or {})
        for f in OWNED:
            ctx.pop(f, None)
        if ctx:
            contexts[key] = ctx
        else:
            contexts.pop(key)
    doc["contexts"] = contexts
    return doc


def compare(before, after, key):
    a = strip_owned(yaml.safe_load(open(before)), key)
    try:
        b = strip_owned(yaml.safe_load(open(after)), key)
    except yaml.YAMLError as e:
        print(f"unreadable after the login: {e}")
        return 1
    if a != b:
        print(f"differs: {a!r}\n     vs: {b!r}")
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
