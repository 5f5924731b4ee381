#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Measures `m2drop validate` on generated tracking and stock drops of growing
# size: wall time, rows/s and peak RSS. Flat RSS across sizes shows the
# reader streams. Needs GNU time (Debian package `time`).
#   bench/validate_rss.sh [path/to/m2drop] [rows ...]
set -euo pipefail
cd "$(dirname "$0")/.."
m2drop=$(realpath "${1:-build/m2drop}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/config.toml" <<TOML
[[profile]]
name = "tracking"
kind = "tracking"
inbox = "$work/t/inbox"
[[profile]]
name = "stock"
kind = "stock"
inbox = "$work/s/inbox"
TOML

printf '| kind | rows | file MB | wall s | rows/s | peak RSS MB |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
for kind in tracking stock; do
  for rows in "${sizes[@]}"; do
    file="$work/$kind-$rows.csv"
    bench/generate.sh "$kind" "$rows" >"$file"
    /usr/bin/time -f '%e %M' -o "$work/time" \
      "$m2drop" validate "$file" --profile "$kind" --config "$work/config.toml" \
      >/dev/null
    read -r wall rss_kb <"$work/time"
    awk -v k="$kind" -v n="$rows" -v w="$wall" -v r="$rss_kb" \
        -v b="$(stat -c %s "$file")" 'BEGIN {
      printf "| %s | %d | %.1f | %.2f | %.0f | %.1f |\n",
             k, n, b / 1048576, w, (w > 0 ? n / w : 0), r / 1024 }'
    rm -f "$file"
  done
done
