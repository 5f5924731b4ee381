// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/status_command.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "m2drop/app/ledger_open.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/base/strings.h"
#include "m2drop/config/loader.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/name_rules.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::app {
namespace {

using Json = nlohmann::ordered_json;
using ledger::FileEntry;
using ledger::FileState;

constexpr int64_t kDayMs = 24 * 3600 * 1000;

// JSON that is valid UTF-8 whatever a file name holds: bytes that are not
// UTF-8 become U+FFFD (nlohmann's default throws type_error 316).
std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A value from the ledger or the inbox for a terminal: control characters
// and bytes that are not UTF-8 escaped (a name may hold a CR or an escape).
std::string Shown(const Json& value) {
  return EscapeControls(value.get<std::string>());
}

std::string When(int64_t ms) {
  if (ms == 0) return "";
  return pipeline::IsoUtc(WallTime{std::chrono::milliseconds(ms)});
}

// Names of the drops in `dir` that the profile would take (or has taken):
// regular files matching its patterns, temporary names and markers left out.
std::vector<std::string> DropsIn(const std::string& dir,
                                 const config::Profile& profile) {
  std::vector<std::string> names;
  auto entries = fs::PosixFileSystem::Instance().ListDir(dir);
  if (!entries.ok()) return names;
  const inbox::NameRules rules(profile.patterns, profile.marker);
  for (const fs::DirEntry& e : *entries) {
    if (e.info.type == fs::FileType::kRegular &&
        rules.Classify(e.name) == inbox::NameKind::kDrop) {
      names.push_back(e.name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Json FileJson(const FileEntry& e) {
  return Json{{"file", e.name},
              {"profile", e.profile},
              {"state", ledger::FileStateName(e.state)},
              {"path", e.path},
              {"rows_total", e.rows_total},
              {"applied", e.applied},
              {"already_present", e.already_present},
              {"stale", e.stale},
              {"failed", e.failed},
              {"deferred", e.deferred},
              {"attempts", e.attempts},
              {"claimed_at", When(e.claimed_at_ms)},
              {"updated_at", When(e.updated_at_ms)},
              {"finished_at", When(e.finished_at_ms)},
              {"report_json", e.report_json},
              {"errors_csv", e.errors_csv},
              {"note", e.note}};
}

// Everything the status shows, gathered once, printed as text or JSON.
struct Gathered {
  Json profiles = Json::array();
  Json unfinished = Json::array();
  Json recent = Json::array();
};

Json ProfileJson(const config::Profile& p,
                 const std::vector<FileEntry>& processed,
                 const std::vector<FileEntry>& failed, int64_t now_ms) {
  Json j{{"profile", p.name}, {"kind", p.kind->name}};
  const FileEntry* last = nullptr;
  for (const FileEntry& e : processed) {  // oldest first
    if (e.profile == p.name) last = &e;
  }
  j["last_success"] =
      last ? Json{{"file", last->name}, {"at", When(last->finished_at_ms)}}
           : Json();
  int failures = 0;
  for (const FileEntry& e : failed) {
    if (e.profile == p.name && now_ms - e.finished_at_ms <= kDayMs) {
      ++failures;
    }
  }
  j["failed_last_24h"] = failures;
  j["inbox_waiting"] = DropsIn(p.inbox, p);
  j["in_work"] = DropsIn(p.work_dir, p);
  return j;
}

// A pulling profile's last known state ([profile.pull]); null before its
// first turn.
Result<Json> PullJson(const config::Profile& p, ledger::Ledger& ledger) {
  M2DROP_ASSIGN_OR_RETURN(std::optional<ledger::PullState> s,
                          ledger.PullStateOf(p.name));
  if (!s) return Json{{"server", p.pull->url}, {"last_listing", nullptr}};
  return Json{
      {"server", s->url},
      {"last_listing",
       s->last_listing_at_ms ? Json(When(s->last_listing_at_ms)) : Json()},
      {"listed_files", s->listed_files},
      {"last_file", s->last_file},
      {"last_file_at", When(s->last_file_at_ms)},
      {"failing_since", When(s->failing_since_ms)},
      {"last_error", s->last_error}};
}

Result<Gathered> Gather(const config::Config& config, ledger::Ledger& ledger,
                        size_t limit, int64_t now_ms) {
  Gathered g;
  M2DROP_ASSIGN_OR_RETURN(auto processed,
                          ledger.FilesInState(FileState::kProcessed));
  M2DROP_ASSIGN_OR_RETURN(auto failed, ledger.FilesInState(FileState::kFailed));
  for (const config::Profile& p : config.profiles) {
    g.profiles.push_back(ProfileJson(p, processed, failed, now_ms));
    if (p.pull) {
      M2DROP_ASSIGN_OR_RETURN(g.profiles.back()["pull"], PullJson(p, ledger));
    }
  }
  for (FileState state : {FileState::kClaimed, FileState::kWaiting}) {
    M2DROP_ASSIGN_OR_RETURN(auto entries, ledger.FilesInState(state));
    for (const FileEntry& e : entries) g.unfinished.push_back(FileJson(e));
  }
  M2DROP_ASSIGN_OR_RETURN(auto recent, ledger.RecentFiles(limit));
  for (const FileEntry& e : recent) g.recent.push_back(FileJson(e));
  return g;
}

void PrintPull(const Json& pull, std::ostream& out) {
  out << "    pull " << pull["server"].get<std::string>() << ": last listing ";
  if (pull["last_listing"].is_null()) {
    out << "never";
  } else {
    out << pull["last_listing"].get<std::string>() << " ("
        << pull["listed_files"].get<uint64_t>() << " files there)";
  }
  if (!pull.value("last_file", "").empty()) {
    out << "; last file fetched " << pull["last_file"].get<std::string>()
        << " at " << pull["last_file_at"].get<std::string>();
  }
  if (!pull.value("last_error", "").empty()) {
    out << "; failing since " << pull["failing_since"].get<std::string>()
        << ": " << pull["last_error"].get<std::string>();
  }
  out << "\n";
}

void PrintProfiles(const Json& profiles, std::ostream& out) {
  out << "profiles:\n";
  for (const Json& p : profiles) {
    out << "  " << Shown(p["profile"]) << " (" << Shown(p["kind"])
        << "): last success ";
    if (p["last_success"].is_null()) {
      out << "never";
    } else {
      out << Shown(p["last_success"]["file"]) << " at "
          << Shown(p["last_success"]["at"]);
    }
    out << "; failed in the last 24 h: " << p["failed_last_24h"].get<int>()
        << "; waiting in inbox: " << p["inbox_waiting"].size()
        << "; in work/: " << p["in_work"].size() << "\n";
    if (p.contains("pull")) PrintPull(p["pull"], out);
  }
}

void PrintFiles(const char* title, const Json& files, std::ostream& out) {
  out << title << (files.empty() ? " none\n" : "\n");
  for (const Json& f : files) {
    out << "  " << Shown(f["updated_at"]) << "  " << Shown(f["profile"]) << "  "
        << Shown(f["file"]) << "  " << Shown(f["state"]) << "  rows "
        << f["rows_total"].get<uint64_t>() << ": applied "
        << f["applied"].get<uint64_t>() << ", present "
        << f["already_present"].get<uint64_t>() << ", stale "
        << f["stale"].get<uint64_t>() << ", failed "
        << f["failed"].get<uint64_t>() << ", deferred "
        << f["deferred"].get<uint64_t>() << "\n";
    if (!f["note"].get<std::string>().empty()) {
      out << "      " << Shown(f["note"]) << "\n";
    }
    if (!f["report_json"].get<std::string>().empty()) {
      out << "      report: " << Shown(f["report_json"]) << "\n";
    }
    if (!f["errors_csv"].get<std::string>().empty()) {
      out << "      rows to fix: " << Shown(f["errors_csv"]) << "\n";
    }
  }
}

}  // namespace

int RunStatus(const StatusOptions& o, const Clock& clock, std::ostream& out,
              std::ostream& err) {
  const std::string config_path =
      o.config_path.empty() ? config::DefaultConfigPath() : o.config_path;
  auto config = config::LoadFile(config_path);
  if (!config.ok()) {
    err << "m2drop status: " << config.status().message() << "\n";
    return kExitUsage;
  }
  const std::string path = LedgerLocation(config->daemon);
  auto ledger = OpenLedger(config->daemon, fs::PosixFileSystem::Instance(),
                           clock, LedgerOpen::kExisting);
  if (ledger.status().code() == StatusCode::kNotFound) {
    // Never create a ledger just to look at it.
    if (o.json) {
      out << Dump(Json{{"ledger", path}, {"files", 0}}) << "\n";
    } else {
      out << "no ledger at " << path
          << " yet: nothing has been imported with this state_dir\n";
    }
    return kExitOk;
  }
  if (!ledger.ok()) {
    err << "m2drop status: " << ledger.status().message() << "\n";
    return kExitUsage;
  }
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             clock.WallNow().time_since_epoch())
                             .count();
  auto g = Gather(*config, **ledger, o.limit, now_ms);
  if (!g.ok()) {
    err << "m2drop status: " << g.status().message() << "\n";
    return kExitUsage;
  }
  if (o.json) {
    out << Dump(Json{{"ledger", path},
                     {"profiles", g->profiles},
                     {"unfinished", g->unfinished},
                     {"recent", g->recent}})
        << "\n";
    return kExitOk;
  }
  out << "ledger " << EscapeControls(path) << "\n";
  PrintProfiles(g->profiles, out);
  PrintFiles("unfinished (claimed, or waiting for Magento):", g->unfinished,
             out);
  PrintFiles("recent files, newest first:", g->recent, out);
  return kExitOk;
}

}  // namespace m2drop::app
