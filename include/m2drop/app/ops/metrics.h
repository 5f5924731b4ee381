// SPDX-License-Identifier: Apache-2.0
// Metrics (issue 7): a small registry of counters, gauges and fixed-bucket
// histograms with labels, rendered in the Prometheus text exposition format
// 0.0.4, and DaemonMetrics, the set `m2drop watch` exports on /metrics.
//
// MetricsRegistry: families are described once (name, type, help, buckets),
// then series are touched by label set. Render() prints families sorted by
// name and series sorted by labels, so the output is deterministic:
//
//   # HELP m2drop_files_total Files finished, by profile and outcome.
//   # TYPE m2drop_files_total counter
//   m2drop_files_total{outcome="processed",profile="3pl"} 12
//
// Label values are escaped (\ " and newline); a histogram prints cumulative
// _bucket{le="…"} series ending with le="+Inf", then _sum and _count.
// Thread-safe: one mutex; every call is short.
//
// DaemonMetrics wires the daemon's events to the registry. The daemon
// calls AddProfile per profile at start and reload (series at 0, so a
// scrape shows a profile before its first file), ForgetProfile for a
// profile a reload removed, OnFileEvent from the
// FileJob observer, ObserveRequest from RestCaller's request observer,
// BreakerState from the breaker observer, and InboxBacklog from the watch
// loop. Labels never carry an order number, SKU or file name: only profile
// names, outcomes, route templates and status codes, all bounded.
#ifndef M2DROP_APP_OPS_METRICS_H_
#define M2DROP_APP_OPS_METRICS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "m2drop/app/daemon/file_event.h"
#include "m2drop/magento/circuit_breaker.h"
#include "m2drop/magento/request_observer.h"

namespace m2drop::app {

// Label name → value, sorted by name.
using Labels = std::map<std::string, std::string>;

class MetricsRegistry {
 public:
  enum class Type { kCounter, kGauge, kHistogram };

  // Declares a family; `buckets` (ascending upper bounds, +Inf implied)
  // only for histograms. Describing a name again is a no-op.
  void Describe(const std::string& name, Type type, std::string help,
                std::vector<double> buckets = {});

  // Counter: adds `delta` (>= 0). Gauge: sets. Histogram: observes.
  // REQUIRES: `name` was described with the matching type.
  void Add(const std::string& name, const Labels& labels, double delta);
  void Set(const std::string& name, const Labels& labels, double value);
  void Observe(const std::string& name, const Labels& labels, double value);
  // Drops one series (a profile removed at reload).
  void Remove(const std::string& name, const Labels& labels);

  // The current value of a counter or gauge series; 0 when absent.
  double Value(const std::string& name, const Labels& labels) const;

  // The whole exposition.
  std::string Render() const;

 private:
  struct Series {
    double value = 0;                   // counters and gauges
    std::vector<uint64_t> bucket_hits;  // histograms: per bucket, not summed
    double sum = 0;
    uint64_t count = 0;
  };
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    std::vector<double> buckets;
    std::map<Labels, Series> series;
  };
  Series& SeriesOf(const std::string& name, Type type, const Labels& labels);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// A sample value as Prometheus prints it: integers without a fraction,
// others in the shortest form that reads back exactly. Pure.
std::string FormatSampleValue(double value);
// A label value with \, " and newline escaped. Pure.
std::string EscapeLabelValue(std::string_view value);

class DaemonMetrics {
 public:
  // `version` for m2drop_build_info; `start_unix_seconds` for
  // m2drop_start_time_seconds.
  DaemonMetrics(std::string_view version, double start_unix_seconds);

  // Series at 0 for every file and row outcome of `profile`, and its
  // backlog gauges at 0.
  void AddProfile(const std::string& profile);
  // Drops every series of a removed profile (files, rows, backlog, last
  // success), so it leaves dashboards and cannot raise a staleness alert.
  // Added again later, its counters restart at 0 (a counter reset, which
  // Prometheus' rate() handles).
  void ForgetProfile(const std::string& profile);

  // m2drop_files_total{profile,outcome} += 1; outcome is one of processed,
  // failed, duplicate, waiting (a file that had to wait, counted per wait).
  void FileFinished(const std::string& profile, std::string_view outcome);
  // m2drop_rows_total{profile,outcome} += n; outcome is one of applied,
  // already_present, stale, failed, deferred.
  void RowsCounted(const std::string& profile, std::string_view outcome,
                   uint64_t n);
  // m2drop_last_success_timestamp_seconds{profile} = unix_seconds.
  void LastSuccess(const std::string& profile, double unix_seconds);

  // A FileJob state change, through the three above. processed / failed /
  // duplicate count a file under that outcome and its rows by outcome;
  // waiting counts a file "waiting" and its deferred rows; processed sets
  // the last success time to `unix_seconds`. claimed counts nothing.
  void OnFileEvent(const FileEvent& event, double unix_seconds);
  void ObserveRequest(const magento::RequestRecord& record);
  void BreakerState(magento::BreakerState state);
  void InboxBacklog(const std::string& profile, size_t files,
                    double oldest_age_seconds);

  // [profile.pull] (issue 22; pull_metrics.cc): AddPullProfile puts a
  // pulling profile's series at 0, ForgetPullProfile drops them;
  // m2drop_pull_listings_total{profile} and
  // m2drop_pull_last_listing_timestamp_seconds{profile} count and date the
  // listings that worked, m2drop_pull_failures_total{profile} the failed
  // connections, listings, transfers and deletes or moves,
  // m2drop_pull_files_total{profile} and m2drop_pull_bytes_total{profile}
  // what was fetched.
  void AddPullProfile(const std::string& profile);
  void ForgetPullProfile(const std::string& profile);
  void PullListed(const std::string& profile, double unix_seconds);
  void PullFailed(const std::string& profile);
  void FilePulled(const std::string& profile, uint64_t bytes);

  const MetricsRegistry& registry() const { return registry_; }
  std::string Render() const { return registry_.Render(); }

 private:
  MetricsRegistry registry_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_METRICS_H_
