// SPDX-License-Identifier: Apache-2.0
// Module-private: a RemoteSession over libssh (one SSH connection, one SFTP
// channel, one directory). SftpConnector (sftp_remote.cc) builds it on a
// connected socket, runs the handshake through ssh(), then StartSftp().
//
// Every libssh call runs inside an Operation: the watchdog armed with the
// pull's timeout (re-armed per block of a download) and SIGPIPE held off
// (socket_watchdog.h). Failures are coded by what the puller does next
// (remote_dir.h): the connection gone or silent → kUnavailable, Interrupt
// → kCancelled, the server refusing one request → kNotFound or kRejected.
//
// Thread-safety: as RemoteSession (Interrupt from any thread).
#ifndef M2DROP_SRC_PULL_SFTP_SESSION_H_
#define M2DROP_SRC_PULL_SFTP_SESSION_H_

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "m2drop/base/clock.h"
#include "m2drop/pull/remote_dir.h"
#include "socket_watchdog.h"

namespace m2drop::pull::internal {

class LibsshSession final : public RemoteSession {
 public:
  // Takes the connected socket `fd` (closed by the destructor: libssh
  // leaves a socket given with SSH_OPTIONS_FD open); `dir` is the remote
  // directory (absolute, or relative to the home; "" for the home).
  LibsshSession(int fd, std::string dir, std::chrono::milliseconds timeout,
                Clock& clock);
  ~LibsshSession() override;

  // The watchdog armed and SIGPIPE held for one call into libssh.
  class Operation {
   public:
    explicit Operation(LibsshSession& s) : s_(s) {
      s_.watchdog_.Arm(s_.timeout_);
    }
    ~Operation() { s_.watchdog_.Disarm(); }
    // Progress: the deadline starts again.
    void Progressed() { s_.watchdog_.Arm(s_.timeout_); }

   private:
    LibsshSession& s_;
    SigpipeGuard sigpipe_;
  };

  ssh_session ssh() { return ssh_; }
  SessionInfo& mutable_info() { return info_; }
  // After login: opens the SFTP channel and checks that the directory is
  // one. kNotFound / kRejected for a missing or unreadable directory.
  Status StartSftp();
  // The Status of a failed libssh call described by `what`: the watchdog's
  // reason when it fired; kUnavailable when the connection is gone;
  // otherwise `refused` with libssh's (or the SFTP server's) message.
  Status Failure(std::string_view what, StatusCode refused);

  const SessionInfo& info() const override { return info_; }
  Result<std::vector<RemoteFile>> List() override;
  Status Download(const RemoteFile& file, int fd,
                  const Progress& progress) override;
  Status Remove(const std::string& name) override;
  Status MoveTo(const std::string& name, const std::string& to_dir) override;
  void Interrupt() override { watchdog_.Interrupt(); }

 private:
  // The SFTP failure of the latest request: kNotFound, kRejected, or the
  // connection's state.
  Status SftpFailure(std::string_view what);
  bool ConnectionGone() const;
  std::string PathOf(const std::string& name) const;
  Status CopyTo(sftp_file file, const RemoteFile& expected, int fd,
                const Progress& progress, Operation& op);

  const int fd_;
  ssh_session ssh_ = nullptr;
  sftp_session sftp_ = nullptr;
  const std::string dir_;
  const std::chrono::milliseconds timeout_;
  SocketWatchdog watchdog_;
  SessionInfo info_;
};

// `path` joined with `name`: "/out" + "a" = "/out/a", "" + "a" = "a"
// (relative: under the home), "/" + "a" = "/a".
std::string JoinRemote(const std::string& path, const std::string& name);

}  // namespace m2drop::pull::internal

#endif  // M2DROP_SRC_PULL_SFTP_SESSION_H_
