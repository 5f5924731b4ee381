// SPDX-License-Identifier: Apache-2.0
// Module-private: the list of problems found while loading a configuration,
// turned into one kInvalidInput Status at the end (format in loader.h).
// Not thread-safe; one Problems per load.
#ifndef M2DROP_SRC_CONFIG_PROBLEMS_H_
#define M2DROP_SRC_CONFIG_PROBLEMS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/status.h"

namespace m2drop::config::internal {

class Problems {
 public:
  // Records "<path>: <what> (line <line>)"; line 0 (unknown) adds no suffix.
  void Add(std::string_view path, std::string_view what, int line);

  bool empty() const { return problems_.empty(); }
  size_t size() const { return problems_.size(); }

  // OK when empty, else kInvalidInput: a first line "<origin>: N problem(s)
  // in the configuration", then one problem per line, sorted by line.
  Status ToStatus(std::string_view origin) const;

 private:
  struct Problem {
    int line;
    std::string text;
  };
  std::vector<Problem> problems_;
};

// "; did you mean \"<candidate>\"?" for the candidate closest to `name` by
// edit distance when it is at most 2 edits away, else "".
std::string DidYouMean(std::string_view name,
                       std::span<const std::string_view> candidates);

// `names` as `"a" or "b"`, or `one of "a", "b", "c"`.
std::string QuotedChoices(std::span<const std::string_view> names);

}  // namespace m2drop::config::internal

#endif  // M2DROP_SRC_CONFIG_PROBLEMS_H_
