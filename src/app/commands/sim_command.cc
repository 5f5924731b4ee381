// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/sim_command.h"

#include <pthread.h>
#include <signal.h>

#include <charconv>

#include "m2drop/base/clock.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/base/strings.h"
#include "m2drop/sim/seed.h"
#include "m2drop/sim/server.h"

namespace m2drop::app {
namespace {

Result<sim::OutageWindow> ParseOutage(const std::string& text) {
  Status bad = Status::InvalidInput(
      "--outage must be START-END in whole seconds after start with START < "
      "END, e.g. 30-45, not " +
      QuoteForMessage(text));
  std::vector<std::string_view> parts = Split(text, '-');
  if (parts.size() != 2) return bad;
  int64_t bounds[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    std::string_view p = Trim(parts[i]);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), bounds[i]);
    if (p.empty() || ec != std::errc() || end != p.data() + p.size())
      return bad;
  }
  if (bounds[0] < 0 || bounds[0] >= bounds[1]) return bad;
  return sim::OutageWindow{seconds(bounds[0]), seconds(bounds[1])};
}

Status CheckRate(const char* flag, double value) {
  if (value >= 0 && value <= 1) return Status::Ok();
  return Status::InvalidInput(std::string(flag) + " must be from 0 to 1, not " +
                              std::to_string(value));
}

Result<sim::Store> LoadStore(const std::string& seed_file) {
  if (seed_file.empty()) return sim::Store{};
  return sim::LoadSeedFile(seed_file);
}

// Blocks SIGINT and SIGTERM for the calling thread (and threads it starts)
// and restores the previous mask when it goes away.
class ScopedSignalBlock {
 public:
  ScopedSignalBlock() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~ScopedSignalBlock() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  int Wait() {
    int sig = 0;
    sigwait(&set_, &sig);
    return sig;
  }

 private:
  sigset_t set_;
  sigset_t old_;
};

}  // namespace

Result<sim::FaultOptions> FaultOptionsFrom(const SimOptions& o) {
  if (o.latency_ms < 0 || o.jitter_ms < 0) {
    return Status::InvalidInput("--latency-ms and --jitter-ms must be >= 0");
  }
  if (o.rate_limit < 0)
    return Status::InvalidInput("--rate-limit must be >= 0");
  M2DROP_RETURN_IF_ERROR(CheckRate("--error-rate", o.error_rate));
  M2DROP_RETURN_IF_ERROR(CheckRate("--reset-rate", o.reset_rate));
  M2DROP_RETURN_IF_ERROR(
      CheckRate("--lost-response-rate", o.lost_response_rate));
  sim::FaultOptions f;
  f.latency = milliseconds(o.latency_ms);
  f.jitter = milliseconds(o.jitter_ms);
  f.error_rate = o.error_rate;
  f.reset_rate = o.reset_rate;
  f.lost_response_rate = o.lost_response_rate;
  M2DROP_RETURN_IF_ERROR(
      sim::ApplyFaultJson({{"lost_response_mode", o.lost_response_mode}}, f));
  f.rate_limit_per_second = o.rate_limit;
  f.seed = o.fault_seed;
  for (const std::string& text : o.outages) {
    M2DROP_ASSIGN_OR_RETURN(sim::OutageWindow w, ParseOutage(text));
    f.outage_windows.push_back(w);
  }
  return f;
}

int RunSim(const SimOptions& options, std::ostream& out, std::ostream& err) {
  if (!sim::IsLoopbackHost(options.host)) {
    err << "m2drop sim: refusing to bind " << options.host
        << ": the simulator listens on loopback only (127.0.0.1, ::1, "
           "localhost)\n";
    return kExitUsage;
  }
  Result<sim::FaultOptions> faults = FaultOptionsFrom(options);
  if (!faults.ok()) {
    err << "m2drop sim: " << faults.status().message() << "\n";
    return kExitUsage;
  }
  Result<sim::Store> store = LoadStore(options.seed_file);
  if (!store.ok()) {
    err << "m2drop sim: " << store.status().message() << "\n";
    return kExitUsage;
  }
  ScopedSignalBlock signals;  // before any server thread starts
  sim::SimulatorOptions sim_options;
  sim_options.faults = *faults;
  auto simulator = std::make_unique<sim::Simulator>(
      std::move(store).value(), RealClock::Instance(), sim_options);
  sim::ServerOptions server_options{options.host, options.port,
                                    options.threads};
  Result<std::unique_ptr<sim::Server>> server =
      sim::Server::Start(server_options, std::move(simulator));
  if (!server.ok()) {
    err << "m2drop sim: " << server.status().message() << "\n";
    return kExitUsage;
  }
  out << "m2drop sim listening on " << (*server)->base_url() << std::endl;
  signals.Wait();
  (*server)->Stop();
  return kExitOk;
}

}  // namespace m2drop::app
