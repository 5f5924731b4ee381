// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/rest_caller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "fakes/fake_http_transport.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/magento/admin_token_auth.h"
#include "magento/log_capture.h"
#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Waits = std::vector<Duration>;

constexpr char kToken[] = "TOKEN-Secret-789";

class RestCallerTest : public ::testing::Test {
 protected:
  RestCallerTest() {
    options_.base_url = "https://shop.example.com";
    options_.store_code = "default";
    options_.rate_limit = 0;
    options_.retry = {.max_attempts = 6,
                      .initial_backoff = milliseconds(500),
                      .max_backoff = seconds(30),
                      .give_up_after = std::chrono::minutes(10)};
    options_.breaker = {.failure_threshold = 50, .cooldown = seconds(30)};
  }

  // A caller whose jitter always picks the ceiling, so the schedule is exact.
  std::unique_ptr<RestCaller> Caller(Authenticator& auth) {
    return std::make_unique<RestCaller>(
        options_,
        RestCaller::Deps{.transport = transport_,
                         .clock = clock_,
                         .auth = auth,
                         .jitter = [](Duration max) { return max; },
                         .breaker_observer =
                             [this](BreakerState, BreakerState to) {
                               transitions_.push_back(to);
                             },
                         .request_observer =
                             [this](const RequestRecord& r) {
                               // Workers call it concurrently.
                               std::lock_guard lock(records_mu_);
                               records_.push_back(
                                   {std::string(r.route), r.status, r.attempt});
                               seconds_.push_back(r.seconds);
                             }});
  }
  std::unique_ptr<RestCaller> Caller() { return Caller(bearer_); }

  static ApiRequest Request(std::string method, std::string path) {
    ApiRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.route = "GET /V1/x";
    return request;
  }
  static ApiRequest Get(std::string path) {
    return Request("GET", std::move(path));
  }
  static ApiRequest Ship() {
    ApiRequest request = Request("POST", "V1/order/7/ship");
    request.body = nlohmann::json{{"notify", true}};
    request.idempotent = false;
    request.route = "POST /V1/order/{id}/ship";
    return request;
  }
  AdminTokenOptions Admin() const {
    AdminTokenOptions admin;
    admin.base_url = options_.base_url;
    admin.store_code = options_.store_code;
    admin.username = "u";
    admin.password = "p";
    return admin;
  }
  static HttpResponse Status503() {
    return FakeHttpTransport::Json(503, R"({"message":"Service Unavailable"})");
  }

  RestCallerOptions options_;
  FakeClock clock_;
  FakeHttpTransport transport_;
  BearerTokenAuthenticator bearer_{kToken};
  std::vector<BreakerState> transitions_;
  struct Seen {
    std::string route;
    int status;
    int attempt;
    bool operator==(const Seen&) const = default;
  };
  std::mutex records_mu_;        // guards records_ and seconds_
  std::vector<Seen> records_;    // what the request observer was told
  std::vector<double> seconds_;  // and the latency of each record
  std::stop_source stop_;
};

TEST_F(RestCallerTest, BuildsTheUrlAndSendsJsonHeaders) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Json(200, R"({"total_count":0})"));
  ApiRequest request = Get("V1/orders");
  request.query = {{"searchCriteria[pageSize]", "100"},
                   {"fields", "items[entity_id],total_count"}};
  ApiResult result = caller->Call(request, stop_.get_token());
  ASSERT_OK(result.status);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body["total_count"], 0);
  EXPECT_EQ(result.attempts, 1);
  HttpRequest sent = transport_.requests().at(0);
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url,
            "https://shop.example.com/rest/default/V1/orders?"
            "searchCriteria%5BpageSize%5D=100&"
            "fields=items%5Bentity_id%5D%2Ctotal_count");
  EXPECT_EQ(FakeHttpTransport::HeaderOf(sent, "Authorization"),
            std::string("Bearer ") + kToken);
  EXPECT_EQ(FakeHttpTransport::HeaderOf(sent, "Accept"), "application/json");
  EXPECT_EQ(FakeHttpTransport::HeaderOf(sent, "Content-Type"), std::nullopt);
  EXPECT_EQ(sent.body, "");
}

TEST_F(RestCallerTest, EmptyStoreCodeGivesRestV1) {
  options_.store_code = "";
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Json(200, "[]"));
  ASSERT_OK(
      caller->Call(Get("V1/inventory/sources"), stop_.get_token()).status);
  EXPECT_EQ(transport_.requests().at(0).url,
            "https://shop.example.com/rest/V1/inventory/sources");
}

TEST_F(RestCallerTest, PostsJsonBodiesWithContentType) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"42\""));
  transport_.Enqueue(FakeHttpTransport::Json(200, "true"));
  ApiResult shipped = caller->Call(Ship(), stop_.get_token());
  ASSERT_OK(shipped.status);
  EXPECT_EQ(shipped.body, "42");  // bare scalars are kept as they came
  ApiRequest emails = Request("POST", "V1/shipment/5/emails");
  ApiResult emailed = caller->Call(emails, stop_.get_token());
  ASSERT_OK(emailed.status);
  EXPECT_EQ(emailed.body, true);
  auto requests = transport_.requests();
  EXPECT_EQ(requests[0].body, R"({"notify":true})");
  EXPECT_EQ(FakeHttpTransport::HeaderOf(requests[0], "Content-Type"),
            "application/json");
  EXPECT_EQ(requests[1].body, "{}");  // Magento needs a body on POST
}

TEST_F(RestCallerTest, ParsesEmptyAndScalarBodies) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Response(204, ""));
  transport_.Enqueue(FakeHttpTransport::Json(200, "42"));
  EXPECT_TRUE(caller->Call(Get("V1/a"), stop_.get_token()).body.is_null());
  EXPECT_EQ(caller->Call(Get("V1/b"), stop_.get_token()).body, 42);
}

TEST_F(RestCallerTest, ABodyThatIsNotJsonIsAnError) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Response(200, "<html>Home</html>"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kInternal);
  EXPECT_NE(result.status.message().find("base_url"), std::string::npos);
}

TEST_F(RestCallerTest, RetriesWithTheExactBackoffSchedule) {
  auto caller = Caller();
  transport_.Enqueue(Status503());
  transport_.Enqueue(FakeHttpTransport::Timeout());
  transport_.Enqueue(FakeHttpTransport::Response(502, "Bad Gateway"));
  transport_.Enqueue(FakeHttpTransport::Json(200, "[]"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  ASSERT_OK(result.status);
  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(clock_.waits(), (Waits{milliseconds(500), seconds(1), seconds(2)}));
}

TEST_F(RestCallerTest, ObserverSeesEveryAttemptWithItsRouteAndStatus) {
  auto caller = Caller();
  transport_.Enqueue(Status503());
  transport_.Enqueue(FakeHttpTransport::Timeout());
  transport_.Enqueue(FakeHttpTransport::Json(200, "[]"));
  ASSERT_OK(caller->Call(Get("V1/orders"), stop_.get_token()).status);
  EXPECT_EQ(records_, (std::vector<Seen>{{"GET /V1/x", 503, 1},
                                         {"GET /V1/x", 0, 2},
                                         {"GET /V1/x", 200, 3}}));
}

TEST_F(RestCallerTest, ObserverGetsTheRouteTemplateAndTheTimeOnTheWire) {
  auto caller = Caller();
  transport_.SetOnSend(
      [this](const HttpRequest&) { clock_.Advance(milliseconds(250)); });
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"42\""));
  ASSERT_OK(caller->Call(Ship(), stop_.get_token()).status);
  ASSERT_EQ(transport_.requests().size(), 1u);
  EXPECT_NE(transport_.requests()[0].url.find("/V1/order/7/ship"),
            std::string::npos);
  // The template, never the path with the order id in it.
  EXPECT_EQ(records_,
            (std::vector<Seen>{{"POST /V1/order/{id}/ship", 200, 1}}));
  EXPECT_EQ(seconds_, (std::vector<double>{0.25}));
}

TEST_F(RestCallerTest, ObserverIsNotToldOfAttemptsNeverSent) {
  auto caller = Caller();
  stop_.request_stop();
  ApiResult result = caller->Call(Ship(), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kCancelled);
  EXPECT_TRUE(records_.empty());
  EXPECT_TRUE(transport_.requests().empty());
}

TEST_F(RestCallerTest, StopsAfterMaxAttempts) {
  options_.retry.max_attempts = 3;
  auto caller = Caller();
  for (int i = 0; i < 5; ++i) transport_.Enqueue(Status503());
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.http_status, 503);
  EXPECT_EQ(result.error.message, "Service Unavailable");
  EXPECT_NE(result.status.message().find("gave up after 3 attempts"),
            std::string::npos)
      << result.status;
  EXPECT_EQ(transport_.pending(), 2u);
}

TEST_F(RestCallerTest, HonoursRetryAfterOn429And503) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Response(
      429, R"({"message":"Too Many Requests"})", {{"Retry-After", "7"}}));
  // 90 s after the fake clock's wall time once the 7 s have passed.
  transport_.Enqueue(FakeHttpTransport::Response(
      503, "", {{"retry-after", "Sat, 21 Nov 2026 10:01:37 GMT"}}));
  transport_.Enqueue(FakeHttpTransport::Json(200, "[]"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  ASSERT_OK(result.status);
  EXPECT_EQ(clock_.waits(), (Waits{seconds(7), seconds(90)}));
}

TEST_F(RestCallerTest, GiveUpAfterBoundsTheTotalTime) {
  options_.retry.give_up_after = seconds(3);
  options_.retry.max_attempts = 100;
  auto caller = Caller();
  for (int i = 0; i < 10; ++i) transport_.Enqueue(Status503());
  SteadyTime t0 = clock_.Now();
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnavailable);
  // 0.5 s + 1 s spent; another 2 s would end past 3 s.
  EXPECT_EQ(clock_.waits(), (Waits{milliseconds(500), seconds(1)}));
  EXPECT_EQ(result.attempts, 3);
  EXPECT_LE(clock_.Now() - t0, seconds(3));
}

struct StatusCase {
  int http_status;
  StatusCode code;
  int attempts;  // with max_attempts = 2
};

class RestCallerClassifyTest
    : public RestCallerTest,
      public ::testing::WithParamInterface<StatusCase> {};

TEST_P(RestCallerClassifyTest, ClassifiesAndRetriesOnlyTransientStatuses) {
  options_.retry.max_attempts = 2;
  auto caller = Caller();
  for (int i = 0; i < 2; ++i) {
    transport_.Enqueue(FakeHttpTransport::Json(
        GetParam().http_status, R"({"message":"m %1","parameters":["x"]})"));
  }
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), GetParam().code) << result.status;
  EXPECT_EQ(result.attempts, GetParam().attempts);
  EXPECT_EQ(result.http_status, GetParam().http_status);
  if (GetParam().code == StatusCode::kRejected) {
    EXPECT_EQ(result.status.message(), "m x");
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryStatus, RestCallerClassifyTest,
    ::testing::Values(StatusCase{200, StatusCode::kOk, 1},
                      StatusCase{201, StatusCode::kOk, 1},
                      StatusCase{400, StatusCode::kRejected, 1},
                      StatusCase{401, StatusCode::kUnauthenticated, 1},
                      StatusCase{403, StatusCode::kUnauthenticated, 1},
                      StatusCase{404, StatusCode::kRejected, 1},
                      StatusCase{406, StatusCode::kRejected, 1},
                      StatusCase{408, StatusCode::kUnavailable, 2},
                      StatusCase{429, StatusCode::kUnavailable, 2},
                      StatusCase{500, StatusCode::kUnavailable, 2},
                      StatusCase{502, StatusCode::kUnavailable, 2},
                      StatusCase{503, StatusCode::kUnavailable, 2},
                      StatusCase{504, StatusCode::kUnavailable, 2}));

TEST_F(RestCallerTest, NoContentIsSuccess) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Response(204));
  ApiResult result = caller->Call(Get("V1/x"), stop_.get_token());
  ASSERT_OK(result.status);
  EXPECT_EQ(result.http_status, 204);
}

TEST_F(RestCallerTest, NonIdempotentPostThatTimesOutIsNotResent) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Timeout());
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"99\""));
  ApiResult result = caller->Call(Ship(), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnavailable);
  EXPECT_NE(result.status.message().find("Timeout was reached"),
            std::string::npos);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(transport_.request_count(), 1u);
  EXPECT_TRUE(clock_.waits().empty());
}

// A write goes to the transport as at_most_once, so that no HTTP layer
// resends it on its own.
TEST_F(RestCallerTest, NonIdempotentRequestsAreSentAtMostOnceByTheTransport) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"99\""));
  transport_.Enqueue(FakeHttpTransport::Json(200, "{}"));
  ASSERT_OK(caller->Call(Ship(), stop_.get_token()).status);
  ASSERT_OK(caller->Call(Get("V1/x"), stop_.get_token()).status);
  EXPECT_TRUE(transport_.requests().at(0).at_most_once);
  EXPECT_FALSE(transport_.requests().at(1).at_most_once);
}

// Writes back off like reads: the same schedule (ceilings 0.5 s, 1 s, 2 s
// with this jitter), a Retry-After that raises a delay, and the same budget
// (max_attempts attempts in all), then no retry is left.
TEST_F(RestCallerTest, WaitToResendFollowsTheRetryPolicy) {
  options_.retry.max_attempts = 4;
  auto caller = Caller();
  ResendBudget budget;
  ApiResult lost;
  lost.status = Status::Unavailable("no answer from Magento: lost");
  ApiResult busy;
  busy.status = Status::Unavailable("HTTP 503: busy");
  busy.retry_after = seconds(7);
  EXPECT_OK(caller->WaitToResend(Ship(), lost, budget, stop_.get_token()));
  EXPECT_OK(caller->WaitToResend(Ship(), busy, budget, stop_.get_token()));
  EXPECT_OK(caller->WaitToResend(Ship(), lost, budget, stop_.get_token()));
  Status spent = caller->WaitToResend(Ship(), lost, budget, stop_.get_token());
  EXPECT_EQ(spent.code(), StatusCode::kUnavailable);
  EXPECT_NE(spent.message().find("no retry left"), std::string::npos) << spent;
  EXPECT_EQ(clock_.waits(), (Waits{milliseconds(500), seconds(7), seconds(2)}));
}

TEST_F(RestCallerTest, WaitToResendStopsOnShutdown) {
  auto caller = Caller();
  ResendBudget budget;
  ApiResult lost;
  lost.status = Status::Unavailable("lost");
  stop_.request_stop();
  EXPECT_EQ(
      caller->WaitToResend(Ship(), lost, budget, stop_.get_token()).code(),
      StatusCode::kCancelled);
}

// Every retry line says why: the status and Magento's message.
TEST_F(RestCallerTest, RetryReasonNamesTheStatusAndTheMessage) {
  auto caller = Caller();
  transport_.Enqueue(Status503());
  transport_.Enqueue(FakeHttpTransport::Json(200, "{}"));
  LogCapture logs;
  ASSERT_OK(caller->Call(Get("V1/x"), stop_.get_token()).status);
  EXPECT_NE(logs.text().find("reason=\"HTTP 503: Service Unavailable\""),
            std::string::npos)
      << logs.text();
}

TEST_F(RestCallerTest, AdminTokenIsRenewedOnceOn401ThenSucceeds) {
  AdminTokenAuthenticator admin(Admin(), transport_, clock_);
  auto caller = Caller(admin);
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"token-1\""));
  transport_.Enqueue(FakeHttpTransport::Json(
      401,
      R"({"message":"The consumer isn't authorized to access )"
      R"(%resources.","parameters":{"resources":"Magento_Sales::sales"}})"));
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"token-2\""));
  transport_.Enqueue(FakeHttpTransport::Json(200, R"({"items":[]})"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  ASSERT_OK(result.status);
  EXPECT_EQ(result.attempts, 2);
  auto requests = transport_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(FakeHttpTransport::HeaderOf(requests[1], "Authorization"),
            "Bearer token-1");
  EXPECT_EQ(FakeHttpTransport::HeaderOf(requests[3], "Authorization"),
            "Bearer token-2");
  EXPECT_TRUE(clock_.waits().empty());
}

TEST_F(RestCallerTest, AdminTokenIsRenewedOnlyOnce) {
  AdminTokenAuthenticator admin(Admin(), transport_, clock_);
  auto caller = Caller(admin);
  const char* refused =
      R"({"message":"The consumer isn't authorized to )"
      R"(access %resources.","parameters":{"resources":"X"}})";
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"token-1\""));
  transport_.Enqueue(FakeHttpTransport::Json(401, refused));
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"token-2\""));
  transport_.Enqueue(FakeHttpTransport::Json(401, refused));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status.message().find("access X"), std::string::npos);
  EXPECT_EQ(admin.tokens_fetched(), 2);
  EXPECT_EQ(transport_.pending(), 0u);
  EXPECT_EQ(transport_.request_count(), 4u);
}

TEST_F(RestCallerTest, TwoFactorReplyIsExplainedAndNotRetried) {
  AdminTokenAuthenticator admin(Admin(), transport_, clock_);
  auto caller = Caller(admin);
  transport_.Enqueue(FakeHttpTransport::Json(
      401,
      R"({"message":"Please use the 2fa provider-specific endpoints to )"
      R"(obtain a token.","parameters":{"active_providers":["google"]}})"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status.message().find(
                "admin tokens are blocked by two-factor auth on this shop: "
                "use an integration (auth = \"oauth1\")"),
            std::string::npos);
  EXPECT_EQ(transport_.request_count(), 1u);
  EXPECT_EQ(result.attempts, 0);  // the request itself never went out
}

TEST_F(RestCallerTest, BearerTokenRefusalIsExplainedWithoutRetry) {
  auto caller = Caller();
  transport_.Enqueue(FakeHttpTransport::Json(
      401,
      R"({"message":"The consumer isn't authorized to access )"
      R"(%resources.","parameters":{"resources":"Magento_Sales::sales"}})"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status.message().find("integration tokens as bearer"),
            std::string::npos);
  EXPECT_EQ(transport_.request_count(), 1u);
}

// Magento refuses a token of the wrong length or oauth_version 2.0 with 400
// (OauthInputException, Framework/Oauth/Oauth.php): the credentials are
// refused, so the import must stop with exit 77 rather than fail rows.
TEST_F(RestCallerTest, OAuthLayer400IsRefusedCredentialsNotARejection) {
  OAuth1Authenticator oauth(OAuth1Credentials{"k", "s", "t", "ts"}, clock_, [] {
    return Result<std::string>(std::string("nonce"));
  });
  auto caller = Caller(oauth);
  transport_.Enqueue(FakeHttpTransport::Json(
      400,
      R"({"message":"The token length is invalid. Check the length and try again."})"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status.message().find("OAuth 1.0a"), std::string::npos)
      << result.status.message();
  EXPECT_NE(result.status.message().find("Access Token"), std::string::npos)
      << result.status.message();
  EXPECT_EQ(result.http_status, 400);
  EXPECT_EQ(transport_.request_count(), 1u);
  // Any other 400 stays a rejection of the request.
  transport_.Enqueue(FakeHttpTransport::Json(
      400, R"({"message":"\"%fieldName\" is required. Enter and try again.",)"
           R"("parameters":{"fieldName":"searchCriteria"}})"));
  result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kRejected);
}

TEST_F(RestCallerTest, BreakerOpensWaitsLetsOneProbeAndCloses) {
  options_.retry.max_attempts = 1;
  options_.breaker = {.failure_threshold = 3, .cooldown = seconds(30)};
  auto caller = Caller();
  for (int i = 0; i < 3; ++i) transport_.Enqueue(Status503());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(caller->Call(Get("V1/x"), stop_.get_token()).status.code(),
              StatusCode::kUnavailable);
  }
  EXPECT_EQ(caller->breaker_state(), BreakerState::kOpen);
  EXPECT_TRUE(clock_.waits().empty());
  transport_.Enqueue(FakeHttpTransport::Json(200, "[]"));
  ASSERT_OK(caller->Call(Get("V1/x"), stop_.get_token()).status);
  EXPECT_EQ(clock_.waits(), Waits{seconds(30)});  // waited, not failed
  EXPECT_EQ(caller->breaker_state(), BreakerState::kClosed);
  EXPECT_EQ(transitions_, (std::vector<BreakerState>{BreakerState::kOpen,
                                                     BreakerState::kHalfOpen,
                                                     BreakerState::kClosed}));
}

TEST_F(RestCallerTest, PermanentErrorsCloseTheBreakerCount) {
  options_.retry.max_attempts = 1;
  options_.breaker = {.failure_threshold = 2, .cooldown = seconds(30)};
  auto caller = Caller();
  transport_.Enqueue(Status503());
  transport_.Enqueue(FakeHttpTransport::Json(404, R"({"message":"nope"})"));
  transport_.Enqueue(Status503());
  for (int i = 0; i < 3; ++i)
    (void)caller->Call(Get("V1/x"), stop_.get_token());
  EXPECT_EQ(caller->breaker_state(), BreakerState::kClosed);
}

TEST_F(RestCallerTest, CancellationInterruptsTheBreakerWait) {
  options_.retry.max_attempts = 1;
  options_.breaker = {.failure_threshold = 1, .cooldown = seconds(30)};
  auto caller = Caller();
  transport_.Enqueue(Status503());
  (void)caller->Call(Get("V1/x"), stop_.get_token());
  ASSERT_EQ(caller->breaker_state(), BreakerState::kOpen);
  stop_.request_stop();
  ApiResult result = caller->Call(Get("V1/x"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kCancelled);
  EXPECT_EQ(result.attempts, 0);
  EXPECT_EQ(transport_.request_count(), 1u);
}

TEST_F(RestCallerTest, CancellationInterruptsTheRetryWait) {
  auto caller = Caller();
  transport_.Enqueue(Status503());
  transport_.SetOnSend([this](const HttpRequest&) { stop_.request_stop(); });
  ApiResult result = caller->Call(Get("V1/x"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kCancelled);
  EXPECT_EQ(result.attempts, 1);
}

TEST_F(RestCallerTest, RateLimitSpacesRequests) {
  options_.rate_limit = 10;
  auto caller = Caller();
  for (int i = 0; i < 3; ++i) {
    transport_.Enqueue(FakeHttpTransport::Json(200, "[]"));
    ASSERT_OK(caller->Call(Get("V1/x"), stop_.get_token()).status);
  }
  EXPECT_EQ(clock_.waits(), (Waits{milliseconds(100), milliseconds(100)}));
}

TEST_F(RestCallerTest, InFlightLimitCapsConcurrentRequests) {
  options_.max_in_flight = 2;
  auto caller = Caller();
  constexpr int kThreads = 5;
  std::mutex mu;
  std::condition_variable cv;
  int sending = 0, peak = 0;
  bool open = false;
  transport_.SetOnSend([&](const HttpRequest&) {
    std::unique_lock lock(mu);
    peak = std::max(peak, ++sending);
    cv.notify_all();
    cv.wait_for(lock, seconds(10), [&] { return open; });
    --sending;
  });
  for (int i = 0; i < kThreads; ++i) {
    transport_.Enqueue(FakeHttpTransport::Json(200, "[]"));
  }
  std::atomic<int> ok = 0;
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] {
        if (caller->Call(Get("V1/x"), stop_.get_token()).ok()) ++ok;
      });
    }
    {
      std::unique_lock lock(mu);
      ASSERT_TRUE(cv.wait_for(lock, seconds(10), [&] { return sending == 2; }));
    }
    auto deadline = std::chrono::steady_clock::now() + seconds(10);
    while (caller->waiting_for_slot() < kThreads - 2 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    EXPECT_EQ(caller->waiting_for_slot(), kThreads - 2);
    EXPECT_EQ(caller->in_flight(), 2);
    {
      std::lock_guard lock(mu);
      open = true;
    }
    cv.notify_all();
  }
  EXPECT_EQ(peak, 2);
  EXPECT_EQ(ok.load(), kThreads);
}

TEST_F(RestCallerTest, LogsEachRequestWithoutSecretsOrQueries) {
  LogCapture logs;
  auto caller = Caller();
  transport_.Enqueue(Status503());
  transport_.Enqueue(FakeHttpTransport::Json(
      401, R"({"message":"The consumer isn't authorized to access X."})"));
  ApiRequest request = Get("V1/orders");
  request.query = {{"searchCriteria[filter_groups][0][filters][0][value]",
                    "CUSTOMER-QUERY-VALUE"}};
  ApiResult result = caller->Call(request, stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kUnauthenticated);
  std::string text = logs.text();
  EXPECT_NE(text.find("debug magento: request method=GET route=\"GET /V1/x\" "
                      "status=503 elapsed_ms=0 attempt=1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status=401"), std::string::npos);
  EXPECT_NE(text.find("warning magento: retrying"), std::string::npos);
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  EXPECT_EQ(text.find("CUSTOMER-QUERY-VALUE"), std::string::npos);
  EXPECT_EQ(result.status.message().find(kToken), std::string::npos);
}

// Issue 17: a proxy echoing the request's Authorization header in its
// error body. The message every caller gets (and passes on to reports, the
// ledger, status) has the token masked, whatever the status.
TEST_F(RestCallerTest, AnAnswerEchoingTheTokenIsMaskedInTheStatus) {
  auto caller = Caller();
  const std::string echo = std::string("request headers: Authorization: ") +
                           "Bearer " + kToken + "; seen " + kToken;
  for (int status : {400, 401, 403, 500}) {
    transport_.Enqueue(FakeHttpTransport::Json(
        status, nlohmann::json{{"message", echo}}.dump()));
  }
  for (int i = 0; i < 4; ++i) {
    ApiRequest request = Ship();  // sent once whatever the answer
    ApiResult result = caller->Call(request, stop_.get_token());
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.status.message().find(kToken), std::string::npos)
        << result.status;
    EXPECT_EQ(result.error.message.find(kToken), std::string::npos);
    EXPECT_NE(result.status.message().find("request headers"),
              std::string::npos)
        << result.status;
  }
  // A 200 that is not JSON quotes an excerpt of the body: masked too.
  transport_.Enqueue(FakeHttpTransport::Response(
      200, std::string("<html>echo ") + kToken + "</html>"));
  ApiResult result = caller->Call(Get("V1/orders"), stop_.get_token());
  EXPECT_EQ(result.status.code(), StatusCode::kInternal);
  EXPECT_EQ(result.status.message().find(kToken), std::string::npos)
      << result.status;
}

}  // namespace
}  // namespace m2drop::magento
