// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/signals.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace m2drop::app {

Result<std::unique_ptr<SignalFd>> SignalFd::BlockAndOpen() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  if (int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
    return Status::Io(std::string("cannot block signals: ") + strerror(rc));
  }
  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) {
    return Status::Io(std::string("cannot open a signalfd: ") +
                      strerror(errno));
  }
  return std::unique_ptr<SignalFd>(new SignalFd(fd));
}

SignalFd::~SignalFd() {
  if (fd_ >= 0) close(fd_);
}

std::vector<int> SignalFd::Read() {
  std::vector<int> signals;
  signalfd_siginfo info[8];
  for (;;) {
    ssize_t got = read(fd_, info, sizeof info);
    if (got <= 0) break;  // EAGAIN: nothing more queued
    for (size_t i = 0; i < static_cast<size_t>(got) / sizeof info[0]; ++i) {
      signals.push_back(static_cast<int>(info[i].ssi_signo));
    }
  }
  return signals;
}

}  // namespace m2drop::app
