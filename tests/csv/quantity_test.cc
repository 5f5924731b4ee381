// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/quantity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::csv {
namespace {

using ::testing::HasSubstr;

struct Accepted {
  const char* text;
  bool comma;
  double value;
};

TEST(ParseQuantityTest, AcceptsPlainNumbers) {
  for (const Accepted& c :
       std::initializer_list<Accepted>{{"12", false, 12},
                                       {"12.5", false, 12.5},
                                       {"-3", false, -3},
                                       {"+4", false, 4},
                                       {"007", false, 7},
                                       {" 35.5 ", false, 35.5},
                                       {"0", false, 0},
                                       {"12,5", true, 12.5},
                                       {"-0,25", true, -0.25},
                                       {"12.5", true, 12.5}}) {
    Result<double> r = ParseQuantity(c.text, c.comma);
    ASSERT_OK(r) << c.text;
    EXPECT_DOUBLE_EQ(*r, c.value) << c.text;
  }
}

struct Refused {
  std::string text;
  bool comma;
  const char* reason;
};

TEST(ParseQuantityTest, RefusesAnythingAmbiguousWithAReason) {
  for (const Refused& c : std::initializer_list<Refused>{
           {"", false, "empty"},
           {" ", false, "empty"},
           {"1,000", false, "thousands"},
           {"1.000,5", true, "only one decimal separator"},
           {"1,000.5", false, "thousands"},
           {"12abc", false, "unexpected \"a\" after the number"},
           {"1e3", false, "exponent"},
           {"nan", false, "a number is expected"},
           {"inf", false, "a number is expected"},
           {".5", false, "before the decimal separator"},
           {"5.", false, "after the decimal separator"},
           {"-", false, "a sign without digits"},
           {"1 2", false, "unexpected"},
           {"1" + std::string(400, '0'), false, "out of range"}}) {
    Result<double> r = ParseQuantity(c.text, c.comma);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
    EXPECT_THAT(r.status().message(), HasSubstr(c.reason)) << c.text;
    EXPECT_THAT(r.status().message(), HasSubstr("is not a quantity"));
  }
}

}  // namespace
}  // namespace m2drop::csv
