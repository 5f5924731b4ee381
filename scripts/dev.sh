#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One entry point for people and CI: installs what is missing, builds, then
# runs what was asked.
#
#   scripts/dev.sh demo        build m2drop alone, then run the demo
#   scripts/dev.sh test        build, then run the whole test suite (ctest)
#   scripts/dev.sh test-asan   the same under AddressSanitizer + UBSan
#   scripts/dev.sh test-tsan   the concurrency tests under ThreadSanitizer
#   scripts/dev.sh fuzz [secs] the libFuzzer targets, each for secs (60)
#   scripts/dev.sh package     build the .deb and check it installs and runs
#   scripts/dev.sh build       build only (build/)
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-test}
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps.sh

# ccache across build trees: paths under the checkout are hashed relative
# to it and the build directory is left out of the hash, so build-deb (the
# package step) reuses build/'s objects (same flags) instead of compiling
# every file again on a fresh CI machine. A caller's own settings win.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

# Builds keep line tables only (-g1): stack traces still name lines, and
# each file compiles in about 30% less time than with full debug
# information (-g). (Precompiled headers were tried: no gain on 2 cores.)
configure_and_build() {  # dir, extra cmake args... [--target names...]
  local dir=$1 args=() targets=()
  shift
  while [ $# -gt 0 ] && [ "$1" != --target ]; do args+=("$1"); shift; done
  [ $# -gt 0 ] && shift && targets=(--target "$@")
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" "${args[@]}" >/dev/null
  cmake --build "$dir" -j "$jobs" "${targets[@]}"
}

run_tests() {  # dir, extra ctest args...
  local dir=$1
  shift
  (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 600 "$@")
}

# The concurrency tests: "binary:gtest filter" for each test binary with
# tests that run threads (or, for the integration tests, the daemon's
# workers). A new threaded component adds its suites here.
tsan_runs=(
  "m2drop_base_tests:ForEachParallel*"
  "m2drop_magento_tests:InFlightLimiter*:RateLimiter*:CircuitBreaker*:RestCaller*:ClientTest.*Parallel*:ClientTest.WorkersShareOneClient"
  "m2drop_kinds_tests:StockApplyTest.*:StockImportTest.*:TrackingImportTest.*"
  "m2drop_inbox_tests:Claim*:WorkLock*:InboxMonitor*:InotifyWatcher*:WatchedInbox*"
  "m2drop_ledger_tests:*"
  "m2drop_app_tests:Daemon*:Alert*:MetricsServer*:MetricsRegistry*"
  "m2drop_integration_tests:Watch*:HostileWatch*"
)

run_tsan() {
  local targets=(m2drop) run
  for run in "${tsan_runs[@]}"; do targets+=("${run%%:*}"); done
  # -O1 with line tables: TSan's reports name lines; -O0 is much slower.
  configure_and_build build-tsan -DM2DROP_SANITIZE=thread \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
    --target "${targets[@]}"
  # Reports go to files, so that one from a child process (the daemon or
  # the simulator an integration test starts) fails the run too.
  local reports=$PWD/build-tsan/tsan-reports
  rm -rf "$reports" && mkdir -p "$reports"
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp:log_path=$reports/report"
  export M2DROP_BINARY=$PWD/build-tsan/m2drop
  local failed=0
  for run in "${tsan_runs[@]}"; do
    echo "== TSan: ${run%%:*} --gtest_filter=${run#*:}"
    "build-tsan/${run%%:*}" --gtest_filter="${run#*:}" --gtest_brief=1 || failed=1
  done
  if [ -n "$(ls -A "$reports")" ]; then
    cat "$reports"/* >&2
    echo "TSan: reports above (also in $reports)" >&2
    failed=1
  fi
  return $failed
}

fuzzers=(csv_reader_fuzzer config_loader_fuzzer magento_error_fuzzer
  errors_csv_fuzzer)

# Each fuzzer runs from its seeds (fuzz/corpus/<name>/) for $1 seconds; the
# inputs it finds go to build-fuzz/corpus/<name>/, a crash to
# build-fuzz/crashes/. Any crash fails the run.
run_fuzzers() {  # seconds
  local seconds=$1 name failed=0
  configure_and_build build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DM2DROP_FUZZ=ON \
    --target "${fuzzers[@]}"
  mkdir -p build-fuzz/crashes
  for name in "${fuzzers[@]}"; do
    local seeds=fuzz/corpus/${name%_fuzzer} found=build-fuzz/corpus/${name%_fuzzer}
    mkdir -p "$found"
    echo "== fuzz: $name for ${seconds}s"
    if ! "build-fuzz/fuzz/$name" -max_total_time="$seconds" -max_len=4096 \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="build-fuzz/crashes/$name-" "$found" "$seeds" \
        2> "build-fuzz/$name.log"; then
      tail -n 60 "build-fuzz/$name.log" >&2
      echo "fuzz: $name failed; the input is in build-fuzz/crashes/" >&2
      failed=1
    else
      grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "build-fuzz/$name.log" || true
    fi
  done
  return $failed
}

case "$what" in
  build)
    configure_and_build build
    ;;
  demo)
    # The demo runs the m2drop binary alone: building the test binaries too
    # took 6 of 10 minutes on a fresh 2-core machine (issue 18).
    configure_and_build build --target m2drop
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
    # Every suite, chaos and crash included (the chaos suite takes about
    # 25 s under ASan here: issue 17 asks it to stay green under ASan).
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_tests build-asan
    ;;
  test-tsan)
    run_tsan
    ;;
  package)
    # The binary alone, its demo reading the installed fixtures; then the
    # package is built, installed, run and purged (packaging/check-deb.sh,
    # as root).
    configure_and_build build-deb \
      -DM2DROP_FIXTURES_DIR=/usr/share/m2drop/fixtures --target m2drop
    (cd build-deb && rm -f m2drop_*.deb && cpack -G DEB >/dev/null)
    packaging/verify-unit.sh build-deb/m2drop
    packaging/check-deb.sh build-deb/m2drop_*.deb
    ;;
  fuzz)
    run_fuzzers "${2:-60}"
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|test-asan|test-tsan|fuzz [secs]|package|build" >&2
    exit 2
    ;;
esac
