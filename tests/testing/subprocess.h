// SPDX-License-Identifier: Apache-2.0
// Running the real m2drop binary from integration tests.
//
// RunProcess starts a program with arguments (no shell), feeds nothing on
// stdin, captures stdout and stderr, and waits for it with a deadline; a
// process still running at the deadline is killed and the test fails. For
// long-running children (simulator, daemon) use ChildProcess, which can be
// polled and is killed when it goes out of scope.
#ifndef M2DROP_TESTING_SUBPROCESS_H_
#define M2DROP_TESTING_SUBPROCESS_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace m2drop::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal (see `signal`)
  int signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
};

// A child with stdout and stderr on pipes; kill it with Kill() or let the
// destructor send SIGKILL and reap it.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::vector<std::string>& extra_env = {}) {
    int out_pipe[2], err_pipe[2];
    EXPECT_EQ(pipe2(out_pipe, O_CLOEXEC), 0);
    EXPECT_EQ(pipe2(err_pipe, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_storage;
    for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
    for (const auto& e : extra_env) env_storage.push_back(e);
    std::vector<char*> env;
    for (auto& e : env_storage) env.push_back(e.data());
    env.push_back(nullptr);
    int rc =
        posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
    EXPECT_EQ(rc, 0) << "cannot start " << argv[0] << ": " << strerror(rc);
    if (rc != 0) pid_ = -1;
  }
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      Wait(std::chrono::seconds(10));
    }
    if (out_fd_ >= 0) close(out_fd_);
    if (err_fd_ >= 0) close(err_fd_);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

  // Reads what the child wrote until `pred(out)` holds, the child exits, or
  // the deadline passes. Returns whether pred held.
  template <typename Pred>
  bool WaitForOutput(Pred pred, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred(out_)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      if (!Pump(static_cast<int>(left.count()))) return pred(out_);
    }
    return true;
  }

  void Signal(int sig) {
    if (pid_ > 0 && !reaped_) kill(pid_, sig);
  }

  // Waits for the child to exit, reading its output meanwhile; kills it at
  // the deadline.
  ProcessResult Wait(std::chrono::milliseconds timeout) {
    ProcessResult r;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out_fd_ >= 0 || err_fd_ >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        r.timed_out = true;
        kill(pid_, SIGKILL);
        break;
      }
      Pump(static_cast<int>(left.count()));
    }
    int status = 0;
    if (pid_ > 0 && !reaped_) {
      waitpid(pid_, &status, 0);
      reaped_ = true;
      if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    }
    r.out = out_;
    r.err = err_;
    return r;
  }

 private:
  // Reads whatever is available within timeout_ms; false once both pipes
  // are closed.
  bool Pump(int timeout_ms) {
    pollfd fds[2];
    int n = 0;
    if (out_fd_ >= 0) fds[n++] = {out_fd_, POLLIN, 0};
    if (err_fd_ >= 0) fds[n++] = {err_fd_, POLLIN, 0};
    if (n == 0) return false;
    if (poll(fds, n, timeout_ms) <= 0) return true;
    for (int i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      bool is_out = fds[i].fd == out_fd_;
      if (got <= 0) {
        close(fds[i].fd);
        (is_out ? out_fd_ : err_fd_) = -1;
      } else {
        (is_out ? out_ : err_).append(buf, static_cast<size_t>(got));
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  bool reaped_ = false;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
};

// Runs argv to completion (at most `timeout`) and returns what it did.
inline ProcessResult RunProcess(
    const std::vector<std::string>& argv,
    std::chrono::milliseconds timeout = std::chrono::seconds(60),
    const std::vector<std::string>& extra_env = {}) {
  ChildProcess child(argv, extra_env);
  ProcessResult r = child.Wait(timeout);
  EXPECT_FALSE(r.timed_out) << argv[0] << " did not finish in time";
  return r;
}

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_SUBPROCESS_H_
