// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/metrics.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "m2drop/base/check.h"

namespace m2drop::app {
namespace {

constexpr char kFiles[] = "m2drop_files_total";
constexpr char kRows[] = "m2drop_rows_total";
constexpr char kRequests[] = "m2drop_magento_requests_total";
constexpr char kRequestSeconds[] = "m2drop_magento_request_seconds";
constexpr char kRetries[] = "m2drop_magento_retries_total";
constexpr char kBreaker[] = "m2drop_circuit_breaker_state";
constexpr char kBreakerChanges[] = "m2drop_circuit_breaker_transitions_total";
constexpr char kWaiting[] = "m2drop_inbox_files_waiting";
constexpr char kOldest[] = "m2drop_inbox_oldest_file_age_seconds";
constexpr char kLastSuccess[] = "m2drop_last_success_timestamp_seconds";
constexpr char kBuildInfo[] = "m2drop_build_info";
constexpr char kStartTime[] = "m2drop_start_time_seconds";

constexpr const char* kFileOutcomes[] = {"processed", "failed", "duplicate",
                                         "waiting"};
constexpr const char* kRowOutcomes[] = {"applied", "already_present", "stale",
                                        "failed", "deferred"};

std::string_view TypeName(MetricsRegistry::Type type) {
  switch (type) {
    case MetricsRegistry::Type::kCounter:
      return "counter";
    case MetricsRegistry::Type::kGauge:
      return "gauge";
    case MetricsRegistry::Type::kHistogram:
      return "histogram";
  }
  return "untyped";
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// {a="1",b="2"} with `extra` (le) last; "" for no labels at all.
std::string LabelText(
    const Labels& labels,
    const std::pair<std::string, std::string>* extra = nullptr) {
  if (labels.empty() && extra == nullptr) return "";
  std::string out = "{";
  bool first = true;
  auto add = [&](const std::string& name, const std::string& value) {
    if (!first) out += ',';
    first = false;
    out += name + "=\"" + EscapeLabelValue(value) + "\"";
  };
  for (const auto& [name, value] : labels) add(name, value);
  if (extra != nullptr) add(extra->first, extra->second);
  return out + "}";
}

void RenderHistogram(const std::string& name, const std::vector<double>& bounds,
                     const Labels& labels, const auto& series,
                     std::string* out) {
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += series.bucket_hits[i];
    const std::pair<std::string, std::string> le{
        "le", i < bounds.size() ? FormatSampleValue(bounds[i]) : "+Inf"};
    *out += name + "_bucket" + LabelText(labels, &le) + " " +
            std::to_string(cumulative) + "\n";
  }
  *out += name + "_sum" + LabelText(labels) + " " +
          FormatSampleValue(series.sum) + "\n";
  *out += name + "_count" + LabelText(labels) + " " +
          std::to_string(series.count) + "\n";
}

}  // namespace

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void MetricsRegistry::Describe(const std::string& name, Type type,
                               std::string help, std::vector<double> buckets) {
  std::lock_guard lock(mu_);
  if (families_.contains(name)) return;
  Family& f = families_[name];
  f.type = type;
  f.help = std::move(help);
  f.buckets = std::move(buckets);
}

MetricsRegistry::Series& MetricsRegistry::SeriesOf(const std::string& name,
                                                   Type type,
                                                   const Labels& labels) {
  auto it = families_.find(name);
  M2DROP_CHECK(it != families_.end() && it->second.type == type);
  Family& f = it->second;
  auto [series, inserted] = f.series.try_emplace(labels);
  if (inserted && type == Type::kHistogram) {
    series->second.bucket_hits.assign(f.buckets.size() + 1, 0);
  }
  return series->second;
}

void MetricsRegistry::Add(const std::string& name, const Labels& labels,
                          double delta) {
  std::lock_guard lock(mu_);
  SeriesOf(name, Type::kCounter, labels).value += delta;
}

void MetricsRegistry::Set(const std::string& name, const Labels& labels,
                          double value) {
  std::lock_guard lock(mu_);
  SeriesOf(name, Type::kGauge, labels).value = value;
}

void MetricsRegistry::Observe(const std::string& name, const Labels& labels,
                              double value) {
  std::lock_guard lock(mu_);
  const std::vector<double>& bounds = families_.at(name).buckets;
  Series& s = SeriesOf(name, Type::kHistogram, labels);
  size_t bucket = 0;
  while (bucket < bounds.size() && value > bounds[bucket]) ++bucket;
  ++s.bucket_hits[bucket];
  s.sum += value;
  ++s.count;
}

void MetricsRegistry::Remove(const std::string& name, const Labels& labels) {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it != families_.end()) it->second.series.erase(labels);
}

double MetricsRegistry::Value(const std::string& name,
                              const Labels& labels) const {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return 0;
  auto series = it->second.series.find(labels);
  return series == it->second.series.end() ? 0 : series->second.value;
}

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + EscapeHelp(f.help) + "\n";
    out += "# TYPE " + name + " " + std::string(TypeName(f.type)) + "\n";
    for (const auto& [labels, series] : f.series) {
      if (f.type == Type::kHistogram) {
        RenderHistogram(name, f.buckets, labels, series, &out);
      } else {
        out += name + LabelText(labels) + " " +
               FormatSampleValue(series.value) + "\n";
      }
    }
  }
  return out;
}

DaemonMetrics::DaemonMetrics(std::string_view version,
                             double start_unix_seconds) {
  using Type = MetricsRegistry::Type;
  MetricsRegistry& r = registry_;
  r.Describe(kFiles, Type::kCounter,
             "Files finished, by profile and outcome (processed, failed, "
             "duplicate; waiting counts each time a file had to wait).");
  r.Describe(kRows, Type::kCounter,
             "Rows of finished files by profile and outcome (applied, "
             "already_present, stale, failed; deferred per wait).");
  r.Describe(kRequests, Type::kCounter,
             "Magento requests sent, by route template and HTTP status "
             "(\"error\" when no answer came).");
  r.Describe(kRequestSeconds, Type::kHistogram,
             "Time of each Magento request on the wire, by route template.",
             {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  r.Describe(kRetries, Type::kCounter,
             "Magento requests that were retries, by route template.");
  r.Describe(kBreaker, Type::kGauge,
             "The circuit breaker protecting Magento: 0 closed, 1 half-open, "
             "2 open.");
  r.Describe(kBreakerChanges, Type::kCounter,
             "Circuit breaker state changes, by the state entered.");
  r.Describe(kWaiting, Type::kGauge,
             "Files in the profile's inbox not yet claimed (settling or "
             "queued).");
  r.Describe(kOldest, Type::kGauge,
             "Age of the oldest file waiting in the profile's inbox, seconds.");
  r.Describe(kLastSuccess, Type::kGauge,
             "When the profile last filed a file under processed/ (Unix "
             "time).");
  r.Describe(kBuildInfo, Type::kGauge, "m2drop's version.");
  r.Describe(kStartTime, Type::kGauge,
             "When this m2drop watch started (Unix time).");
  r.Set(kBuildInfo, {{"version", std::string(version)}}, 1);
  r.Set(kStartTime, {}, start_unix_seconds);
  r.Set(kBreaker, {}, 0);
}

void DaemonMetrics::AddProfile(const std::string& profile) {
  for (const char* outcome : kFileOutcomes) {
    registry_.Add(kFiles, {{"profile", profile}, {"outcome", outcome}}, 0);
  }
  for (const char* outcome : kRowOutcomes) {
    registry_.Add(kRows, {{"profile", profile}, {"outcome", outcome}}, 0);
  }
  InboxBacklog(profile, 0, 0);
}

void DaemonMetrics::ForgetProfile(const std::string& profile) {
  for (const char* outcome : kFileOutcomes) {
    registry_.Remove(kFiles, {{"profile", profile}, {"outcome", outcome}});
  }
  for (const char* outcome : kRowOutcomes) {
    registry_.Remove(kRows, {{"profile", profile}, {"outcome", outcome}});
  }
  registry_.Remove(kWaiting, {{"profile", profile}});
  registry_.Remove(kOldest, {{"profile", profile}});
  registry_.Remove(kLastSuccess, {{"profile", profile}});
}

void DaemonMetrics::FileFinished(const std::string& profile,
                                 std::string_view outcome) {
  registry_.Add(kFiles,
                {{"profile", profile}, {"outcome", std::string(outcome)}}, 1);
}

void DaemonMetrics::RowsCounted(const std::string& profile,
                                std::string_view outcome, uint64_t n) {
  registry_.Add(kRows,
                {{"profile", profile}, {"outcome", std::string(outcome)}},
                static_cast<double>(n));
}

void DaemonMetrics::LastSuccess(const std::string& profile,
                                double unix_seconds) {
  registry_.Set(kLastSuccess, {{"profile", profile}}, unix_seconds);
}

void DaemonMetrics::OnFileEvent(const FileEvent& e, double unix_seconds) {
  const bool finished =
      e.state == "processed" || e.state == "failed" || e.state == "duplicate";
  if (!finished && e.state != "waiting") return;
  FileFinished(e.profile, e.state);
  if (finished) {
    RowsCounted(e.profile, "applied", e.applied);
    RowsCounted(e.profile, "already_present", e.already_present);
    RowsCounted(e.profile, "stale", e.stale);
    RowsCounted(e.profile, "failed", e.failed);
  } else {
    RowsCounted(e.profile, "deferred", e.deferred);
  }
  if (e.state == "processed") LastSuccess(e.profile, unix_seconds);
}

void DaemonMetrics::ObserveRequest(const magento::RequestRecord& r) {
  const std::string route(r.route);
  const std::string status = r.status == 0 ? "error" : std::to_string(r.status);
  registry_.Add(kRequests, {{"route", route}, {"status", status}}, 1);
  registry_.Observe(kRequestSeconds, {{"route", route}}, r.seconds);
  if (r.attempt > 1) registry_.Add(kRetries, {{"route", route}}, 1);
}

void DaemonMetrics::BreakerState(magento::BreakerState state) {
  double value = 0;
  switch (state) {
    case magento::BreakerState::kClosed:
      value = 0;
      break;
    case magento::BreakerState::kHalfOpen:
      value = 1;
      break;
    case magento::BreakerState::kOpen:
      value = 2;
      break;
  }
  registry_.Set(kBreaker, {}, value);
  registry_.Add(kBreakerChanges,
                {{"to", std::string(magento::BreakerStateName(state))}}, 1);
}

void DaemonMetrics::InboxBacklog(const std::string& profile, size_t files,
                                 double oldest_age_seconds) {
  registry_.Set(kWaiting, {{"profile", profile}}, static_cast<double>(files));
  registry_.Set(kOldest, {{"profile", profile}}, oldest_age_seconds);
}

}  // namespace m2drop::app
