// SPDX-License-Identifier: Apache-2.0
// Whether a host names this machine's loopback interface, for the checks
// that keep traffic on the machine (the simulator binds only loopback) and
// the warnings about plain http:// to another machine (issue 17).
//
// The address is parsed, never matched by prefix: "127.evil" or
// "127.0.0.1.example.com" are names that DNS may point anywhere.
// Pure; thread-safe.
#ifndef M2DROP_BASE_LOOPBACK_H_
#define M2DROP_BASE_LOOPBACK_H_

#include <string_view>

namespace m2drop {

// True for "localhost" (any case, with or without a trailing dot), an IPv4
// address in 127.0.0.0/8 written as a dotted quad, "::1", and the
// IPv4-mapped ::ffff:127.x.y.z; an IPv6 address may be in brackets.
bool IsLoopbackHost(std::string_view host);

}  // namespace m2drop

#endif  // M2DROP_BASE_LOOPBACK_H_
