// SPDX-License-Identifier: Apache-2.0
// Small string utilities shared by every module. Pure functions, ASCII-only
// case handling (identifiers, headers and keys in our inputs are ASCII; text
// outside ASCII is passed through untouched).
#ifndef M2DROP_BASE_STRINGS_H_
#define M2DROP_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace m2drop {

// Without leading and trailing spaces, tabs, CR and LF.
std::string_view Trim(std::string_view s);

// ASCII lower-case copy.
std::string AsciiLower(std::string_view s);

// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Splits on every `sep`; "a,,b" gives {"a", "", "b"}, "" gives {""}.
std::vector<std::string_view> Split(std::string_view s, char sep);

// Joins with `sep` between the parts.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// Shell-style glob match of `text` against `pattern` (`*`, `?`, `[abc]`,
// `[!a-z]`), optionally ignoring ASCII case. Used for file patterns and
// carrier patterns.
bool GlobMatch(std::string_view pattern, std::string_view text,
               bool ignore_case = false);

// True when `s` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// `s` with characters outside printable ASCII escaped as in JSON (\n, \t,
// \u00XX, \" and \\), in double quotes: for quoting untrusted values in
// messages.
std::string QuoteForMessage(std::string_view s);

}  // namespace m2drop

#endif  // M2DROP_BASE_STRINGS_H_
