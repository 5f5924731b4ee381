#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the Debian package as a clean machine would see it (issue 7): its
# contents and conffile, that it installs with apt (dependencies from
# Debian), that the installed unit verifies, that the unit's start condition
# (ExecCondition) skips the installed example configuration and passes a
# configured one (issue 18), and that the installed `m2drop watch`, run as
# the m2drop user, imports a sample dropped in its inbox against the
# installed `m2drop sim`; then removes and purges it.
# Needs root (it installs a package and creates a user).
#
#   packaging/check-deb.sh PACKAGE.deb
set -euo pipefail
deb=$(realpath "$1")
[ "$(id -u)" -eq 0 ] || { echo "check-deb: run as root (it installs $deb)" >&2; exit 2; }

fail() { echo "check-deb: $*" >&2; exit 1; }
# Polls `test` (a command) every 0.1 s for up to $1 seconds.
wait_for() {
  local seconds=$1 i
  shift
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

echo "== contents of $(basename "$deb")"
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/m2drop ./lib/systemd/system/m2drop.service \
         ./etc/m2drop/config.toml ./usr/share/doc/m2drop/README.md \
         ./usr/share/doc/m2drop/docs/design.md \
         ./usr/share/m2drop/fixtures/sim/demo-seed.json \
         ./usr/share/m2drop/fixtures/samples/tracking_minimal.csv; do
  grep -qF " $f" <<<"$contents" || fail "$f is not in the package"
done
control=$(mktemp -d)
dpkg-deb -e "$deb" "$control/DEBIAN"
grep -qx /etc/m2drop/config.toml "$control/DEBIAN/conffiles" ||
  fail "/etc/m2drop/config.toml is not a conffile"
dpkg-deb -f "$deb" Depends

echo "== install"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
getent passwd m2drop >/dev/null || fail "postinst did not create the m2drop user"
[ "$(stat -c %U:%G:%a /etc/m2drop/config.toml)" = root:m2drop:640 ] ||
  fail "/etc/m2drop/config.toml is not root:m2drop 0640"
/usr/bin/m2drop --version
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/m2drop.service
fi

echo "== the unit's start condition, as the unit runs it"
unit=/lib/systemd/system/m2drop.service
condition=$(sed -n 's/^ExecCondition=//p' "$unit")
[ -n "$condition" ] || fail "$unit has no ExecCondition: an unconfigured m2drop would start at boot"
# Runs the unit's ExecCondition as the unit's user on the configuration $1;
# its stderr (what the journal and `systemctl status` show) on stdout.
run_condition() {
  local command=${condition//\/etc\/m2drop\/config.toml/$1}
  # shellcheck disable=SC2086  # the unit's words, split as systemd does
  setpriv --reuid=m2drop --regid=m2drop --init-groups -- $command 2>&1
}
code=0
said=$(run_condition /etc/m2drop/config.toml) || code=$?
[ "$code" -eq 1 ] ||
  fail "the ExecCondition let the example configuration start (exit $code): $said"
grep -q 'still the example configuration' <<<"$said" ||
  fail "the ExecCondition did not say why it skipped the start: $said"
echo "example configuration: start skipped ($said)"
if [ -d /run/systemd/system ]; then
  systemctl start m2drop.service || true
  state=$(systemctl show -p ActiveState --value m2drop.service)
  [ "$state" = inactive ] || fail "systemctl start ran m2drop on the example configuration ($state)"
fi

echo "== run the installed daemon as m2drop"
work=$(mktemp -d)
chmod 0755 "$work"
sim_pid="" watch_pid=""
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fixtures=/usr/share/m2drop/fixtures
/usr/bin/m2drop sim --seed "$fixtures/sim/demo-seed.json" >"$work/sim.out" 2>&1 &
sim_pid=$!
wait_for 10 grep -q 'listening on ' "$work/sim.out" || fail "m2drop sim did not start: $(cat "$work/sim.out")"
base_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/sim.out" | head -n1)
install -d -o m2drop -g m2drop "$work/3pl" "$work/3pl/inbox" "$work/state"
echo demo-token >"$work/token"
chown m2drop "$work/token"
chmod 0600 "$work/token"
cat >"$work/config.toml" <<TOML
[magento]
base_url = "$base_url"
auth = "token"
token_file = "$work/token"
[daemon]
state_dir = "$work/state"
settle = "200ms"
metrics_listen = ""
[[profile]]
name = "3pl"
kind = "tracking"
inbox = "$work/3pl/inbox"
TOML
code=0
said=$(run_condition "$work/config.toml") || code=$?
[ "$code" -eq 0 ] ||
  fail "the ExecCondition refused a configured m2drop (exit $code): $said"
echo "configured: the unit's start condition passes"
setpriv --reuid=m2drop --regid=m2drop --init-groups -- \
  /usr/bin/m2drop watch --config "$work/config.toml" \
  2>"$work/watch.log" &
watch_pid=$!
wait_for 20 grep -q 'm2drop watch started' "$work/watch.log" ||
  fail "m2drop watch did not start: $(cat "$work/watch.log")"
install -o m2drop -g m2drop -m 0644 "$fixtures/samples/tracking_minimal.csv" \
  "$work/3pl/inbox/.drop.csv.tmp"
mv "$work/3pl/inbox/.drop.csv.tmp" "$work/3pl/inbox/drop.csv"
wait_for 30 test -f "$work/3pl/processed/drop.csv.report.json" ||
  fail "the drop was not processed: $(cat "$work/watch.log")"
grep -q '"applied":3' "$work/3pl/processed/drop.csv.report.json" ||
  fail "unexpected report: $(cat "$work/3pl/processed/drop.csv.report.json")"
kill -TERM "$watch_pid"
code=0
wait "$watch_pid" || code=$?
watch_pid=""
[ "$code" -eq 0 ] || fail "m2drop watch exited $code after SIGTERM"
echo "installed m2drop watch imported a drop as the m2drop user and stopped cleanly"

echo "== remove and purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq m2drop >/dev/null
[ ! -e /usr/bin/m2drop ] || fail "/usr/bin/m2drop is still there after purge"
! getent passwd m2drop >/dev/null || fail "purge left the m2drop user"
echo "check-deb: $(basename "$deb") OK"
