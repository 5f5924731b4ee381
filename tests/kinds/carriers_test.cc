// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/carriers.h"

#include <gtest/gtest.h>

namespace m2drop::pipeline {
namespace {

using Patterns = std::vector<std::pair<std::string, std::string>>;

TEST(CarriersTest, RecognisesCommonSpellings) {
  struct Case {
    const char* text;
    const char* code;
  } cases[] = {
      {"ups", "ups"},
      {"UPS", "ups"},
      {"UPS\xc2\xae Ground", "ups"},
      {"United Parcel Service", "ups"},
      {"USPS Priority Mail", "usps"},
      {"usps", "usps"},
      {"FedEx", "fedex"},
      {"FedEx Home Delivery\xc2\xae", "fedex"},
      {"Federal Express", "fedex"},
      {"DHL Express", "dhl"},
      {"dhl", "dhl"},
      {"  DHL  ", "dhl"},
      {"Hermes", "custom"},
      {"UPSILON Freight", "custom"},  // a word starting with "ups"
      {"DPD", "custom"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MapCarrier(c.text, "", {}).code, c.code) << c.text;
  }
}

TEST(CarriersTest, TitleDefaultsToTheCarrierName) {
  EXPECT_EQ(MapCarrier("UPS\xc2\xae Ground", "", {}).title, "UPS");
  EXPECT_EQ(MapCarrier("fedex", "", {}).title, "FedEx");
  EXPECT_EQ(MapCarrier("Hermes Germany", "", {}).title, "Hermes Germany");
  EXPECT_EQ(MapCarrier("DHL", "DHL Express Worldwide", {}).title,
            "DHL Express Worldwide");
}

TEST(CarriersTest, ProfilePatternsComeFirstInOrder) {
  Patterns patterns = {
      {"DHL Paket*", "custom"}, {"dhl*", "dhl"}, {"Hermes*", "hermes"}};
  EXPECT_EQ(MapCarrier("DHL Paket", "", patterns).code, "custom");
  EXPECT_EQ(MapCarrier("DHL Paket", "", patterns).title, "DHL Paket");
  EXPECT_EQ(MapCarrier("dhl express", "", patterns).code, "dhl");
  EXPECT_EQ(MapCarrier("HERMES", "", patterns).code, "hermes");
  EXPECT_EQ(MapCarrier("HERMES", "", patterns).title, "HERMES");
}

}  // namespace
}  // namespace m2drop::pipeline
