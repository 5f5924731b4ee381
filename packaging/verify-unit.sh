#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks packaging/systemd/m2drop.service with `systemd-analyze verify`.
# verify needs the binary of ExecCondition and ExecStart to exist, so it
# checks a copy of the unit pointing at BINARY (default build/m2drop). Any
# message about the unit fails the check.
#
#   packaging/verify-unit.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/m2drop}")
[ -x "$binary" ] || { echo "verify-unit: no binary at $binary" >&2; exit 2; }
command -v systemd-analyze >/dev/null ||
  { echo "verify-unit: systemd-analyze is not installed (package systemd)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/bin/m2drop|$binary|" packaging/systemd/m2drop.service \
  > "$tmp/m2drop.service"
# Messages about other units on this machine are not ours: keep the lines
# naming m2drop.service.
out=$(systemd-analyze verify "$tmp/m2drop.service" 2>&1 || true)
ours=$(grep -F 'm2drop.service' <<<"$out" || true)
if [ -n "$ours" ]; then
  echo "$ours" >&2
  echo "verify-unit: packaging/systemd/m2drop.service has problems" >&2
  exit 1
fi
echo "verify-unit: packaging/systemd/m2drop.service verified"
