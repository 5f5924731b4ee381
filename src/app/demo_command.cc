// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/demo_command.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "m2drop/app/import_command.h"
#include "m2drop/base/clock.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/sim/seed.h"
#include "m2drop/sim/server.h"
#include "m2drop/sim/simulator.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;

struct Sample {
  const char* file;
  const char* profile;
  int expected_exit;  // what a correct import answers
};

constexpr Sample kTrackingSamples[] = {
    {"tracking_minimal.csv", "3pl", kExitOk},
    {"shipstation_shipments.csv", "3pl", kExitOk},
    {"excel_de_semicolon_bom.csv", "3pl-de", kExitOk},
    {"multi_package_items.csv", "3pl", kExitOk},
    {"tracking_with_errors.csv", "3pl", kExitRowsFailed},
};

constexpr Sample kStockSamples[] = {
    {"stock_sources_msi.csv", "msi", kExitOk},
    {"stock_erp_export.tsv", "erp", kExitOk},
};

std::string ConfigText(const fs::path& dir, const std::string& base_url) {
  auto inbox = [&](const char* name) {
    return (dir / name / "inbox").string();
  };
  std::ostringstream t;
  t << "[magento]\nbase_url = \"" << base_url << "\"\n"
    << "token_file = \"" << (dir / "token").string() << "\"\n"
    << "\n[daemon]\nstate_dir = \"" << (dir / "state").string() << "\"\n"
    << "\n[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \""
    << inbox("3pl") << "\"\n"
    << "\n[[profile]]\nname = \"3pl-de\"\nkind = \"tracking\"\ninbox = \""
    << inbox("3pl-de") << "\"\n[profile.columns]\n"
    << "order = [\"Bestellnummer\"]\ntracking = [\"Sendungsnummer\"]\n"
    << "carrier = [\"Versanddienstleister\"]\n"
    << "\n[[profile]]\nname = \"msi\"\nkind = \"stock\"\ninbox = \""
    << inbox("msi") << "\"\n"
    << "\n[[profile]]\nname = \"erp\"\nkind = \"stock\"\ninbox = \""
    << inbox("erp") << "\"\n[profile.columns]\n"
    << "sku = [\"ITEMNO\"]\nsource = [\"WAREHOUSE\"]\n"
    << "quantity = [\"QTY_AVAILABLE\"]\n";
  return t.str();
}

struct Row {
  std::string file, profile, outcome;
  nlohmann::json summary;
  bool as_expected = false;
};

// Drops the sample into its profile's inbox and imports it as a person
// would: `m2drop import FILE --profile P --json`.
Row ImportSample(const Sample& s, const fs::path& fixtures, const fs::path& dir,
                 const std::string& config_path) {
  fs::path inbox = dir / s.profile / "inbox";
  fs::create_directories(inbox);
  fs::copy_file(fixtures / "samples" / s.file, inbox / s.file,
                fs::copy_options::overwrite_existing);
  ImportOptions o;
  o.file = (inbox / s.file).string();
  o.profile = s.profile;
  o.config_path = config_path;
  o.json = true;
  std::ostringstream out, err;
  int code = RunImport(o, out, err);
  Row row{s.file, s.profile, "",
          nlohmann::json::parse(out.str(), nullptr, false),
          code == s.expected_exit};
  row.outcome = code == kExitOk           ? "processed/"
                : code == kExitRowsFailed ? "failed/"
                                          : "exit " + std::to_string(code);
  if (row.summary.is_discarded()) row.outcome += " " + err.str();
  return row;
}

std::string Count(const nlohmann::json& summary, const char* key) {
  if (!summary.is_object() || !summary.contains(key)) return "-";
  return summary[key].dump();
}

void PrintTable(const std::vector<Row>& rows, std::ostream& out) {
  out << std::left << std::setw(29) << "file" << std::setw(8) << "profile"
      << std::setw(19) << "outcome" << std::right << std::setw(6) << "rows"
      << std::setw(9) << "applied" << std::setw(9) << "present" << std::setw(7)
      << "stale" << std::setw(8) << "failed" << std::setw(7) << "calls"
      << "\n"
      << std::string(102, '-') << "\n";
  for (const Row& r : rows) {
    out << std::left << std::setw(29) << r.file << std::setw(8) << r.profile
        << std::setw(19) << r.outcome << std::right << std::setw(6)
        << Count(r.summary, "rows_total") << std::setw(9)
        << Count(r.summary, "applied") << std::setw(9)
        << Count(r.summary, "already_present") << std::setw(7)
        << Count(r.summary, "stale") << std::setw(8)
        << Count(r.summary, "failed") << std::setw(7)
        << Count(r.summary, "api_calls") << (r.as_expected ? "" : "  (!)")
        << "\n";
  }
}

void PrintFile(const fs::path& path, std::ostream& out) {
  std::ifstream in(path, std::ios::binary);
  out << in.rdbuf();
}

// The rows the stock reports in `dir` skipped as stale, with the reason:
// the ERP sample's older update for a SKU after a newer one.
void PrintStaleRows(const fs::path& dir, std::ostream& out) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.path().string().ends_with(".report.json")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
    if (report.is_discarded() || !report.contains("rows")) continue;
    const nlohmann::json& rows = report["rows"];
    for (const nlohmann::json& row : rows) {
      if (row.value("outcome", "") != "stale") continue;
      out << "\n"
          << entry.path().filename().string() << ", line "
          << row.value("line", 0) << ": " << row.value("message", "") << "\n";
    }
  }
}

}  // namespace

int RunDemo(const DemoOptions& options, std::ostream& out, std::ostream& err) {
  const fs::path fixtures = options.fixtures_dir;
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
  const fs::path dir = tmpl;
  auto server =
      sim::Server::Start(sim::ServerOptions{"127.0.0.1", 0, 8},
                         std::make_unique<sim::Simulator>(
                             std::move(store).value(), RealClock::Instance(),
                             sim::SimulatorOptions{}));
  if (!server.ok()) {
    err << "m2drop demo: " << server.status().message() << "\n";
    return kExitUsage;
  }
  const std::string config_path = (dir / "config.toml").string();
  std::ofstream(dir / "token") << "demo-token\n";
  std::ofstream(config_path) << ConfigText(dir, (*server)->base_url());
  out << "Magento simulator with the demo catalog at " << (*server)->base_url()
      << "\nworking directory " << dir.string() << "\n\n";

  std::vector<Row> rows;
  for (const Sample& s : kTrackingSamples) {
    rows.push_back(ImportSample(s, fixtures, dir, config_path));
  }
  // The same file again: Magento already has every row, nothing is written.
  Row again = ImportSample(kTrackingSamples[0], fixtures, dir, config_path);
  again.file += " (again)";
  rows.push_back(std::move(again));
  for (const Sample& s : kStockSamples) {
    rows.push_back(ImportSample(s, fixtures, dir, config_path));
  }
  PrintTable(rows, out);

  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir / "3pl" / "failed", ec)) {
    if (entry.path().string().ends_with(".errors.csv")) {
      out << "\nThe rows to fix, " << entry.path().string()
          << " (fix them and drop the file again):\n";
      PrintFile(entry.path(), out);
    }
  }
  PrintStaleRows(dir / "erp" / "processed", out);
  (*server)->Stop();
  if (options.keep) {
    out << "kept " << dir.string() << "\n";
  } else {
    fs::remove_all(dir, ec);
  }
  for (const Row& r : rows) {
    if (!r.as_expected) return kExitRowsFailed;
  }
  return kExitOk;
}

}  // namespace m2drop::app
