// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pull/sftp_remote.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "m2drop/base/strings.h"
#include "m2drop/config/secrets.h"
#include "m2drop/config/sftp_url.h"
#include "sftp_session.h"
#include "tcp_connect.h"

namespace m2drop::pull {
namespace {

using internal::LibsshSession;

struct KeyDeleter {
  void operator()(ssh_key k) const { ssh_key_free(k); }
};
using Key = std::unique_ptr<ssh_key_struct, KeyDeleter>;

// ssh's names for key types, as in "ED25519 key fingerprint is …".
std::string KeyTypeName(const ssh_key key) {
  switch (ssh_key_type(key)) {
    case SSH_KEYTYPE_ED25519:
      return "ED25519";
    case SSH_KEYTYPE_RSA:
      return "RSA";
    case SSH_KEYTYPE_ECDSA:
    case SSH_KEYTYPE_ECDSA_P256:
    case SSH_KEYTYPE_ECDSA_P384:
    case SSH_KEYTYPE_ECDSA_P521:
      return "ECDSA";
    case SSH_KEYTYPE_DSS:
      return "DSA";
    default:
      return ssh_key_type_to_char(ssh_key_type(key));
  }
}

// "ED25519 SHA256:u2x…".
std::string Fingerprint(const ssh_key key) {
  unsigned char* hash = nullptr;
  size_t length = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) !=
      SSH_OK) {
    return KeyTypeName(key) + " (no fingerprint)";
  }
  char* text =
      ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
  std::string out = KeyTypeName(key) + " " + (text ? text : "?");
  ssh_string_free_char(text);
  ssh_clean_pubkey_hash(&hash);
  return out;
}

// [host]:port as known_hosts and ssh-keyscan write it.
std::string KnownHostsName(const config::PullConfig& p) {
  const std::string host =
      p.host.find(':') != std::string::npos ? "[" + p.host + "]" : p.host;
  if (p.port == 22) return host;
  return (host.starts_with('[') ? host : "[" + host + "]") + ":" +
         std::to_string(p.port);
}

// The command that fetches the key for known_hosts (to be checked before
// it is trusted).
std::string KeyscanHint(const config::PullConfig& p, const std::string& type) {
  return "ssh-keyscan " +
         (p.port == 22 ? "" : "-p " + std::to_string(p.port) + " ") + "-t " +
         AsciiLower(type) + " " + p.host + " >> " + p.known_hosts;
}

Status HostKeyRefused(const config::PullConfig& p, ssh_known_hosts_e state,
                      const std::string& offered, const std::string& type,
                      const std::string& libssh_error) {
  const std::string host = KnownHostsName(p);
  const std::string file = QuoteForMessage(p.known_hosts);
  switch (state) {
    case SSH_KNOWN_HOSTS_CHANGED:
      return Status::Unauthenticated(
          "the host key of " + host + " has CHANGED: the server offered the " +
          offered + " key, which is not the one " + file +
          " holds for it. Someone may be intercepting the connection, or "
          "the server's key was replaced: ask its administrator for the new "
          "fingerprint before replacing the line in " +
          file);
    case SSH_KNOWN_HOSTS_OTHER:
      return Status::Unauthenticated(
          file + " holds another type of key for " + host + ", not the " +
          offered +
          " key the server offered: compare this "
          "fingerprint with the server's administrator, then add it (" +
          KeyscanHint(p, type) + ")");
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      return Status::Unauthenticated(
          "the host key of " + host + " is not in " + file +
          (::access(p.known_hosts.c_str(), R_OK) != 0
               ? std::string(" (which cannot be read: ") +
                     std::strerror(errno) + ")"
               : "") +
          ": the server offered the " + offered +
          " key. m2drop never trusts a key on first use: compare this "
          "fingerprint with the one the server's administrator gives you, "
          "then add it (" +
          KeyscanHint(p, type) + ")");
    default:
      return Status::Unauthenticated("cannot check the host key of " + host +
                                     " against " + file + ": " + libssh_error);
  }
}

Status VerifyHostKey(LibsshSession& s, const config::PullConfig& p) {
  ssh_key raw = nullptr;
  if (ssh_get_server_publickey(s.ssh(), &raw) != SSH_OK) {
    return s.Failure("the server sent no host key", StatusCode::kUnavailable);
  }
  Key key(raw);
  const std::string offered = Fingerprint(key.get());
  const ssh_known_hosts_e state = ssh_session_is_known_server(s.ssh());
  if (state == SSH_KNOWN_HOSTS_OK) {
    s.mutable_info().host_key = offered;
    return Status::Ok();
  }
  return HostKeyRefused(p, state, offered, KeyTypeName(key.get()),
                        ssh_get_error(s.ssh()));
}

Result<std::string> ReadSecret(const config::SecretRef& ref) {
  Result<std::string> secret = config::ResolveSecret(ref);
  if (!secret.ok()) {
    return Status::Unauthenticated("cannot read " + ref.key + ": " +
                                   secret.status().message());
  }
  return secret;
}

Result<Key> LoadKey(const config::PullConfig& p) {
  std::string passphrase;
  if (p.key_passphrase.configured()) {
    M2DROP_ASSIGN_OR_RETURN(passphrase, ReadSecret(p.key_passphrase));
  }
  if (::access(p.key_file.c_str(), R_OK) != 0) {
    return Status::Unauthenticated("cannot read key_file " +
                                   QuoteForMessage(p.key_file) + ": " +
                                   std::strerror(errno));
  }
  ssh_key raw = nullptr;
  const int rc = ssh_pki_import_privkey_file(
      p.key_file.c_str(), passphrase.empty() ? nullptr : passphrase.c_str(),
      nullptr, nullptr, &raw);
  if (rc != SSH_OK) {
    return Status::Unauthenticated(
        "cannot load the private key " + QuoteForMessage(p.key_file) +
        (p.key_passphrase.configured()
             ? ": wrong passphrase in key_passphrase_file, or not a key"
             : ": not a private key, or it needs key_passphrase_file"));
  }
  return Key(raw);
}

// Logs in with the key, then the password; kUnauthenticated naming what
// was refused.
Status Authenticate(LibsshSession& s, const config::PullConfig& p) {
  std::vector<std::string> refused;
  if (!p.key_file.empty()) {
    M2DROP_ASSIGN_OR_RETURN(Key key, LoadKey(p));
    const std::string described = "the key " + QuoteForMessage(p.key_file) +
                                  " (" + Fingerprint(key.get()) + ")";
    const int rc = ssh_userauth_publickey(s.ssh(), nullptr, key.get());
    if (rc == SSH_AUTH_SUCCESS) {
      s.mutable_info().login =
          "key " + p.key_file + " (" + Fingerprint(key.get()) + ")";
      return Status::Ok();
    }
    if (rc == SSH_AUTH_ERROR) {
      return s.Failure("login failed", StatusCode::kUnavailable);
    }
    refused.push_back(described);
  }
  if (p.password.configured()) {
    M2DROP_ASSIGN_OR_RETURN(std::string password, ReadSecret(p.password));
    const int rc = ssh_userauth_password(s.ssh(), nullptr, password.c_str());
    if (rc == SSH_AUTH_SUCCESS) {
      s.mutable_info().login = "password (" + p.password.location + ")";
      return Status::Ok();
    }
    if (rc == SSH_AUTH_ERROR) {
      return s.Failure("login failed", StatusCode::kUnavailable);
    }
    refused.push_back("the password in " +
                      QuoteForMessage(p.password.location));
  }
  return Status::Unauthenticated(
      "the server refused the login " + QuoteForMessage(p.user) + " with " +
      Join(refused, " and ") +
      " (is the public key in the account's authorized_keys, the password "
      "right, the account allowed to log in?)");
}

Status Handshake(LibsshSession& s, const config::PullConfig& p) {
  LibsshSession::Operation op(s);
  ssh_session ssh = s.ssh();
  const int no = 0;
  const long timeout_s =
      std::max<long>(1, static_cast<long>(p.timeout.count() / 1000));
  ssh_options_set(ssh, SSH_OPTIONS_HOST, p.host.c_str());
  ssh_options_set(ssh, SSH_OPTIONS_PORT, &p.port);
  ssh_options_set(ssh, SSH_OPTIONS_USER, p.user.c_str());
  // Only the configured file pins the server: neither ~/.ssh/known_hosts
  // nor /etc/ssh/ssh_known_hosts, nor ~/.ssh/config, have a say.
  ssh_options_set(ssh, SSH_OPTIONS_KNOWNHOSTS, p.known_hosts.c_str());
  ssh_options_set(ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
  ssh_options_set(ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
  ssh_options_set(ssh, SSH_OPTIONS_TIMEOUT, &timeout_s);
  if (ssh_connect(ssh) != SSH_OK) {
    return s.Failure("SSH handshake with " + KnownHostsName(p) + " failed",
                     StatusCode::kUnavailable);
  }
  M2DROP_RETURN_IF_ERROR(VerifyHostKey(s, p));
  return Authenticate(s, p);
}

}  // namespace

SftpConnector::SftpConnector(config::PullConfig pull, Clock& clock)
    : pull_(std::move(pull)), clock_(clock) {
  static std::once_flag init;
  std::call_once(init, [] {
    ssh_init();
    ssh_set_log_level(SSH_LOG_NOLOG);
  });
}

std::string SftpConnector::Describe() const {
  return "sftp://" + pull_.user + "@" +
         (pull_.host.find(':') != std::string::npos ? "[" + pull_.host + "]"
                                                    : pull_.host) +
         ":" + std::to_string(pull_.port) +
         config::DisplayRemotePath(pull_.dir);
}

Result<std::unique_ptr<RemoteSession>> SftpConnector::Connect(
    std::stop_token stop) {
  M2DROP_ASSIGN_OR_RETURN(
      int fd, internal::ConnectTcp(pull_.host, pull_.port, pull_.timeout, stop,
                                   clock_));
  auto session =
      std::make_unique<LibsshSession>(fd, pull_.dir, pull_.timeout, clock_);
  std::stop_callback interrupt(stop, [&session] { session->Interrupt(); });
  M2DROP_RETURN_IF_ERROR(Handshake(*session, pull_));
  M2DROP_RETURN_IF_ERROR(session->StartSftp());
  return std::unique_ptr<RemoteSession>(std::move(session));
}

}  // namespace m2drop::pull
