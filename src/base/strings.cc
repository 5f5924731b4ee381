// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/strings.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace m2drop {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool MatchClass(std::string_view pattern, size_t& p, char c, bool ignore_case,
                bool& ok) {
  // pattern[p] == '['. On return p is past the closing ']'.
  size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  char lc = ignore_case ? Lower(c) : c;
  while (i < pattern.size() && (first || pattern[i] != ']')) {
    first = false;
    char lo = ignore_case ? Lower(pattern[i]) : pattern[i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' &&
        pattern[i + 2] != ']') {
      hi = ignore_case ? Lower(pattern[i + 2]) : pattern[i + 2];
      i += 2;
    }
    if (lc >= lo && lc <= hi) matched = true;
    ++i;
  }
  if (i >= pattern.size()) {  // No closing bracket: '[' is a literal.
    ok = false;
    return false;
  }
  ok = true;
  p = i + 1;
  return matched != negate;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

bool GlobMatch(std::string_view pattern, std::string_view text,
               bool ignore_case) {
  // Iterative matcher with single-star backtracking: linear in practice and
  // never recursive, so hostile patterns cannot blow the stack.
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '*') {
        star_p = p++;
        star_t = t;
        continue;
      }
      if (pc == '?') {
        ++p;
        ++t;
        continue;
      }
      if (pc == '[') {
        size_t q = p;
        bool well_formed = false;
        bool m = MatchClass(pattern, q, text[t], ignore_case, well_formed);
        if (well_formed) {
          if (m) {
            p = q;
            ++t;
            continue;
          }
        } else if ((ignore_case ? Lower(pc) == Lower(text[t])
                                : pc == text[t])) {
          ++p;
          ++t;
          continue;
        }
      } else if (ignore_case ? Lower(pc) == Lower(text[t]) : pc == text[t]) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

// The length of the valid UTF-8 sequence at s[i] (1 for ASCII), or 0 when
// the bytes there are not one (overlong, surrogate, > U+10FFFF, cut short).
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  auto c = static_cast<uint8_t>(s[i]);
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    auto cc = static_cast<uint8_t>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
      (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

// True for U+0080..U+009F (C1 controls; U+009B is CSI to some terminals),
// encoded as C2 80..C2 9F, at s[i] with a sequence of `len` bytes.
bool IsC1Control(std::string_view s, size_t i, size_t len) {
  return len == 2 && static_cast<uint8_t>(s[i]) == 0xC2 &&
         static_cast<uint8_t>(s[i + 1]) < 0xA0;
}

void AppendHexEscape(std::string& out, const char* prefix, unsigned value) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "%s%02x", prefix, value);
  out += buf;
}

// Control characters (C0, DEL, C1) as \n, \r, \t or \u00XX, bytes that
// are not UTF-8 as \xNN; with `quoted`, '"' and '\' escaped as well.
std::string EscapeText(std::string_view s, bool quoted) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t len = Utf8SequenceAt(s, i);
    const auto u = static_cast<unsigned char>(s[i]);
    if (len == 0) {
      AppendHexEscape(out, "\\x", u);
      ++i;
      continue;
    }
    if (IsC1Control(s, i, len)) {
      AppendHexEscape(out, "\\u00", static_cast<uint8_t>(s[i + 1]));
    } else if (quoted && (s[i] == '"' || s[i] == '\\')) {
      out += '\\';
      out += s[i];
    } else if (s[i] == '\n') {
      out += "\\n";
    } else if (s[i] == '\r') {
      out += "\\r";
    } else if (s[i] == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      AppendHexEscape(out, "\\u00", u);
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t len = Utf8SequenceAt(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t len = Utf8SequenceAt(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string EscapeControls(std::string_view s) {
  return EscapeText(s, /*quoted=*/false);
}

std::string ShortenForMessage(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  return CutForMessage(s, max_bytes, s.size());
}

std::string CutForMessage(std::string_view s, size_t max_bytes,
                          size_t total_bytes) {
  size_t cut = std::min(max_bytes, s.size());
  // Back to the start of a UTF-8 sequence, so none is split.
  while (cut > 0 && cut < s.size() &&
         (static_cast<uint8_t>(s[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(s.substr(0, cut)) + "\u2026 (cut; " +
         std::to_string(total_bytes) + " bytes in all)";
}

std::string QuoteForMessage(std::string_view s) {
  return "\"" + EscapeText(s, /*quoted=*/true) + "\"";
}

}  // namespace m2drop
