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
  row["message"] = ShortenForMessage(
      outcome.message.empty() ? ErrorsWithoutLine(outcome) : outcome.message,
      kMaxRowMessageBytes);
  return row;
}

// The text of a row whose raw text the caller did not keep: as many empty
// fields as the header has, so that the errors column still lines up.
std::string EmptyFields(const ReportInput& input) {
  size_t columns = 1;
  for (char c : input.header_raw) columns += c == input.delimiter;
  return std::string(columns - 1, input.delimiter);
}

// The states of csv/record_scanner.h's reader, which the escaper follows so
// that it sees each cell exactly where a reader does.
enum class CellState { kFieldStart, kUnquoted, kQuoted, kQuoteSeen };

bool IsFormulaStart(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@';
}

// Blanks a spreadsheet may trim before it looks for a formula.
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Copies one CSV text, putting a ' where a cell's first non-blank character
// would start a formula.
class FormulaEscaper {
 public:
  explicit FormulaEscaper(char delimiter) : delimiter_(delimiter) {}

  std::string Escape(std::string_view raw) {
    out_.reserve(raw.size() + 8);
    for (char c : raw) Step(c);
    out_ += spaces_;
    return std::move(out_);
  }

 private:
  bool EndsCell(char c) const {
    return c == delimiter_ || c == '\n' || c == '\r';
  }
  // The reader trims these before an unquoted cell and before a quote.
  bool IsLeadingSpace(char c) const {
    return c == ' ' || (c == '\t' && delimiter_ != '\t');
  }
  // `c` is the cell's next character as a reader reads it; it is not
  // appended to out_ yet.
  void Content(char c) {
    if (decided_ || IsBlank(c)) return;
    decided_ = true;
    if (IsFormulaStart(c)) out_.insert(mark_, 1, '\'');
  }
  void Step(char c) {
    switch (state_) {
      case CellState::kFieldStart:
        if (IsLeadingSpace(c)) {
          spaces_ += c;
          return;
        }
        // Spaces before an opening quote are dropped: m2drop's reader
        // skips them, but to a strict RFC 4180 reader (and Excel) they make
        // the quote an ordinary character, and a delimiter inside the
        // quotes would then open a cell the escaper never looked at.
        if (c != '"') out_ += spaces_;
        spaces_.clear();
        if (EndsCell(c)) break;
        decided_ = false;
        if (c == '"') {
          mark_ = out_.size() + 1;  // inside the opening quote
          state_ = CellState::kQuoted;
          break;
        }
        mark_ = out_.size();
        state_ = CellState::kUnquoted;
        Content(c);
        break;
      case CellState::kUnquoted:  // a quote here is an ordinary character
        if (EndsCell(c)) {
          state_ = CellState::kFieldStart;
        } else {
          Content(c);
        }
        break;
      case CellState::kQuoted:
        if (c == '"') {
          state_ = CellState::kQuoteSeen;
        } else {
          Content(c);
        }
        break;
      case CellState::kQuoteSeen:
        if (c == '"') {  // "" is one quote
          Content(c);
          state_ = CellState::kQuoted;
        } else if (EndsCell(c)) {
          state_ = CellState::kFieldStart;
        } else {  // text after the closing quote belongs to the cell
          Content(c);
          state_ = CellState::kUnquoted;
        }
        break;
    }
    out_ += c;
  }

  const char delimiter_;
  std::string out_;
  std::string spaces_;  // leading spaces of the cell, not copied yet
  CellState state_ = CellState::kFieldStart;
  size_t mark_ = 0;      // where the current cell's ' would go
  bool decided_ = true;  // its first non-blank character was seen
};

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
  return ShortenForMessage(Join(parts, "; "), kMaxRowMessageBytes);
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

std::string EscapeFormulaCells(std::string_view raw, char delimiter) {
  return FormulaEscaper(delimiter).Escape(raw);
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
  std::string header = EscapeFormulaCells(input.header_raw, input.delimiter);
  // A header that starts with U+FEFF without being a BOM (one came after a
  // blank first line) would be read back as a BOM and lose the character:
  // a BOM before it keeps it part of the first name.
  const bool bom = input.summary.dialect.bom || header.starts_with(kUtf8Bom);
  std::string head = bom ? std::string(kUtf8Bom) : "";
  head += header;
  head += input.delimiter;
  head += "errors" + eol;
  return head + csv;
}

}  // namespace m2drop::pipeline
