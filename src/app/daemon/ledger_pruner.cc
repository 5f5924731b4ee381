// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/ledger_pruner.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace m2drop::app {
namespace {

// Rows deleted per transaction: a few milliseconds of SQLite work, so a
// worker's ledger call never waits long behind the pruner.
constexpr size_t kRowsPerStep = 5'000;

}  // namespace

LedgerPruner::LedgerPruner(ledger::Ledger& ledger, Clock& clock,
                           Duration retention, Duration interval)
    : ledger_(ledger),
      clock_(clock),
      retention_(retention),
      interval_(interval) {}

LedgerPruner::~LedgerPruner() { Stop(); }

Result<ledger::Ledger::PruneCounts> LedgerPruner::RunOnce(
    std::stop_token stop) {
  const WallTime cutoff =
      clock_.WallNow() -
      std::chrono::duration_cast<WallTime::duration>(retention_);
  ledger::Ledger::PruneCounts total;
  // Bounded: every step but the last deletes kRowsPerStep rows, and the
  // rows it deletes are gone.
  for (bool more = true; more && !stop.stop_requested();) {
    M2DROP_ASSIGN_OR_RETURN(ledger::Ledger::PruneCounts step,
                            ledger_.PruneStep(cutoff, kRowsPerStep));
    total.files += step.files;
    total.rows += step.rows;
    more = step.more;
  }
  total.more = stop.stop_requested();
  return total;
}

void LedgerPruner::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void LedgerPruner::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

void LedgerPruner::Loop(std::stop_token stop) {
  do {
    try {
      Result<ledger::Ledger::PruneCounts> done = RunOnce(stop);
      if (!done.ok()) {
        spdlog::warn("ledger: retention: {}", done.status().message());
      } else if (done->files > 0 || done->rows > 0) {
        spdlog::info(
            "ledger: deleted {} finished files and {} row outcomes older "
            "than ledger_retention",
            done->files, done->rows);
      }
    } catch (const std::exception& e) {
      spdlog::error("ledger: retention failed: {}", e.what());
    }
  } while (clock_.WaitFor(interval_, stop));
}

}  // namespace m2drop::app
