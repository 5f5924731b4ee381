#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A tour of what m2drop does today, on the sample drops and the Magento
# simulator (nothing leaves this machine):
#   1. start `m2drop sim` with the demo catalog on a free loopback port;
#   2. `m2drop check-config` against it, with a good and a wrong token;
#   3. `m2drop inspect` on a German Excel export (BOM, ';', CRLF);
#   4. `m2drop validate` on every sample, the broken one included.
# Usage: scripts/demo.sh [path/to/m2drop]   (default build/m2drop)
set -euo pipefail
cd "$(dirname "$0")/.."
m2drop=$(realpath "${1:-build/m2drop}")
work=$(mktemp -d)
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@" || printf '(exit code %d)\n' "$?"; }

step "1. The Magento simulator with the demo catalog"
"$m2drop" sim --seed fixtures/sim/demo-seed.json --port 0 >"$work/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/sim.out" && break
  sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*' "$work/sim.out" | head -n 1)
[ -n "$url" ] || { cat "$work/sim.out"; exit 1; }
echo "simulator at $url"

mkdir -p "$work/3pl/inbox" "$work/erp/inbox"
printf 'demo-token\n' >"$work/token"
cat >"$work/config.toml" <<TOML
[magento]
base_url = "$url"
token_file = "$work/token"

[daemon]
state_dir = "$work/state"

[[profile]]
name = "3pl"
kind = "tracking"
inbox = "$work/3pl/inbox"

[[profile]]
name = "3pl-de"
kind = "tracking"
inbox = "$work/3pl-de/inbox"
[profile.columns]
order = ["Bestellnummer"]
tracking = ["Sendungsnummer"]
carrier = ["Versanddienstleister"]

[[profile]]
name = "msi"
kind = "stock"
inbox = "$work/msi/inbox"

[[profile]]
name = "erp"
kind = "stock"
inbox = "$work/erp/inbox"
[profile.columns]
sku = ["ITEMNO"]
source = ["WAREHOUSE"]
quantity = ["QTY_AVAILABLE"]
TOML
mkdir -p "$work/3pl-de/inbox" "$work/msi/inbox"

step "2. check-config: directories, the shop, the credentials"
show "$m2drop" check-config --config "$work/config.toml"
printf 'not-the-token\n' >"$work/token"
show "$m2drop" check-config --config "$work/config.toml"
printf 'demo-token\n' >"$work/token"

step "3. inspect: how a German Excel export is read"
show "$m2drop" inspect fixtures/samples/excel_de_semicolon_bom.csv

step "4. validate: every sample, no Magento call"
for pair in tracking_minimal.csv:3pl shipstation_shipments.csv:3pl \
            excel_de_semicolon_bom.csv:3pl-de multi_package_items.csv:3pl \
            stock_sources_msi.csv:msi stock_erp_export.tsv:erp \
            tracking_with_errors.csv:3pl; do
  file=${pair%%:*}
  profile=${pair##*:}
  show "$m2drop" validate "fixtures/samples/$file" --profile "$profile" \
    --config "$work/config.toml"
done

step "Requests the simulator served"
curl -s "$url/_sim/requests" 2>/dev/null || true
echo
