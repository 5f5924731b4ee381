// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: errors.csv round trip (issue 17).
//
// The input (after a first byte picking the delimiter) is a drop: it is read
// with csv::Reader, every record is made a failed row, and
// pipeline::ErrorsCsv writes errors.csv from their raw text. Reading
// errors.csv back must give, for the header and every row, the original
// cells, each with a ' before it exactly where its first character other
// than space, tab, CR or LF is =, +, - or @, plus the `errors` cell.
// A strict RFC 4180 reader (no trimming; a quote opens a cell only as its
// first character, as in Python's csv module and Excel) must cut errors.csv
// into the same cells, equal but for surrounding blanks, so that no reader
// sees a cell start a formula.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/strings.h"
#include "m2drop/csv/reader.h"
#include "m2drop/pipeline/report.h"

namespace {

using m2drop::csv::Encoding;
using m2drop::csv::Reader;
using m2drop::csv::ReaderOptions;
using m2drop::csv::Record;
using Cells = std::vector<std::string>;

void Require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports it as a crash.
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool StartsFormula(std::string_view cell) {
  for (char c : cell) {
    if (IsBlank(c)) continue;
    return c == '=' || c == '+' || c == '-' || c == '@';
  }
  return false;
}

std::string Expected(const std::string& cell) {
  return StartsFormula(cell) ? "'" + cell : cell;
}

ReaderOptions Options(char delimiter) {
  ReaderOptions options;
  options.forced_delimiter = delimiter;
  options.forced_encoding = Encoding::kUtf8;
  options.max_fields = 100000;
  return options;
}

struct Drop {
  Cells header;
  std::vector<Cells> rows;
  m2drop::pipeline::ReportInput input;
};

// Reads `text` as m2drop does; false when it has no header. Malformed
// records are left out: errors.csv copies them as broken as they came.
bool ReadDrop(std::string text, char delimiter, Drop* drop) {
  auto reader = Reader::FromString(std::move(text), Options(delimiter));
  if (!reader.ok()) return false;
  drop->header = (*reader)->header();
  drop->input.header_raw = (*reader)->header_raw();
  drop->input.delimiter = delimiter;
  Record record;
  while ((*reader)->Next(&record)) {
    drop->rows.emplace_back(record.fields().begin(), record.fields().end());
    drop->input.raw_rows[record.line()] = std::string(record.raw());
    drop->input.outcomes.push_back({record.line(),
                                    m2drop::pipeline::RowState::kFailed,
                                    "bad",
                                    "row is bad",
                                    {}});
  }
  const m2drop::csv::Dialect& d = (*reader)->dialect();
  drop->input.summary.dialect.bom = d.bom;
  drop->input.summary.dialect.line_ending = d.line_ending;
  return true;
}

// A strict RFC 4180 reader, as Python's csv module reads: a quote opens a
// quoted cell only as the cell's first character, records end at LF, CR or
// CRLF outside quotes (empty lines skipped), nothing is trimmed.
std::vector<Cells> StrictRead(std::string_view text, char delimiter) {
  enum class State { kCellStart, kUnquoted, kQuoted, kQuoteInQuoted };
  State state = State::kCellStart;
  std::vector<Cells> records;
  Cells record;
  std::string cell;
  bool started = false;   // the record has a character
  bool after_cr = false;  // a CR ended the last record
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  for (char c : text) {
    if (after_cr) {
      after_cr = false;
      if (c == '\n') continue;
    }
    if (state == State::kQuoted) {
      if (c == '"') {
        state = State::kQuoteInQuoted;
      } else {
        cell += c;
      }
      continue;
    }
    if (state == State::kQuoteInQuoted && c == '"') {
      cell += c;
      state = State::kQuoted;
    } else if (c == delimiter) {
      record.push_back(std::move(cell));
      cell.clear();
      started = true;
      state = State::kCellStart;
    } else if (c == '\n' || c == '\r') {
      if (started) {
        record.push_back(std::move(cell));
        records.push_back(std::move(record));
      }
      record.clear();
      cell.clear();
      started = false;
      after_cr = c == '\r';
      state = State::kCellStart;
    } else if (c == '"' && state == State::kCellStart) {
      started = true;
      state = State::kQuoted;
    } else {
      cell += c;
      started = true;
      state = State::kUnquoted;
    }
  }
  Require(state != State::kQuoted);
  if (started) {
    record.push_back(std::move(cell));
    records.push_back(std::move(record));
  }
  return records;
}

void CheckLine(const Cells& read, const Cells& original,
               const std::string& errors) {
  Require(read.size() == original.size() + 1);
  for (size_t i = 0; i < original.size(); ++i) {
    Require(read[i] == Expected(original[i]));
  }
  Require(read.back() == errors);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr char kDelimiters[] = {',', ';', '\t', '|'};
  const char delimiter = kDelimiters[data[0] & 3];
  Drop drop;
  if (!ReadDrop(std::string(reinterpret_cast<const char*>(data) + 1, size - 1),
                delimiter, &drop) ||
      drop.rows.empty()) {
    return 0;
  }
  const std::string csv = m2drop::pipeline::ErrorsCsv(drop.input);
  auto reader = Reader::FromString(csv, Options(delimiter));
  Require(reader.ok());
  uint64_t errors = 0;
  (*reader)->set_error_sink([&](const m2drop::csv::RecordError&) { ++errors; });
  std::vector<Cells> read = {(*reader)->header()};
  Record record;
  while ((*reader)->Next(&record)) {
    read.emplace_back(record.fields().begin(), record.fields().end());
  }
  Require(errors == 0 && (*reader)->status().ok());
  Require(read.size() == drop.rows.size() + 1);
  CheckLine(read[0], drop.header, "errors");
  for (size_t i = 0; i < drop.rows.size(); ++i) {
    CheckLine(read[i + 1], drop.rows[i],
              m2drop::pipeline::FormatRowErrors(drop.input.outcomes[i]));
  }
  const std::vector<Cells> strict = StrictRead(csv, delimiter);
  Require(strict.size() == read.size());
  for (size_t r = 0; r < read.size(); ++r) {
    Require(strict[r].size() == read[r].size());
    for (size_t i = 0; i < read[r].size(); ++i) {
      Require(m2drop::Trim(strict[r][i]) == m2drop::Trim(read[r][i]));
      Require(!StartsFormula(strict[r][i]));
    }
  }
  return 0;
}
