// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace m2drop::csv {
namespace {

TEST(EncodingTest, NamesAreTheReportNames) {
  EXPECT_EQ(EncodingName(Encoding::kUtf8), "utf-8");
  EXPECT_EQ(EncodingName(Encoding::kUtf16Le), "utf-16le");
  EXPECT_EQ(EncodingName(Encoding::kUtf16Be), "utf-16be");
  EXPECT_EQ(EncodingName(Encoding::kWindows1252), "windows-1252");
}

TEST(EncodingTest, MapsWindows1252) {
  EXPECT_EQ(Windows1252ToCodePoint('A'), 0x41u);
  EXPECT_EQ(Windows1252ToCodePoint(0x80), 0x20ACu);  // €
  EXPECT_EQ(Windows1252ToCodePoint(0x9F), 0x0178u);  // Ÿ
  EXPECT_EQ(Windows1252ToCodePoint(0xFC), 0xFCu);    // ü
  for (uint8_t undefined : {0x81, 0x8D, 0x8F, 0x90, 0x9D}) {
    EXPECT_EQ(Windows1252ToCodePoint(undefined), kNoCodePoint);
  }
}

TEST(EncodingTest, EncodesUtf8) {
  char out[4];
  EXPECT_EQ(std::string(out, EncodeUtf8(0x41, out)), "A");
  EXPECT_EQ(std::string(out, EncodeUtf8(0xFC, out)), "\u00FC");
  EXPECT_EQ(std::string(out, EncodeUtf8(0x20AC, out)), "\u20AC");
  EXPECT_EQ(std::string(out, EncodeUtf8(0x1F600, out)), "\U0001F600");
}

TEST(EncodingTest, FindsValidPrefixAndTruncation) {
  bool truncated = true;
  EXPECT_EQ(ValidUtf8Prefix("ab\u00FCc", &truncated), 5u);
  EXPECT_FALSE(truncated);
  EXPECT_EQ(ValidUtf8Prefix("ab\xFC"
                            "c",
                            &truncated),
            2u);  // Latin-1 ü
  EXPECT_FALSE(truncated);
  EXPECT_EQ(ValidUtf8Prefix("ab\xE2\x82", &truncated), 2u);  // cut €
  EXPECT_TRUE(truncated);
  EXPECT_EQ(ValidUtf8Prefix("\xC0\xAF", &truncated), 0u);  // overlong
  EXPECT_FALSE(truncated);
  EXPECT_EQ(ValidUtf8Prefix("\xED\xA0\x80", &truncated), 0u);  // surrogate
  EXPECT_FALSE(truncated);
  EXPECT_EQ(ValidUtf8Prefix("\xF4\x90\x80\x80", &truncated), 0u);  // >10FFFF
  EXPECT_EQ(ValidUtf8Prefix(std::string(1, kUndecodable), &truncated), 0u);
}

}  // namespace
}  // namespace m2drop::csv
