// SPDX-License-Identifier: Apache-2.0
// Durations and sizes as written in the configuration.
//
// Durations: one or more <integer><unit> terms with units in decreasing order,
// units d, h, m, s, ms: "500ms", "2s", "10m", "1h", "1h30m". "0" alone means
// zero. Sizes: a plain integer number of bytes ("1048576"), or an integer with
// a binary unit B, KiB, MiB, GiB, TiB ("64KiB", "1 MiB"; units ignore case).
// Decimal units (KB, MB) are refused: they are ambiguous.
//
// Pure functions; thread-safe.
#ifndef M2DROP_CONFIG_UNITS_H_
#define M2DROP_CONFIG_UNITS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "m2drop/base/result.h"

namespace m2drop::config {

// The duration `text` stands for. kInvalidInput with a message saying what is
// wrong (no unit, unknown unit, units out of order, overflow); the message
// does not repeat `text`, callers add the key and the value.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// The number of bytes `text` stands for. kInvalidInput as for ParseDuration.
Result<uint64_t> ParseSize(std::string_view text);

// The shortest spelling ParseDuration reads back, e.g. "1h30m", "500ms", "0".
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_UNITS_H_
