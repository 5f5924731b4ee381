// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/demo/demo_daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "m2drop/base/clock.h"
#include "m2drop/base/strings.h"

namespace m2drop::app {
namespace {

constexpr std::chrono::milliseconds kPollEvery(50);

// posix_spawn's attributes: the signals the daemon reads from its signalfd
// at their defaults and unblocked. A child inherits the parent's mask, and
// the daemon blocks what it needs itself.
Status InitAttributes(posix_spawnattr_t* attr) {
  if (posix_spawnattr_init(attr) != 0) {
    return Status::Io("posix_spawnattr_init failed");
  }
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGPIPE}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(attr, &none);
  posix_spawnattr_setsigdefault(attr, &defaults);
  posix_spawnattr_setflags(attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  return Status::Ok();
}

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

}  // namespace

Result<std::unique_ptr<DemoDaemon>> DemoDaemon::Start(
    const std::string& exe, const std::string& config_path,
    const std::string& log_path) {
  const int log_fd =
      open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return Status::Io("cannot open the daemon log " +
                      QuoteForMessage(log_path) + ": " + strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  posix_spawnattr_t attr;
  Status init = InitAttributes(&attr);
  pid_t pid = -1;
  int rc = init.ok() ? 0 : -1;
  if (init.ok()) {
    std::vector<std::string> args = {exe, "watch", "--config", config_path};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    rc = posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
  }
  posix_spawn_file_actions_destroy(&actions);
  close(log_fd);
  if (!init.ok()) return init;
  if (rc != 0) {
    return Status::Io("cannot start " + QuoteForMessage(exe) +
                      " watch: " + strerror(rc));
  }
  return std::unique_ptr<DemoDaemon>(new DemoDaemon(pid, log_path));
}

DemoDaemon::~DemoDaemon() {
  if (ExitCode().has_value()) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
}

std::optional<int> DemoDaemon::ExitCode() {
  if (exit_code_.has_value()) return exit_code_;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) exit_code_ = ExitCodeOf(status);
  return exit_code_;
}

Status DemoDaemon::WaitForLog(const std::string& needle,
                              std::chrono::milliseconds timeout) {
  Clock& clock = RealClock::Instance();
  const SteadyTime deadline = clock.Now() + timeout;
  while (Log().find(needle) == std::string::npos) {
    if (std::optional<int> code = ExitCode()) {
      return Status::Unavailable("m2drop watch exited with code " +
                                 std::to_string(*code));
    }
    if (clock.Now() >= deadline) {
      return Status::Unavailable("m2drop watch did not log " +
                                 QuoteForMessage(needle) + " within " +
                                 std::to_string(timeout.count()) + " ms");
    }
    clock.WaitFor(kPollEvery, {});
  }
  return Status::Ok();
}

Result<int> DemoDaemon::Stop(std::chrono::milliseconds timeout) {
  if (!ExitCode().has_value()) kill(pid_, SIGTERM);
  Clock& clock = RealClock::Instance();
  const SteadyTime deadline = clock.Now() + timeout;
  while (!ExitCode().has_value()) {
    if (clock.Now() >= deadline) {
      kill(pid_, SIGKILL);
      return Status::Unavailable("m2drop watch was still running " +
                                 std::to_string(timeout.count()) +
                                 " ms after SIGTERM; killed it");
    }
    clock.WaitFor(kPollEvery, {});
  }
  return *exit_code_;
}

std::string DemoDaemon::Log() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string LastLines(const std::string& text, int count) {
  // `end` is where the line being counted ends; a final '\n' belongs to the
  // last line rather than starting an empty one.
  if (count <= 0) return "";
  size_t end = text.size();
  if (end > 0 && text.back() == '\n') --end;
  size_t start = 0;
  for (int n = 0; n < count && end > 0; ++n) {
    const size_t nl = text.rfind('\n', end - 1);
    if (nl == std::string::npos) {
      start = 0;
      break;
    }
    start = nl + 1;
    end = nl;
  }
  std::string tail = text.substr(start);
  if (!tail.empty() && tail.back() != '\n') tail += '\n';
  return tail;
}

}  // namespace m2drop::app
