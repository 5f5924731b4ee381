// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/header_map.h"

#include "m2drop/base/strings.h"

namespace m2drop::csv {
namespace {

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name.empty() ? "\"\"" : name;
  }
  return out.empty() ? "nothing" : out;
}

// Columns whose normalised name equals `alias`.
std::vector<size_t> MatchingColumns(const std::vector<std::string>& normalized,
                                    const std::string& alias) {
  std::vector<size_t> out;
  for (size_t i = 0; i < normalized.size(); ++i) {
    if (normalized[i] == alias) out.push_back(i);
  }
  return out;
}

}  // namespace

size_t HeaderMap::ColumnOf(std::string_view field) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i] == field) return columns_[i];
  }
  return kNoColumn;
}

std::string NormalizeHeaderName(std::string_view name) {
  std::string out;
  for (char c : Trim(name)) {
    if (c == '_' || c == '-' || c == ' ') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

Result<HeaderMap> MapHeader(const std::vector<std::string>& header,
                            const std::vector<FieldSpec>& fields) {
  std::vector<std::string> normalized;
  normalized.reserve(header.size());
  for (const std::string& name : header) {
    normalized.push_back(NormalizeHeaderName(name));
  }
  std::vector<std::string> names;
  std::vector<size_t> columns;
  for (const FieldSpec& spec : fields) {
    std::vector<std::string> aliases = spec.aliases;
    if (aliases.empty()) aliases.push_back(spec.name);
    size_t column = HeaderMap::kNoColumn;
    for (const std::string& alias : aliases) {
      std::vector<size_t> found =
          MatchingColumns(normalized, NormalizeHeaderName(alias));
      if (found.size() > 1) {
        return Status::InvalidInput(
            "columns " + std::to_string(found[0] + 1) + " (" +
            QuoteForMessage(header[found[0]]) + ") and " +
            std::to_string(found[1] + 1) + " (" +
            QuoteForMessage(header[found[1]]) + ") both match field " +
            QuoteForMessage(spec.name) +
            "; name the one to use in the profile's columns");
      }
      if (found.size() == 1) {
        column = found[0];
        break;
      }
    }
    if (column == HeaderMap::kNoColumn && spec.required) {
      return Status::InvalidInput("missing required column " +
                                  QuoteForMessage(spec.name) +
                                  " (expected one of: " + QuotedList(aliases) +
                                  "; found: " + QuotedList(header) + ")");
    }
    names.push_back(spec.name);
    columns.push_back(column);
  }
  return HeaderMap(std::move(names), std::move(columns));
}

}  // namespace m2drop::csv
