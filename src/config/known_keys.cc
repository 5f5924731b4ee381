// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/known_keys.h"

#include <array>

namespace m2drop::config {
namespace {

// Accepted by every kind, or only by the kind of that name (kinds.h).
constexpr std::string_view kAny = "";
constexpr std::string_view kTracking = "tracking";
constexpr std::string_view kStock = "stock";

// The single list: the loader refuses whatever is not here.
constexpr std::array kKeys = std::to_array<KnownKey>({
    {"", "magento", kAny},
    {"", "retry", kAny},
    {"", "daemon", kAny},
    {"", "limits", kAny},
    {"", "profile", kAny},

    {"magento", "base_url", kAny},
    {"magento", "store_code", kAny},
    {"magento", "auth", kAny},
    {"magento", "token_file", kAny},
    {"magento", "token_env", kAny},
    {"magento", "username", kAny},
    {"magento", "password_file", kAny},
    {"magento", "password_env", kAny},
    {"magento", "consumer_key_file", kAny},
    {"magento", "consumer_key_env", kAny},
    {"magento", "consumer_secret_file", kAny},
    {"magento", "consumer_secret_env", kAny},
    {"magento", "access_token_file", kAny},
    {"magento", "access_token_env", kAny},
    {"magento", "access_token_secret_file", kAny},
    {"magento", "access_token_secret_env", kAny},
    {"magento", "timeout", kAny},
    {"magento", "connect_timeout", kAny},
    {"magento", "tls_verify", kAny},
    {"magento", "ca_file", kAny},
    {"magento", "max_in_flight", kAny},
    {"magento", "rate_limit", kAny},
    {"magento", "page_size", kAny},
    {"magento", "admin_token_ttl", kAny},
    {"magento", "max_response_size", kAny},

    {"retry", "max_attempts", kAny},
    {"retry", "initial_backoff", kAny},
    {"retry", "max_backoff", kAny},
    {"retry", "give_up_after", kAny},
    {"retry", "breaker_failures", kAny},
    {"retry", "breaker_cooldown", kAny},

    {"daemon", "state_dir", kAny},
    {"daemon", "workers", kAny},
    {"daemon", "settle", kAny},
    {"daemon", "rescan_interval", kAny},
    {"daemon", "metrics_listen", kAny},
    {"daemon", "log_format", kAny},
    {"daemon", "log_level", kAny},
    {"daemon", "log_file", kAny},
    {"daemon", "alert_webhook", kAny},
    {"daemon", "on_duplicate", kAny},
    {"daemon", "shutdown_grace", kAny},
    {"daemon", "ledger_retention", kAny},

    {"limits", "max_file_size", kAny},
    {"limits", "max_line_length", kAny},
    {"limits", "max_fields", kAny},
    {"limits", "max_errors_reported", kAny},

    {"profile", "name", kAny},
    {"profile", "kind", kAny},
    {"profile", "inbox", kAny},
    {"profile", "work_dir", kAny},
    {"profile", "processed_dir", kAny},
    {"profile", "failed_dir", kAny},
    {"profile", "pattern", kAny},
    {"profile", "delimiter", kAny},
    {"profile", "encoding", kAny},
    {"profile", "settle", kAny},
    {"profile", "min_age", kAny},
    {"profile", "marker", kAny},
    {"profile", "watch", kAny},
    {"profile", "expect_file_every", kAny},
    {"profile", "columns", kAny},
    {"profile", "notify_customer", kTracking},
    {"profile", "ship_remaining", kTracking},
    {"profile", "ship_source", kTracking},
    {"profile", "order_number_width", kTracking},
    {"profile", "carriers", kTracking},
    {"profile", "default_source", kStock},
    {"profile", "stock_api", kStock},
    {"profile", "batch_size", kStock},
    {"profile", "check_skus", kStock},
    {"profile", "allow_negative", kStock},
    {"profile", "pull", kAny},

    {"profile.pull", "url", kAny},
    {"profile.pull", "key_file", kAny},
    {"profile.pull", "key_passphrase_file", kAny},
    {"profile.pull", "password_file", kAny},
    {"profile.pull", "known_hosts", kAny},
    {"profile.pull", "pattern", kAny},
    {"profile.pull", "every", kAny},
    {"profile.pull", "after", kAny},
    {"profile.pull", "timeout", kAny},
    {"profile.pull", "alert_after", kAny},
});

// Keys that are gone, and what replaced them.
constexpr std::array kRetired = std::to_array<RetiredKey>({
    {"magento", "array_limit",
     "removed: it was overridden by the stock profile's batch_size, its only "
     "user; set batch_size in the [[profile]] with kind = \"stock\" (rows "
     "per save request, default 100; a smaller limit the shop announces "
     "still lowers it at run time) and delete array_limit"},
});

}  // namespace

std::span<const KnownKey> KnownKeys() { return kKeys; }

std::span<const RetiredKey> RetiredKeys() { return kRetired; }

const RetiredKey* FindRetiredKey(std::string_view table,
                                 std::string_view name) {
  for (const RetiredKey& key : kRetired) {
    if (key.table == table && key.name == name) return &key;
  }
  return nullptr;
}

std::vector<std::string_view> KnownKeyNames(std::string_view table) {
  std::vector<std::string_view> names;
  for (const KnownKey& key : kKeys) {
    if (key.table == table) names.push_back(key.name);
  }
  return names;
}

const KnownKey* FindKnownKey(std::string_view table, std::string_view name) {
  for (const KnownKey& key : kKeys) {
    if (key.table == table && key.name == name) return &key;
  }
  return nullptr;
}

}  // namespace m2drop::config
