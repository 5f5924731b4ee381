// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/validate_command.h"

#include <nlohmann/json.hpp>

#include "m2drop/base/clock.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/base/strings.h"
#include "m2drop/config/loader.h"
#include "m2drop/kinds/drop.h"

namespace m2drop::app {
namespace {

void PrintText(const pipeline::FileSummary& s, std::ostream& out) {
  out << EscapeControls(s.file) << " (profile " << s.profile
      << "): " << s.rows_total << (s.rows_total == 1 ? " row, " : " rows, ")
      << s.valid << " valid, " << s.failed << " failed\n";
  out << "  read as " << s.dialect.encoding
      << (s.dialect.bom ? " with BOM" : "") << ", delimiter "
      << "\"" << s.dialect.delimiter << "\", " << s.dialect.line_ending
      << " line endings\n";
  for (const pipeline::RowError& e : s.errors) {
    out << "  line " << e.line;
    if (e.column > 0) out << ", column " << e.column;
    out << ": " << EscapeControls(e.message) << "\n";
  }
  if (s.errors_omitted > 0) {
    out << "  … and " << s.errors_omitted << " more problems not listed\n";
  }
}

void PrintFileError(const ValidateOptions& o, const Status& status,
                    std::ostream& out) {
  nlohmann::ordered_json j;
  j["file"] = o.file;
  j["profile"] = o.profile;
  j["error"] = {{"code", StatusCodeName(status.code())},
                {"message", status.message()}};
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
      << "\n";
}

}  // namespace

int RunValidate(const ValidateOptions& options, std::ostream& out,
                std::ostream& err) {
  const std::string config_path = options.config_path.empty()
                                      ? config::DefaultConfigPath()
                                      : options.config_path;
  auto config = config::LoadFile(config_path);
  if (!config.ok()) {
    err << "m2drop validate: " << config.status().message() << "\n";
    return kExitUsage;
  }
  const config::Profile* profile =
      config::FindProfile(*config, options.profile);
  if (profile == nullptr) {
    std::vector<std::string> names;
    for (const config::Profile& p : config->profiles) names.push_back(p.name);
    err << "m2drop validate: no profile named "
        << QuoteForMessage(options.profile) << " in " << config_path
        << " (profiles: " << (names.empty() ? "none" : Join(names, ", "))
        << ")\n";
    return kExitUsage;
  }
  auto summary = kinds::ValidateDrop(options.file, *profile, config->limits,
                                     RealClock::Instance());
  if (!summary.ok()) {
    err << "m2drop validate: " << summary.status().message() << "\n";
    if (options.json) PrintFileError(options, summary.status(), out);
    return kExitUnreadable;
  }
  if (options.json) {
    out << pipeline::ToJson(*summary) << "\n";
  } else {
    PrintText(*summary, out);
  }
  return summary->failed > 0 ? kExitRowsFailed : kExitOk;
}

}  // namespace m2drop::app
