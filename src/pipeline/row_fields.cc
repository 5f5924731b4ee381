// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/row_fields.h"

namespace m2drop::pipeline {

bool LooksLikeExcelScientific(std::string_view text) {
  // digits [. or , digits] E|e [+|-] digits, e.g. 1.23457E+17 or 1,2E+10.
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (!digits()) return false;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    ++i;
    if (!digits()) return false;
  }
  if (i >= text.size() || (text[i] != 'E' && text[i] != 'e')) return false;
  ++i;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  return digits() && i == text.size();
}

}  // namespace m2drop::pipeline
