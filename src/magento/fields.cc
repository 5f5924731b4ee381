// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/fields.h"

namespace m2drop::magento::fields {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

enum class State {
  kExpectName,  // at the start, after "," or after "["
  kInName,      // inside a field name
  kClosed,      // right after "]": only "," or another "]" may follow
};

}  // namespace

bool IsValidFieldsFilter(std::string_view filter) {
  int depth = 0;
  State state = State::kExpectName;
  for (char c : filter) {
    if (IsNameChar(c)) {
      if (state == State::kClosed) return false;
      state = State::kInName;
    } else if (c == '[') {
      if (state != State::kInName) return false;
      ++depth;
      state = State::kExpectName;
    } else if (c == ']') {
      if (state == State::kExpectName || depth == 0) return false;
      --depth;
      state = State::kClosed;
    } else if (c == ',') {
      if (state == State::kExpectName) return false;
      state = State::kExpectName;
    } else {
      return false;
    }
  }
  return depth == 0 && state != State::kExpectName;
}

}  // namespace m2drop::magento::fields
