// SPDX-License-Identifier: Apache-2.0
// Checks of the string values the configuration holds: URLs, listen
// addresses, paths and names. The loader uses them; app/ uses ParseHostPort to
// bind the metrics endpoint. Messages say what is wrong without repeating the
// value (callers add the key and the value).
//
// Pure functions; thread-safe.
#ifndef M2DROP_CONFIG_VALIDATION_H_
#define M2DROP_CONFIG_VALIDATION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::config {

// OK when `url` is http:// or https:// followed by a host, with no spaces
// and no fragment, and no query unless `allow_query` (a webhook may carry
// its token as ?token=…). kInvalidInput otherwise.
Status CheckHttpUrl(std::string_view url, bool allow_query = false);

// The host of an http(s) URL: after "scheme://" and any "user@", before the
// port, path, query or fragment; an IPv6 address keeps its brackets. ""
// when there is none.
std::string_view UrlHost(std::string_view url);

struct HostPort {
  std::string host;  // a name, an IPv4 address, or an IPv6 address without []
  uint16_t port = 0;
};

// Splits "host:port" or "[ipv6]:port"; the port is 0..65535. kInvalidInput
// when the host is missing or the port is not a number in range.
Result<HostPort> ParseHostPort(std::string_view text);

// OK when `path` is absolute ("/..."). kInvalidInput otherwise.
Status CheckAbsolutePath(std::string_view path);

// True for names made of [A-Za-z0-9._-], at least one character.
bool IsValidProfileName(std::string_view name);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_VALIDATION_H_
