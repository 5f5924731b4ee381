// SPDX-License-Identifier: Apache-2.0
#include "problems.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/base/strings.h"

namespace m2drop::config::internal {
namespace {

// Levenshtein distance, ASCII case-insensitive (keys are short).
size_t EditDistance(std::string_view a, std::string_view b) {
  std::string la = AsciiLower(a);
  std::string lb = AsciiLower(b);
  std::vector<size_t> row(lb.size() + 1);
  for (size_t j = 0; j <= lb.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= la.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb.size(); ++j) {
      size_t above = row[j];
      size_t substitute = diagonal + (la[i - 1] == lb[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[lb.size()];
}

}  // namespace

void Problems::Add(std::string_view path, std::string_view what, int line) {
  std::string text(path);
  text += ": ";
  text += what;
  if (line > 0) text += " (line " + std::to_string(line) + ")";
  problems_.push_back({line, std::move(text)});
}

Status Problems::ToStatus(std::string_view origin) const {
  if (problems_.empty()) return Status::Ok();
  std::vector<Problem> sorted = problems_;
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const Problem& a, const Problem& b) { return a.line < b.line; });
  std::string message(origin);
  message += ": " + std::to_string(sorted.size()) +
             (sorted.size() == 1 ? " problem" : " problems") +
             " in the configuration";
  for (const Problem& problem : sorted) message += "\n" + problem.text;
  return Status::InvalidInput(std::move(message));
}

std::string DidYouMean(std::string_view name,
                       std::span<const std::string_view> candidates) {
  constexpr size_t kMaxDistance = 2;
  std::string_view best;
  size_t best_distance = kMaxDistance + 1;
  for (std::string_view candidate : candidates) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best_distance > kMaxDistance) return "";
  std::string hint = "; did you mean \"";
  hint.append(best).append("\"?");
  return hint;
}

std::string QuotedChoices(std::span<const std::string_view> names) {
  std::vector<std::string> quoted;
  for (std::string_view name : names) {
    // Appended piecewise: GCC 12 at -O3 reports a false -Wrestrict on
    // `"\"" + std::string(name)` (GCC bug 105329).
    std::string q(1, '"');
    q.append(name).push_back('"');
    quoted.push_back(std::move(q));
  }
  if (quoted.size() == 2) return quoted[0] + " or " + quoted[1];
  return "one of " + Join(quoted, ", ");
}

}  // namespace m2drop::config::internal
