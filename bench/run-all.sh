#!/usr/bin/env bash
# Runs every benchmark in turn (never two at once; about 10 minutes on 2 cores) and
# leaves the figures in bench/results/. See BENCHMARKS.md for what each one measures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/token.sh"
"$here/profile.sh"
"$here/probes.sh"
"$here/login.sh"
"$here/refresh.sh"
"$here/credential-helper.sh"
