#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Measures `m2drop import` of a generated stock drop (bench/generate.sh
# stock N: SKUs BENCH-1..N at the default source) against `m2drop sim`
# seeded with those N products: Magento calls by route, wall time and peak
# RSS of the import. Issue 6 asks for at most ceil(N / batch_size) saves plus
# the SKU look-ups (ceil(N / page_size) product searches). Needs GNU time
# (Debian package `time`), curl and python3.
#   bench/stock_import.sh [path/to/m2drop] [rows] [batch_size]
set -euo pipefail
cd "$(dirname "$0")/.."
m2drop=$(realpath "${1:-build/m2drop}")
rows=${2:-100000}
batch=${3:-100}
page=300
work=$(mktemp -d)
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/inbox" "$work/state"
bench/generate.sh stock "$rows" >"$work/inbox/stock-$rows.csv"
python3 - "$rows" >"$work/seed.json" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({
    "auth": {"tokens": ["bench-token"]},
    "sources": [{"source_code": "default", "name": "Default Source"}],
    "products": [{"sku": f"BENCH-{i}", "type": "simple"} for i in range(1, n + 1)],
}))
PY

"$m2drop" sim --port 0 --seed "$work/seed.json" >"$work/sim.out" 2>&1 &
sim_pid=$!
url=""
for _ in $(seq 1 300); do  # at most 30 s
  url=$(sed -n 's/^m2drop sim listening on //p' "$work/sim.out")
  [ -n "$url" ] && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.out" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "m2drop sim did not start" >&2; exit 1; }

echo bench-token >"$work/token"
cat >"$work/config.toml" <<TOML
[magento]
base_url = "$url"
auth = "token"
token_file = "$work/token"
rate_limit = 0
page_size = $page
[daemon]
state_dir = "$work/state"
[[profile]]
name = "stock"
kind = "stock"
inbox = "$work/inbox"
batch_size = $batch
TOML

/usr/bin/time -f '%e %M' -o "$work/time" \
  "$m2drop" import "$work/inbox/stock-$rows.csv" --profile stock --json \
  --config "$work/config.toml" >"$work/summary.json"
read -r wall rss_kb <"$work/time"
curl -sf "$url/_sim/requests" >"$work/requests.json"

python3 - "$work/summary.json" "$work/requests.json" "$rows" "$batch" "$page" \
  "$wall" "$rss_kb" <<'PY'
import json, math, sys
summary = json.load(open(sys.argv[1]))
routes = json.load(open(sys.argv[2]))["by_route"]
rows, batch, page = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
wall, rss_kb = float(sys.argv[6]), int(sys.argv[7])
count = lambda route: sum(routes.get(route, {}).values())
saves = count("POST /V1/inventory/source-items")
searches = count("GET /V1/products")
print(f"rows {rows}, batch_size {batch}, page_size {page}")
print(f"applied {summary['applied']}, failed {summary['failed']}, "
      f"deferred {summary['deferred']}, api_calls {summary['api_calls']}")
print(f"saves {saves} (bound {math.ceil(rows / batch)}), "
      f"product searches {searches} (ceil(rows / page_size) = "
      f"{math.ceil(rows / page)})")
print(f"wall {wall:.2f} s ({rows / wall:.0f} rows/s), peak RSS {rss_kb / 1024:.1f} MB")
sys.exit(0 if saves <= math.ceil(rows / batch) and summary["applied"] == rows else 1)
PY
