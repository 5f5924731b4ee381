#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Writes a synthetic drop of N rows to stdout, shaped like the samples:
#   bench/generate.sh tracking 1000000 > /tmp/tracking-1m.csv
#   bench/generate.sh stock 100000 > /tmp/stock-100k.csv
# Order numbers are 9-digit, zero-padded, from 100000001 up; SKUs BENCH-<n>.
set -euo pipefail
kind=${1:?usage: generate.sh tracking|stock ROWS}
rows=${2:?usage: generate.sh tracking|stock ROWS}
case "$kind" in
  tracking)
    awk -v n="$rows" 'BEGIN {
      print "order_number,tracking_number,carrier_code,title,sku,qty"
      for (i = 1; i <= n; i++)
        printf "%09d,1Z%016d,ups,\"UPS Ground, 2-day\",BENCH-%d,1\n", 100000000 + i, i, i
    }'
    ;;
  stock)
    awk -v n="$rows" 'BEGIN {
      print "source_code,sku,status,quantity"
      for (i = 1; i <= n; i++) printf "default,BENCH-%d,1,%d.5\n", i, i % 1000
    }'
    ;;
  *)
    echo "usage: generate.sh tracking|stock ROWS" >&2
    exit 2
    ;;
esac
