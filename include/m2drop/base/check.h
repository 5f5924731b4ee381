// SPDX-License-Identifier: Apache-2.0
// M2DROP_CHECK: assertions for bugs, active in every build type.
//
// A failed check logs the condition with file and line to stderr and aborts.
// Use it for broken invariants only; expected failures are Status values.
#ifndef M2DROP_BASE_CHECK_H_
#define M2DROP_BASE_CHECK_H_

namespace m2drop::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file,
                              int line);
}  // namespace m2drop::internal

#define M2DROP_CHECK(condition)                                        \
  do {                                                                 \
    if (!(condition)) [[unlikely]]                                     \
      ::m2drop::internal::CheckFailed(#condition, __FILE__, __LINE__); \
  } while (0)

#endif  // M2DROP_BASE_CHECK_H_
