// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/client_policy.h"

#include <gtest/gtest.h>

#include "fakes/fake_api_caller.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;

ApiResult ArrayLimitError(json parameters) {
  return FakeApiCaller::Rejected(
      400,
      "Maximum items of type "
      "\"\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface\" is 20",
      "Maximum items of type \"%type\" is %max", std::move(parameters));
}

TEST(ClientPolicyTest, ArrayLimitComesFromParametersMax) {
  EXPECT_EQ(
      ArrayLimitFromError(ArrayLimitError(
          {{"type", "\\Magento\\...\\SourceItemInterface"}, {"max", 20}})),
      20);
  EXPECT_EQ(ArrayLimitFromError(ArrayLimitError({{"max", "15"}})), 15);
}

TEST(ClientPolicyTest, ArrayLimitFallsBackToTheFilledMessage) {
  EXPECT_EQ(ArrayLimitFromError(ArrayLimitError(nullptr)), 20);
}

TEST(ClientPolicyTest, ArrayLimitIgnoresOtherErrors) {
  EXPECT_EQ(ArrayLimitFromError(FakeApiCaller::Rejected(
                400, "Validation Failed: \"sku\" can not be empty.")),
            std::nullopt);
  EXPECT_EQ(ArrayLimitFromError(FakeApiCaller::Ok(json::array())),
            std::nullopt);
  EXPECT_EQ(ArrayLimitFromError(ArrayLimitError({{"max", 0}})), std::nullopt);
  EXPECT_EQ(ArrayLimitFromError(ArrayLimitError({{"max", "x"}})), std::nullopt);
}

TEST(ClientPolicyTest, PageSizeLimitIsReadLikeTheArrayLimit) {
  ApiResult error = FakeApiCaller::Rejected(
      400, "Maximum SearchCriteria pageSize is 50",
      "Maximum SearchCriteria pageSize is %max", {{"max", 50}});
  EXPECT_EQ(PageSizeLimitFromError(error), 50);
  EXPECT_EQ(ArrayLimitFromError(error), std::nullopt);
  EXPECT_EQ(PageSizeLimitFromError(ArrayLimitError({{"max", 20}})),
            std::nullopt);
}

TEST(ClientPolicyTest, RecognisesNothingLeftToShip) {
  EXPECT_TRUE(IsNothingLeftToShip(
      "Shipment Document Validation Error(s):\nThe order does not allow a "
      "shipment to be created.\nYou can't create a shipment without "
      "products."));
  EXPECT_TRUE(IsNothingLeftToShip(
      "Shipment Document Validation Error(s): You can't create a shipment "
      "without products."));
  EXPECT_FALSE(IsNothingLeftToShip(
      "Shipment Document Validation Error(s):\nPlease enter a tracking "
      "number."));
}

TEST(ClientPolicyTest, NextWriteStepTable) {
  struct Case {
    Status status;
    bool rejection_may_follow_own_write;
    WriteStep want;
  };
  const Case cases[] = {
      {Status::Ok(), false, WriteStep::kSucceeded},
      {Status::Unavailable("timeout"), false, WriteStep::kReread},
      {Status::Unavailable("timeout"), true, WriteStep::kReread},
      {Status::Rejected("bad"), false, WriteStep::kFailed},
      {Status::Rejected("nothing left"), true, WriteStep::kReread},
      {Status::Unauthenticated("401"), true, WriteStep::kFailed},
      {Status::Cancelled("stop"), false, WriteStep::kFailed},
      {Status::Internal("bug"), false, WriteStep::kFailed},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NextWriteStep(c.status, c.rejection_may_follow_own_write), c.want)
        << c.status << " " << c.rejection_may_follow_own_write;
  }
}

TEST(ClientPolicyTest, PageCountRoundsUpAndReadsAtLeastOnePage) {
  EXPECT_EQ(PageCount(0, 100), 1);
  EXPECT_EQ(PageCount(1, 100), 1);
  EXPECT_EQ(PageCount(100, 100), 1);
  EXPECT_EQ(PageCount(101, 100), 2);
  EXPECT_EQ(PageCount(250, 100), 3);
}

}  // namespace
}  // namespace m2drop::magento
