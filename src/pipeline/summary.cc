// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/summary.h"

#include <nlohmann/json.hpp>

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {

void FileSummary::AddError(RowError error, size_t limit) {
  if (errors.size() < limit) {
    if (error.message.size() > kMaxRowMessageBytes) {
      error.message = ShortenForMessage(error.message, kMaxRowMessageBytes);
    }
    errors.push_back(std::move(error));
  } else {
    ++errors_omitted;
  }
}

std::string ToJson(const FileSummary& s) {
  nlohmann::ordered_json j;
  j["file"] = s.file;
  j["profile"] = s.profile;
  j["mode"] = s.mode;
  j["dialect"] = {{"encoding", s.dialect.encoding},
                  {"bom", s.dialect.bom},
                  {"delimiter", s.dialect.delimiter},
                  {"line_ending", s.dialect.line_ending}};
  j["rows_total"] = s.rows_total;
  j["valid"] = s.valid;
  j["applied"] = s.applied;
  j["already_present"] = s.already_present;
  j["stale"] = s.stale;
  j["failed"] = s.failed;
  j["deferred"] = s.deferred;
  j["api_calls"] = s.api_calls;
  j["elapsed_ms"] = s.elapsed_ms;
  auto errors = nlohmann::ordered_json::array();
  for (const RowError& e : s.errors) {
    nlohmann::ordered_json err;
    err["line"] = e.line;
    if (e.column > 0) err["column"] = e.column;
    err["code"] = e.code;
    err["message"] = e.message;
    errors.push_back(std::move(err));
  }
  j["errors"] = std::move(errors);
  if (s.errors_omitted > 0) j["errors_omitted"] = s.errors_omitted;
  // Replace invalid UTF-8 rather than throw: messages quote file content.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace m2drop::pipeline
