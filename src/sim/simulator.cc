// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/simulator.h"

#include <random>

#include "m2drop/base/strings.h"
#include "m2drop/sim/auth.h"
#include "m2drop/sim/fields_filter.h"
#include "m2drop/sim/rest_request.h"
#include "m2drop/sim/router.h"
#include "m2drop/sim/seed.h"

namespace m2drop::sim {
namespace {

constexpr std::string_view kIntrospectionPrefix = "/_sim/";

std::string RandomSecret() {
  std::random_device rd;
  std::string secret;
  for (int i = 0; i < 32; ++i) secret += static_cast<char>('a' + rd() % 26);
  return secret;
}

// The partial-response step of SynchronousRequestProcessor::process, which
// runs only after the service answered (never on errors).
Response ApplyFields(const Request& request, Response response) {
  if (response.status / 100 != 2 ||
      FindFieldsParam(request.query).kind == FieldsParam::Kind::kAbsent) {
    return response;
  }
  Json body = Json::parse(response.body, nullptr, false);
  if (body.is_discarded()) return response;
  std::optional<Json> filtered = FilterOutput(request.query, body);
  if (!filtered) {
    // UNVERIFIED: PHP stops with a TypeError, which Rest::dispatch's
    // catch (\Exception) does not catch; the shop's exact answer depends on
    // its error handling. A 500 is what a client sees in any case.
    return ErrorResponse(500, "Internal Error (FieldsFilter TypeError)");
  }
  return Response::FromJson(response.status, *filtered);
}

}  // namespace

Simulator::Simulator(Store store, Clock& clock, SimulatorOptions options)
    : clock_(clock),
      faults_(options.faults, clock.Now()),
      store_(std::move(store)),
      jwt_secret_(options.jwt_secret.empty() ? RandomSecret()
                                             : options.jwt_secret),
      default_host_(options.default_host) {}

Response Simulator::Handle(const Request& request) {
  if (request.path.rfind(kIntrospectionPrefix, 0) == 0) {
    return HandleIntrospection(request);
  }
  // Parsing the body and filtering the answer's fields touch no state, so
  // they run outside the lock: concurrent requests overlap there, as in a
  // shop's PHP workers (the bench saw eight 100-item saves queue on it).
  std::optional<Json> body;
  if (request.method == "POST" || request.method == "PUT") {
    body = ParseBody(request.body);
  }
  std::string label;
  Response response;
  {
    std::lock_guard<std::mutex> lock(mu_);
    response = HandleApi(request, std::move(body), &label);
    counters_.Record(label, response.status);
  }
  return ApplyFields(request, std::move(response));
}

std::string Simulator::RouteLabel(const Request& request) const {
  if (request.path.rfind(kIntrospectionPrefix, 0) == 0) return "";
  std::lock_guard<std::mutex> lock(mu_);
  auto match = MatchRoute(store_.store_codes, request.method, request.path);
  return match ? match->label : "unmatched";
}

Response Simulator::HandleApi(const Request& request, std::optional<Json> body,
                              std::string* label) {
  auto match = MatchRoute(store_.store_codes, request.method, request.path);
  *label = match ? match->label : "unmatched";
  if (auto error = CheckAccept(request.Header("Accept"))) return *error;
  // Rest\Router::match asks Rest\Request::getHttpMethod before any route.
  if (auto error = CheckHttpMethod(request.method)) return *error;
  if (!match) return ErrorResponse(404, kNoRouteMessage);
  WallTime now = clock_.WallNow();
  if (!match->spec->resource.empty()) {
    AuthOutcome auth =
        Authenticate(store_, request, now, jwt_secret_, default_host_);
    if (auth.error) return *auth.error;
    // Webapi/Controller/Rest/RequestValidator.php checkPermissions: a guest
    // and a caller without the route's resource get the same 401.
    if (!CallerHolds(store_, auth.caller, match->spec->resource)) {
      return ErrorResponse(401, kNotAuthorizedMessage,
                           {{"resources", match->spec->resource}});
    }
  }
  RouteContext ctx{store_,  request, std::move(match->params),
                   nullptr, now,     jwt_secret_};
  if (request.method == "POST" || request.method == "PUT") {
    if (auto error = CheckContentType(request.Header("Content-Type"))) {
      return *error;
    }
    if (!body) return ErrorResponse(400, kDecodingErrorMessage);
    ctx.body = std::move(*body);
  }
  return match->spec->handler(ctx);
}

Response Simulator::HandleIntrospection(const Request& request) {
  std::string_view what =
      std::string_view(request.path).substr(kIntrospectionPrefix.size());
  bool get = request.method == "GET";
  bool post = request.method == "POST";
  if (what == "faults" && get) return Response::FromJson(200, faults_.ToJson());
  if (what == "faults" && post) {
    Json changes = Json::parse(request.body, nullptr, false);
    Status status = faults_.Update(changes);
    if (!status.ok()) return ErrorResponse(400, status.message());
    return Response::FromJson(200, faults_.ToJson());
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (what == "state" && get) {
    return Response::FromJson(200, StateToJson(store_));
  }
  if (what == "requests" && get) {
    return Response::FromJson(200, counters_.ToJson());
  }
  if (what == "reset-counters" && post) {
    counters_.Reset();
    return Response::FromJson(200, {{"ok", true}});
  }
  if (what == "flags" && get) {
    return Response::FromJson(200, FlagsToJson(store_.flags));
  }
  if (what == "flags" && post) {
    Status status =
        ApplyFlagsJson(Json::parse(request.body, nullptr, false), store_.flags);
    if (!status.ok()) return ErrorResponse(400, status.message());
    return Response::FromJson(200, FlagsToJson(store_.flags));
  }
  return ErrorResponse(404, "Unknown simulator introspection route.");
}

void Simulator::RecordFault(const std::string& label, FaultKind kind) {
  std::lock_guard<std::mutex> lock(mu_);
  counters_.RecordFault(FaultKindName(kind));
  FaultDecision decision;
  decision.kind = kind;
  if (decision.applied_then_lost()) {
    counters_.RecordFault("lost_response");  // the three ways together
  }
  if (kind == FaultKind::kError || kind == FaultKind::kOutage) {
    counters_.Record(label, 503);
  } else if (kind == FaultKind::kRateLimited) {
    counters_.Record(label, 429);
  } else if (kind == FaultKind::kReset) {
    // Received but never answered: status 0, so that `total` counts every
    // request that reached the shop, as a client's own count should.
    counters_.Record(label, 0);
  }
}

void Simulator::set_default_host(std::string host) {
  std::lock_guard<std::mutex> lock(mu_);
  default_host_ = std::move(host);
}

void Simulator::WithStore(const std::function<void(Store&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  fn(store_);
}

RequestCounters Simulator::CountersForTesting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counters_;
}

}  // namespace m2drop::sim
