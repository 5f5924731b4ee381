// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/file_event.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace m2drop::app {
namespace {

// logfmt quoting: bare when the value has no space, quote, '=' or control
// byte; else in double quotes with '"' and '\' escaped.
std::string LogfmtValue(const std::string& value) {
  bool bare = !value.empty();
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '"' || c == '=' || c == '\\') bare = false;
  }
  if (bare) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string Text(const FileEvent& e) {
  std::string line = "file=" + LogfmtValue(e.file) +
                     " profile=" + LogfmtValue(e.profile) +
                     " state=" + LogfmtValue(e.state);
  if (e.attempt > 0) line += " attempt=" + std::to_string(e.attempt);
  line += " rows=" + std::to_string(e.rows) +
          " applied=" + std::to_string(e.applied) +
          " already_present=" + std::to_string(e.already_present) +
          " failed=" + std::to_string(e.failed) +
          " deferred=" + std::to_string(e.deferred);
  if (e.stale > 0) line += " stale=" + std::to_string(e.stale);
  line += " elapsed_ms=" + std::to_string(e.elapsed_ms);
  if (!e.note.empty()) line += " note=" + LogfmtValue(e.note);
  if (!e.path.empty()) line += " path=" + LogfmtValue(e.path);
  if (!e.report.empty()) line += " report=" + LogfmtValue(e.report);
  return line;
}

std::string Json(const FileEvent& e) {
  nlohmann::ordered_json j = {
      {"file", e.file}, {"profile", e.profile}, {"state", e.state}};
  if (e.attempt > 0) j["attempt"] = e.attempt;
  j["rows"] = e.rows;
  j["applied"] = e.applied;
  j["already_present"] = e.already_present;
  j["failed"] = e.failed;
  j["deferred"] = e.deferred;
  if (e.stale > 0) j["stale"] = e.stale;
  j["elapsed_ms"] = e.elapsed_ms;
  if (!e.note.empty()) j["note"] = e.note;
  if (!e.path.empty()) j["path"] = e.path;
  if (!e.report.empty()) j["report"] = e.report;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string FormatFileEvent(const FileEvent& event, config::LogFormat format) {
  return format == config::LogFormat::kJson ? Json(event) : Text(event);
}

void LogFileEvent(const FileEvent& event, config::LogFormat format) {
  const std::string line = FormatFileEvent(event, format);
  if (event.state == "failed" || event.state == "waiting") {
    spdlog::warn("{}", line);
  } else {
    spdlog::info("{}", line);
  }
}

}  // namespace m2drop::app
