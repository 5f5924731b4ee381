// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/quantity.h"

#include <charconv>
#include <cmath>
#include <string>

#include "m2drop/base/strings.h"

namespace m2drop::csv {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status Refuse(std::string_view text, std::string_view why) {
  return Status::InvalidInput(QuoteForMessage(text) +
                              " is not a quantity: " + std::string(why));
}

// The reason `text` (trimmed, non-empty, with an unexpected character at
// `at`) is refused.
Status RefuseAt(std::string_view text, size_t at, bool allow_decimal_comma) {
  char c = text[at];
  if (c == 'e' || c == 'E') {
    if (at > 0 && IsDigit(text[at - 1])) {
      return Refuse(text, "exponent notation (1e3) is not accepted");
    }
  }
  if (c == ',' && !allow_decimal_comma) {
    return Refuse(text,
                  "a comma is not accepted (no thousands separators; the "
                  "decimal separator is '.')");
  }
  if (c == ',' || c == '.') {
    return Refuse(text,
                  "only one decimal separator is accepted, with digits on "
                  "both sides (no thousands separators)");
  }
  if (IsDigit(text[0]) || text[0] == '-' || text[0] == '+') {
    return Refuse(text, "unexpected " + QuoteForMessage(std::string(1, c)) +
                            " after the number");
  }
  return Refuse(text, "a number is expected, like 12 or 12.5");
}

}  // namespace

Result<double> ParseQuantity(std::string_view text, bool allow_decimal_comma) {
  std::string_view t = Trim(text);
  if (t.empty()) return Refuse(text, "the value is empty");
  size_t i = 0;
  if (t[i] == '-' || t[i] == '+') ++i;
  size_t int_begin = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  if (i == int_begin) {
    if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
      return Refuse(text, "a digit is needed before the decimal separator");
    }
    return i < t.size() ? RefuseAt(t, i, allow_decimal_comma)
                        : Refuse(text, "a sign without digits");
  }
  if (i < t.size() && (t[i] == '.' || (t[i] == ',' && allow_decimal_comma))) {
    size_t frac_begin = ++i;
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i == frac_begin) {
      return Refuse(text, "a digit is needed after the decimal separator");
    }
  }
  if (i < t.size()) return RefuseAt(t, i, allow_decimal_comma);

  std::string normalized(t[0] == '+' ? t.substr(1) : t);
  for (char& c : normalized) {
    if (c == ',') c = '.';
  }
  double value = 0;
  auto [end, ec] = std::from_chars(
      normalized.data(), normalized.data() + normalized.size(), value);
  if (ec != std::errc() || end != normalized.data() + normalized.size() ||
      !std::isfinite(value)) {
    return Refuse(text, "the number is out of range");
  }
  return value;
}

}  // namespace m2drop::csv
