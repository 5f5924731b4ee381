// SPDX-License-Identifier: Apache-2.0
#include "socket_watchdog.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>

namespace m2drop::pull::internal {

SocketWatchdog::SocketWatchdog(int fd, Clock& clock)
    : fd_(::fcntl(fd, F_DUPFD_CLOEXEC, 0)), clock_(clock) {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

SocketWatchdog::~SocketWatchdog() {
  thread_.request_stop();
  thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

void SocketWatchdog::Arm(std::chrono::milliseconds timeout) {
  std::lock_guard lock(mu_);
  armed_ = true;
  deadline_ = clock_.Now() + timeout;
  armed_cv_.notify_all();
}

void SocketWatchdog::Disarm() {
  std::lock_guard lock(mu_);
  armed_ = false;
}

void SocketWatchdog::Interrupt() {
  std::lock_guard lock(mu_);
  interrupted_ = true;
  ShutDown();
}

bool SocketWatchdog::expired() const {
  std::lock_guard lock(mu_);
  return expired_;
}

bool SocketWatchdog::interrupted() const {
  std::lock_guard lock(mu_);
  return interrupted_;
}

void SocketWatchdog::ShutDown() {
  if (shut_ || fd_ < 0) return;
  shut_ = true;
  ::shutdown(fd_, SHUT_RDWR);
}

// Sleeps until the armed deadline; a deadline moved later meanwhile (a
// re-arm) is waited for in turn, so only an operation that made no
// progress for the whole timeout is cut.
void SocketWatchdog::Run(std::stop_token stop) {
  std::unique_lock lock(mu_);
  while (!stop.stop_requested()) {
    if (!armed_) {
      armed_cv_.wait(lock, stop, [this] { return armed_; });
      continue;
    }
    const SteadyTime deadline = deadline_;
    lock.unlock();
    clock_.WaitUntil(deadline, stop);
    lock.lock();
    if (armed_ && deadline_ <= clock_.Now()) {
      expired_ = true;
      armed_ = false;
      ShutDown();
    }
  }
}

SigpipeGuard::SigpipeGuard() {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  sigset_t pending;
  sigpending(&pending);
  was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &pipe, &old_);
}

SigpipeGuard::~SigpipeGuard() {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  sigset_t pending;
  sigpending(&pending);
  if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
    const timespec now{0, 0};
    sigtimedwait(&pipe, nullptr, &now);  // discard the one raised here
  }
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

}  // namespace m2drop::pull::internal
