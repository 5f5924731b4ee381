// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/demo_command.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "m2drop/app/demo/demo_daemon.h"
#include "m2drop/app/demo/demo_drops.h"
#include "m2drop/app/demo/demo_report.h"
#include "m2drop/base/clock.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/sim/seed.h"
#include "m2drop/sim/server.h"
#include "m2drop/sim/simulator.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::seconds kStartTimeout(15);
constexpr std::chrono::seconds kFilingTimeout(60);
constexpr std::chrono::seconds kStopTimeout(20);
constexpr std::chrono::milliseconds kPollEvery(50);
constexpr int kLogTailLines = 30;

struct Sample {
  const char* file;
  const char* profile;
  const char* expected;  // where a correct daemon files it
};

constexpr Sample kSamples[] = {
    {"tracking_minimal.csv", "3pl", "processed/"},
    {"shipstation_shipments.csv", "3pl", "processed/"},
    {"excel_de_semicolon_bom.csv", "3pl-de", "processed/"},
    {"multi_package_items.csv", "3pl", "processed/"},
    {"tracking_with_errors.csv", "3pl", "failed/"},
    {"stock_sources_msi.csv", "msi", "processed/"},
    {"stock_erp_export.tsv", "erp", "processed/"},
};
constexpr const char* kProfiles[] = {"3pl", "3pl-de", "msi", "erp"};

std::string ConfigText(const fs::path& dir, const std::string& base_url) {
  auto inbox = [&](const char* name) {
    return (dir / name / "inbox").string();
  };
  std::ostringstream t;
  t << "[magento]\nbase_url = \"" << base_url << "\"\n"
    << "auth = \"token\"\ntoken_file = \"" << (dir / "token").string() << "\"\n"
    << "\n[daemon]\nstate_dir = \"" << (dir / "state").string() << "\"\n"
    << "settle = \"300ms\"\nworkers = 4\nmetrics_listen = \"\"\n"
    << "on_duplicate = \"skip\"\n"
    << "\n[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \""
    << inbox("3pl") << "\"\n"
    << "\n[[profile]]\nname = \"3pl-de\"\nkind = \"tracking\"\ninbox = \""
    << inbox("3pl-de") << "\"\n[profile.columns]\n"
    << "order = [\"Bestellnummer\"]\ntracking = [\"Sendungsnummer\"]\n"
    << "carrier = [\"Versanddienstleister\"]\n"
    << "\n[[profile]]\nname = \"msi\"\nkind = \"stock\"\ninbox = \""
    << inbox("msi") << "\"\n"
    << "\n[[profile]]\nname = \"erp\"\nkind = \"stock\"\ninbox = \""
    << inbox("erp") << "\"\npattern = \"*.tsv\"\n[profile.columns]\n"
    << "sku = [\"ITEMNO\"]\nsource = [\"WAREHOUSE\"]\n"
    << "quantity = [\"QTY_AVAILABLE\"]\n";
  return t.str();
}

// A drop on its way: what was dropped and the reports filed before it.
struct Pending {
  Sample sample;
  std::string shown_as;
  std::set<std::string> before;
  std::optional<FiledDrop> filed;
};

Status Drop(const fs::path& fixtures, const fs::path& dir, Pending& p) {
  const fs::path profile_dir = dir / p.sample.profile;
  p.before = FiledReports(profile_dir.string());
  return DropLikeAProducer((fixtures / "samples" / p.sample.file).string(),
                           (profile_dir / "inbox").string(), p.sample.file);
}

// Polls until every pending drop is filed or the timeout passes. Returns
// whether all were filed.
bool WaitUntilFiled(const fs::path& dir, std::vector<Pending>& pending) {
  Clock& clock = RealClock::Instance();
  const SteadyTime deadline = clock.Now() + kFilingTimeout;
  for (;;) {
    bool all = true;
    for (Pending& p : pending) {
      if (!p.filed) {
        p.filed = FindFiled((dir / p.sample.profile).string(), p.sample.file,
                            p.before);
      }
      all = all && p.filed.has_value();
    }
    if (all) return true;
    if (clock.Now() >= deadline) return false;
    clock.WaitFor(kPollEvery, {});
  }
}

DemoRow ToRow(const Pending& p, bool duplicate) {
  DemoRow row{p.shown_as, p.sample.profile, "not filed in time", nullptr,
              false};
  if (!p.filed) return row;
  row.report = p.filed->report;
  row.outcome = p.filed->outcome;
  const bool is_duplicate = row.report.value("mode", "") == "duplicate";
  if (is_duplicate) row.outcome += " duplicate";
  row.as_expected =
      p.filed->outcome == p.sample.expected && is_duplicate == duplicate;
  return row;
}

// Everything the demo started, stopped in reverse order on every return.
struct Running {
  fs::path dir;
  std::unique_ptr<sim::Server> server;
  std::unique_ptr<DemoDaemon> daemon;
};

// Starts the simulator with the demo catalog and writes the configuration
// and the inboxes into a new temporary directory. The exit code on failure.
int SetUp(const fs::path& fixtures, Running& r, std::ostream& err) {
  auto store =
      sim::LoadSeedFile((fixtures / "sim" / "demo-seed.json").string());
  if (!store.ok()) {
    err << "m2drop demo: " << store.status().message()
        << " (is --fixtures the fixtures/ directory?)\n";
    return kExitUsage;
  }
  std::string tmpl =
      (fs::temp_directory_path() / "m2drop-demo-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    err << "m2drop demo: cannot create a temporary directory\n";
    return kExitUsage;
  }
  r.dir = tmpl;
  auto server =
      sim::Server::Start(sim::ServerOptions{"127.0.0.1", 0, 8},
                         std::make_unique<sim::Simulator>(
                             std::move(store).value(), RealClock::Instance(),
                             sim::SimulatorOptions{}));
  if (!server.ok()) {
    err << "m2drop demo: " << server.status().message() << "\n";
    return kExitUsage;
  }
  r.server = std::move(server).value();
  std::error_code ec;
  for (const char* profile : kProfiles) {
    fs::create_directories(r.dir / profile / "inbox", ec);
  }
  std::ofstream(r.dir / "token") << "demo-token\n";
  std::ofstream(r.dir / "config.toml")
      << ConfigText(r.dir, r.server->base_url());
  return kExitOk;
}

// Starts `m2drop watch` on the configuration and waits for it to run.
bool StartDaemon(Running& r, std::ostream& out, std::ostream& err) {
  auto daemon =
      DemoDaemon::Start("/proc/self/exe", (r.dir / "config.toml").string(),
                        (r.dir / "daemon.log").string());
  if (!daemon.ok()) {
    err << "m2drop demo: " << daemon.status().message() << "\n";
    return false;
  }
  r.daemon = std::move(daemon).value();
  Status started = r.daemon->WaitForLog(kDemoDaemonStarted, kStartTimeout);
  if (!started.ok()) {
    err << "m2drop demo: " << started.message() << "; the end of its log ("
        << r.daemon->log_path() << "):\n"
        << LastLines(r.daemon->Log(), kLogTailLines);
    return false;
  }
  out << "m2drop watch is running, its log in " << r.daemon->log_path() << "\n";
  return true;
}

// Drops `pending` and waits until the daemon filed all of them.
bool DropAndWait(const fs::path& fixtures, Running& r,
                 std::vector<Pending>& pending, std::ostream& err) {
  for (Pending& p : pending) {
    Status dropped = Drop(fixtures, r.dir, p);
    if (!dropped.ok()) {
      err << "m2drop demo: " << dropped.message() << "\n";
      return false;
    }
  }
  if (WaitUntilFiled(r.dir, pending)) return true;
  err << "m2drop demo: not every drop was filed within "
      << kFilingTimeout.count() << " s; the end of the daemon's log ("
      << r.daemon->log_path() << "):\n"
      << LastLines(r.daemon->Log(), kLogTailLines);
  return false;
}

// SIGTERM, then the daemon must exit 0.
bool StopDaemon(Running& r, std::ostream& out, std::ostream& err) {
  Result<int> code = r.daemon->Stop(kStopTimeout);
  if (code.ok() && *code == kExitOk) {
    out << "\nm2drop watch stopped on SIGTERM (exit 0); its log: "
        << r.daemon->log_path() << "\n";
    return true;
  }
  err << "m2drop demo: "
      << (code.ok() ? "m2drop watch exited with code " + std::to_string(*code)
                    : code.status().message())
      << " after SIGTERM; the end of its log (" << r.daemon->log_path()
      << "):\n"
      << LastLines(r.daemon->Log(), kLogTailLines);
  return false;
}

void PrintOutcomes(const std::vector<DemoRow>& rows, const Running& r,
                   const Pending& again, std::ostream& out) {
  out << "\n";
  PrintOutcomeTable(rows, out);
  if (again.filed) {
    out << "\n"
        << again.shown_as << ": "
        << again.filed->report.value("message", "(no message)") << "\n";
  }
  PrintErrorsCsvs((r.dir / "3pl" / "failed").string(), out);
  PrintStaleRows((r.dir / "erp" / "processed").string(), out);
}

// Removes the working directory except the daemon's log, unless `keep`.
void CleanUp(const Running& r, bool keep, std::ostream& out) {
  if (keep) {
    out << "kept " << r.dir.string() << "\n";
    return;
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(r.dir, ec)) {
    if (entry.path().filename() != "daemon.log") fs::remove_all(entry, ec);
  }
}

}  // namespace

int RunDemo(const DemoOptions& options, std::ostream& out, std::ostream& err) {
  const fs::path fixtures = options.fixtures_dir;
  Running r;
  if (int code = SetUp(fixtures, r, err); code != kExitOk) return code;
  out << "Magento simulator with the demo catalog at " << r.server->base_url()
      << "\nworking directory " << r.dir.string() << "\n";
  if (!StartDaemon(r, out, err)) {
    r.daemon.reset();
    r.server->Stop();
    CleanUp(r, /*keep=*/true, out);
    return kExitRowsFailed;
  }
  std::vector<Pending> drops;
  for (const Sample& s : kSamples) drops.push_back({s, s.file, {}, {}});
  // The first file again, once filed: its content was processed already.
  std::vector<Pending> again = {
      {kSamples[0], std::string(kSamples[0].file) + " (again)", {}, {}}};
  bool ok = DropAndWait(fixtures, r, drops, err) &&
            DropAndWait(fixtures, r, again, err);
  std::vector<DemoRow> rows;
  for (const Pending& p : drops) rows.push_back(ToRow(p, false));
  rows.push_back(ToRow(again[0], true));
  PrintOutcomes(rows, r, again[0], out);
  ok = StopDaemon(r, out, err) && ok;
  r.daemon.reset();
  r.server->Stop();
  CleanUp(r, options.keep || !ok, out);
  for (const DemoRow& row : rows) ok = ok && row.as_expected;
  return ok ? kExitOk : kExitRowsFailed;
}

}  // namespace m2drop::app
