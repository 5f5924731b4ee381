#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The benchmark of issue 8, one command: builds build/ (Release-like,
# scripts/dev.sh build) unless --binary is given, then runs bench/run.py,
# which writes bench/RESULTS.md. Needs python3, GNU time and taskset.
#   bench/run.sh [--quick] [--binary PATH] [--max-seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " != *" --binary "* ]]; then
  bash scripts/dev.sh build >/dev/null
fi
exec python3 bench/run.py "$@"
