#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One entry point for people and CI: installs what is missing, builds, then
# runs what was asked.
#
#   scripts/dev.sh demo        build, then run the demo
#   scripts/dev.sh test        build, then run the whole test suite (ctest)
#   scripts/dev.sh test-asan   the same under AddressSanitizer + UBSan
#   scripts/dev.sh build       build only (build/)
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-test}
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps.sh

configure_and_build() {  # dir, extra cmake args...
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

run_tests() {  # dir
  (cd "$1" && ctest --output-on-failure -j "$jobs" --timeout 600)
}

case "$what" in
  build)
    configure_and_build build
    ;;
  demo)
    configure_and_build build
    build/m2drop demo
    ;;
  test)
    configure_and_build build
    run_tests build
    ;;
  test-asan)
    # -O1 with line tables only: quick to build, readable sanitizer reports.
    configure_and_build build-asan -DM2DROP_SANITIZE=address,undefined \
      -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_tests build-asan
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|test-asan|build" >&2
    exit 2
    ;;
esac
