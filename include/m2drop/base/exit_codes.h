// SPDX-License-Identifier: Apache-2.0
// Process exit codes of the m2drop commands (docs/design.md §3, a contract that
// scripts and systemd rely on).
#ifndef M2DROP_BASE_EXIT_CODES_H_
#define M2DROP_BASE_EXIT_CODES_H_

namespace m2drop {

inline constexpr int kExitOk = 0;            // every row applied or present
inline constexpr int kExitRowsFailed = 1;    // some rows failed, see report
inline constexpr int kExitUsage = 2;         // usage or configuration error
inline constexpr int kExitUnreadable = 65;   // the file as a whole (EX_DATAERR)
inline constexpr int kExitIoError = 74;      // a report not written (EX_IOERR)
inline constexpr int kExitUnavailable = 75;  // Magento down (EX_TEMPFAIL)
inline constexpr int kExitUnauthorized = 77;  // credentials refused (EX_NOPERM)

}  // namespace m2drop

#endif  // M2DROP_BASE_EXIT_CODES_H_
