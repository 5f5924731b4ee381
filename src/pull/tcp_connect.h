// SPDX-License-Identifier: Apache-2.0
// Module-private: the TCP connection under an SFTP session, opened by
// m2drop itself rather than by libssh, so that connecting is bounded by
// the pull's timeout and a stop request ends it at once (libssh's own
// connect can neither be interrupted nor tell the caller its socket
// before it returns).
//
// Thread-safety: reentrant. Blocks on name resolution (getaddrinfo, bounded
// by the resolver's own timeouts) and on the connection, at most `timeout`.
#ifndef M2DROP_SRC_PULL_TCP_CONNECT_H_
#define M2DROP_SRC_PULL_TCP_CONNECT_H_

#include <chrono>
#include <stop_token>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"

namespace m2drop::pull::internal {

// A connected, blocking TCP socket to `host`:`port` (each address the name
// resolves to is tried in turn within `timeout` overall). kUnavailable
// naming host, port and the reason (no such host, refused, no answer in
// time); kCancelled when `stop` is requested meanwhile.
Result<int> ConnectTcp(const std::string& host, int port,
                       std::chrono::milliseconds timeout, std::stop_token stop,
                       const Clock& clock);

}  // namespace m2drop::pull::internal

#endif  // M2DROP_SRC_PULL_TCP_CONNECT_H_
