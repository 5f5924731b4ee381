// SPDX-License-Identifier: Apache-2.0
// Config: the validated configuration of m2drop (docs/design.md §5, a
// contract).
//
// Plain structs, filled by config::LoadFile / LoadString (loader.h) from TOML.
// Every field starts at its documented default, so a default-constructed
// Config is what an empty file gives. Values are already validated when a
// Config comes out of the loader: ranges hold, paths are absolute and
// normalised, enums are known. config.example.toml documents every key for
// operators; keep the two in step.
//
// Secrets are never stored here: a SecretRef names where a secret lives (a
// file or an environment variable) and config::ResolveSecret (secrets.h)
// reads it when needed.
//
// Thread-safety: plain values; share a const Config freely between threads.
#ifndef M2DROP_CONFIG_CONFIG_H_
#define M2DROP_CONFIG_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "m2drop/config/kinds.h"

namespace m2drop::config {

// Where a secret lives. Secrets are never accepted inline in the TOML file.
struct SecretRef {
  enum class Source { kNone, kFile, kEnv };

  // The config key that named the secret, for messages, e.g.
  // "magento.token_file", or "magento.token" when none was given.
  std::string key;
  Source source = Source::kNone;
  // The file path (kFile) or the environment variable's name (kEnv); neither
  // is secret, so both may appear in messages.
  std::string location;

  bool configured() const { return source != Source::kNone; }

  bool operator==(const SecretRef&) const = default;
};

// How m2drop authenticates to Magento (magento.auth).
enum class AuthMethod {
  kToken,   // "token": an integration access token sent as a bearer token.
  kAdmin,   // "admin": username + password exchanged for an admin token.
  kOAuth1,  // "oauth1": an integration's four OAuth 1.0a credentials.
};

// [magento]: how to reach the shop's REST API.
struct MagentoConfig {
  // Required. The site root, http:// or https://, without /rest (m2drop adds
  // /rest/<store_code>/V1). A trailing '/' is removed.
  std::string base_url;
  // Default "default". The store view in the URL; "all" writes global scope;
  // "" means plain /rest/V1.
  std::string store_code = "default";
  // Default kOAuth1: the integration's four values, which every Magento
  // accepts; kToken (one value) needs a shop setting since Magento 2.4.4.
  AuthMethod auth = AuthMethod::kOAuth1;
  // auth = token: token_file or token_env.
  SecretRef token;
  // auth = admin: the admin user's name (not a secret) and password_file or
  // password_env.
  std::string username;
  SecretRef password;
  // auth = oauth1: each as <name>_file or <name>_env.
  SecretRef consumer_key;
  SecretRef consumer_secret;
  SecretRef access_token;
  SecretRef access_token_secret;
  // Default 30s. Total time for one request; longer waits out slow saves,
  // shorter notices a hung shop sooner. Must be > 0.
  std::chrono::milliseconds timeout{30'000};
  // Default 10s. Time to establish a connection. Must be > 0.
  std::chrono::milliseconds connect_timeout{10'000};
  // Default true. Verify the TLS certificate; turn off only for a test shop.
  bool tls_verify = true;
  // Default "" (the system CA store). A PEM bundle for a private CA; absolute.
  std::string ca_file;
  // Default 8, 1..256. Concurrent requests, all workers together; more is
  // faster until Magento's PHP workers saturate.
  int max_in_flight = 8;
  // Default 20 requests per second, 0 = no limit, up to 100000; decimals
  // allowed. Protects the shop (and keeps under WAF or hosting limits).
  double rate_limit = 20.0;
  // Default 100, 1..300. Page size of search requests (orders, SKUs); larger
  // pages mean fewer calls but heavier ones.
  int page_size = 100;
  // Default 50m. Renew an admin token before this age when its JWT carries no
  // expiry (Magento's default admin token lifetime is 4h). Must be > 0.
  std::chrono::milliseconds admin_token_ttl{50 * 60'000};
  // Default 16 MiB, 64 KiB..1 GiB. The largest answer accepted from
  // Magento; a larger one fails like an unreachable shop (the work waits)
  // and the log names this key. The largest legitimate answer is a search
  // page: page_size orders with their items, about 250 bytes per order line
  // with m2drop's trimmed fields (300 orders of 50 lines: under 4 MiB). Up
  // to max_in_flight answers are held at once, each costing about 15 times
  // its size once parsed: the worst case is max_in_flight x this x 15.
  uint64_t max_response_size = uint64_t{16} << 20;

  bool operator==(const MagentoConfig&) const = default;
};

// [retry]: how transient failures (timeouts, 5xx, 429) are retried.
struct RetryConfig {
  // Default 6, 1..100. Attempts per request, the first one included.
  int max_attempts = 6;
  // Default 500ms. First backoff; doubles per attempt (with jitter). > 0.
  std::chrono::milliseconds initial_backoff{500};
  // Default 30s. Backoff cap; must be >= initial_backoff.
  std::chrono::milliseconds max_backoff{30'000};
  // Default 10m. After this long the work waits behind the circuit breaker;
  // it is deferred, never failed. Must be > 0.
  std::chrono::milliseconds give_up_after{10 * 60'000};
  // Default 5, 1..1000. Consecutive transient failures that open the circuit
  // breaker; lower stops hammering a sick shop sooner.
  int breaker_failures = 5;
  // Default 30s. How long the open breaker waits before one probe. > 0.
  std::chrono::milliseconds breaker_cooldown{30'000};

  bool operator==(const RetryConfig&) const = default;
};

enum class LogFormat { kText, kJson };
enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };
// What to do with a file whose content was already imported (same sha256).
enum class OnDuplicate {
  kSkip,       // "skip": move it to processed/ without calling Magento.
  kReprocess,  // "reprocess": import again (Magento still dedups tracks).
};

// [daemon]: the long-running process.
struct DaemonConfig {
  // Default "/var/lib/m2drop". The ledger and other state; absolute.
  std::string state_dir = "/var/lib/m2drop";
  // Default 4, 1..64. Files imported at once; all share max_in_flight.
  int workers = 4;
  // Default 2s. A file must stay unchanged this long before it is claimed;
  // longer is safer for slow uploads, shorter is snappier. >= 0.
  std::chrono::milliseconds settle{2'000};
  // Default 5m. Full rescan of every inbox as a safety net behind inotify.
  // Must be > 0.
  std::chrono::milliseconds rescan_interval{5 * 60'000};
  // Default "127.0.0.1:9464"; "" disables. host:port (IPv6 as [::1]:9464) of
  // the metrics and health endpoint; port 0 picks a free port.
  std::string metrics_listen = "127.0.0.1:9464";
  // Default kText. kJson suits log shippers.
  LogFormat log_format = LogFormat::kText;
  // Default kInfo. kDebug logs every event and request.
  LogLevel log_level = LogLevel::kInfo;
  // Default "" (stderr, i.e. journald under systemd). Absolute path; m2drop
  // rotates it at 10 MiB, keeping 5 old files.
  std::string log_file;
  // Default "" (none). http(s) URL that receives a JSON alert when Magento
  // refuses the credentials or a file fails.
  std::string alert_webhook;
  // Default kSkip. See OnDuplicate.
  OnDuplicate on_duplicate = OnDuplicate::kSkip;
  // Default 30s. On SIGTERM, how long workers may finish; unfinished files go
  // back to the queue. >= 0.
  std::chrono::milliseconds shutdown_grace{30'000};
  // Default 90d; 0 keeps everything; else at least 1d. `watch` deletes, at
  // start and then daily, the ledger entries (and row outcomes) of finished
  // files last updated longer ago than this. Unfinished files and the last
  // stock version per SKU and source (stale-update refusal) are kept for
  // ever; a duplicate drop of a file older than this is imported again.
  std::chrono::milliseconds ledger_retention{
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::hours(24 * 90))};

  bool operator==(const DaemonConfig&) const = default;
};

// [limits]: guards against files that would exhaust memory or time.
struct LimitsConfig {
  // Default 1 GiB. Larger files go to failed/ unread.
  uint64_t max_file_size = uint64_t{1} << 30;
  // Default 1 MiB, 1 B..1 MiB (the CSV reader reads in 1 MiB blocks).
  uint64_t max_line_length = uint64_t{1} << 20;
  // Default 1000, 1..100000. Columns per row.
  int max_fields = 1000;
  // Default 1000, 1..1000000. Row errors listed in a report before the rest
  // are only counted.
  int max_errors_reported = 1000;

  bool operator==(const LimitsConfig&) const = default;
};

enum class Encoding { kAuto, kUtf8, kWindows1252, kUtf16 };
enum class WatchMode { kAuto, kInotify, kPoll };
enum class StockApi { kMsi, kLegacy };

// Keys that only a kind = "tracking" profile accepts.
struct TrackingSettings {
  // Default true. Magento e-mails the customer about the shipment.
  bool notify_customer = true;
  // Default true. A row naming no items ships everything left on the order;
  // false makes such rows errors (every row must name SKU and quantity).
  bool ship_remaining = true;
  // Default "" (Magento picks). MSI source that shipments deduct from.
  std::string ship_source;
  // Default 0 = learn from the orders found, 0..32. Width to which numeric
  // order numbers are left-padded with zeros ("108" -> "000000108").
  int order_number_width = 0;
  // Default empty. Glob pattern (case-insensitive) on the carrier column ->
  // Magento carrier code, in file order; the first match wins.
  std::vector<std::pair<std::string, std::string>> carriers;

  bool operator==(const TrackingSettings&) const = default;
};

// Keys that only a kind = "stock" profile accepts.
struct StockSettings {
  // Default "default". Source code for rows that name none.
  std::string default_source = "default";
  // Default kMsi. kLegacy uses the single-source stockItems API.
  StockApi stock_api = StockApi::kMsi;
  // Default 100, 1..5000. Rows per save request.
  int batch_size = 100;
  // Default true. Look the SKUs up first, so unknown SKUs are row errors
  // instead of failed batches (costs one search per batch).
  bool check_skus = true;
  // Default false. Accept negative quantities (backorders).
  bool allow_negative = false;

  bool operator==(const StockSettings&) const = default;
};

// What a pull does with a remote file once it is complete in the inbox
// ([profile.pull] after; docs/design.md §4).
enum class PullAfter {
  kKeep,    // "keep": left on the server, remembered in the ledger by name,
            // size and mtime (fetched again when either changes).
  kDelete,  // "delete": removed from the server.
  kMove,    // "move:DIR": renamed into DIR on the server, keeping its name.
};

// [profile.pull]: fetch the profile's drops from a remote SFTP server into
// its inbox. Remote paths are absolute ("/out") or relative to the login's
// home directory ("out", written "/~/out" in the URL and in move:DIR).
struct PullConfig {
  // Required. As written, e.g. "sftp://threepl@sftp.3pl.example:22/out";
  // holds no secret (a password in it is refused), so messages may show it.
  std::string url;
  // From the URL: the login (required), the host (an IPv6 address without
  // brackets), the port (default 22) and the remote directory.
  std::string user;
  std::string host;
  int port = 22;
  std::string dir;
  // Default "". A private key file (OpenSSH or PEM; ed25519, ecdsa or RSA),
  // absolute. key_file or password_file (or both: the key is tried first).
  std::string key_file;
  // Default none. The key's passphrase (key_passphrase_file), for an
  // encrypted key_file.
  SecretRef key_passphrase;
  // Default none. The login's password (password_file).
  SecretRef password;
  // Required, absolute. An OpenSSH known_hosts file holding the server's
  // host key (hashed entries and [host]:port allowed): no trust on first use.
  std::string known_hosts;
  // Default: the profile's patterns. Remote names fetched; temporary names
  // (dotfiles, *.part, ...) never.
  std::vector<std::string> patterns;
  // Default 60s, at least 1s. How often the directory is listed; a file is
  // fetched once its size and mtime held still between two listings, so a
  // drop waits between one and two periods.
  std::chrono::milliseconds every{60'000};
  // Default kKeep: the safe choice on any server, read-only ones included.
  PullAfter after = PullAfter::kKeep;
  // after = kMove: the remote directory (absolute or home-relative, as
  // `dir`); it must exist.
  std::string move_dir;
  // Default 30s. Longest wait for the server (connecting, or any answer);
  // then the connection is dropped and retried with backoff. > 0.
  std::chrono::milliseconds timeout{30'000};
  // Default 1h; 0 = off. Alert (pull_failing) when the server could not be
  // listed for this long.
  std::chrono::milliseconds alert_after{3'600'000};

  bool operator==(const PullConfig&) const = default;
};

// One [[profile]]: a kind of file dropped into one inbox.
struct Profile {
  // Required, unique, [A-Za-z0-9._-]+. Used in logs, metrics and --profile.
  std::string name;
  // Required; never null. An entry of the kind table (kinds.h). Tracking
  // unless the loader or the code making the profile sets it.
  const KindConfig* kind = &KindNamed("tracking");
  // Required, absolute. Where files are dropped.
  std::string inbox;
  // Default <inbox>/../work, ../processed, ../failed (resolved here). Must be
  // absolute and on the inbox's filesystem (moves are renames).
  std::string work_dir;
  std::string processed_dir;
  std::string failed_dir;
  // Default {"*.csv"}. File-name globs picked up from the inbox (a string or
  // an array of strings in TOML).
  std::vector<std::string> patterns = {"*.csv"};
  // Default '\0' = detect. One of ',', ';', '\t', '|'.
  char delimiter = '\0';
  // Default kAuto (BOM, then UTF-8, else Windows-1252).
  Encoding encoding = Encoding::kAuto;
  // Default daemon.settle (resolved here).
  std::chrono::milliseconds settle{2'000};
  // Default 0. A file must also be at least this old (mtime) to be claimed.
  std::chrono::milliseconds min_age{0};
  // Default "" (none). With ".ok", NAME is claimed only once NAME.ok exists.
  std::string marker;
  // Default kAuto (inotify, polling where it is unavailable, e.g. NFS).
  WatchMode watch = WatchMode::kAuto;
  // Default 0 = off. Alert when no file arrived for this long.
  std::chrono::milliseconds expect_file_every{0};
  // Default empty. Logical field -> accepted header names; replaces that
  // field's default aliases (fields.h EffectiveFields).
  std::map<std::string, std::vector<std::string>> columns;
  // Meaningful for kind "tracking" only.
  TrackingSettings tracking;
  // Meaningful for kind "stock" only.
  StockSettings stock;
  // Default none: files are dropped into the inbox by others. Set: the
  // daemon also fetches them from a remote SFTP server ([profile.pull]).
  std::optional<PullConfig> pull;
};

struct Config {
  // Only meaningful when has_magento: [magento] may be absent so that
  // commands that never call Magento (sim, inspect, validate) run without
  // it; commands that call Magento check has_magento and say so.
  MagentoConfig magento;
  bool has_magento = false;
  RetryConfig retry;
  DaemonConfig daemon;
  LimitsConfig limits;
  // Zero or more, in file order; commands that need one say so.
  std::vector<Profile> profiles;
  // Where the configuration came from (a path or an origin), for messages.
  std::string source;
};

// The profile named `name`, or nullptr. The pointer lives as long as config.
const Profile* FindProfile(const Config& config, std::string_view name);

// The TOML spelling of each enum value, e.g. "tracking", "windows-1252".
std::string_view AuthMethodName(AuthMethod value);
std::string_view LogFormatName(LogFormat value);
std::string_view LogLevelName(LogLevel value);
std::string_view OnDuplicateName(OnDuplicate value);
std::string_view EncodingName(Encoding value);
std::string_view WatchModeName(WatchMode value);
std::string_view StockApiName(StockApi value);
// "keep", "delete" or "move" (move names no directory).
std::string_view PullAfterName(PullAfter value);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_CONFIG_H_
