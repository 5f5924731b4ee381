// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/secret_masking.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "m2drop/base/strings.h"

namespace m2drop {
namespace {

constexpr size_t kShortestSecret = 4;

// `text` with every occurrence of `secret` replaced, in one pass.
std::string ReplaceAll(std::string_view text, std::string_view secret) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (size_t at = text.find(secret); at != std::string_view::npos;
       at = text.find(secret, pos)) {
    out.append(text.substr(pos, at - pos));
    out.append(kMask);
    pos = at + secret.size();
  }
  out.append(text.substr(pos));
  return out;
}

// Where a secret value that starts at `from` ends: at a space, quote,
// comma, ampersand, semicolon or bracket (URL parameters, headers, JSON).
size_t ValueEnd(std::string_view text, size_t from) {
  size_t end = from;
  while (end < text.size()) {
    const char c = text[end];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' ||
        c == ',' || c == '&' || c == ';' || c == '}' || c == ')' || c == ']') {
      break;
    }
    ++end;
  }
  return end;
}

// `text` with the value after each (case-insensitive) occurrence of `key`
// masked, e.g. after "Bearer " or "oauth_token=" (a quote right after the
// key is skipped, as in OAuth headers: oauth_token="…"). One pass: the
// lower-case copy is made once.
std::string MaskAfter(std::string_view text, std::string_view key) {
  const std::string lower = AsciiLower(text);
  const std::string lower_key = AsciiLower(key);
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (size_t at = lower.find(lower_key); at != std::string::npos;
       at = lower.find(lower_key, pos)) {
    size_t from = at + key.size();
    while (from < text.size() && text[from] == ' ') ++from;
    if (from < text.size() && (text[from] == '"' || text[from] == '\'')) {
      ++from;
    }
    const size_t end = ValueEnd(text, from);
    out.append(text.substr(pos, from - pos));
    if (end > from) out.append(kMask);
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

std::string MaskSecrets(std::string_view text,
                        std::span<const std::string> secrets) {
  std::string out(text);
  // Longest first, so that a secret containing another is masked whole.
  std::vector<std::string_view> sorted(secrets.begin(), secrets.end());
  std::sort(sorted.begin(), sorted.end(),
            [](std::string_view a, std::string_view b) {
              return a.size() > b.size();
            });
  for (std::string_view secret : sorted) {
    if (secret.size() >= kShortestSecret) out = ReplaceAll(out, secret);
  }
  static constexpr std::array<std::string_view, 12> kKeys = {
      "Bearer ",
      "Authorization: ",
      "oauth_token=",
      "oauth_signature=",
      "oauth_consumer_key=",
      "password=",
      "\"password\":",
      "token=",
      "secret=",
      "access_token=",
      "\"token\":",
      "api_key="};
  for (std::string_view key : kKeys) out = MaskAfter(out, key);
  return out;
}

std::string MaskPrefix(std::string_view text,
                       std::span<const std::string> secrets, size_t window) {
  if (text.size() <= window) return MaskSecrets(text, secrets);
  std::string masked = MaskSecrets(text.substr(0, window), secrets);
  size_t longest = 0;
  for (const std::string& secret : secrets) {
    longest = std::max(longest, secret.size());
  }
  masked.resize(masked.size() - std::min(masked.size(), longest));
  return masked;
}

std::string MaskAndShorten(std::string_view text,
                           std::span<const std::string> secrets,
                           size_t max_bytes) {
  const size_t window = std::max<size_t>(4 * max_bytes, 4096);
  const std::string masked = MaskPrefix(text, secrets, window);
  if (text.size() <= window && masked.size() <= max_bytes) return masked;
  return CutForMessage(masked, max_bytes, text.size());
}

}  // namespace m2drop
