// SPDX-License-Identifier: Apache-2.0
// LedgerPruner: applies [daemon] ledger_retention while `watch` runs
// (issue 17: the ledger grew about 111 bytes per row with nothing pruning
// it, some 40 GB a year for a shop importing a million rows a day).
//
// At start and then every `interval` (a day), it deletes the entries and
// row outcomes of finished files last updated longer ago than the
// retention (Ledger::PruneStep, a bounded step at a time so that the
// workers' ledger calls interleave), and logs what it deleted. Unfinished
// files and stock versions are kept (see Ledger::PruneStep). SQLite reuses
// the freed pages, so the file stops growing rather than shrinking.
//
// RunOnce is synchronous (tests call it); Start runs it on a thread that
// Stop (or the destructor) interrupts and joins. The ledger and the clock
// must outlive the pruner.
#ifndef M2DROP_APP_DAEMON_LEDGER_PRUNER_H_
#define M2DROP_APP_DAEMON_LEDGER_PRUNER_H_

#include <chrono>
#include <stop_token>
#include <thread>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/ledger/ledger.h"

namespace m2drop::app {

class LedgerPruner {
 public:
  // REQUIRES: retention > 0 (0 means keep everything: make no pruner).
  LedgerPruner(ledger::Ledger& ledger, Clock& clock, Duration retention,
               Duration interval = std::chrono::hours(24));
  ~LedgerPruner();  // Stop()
  LedgerPruner(const LedgerPruner&) = delete;
  LedgerPruner& operator=(const LedgerPruner&) = delete;

  // Deletes everything older than the retention now, step by step, until
  // nothing is left or `stop` is requested. The ledger's Status on failure.
  Result<ledger::Ledger::PruneCounts> RunOnce(std::stop_token stop = {});

  // Starts the thread: RunOnce now, then every interval.
  void Start();
  // Interrupts the wait (or the run, between steps) and joins.
  void Stop();

 private:
  void Loop(std::stop_token stop);

  ledger::Ledger& ledger_;
  Clock& clock_;
  const Duration retention_;
  const Duration interval_;
  std::jthread thread_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_LEDGER_PRUNER_H_
