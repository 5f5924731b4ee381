// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/sftp_url.h"

#include <charconv>

#include "m2drop/base/strings.h"

namespace m2drop::config {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded; kInvalidInput for a broken escape or a control character.
Result<std::string> Decode(std::string_view text, std::string_view what) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      int lo = hi >= 0 ? HexValue(text[i + 2]) : -1;
      if (lo < 0) {
        return Status::InvalidInput(std::string(what) +
                                    " has a broken %-escape (write %XX)");
      }
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (static_cast<unsigned char>(c) < ' ' || c == 0x7f) {
      return Status::InvalidInput(std::string(what) +
                                  " must not hold control characters");
    }
    out.push_back(c);
  }
  return out;
}

Result<int> ParsePort(std::string_view text) {
  int port = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      port < 1 || port > 65535) {
    return Status::InvalidInput("the port must be a number from 1 to 65535");
  }
  return port;
}

// "host", "host:port", "[v6]", "[v6]:port".
Status ParseHostPart(std::string_view text, SftpUrl* out) {
  std::string_view port;
  if (text.starts_with('[')) {
    size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return Status::InvalidInput("has an IPv6 address without its ']'");
    }
    out->host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) {
      return Status::InvalidInput("expected :port after the IPv6 address");
    }
    if (!rest.empty()) port = rest.substr(1);
  } else {
    size_t colon = text.find(':');
    out->host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) port = text.substr(colon + 1);
  }
  if (out->host.empty()) return Status::InvalidInput("has no host name");
  if (!port.empty() || text.ends_with(':')) {
    M2DROP_ASSIGN_OR_RETURN(out->port, ParsePort(port));
  }
  return Status::Ok();
}

}  // namespace

Result<SftpUrl> ParseSftpUrl(std::string_view url) {
  if (!url.starts_with("sftp://")) {
    return Status::InvalidInput(
        "must start with sftp:// (e.g. \"sftp://user@host/dir\")");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ') {
      return Status::InvalidInput("must not contain spaces (write %20)");
    }
  }
  if (url.find_first_of("?#") != std::string_view::npos) {
    return Status::InvalidInput("must not have a query (?) or fragment (#)");
  }
  std::string_view rest = url.substr(7);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return Status::InvalidInput(
        "names no directory: add it, e.g. \"sftp://user@host/out\" or "
        "\"sftp://user@host/~/out\" for one under the login's home");
  }
  std::string_view authority = rest.substr(0, slash);
  const size_t at = authority.rfind('@');
  if (at == std::string_view::npos || at == 0) {
    return Status::InvalidInput("names no login: write sftp://user@host/dir");
  }
  std::string_view user = authority.substr(0, at);
  if (user.find(':') != std::string_view::npos) {
    return Status::InvalidInput(
        "must not hold a password (user:password@): put it in a file named "
        "by password_file");
  }
  SftpUrl out;
  M2DROP_ASSIGN_OR_RETURN(out.user, Decode(user, "the login"));
  M2DROP_RETURN_IF_ERROR(ParseHostPart(authority.substr(at + 1), &out));
  M2DROP_ASSIGN_OR_RETURN(std::string path,
                          Decode(rest.substr(slash), "the path"));
  M2DROP_ASSIGN_OR_RETURN(out.dir, RemotePath(path));
  return out;
}

Result<std::string> RemotePath(std::string_view path) {
  if (!path.starts_with('/')) {
    return Status::InvalidInput(
        "must start with '/' (\"/~/dir\" for one under the login's home)");
  }
  if (path.find('\0') != std::string_view::npos) {
    return Status::InvalidInput("must not hold a NUL character");
  }
  for (std::string_view part : Split(path, '/')) {
    if (part == "..") {
      return Status::InvalidInput("must not hold a \"..\" part");
    }
  }
  std::string out(path);
  while (out.size() > 1 && out.ends_with('/')) out.pop_back();
  if (out == "/~") return std::string();
  if (out.starts_with("/~/")) return out.substr(3);
  return out;
}

std::string DisplayRemotePath(std::string_view path) {
  if (path.starts_with('/')) return std::string(path);
  if (path.empty()) return "/~";
  return "/~/" + std::string(path);
}

}  // namespace m2drop::config
