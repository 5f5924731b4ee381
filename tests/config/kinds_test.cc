// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/kinds.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "m2drop/config/known_keys.h"

namespace m2drop::config {
namespace {

TEST(KindsTest, EveryKindIsFoundByItsNameIgnoringCase) {
  ASSERT_FALSE(AllKinds().empty());
  for (const KindConfig* kind : AllKinds()) {
    EXPECT_EQ(FindKind(kind->name), kind);
    std::string upper(kind->name);
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    EXPECT_EQ(FindKind(upper), kind) << upper;
  }
  EXPECT_EQ(FindKind("tracker"), nullptr);
  EXPECT_EQ(FindKind(""), nullptr);
}

TEST(KindsTest, TheBuiltInKindsInTheDesignsOrder) {
  ASSERT_EQ(AllKinds().size(), 2u);
  EXPECT_EQ(AllKinds()[0]->name, "tracking");
  EXPECT_EQ(AllKinds()[1]->name, "stock");
  EXPECT_EQ(&KindNamed("stock"), AllKinds()[1]);
}

TEST(KindsTest, EveryKindHasDescribedFieldsWithRequiredOnesFirst) {
  for (const KindConfig* kind : AllKinds()) {
    EXPECT_FALSE(kind->description.empty()) << kind->name;
    ASSERT_NE(kind->fields, nullptr) << kind->name;
    ASSERT_FALSE(kind->fields->empty()) << kind->name;
    bool optional_seen = false;
    std::set<std::string> names;
    for (const FieldDef& field : *kind->fields) {
      EXPECT_TRUE(names.insert(field.name).second) << field.name;
      EXPECT_FALSE(field.aliases.empty()) << field.name;
      if (!field.required) optional_seen = true;
      EXPECT_FALSE(field.required && optional_seen)
          << kind->name << "." << field.name;
    }
  }
}

// A key only one kind accepts must name a kind of the table, or the loader
// would refuse it on every profile.
TEST(KindsTest, EveryKindOnlyKeyNamesAKindOfTheTable) {
  for (const KnownKey& key : KnownKeys()) {
    if (key.only_for.empty()) continue;
    EXPECT_NE(FindKind(key.only_for), nullptr) << key.name;
  }
}

}  // namespace
}  // namespace m2drop::config
