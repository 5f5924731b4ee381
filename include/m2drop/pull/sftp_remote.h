// SPDX-License-Identifier: Apache-2.0
// SftpConnector: the RemoteConnector of [profile.pull], over libssh 0.10
// (Debian's libssh-dev).
//
// Why libssh rather than libcurl's SFTP (its libssh2 1.10 backend is
// linked already), checked against Debian 12's OpenSSH 9.2 server:
//   - RSA keys: libssh2 1.10 signs with SHA-1 "ssh-rsa" only, which OpenSSH
//     8.8 and later refuse by default ("signature algorithm ssh-rsa not in
//     PubkeyAcceptedAlgorithms"; `curl --key id_rsa sftp://…` fails). libssh
//     uses rsa-sha2-512/256, as the server's server-sig-algs asks.
//   - Listings: libcurl returns an "ls -l" text with minute-resolution
//     dates; libssh gives each entry's size, type and mtime in seconds,
//     which the stability check and the keep memory compare.
//   - known_hosts: libssh reads it itself, hashed entries and [host]:port
//     included, prefers the host key types known_hosts holds for the server
//     (so a server offering ed25519 and RSA is checked against the one that
//     is pinned), and tells unknown, changed and other-type keys apart; it
//     gives the SHA256 fingerprint in ssh's format.
//   - Time: libssh's SFTP calls have no working timeout (a silent server
//     holds them for ever); m2drop opens the TCP connection itself (bounded,
//     interruptible) and a watchdog shuts the socket down when a call makes
//     no progress for `timeout` or the daemon stops (socket_watchdog.h).
//
// Connect: TCP within `timeout`; the SSH handshake; the host key must be in
// known_hosts (no trust on first use: an unknown, changed or other-type key
// refuses the connection with kUnauthenticated, naming the key's type and
// SHA256 fingerprint, as ssh does); login with key_file (and
// key_passphrase_file), then password_file; the SFTP channel; the
// directory must exist. Secrets are read at each connect and never appear
// in a message.
//
// Thread-safety: Connect may be called from any one thread at a time.
#ifndef M2DROP_PULL_SFTP_REMOTE_H_
#define M2DROP_PULL_SFTP_REMOTE_H_

#include <memory>
#include <stop_token>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/config/config.h"
#include "m2drop/pull/remote_dir.h"

namespace m2drop::pull {

class SftpConnector final : public RemoteConnector {
 public:
  // `clock` runs the sessions' watchdogs; it must outlive them.
  SftpConnector(config::PullConfig pull, Clock& clock);

  Result<std::unique_ptr<RemoteSession>> Connect(std::stop_token stop) override;
  // "sftp://user@host:port/dir".
  std::string Describe() const override;

 private:
  config::PullConfig pull_;
  Clock& clock_;
};

}  // namespace m2drop::pull

#endif  // M2DROP_PULL_SFTP_REMOTE_H_
