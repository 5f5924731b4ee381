// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/registry.h"

#include <gtest/gtest.h>

namespace m2drop::kinds {
namespace {

// The two halves of the kind table name the same kinds in the same order,
// and every entry is complete.
TEST(KindsRegistryTest, BothHalvesOfTheTableAgree) {
  std::span<const config::KindConfig* const> configs = config::AllKinds();
  std::span<const ImportKind> kinds = AllImportKinds();
  ASSERT_EQ(configs.size(), kinds.size());
  for (size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(configs[i]->name, kinds[i].name);
    EXPECT_EQ(&ImportKindOf(*configs[i]), &kinds[i]);
    EXPECT_NE(kinds[i].make_check, nullptr) << kinds[i].name;
    EXPECT_NE(kinds[i].import, nullptr) << kinds[i].name;
    EXPECT_NE(kinds[i].acl_probes, nullptr) << kinds[i].name;
  }
}

// Stock keeps the newest quantity, so its files must land in order and its
// versions are kept; tracking files are independent.
TEST(KindsRegistryTest, WhatTheDaemonAsksOfEachKind) {
  const ImportKind& tracking = ImportKindOf(config::KindNamed("tracking"));
  EXPECT_FALSE(tracking.in_arrival_order);
  EXPECT_FALSE(tracking.keeps_versions);
  const ImportKind& stock = ImportKindOf(config::KindNamed("stock"));
  EXPECT_TRUE(stock.in_arrival_order);
  EXPECT_TRUE(stock.keeps_versions);
  config::Profile profile;
  profile.kind = &config::KindNamed("stock");
  EXPECT_EQ(&ImportKindOf(profile), &stock);
}

}  // namespace
}  // namespace m2drop::kinds
