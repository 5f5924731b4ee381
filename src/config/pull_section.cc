// SPDX-License-Identifier: Apache-2.0
// [profile.pull]: the remote SFTP server a profile fetches its drops from.
#include <string>

#include "m2drop/config/sftp_url.h"
#include "m2drop/config/validation.h"
#include "sections.h"

namespace m2drop::config::internal {
namespace {

using std::chrono::milliseconds;

void ReadUrl(TableReader& r, PullConfig* out) {
  if (!r.Has("url")) return r.Missing("url");
  if (!r.String("url", &out->url)) return;
  Result<SftpUrl> url = ParseSftpUrl(out->url);
  if (!url.ok()) return r.Problem("url", url.status().message());
  out->user = std::move(url->user);
  out->host = std::move(url->host);
  out->port = url->port;
  out->dir = std::move(url->dir);
}

bool ReadAbsolutePath(TableReader& r, std::string_view key, std::string* out) {
  std::string path;
  if (!r.String(key, &path)) return false;
  if (Status s = CheckAbsolutePath(path); !s.ok()) {
    r.Problem(key, s.message());
    return false;
  }
  *out = std::move(path);
  return true;
}

// A secret of the pull, always from a file (<name>_file); inline values
// are refused without being echoed.
void ReadSecretFile(TableReader& r, std::string_view name, SecretRef* out) {
  const std::string n(name);
  out->key = r.KeyPath(n + "_file");
  if (r.Has(name)) {
    r.Problem(name,
              "secrets are not accepted inline; write it to a file (mode "
              "0600) and name that with " +
                  n + "_file");
  }
  std::string path;
  if (ReadAbsolutePath(r, n + "_file", &path)) {
    *out = {r.KeyPath(n + "_file"), SecretRef::Source::kFile, path};
  }
}

void ReadLogin(TableReader& r, PullConfig* out) {
  ReadAbsolutePath(r, "key_file", &out->key_file);
  ReadSecretFile(r, "key_passphrase", &out->key_passphrase);
  ReadSecretFile(r, "password", &out->password);
  const bool key = r.Has("key_file"), password = r.Has("password_file");
  if (!key && !password && !r.Has("password")) {
    r.Problem("key_file",
              "name how to log in: key_file (a private key) or password_file");
  }
  if (r.Has("key_passphrase_file") && !key) {
    r.Problem("key_passphrase_file",
              "is the passphrase of key_file, which is not set");
  }
  if (!r.Has("known_hosts")) {
    r.Problem("known_hosts",
              "required key is missing: an OpenSSH known_hosts file holding "
              "the server's host key (m2drop never trusts a key on first "
              "use; README \"Pull from an SFTP server\" shows ssh-keyscan)");
  } else {
    ReadAbsolutePath(r, "known_hosts", &out->known_hosts);
  }
}

void ReadAfter(TableReader& r, PullConfig* out) {
  std::string after;
  if (!r.String("after", &after)) return;
  if (after == "keep") {
    out->after = PullAfter::kKeep;
  } else if (after == "delete") {
    out->after = PullAfter::kDelete;
  } else if (after.starts_with("move:")) {
    Result<std::string> dir = RemotePath(after.substr(5));
    if (!dir.ok()) {
      return r.Problem("after", "move:DIR: DIR " + dir.status().message());
    }
    out->after = PullAfter::kMove;
    out->move_dir = std::move(*dir);
  } else {
    r.Problem("after",
              "expected \"keep\", \"delete\" or \"move:DIR\" (e.g. "
              "\"move:/out/done\"), got " +
                  QuoteForMessage(after));
  }
}

}  // namespace

void ReadPull(TableReader& r, const Profile& profile, PullConfig* out) {
  ReadUrl(r, out);
  ReadLogin(r, out);
  out->patterns = profile.patterns;
  r.StringList("pattern", &out->patterns);
  r.Duration("every", milliseconds(1'000), &out->every);
  ReadAfter(r, out);
  r.Duration("timeout", milliseconds(1), &out->timeout);
  r.Duration("alert_after", milliseconds(0), &out->alert_after);
  r.CheckUnknownKeys();
}

}  // namespace m2drop::config::internal
