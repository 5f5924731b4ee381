// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/units.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::config {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

class UnitsTest : public ::testing::Test {};

TEST_F(UnitsTest, ParsesDurations) {
  struct Case {
    std::string_view text;
    int64_t ms;
  };
  for (const Case& c :
       {Case{"0", 0}, Case{"0s", 0}, Case{"500ms", 500}, Case{"2s", 2'000},
        Case{"10m", 600'000}, Case{"1h", 3'600'000}, Case{"1h30m", 5'400'000},
        Case{"1d2h3m4s5ms", 93'784'005}, Case{" 2s ", 2'000},
        Case{"90s", 90'000}}) {
    Result<milliseconds> parsed = ParseDuration(c.text);
    ASSERT_OK(parsed) << c.text;
    EXPECT_EQ(parsed->count(), c.ms) << c.text;
  }
}

TEST_F(UnitsTest, RefusesMalformedDurationsSayingWhy) {
  struct Case {
    std::string_view text;
    std::string_view why;
  };
  for (const Case& c :
       {Case{"", "empty"}, Case{"5", "missing unit"},
        Case{"2 s", "unknown unit"}, Case{"5x", "unknown unit"},
        Case{"1.5s", "unknown unit"}, Case{"-2s", "whole number"},
        Case{"s", "whole number"}, Case{"30m1h", "largest to smallest"},
        Case{"1m30m", "largest to smallest"},
        Case{"99999999999999999999s", "too large"},
        Case{"9999999999999999d", "too long"}}) {
    Result<milliseconds> parsed = ParseDuration(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput);
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.why)) << c.text;
    EXPECT_THAT(parsed.status().message(), HasSubstr("\"1h30m\""));
  }
}

TEST_F(UnitsTest, ParsesSizes) {
  struct Case {
    std::string_view text;
    uint64_t bytes;
  };
  for (const Case& c :
       {Case{"0", 0}, Case{"1048576", 1048576}, Case{"12B", 12},
        Case{"64KiB", 64 * 1024}, Case{"1MiB", 1 << 20}, Case{"1 MiB", 1 << 20},
        Case{"1mib", 1 << 20}, Case{"1GiB", uint64_t{1} << 30},
        Case{"2TiB", uint64_t{2} << 40}}) {
    Result<uint64_t> parsed = ParseSize(c.text);
    ASSERT_OK(parsed) << c.text;
    EXPECT_EQ(*parsed, c.bytes) << c.text;
  }
}

TEST_F(UnitsTest, RefusesMalformedSizesSayingWhy) {
  struct Case {
    std::string_view text;
    std::string_view why;
  };
  for (const Case& c :
       {Case{"", "whole number"}, Case{"KiB", "whole number"},
        Case{"64KB", "binary units"}, Case{"1.5MiB", "binary units"},
        Case{"-1", "whole number"}, Case{"99999999999999999999", "too large"},
        Case{"99999999999TiB", "too large"}}) {
    Result<uint64_t> parsed = ParseSize(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput);
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.why)) << c.text;
  }
}

TEST_F(UnitsTest, FormatDurationReadsBack) {
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(milliseconds(5'400'000)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(93'784'005)), "1d2h3m4s5ms");
  for (int64_t ms : {1, 999, 1000, 61'001, 86'400'000, 90'061'001}) {
    Result<milliseconds> back = ParseDuration(FormatDuration(milliseconds(ms)));
    ASSERT_OK(back);
    EXPECT_EQ(back->count(), ms);
  }
}

}  // namespace
}  // namespace m2drop::config
