// SPDX-License-Identifier: Apache-2.0
// The seam between a pull ([profile.pull], issue 22) and the server it
// fetches from: a RemoteConnector opens RemoteSessions on one remote
// directory, and a session lists it, downloads a file into a local file
// descriptor, removes a file or moves it into another remote directory.
//
// SftpConnector (sftp_remote.h, libssh) is the real one; tests use
// FakeRemote (tests/pull/fake_remote.h), which records every call and
// fails on demand.
//
// Status codes say what the caller does next:
//   kUnavailable      the connection is broken or the server did not answer
//                     in time: drop the session, retry later with backoff;
//   kUnauthenticated  the host key is unknown or changed, or the login was
//                     refused (or its key or secret cannot be read): the
//                     same, and say so (check-config exits 77);
//   kNotFound         the file or directory is not there;
//   kRejected         the server refused this one operation (permissions,
//                     a name taken), or the file changed while it was read:
//                     skip it, keep the session;
//   kIo               writing the local file failed;
//   kCancelled        Interrupt() was called (the daemon is stopping).
//
// Thread-safety: a session is used by one thread at a time, except
// Interrupt, which any thread may call. Every call blocks on the network,
// bounded by the connector's timeout.
#ifndef M2DROP_PULL_REMOTE_DIR_H_
#define M2DROP_PULL_REMOTE_DIR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::pull {

// One entry of a remote directory.
struct RemoteFile {
  std::string name;
  uint64_t size = 0;
  int64_t mtime_s = 0;  // seconds since the epoch, as the server says
  bool regular = true;  // false: a directory, link or other; never fetched

  friend bool operator==(const RemoteFile&, const RemoteFile&) = default;
};

// What a session proved about the server and itself, for check-config and
// the logs. Never holds a secret.
struct SessionInfo {
  std::string host_key;  // e.g. "ED25519 SHA256:u2x…": verified in known_hosts
  std::string login;     // e.g. "key /etc/m2drop/pull/key (RSA)", "password"
  std::string dir;       // the directory, as the server resolved it
};

// Called during a download with the bytes written so far.
using Progress = std::function<void(uint64_t bytes)>;

class RemoteSession {
 public:
  virtual ~RemoteSession() = default;

  virtual const SessionInfo& info() const = 0;

  // The directory's entries, "." and ".." left out, in no order.
  virtual Result<std::vector<RemoteFile>> List() = 0;

  // Copies `file` (by name, from the directory) to `fd`, calling `progress`
  // (may be empty) after each block. OK only when every byte was written
  // and the file still had the listed size and mtime at the end; kRejected
  // when it changed meanwhile; kNotFound when it is gone.
  virtual Status Download(const RemoteFile& file, int fd,
                          const Progress& progress) = 0;

  // Removes `name` from the directory. kNotFound when it is gone already.
  virtual Status Remove(const std::string& name) = 0;

  // Renames `name` into the remote directory `to_dir` (absolute, or
  // relative to the login's home), keeping its name. kRejected when that
  // name is taken there or the server refuses; kNotFound when `name` or
  // `to_dir` does not exist.
  virtual Status MoveTo(const std::string& name, const std::string& to_dir) = 0;

  // Makes the call blocked in another thread, and every later call, fail
  // soon with kCancelled. Thread-safe; idempotent.
  virtual void Interrupt() = 0;
};

class RemoteConnector {
 public:
  virtual ~RemoteConnector() = default;

  // Connects, verifies the server's host key, logs in and checks that the
  // directory can be opened. A `stop` request makes it give up with
  // kCancelled. Codes as above; kNotFound for a missing directory.
  virtual Result<std::unique_ptr<RemoteSession>> Connect(
      std::stop_token stop) = 0;

  // The server and directory, for messages: "sftp://u@host:22/out".
  virtual std::string Describe() const = 0;
};

}  // namespace m2drop::pull

#endif  // M2DROP_PULL_REMOTE_DIR_H_
