// SPDX-License-Identifier: Apache-2.0
// ASSERT_OK / EXPECT_OK for Status and Result<T>, printing the status on
// failure.
#ifndef M2DROP_TESTING_STATUS_MATCHERS_H_
#define M2DROP_TESTING_STATUS_MATCHERS_H_

#include <gtest/gtest.h>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::testing {

inline const Status& ToStatus(const Status& s) { return s; }
template <typename T>
Status ToStatus(const Result<T>& r) {
  return r.status();
}

}  // namespace m2drop::testing

#define ASSERT_OK(expr)                               \
  ASSERT_TRUE(::m2drop::testing::ToStatus(expr).ok()) \
      << ::m2drop::testing::ToStatus(expr)
#define EXPECT_OK(expr)                               \
  EXPECT_TRUE(::m2drop::testing::ToStatus(expr).ok()) \
      << ::m2drop::testing::ToStatus(expr)

#endif  // M2DROP_TESTING_STATUS_MATCHERS_H_
