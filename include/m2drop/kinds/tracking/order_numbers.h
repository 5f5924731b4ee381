// SPDX-License-Identifier: Apache-2.0
// Order numbers as spreadsheets mangle them: Excel reads "000000108" as the
// number 108 and saves it without its leading zeros. The import asks
// Magento for the numbers exactly as written first; for the purely numeric
// ones Magento did not know, this file works out the zero-padded number to
// ask for in a second, batched search (docs/design.md §6, issue 4).
//
// Pure functions; thread-safe.
#ifndef M2DROP_KINDS_TRACKING_ORDER_NUMBERS_H_
#define M2DROP_KINDS_TRACKING_ORDER_NUMBERS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace m2drop::pipeline {

// Magento's default increment id width ("000000001"), used when neither the
// profile nor the orders found say otherwise.
inline constexpr int kMagentoDefaultOrderNumberWidth = 9;

// True for a non-empty string of ASCII digits only.
bool IsAllDigits(std::string_view text);

// The width to pad numeric order numbers to:
//   - `profile_width` when > 0 (the operator said so);
//   - else, when every increment id in `found` is purely numeric and all
//     have the same length, that length (learnt from the shop);
//   - else, when `found` is empty, kMagentoDefaultOrderNumberWidth;
//   - else 0: the shop's numbers have no single numeric width (prefixes,
//     several store views), so nothing is padded.
int OrderNumberWidth(const std::vector<std::string>& found, int profile_width);

// `number` left-padded with zeros to `width`, or "" when it is not purely
// numeric or already at least `width` long (no candidate).
std::string PadOrderNumber(std::string_view number, int width);

// For each id of `asked` that is not in `found` (exact match), purely
// numeric and shorter than the width (OrderNumberWidth(found,
// profile_width)): the pair {asked id, padded id}, in the order of `asked`,
// each asked id at most once. Non-numeric ids are never touched.
std::vector<std::pair<std::string, std::string>> PaddedCandidates(
    const std::vector<std::string>& asked,
    const std::vector<std::string>& found, int profile_width);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_TRACKING_ORDER_NUMBERS_H_
