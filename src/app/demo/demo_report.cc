// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/demo/demo_report.h"

#include <filesystem>
#include <fstream>
#include <iomanip>

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;

constexpr int kFileWidth = 29;
constexpr int kProfileWidth = 8;
constexpr int kOutcomeWidth = 22;

std::string Count(const nlohmann::json& report, const char* key) {
  if (!report.is_object() || !report.contains(key)) return "-";
  return report[key].dump();
}

void PrintCounts(const nlohmann::json& report, std::ostream& out) {
  out << std::right << std::setw(6) << Count(report, "rows_total")
      << std::setw(9) << Count(report, "applied") << std::setw(9)
      << Count(report, "already_present") << std::setw(7)
      << Count(report, "stale") << std::setw(8) << Count(report, "failed")
      << std::setw(7) << Count(report, "api_calls");
}

// Directory entries sorted by name, so the output does not depend on the
// file system's order.
std::vector<fs::path> SortedEntries(const std::string& dir) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

void PrintOutcomeTable(const std::vector<DemoRow>& rows, std::ostream& out) {
  out << std::left << std::setw(kFileWidth) << "file"
      << std::setw(kProfileWidth) << "profile" << std::setw(kOutcomeWidth)
      << "outcome" << std::right << std::setw(6) << "rows" << std::setw(9)
      << "applied" << std::setw(9) << "present" << std::setw(7) << "stale"
      << std::setw(8) << "failed" << std::setw(7) << "calls"
      << "\n"
      << std::string(kFileWidth + kProfileWidth + kOutcomeWidth + 46, '-')
      << "\n";
  for (const DemoRow& r : rows) {
    out << std::left << std::setw(kFileWidth) << r.file
        << std::setw(kProfileWidth) << r.profile << std::setw(kOutcomeWidth)
        << r.outcome;
    PrintCounts(r.report, out);
    out << (r.as_expected ? "" : "  (!)") << "\n";
  }
}

void PrintErrorsCsvs(const std::string& failed_dir, std::ostream& out) {
  for (const fs::path& path : SortedEntries(failed_dir)) {
    if (!path.string().ends_with(".errors.csv")) continue;
    out << "\nThe rows to fix, " << path.string()
        << " (fix them and drop the file again):\n";
    std::ifstream in(path, std::ios::binary);
    out << in.rdbuf();
  }
}

void PrintStaleRows(const std::string& dir, std::ostream& out) {
  for (const fs::path& path : SortedEntries(dir)) {
    if (!path.string().ends_with(".report.json")) continue;
    std::ifstream in(path, std::ios::binary);
    const nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
    if (report.is_discarded() || !report.contains("rows")) continue;
    const nlohmann::json& rows = report["rows"];
    for (const nlohmann::json& row : rows) {
      if (row.value("outcome", "") != "stale") continue;
      out << "\n"
          << path.filename().string() << ", line " << row.value("line", 0)
          << ": " << row.value("message", "") << "\n";
    }
  }
}

}  // namespace m2drop::app
