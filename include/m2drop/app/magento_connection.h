// SPDX-License-Identifier: Apache-2.0
// MagentoConnection: everything m2drop needs to talk to one shop, built from
// the configuration and owned together — the libcurl transport, the
// authenticator chosen by [magento] auth (secrets resolved from their files
// or environment variables), the RestCaller that protects the shop (in-flight
// limit, rate limit, retries, circuit breaker) and the typed Client on top.
//
// This is the one place that names the concrete Curl* and *Authenticator
// classes (STYLE.md §1). The connection is thread-safe once built: every
// worker shares it. REQUIRES: GlobalInitCurl() was called (main does).
#ifndef M2DROP_APP_MAGENTO_CONNECTION_H_
#define M2DROP_APP_MAGENTO_CONNECTION_H_

#include <memory>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/magento/auth.h"
#include "m2drop/magento/client.h"
#include "m2drop/magento/http_transport.h"
#include "m2drop/magento/rest_caller.h"

namespace m2drop::app {

// Who is told of the connection's traffic and breaker (the daemon's metrics
// and alerts); both may be null. See RestCaller::Deps.
struct ConnectionObservers {
  magento::RequestObserver requests = nullptr;
  magento::CircuitBreaker::Observer breaker = nullptr;
};

class MagentoConnection {
 public:
  // Builds the connection. kInvalidInput when the configuration has no
  // [magento] table; the Status of ResolveSecret (naming the key, never the
  // value) when a credential cannot be read. Sends nothing.
  static Result<std::unique_ptr<MagentoConnection>> Create(
      const config::Config& config, Clock& clock,
      ConnectionObservers observers = {});

  // For tests: the same wiring over a transport the caller owns (a fake, or
  // a CurlTransport built with other options).
  static Result<std::unique_ptr<MagentoConnection>> CreateWithTransport(
      const config::Config& config, Clock& clock,
      std::unique_ptr<magento::HttpTransport> transport,
      ConnectionObservers observers = {});

  MagentoConnection(const MagentoConnection&) = delete;
  MagentoConnection& operator=(const MagentoConnection&) = delete;

  magento::Client& client() { return *client_; }
  magento::RestCaller& caller() { return *caller_; }
  magento::Authenticator& auth() { return *auth_; }

 private:
  MagentoConnection() = default;

  // Declared in construction order; destroyed in reverse.
  std::unique_ptr<magento::HttpTransport> transport_;
  std::unique_ptr<magento::Authenticator> auth_;
  std::unique_ptr<magento::RestCaller> caller_;
  std::unique_ptr<magento::Client> client_;
};

// The RestCaller options that [magento] and [retry] ask for.
magento::RestCallerOptions RestCallerOptionsFor(const config::Config& config);

// The Client options that [magento] asks for: page_size, and searches of one
// look-up up to max_in_flight at once. The items per save request are a
// stock profile's batch_size (pipeline::ImportStockDrop sets them).
magento::ClientOptions ClientOptionsFor(const config::Config& config);

}  // namespace m2drop::app

#endif  // M2DROP_APP_MAGENTO_CONNECTION_H_
