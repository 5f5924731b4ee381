// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/watch_command.h"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "m2drop/app/daemon/daemon.h"
#include "m2drop/app/daemon/file_job.h"
#include "m2drop/app/daemon/filing_recovery.h"
#include "m2drop/app/daemon/ledger_pruner.h"
#include "m2drop/app/daemon/pull_service.h"
#include "m2drop/app/daemon/signals.h"
#include "m2drop/app/daemon/systemd_notify.h"
#include "m2drop/app/daemon/work_queue.h"
#include "m2drop/app/daemon/worker_pool.h"
#include "m2drop/app/ledger_open.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/app/ops/daemon_ops.h"
#include "m2drop/app/ops/log_masking.h"
#include "m2drop/app/ops/logging.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/config/loader.h"
#include "m2drop/config/warnings.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/inbox_monitor.h"
#include "m2drop/inbox/inotify_watcher.h"
#include "m2drop/inbox/watcher.h"
#include "m2drop/ledger/ledger.h"

namespace m2drop::app {
namespace {

// The longest poll(2) wait, so that a clock jump or a lost wake-up costs at
// most this much.
constexpr std::chrono::milliseconds kMaxPollWait{1'000};

// Everything RunWatch owns, built in order and torn down in reverse.
struct Runtime {
  std::unique_ptr<SignalFd> signals;
  std::shared_ptr<const config::Config> config;
  std::unique_ptr<DaemonOps> ops;  // metrics, health, alerts
  std::unique_ptr<MagentoConnection> connection;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<LedgerPruner> pruner;  // uses the ledger: stops first
  std::unique_ptr<inbox::Watcher> watcher;
  std::unique_ptr<inbox::InboxMonitor> monitor;
  std::unique_ptr<WorkQueue> queue;
  std::unique_ptr<Daemon> daemon;
  std::unique_ptr<PullService> pulls;  // last: stopped first
};

// inotify where the kernel gives it; without it (nullptr) the monitor polls
// every inbox.
std::unique_ptr<inbox::Watcher> MakeInboxWatcher() {
  auto watcher = inbox::InotifyWatcher::Create();
  if (watcher.ok()) return std::move(*watcher);
  spdlog::warn("inotify unavailable, polling every inbox: {}",
               watcher.status().message());
  return nullptr;
}

LoggingOptions LoggingFor(const config::Config& c) {
  std::vector<std::string> secrets =
      c.has_magento ? ConfiguredSecrets(c.magento) : std::vector<std::string>{};
  for (std::string& s : PullSecrets(c)) secrets.push_back(std::move(s));
  return {std::string(config::LogFormatName(c.daemon.log_format)),
          std::string(config::LogLevelName(c.daemon.log_level)),
          c.daemon.log_file, std::move(secrets)};
}

// Loads the configuration, sets up logging, the Magento connection and the
// ledger: the steps that need no inbox yet.
Status Prepare(const std::string& config_path, Runtime& rt) {
  M2DROP_ASSIGN_OR_RETURN(config::Config config, config::LoadFile(config_path));
  rt.config = std::make_shared<const config::Config>(std::move(config));
  const config::Config& c = *rt.config;
  M2DROP_RETURN_IF_ERROR(ConfigureLogging(LoggingFor(c)));
  for (const std::string& warning : config::ConfigWarnings(c)) {
    spdlog::warn("{}", warning);
  }
  if (c.profiles.empty()) {
    return Status::InvalidInput(config_path +
                                " has no [[profile]]: nothing "
                                "to watch");
  }
  M2DROP_ASSIGN_OR_RETURN(rt.ops, DaemonOps::Create(c, RealClock::Instance()));
  M2DROP_ASSIGN_OR_RETURN(
      rt.connection,
      MagentoConnection::Create(c, RealClock::Instance(), rt.ops->Observers()));
  M2DROP_ASSIGN_OR_RETURN(
      rt.ledger, OpenLedger(c.daemon, fs::PosixFileSystem::Instance(),
                            RealClock::Instance(), LedgerOpen::kCreate));
  if (c.daemon.ledger_retention.count() > 0) {
    rt.pruner = std::make_unique<LedgerPruner>(
        *rt.ledger, RealClock::Instance(), c.daemon.ledger_retention);
    rt.pruner->Start();
  }
  return Status::Ok();
}

Status StartDaemon(const std::string& config_path, Runtime& rt) {
  const config::Config& c = *rt.config;
  rt.watcher = MakeInboxWatcher();
  inbox::MonitorOptions options;
  options.rescan_interval = c.daemon.rescan_interval;
  fs::FileSystem& fs = fs::PosixFileSystem::Instance();
  rt.monitor = std::make_unique<inbox::InboxMonitor>(
      inbox::InboxMonitor::Deps{fs, RealClock::Instance(), rt.watcher.get()},
      options);
  rt.queue = std::make_unique<WorkQueue>(
      static_cast<size_t>(c.daemon.workers) * 2, RealClock::Instance());
  // Before anything is queued: a file filed just before a crash gets its
  // report (filing_recovery.h).
  if (auto recovered =
          RecoverInterruptedFilings(fs, c, *rt.ledger, RealClock::Instance());
      !recovered.ok()) {
    spdlog::error("cannot look for files filed just before a crash: {}",
                  recovered.status().message());
  }
  rt.daemon = std::make_unique<Daemon>(
      Daemon::Deps{fs, RealClock::Instance(), *rt.monitor, *rt.queue},
      config_path, rt.config);
  M2DROP_RETURN_IF_ERROR(rt.daemon->Start());
  // Once the inboxes are watched: a fetched file is then seen arriving.
  rt.pulls = std::make_unique<PullService>(
      PullService::Deps{*rt.ledger, *rt.ops, RealClock::Instance(), fs});
  rt.pulls->Apply(rt.config);
  rt.ops->SeedArrivals(*rt.ledger);
  magento::RestCaller& caller = rt.connection->caller();
  return rt.ops->Start([&caller] { return caller.breaker_state(); });
}

// Waits until a signal, a watcher event or the daemon's deadline; returns
// the signals read.
std::vector<int> WaitForWork(Runtime& rt) {
  pollfd fds[2] = {{rt.signals->fd(), POLLIN, 0}, {-1, POLLIN, 0}};
  nfds_t n = 1;
  if (int watch_fd = rt.monitor->fd(); watch_fd >= 0) {
    fds[n++] = {watch_fd, POLLIN, 0};
  }
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      rt.daemon->NextDeadline() - RealClock::Instance().Now());
  const auto wait =
      std::clamp(left, std::chrono::milliseconds(0), kMaxPollWait);
  if (poll(fds, n, static_cast<int>(wait.count())) < 0 && errno != EINTR) {
    spdlog::warn("poll failed: {}", std::strerror(errno));
  }
  return rt.signals->Read();
}

// What systemd is told while the loop turns: a watchdog ping at half the
// WatchdogSec interval (the loop wakes at least every kMaxPollWait), and
// RELOADING=1 … READY=1 around a SIGHUP.
class SystemdTicker {
 public:
  SystemdTicker() : interval_(WatchdogInterval()) {}

  void BeforeStep(std::span<const int> signals) {
    reloading_ =
        std::find(signals.begin(), signals.end(), SIGHUP) != signals.end();
    if (reloading_) NotifyReloading();
  }
  void AfterStep(const config::Config& config) {
    if (reloading_) NotifyReady(Status(config));
    if (!interval_) return;
    const SteadyTime now = RealClock::Instance().Now();
    if (now >= next_ping_) {
      NotifyWatchdog();
      next_ping_ = now + *interval_ / 2;
    }
  }
  static std::string Status(const config::Config& config) {
    return "watching " + std::to_string(config.profiles.size()) + " profiles";
  }

 private:
  const std::optional<std::chrono::microseconds> interval_;
  SteadyTime next_ping_{};
  bool reloading_ = false;
};

int Loop(Runtime& rt) {
  SystemdTicker systemd;
  for (;;) {
    const std::vector<int> signals = WaitForWork(rt);
    systemd.BeforeStep(signals);
    const Daemon::Next next = rt.daemon->Step(signals);
    rt.ops->AfterStep(rt.daemon->config(), *rt.monitor);
    rt.pulls->Apply(rt.daemon->config());  // after a reload
    systemd.AfterStep(*rt.daemon->config());
    switch (next) {
      case Daemon::Next::kContinue:
        continue;
      case Daemon::Next::kStop:
        return kExitOk;
      case Daemon::Next::kFatal:
        spdlog::error("stopping: {}", rt.daemon->fatal().message());
        return kExitUnavailable;
    }
  }
}

}  // namespace

int RunWatch(const WatchOptions& o, std::ostream& err) {
  const std::string config_path =
      o.config_path.empty() ? config::DefaultConfigPath() : o.config_path;
  Runtime rt;
  auto signals = SignalFd::BlockAndOpen();
  if (!signals.ok()) {
    err << "m2drop watch: " << signals.status().message() << "\n";
    return kExitUsage;
  }
  rt.signals = std::move(*signals);
  Status started = Prepare(config_path, rt);
  if (started.ok()) started = StartDaemon(config_path, rt);
  if (!started.ok()) {
    err << "m2drop watch: " << started.message() << "\n";
    return kExitUsage;
  }
  const config::Config& c = *rt.config;
  DaemonOps& ops = *rt.ops;
  FileJobDeps deps{*rt.ledger, rt.connection->caller(), RealClock::Instance(),
                   fs::PosixFileSystem::Instance(),
                   [&ops](const FileEvent& e) { ops.OnFileEvent(e); }};
  WorkerPool pool(c.daemon.workers, *rt.queue, RealClock::Instance(),
                  [&deps, &ops](const WorkItem& item, std::stop_token stop) {
                    JobResult result = RunFileJob(deps, item, stop);
                    ops.OnJobResult(item, result);
                    return result;
                  });
  spdlog::info("m2drop watch started: {} profiles, {} workers, ledger {}",
               c.profiles.size(), c.daemon.workers, LedgerLocation(c.daemon));
  NotifyReady(SystemdTicker::Status(c));
  int code = kExitOk;
  try {
    code = Loop(rt);
  } catch (const std::exception& e) {
    spdlog::error("stopping: the watch loop failed: {}", e.what());
    code = kExitUnavailable;
  }
  NotifyStopping();
  rt.pulls->Stop();  // intake first: no file arrives while workers finish
  const auto grace = rt.daemon->config()->daemon.shutdown_grace;
  const bool in_time = pool.Shutdown(grace);
  rt.ops->Shutdown();
  spdlog::info(
      "m2drop watch stopped{}",
      in_time ? ""
              : " (running imports "
                "were interrupted at the shutdown grace; their files stay in "
                "work/ for the next start)");
  return code;
}

}  // namespace m2drop::app
