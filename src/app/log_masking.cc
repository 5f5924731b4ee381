// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/log_masking.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "m2drop/base/strings.h"
#include "m2drop/config/secrets.h"

namespace m2drop::app {
namespace {

constexpr size_t kShortestSecret = 4;

void ReplaceAll(std::string& text, std::string_view secret) {
  for (size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kMask.size())) {
    text.replace(at, secret.size(), kMask);
  }
}

// Where a secret value that starts at `from` ends: at a space, quote,
// comma, ampersand, semicolon or bracket (URL parameters, headers, JSON).
size_t ValueEnd(const std::string& text, size_t from) {
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

// Masks the value after each (case-insensitive) occurrence of `key`, e.g.
// "Bearer " or "oauth_token=" (a quote right after the key is skipped, as in
// OAuth headers: oauth_token="…").
void MaskAfter(std::string& text, std::string_view key) {
  const std::string lower_key = AsciiLower(key);
  size_t search_from = 0;
  while (true) {
    const std::string lower = AsciiLower(text);
    const size_t at = lower.find(lower_key, search_from);
    if (at == std::string::npos) return;
    size_t from = at + key.size();
    while (from < text.size() && text[from] == ' ') ++from;
    if (from < text.size() && (text[from] == '"' || text[from] == '\'')) {
      ++from;
    }
    const size_t end = ValueEnd(text, from);
    if (end > from && text.compare(from, end - from, kMask) != 0) {
      text.replace(from, end - from, kMask);
    }
    search_from = from + kMask.size();
  }
}

}  // namespace

std::string MaskSecrets(std::string_view text,
                        const std::vector<std::string>& secrets) {
  std::string out(text);
  // Longest first, so that a secret containing another is masked whole.
  std::vector<std::string_view> sorted(secrets.begin(), secrets.end());
  std::sort(sorted.begin(), sorted.end(),
            [](std::string_view a, std::string_view b) {
              return a.size() > b.size();
            });
  for (std::string_view secret : sorted) {
    if (secret.size() >= kShortestSecret) ReplaceAll(out, secret);
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
  for (std::string_view key : kKeys) MaskAfter(out, key);
  return out;
}

std::vector<std::string> ConfiguredSecrets(
    const config::MagentoConfig& magento) {
  std::vector<std::string> secrets;
  for (const config::SecretRef* ref :
       {&magento.token, &magento.password, &magento.consumer_key,
        &magento.consumer_secret, &magento.access_token,
        &magento.access_token_secret}) {
    if (!ref->configured()) continue;
    Result<std::string> secret = config::ResolveSecret(*ref);
    if (secret.ok()) secrets.push_back(std::move(*secret));
  }
  return secrets;
}

}  // namespace m2drop::app
