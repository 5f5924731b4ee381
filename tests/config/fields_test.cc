// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace m2drop::config {
namespace {

using ::testing::ElementsAre;

class FieldsTest : public ::testing::Test {
 protected:
  static const FieldDef* Find(const std::vector<FieldDef>& fields,
                              std::string_view name) {
    for (const FieldDef& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  static std::vector<std::string> Names(const std::vector<FieldDef>& fields,
                                        bool required) {
    std::vector<std::string> names;
    for (const FieldDef& f : fields) {
      if (f.required == required) names.push_back(f.name);
    }
    return names;
  }
};

TEST_F(FieldsTest, TrackingFieldsFollowTheDesignTable) {
  const std::vector<FieldDef>& fields = *KindNamed("tracking").fields;
  EXPECT_THAT(Names(fields, true), ElementsAre("order", "tracking", "carrier"));
  EXPECT_THAT(Names(fields, false),
              ElementsAre("title", "sku", "qty", "notify"));
  EXPECT_THAT(Find(fields, "order")->aliases,
              ElementsAre("order_number", "order", "increment_id", "order_id",
                          "order_no", "order #"));
  EXPECT_THAT(Find(fields, "carrier")->aliases,
              ElementsAre("carrier_code", "carrier"));
}

TEST_F(FieldsTest, StockFieldsFollowTheDesignTable) {
  const std::vector<FieldDef>& fields = *KindNamed("stock").fields;
  EXPECT_THAT(Names(fields, true), ElementsAre("sku", "quantity"));
  EXPECT_THAT(Names(fields, false), ElementsAre("source", "status", "version"));
  EXPECT_THAT(Find(fields, "version")->aliases,
              ElementsAre("timestamp", "updated_at", "sequence"));
}

TEST_F(FieldsTest, ColumnsReplaceOnlyTheFieldsTheyName) {
  Profile profile;
  profile.kind = &KindNamed("tracking");
  profile.columns["order"] = {"Bestellnummer"};
  profile.columns["tracking"] = {"Sendungsnummer", "Tracking No."};
  std::vector<FieldDef> fields = EffectiveFields(profile);
  ASSERT_EQ(fields.size(), KindNamed("tracking").fields->size());
  EXPECT_THAT(Find(fields, "order")->aliases, ElementsAre("Bestellnummer"));
  EXPECT_THAT(Find(fields, "tracking")->aliases,
              ElementsAre("Sendungsnummer", "Tracking No."));
  EXPECT_TRUE(Find(fields, "order")->required);
  EXPECT_THAT(Find(fields, "carrier")->aliases,
              ElementsAre("carrier_code", "carrier"));
}

TEST_F(FieldsTest, EffectiveFieldsOfAProfileWithoutColumnsAreTheDefaults) {
  Profile profile;
  profile.kind = &KindNamed("stock");
  std::vector<FieldDef> fields = EffectiveFields(profile);
  const std::vector<FieldDef>& defaults = *KindNamed("stock").fields;
  ASSERT_EQ(fields.size(), defaults.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].name, defaults[i].name);
    EXPECT_EQ(fields[i].aliases, defaults[i].aliases);
  }
}

}  // namespace
}  // namespace m2drop::config
