// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/magento_connection.h"

#include "m2drop/config/secrets.h"
#include "m2drop/magento/admin_token_auth.h"
#include "m2drop/magento/curl_transport.h"
#include "m2drop/magento/oauth1.h"

namespace m2drop::app {
namespace {

Result<std::unique_ptr<magento::Authenticator>> MakeAuthenticator(
    const config::MagentoConfig& m, magento::HttpTransport& transport,
    Clock& clock) {
  switch (m.auth) {
    case config::AuthMethod::kToken: {
      M2DROP_ASSIGN_OR_RETURN(std::string token,
                              config::ResolveSecret(m.token));
      return std::unique_ptr<magento::Authenticator>(
          new magento::BearerTokenAuthenticator(std::move(token)));
    }
    case config::AuthMethod::kAdmin: {
      M2DROP_ASSIGN_OR_RETURN(std::string password,
                              config::ResolveSecret(m.password));
      magento::AdminTokenOptions options{m.base_url, m.store_code, m.username,
                                         std::move(password),
                                         m.admin_token_ttl};
      return std::unique_ptr<magento::Authenticator>(
          new magento::AdminTokenAuthenticator(std::move(options), transport,
                                               clock));
    }
    case config::AuthMethod::kOAuth1: {
      magento::OAuth1Credentials c;
      M2DROP_ASSIGN_OR_RETURN(c.consumer_key,
                              config::ResolveSecret(m.consumer_key));
      M2DROP_ASSIGN_OR_RETURN(c.consumer_secret,
                              config::ResolveSecret(m.consumer_secret));
      M2DROP_ASSIGN_OR_RETURN(c.access_token,
                              config::ResolveSecret(m.access_token));
      M2DROP_ASSIGN_OR_RETURN(c.access_token_secret,
                              config::ResolveSecret(m.access_token_secret));
      return std::unique_ptr<magento::Authenticator>(
          new magento::OAuth1Authenticator(std::move(c), clock));
    }
  }
  return Status::Internal("unknown auth method");
}

}  // namespace

magento::RestCallerOptions RestCallerOptionsFor(const config::Config& config) {
  const config::MagentoConfig& m = config.magento;
  const config::RetryConfig& r = config.retry;
  magento::RestCallerOptions o;
  o.base_url = m.base_url;
  o.store_code = m.store_code;
  o.max_in_flight = m.max_in_flight;
  o.rate_limit = m.rate_limit;
  o.retry = {r.max_attempts, r.initial_backoff, r.max_backoff, r.give_up_after};
  o.breaker = {r.breaker_failures, r.breaker_cooldown};
  return o;
}

Result<std::unique_ptr<MagentoConnection>> MagentoConnection::Create(
    const config::Config& config, Clock& clock, ConnectionObservers observers) {
  const config::MagentoConfig& m = config.magento;
  magento::CurlOptions curl;
  curl.connect_timeout = m.connect_timeout;
  curl.timeout = m.timeout;
  curl.tls_verify = m.tls_verify;
  curl.ca_file = m.ca_file;
  curl.max_body_bytes = static_cast<size_t>(m.max_response_size);
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<magento::CurlTransport> transport,
                          magento::CurlTransport::Create(curl));
  return CreateWithTransport(config, clock, std::move(transport),
                             std::move(observers));
}

Result<std::unique_ptr<MagentoConnection>>
MagentoConnection::CreateWithTransport(
    const config::Config& config, Clock& clock,
    std::unique_ptr<magento::HttpTransport> transport,
    ConnectionObservers observers) {
  if (!config.has_magento) {
    return Status::InvalidInput(config.source +
                                ": there is no [magento] table; it names the "
                                "shop (base_url) and how to sign in (auth)");
  }
  std::unique_ptr<MagentoConnection> c(new MagentoConnection());
  c->transport_ = std::move(transport);
  M2DROP_ASSIGN_OR_RETURN(
      c->auth_, MakeAuthenticator(config.magento, *c->transport_, clock));
  c->caller_ = std::make_unique<magento::RestCaller>(
      RestCallerOptionsFor(config),
      magento::RestCaller::Deps{
          .transport = *c->transport_,
          .clock = clock,
          .auth = *c->auth_,
          .jitter = magento::RetryPolicy::RandomJitter(),
          .breaker_observer = std::move(observers.breaker),
          .request_observer = std::move(observers.requests)});
  c->client_ =
      std::make_unique<magento::Client>(*c->caller_, ClientOptionsFor(config));
  return c;
}

magento::ClientOptions ClientOptionsFor(const config::Config& config) {
  magento::ClientOptions options;
  options.page_size = config.magento.page_size;
  options.max_parallel_searches = config.magento.max_in_flight;
  return options;
}

}  // namespace m2drop::app
