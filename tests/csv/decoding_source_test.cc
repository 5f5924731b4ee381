// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/decoding_source.h"

#include <gtest/gtest.h>

#include "csv/test_sources.h"
#include "testing/status_matchers.h"

namespace m2drop::csv {
namespace {

struct Decoded {
  std::string text;
  Encoding encoding;
  bool bom;
};

// Decodes `raw` fed `chunk` bytes per read, asking for `out` bytes per Read.
Decoded Decode(std::string raw, size_t chunk = 1 << 20,
               std::optional<Encoding> forced = std::nullopt, size_t out = 64) {
  DecodingSource source(
      std::make_unique<testing::ChunkedSource>(std::move(raw), chunk), forced,
      1 << 30, "t.csv");
  EXPECT_OK(source.Start());
  Decoded d;
  std::string buf(out, '\0');
  for (;;) {
    Result<size_t> n = source.Read(buf.data(), buf.size());
    EXPECT_OK(n);
    if (!n.ok() || *n == 0) break;
    d.text.append(buf.data(), *n);
  }
  d.encoding = source.encoding();
  d.bom = source.bom();
  return d;
}

TEST(DecodingSourceTest, PassesUtf8ThroughAndStripsItsBom) {
  for (size_t chunk : {1, 2, 1 << 20}) {
    Decoded plain = Decode("a,\u00FC\n", chunk);
    EXPECT_EQ(plain.text, "a,\u00FC\n");
    EXPECT_EQ(plain.encoding, Encoding::kUtf8);
    EXPECT_FALSE(plain.bom);
    Decoded bom = Decode(
        "\xEF\xBB\xBF"
        "a\n",
        chunk);
    EXPECT_EQ(bom.text, "a\n");
    EXPECT_TRUE(bom.bom);
  }
}

TEST(DecodingSourceTest, SwitchesToWindows1252OnInvalidUtf8) {
  for (size_t chunk : {1, 3, 1 << 20}) {
    for (size_t out : {16, 4096}) {
      Decoded d = Decode("ab\x80 M\xFCller\n", chunk, std::nullopt, out);
      EXPECT_EQ(d.encoding, Encoding::kWindows1252);
      EXPECT_EQ(d.text, "ab\u20AC M\u00FCller\n");
    }
  }
}

TEST(DecodingSourceTest, DecidesUtf8WhenFirstSequenceIsSplitAcrossReads) {
  Decoded d = Decode("abc\xE2\x82\xAC\xC3\xBC\n", 1, std::nullopt, 16);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.text, "abc\u20AC\u00FC\n");
}

TEST(DecodingSourceTest, TruncatedSequenceAtEndMeansWindows1252) {
  Decoded d = Decode("ab\xC3");
  EXPECT_EQ(d.encoding, Encoding::kWindows1252);
  EXPECT_EQ(d.text, "ab\u00C3");
}

TEST(DecodingSourceTest, MarksUndefinedWindows1252Bytes) {
  Decoded d = Decode("x\x81y\x9Dz", 1 << 20, Encoding::kWindows1252);
  EXPECT_EQ(d.text, std::string("x") + kUndecodable + "y" + kUndecodable + "z");
}

TEST(DecodingSourceTest, DecodesUtf16WithSurrogatePairsSplitAnywhere) {
  // "A€😀" little-endian, with BOM, and a lone high surrogate at the end.
  std::string le(
      "\xFF\xFE"
      "A\0\xAC\x20\x3D\xD8\x00\xDE\x3D\xD8",
      12);
  for (size_t chunk : {1, 3, 1 << 20}) {
    Decoded d = Decode(le, chunk, std::nullopt, 16);
    EXPECT_EQ(d.encoding, Encoding::kUtf16Le);
    EXPECT_TRUE(d.bom);
    EXPECT_EQ(d.text, std::string("A\u20AC\U0001F600") + kUndecodable);
  }
  std::string be("\xFE\xFF\0A\x20\xAC\xDC\x00\0B", 10);
  Decoded d = Decode(be);
  EXPECT_EQ(d.encoding, Encoding::kUtf16Be);
  EXPECT_EQ(d.text, std::string("A\u20AC") + kUndecodable + "B");
}

TEST(DecodingSourceTest, OddByteCountEndsWithUndecodable) {
  Decoded d =
      Decode(std::string("\xFF\xFE"
                         "A\0B",
                         5));
  EXPECT_EQ(d.text, std::string("A") + kUndecodable);
}

TEST(DecodingSourceTest, ForcedEncodingWinsAndKeepsItsBomOut) {
  Decoded cp = Decode("\xC3\xBC", 1 << 20, Encoding::kWindows1252);
  EXPECT_EQ(cp.text, "\u00C3\u00BC");
  Decoded u16 = Decode(std::string("A\0", 2), 1 << 20, Encoding::kUtf16Le);
  EXPECT_EQ(u16.text, "A");
  EXPECT_FALSE(u16.bom);
  Decoded u8 = Decode("\xEF\xBB\xBFx", 1 << 20, Encoding::kUtf8);
  EXPECT_EQ(u8.text, "x");
  EXPECT_TRUE(u8.bom);
}

TEST(DecodingSourceTest, RefusesKnownSizeAboveLimit) {
  DecodingSource source(std::make_unique<StringByteSource>("0123456789"),
                        std::nullopt, 5, "big.csv");
  Status s = source.Start();
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.message(),
            "\"big.csv\" has 10 bytes, more than the limit of 5 "
            "(max_file_size)");
}

TEST(DecodingSourceTest, CountsBytesRead) {
  DecodingSource source(std::make_unique<StringByteSource>("\xEF\xBB\xBF"
                                                           "ab"),
                        std::nullopt, 100, "t.csv");
  ASSERT_OK(source.Start());
  char buf[16];
  while (*source.Read(buf, sizeof buf) > 0) {
  }
  EXPECT_EQ(source.bytes_read(), 5u);
}

}  // namespace
}  // namespace m2drop::csv
