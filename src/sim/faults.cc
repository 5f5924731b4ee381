// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/faults.h"

#include <algorithm>
#include <optional>

namespace m2drop::sim {
namespace {

Status ReadRate(const Json& j, const char* key, double& out) {
  if (!j.contains(key)) return Status::Ok();
  if (!j[key].is_number() || j[key].get<double>() < 0 ||
      j[key].get<double>() > 1) {
    return Status::InvalidInput(std::string("fault \"") + key +
                                "\" must be a number from 0 to 1");
  }
  out = j[key].get<double>();
  return Status::Ok();
}

Status ReadMillis(const Json& j, const char* key, milliseconds& out) {
  if (!j.contains(key)) return Status::Ok();
  if (!j[key].is_number_integer() || j[key].get<int64_t>() < 0) {
    return Status::InvalidInput(std::string("fault \"") + key +
                                "\" must be a whole number of ms >= 0");
  }
  out = milliseconds(j[key].get<int64_t>());
  return Status::Ok();
}

Status ReadWindows(const Json& j, std::vector<OutageWindow>& out) {
  if (!j.contains("outage_windows")) return Status::Ok();
  const Json& list = j["outage_windows"];
  Status bad = Status::InvalidInput(
      "fault \"outage_windows\" must be a list of {start_ms, end_ms} with "
      "0 <= start_ms < end_ms");
  if (!list.is_array()) return bad;
  std::vector<OutageWindow> windows;
  for (const Json& w : list) {
    OutageWindow window;
    if (!w.is_object()) return bad;
    if (!ReadMillis(w, "start_ms", window.start).ok() ||
        !ReadMillis(w, "end_ms", window.end).ok() ||
        window.start >= window.end) {
      return bad;
    }
    windows.push_back(window);
  }
  out = windows;
  return Status::Ok();
}

// The kind a scripted fault names; "lost_response" is kNone (lost as
// lost_response_mode says). nullopt for an unknown name.
std::optional<FaultKind> ScriptedKindFromName(const std::string& name) {
  if (name == "lost_response") return FaultKind::kNone;
  for (FaultKind k : {FaultKind::kError, FaultKind::kRateLimited,
                      FaultKind::kReset, FaultKind::kLostBeforeBytes,
                      FaultKind::kLostAfterHeaders, FaultKind::kLostReset}) {
    if (FaultKindName(k) == name) return k;
  }
  return std::nullopt;
}

Status ReadLostMode(const Json& j, LostMode& out) {
  if (!j.contains("lost_response_mode")) return Status::Ok();
  const Json& v = j["lost_response_mode"];
  for (LostMode m : {LostMode::kMixed, LostMode::kBeforeBytes,
                     LostMode::kAfterHeaders, LostMode::kReset}) {
    if (v.is_string() && v.get<std::string>() == LostModeName(m)) {
      out = m;
      return Status::Ok();
    }
  }
  return Status::InvalidInput(
      "fault \"lost_response_mode\" must be \"mixed\", \"before_bytes\", "
      "\"after_headers\" or \"reset\"");
}

}  // namespace

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kNone:
      return "none";
    case FaultKind::kError:
      return "error";
    case FaultKind::kOutage:
      return "outage";
    case FaultKind::kRateLimited:
      return "rate_limited";
    case FaultKind::kReset:
      return "reset";
    case FaultKind::kLostBeforeBytes:
      return "lost_before_bytes";
    case FaultKind::kLostAfterHeaders:
      return "lost_after_headers";
    case FaultKind::kLostReset:
      return "lost_reset";
  }
  return "none";
}

std::string_view LostModeName(LostMode mode) {
  switch (mode) {
    case LostMode::kMixed:
      return "mixed";
    case LostMode::kBeforeBytes:
      return "before_bytes";
    case LostMode::kAfterHeaders:
      return "after_headers";
    case LostMode::kReset:
      return "reset";
  }
  return "mixed";
}

Status ApplyFaultJson(const Json& j, FaultOptions& options) {
  if (!j.is_object())
    return Status::InvalidInput("faults must be a JSON object");
  FaultOptions o = options;
  M2DROP_RETURN_IF_ERROR(ReadMillis(j, "latency_ms", o.latency));
  M2DROP_RETURN_IF_ERROR(ReadMillis(j, "jitter_ms", o.jitter));
  M2DROP_RETURN_IF_ERROR(ReadRate(j, "error_rate", o.error_rate));
  M2DROP_RETURN_IF_ERROR(ReadRate(j, "reset_rate", o.reset_rate));
  M2DROP_RETURN_IF_ERROR(
      ReadRate(j, "lost_response_rate", o.lost_response_rate));
  M2DROP_RETURN_IF_ERROR(ReadLostMode(j, o.lost_response_mode));
  M2DROP_RETURN_IF_ERROR(ReadWindows(j, o.outage_windows));
  if (j.contains("outage")) {
    if (!j["outage"].is_boolean()) {
      return Status::InvalidInput("fault \"outage\" must be true or false");
    }
    o.outage = j["outage"].get<bool>();
  }
  if (j.contains("rate_limit_per_second")) {
    if (!j["rate_limit_per_second"].is_number_integer() ||
        j["rate_limit_per_second"].get<int>() < 0) {
      return Status::InvalidInput(
          "fault \"rate_limit_per_second\" must be a whole number >= 0");
    }
    o.rate_limit_per_second = j["rate_limit_per_second"].get<int>();
  }
  if (j.contains("seed")) {
    if (!j["seed"].is_number_unsigned()) {
      return Status::InvalidInput("fault \"seed\" must be a whole number >= 0");
    }
    o.seed = j["seed"].get<uint64_t>();
  }
  options = o;
  return Status::Ok();
}

FaultInjector::FaultInjector(FaultOptions options, SteadyTime start)
    : options_(std::move(options)), start_(start), rng_(options_.seed) {}

FaultDecision FaultInjector::Decide(SteadyTime now, const std::string& label) {
  std::lock_guard<std::mutex> lock(mu_);
  FaultDecision d;
  d.delay = options_.latency;
  if (options_.jitter.count() > 0) {
    std::uniform_int_distribution<int64_t> jitter(0, options_.jitter.count());
    d.delay += milliseconds(jitter(rng_));
  }
  auto scripted = std::find_if(next_.begin(), next_.end(), [&](auto& s) {
    return s.route.empty() || s.route == label;
  });
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  if (scripted != next_.end()) {
    d.kind = scripted->kind == FaultKind::kNone ? LostKind(unit(rng_))
                                                : scripted->kind;
    d.retry_after_seconds = 1;
    next_.erase(scripted);
    return d;
  }
  if (InOutage(now)) {
    d.kind = FaultKind::kOutage;
  } else if (RateLimited(now, &d.retry_after_seconds)) {
    d.kind = FaultKind::kRateLimited;
  } else {
    // One draw per choice, always, so a rate change does not shift the
    // sequence of the others.
    double error = unit(rng_), reset = unit(rng_), lost = unit(rng_);
    double how = unit(rng_);
    if (error < options_.error_rate) {
      d.kind = FaultKind::kError;
      d.close_connection = how < 0.5;
    } else if (reset < options_.reset_rate) {
      d.kind = FaultKind::kReset;
    } else if (lost < options_.lost_response_rate) {
      d.kind = LostKind(how);
    }
  }
  return d;
}

FaultKind FaultInjector::LostKind(double draw) const {
  switch (options_.lost_response_mode) {
    case LostMode::kBeforeBytes:
      return FaultKind::kLostBeforeBytes;
    case LostMode::kAfterHeaders:
      return FaultKind::kLostAfterHeaders;
    case LostMode::kReset:
      return FaultKind::kLostReset;
    case LostMode::kMixed:
      break;
  }
  if (draw < 1.0 / 3) return FaultKind::kLostBeforeBytes;
  if (draw < 2.0 / 3) return FaultKind::kLostAfterHeaders;
  return FaultKind::kLostReset;
}

bool FaultInjector::InOutage(SteadyTime now) const {
  if (options_.outage) return true;
  auto since = std::chrono::duration_cast<milliseconds>(now - start_);
  return std::any_of(
      options_.outage_windows.begin(), options_.outage_windows.end(),
      [&](const OutageWindow& w) { return since >= w.start && since < w.end; });
}

bool FaultInjector::RateLimited(SteadyTime now, int* retry_after) {
  if (options_.rate_limit_per_second <= 0) return false;
  auto since = std::chrono::duration_cast<milliseconds>(now - start_);
  int64_t window = since.count() / 1000;
  if (window != rate_window_) {
    rate_window_ = window;
    rate_count_ = 0;
  }
  if (++rate_count_ <= options_.rate_limit_per_second) return false;
  // The rest of this one-second window, rounded up to whole seconds.
  *retry_after = 1;
  return true;
}

Status FaultInjector::Update(const Json& changes) {
  std::lock_guard<std::mutex> lock(mu_);
  FaultOptions updated = options_;
  M2DROP_RETURN_IF_ERROR(ApplyFaultJson(changes, updated));
  std::vector<Scripted> scripted;
  if (changes.contains("next")) {
    Status bad = Status::InvalidInput(
        "fault \"next\" must be a list of {\"kind\": error|rate_limited|reset|"
        "lost_response|lost_before_bytes|lost_after_headers|lost_reset, "
        "\"route\": optional label}");
    if (!changes["next"].is_array()) return bad;
    for (const Json& s : changes["next"]) {
      if (!s.is_object() || !s.contains("kind") || !s["kind"].is_string()) {
        return bad;
      }
      std::optional<FaultKind> kind =
          ScriptedKindFromName(s["kind"].get<std::string>());
      if (!kind) return bad;
      std::string route = s.value("route", "");
      scripted.push_back({*kind, route});
    }
  }
  if (updated.seed != options_.seed) rng_.seed(updated.seed);
  options_ = updated;
  next_.insert(next_.end(), scripted.begin(), scripted.end());
  return Status::Ok();
}

Json FaultInjector::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  Json windows = Json::array();
  for (const OutageWindow& w : options_.outage_windows) {
    windows.push_back(
        {{"start_ms", w.start.count()}, {"end_ms", w.end.count()}});
  }
  Json next = Json::array();
  for (const Scripted& s : next_) {
    next.push_back(
        {{"kind", s.kind == FaultKind::kNone ? std::string_view("lost_response")
                                             : FaultKindName(s.kind)},
         {"route", s.route}});
  }
  return {{"latency_ms", options_.latency.count()},
          {"jitter_ms", options_.jitter.count()},
          {"error_rate", options_.error_rate},
          {"reset_rate", options_.reset_rate},
          {"lost_response_rate", options_.lost_response_rate},
          {"lost_response_mode", LostModeName(options_.lost_response_mode)},
          {"outage", options_.outage},
          {"outage_windows", windows},
          {"rate_limit_per_second", options_.rate_limit_per_second},
          {"seed", options_.seed},
          {"next", next}};
}

}  // namespace m2drop::sim
