// SPDX-License-Identifier: Apache-2.0
// Module-private: what bounds every libssh call in time, and keeps a broken
// connection from killing the process.
//
// SocketWatchdog: libssh 0.10's SFTP calls wait for ever for a server that
// stopped answering (sftp_packet_read retries a channel read that timed
// out, and ssh_channel_read's timeout is not an error), so its own
// SSH_OPTIONS_TIMEOUT does not bound them. The watchdog, a thread per
// session, shuts the session's socket down (shutdown(2), the descriptor
// stays libssh's) when an armed operation passes its deadline, or at once
// on Interrupt(); the blocked call then fails like on a dropped
// connection. It works on a duplicate of the descriptor, so a shutdown
// after libssh closed its own can never hit a descriptor number reused
// meanwhile. A call that makes progress re-arms it, so a long download
// is bounded per block, not in total.
//
// SigpipeGuard: libssh writes with send(..., 0); on a connection the
// server closed, that raises SIGPIPE, which would end the daemon. The
// guard blocks SIGPIPE in the calling thread for its lifetime and discards
// one raised meanwhile (the signal is thread-directed), as libcurl does.
//
// Thread-safety: SocketWatchdog's methods are thread-safe. A guard belongs
// to its thread.
#ifndef M2DROP_SRC_PULL_SOCKET_WATCHDOG_H_
#define M2DROP_SRC_PULL_SOCKET_WATCHDOG_H_

#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "m2drop/base/clock.h"

namespace m2drop::pull::internal {

class SocketWatchdog {
 public:
  // Watches the socket `fd` (through a duplicate; `fd` stays the
  // caller's) on `clock`; starts its thread.
  SocketWatchdog(int fd, Clock& clock);
  ~SocketWatchdog();  // stops and joins the thread
  SocketWatchdog(const SocketWatchdog&) = delete;
  SocketWatchdog& operator=(const SocketWatchdog&) = delete;

  // The socket is shut down unless Disarm or Arm comes within `timeout`.
  void Arm(std::chrono::milliseconds timeout);
  void Disarm();
  // Shuts the socket down now. Idempotent.
  void Interrupt();

  // Why the socket was shut down, if it was.
  bool expired() const;
  bool interrupted() const;

 private:
  void Run(std::stop_token stop);
  void ShutDown();  // REQUIRES: mu_ held

  const int fd_;  // the duplicate, closed by the destructor
  Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable_any armed_cv_;
  bool armed_ = false;        // guarded by mu_
  SteadyTime deadline_{};     // guarded by mu_
  bool expired_ = false;      // guarded by mu_
  bool interrupted_ = false;  // guarded by mu_
  bool shut_ = false;         // guarded by mu_
  std::jthread thread_;
};

class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_{};
  bool was_pending_ = false;
};

}  // namespace m2drop::pull::internal

#endif  // M2DROP_SRC_PULL_SOCKET_WATCHDOG_H_
