// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/secrets.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "m2drop/base/strings.h"

namespace m2drop::config {
namespace {

// A secret file is a token or a password; anything larger is a mistake (e.g.
// token_file pointing at a log) and is not read into memory.
constexpr size_t kMaxSecretFileSize = 64 * 1024;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Result<std::string> ReadSecretFile(const SecretRef& ref) {
  std::unique_ptr<std::FILE, FileCloser> file(
      std::fopen(ref.location.c_str(), "rb"));
  if (!file) {
    int err = errno;
    std::string what = ref.key + ": cannot read the secret file " +
                       QuoteForMessage(ref.location) + ": " +
                       std::strerror(err);
    return err == ENOENT ? Status::NotFound(what) : Status::Io(what);
  }
  std::string content;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    content.append(buffer, n);
    if (content.size() > kMaxSecretFileSize) {
      return Status::Io(ref.key + ": the secret file " +
                        QuoteForMessage(ref.location) +
                        " is larger than 64 KiB; is it the right file?");
    }
  }
  if (std::ferror(file.get())) {
    return Status::Io(ref.key + ": cannot read the secret file " +
                      QuoteForMessage(ref.location));
  }
  return content;
}

Result<std::string> ReadSecretEnv(const SecretRef& ref) {
  const char* value = std::getenv(ref.location.c_str());
  if (value == nullptr) {
    return Status::NotFound(ref.key + ": the environment variable " +
                            ref.location + " is not set");
  }
  return std::string(value);
}

Result<std::string> ReadRawSecret(const SecretRef& ref) {
  switch (ref.source) {
    case SecretRef::Source::kFile:
      return ReadSecretFile(ref);
    case SecretRef::Source::kEnv:
      return ReadSecretEnv(ref);
    case SecretRef::Source::kNone:
      break;
  }
  return Status::NotFound(ref.key +
                          ": not configured; set a _file or _env key for it");
}

}  // namespace

Result<std::string> ResolveSecret(const SecretRef& ref) {
  Result<std::string> raw = ReadRawSecret(ref);
  if (!raw.ok()) return raw.status();
  std::string secret(Trim(*raw));
  if (secret.empty()) {
    return Status::InvalidInput(
        ref.key + ": the secret in " +
        (ref.source == SecretRef::Source::kFile ? "file " : "variable ") +
        QuoteForMessage(ref.location) + " is empty");
  }
  return secret;
}

std::optional<std::string> SecretFileWarning(const SecretRef& ref) {
  if (ref.source != SecretRef::Source::kFile) return std::nullopt;
  struct stat st;
  if (stat(ref.location.c_str(), &st) != 0) return std::nullopt;
  constexpr mode_t kTooOpen = S_IRWXO | S_IWGRP;
  if ((st.st_mode & kTooOpen) == 0) return std::nullopt;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
  return ref.key + ": the secret file " + QuoteForMessage(ref.location) +
         " has mode " + mode +
         ": other users can read or change it; run chmod 600 (or 640 with "
         "group m2drop) on it";
}

}  // namespace m2drop::config
