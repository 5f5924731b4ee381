// SPDX-License-Identifier: Apache-2.0
#include "sftp_session.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "m2drop/config/sftp_url.h"
#include "m2drop/config/units.h"

namespace m2drop::pull::internal {
namespace {

// One read request: OpenSSH's sftp-server answers up to 256 KiB per read.
constexpr size_t kBlock = 64 * 1024;

struct AttributesDeleter {
  void operator()(sftp_attributes a) const { sftp_attributes_free(a); }
};
using Attributes = std::unique_ptr<sftp_attributes_struct, AttributesDeleter>;

Status WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return Status::Io(std::string("cannot write: ") + std::strerror(errno));
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

std::string JoinRemote(const std::string& path, const std::string& name) {
  if (path.empty()) return name;
  if (path.ends_with('/')) return path + name;
  return path + "/" + name;
}

LibsshSession::LibsshSession(int fd, std::string dir,
                             std::chrono::milliseconds timeout, Clock& clock)
    : fd_(fd),
      ssh_(ssh_new()),
      dir_(std::move(dir)),
      timeout_(timeout),
      watchdog_(fd, clock) {
  ssh_options_set(ssh_, SSH_OPTIONS_FD, &fd);
}

LibsshSession::~LibsshSession() {
  {
    Operation op(*this);
    if (sftp_ != nullptr) sftp_free(sftp_);
    ssh_disconnect(ssh_);
  }
  ssh_free(ssh_);
  ::close(fd_);
}

Status LibsshSession::Failure(std::string_view what, StatusCode refused) {
  if (watchdog_.interrupted()) return Status::Cancelled("stopping");
  if (watchdog_.expired()) {
    return Status::Unavailable(std::string(what) + ": no answer from the " +
                               "server within " +
                               config::FormatDuration(timeout_));
  }
  std::string message = std::string(what) + ": " + ssh_get_error(ssh_);
  if (ssh_is_connected(ssh_) == 0) return Status::Unavailable(message);
  return Status(refused, std::move(message));
}

// A server that goes away is not always seen by ssh_is_connected at
// once: the SFTP channel reads an end of file first ("Received EOF while
// reading sftp packet size", a fatal error of the session) while the
// socket still counts as connected. Each is the connection lost, never a
// refusal of one file: the session is dropped and the turn retried.
bool LibsshSession::ConnectionGone() const {
  if (ssh_is_connected(ssh_) == 0) return true;
  if (ssh_get_error_code(ssh_) == SSH_FATAL) return true;
  if (sftp_ != nullptr && sftp_->channel != nullptr) {
    return ssh_channel_is_eof(sftp_->channel) != 0 ||
           ssh_channel_is_closed(sftp_->channel) != 0;
  }
  return false;
}

Status LibsshSession::SftpFailure(std::string_view what) {
  if (watchdog_.interrupted() || watchdog_.expired() || ConnectionGone()) {
    return Failure(what, StatusCode::kUnavailable);
  }
  switch (sftp_get_error(sftp_)) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
      return Status::NotFound(std::string(what) +
                              ": no such file or "
                              "directory on the server");
    case SSH_FX_PERMISSION_DENIED:
      return Status::Rejected(std::string(what) +
                              ": the server denies it (permissions)");
    case SSH_FX_FILE_ALREADY_EXISTS:
      return Status::Rejected(std::string(what) + ": the name is taken");
    case SSH_FX_CONNECTION_LOST:
    case SSH_FX_NO_CONNECTION:
      return Status::Unavailable(std::string(what) + ": connection lost");
    default:
      return Status::Rejected(std::string(what) + ": the server refused (" +
                              ssh_get_error(ssh_) + ")");
  }
}

std::string LibsshSession::PathOf(const std::string& name) const {
  return JoinRemote(dir_, name);
}

Status LibsshSession::StartSftp() {
  Operation op(*this);
  sftp_ = sftp_new(ssh_);
  if (sftp_ == nullptr) {
    return Failure("cannot open an SFTP channel", StatusCode::kRejected);
  }
  if (sftp_init(sftp_) != SSH_OK) {
    return Failure(
        "the server offers no SFTP (its sshd_config needs "
        "\"Subsystem sftp\")",
        StatusCode::kRejected);
  }
  const std::string shown = config::DisplayRemotePath(dir_);
  const std::string path = dir_.empty() ? "." : dir_;
  Attributes attributes(sftp_stat(sftp_, path.c_str()));
  if (!attributes) return SftpFailure("directory " + shown);
  if (attributes->type != SSH_FILEXFER_TYPE_DIRECTORY) {
    return Status::NotFound("directory " + shown +
                            ": not a directory on the server");
  }
  char* resolved = sftp_canonicalize_path(sftp_, path.c_str());
  info_.dir = resolved != nullptr ? resolved : shown;
  ssh_string_free_char(resolved);
  return Status::Ok();
}

Result<std::vector<RemoteFile>> LibsshSession::List() {
  Operation op(*this);
  const std::string path = dir_.empty() ? "." : dir_;
  const std::string what = "cannot list " + config::DisplayRemotePath(dir_);
  sftp_dir dir = sftp_opendir(sftp_, path.c_str());
  if (dir == nullptr) return SftpFailure(what);
  std::vector<RemoteFile> files;
  while (Attributes a{sftp_readdir(sftp_, dir)}) {
    op.Progressed();
    const std::string name = a->name != nullptr ? a->name : "";
    if (name.empty() || name == "." || name == "..") continue;
    files.push_back({name, a->size, static_cast<int64_t>(a->mtime),
                     a->type == SSH_FILEXFER_TYPE_REGULAR});
  }
  const bool complete = sftp_dir_eof(dir) == 1;
  sftp_closedir(dir);
  if (!complete) return SftpFailure(what);
  return files;
}

Status LibsshSession::Download(const RemoteFile& file, int fd,
                               const Progress& progress) {
  Operation op(*this);
  const std::string what = "cannot read " + file.name;
  sftp_file remote = sftp_open(sftp_, PathOf(file.name).c_str(), O_RDONLY, 0);
  if (remote == nullptr) return SftpFailure(what);
  Status copied = CopyTo(remote, file, fd, progress, op);
  sftp_close(remote);
  return copied;
}

Status LibsshSession::CopyTo(sftp_file remote, const RemoteFile& expected,
                             int fd, const Progress& progress, Operation& op) {
  const std::string what = "cannot read " + expected.name;
  std::vector<char> buffer(kBlock);
  uint64_t total = 0;
  for (;;) {
    const ssize_t n = sftp_read(remote, buffer.data(), buffer.size());
    if (n < 0) return SftpFailure(what);
    if (n == 0) break;
    M2DROP_RETURN_IF_ERROR(WriteAll(fd, buffer.data(), static_cast<size_t>(n)));
    total += static_cast<uint64_t>(n);
    op.Progressed();
    if (progress) progress(total);
  }
  Attributes now(sftp_fstat(remote));
  if (!now) return SftpFailure(what);
  if (total != expected.size || now->size != expected.size ||
      static_cast<int64_t>(now->mtime) != expected.mtime_s) {
    return Status::Rejected(expected.name +
                            " changed while it was read (listed " +
                            std::to_string(expected.size) + " bytes, read " +
                            std::to_string(total) + ")");
  }
  return Status::Ok();
}

Status LibsshSession::Remove(const std::string& name) {
  Operation op(*this);
  if (sftp_unlink(sftp_, PathOf(name).c_str()) != 0) {
    return SftpFailure("cannot delete " + name + " on the server");
  }
  return Status::Ok();
}

Status LibsshSession::MoveTo(const std::string& name,
                             const std::string& to_dir) {
  Operation op(*this);
  const std::string to = JoinRemote(to_dir, name);
  if (sftp_rename(sftp_, PathOf(name).c_str(), to.c_str()) != 0) {
    // OpenSSH's rename refuses to replace a file with a plain "Failure".
    return SftpFailure("cannot move " + name + " to " +
                       config::DisplayRemotePath(to) +
                       " (does the directory exist, is the name free?)");
  }
  return Status::Ok();
}

}  // namespace m2drop::pull::internal
