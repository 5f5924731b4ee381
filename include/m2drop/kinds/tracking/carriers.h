// SPDX-License-Identifier: Apache-2.0
// Carrier mapping: the free text a 3PL writes in its carrier column ("UPS",
// "UPS® Ground", "FedEx Home Delivery®", "DHL Express", "Hermes") to the
// Magento carrier code and the title customers see (magento-rest.md §1.4).
// Pure; thread-safe.
#ifndef M2DROP_KINDS_TRACKING_CARRIERS_H_
#define M2DROP_KINDS_TRACKING_CARRIERS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace m2drop::pipeline {

struct Carrier {
  std::string code;   // "ups", "usps", "fedex", "dhl" or "custom"
  std::string title;  // shown to the customer next to the tracking number
};

// Maps `carrier_text` (the carrier column) to a carrier:
//   1. the profile's [profile.carriers] patterns, in order, matched as
//      case-insensitive globs against the trimmed text; the first match
//      gives the code;
//   2. otherwise built-in recognition: the text (case-insensitive, ignoring
//      ®/™ and punctuation) is a Magento code itself ("ups", "fedex", …) or
//      starts with a known carrier name ("UPS Ground", "FedEx Home
//      Delivery", "United States Postal Service", "DHL Express", "USPS
//      Priority Mail");
//   3. otherwise "custom".
// The title is `title_text` (the title column) when not empty; else the
// carrier's name for a known code ("UPS", "USPS", "FedEx", "DHL"), or, for
// "custom", the carrier text itself, which is how customers recognise it.
Carrier MapCarrier(
    std::string_view carrier_text, std::string_view title_text,
    const std::vector<std::pair<std::string, std::string>>& patterns);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_TRACKING_CARRIERS_H_
