// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/order_numbers.h"

#include <algorithm>
#include <unordered_set>

namespace m2drop::pipeline {

bool IsAllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

int OrderNumberWidth(const std::vector<std::string>& found, int profile_width) {
  if (profile_width > 0) return profile_width;
  if (found.empty()) return kMagentoDefaultOrderNumberWidth;
  const size_t width = found.front().size();
  for (const std::string& id : found) {
    if (!IsAllDigits(id) || id.size() != width) return 0;
  }
  return static_cast<int>(width);
}

std::string PadOrderNumber(std::string_view number, int width) {
  if (!IsAllDigits(number) || width <= 0 ||
      number.size() >= static_cast<size_t>(width)) {
    return "";
  }
  return std::string(static_cast<size_t>(width) - number.size(), '0') +
         std::string(number);
}

std::vector<std::pair<std::string, std::string>> PaddedCandidates(
    const std::vector<std::string>& asked,
    const std::vector<std::string>& found, int profile_width) {
  const int width = OrderNumberWidth(found, profile_width);
  const std::unordered_set<std::string> known(found.begin(), found.end());
  std::unordered_set<std::string> seen;
  std::vector<std::pair<std::string, std::string>> candidates;
  for (const std::string& id : asked) {
    if (known.count(id) != 0 || !seen.insert(id).second) continue;
    std::string padded = PadOrderNumber(id, width);
    if (!padded.empty()) candidates.emplace_back(id, std::move(padded));
  }
  return candidates;
}

}  // namespace m2drop::pipeline
