// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/values.h"

#include <charconv>
#include <chrono>

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {
namespace {

bool OneOf(std::string_view lower,
           std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (lower == w) return true;
  }
  return false;
}

// Reads exactly `digits` decimal digits at s[pos], advancing pos.
bool ReadDigits(std::string_view s, size_t& pos, int digits, int& out) {
  if (pos + static_cast<size_t>(digits) > s.size()) return false;
  int v = 0;
  for (int i = 0; i < digits; ++i) {
    char c = s[pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<size_t>(digits);
  out = v;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Parses "YYYY-MM-DD[( |T)hh:mm[:ss[.frac]]][Z|±hh[:]mm]" into microseconds
// since the epoch. Returns false for anything else, including invalid
// calendar dates such as 2026-02-30.
bool ParseIso8601(std::string_view s, int64_t& micros) {
  size_t pos = 0;
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, pos, 4, year) || !Expect(s, pos, '-') ||
      !ReadDigits(s, pos, 2, month) || !Expect(s, pos, '-') ||
      !ReadDigits(s, pos, 2, day)) {
    return false;
  }
  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(unsigned(month)),
                                  std::chrono::day(unsigned(day))};
  if (!ymd.ok()) return false;
  int64_t frac_micros = 0;
  int offset_minutes = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return false;
    ++pos;
    if (!ReadDigits(s, pos, 2, hour) || !Expect(s, pos, ':') ||
        !ReadDigits(s, pos, 2, minute)) {
      return false;
    }
    if (Expect(s, pos, ':')) {
      if (!ReadDigits(s, pos, 2, second)) return false;
      if (Expect(s, pos, '.') || Expect(s, pos, ',')) {
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (digits < 6) frac_micros = frac_micros * 10 + (s[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return false;
        for (int d = digits; d < 6; ++d) frac_micros *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return false;
    if (pos < s.size()) {
      if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        int oh, om;
        if (!ReadDigits(s, pos, 2, oh)) return false;
        Expect(s, pos, ':');
        if (!ReadDigits(s, pos, 2, om) || oh > 23 || om > 59) return false;
        offset_minutes = sign * (oh * 60 + om);
      } else {
        return false;
      }
    }
  }
  if (pos != s.size()) return false;
  auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
  int64_t secs = int64_t(days) * 86400 + hour * 3600 + minute * 60 + second -
                 int64_t(offset_minutes) * 60;
  micros = secs * 1000000 + frac_micros;
  return true;
}

}  // namespace

Result<bool> ParseYesNo(std::string_view text) {
  std::string v = AsciiLower(Trim(text));
  if (OneOf(v, {"yes", "y", "true", "1", "on"})) return true;
  if (OneOf(v, {"no", "n", "false", "0", "off"})) return false;
  return Status::InvalidInput(
      "expected yes or no (also true/false, 1/0), got " +
      QuoteForMessage(text));
}

Result<bool> ParseStockStatus(std::string_view text) {
  std::string v = AsciiLower(Trim(text));
  if (OneOf(v, {"1", "in stock", "in_stock", "instock", "in-stock", "true",
                "yes"})) {
    return true;
  }
  if (OneOf(v, {"0", "out of stock", "out_of_stock", "outofstock",
                "out-of-stock", "false", "no"})) {
    return false;
  }
  return Status::InvalidInput(
      "expected a stock status: 1 or 0, \"in stock\" or \"out of stock\", "
      "got " +
      QuoteForMessage(text));
}

Result<StockVersion> ParseStockVersion(std::string_view text) {
  std::string_view v = Trim(text);
  if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec == std::errc() && ptr == v.data() + v.size()) {
      return StockVersion{StockVersion::Kind::kSequence, n};
    }
    return Status::InvalidInput("sequence number too large: " +
                                QuoteForMessage(text));
  }
  int64_t micros = 0;
  if (ParseIso8601(v, micros)) {
    return StockVersion{StockVersion::Kind::kTimestamp, micros};
  }
  return Status::InvalidInput(
      "expected a timestamp like 2026-11-21T10:00:00Z or a sequence number, "
      "got " +
      QuoteForMessage(text));
}

}  // namespace m2drop::pipeline
