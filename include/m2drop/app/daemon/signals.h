// SPDX-License-Identifier: Apache-2.0
// The daemon's signals (STYLE.md §7): SIGTERM, SIGINT and SIGHUP are
// blocked in every thread and read from a signalfd in the watch loop's
// poll set, so no handler ever runs (redis: a handler does no work; here
// there is none at all).
//
// REQUIRES: BlockAndOpen is called on the main thread before any other
// thread starts (threads inherit the blocked mask). Not thread-safe: the
// watch loop owns the SignalFd. Nothing blocks.
#ifndef M2DROP_APP_DAEMON_SIGNALS_H_
#define M2DROP_APP_DAEMON_SIGNALS_H_

#include <memory>
#include <vector>

#include "m2drop/base/result.h"

namespace m2drop::app {

class SignalFd {
 public:
  // Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and opens a
  // non-blocking signalfd for them. kIo with errno's text on failure.
  static Result<std::unique_ptr<SignalFd>> BlockAndOpen();
  // Closes the descriptor; the signals stay blocked.
  ~SignalFd();
  SignalFd(const SignalFd&) = delete;
  SignalFd& operator=(const SignalFd&) = delete;

  // For poll(2), POLLIN.
  int fd() const { return fd_; }
  // Every signal pending now, empty when none. The kernel keeps a standard
  // signal pending at most once and hands them over lowest number first,
  // not in arrival order.
  std::vector<int> Read();

 private:
  explicit SignalFd(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_SIGNALS_H_
