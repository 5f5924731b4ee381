// SPDX-License-Identifier: Apache-2.0
// Status: the outcome of an operation that can fail in an expected way.
//
// A Status is either OK or carries a code and a human-readable message. The
// code says what the caller does next (STYLE.md §3), the message says what
// happened in words a person can act on. Statuses are cheap values; they are
// immutable and safe to share between threads.
#ifndef M2DROP_BASE_STATUS_H_
#define M2DROP_BASE_STATUS_H_

#include <ostream>
#include <string>
#include <string_view>

namespace m2drop {

// What a caller does next with a failed operation.
enum class StatusCode {
  kOk = 0,
  kInvalidInput,     // Bad input (CSV, config, arguments). Permanent.
  kNotFound,         // The thing asked for does not exist.
  kIo,               // A file system or OS call failed.
  kUnavailable,      // Timeout, 5xx or 429: try again later.
  kRejected,         // The remote side refused this request (4xx). Permanent.
  kUnauthenticated,  // Credentials refused (401/403): pause and alert.
  kCancelled,        // Shutdown was requested.
  kInternal,         // A bug or an unexpected state.
};

// Returns the enumerator's name without the k, e.g. "InvalidInput".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) {
    return Status(StatusCode::kInvalidInput, std::move(msg));
  }
  static Status NotFound(std::string msg) {
    return Status(StatusCode::kNotFound, std::move(msg));
  }
  static Status Io(std::string msg) {
    return Status(StatusCode::kIo, std::move(msg));
  }
  static Status Unavailable(std::string msg) {
    return Status(StatusCode::kUnavailable, std::move(msg));
  }
  static Status Rejected(std::string msg) {
    return Status(StatusCode::kRejected, std::move(msg));
  }
  static Status Unauthenticated(std::string msg) {
    return Status(StatusCode::kUnauthenticated, std::move(msg));
  }
  static Status Cancelled(std::string msg) {
    return Status(StatusCode::kCancelled, std::move(msg));
  }
  static Status Internal(std::string msg) {
    return Status(StatusCode::kInternal, std::move(msg));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or "<CodeName>: <message>".
  std::string ToString() const;

  // A copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

}  // namespace m2drop

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define M2DROP_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::m2drop::Status m2drop_status_ = (expr);        \
    if (!m2drop_status_.ok()) return m2drop_status_; \
  } while (0)

#endif  // M2DROP_BASE_STATUS_H_
