// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "m2drop/base/strings.h"

namespace m2drop {

bool IsLoopbackHost(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.ends_with('.')) host.remove_suffix(1);
  if (EqualsIgnoreCase(host, "localhost")) return true;
  // inet_pton accepts only a full dotted quad (no "127.1", no names).
  const std::string text(host);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

}  // namespace m2drop
