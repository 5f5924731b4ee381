// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/disposition.h"

#include <gtest/gtest.h>

namespace m2drop::pipeline {
namespace {

FileSummary Counts(uint64_t applied, uint64_t failed, uint64_t deferred) {
  FileSummary s;
  s.applied = applied;
  s.failed = failed;
  s.deferred = deferred;
  return s;
}

TEST(DispositionDecideTest, FollowsTheTable) {
  struct Case {
    uint64_t applied, failed, deferred;
    Disposition want;
  };
  const Case cases[] = {
      {3, 0, 0, Disposition::kProcessed},
      {0, 0, 0, Disposition::kProcessed},  // header only, or all present
      {2, 1, 0, Disposition::kFailed},
      {0, 4, 0, Disposition::kFailed},
      {2, 0, 1, Disposition::kRetryLater},
      {0, 0, 5, Disposition::kRetryLater},
      {1, 1, 1, Disposition::kRetryLater},  // deferred wins over failed
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Decide(Counts(c.applied, c.failed, c.deferred)), c.want)
        << c.applied << "/" << c.failed << "/" << c.deferred;
  }
}

TEST(DispositionDecideTest, StaleAndAlreadyPresentRowsAreProcessed) {
  FileSummary s;
  s.stale = 2;
  s.already_present = 3;
  EXPECT_EQ(Decide(s), Disposition::kProcessed);
}

TEST(DispositionDecideTest, NamesEveryDisposition) {
  EXPECT_EQ(DispositionName(Disposition::kProcessed), "processed");
  EXPECT_EQ(DispositionName(Disposition::kFailed), "failed");
  EXPECT_EQ(DispositionName(Disposition::kRetryLater), "retry_later");
}

}  // namespace
}  // namespace m2drop::pipeline
