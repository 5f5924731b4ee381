// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/file_names.h"

#include <gtest/gtest.h>

#include <string>

namespace m2drop::fs {
namespace {

TEST(FileNamesTest, SplitsTheExtensionOffTheStem) {
  EXPECT_EQ(SplitName("drop.csv").stem, "drop");
  EXPECT_EQ(SplitName("drop.csv").ext, ".csv");
  EXPECT_EQ(SplitName("a.b.tsv").stem, "a.b");
  EXPECT_EQ(SplitName("README").ext, "");
  EXPECT_EQ(SplitName(".hidden").stem, ".hidden");
  EXPECT_EQ(SplitName(".hidden").ext, "");
  // Not a file type: part of the stem.
  EXPECT_EQ(SplitName("x.this-is-no-extension-at-all").ext, "");
}

TEST(FileNamesTest, NamesThatFitAreKept) {
  EXPECT_EQ(NameWith("drop.csv", ".2"), "drop.2.csv");
  EXPECT_EQ(NameWith("README", ".2"), "README.2");
  const std::string longest = std::string(251, 'x') + ".csv";
  EXPECT_EQ(NameWith(longest, ""), longest);
}

TEST(FileNamesTest, LongNamesKeepExtensionAndSuffixWithinNameMax) {
  const std::string name = std::string(251, 'x') + ".csv";
  const std::string fitted = NameWith(name, ".20261122T070501Z-2");
  EXPECT_EQ(fitted.size(), kNameMax);
  EXPECT_TRUE(fitted.ends_with(".20261122T070501Z-2.csv")) << fitted;
  EXPECT_TRUE(fitted.starts_with("xxxx")) << fitted;
  EXPECT_NE(fitted.find('~'), std::string::npos) << fitted;
  // The same name always gets the same short name.
  EXPECT_EQ(NameWith(name, ".20261122T070501Z-2"), fitted);
  // Another stem of the same length gets another one.
  const std::string other = std::string(250, 'x') + "y.csv";
  EXPECT_NE(NameWith(other, ".20261122T070501Z-2"), fitted);
}

TEST(FileNamesTest, ShorterLimitsFitToo) {
  const std::string name = std::string(255, 'r');
  const std::string fitted = NameWith(name, "", kNameMax - 12);
  EXPECT_EQ(fitted.size(), kNameMax - 12);
}

TEST(FileNamesTest, NeverCutsAMultiByteCharacter) {
  std::string name;
  while (name.size() < 260) name += "\xC3\xA4";  // ä, two bytes each
  name += ".csv";
  const std::string fitted = NameWith(name, ".12");  // an odd room
  ASSERT_LE(fitted.size(), kNameMax);
  const size_t tilde = fitted.find('~');
  ASSERT_NE(tilde, std::string::npos);
  EXPECT_EQ(tilde % 2, 0u) << "cut inside a character";
}

}  // namespace
}  // namespace m2drop::fs
