// SPDX-License-Identifier: Apache-2.0
// Header mapping: which column of a file holds which logical field.
//
// A profile names logical fields (order, tracking, sku, quantity, ...) with
// lists of accepted header names (docs/design.md §5). MapHeader finds each in a
// file's header, matching names the way people write them: case, surrounding
// spaces and the separators '_', '-' and ' ' do not matter, so
// "Order Number", "order_number" and "ORDER-NUMBER" are the same name.
//
// Pure functions and plain values; thread-safe.
#ifndef M2DROP_CSV_HEADER_MAP_H_
#define M2DROP_CSV_HEADER_MAP_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/result.h"

namespace m2drop::csv {

struct FieldSpec {
  std::string name;                  // logical field, e.g. "order"
  bool required = false;             // absent -> the file is refused
  std::vector<std::string> aliases;  // accepted header names, in preference
};

class HeaderMap {
 public:
  static constexpr size_t kNoColumn = static_cast<size_t>(-1);

  HeaderMap() = default;
  HeaderMap(std::vector<std::string> fields, std::vector<size_t> columns)
      : fields_(std::move(fields)), columns_(std::move(columns)) {}

  // The 0-based column holding `field`, or kNoColumn when the file lacks it
  // (an optional field) or the field is unknown.
  size_t ColumnOf(std::string_view field) const;
  bool Has(std::string_view field) const {
    return ColumnOf(field) != kNoColumn;
  }

  // Field names and their columns, in the order of the specs given.
  const std::vector<std::string>& fields() const { return fields_; }
  const std::vector<size_t>& columns() const { return columns_; }

 private:
  std::vector<std::string> fields_;
  std::vector<size_t> columns_;
};

// The name as matching sees it: lower-case ASCII, without surrounding
// whitespace and without '_', '-' and ' '.
std::string NormalizeHeaderName(std::string_view name);

// Maps each spec to the header column matching one of its aliases (the
// field's own name counts as an alias when the list is empty). Aliases are
// tried in order; the first that matches a column wins.
// kInvalidInput, with what was expected and what was found, when a required
// field matches no column, e.g.
//   missing required column "order" (expected one of: order_number, order;
//   found: sku, qty)
// or when two different columns match one field's aliases equally
// ("order_number" and "Order Number" in one file): the profile must choose.
Result<HeaderMap> MapHeader(const std::vector<std::string>& header,
                            const std::vector<FieldSpec>& fields);

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_HEADER_MAP_H_
