// SPDX-License-Identifier: Apache-2.0
// FakeApiCaller: a scripted ApiCaller that records every request.
//
// Tests add rules: a request matching a rule's method and path (and its
// predicate, when given) gets the rule's next scripted answer; the last
// answer repeats once the script is used up. A rule may instead compute its
// answer from the request (a Responder), e.g. to serve pages. Rules are
// tried in the order they were added; the first match wins. A request no
// rule matches is recorded and answered kInternal "FakeApiCaller: no rule
// for ...", which tests see as a failure of the code under test.
//
// WaitToResend does not wait: it records the call and allows
// resend_limit() resends per write (2 by default), then answers
// kUnavailable as a spent retry budget would.
//
// The helpers Ok(), Rejected(), NotFound() and Unavailable() build the
// ApiResults a real RestCaller would give (status, http_status, body,
// parsed error). Thread-safe: rules and answers run under one mutex, so a
// Responder must not call back into the fake. Header-only.
#ifndef M2DROP_TESTS_FAKES_FAKE_API_CALLER_H_
#define M2DROP_TESTS_FAKES_FAKE_API_CALLER_H_

#include <cstddef>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/magento/api_caller.h"

namespace m2drop::magento {

class FakeApiCaller final : public ApiCaller {
 public:
  using Predicate = std::function<bool(const ApiRequest&)>;
  using Responder = std::function<ApiResult(const ApiRequest&)>;

  // Answers requests to `method` `path` (matching `predicate`, if any) with
  // `answers` in turn, repeating the last. REQUIRES: !answers.empty().
  void On(std::string method, std::string path, std::vector<ApiResult> answers,
          Predicate predicate = nullptr) {
    std::lock_guard lock(mu_);
    rules_.push_back(Rule{std::move(method), std::move(path),
                          std::move(predicate), std::move(answers), nullptr});
  }

  // Answers requests to `method` `path` with whatever `responder` returns.
  void OnCall(std::string method, std::string path, Responder responder,
              Predicate predicate = nullptr) {
    std::lock_guard lock(mu_);
    rules_.push_back(Rule{std::move(method),
                          std::move(path),
                          std::move(predicate),
                          {},
                          std::move(responder)});
  }

  ApiResult Call(const ApiRequest& request, std::stop_token) override {
    std::lock_guard lock(mu_);
    requests_.push_back(request);
    for (Rule& rule : rules_) {
      if (rule.method != request.method || rule.path != request.path) continue;
      if (rule.predicate && !rule.predicate(request)) continue;
      if (rule.responder) return rule.responder(request);
      size_t index = std::min(rule.next, rule.answers.size() - 1);
      ++rule.next;
      return rule.answers[index];
    }
    ApiResult unmatched;
    unmatched.status = Status::Internal("FakeApiCaller: no rule for " +
                                        request.method + " " + request.path);
    return unmatched;
  }

  Status WaitToResend(const ApiRequest& request, const ApiResult&,
                      ResendBudget& budget, std::stop_token stop) override {
    std::lock_guard lock(mu_);
    resend_waits_.push_back(request.route);
    if (stop.stop_requested()) return Status::Cancelled("stopped");
    if (budget.failures++ >= resend_limit_) {
      return Status::Unavailable("no retry left (FakeApiCaller)");
    }
    return Status::Ok();
  }

  // Resends allowed per write (budget) before WaitToResend says no more.
  void set_resend_limit(int limit) {
    std::lock_guard lock(mu_);
    resend_limit_ = limit;
  }
  // The route of every WaitToResend call, in order.
  std::vector<std::string> resend_waits() const {
    std::lock_guard lock(mu_);
    return resend_waits_;
  }

  // Every request received, in order.
  std::vector<ApiRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

  // The requests received for `method` `path`, in order.
  std::vector<ApiRequest> RequestsTo(const std::string& method,
                                     const std::string& path) const {
    std::lock_guard lock(mu_);
    std::vector<ApiRequest> matching;
    for (const ApiRequest& request : requests_) {
      if (request.method == method && request.path == path) {
        matching.push_back(request);
      }
    }
    return matching;
  }

  // --- Answers -------------------------------------------------------------

  static ApiResult Ok(nlohmann::json body) {
    ApiResult result;
    result.http_status = 200;
    result.body = std::move(body);
    result.attempts = 1;
    return result;
  }

  // A 4xx (kRejected) with Magento's raw template, its parameters, and
  // `filled`, the message with the parameters substituted.
  static ApiResult Rejected(int http_status, std::string filled,
                            std::string raw_template = "",
                            nlohmann::json parameters = nullptr) {
    return Error(StatusCode::kRejected, http_status, std::move(filled),
                 std::move(raw_template), std::move(parameters));
  }

  // A 404 as Magento sends it for an unknown entity.
  static ApiResult NotFound(std::string filled) {
    return Rejected(404, std::move(filled));
  }

  // No answer, or a 5xx (after the caller's retries): kUnavailable.
  static ApiResult Unavailable(int http_status = 0,
                               std::string message = "connection reset") {
    return Error(StatusCode::kUnavailable, http_status, std::move(message), "",
                 nullptr);
  }

  // The value of query parameter `key` in `request`, if present.
  static std::optional<std::string> Query(const ApiRequest& request,
                                          const std::string& key) {
    for (const auto& [name, value] : request.query) {
      if (name == key) return value;
    }
    return std::nullopt;
  }

 private:
  struct Rule {
    std::string method;
    std::string path;
    Predicate predicate;
    std::vector<ApiResult> answers;
    Responder responder;
    size_t next = 0;
  };

  static ApiResult Error(StatusCode code, int http_status, std::string filled,
                         std::string raw_template, nlohmann::json parameters) {
    ApiResult result;
    result.status = Status(code, filled);
    result.http_status = http_status;
    result.error.http_status = http_status;
    result.error.message = std::move(filled);
    result.error.raw_message =
        raw_template.empty() ? result.error.message : std::move(raw_template);
    result.error.parameters = std::move(parameters);
    result.attempts = 1;
    return result;
  }

  mutable std::mutex mu_;
  std::vector<Rule> rules_;
  std::vector<ApiRequest> requests_;
  std::vector<std::string> resend_waits_;
  int resend_limit_ = 2;
};

}  // namespace m2drop::magento

#endif  // M2DROP_TESTS_FAKES_FAKE_API_CALLER_H_
