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

// `s` made valid UTF-8: each byte that does not belong to a valid sequence
// becomes U+FFFD (the replacement character), so it stays visible. For
// JSON output, which must be UTF-8.
std::string ValidUtf8(std::string_view s);

// `s` safe to print on a terminal or in a text log line: control characters
// (C0, DEL and the C1 range U+0080..U+009F, which some terminals obey as
// escape sequences) become \n, \r, \t or \u00XX, and bytes that are not
// UTF-8 become \xNN. Everything else, '\' included, is unchanged.
std::string EscapeControls(std::string_view s);

// `s` in double quotes, escaped as EscapeControls does and with '"' and '\'
// escaped too: for quoting untrusted values (file names, cells) in messages.
std::string QuoteForMessage(std::string_view s);

// `s` when it has at most `max_bytes` bytes; else its start, cut on a UTF-8
// boundary at or below `max_bytes`, followed by "… (cut; N bytes in all)":
// for messages from untrusted sources that reports and logs keep.
std::string ShortenForMessage(std::string_view s, size_t max_bytes);

// The start of `s`, cut on a UTF-8 boundary at or below `max_bytes`,
// followed by "… (cut; N bytes in all)" with N = `total_bytes` (the length
// of the text `s` was taken from).
std::string CutForMessage(std::string_view s, size_t max_bytes,
                          size_t total_bytes);

}  // namespace m2drop

#endif  // M2DROP_BASE_STRINGS_H_
