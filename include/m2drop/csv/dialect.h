// SPDX-License-Identifier: Apache-2.0
// Dialect: how a CSV file is written (encoding, delimiter, line endings), and
// the pure sniffing that finds the delimiter from the header line.
//
// All functions are pure and thread-safe.
#ifndef M2DROP_CSV_DIALECT_H_
#define M2DROP_CSV_DIALECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "m2drop/csv/encoding.h"

namespace m2drop::csv {

struct Dialect {
  Encoding encoding = Encoding::kUtf8;
  bool bom = false;      // a byte-order mark was present (and removed)
  char delimiter = ',';  // one of , ; \t |  (or what a profile forced)
  // The record terminators seen: "LF", "CRLF", "CR", "mixed" or "none" (a
  // single line without a terminator). Line breaks inside quoted fields do
  // not count: Excel writes LF inside cells of CRLF files.
  std::string line_ending = "none";
};

// Counts of record terminators, by kind.
struct LineEndingCounts {
  uint64_t lf = 0;
  uint64_t crlf = 0;
  uint64_t cr = 0;

  // "LF", "CRLF", "CR", "mixed" or "none".
  std::string_view Name() const;
};

// The delimiters the sniffer chooses among, in order of preference on ties.
inline constexpr std::string_view kSniffedDelimiters = ",;\t|";

// The delimiter of a file whose text (after any BOM) starts with `text`:
// the candidate occurring most often outside double quotes on the first
// non-blank line (ties go to the earlier one in kSniffedDelimiters), or ','
// when none occurs (a single-column file). Only the first line is looked at,
// so `text` may be cut anywhere after it.
char SniffDelimiter(std::string_view text);

// Excel writes a first line "sep=;" to name the delimiter. Returns that
// delimiter when `text` starts with such a line (followed by a line break),
// nullopt otherwise.
std::optional<char> ParseExcelSepLine(std::string_view text);

// The delimiter as people write it in messages and reports: "," ";" "|" and
// "\t" for tab (JSON-style).
std::string DelimiterText(char delimiter);

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_DIALECT_H_
