// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/report.h"

#include <nlohmann/json.hpp>

#include "m2drop/base/strings.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::pipeline {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsAlwaysListed(RowState state) {
  return state == RowState::kFailed || state == RowState::kDeferred;
}

// The row's errors without their line (the JSON entry has it already).
std::string ErrorsWithoutLine(const RowOutcome& outcome) {
  std::vector<std::string> parts;
  for (const RowError& e : outcome.errors) {
    parts.push_back(e.column > 0 ? "column " + std::to_string(e.column) + ": " +
                                       e.message
                                 : e.message);
  }
  return Join(parts, "; ");
}

Json RowJson(const RowOutcome& outcome) {
  Json row;
  row["line"] = outcome.line;
  row["outcome"] = RowStateName(outcome.state);
  std::string code = outcome.code;
  if (code.empty() && !outcome.errors.empty()) code = outcome.errors[0].code;
  if (!code.empty()) row["code"] = code;
  row["message"] =
      outcome.message.empty() ? ErrorsWithoutLine(outcome) : outcome.message;
  return row;
}

// The text of a row whose raw text the caller did not keep: as many empty
// fields as the header has, so that the errors column still lines up.
std::string EmptyFields(const ReportInput& input) {
  size_t columns = 1;
  for (char c : input.header_raw) columns += c == input.delimiter;
  return std::string(columns - 1, input.delimiter);
}

}  // namespace

std::string ReportJson(const ReportInput& input, WallTime generated_at) {
  Json j = Json::parse(ToJson(input.summary));
  j["generated_at"] = IsoUtc(generated_at);
  Json rows = Json::array();
  uint64_t others_listed = 0;
  uint64_t omitted = 0;
  for (const RowOutcome& outcome : input.outcomes) {
    if (!IsAlwaysListed(outcome.state)) {
      if (others_listed >= input.max_listed_rows) {
        ++omitted;
        continue;
      }
      ++others_listed;
    }
    rows.push_back(RowJson(outcome));
  }
  j["rows_listed"] = rows.size();
  j["rows_omitted"] = omitted;
  j["rows"] = std::move(rows);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string FormatRowErrors(const RowOutcome& outcome) {
  std::vector<RowError> errors = outcome.errors;
  if (errors.empty()) {
    errors.push_back(
        {outcome.line, 0, outcome.code,
         outcome.message.empty() ? outcome.code : outcome.message});
  }
  std::vector<std::string> parts;
  for (const RowError& e : errors) {
    std::string where = "line " + std::to_string(e.line);
    if (e.column > 0) where += ", column " + std::to_string(e.column);
    parts.push_back(where + ": " + e.message);
  }
  return Join(parts, "; ");
}

std::string QuoteCsvField(std::string_view field) {
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

bool StartsFormula(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

std::string EscapeFormulaCells(std::string_view raw, char delimiter) {
  std::string out;
  out.reserve(raw.size() + 2);
  bool in_quotes = false;
  bool cell_start = true;  // the next byte opens a cell (or its quote)
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (cell_start) {
      cell_start = false;
      if (c == '"') {
        out += c;
        in_quotes = true;
        if (i + 1 < raw.size() && StartsFormula(raw[i + 1])) out += '\'';
        continue;
      }
      if (StartsFormula(c)) out += '\'';
    }
    if (c == '"') {
      in_quotes = !in_quotes;  // "" inside quotes toggles twice: no change
    } else if (!in_quotes && (c == delimiter || c == '\n')) {
      cell_start = true;
    }
    out += c;
  }
  return out;
}

std::string ErrorsCsv(const ReportInput& input) {
  const std::string eol =
      input.summary.dialect.line_ending == "CRLF" ? "\r\n" : "\n";
  std::string csv;
  bool any_failed = false;
  for (const RowOutcome& outcome : input.outcomes) {
    if (outcome.state != RowState::kFailed) continue;
    std::string errors = FormatRowErrors(outcome);
    auto raw = input.raw_rows.find(outcome.line);
    if (raw == input.raw_rows.end()) {
      csv += EmptyFields(input);
      errors += "; the row's original text was not kept: copy line " +
                std::to_string(outcome.line) + " from the source file";
    } else {
      csv += EscapeFormulaCells(raw->second, input.delimiter);
    }
    csv += input.delimiter;
    csv += QuoteCsvField(errors);
    csv += eol;
    any_failed = true;
  }
  if (!any_failed) return "";
  std::string head = input.summary.dialect.bom ? std::string(kUtf8Bom) : "";
  head += EscapeFormulaCells(input.header_raw, input.delimiter);
  head += input.delimiter;
  head += "errors" + eol;
  return head + csv;
}

}  // namespace m2drop::pipeline
