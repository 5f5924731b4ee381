// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "m2drop/base/result.h"
#include "testing/status_matchers.h"

namespace m2drop {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, CarriesCodeAndMessage) {
  Status s = Status::Rejected("order 42 is canceled");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kRejected);
  EXPECT_EQ(s.message(), "order 42 is canceled");
  EXPECT_EQ(s.ToString(), "Rejected: order 42 is canceled");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  Status s = Status::Io("permission denied").WithContext("inbox/a.csv");
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_EQ(s.message(), "inbox/a.csv: permission denied");
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

TEST(StatusTest, EveryCodeHasAName) {
  for (int c = 0; c <= static_cast<int>(StatusCode::kInternal); ++c) {
    EXPECT_NE(StatusCodeName(static_cast<StatusCode>(c)), "Unknown") << c;
  }
}

Status FailsWhenNegative(int x) {
  if (x < 0) return Status::InvalidInput("negative");
  return Status::Ok();
}

Status Chain(int x) {
  M2DROP_RETURN_IF_ERROR(FailsWhenNegative(x));
  return Status::NotFound("reached the end");
}

TEST(StatusTest, ReturnIfErrorStopsAtFirstFailure) {
  EXPECT_EQ(Chain(-1).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(Chain(1).code(), StatusCode::kNotFound);
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidInput("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  M2DROP_ASSIGN_OR_RETURN(int h, Half(x));
  M2DROP_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> good = Half(8);
  ASSERT_OK(good);
  EXPECT_EQ(*good, 4);
  Result<int> bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(ResultTest, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd");
}

TEST(ResultTest, WorksWithMoveOnlyTypes) {
  Result<std::unique_ptr<std::string>> r = std::make_unique<std::string>("x");
  ASSERT_OK(r);
  std::unique_ptr<std::string> p = std::move(r).value();
  EXPECT_EQ(*p, "x");
}

TEST(ResultDeathTest, ValueOfFailedResultAborts) {
  Result<int> bad = Status::Internal("boom");
  EXPECT_DEATH((void)bad.value(), "M2DROP_CHECK failed");
}

TEST(ResultDeathTest, OkStatusIsNotAFailure) {
  EXPECT_DEATH(Result<int>{Status::Ok()}, "M2DROP_CHECK failed");
}

}  // namespace
}  // namespace m2drop
