// SPDX-License-Identifier: Apache-2.0
// A real OpenSSH server (Debian's openssh-server) for the tests of
// [profile.pull], like sim_process.h is for Magento:
//
// - SshdProcess: generates host keys (ed25519, ecdsa, RSA) and a
//   configuration under DIR/sshd, and runs `/usr/sbin/sshd -D -E LOG -f
//   CONFIG` on a free loopback port with `Subsystem sftp internal-sftp`,
//   its own AuthorizedKeysFile and PidFile. The log goes to a file (-E
//   rather than -e): nothing drains sshd's stderr between a test's steps,
//   and a full pipe would stall it. Stop() kills the sessions the server
//   forked and the listener, by PID; Start() brings it back on the same
//   port with the same keys.
// - AddClientKey(): a client key pair (ssh-keygen) whose public half is
//   authorized; AddPasswordUser(): a system account with a password (for
//   the password login; removed again by the destructor).
// - KnownHostsLine(): the server's key as ssh-keyscan would print it.
//
// sshd needs root (it changes to the logged-in user) and its privilege
// separation directory /run/sshd (created when missing). SkipReason() says
// why the tests cannot run here (not root, sshd or ssh-keygen missing):
// CI runs as root with scripts/install-deps.sh's openssh-server.
//
// Header-only; one test thread. Every wait has a deadline.
#ifndef M2DROP_TESTING_SSHD_PROCESS_H_
#define M2DROP_TESTING_SSHD_PROCESS_H_

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "testing/loopback_port.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop::testing {

inline constexpr char kSshd[] = "/usr/sbin/sshd";
inline constexpr char kSshKeygen[] = "/usr/bin/ssh-keygen";

class SshdProcess {
 public:
  // "" when a test sshd can run here, else why not (for GTEST_SKIP).
  static std::string SkipReason() {
    if (geteuid() != 0) return "sshd tests need root (as in CI)";
    for (const char* tool : {kSshd, kSshKeygen}) {
      if (access(tool, X_OK) != 0) {
        return std::string(tool) +
               " is missing: apt-get install openssh-server "
               "(scripts/install-deps.sh)";
      }
    }
    return "";
  }

  // Generates the keys and starts the server; check started().
  explicit SshdProcess(const ScopedTempDir& dir, bool password_logins = false)
      : dir_(dir.Join("sshd")) {
    std::filesystem::create_directories(dir_);
    mkdir("/run/sshd", 0755);  // sshd's privilege separation directory
    for (const char* type : {"ed25519", "ecdsa", "rsa"}) {
      Keygen(dir_ + "/host_" + type, type, "");
    }
    std::ofstream(dir_ + "/authorized_keys").flush();
    for (int attempt = 0; attempt < 3 && !started_; ++attempt) {
      port_ = ClosedLoopbackPort();
      WriteConfig(password_logins);
      started_ = Start();
    }
    EXPECT_TRUE(started_) << "sshd did not start: " << log();
  }

  ~SshdProcess() {
    Stop();
    for (const std::string& user : users_) {
      RunProcess({"/usr/sbin/userdel", user}, std::chrono::seconds(30));
    }
  }
  SshdProcess(const SshdProcess&) = delete;
  SshdProcess& operator=(const SshdProcess&) = delete;

  bool started() const { return started_; }
  int port() const { return port_; }
  std::string log() const { return ReadWholeFile(dir_ + "/sshd.log"); }

  // Starts the listener (again) on port(); true once it listens.
  bool Start() {
    const size_t before = log().size();
    child_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        kSshd, "-D", "-E", dir_ + "/sshd.log", "-f", dir_ + "/sshd_config"});
    const std::string ready =
        "Server listening on 127.0.0.1 port " + std::to_string(port_);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string text = log();
      if (text.find(ready, before) != std::string::npos) return true;
      if (text.find("Cannot bind", before) != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Stop();
    return false;
  }

  // Kills every session the server forked (as a server going away
  // would lose them), then the listener; by PID, waiting for it.
  void Stop() {
    if (!child_) return;
    KillDescendants(child_->pid(), SIGKILL);
    child_->Signal(SIGTERM);
    child_->Wait(std::chrono::seconds(10));
    child_.reset();
  }

  // Sends `sig` to the sessions (not the listener): SIGSTOP makes a server
  // that accepted a connection go silent.
  void SignalSessions(int sig) {
    if (child_) KillDescendants(child_->pid(), sig);
  }

  // A key pair DIR/sshd/NAME (+ .pub) of `type` ("ed25519", "rsa"),
  // encrypted with `passphrase` unless empty; authorized for every login
  // when `authorize`. Returns the private key's path.
  std::string AddClientKey(const std::string& name, const std::string& type,
                           const std::string& passphrase = "",
                           bool authorize = true) {
    const std::string path = dir_ + "/" + name;
    Keygen(path, type, passphrase);
    if (authorize) {
      std::ofstream(dir_ + "/authorized_keys", std::ios::app)
          << ReadWholeFile(path + ".pub");
    }
    return path;
  }

  // A system account `user` with `password` and home `home` (created,
  // owned by it), removed again by the destructor.
  void AddPasswordUser(const std::string& user, const std::string& password,
                       const std::string& home) {
    RunProcess({"/usr/sbin/userdel", user}, std::chrono::seconds(30));
    ProcessResult added =
        RunProcess({"/usr/sbin/useradd", "--no-create-home", "--home-dir", home,
                    "--shell", "/usr/sbin/nologin", user},
                   std::chrono::seconds(30));
    ASSERT_EQ(added.exit_code, 0) << added.err;
    users_.push_back(user);
    ProcessResult set = RunProcess(
        {"/bin/sh", "-c", "echo '" + user + ":" + password + "' | chpasswd"},
        std::chrono::seconds(30));
    ASSERT_EQ(set.exit_code, 0) << set.err;
    std::filesystem::create_directories(home);
    ASSERT_EQ(RunProcess({"/bin/chown", "-R", user, home}).exit_code, 0);
  }

  // The server's `type` host key as a known_hosts line for its address.
  std::string KnownHostsLine(const std::string& type = "ed25519") const {
    return "[127.0.0.1]:" + std::to_string(port_) + " " +
           ReadWholeFile(dir_ + "/host_" + type + ".pub");
  }
  // "SHA256:…" of the server's `type` host key (ssh-keygen -l).
  std::string HostKeyFingerprint(const std::string& type = "ed25519") const {
    ProcessResult r =
        RunProcess({kSshKeygen, "-l", "-f", dir_ + "/host_" + type + ".pub"});
    const size_t at = r.out.find("SHA256:");
    return at == std::string::npos ? ""
                                   : r.out.substr(at, r.out.find(' ', at) - at);
  }

  // Generates a key pair at `path` (+ .pub).
  static void Keygen(const std::string& path, const std::string& type,
                     const std::string& passphrase) {
    std::vector<std::string> argv = {
        kSshKeygen, "-q", "-t",          type, "-N",
        passphrase, "-C", "m2drop-test", "-f", path};
    if (type == "rsa") argv.insert(argv.begin() + 4, {"-b", "2048"});
    ProcessResult r = RunProcess(argv, std::chrono::seconds(60));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

 private:
  void WriteConfig(bool password_logins) {
    std::ofstream config(dir_ + "/sshd_config");
    config << "Port " << port_ << "\nListenAddress 127.0.0.1\n";
    for (const char* type : {"ed25519", "ecdsa", "rsa"}) {
      config << "HostKey " << dir_ << "/host_" << type << "\n";
    }
    config << "PidFile " << dir_ << "/sshd.pid\n"
           << "AuthorizedKeysFile " << dir_ << "/authorized_keys\n"
           << "StrictModes no\nUsePAM no\nPermitRootLogin yes\n"
           << "PasswordAuthentication " << (password_logins ? "yes" : "no")
           << "\nKbdInteractiveAuthentication no\n"
           << "Subsystem sftp internal-sftp\nLogLevel VERBOSE\n";
  }

  // The PIDs whose parent is `pid`, from /proc.
  static std::vector<pid_t> Children(pid_t pid) {
    std::vector<pid_t> children;
    std::unique_ptr<DIR, int (*)(DIR*)> proc(opendir("/proc"), closedir);
    if (!proc) return children;
    while (dirent* e = readdir(proc.get())) {
      const pid_t p = static_cast<pid_t>(atoi(e->d_name));
      if (p <= 0) continue;
      // A process may end between readdir and the read (ESRCH): skipped,
      // never an exception (ReadWholeFile throws).
      std::string stat;
      {
        std::ifstream in("/proc/" + std::to_string(p) + "/stat");
        std::getline(in, stat);
      }
      const size_t paren = stat.rfind(')');
      if (paren == std::string::npos) continue;
      // "pid (comm) state ppid ..."
      std::istringstream fields(stat.substr(paren + 2));
      std::string state;
      pid_t ppid = 0;
      fields >> state >> ppid;
      if (ppid == pid) children.push_back(p);
    }
    return children;
  }

  static void KillDescendants(pid_t pid, int sig) {
    for (pid_t child : Children(pid)) {
      KillDescendants(child, sig);
      kill(child, sig);
    }
  }

  std::string dir_;
  int port_ = 0;
  bool started_ = false;
  std::unique_ptr<ChildProcess> child_;
  std::vector<std::string> users_;
};

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_SSHD_PROCESS_H_
