// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/carriers.h"

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {
namespace {

struct KnownCarrier {
  std::string_view code;
  std::string_view name;  // the default title
  // Normalised prefixes (lower-case letters and digits, single spaces).
  std::vector<std::string_view> prefixes;
};

const std::vector<KnownCarrier>& KnownCarriers() {
  static const std::vector<KnownCarrier> kCarriers = {
      {"ups", "UPS", {"ups", "united parcel service"}},
      {"usps", "USPS", {"usps", "united states postal service", "us mail"}},
      {"fedex", "FedEx", {"fedex", "fed ex", "federal express"}},
      {"dhl", "DHL", {"dhl"}},
  };
  return kCarriers;
}

// Lower-case ASCII letters and digits; every run of anything else (spaces,
// ®, ™, punctuation) becomes one space. "FedEx® Home-Delivery" gives
// "fedex home delivery".
std::string Normalize(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    char l = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += l;
    } else {
      space = true;
    }
  }
  return out;
}

bool StartsWithWord(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix &&
         (text.size() == prefix.size() || text[prefix.size()] == ' ');
}

std::string TitleFor(std::string_view code, std::string_view carrier_text,
                     std::string_view title_text) {
  if (!title_text.empty()) return std::string(title_text);
  for (const KnownCarrier& k : KnownCarriers()) {
    if (k.code == code) return std::string(k.name);
  }
  return std::string(carrier_text);
}

}  // namespace

Carrier MapCarrier(
    std::string_view carrier_text, std::string_view title_text,
    const std::vector<std::pair<std::string, std::string>>& patterns) {
  const std::string_view text = Trim(carrier_text);
  const std::string_view title = Trim(title_text);
  for (const auto& [pattern, code] : patterns) {
    if (GlobMatch(pattern, text, /*ignore_case=*/true)) {
      return {code, TitleFor(code, text, title)};
    }
  }
  const std::string normalized = Normalize(text);
  for (const KnownCarrier& k : KnownCarriers()) {
    for (std::string_view prefix : k.prefixes) {
      if (StartsWithWord(normalized, prefix)) {
        return {std::string(k.code), TitleFor(k.code, text, title)};
      }
    }
  }
  return {"custom", TitleFor("custom", text, title)};
}

}  // namespace m2drop::pipeline
