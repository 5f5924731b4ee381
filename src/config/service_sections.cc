// SPDX-License-Identifier: Apache-2.0
// [retry], [daemon] and [limits]: the tables of plain settings.
#include <string>

#include "m2drop/config/units.h"
#include "m2drop/config/validation.h"
#include "sections.h"

namespace m2drop::config::internal {
namespace {

using std::chrono::milliseconds;

void ReadPath(TableReader& r, std::string_view key, bool allow_empty,
              std::string* out) {
  std::string path;
  if (!r.String(key, &path)) return;
  if (path.empty() && allow_empty) {
    out->clear();
    return;
  }
  if (Status valid = CheckAbsolutePath(path); !valid.ok()) {
    return r.Problem(key, valid.message());
  }
  *out = std::move(path);
}

void ReadMetricsListen(TableReader& r, std::string* out) {
  std::string listen;
  if (!r.String("metrics_listen", &listen)) return;
  if (!listen.empty()) {
    Result<HostPort> parsed = ParseHostPort(listen);
    if (!parsed.ok()) {
      return r.Problem("metrics_listen", parsed.status().message() +
                                             " (\"\" disables the endpoint)");
    }
  }
  *out = std::move(listen);
}

void ReadWebhook(TableReader& r, std::string* out) {
  std::string url;
  if (!r.String("alert_webhook", &url)) return;
  if (!url.empty()) {
    if (Status valid = CheckHttpUrl(url, /*allow_query=*/true); !valid.ok()) {
      return r.Problem("alert_webhook", valid.message());
    }
  }
  *out = std::move(url);
}

// "0" keeps the ledger whole; anything shorter than a day would drop the
// files `status` counts as failed in the last 24 hours.
void ReadLedgerRetention(TableReader& r, milliseconds* out) {
  milliseconds retention = *out;
  if (!r.Duration("ledger_retention", milliseconds(0), &retention)) return;
  if (retention > milliseconds(0) && retention < std::chrono::hours(24)) {
    return r.Problem("ledger_retention",
                     "must be \"0\" (keep everything) or at least \"1d\"");
  }
  *out = retention;
}

}  // namespace

void ReadRetry(TableReader& r, RetryConfig* out) {
  r.Int("max_attempts", 1, 100, &out->max_attempts);
  bool initial_ok =
      r.Duration("initial_backoff", milliseconds(1), &out->initial_backoff) ||
      !r.Has("initial_backoff");
  bool max_ok = r.Duration("max_backoff", milliseconds(1), &out->max_backoff) ||
                !r.Has("max_backoff");
  if (initial_ok && max_ok && out->initial_backoff > out->max_backoff) {
    r.Problem(r.Has("initial_backoff") ? "initial_backoff" : "max_backoff",
              "initial_backoff (" + FormatDuration(out->initial_backoff) +
                  ") must not be longer than max_backoff (" +
                  FormatDuration(out->max_backoff) + ")");
  }
  r.Duration("give_up_after", milliseconds(1), &out->give_up_after);
  r.Int("breaker_failures", 1, 1000, &out->breaker_failures);
  r.Duration("breaker_cooldown", milliseconds(1), &out->breaker_cooldown);
  r.CheckUnknownKeys();
}

void ReadDaemon(TableReader& r, DaemonConfig* out) {
  ReadPath(r, "state_dir", /*allow_empty=*/false, &out->state_dir);
  r.Int("workers", 1, 64, &out->workers);
  r.Duration("settle", milliseconds(0), &out->settle);
  r.Duration("rescan_interval", milliseconds(1), &out->rescan_interval);
  ReadMetricsListen(r, &out->metrics_listen);
  r.Enum<LogFormat>("log_format", kLogFormats, &out->log_format);
  r.Enum<LogLevel>("log_level", kLogLevels, &out->log_level);
  ReadPath(r, "log_file", /*allow_empty=*/true, &out->log_file);
  ReadWebhook(r, &out->alert_webhook);
  r.Enum<OnDuplicate>("on_duplicate", kOnDuplicates, &out->on_duplicate);
  r.Duration("shutdown_grace", milliseconds(0), &out->shutdown_grace);
  ReadLedgerRetention(r, &out->ledger_retention);
  r.CheckUnknownKeys();
}

void ReadLimits(TableReader& r, LimitsConfig* out) {
  constexpr uint64_t kMiB = uint64_t{1} << 20;
  r.Size("max_file_size", 1, UINT64_MAX, &out->max_file_size);
  // fast-cpp-csv-parser reads in 1 MiB blocks: a longer line cannot be read.
  r.Size("max_line_length", 1, kMiB, &out->max_line_length);
  r.Int("max_fields", 1, 100'000, &out->max_fields);
  r.Int("max_errors_reported", 1, 1'000'000, &out->max_errors_reported);
  r.CheckUnknownKeys();
}

}  // namespace m2drop::config::internal
