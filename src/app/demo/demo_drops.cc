// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/demo/demo_drops.h"

#include <filesystem>
#include <fstream>

#include "m2drop/base/strings.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFiledDirs[] = {"processed", "failed"};
constexpr std::string_view kReportSuffix = ".report.json";

bool IsReport(const fs::path& path) {
  const std::string name = path.filename().string();
  // Reports are written under a dot-name first and renamed into place.
  return !name.starts_with(".") && name.ends_with(kReportSuffix);
}

std::optional<nlohmann::json> ReadJson(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// Whether `report` is about the drop `name`: its "file" is the name (a
// duplicate's report) or the path the daemon imported it from (in work/).
bool Names(const nlohmann::json& report, const std::string& name) {
  return fs::path(report.value("file", "")).filename() == name;
}

// Whether the errors.csv that belongs to `report` is in place.
bool ReportsComplete(const fs::path& report_path,
                     const nlohmann::json& report) {
  if (report.value("failed", 0) == 0) return true;
  std::string stem = report_path.string();
  stem.resize(stem.size() - kReportSuffix.size());
  std::error_code ec;
  return fs::exists(stem + ".errors.csv", ec);
}

}  // namespace

Status DropLikeAProducer(const std::string& source, const std::string& inbox,
                         const std::string& name) {
  const fs::path part = fs::path(inbox) / ("." + name + ".part");
  const fs::path final_path = fs::path(inbox) / name;
  std::error_code ec;
  fs::copy_file(source, part, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(part, final_path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(part, ignored);
    return Status::Io("cannot drop " + QuoteForMessage(source) + " into " +
                      QuoteForMessage(inbox) + ": " + ec.message());
  }
  return Status::Ok();
}

std::set<std::string> FiledReports(const std::string& profile_dir) {
  std::set<std::string> reports;
  for (const char* sub : kFiledDirs) {
    std::error_code ec;
    for (const auto& entry :
         fs::directory_iterator(fs::path(profile_dir) / sub, ec)) {
      if (IsReport(entry.path())) reports.insert(entry.path().string());
    }
  }
  return reports;
}

std::optional<FiledDrop> FindFiled(const std::string& profile_dir,
                                   const std::string& name,
                                   const std::set<std::string>& before) {
  for (const char* sub : kFiledDirs) {
    std::error_code ec;
    for (const auto& entry :
         fs::directory_iterator(fs::path(profile_dir) / sub, ec)) {
      const fs::path& path = entry.path();
      if (!IsReport(path) || before.contains(path.string())) continue;
      std::optional<nlohmann::json> report = ReadJson(path);
      if (!report || !Names(*report, name)) continue;
      if (!ReportsComplete(path, *report)) continue;
      return FiledDrop{std::string(sub) + "/", path.string(),
                       std::move(*report)};
    }
  }
  return std::nullopt;
}

}  // namespace m2drop::app
