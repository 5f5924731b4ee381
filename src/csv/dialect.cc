// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/dialect.h"

#include <array>

namespace m2drop::csv {

std::string_view LineEndingCounts::Name() const {
  int kinds = (lf > 0) + (crlf > 0) + (cr > 0);
  if (kinds == 0) return "none";
  if (kinds > 1) return "mixed";
  if (lf > 0) return "LF";
  if (crlf > 0) return "CRLF";
  return "CR";
}

char SniffDelimiter(std::string_view text) {
  std::array<uint64_t, kSniffedDelimiters.size()> counts{};
  size_t i = 0;
  // Skip blank lines before the header.
  while (i < text.size() &&
         (text[i] == '\n' || text[i] == '\r' || text[i] == ' ')) {
    ++i;
  }
  bool in_quotes = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // A doubled quote inside quotes toggles twice: no net change.
      in_quotes = !in_quotes;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      break;
    } else if (!in_quotes) {
      size_t k = kSniffedDelimiters.find(c);
      if (k != std::string_view::npos) ++counts[k];
    }
  }
  size_t best = 0;
  for (size_t k = 1; k < counts.size(); ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return counts[best] > 0 ? kSniffedDelimiters[best] : ',';
}

std::optional<char> ParseExcelSepLine(std::string_view text) {
  constexpr std::string_view kPrefix = "sep=";
  if (text.size() < kPrefix.size() + 2) return std::nullopt;
  for (size_t i = 0; i < kPrefix.size(); ++i) {
    if ((text[i] | 0x20) != kPrefix[i] && text[i] != kPrefix[i]) {
      return std::nullopt;
    }
  }
  char sep = text[kPrefix.size()];
  char after = text[kPrefix.size() + 1];
  if (sep == '\n' || sep == '\r' || sep == '"') return std::nullopt;
  if (after != '\n' && after != '\r') return std::nullopt;
  return sep;
}

std::string DelimiterText(char delimiter) {
  if (delimiter == '\t') return "\\t";
  return std::string(1, delimiter);
}

}  // namespace m2drop::csv
