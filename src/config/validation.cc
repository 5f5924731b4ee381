// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/validation.h"

#include <charconv>

namespace m2drop::config {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool HasSpaceOrControl(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

Status CheckHttpUrl(std::string_view url, bool allow_query) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return Status::InvalidInput("must start with http:// or https://");
  }
  if (HasSpaceOrControl(url)) {
    return Status::InvalidInput("must not contain spaces");
  }
  if (!allow_query && url.find_first_of("?#") != std::string_view::npos) {
    return Status::InvalidInput("must not have a query (?) or fragment (#)");
  }
  if (url.find('#') != std::string_view::npos) {
    return Status::InvalidInput("must not have a fragment (#)");
  }
  std::string_view host = rest.substr(0, rest.find_first_of("/?"));
  if (host.empty() || host.starts_with(':')) {
    return Status::InvalidInput("has no host name");
  }
  return Status::Ok();
}

std::string_view UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  if (rest.starts_with('[')) return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

Result<HostPort> ParseHostPort(std::string_view text) {
  HostPort out;
  std::string_view port;
  if (text.starts_with('[')) {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() ||
        text[close + 1] != ':') {
      return Status::InvalidInput(
          "expected host:port, with IPv6 as [::1]:9464");
    }
    out.host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return Status::InvalidInput("expected host:port, e.g. 127.0.0.1:9464");
    }
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos) {
      return Status::InvalidInput("write an IPv6 address as [::1]:9464");
    }
    port = text.substr(colon + 1);
  }
  if (out.host.empty() || HasSpaceOrControl(out.host)) {
    return Status::InvalidInput("expected host:port with a host name");
  }
  unsigned value = 0;
  auto [end, ec] =
      std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() ||
      value > 65535) {
    return Status::InvalidInput("the port must be a number from 0 to 65535");
  }
  out.port = static_cast<uint16_t>(value);
  return out;
}

Status CheckAbsolutePath(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return Status::InvalidInput(
        "must be an absolute path (the daemon runs from /)");
  }
  return Status::Ok();
}

bool IsValidProfileName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

}  // namespace m2drop::config
