// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/retry_policy.h"

#include <gtest/gtest.h>

#include <vector>

namespace m2drop::magento {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

class RetryPolicyTest : public ::testing::Test {
 protected:
  // A jitter that records each ceiling it is asked for and returns the
  // ceiling times `fraction_`, so the schedule is exact.
  RetryPolicy::Jitter RecordingJitter() {
    return [this](Duration max) {
      ceilings_.push_back(max);
      return Duration(static_cast<Duration::rep>(max.count() * fraction_));
    };
  }

  RetryOptions options_;
  double fraction_ = 1.0;
  std::vector<Duration> ceilings_;
  SteadyTime t0_ = SteadyTime() + std::chrono::hours(1);
};

TEST_F(RetryPolicyTest, DoublesTheCeilingUpToMaxBackoffAndStopsAtMaxAttempts) {
  options_.max_attempts = 8;
  options_.initial_backoff = milliseconds(500);
  options_.max_backoff = seconds(5);
  RetryPolicy policy(options_, RecordingJitter());
  std::vector<Duration> delays;
  for (int attempt = 0; attempt < 10; ++attempt) {
    auto d = policy.NextDelay(attempt, t0_, t0_, std::nullopt);
    if (!d) break;
    delays.push_back(*d);
  }
  // Seven retries after eight attempts: 0.5, 1, 2, 4, then capped at 5 s.
  EXPECT_EQ(delays, (std::vector<Duration>{milliseconds(500), seconds(1),
                                           seconds(2), seconds(4), seconds(5),
                                           seconds(5), seconds(5)}));
  EXPECT_EQ(ceilings_, delays);
}

TEST_F(RetryPolicyTest, UsesFullJitterBelowTheCeiling) {
  fraction_ = 0.25;
  RetryPolicy policy(options_, RecordingJitter());
  EXPECT_EQ(policy.NextDelay(0, t0_, t0_, std::nullopt), milliseconds(125));
  EXPECT_EQ(policy.NextDelay(2, t0_, t0_, std::nullopt), milliseconds(500));
  fraction_ = 0.0;
  EXPECT_EQ(policy.NextDelay(1, t0_, t0_, std::nullopt), Duration::zero());
}

TEST_F(RetryPolicyTest, ClampsAJitterThatReturnsMoreThanAsked) {
  RetryPolicy policy(options_, [](Duration) { return std::chrono::hours(5); });
  EXPECT_EQ(policy.NextDelay(0, t0_, t0_, std::nullopt), milliseconds(500));
}

TEST_F(RetryPolicyTest, OneAttemptMeansNoRetry) {
  options_.max_attempts = 1;
  RetryPolicy policy(options_, RecordingJitter());
  EXPECT_EQ(policy.NextDelay(0, t0_, t0_, std::nullopt), std::nullopt);
}

TEST_F(RetryPolicyTest, RetryAfterRaisesTheDelayButNeverLowersIt) {
  RetryPolicy policy(options_, RecordingJitter());
  EXPECT_EQ(policy.NextDelay(0, t0_, t0_, seconds(7)), seconds(7));
  // Attempt 3's ceiling is 4 s, above the server's 1 s.
  EXPECT_EQ(policy.NextDelay(3, t0_, t0_, seconds(1)), seconds(4));
}

TEST_F(RetryPolicyTest, GivesUpWhenTheNextAttemptWouldStartTooLate) {
  options_.give_up_after = seconds(10);
  RetryPolicy policy(options_, RecordingJitter());
  // 9 s spent; a 500 ms delay still fits, 2 s does not.
  EXPECT_EQ(policy.NextDelay(0, t0_, t0_ + seconds(9), std::nullopt),
            milliseconds(500));
  EXPECT_EQ(policy.NextDelay(2, t0_, t0_ + seconds(9), std::nullopt),
            std::nullopt);
  // Exactly at the limit is still allowed.
  EXPECT_EQ(policy.NextDelay(2, t0_, t0_ + seconds(8), std::nullopt),
            seconds(2));
}

TEST_F(RetryPolicyTest, RetryAfterIsCappedAtGiveUpAfter) {
  options_.give_up_after = minutes(10);
  RetryPolicy policy(options_, RecordingJitter());
  EXPECT_EQ(policy.NextDelay(0, t0_, t0_, std::chrono::hours(2)), minutes(10));
  // A minute already spent: the capped wait no longer fits the budget.
  EXPECT_EQ(policy.NextDelay(0, t0_, t0_ + minutes(1), std::chrono::hours(2)),
            std::nullopt);
}

TEST_F(RetryPolicyTest, RandomJitterStaysWithinBounds) {
  RetryPolicy::Jitter jitter = RetryPolicy::RandomJitter();
  for (int i = 0; i < 1000; ++i) {
    Duration d = jitter(milliseconds(10));
    EXPECT_GE(d, Duration::zero());
    EXPECT_LE(d, milliseconds(10));
  }
  EXPECT_EQ(jitter(Duration::zero()), Duration::zero());
}

TEST_F(RetryPolicyTest, HugeAttemptNumbersDoNotOverflow) {
  RetryPolicy policy(options_, RecordingJitter());
  EXPECT_EQ(policy.BackoffCeiling(1000), seconds(30));
}

class ParseRetryAfterTest : public ::testing::Test {
 protected:
  // 2015-10-21T07:28:00Z.
  WallTime now_ = WallTime() + seconds(1445412480);
};

TEST_F(ParseRetryAfterTest, ReadsDelaySeconds) {
  EXPECT_EQ(ParseRetryAfter("120", now_), seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now_), seconds(0));
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999", now_),
            std::chrono::hours(24));
}

TEST_F(ParseRetryAfterTest, ReadsHttpDatesRelativeToNow) {
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now_),
            seconds(30));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 08:28:00 GMT", now_),
            std::chrono::hours(1));
  EXPECT_EQ(ParseRetryAfter("Tue, 20 Oct 2015 07:28:00 GMT", now_),
            Duration::zero());
}

TEST_F(ParseRetryAfterTest, RefusesAnythingElse) {
  EXPECT_EQ(ParseRetryAfter("", now_), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", now_), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("1.5", now_), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", now_), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("Wed, 32 Oct 2015 07:28:30 GMT", now_),
            std::nullopt);
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Foo 2015 07:28:30 GMT", now_),
            std::nullopt);
}

}  // namespace
}  // namespace m2drop::magento
