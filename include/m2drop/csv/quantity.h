// SPDX-License-Identifier: Apache-2.0
// Strict parsing of quantities from CSV text.
//
// A quantity decides how much stock Magento shows or how many items ship, so
// anything ambiguous is refused rather than guessed: "1,000" may be one
// thousand or one, "1e3" is no way to write a stock level, and an empty cell
// is not zero. Pure and thread-safe.
#ifndef M2DROP_CSV_QUANTITY_H_
#define M2DROP_CSV_QUANTITY_H_

#include <string_view>

#include "m2drop/base/result.h"

namespace m2drop::csv {

// Accepts an optional sign, digits, and optionally a decimal point followed
// by digits: "12", "12.5", "-3", "+4", "007". Surrounding whitespace is
// ignored. With `allow_decimal_comma` (files whose delimiter is not ','),
// "12,5" is 12.5; thousands separators are never accepted.
// kInvalidInput with a reason a person can act on for anything else:
// "", " ", "1,000", "1.000,5", "12abc", "1e3", ".5", "5.", "nan", "inf".
Result<double> ParseQuantity(std::string_view text, bool allow_decimal_comma);

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_QUANTITY_H_
