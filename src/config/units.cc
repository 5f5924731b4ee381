// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/units.h"

#include <array>
#include <limits>

#include "m2drop/base/strings.h"

namespace m2drop::config {
namespace {

struct Unit {
  std::string_view name;
  uint64_t factor;
};

// Longest names first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 5> kDurationUnits = {{
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"ms", 1},
    {"m", 60'000},
    {"s", 1'000},
}};

constexpr std::array<Unit, 5> kSizeUnits = {{
    {"b", 1},
    {"kib", uint64_t{1} << 10},
    {"mib", uint64_t{1} << 20},
    {"gib", uint64_t{1} << 30},
    {"tib", uint64_t{1} << 40},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads the decimal digits at text[*pos], advancing *pos. False on overflow
// or when there is no digit.
bool ReadNumber(std::string_view text, size_t* pos, uint64_t* out) {
  size_t start = *pos;
  uint64_t value = 0;
  while (*pos < text.size() && IsDigit(text[*pos])) {
    uint64_t digit = static_cast<uint64_t>(text[*pos] - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return false;
    }
    value = value * 10 + digit;
    ++*pos;
  }
  *out = value;
  return *pos > start;
}

bool MultiplyChecked(uint64_t a, uint64_t b, uint64_t* out) {
  if (b != 0 && a > std::numeric_limits<uint64_t>::max() / b) return false;
  *out = a * b;
  return true;
}

// The duration unit at text[pos], or nullptr.
const Unit* MatchDurationUnit(std::string_view text, size_t pos) {
  for (const Unit& unit : kDurationUnits) {
    if (text.substr(pos, unit.name.size()) == unit.name) return &unit;
  }
  return nullptr;
}

Status DurationError(std::string_view what) {
  return Status::InvalidInput(
      std::string(what) +
      "; write a duration like \"500ms\", \"2s\", \"10m\", \"1h30m\" or \"0\"");
}

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return DurationError("empty duration");
  if (text == "0") return std::chrono::milliseconds(0);
  constexpr uint64_t kMax =
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t total = 0;
  uint64_t previous_factor = std::numeric_limits<uint64_t>::max();
  size_t pos = 0;
  while (pos < text.size()) {
    uint64_t number = 0;
    if (!ReadNumber(text, &pos, &number)) {
      return DurationError(pos < text.size() && IsDigit(text[pos])
                               ? "number too large"
                               : "expected a whole number before each unit");
    }
    if (pos == text.size()) return DurationError("missing unit");
    const Unit* unit = MatchDurationUnit(text, pos);
    if (unit == nullptr) return DurationError("unknown unit");
    if (unit->factor >= previous_factor) {
      return DurationError("units must go from largest to smallest, once each");
    }
    previous_factor = unit->factor;
    pos += unit->name.size();
    uint64_t term = 0;
    if (!MultiplyChecked(number, unit->factor, &term) || term > kMax - total) {
      return DurationError("duration too long");
    }
    total += term;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(total));
}

Result<uint64_t> ParseSize(std::string_view text) {
  text = Trim(text);
  auto error = [](std::string_view what) {
    return Status::InvalidInput(
        std::string(what) +
        "; write a size like \"64KiB\", \"1MiB\", \"1GiB\" or a number of "
        "bytes");
  };
  size_t pos = 0;
  uint64_t number = 0;
  if (!ReadNumber(text, &pos, &number)) {
    return error(pos < text.size() && IsDigit(text[pos])
                     ? "number too large"
                     : "expected a whole number");
  }
  std::string unit_name = AsciiLower(Trim(text.substr(pos)));
  if (unit_name.empty()) return number;
  for (const Unit& unit : kSizeUnits) {
    if (unit.name != unit_name) continue;
    uint64_t bytes = 0;
    if (!MultiplyChecked(number, unit.factor, &bytes)) {
      return error("size too large");
    }
    return bytes;
  }
  return error("unknown unit (binary units B, KiB, MiB, GiB, TiB only)");
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  int64_t left = duration.count();
  if (left <= 0) return "0";
  // Decreasing factors, so the result parses back.
  constexpr std::array<Unit, 5> kOrder = {{{"d", 86'400'000},
                                           {"h", 3'600'000},
                                           {"m", 60'000},
                                           {"s", 1'000},
                                           {"ms", 1}}};
  std::string out;
  for (const Unit& unit : kOrder) {
    int64_t factor = static_cast<int64_t>(unit.factor);
    if (left < factor) continue;
    out += std::to_string(left / factor);
    out += unit.name;
    left %= factor;
  }
  return out;
}

}  // namespace m2drop::config
