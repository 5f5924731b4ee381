// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/status.h"

#include <cstdio>
#include <cstdlib>

#include "m2drop/base/check.h"

namespace m2drop {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidInput:
      return "InvalidInput";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kIo:
      return "Io";
    case StatusCode::kUnavailable:
      return "Unavailable";
    case StatusCode::kRejected:
      return "Rejected";
    case StatusCode::kUnauthenticated:
      return "Unauthenticated";
    case StatusCode::kCancelled:
      return "Cancelled";
    case StatusCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string msg(context);
  msg += ": ";
  msg += message_;
  return Status(code_, std::move(msg));
}

std::ostream& operator<<(std::ostream& os, const Status& status) {
  return os << status.ToString();
}

namespace internal {
void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: M2DROP_CHECK failed: %s\n", file, line,
               condition);
  std::fflush(stderr);
  std::abort();
}
}  // namespace internal

}  // namespace m2drop
