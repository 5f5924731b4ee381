#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages m2drop needs to build and test, only if any is
# missing. Safe to run again; needs root (or sudo) on a fresh Debian machine.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache clang-format
  nlohmann-json3-dev libcli11-dev libspdlog-dev
  libgtest-dev libgmock-dev libcurl4-openssl-dev libsqlite3-dev
  libtomlplusplus-dev libcpp-httplib-dev libssl-dev
  # [profile.pull]'s SFTP client; the pull tests run a real OpenSSH server
  # (/usr/sbin/sshd on a loopback port, started and stopped by each test).
  libssh-dev openssh-server
  # sd_notify (Type=notify under systemd); systemd for systemd-analyze,
  # which checks the unit (scripts/dev.sh package; not running it).
  libsystemd-dev systemd
  # scripts/dev.sh fuzz: clang, its libFuzzer runtime (libclang_rt.fuzzer)
  # and llvm-symbolizer for readable crash stacks.
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
