// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/disposition_io.h"

#include <algorithm>
#include <ctime>

#include "m2drop/fs/file_names.h"

namespace m2drop::pipeline {
namespace {

std::tm UtcParts(WallTime t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm parts{};
  gmtime_r(&secs, &parts);
  return parts;
}

std::string FormatUtc(WallTime t, const char* format) {
  std::tm parts = UtcParts(t);
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, format, &parts);
  return std::string(buf, n);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// Whether `mid` is ".20261122T070501Z" optionally followed by "-N".
bool IsTimeSuffix(std::string_view mid) {
  if (mid.size() < 17 || mid[0] != '.' || mid[9] != 'T' || mid[16] != 'Z' ||
      !AllDigits(mid.substr(1, 8)) || !AllDigits(mid.substr(10, 6))) {
    return false;
  }
  mid.remove_prefix(17);
  return mid.empty() || (mid[0] == '-' && AllDigits(mid.substr(1)));
}

}  // namespace

std::string CompactUtc(WallTime t) { return FormatUtc(t, "%Y%m%dT%H%M%SZ"); }

std::string IsoUtc(WallTime t) { return FormatUtc(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string CandidateName(std::string_view name, WallTime t, int attempt) {
  std::string middle;
  if (attempt > 0) middle = "." + CompactUtc(t);
  if (attempt > 1) middle += "-" + std::to_string(attempt);
  return fs::NameWith(name, middle);
}

bool IsCandidateName(std::string_view name, std::string_view candidate) {
  if (candidate == fs::NameWith(name, "")) return true;
  const fs::NameParts parts = fs::SplitName(name);
  if (!candidate.ends_with(parts.ext)) return false;
  // The time suffix holds no '.', so it starts at the last one before the
  // extension.
  const std::string_view rest =
      candidate.substr(0, candidate.size() - parts.ext.size());
  const size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos || !IsTimeSuffix(rest.substr(dot))) {
    return false;
  }
  return fs::FitName(parts.stem, rest.substr(dot), parts.ext) == candidate;
}

}  // namespace m2drop::pipeline
