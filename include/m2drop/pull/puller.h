// SPDX-License-Identifier: Apache-2.0
// Puller: one profile's pull from a remote SFTP server into its inbox
// (docs/design.md §4, issue 22), turn by turn; PullRunner runs the turns on
// a thread of their own.
//
// A turn (Step) connects when it has no session (verifying the host key and
// logging in), lists the remote directory and acts on the plan (pull_plan.h):
//   1. forgets remembered files that are gone or changed on the server;
//   2. finishes the deletes and moves a failure or a crash left pending;
//   3. fetches each stable file: downloaded to ".m2drop-pull.NAME.part" in
//      the inbox (a dotfile, which the inbox monitor ignores), given the
//      remote mtime, fsynced, renamed to NAME without replacing anything
//      (a NAME still in the inbox makes the file wait for a later turn),
//      and the inbox fsynced; then remembered (PullMemory) and `after`
//      applied on the server.
// The inbox's usual rules then take it (settle, claim, import).
//
// Crashes: a crash before the rename leaves a ".part" file, removed by the
// first turn after the restart; the remote file is fetched again. A crash
// between the rename and `after`: when the file was remembered, the next
// start only does the delete or move; in the short window before that, it
// fetches the file again and the import files the copy as a duplicate of
// the first by its content hash (on_duplicate). A file is never lost: the
// server's copy goes only once the inbox holds it, fsynced.
//
// Failures: a failed connection, listing or transfer drops the session and
// the next turn comes after PullBackoff's delay; the first failure of an
// outage is logged at warn, a recovery at info, and an outage longer than
// alert_after fires PullEvents::on_alert once. The status (PullStatus) is
// handed to PullEvents::on_turn after every turn.
//
// Thread-safety: Step and status() on one thread; a stop request on the
// token given to Step interrupts a blocked network call from any thread.
#ifndef M2DROP_PULL_PULLER_H_
#define M2DROP_PULL_PULLER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>

#include "m2drop/base/clock.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/name_rules.h"
#include "m2drop/pull/pull_memory.h"
#include "m2drop/pull/pull_plan.h"
#include "m2drop/pull/remote_dir.h"

namespace m2drop::pull {

// The name a file is downloaded under in the inbox before it is complete:
// ".m2drop-pull.NAME.part", NAME shortened to fit NAME_MAX
// (fs/file_names.h).
std::string PartName(const std::string& name);

// What a puller has seen, as of its latest turn.
struct PullStatus {
  std::string profile;
  std::string server;                     // RemoteConnector::Describe()
  std::optional<WallTime> last_listing;   // the last listing that worked
  size_t listed_files = 0;                // regular files at that listing
  std::optional<WallTime> failing_since;  // while turns fail
  std::string last_error;  // why the latest turn failed; "" when it worked
  std::string last_file;   // the last file fetched
  std::optional<WallTime> last_file_at;
  bool alerted = false;  // the current outage passed alert_after
};

// What a puller tells the daemon (metrics, alerts, ledger). Every member
// may be empty; they run on the puller's thread.
struct PullEvents {
  std::function<void(const PullStatus&)> on_turn;  // after every turn
  std::function<void(const std::string& file, uint64_t bytes)> on_fetched;
  // A turn failed (connection, listing, transfer) or a delete or move on
  // the server did.
  std::function<void(const Status& why)> on_failure;
  // Listing has failed for alert_after (once per outage), and the listing
  // that ended such an outage.
  std::function<void(const PullStatus&)> on_alert;
  std::function<void(const PullStatus&)> on_recovered;
  // During each download, with the bytes written so far (tests use it to
  // act mid-transfer).
  Progress on_progress;
};

class Puller {
 public:
  struct Deps {
    RemoteConnector& remote;
    fs::FileSystem& fs;
    PullMemory& memory;
    const Clock& clock;
  };

  // Pulls per `pull` into `inbox` for `profile`.
  Puller(Deps deps, std::string profile, std::string inbox,
         config::PullConfig pull, PullEvents events = {});
  ~Puller();

  // One turn (see above). Returns when the next turn is due. A stop
  // request ends the turn early (its session is dropped).
  SteadyTime Step(std::stop_token stop);

  const PullStatus& status() const { return status_; }
  const config::PullConfig& config() const { return pull_; }

 private:
  Status Turn(std::stop_token stop);
  Status Fetch(const RemoteFile& file);
  Status ApplyAfter(const RemoteFile& file);
  Status Forget(const std::vector<std::string>& names);
  void RemoveLeftovers();
  void Succeeded(WallTime now);
  void Failed(const Status& why, WallTime now);
  void SetSession(std::unique_ptr<RemoteSession> session);
  void Interrupt();

  Deps deps_;
  const config::PullConfig pull_;
  const std::string inbox_;
  const inbox::NameRules rules_;
  PullEvents events_;
  StabilityTracker tracker_;
  PullBackoff backoff_;
  PullHealth health_;
  PullStatus status_;
  bool cleaned_ = false;
  std::set<std::string> after_warned_;  // names whose failed after was logged
  std::mutex session_mu_;               // guards session_ against Interrupt
  std::unique_ptr<RemoteSession> session_;
};

// Runs a Puller's turns on a thread of its own until Stop: Step, then wait
// until the turn it asks for (interrupted by Stop).
class PullRunner {
 public:
  PullRunner(std::unique_ptr<Puller> puller, Clock& clock);
  ~PullRunner();  // Stop()
  PullRunner(const PullRunner&) = delete;
  PullRunner& operator=(const PullRunner&) = delete;

  // Interrupts the turn in progress (its network call fails within
  // moments) and joins the thread. Idempotent.
  void Stop();

 private:
  std::unique_ptr<Puller> puller_;
  Clock& clock_;
  std::jthread thread_;
};

}  // namespace m2drop::pull

#endif  // M2DROP_PULL_PULLER_H_
