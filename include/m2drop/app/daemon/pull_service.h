// SPDX-License-Identifier: Apache-2.0
// PullService: the pulls of `m2drop watch` ([profile.pull], issue 22): one
// pull::PullRunner (a thread) per profile that has a pull, started once the
// inboxes are watched (so a fetched file is seen arriving), matched to the
// configuration after every SIGHUP reload (a changed pull is restarted, a
// removed one stopped; files in the inbox are untouched), and stopped first
// at shutdown (a transfer in progress is interrupted; its part file goes,
// and the remote file stays for the next start).
//
// Each pull remembers its files in the ledger (LedgerPullMemory) and
// records its state there after every turn (for `m2drop status`); its
// events go to DaemonOps (metrics, alerts, readiness).
//
// Thread-safety: Apply and Stop on the watch loop's thread only. The
// pullers run on their own threads; the ledger and DaemonOps are
// thread-safe.
#ifndef M2DROP_APP_DAEMON_PULL_SERVICE_H_
#define M2DROP_APP_DAEMON_PULL_SERVICE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "m2drop/app/ops/daemon_ops.h"
#include "m2drop/base/clock.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/pull/pull_memory.h"
#include "m2drop/pull/puller.h"
#include "m2drop/pull/remote_dir.h"

namespace m2drop::app {

// PullMemory over the ledger's pulled_files, for one profile.
class LedgerPullMemory final : public pull::PullMemory {
 public:
  LedgerPullMemory(ledger::Ledger& ledger, std::string profile)
      : ledger_(ledger), profile_(std::move(profile)) {}

  Result<std::vector<pull::Remembered>> All() override;
  Status Remember(const pull::Remembered& file) override;
  Status Forget(const std::string& name) override;

 private:
  ledger::Ledger& ledger_;
  std::string profile_;
};

// The ledger's record of a puller's status.
ledger::PullState ToLedgerState(const pull::PullStatus& status);

// The pulls' secrets (passphrases and passwords that can be read), for the
// log masking.
std::vector<std::string> PullSecrets(const config::Config& config);

class PullService {
 public:
  struct Deps {
    ledger::Ledger& ledger;
    DaemonOps& ops;
    Clock& clock;
    fs::FileSystem& fs;
  };
  explicit PullService(Deps deps) : deps_(deps) {}
  ~PullService();  // Stop()
  PullService(const PullService&) = delete;
  PullService& operator=(const PullService&) = delete;

  // Starts, restarts and stops pulls so that they match `config`; a no-op
  // for the configuration applied last.
  void Apply(std::shared_ptr<const config::Config> config);
  // Stops every pull (each within moments). Idempotent.
  void Stop();

  size_t size() const { return running_.size(); }

 private:
  struct Running {
    std::string inbox;
    config::PullConfig pull;
    std::unique_ptr<pull::RemoteConnector> connector;
    std::unique_ptr<LedgerPullMemory> memory;
    std::unique_ptr<pull::PullRunner> runner;  // last: stopped first
  };
  void Start(const config::Profile& profile);

  Deps deps_;
  std::shared_ptr<const config::Config> applied_;
  std::map<std::string, Running> running_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_PULL_SERVICE_H_
