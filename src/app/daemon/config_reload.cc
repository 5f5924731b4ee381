// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/config_reload.h"

#include <tuple>

namespace m2drop::app {
namespace {

auto WatchKey(const config::Profile& p) {
  return std::tie(p.inbox, p.work_dir, p.processed_dir, p.failed_dir, p.kind,
                  p.patterns, p.settle, p.min_age, p.marker, p.watch);
}

bool SameMagento(const config::MagentoConfig& a,
                 const config::MagentoConfig& b) {
  auto secret = [](const config::SecretRef& s) {
    return std::tie(s.key, s.source, s.location);
  };
  return a.base_url == b.base_url && a.store_code == b.store_code &&
         a.auth == b.auth && secret(a.token) == secret(b.token) &&
         a.username == b.username && secret(a.password) == secret(b.password) &&
         secret(a.consumer_key) == secret(b.consumer_key) &&
         secret(a.consumer_secret) == secret(b.consumer_secret) &&
         secret(a.access_token) == secret(b.access_token) &&
         secret(a.access_token_secret) == secret(b.access_token_secret) &&
         a.timeout == b.timeout && a.connect_timeout == b.connect_timeout &&
         a.tls_verify == b.tls_verify && a.ca_file == b.ca_file &&
         a.max_in_flight == b.max_in_flight && a.rate_limit == b.rate_limit &&
         a.max_response_size == b.max_response_size;
}

bool SameRetry(const config::RetryConfig& a, const config::RetryConfig& b) {
  return std::tie(a.max_attempts, a.initial_backoff, a.max_backoff,
                  a.give_up_after, a.breaker_failures, a.breaker_cooldown) ==
         std::tie(b.max_attempts, b.initial_backoff, b.max_backoff,
                  b.give_up_after, b.breaker_failures, b.breaker_cooldown);
}

std::vector<std::string> NeedRestart(const config::Config& a,
                                     const config::Config& b) {
  std::vector<std::string> keys;
  if (a.has_magento != b.has_magento || !SameMagento(a.magento, b.magento)) {
    keys.push_back("[magento]");
  }
  if (!SameRetry(a.retry, b.retry)) keys.push_back("[retry]");
  if (a.daemon.workers != b.daemon.workers) keys.push_back("daemon.workers");
  if (a.daemon.state_dir != b.daemon.state_dir) {
    keys.push_back("daemon.state_dir");
  }
  if (a.daemon.rescan_interval != b.daemon.rescan_interval) {
    keys.push_back("daemon.rescan_interval");
  }
  if (a.daemon.ledger_retention != b.daemon.ledger_retention) {
    keys.push_back("daemon.ledger_retention");
  }
  if (a.daemon.log_format != b.daemon.log_format ||
      a.daemon.log_level != b.daemon.log_level ||
      a.daemon.log_file != b.daemon.log_file) {
    keys.push_back("daemon.log_*");
  }
  return keys;
}

}  // namespace

bool SameWatch(const config::Profile& a, const config::Profile& b) {
  return WatchKey(a) == WatchKey(b);
}

ProfileDiff DiffProfiles(const config::Config& old_config,
                         const config::Config& new_config) {
  ProfileDiff diff;
  for (const config::Profile& p : new_config.profiles) {
    const config::Profile* old = config::FindProfile(old_config, p.name);
    if (old == nullptr) {
      diff.added.push_back(p.name);
    } else if (!SameWatch(*old, p)) {
      diff.rewatch.push_back(p.name);
    }
  }
  for (const config::Profile& p : old_config.profiles) {
    if (config::FindProfile(new_config, p.name) == nullptr) {
      diff.removed.push_back(p.name);
    }
  }
  diff.need_restart = NeedRestart(old_config, new_config);
  return diff;
}

}  // namespace m2drop::app
