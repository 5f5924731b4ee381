// SPDX-License-Identifier: Apache-2.0
// FakeHttpTransport: an HttpTransport that replays a script and records
// every request (ninja's FakeCommandRunner).
//
// Replies are queued either for any request, in order (Enqueue), or for
// requests whose URL contains a substring (EnqueueFor, checked first, in the
// order the substrings were first scripted). A reply is an HttpResponse or a
// failed Status (e.g. Timeout()), which Send() returns as it is. A request
// with no scripted reply left gets kInternal "no scripted reply", so a test
// that sends more than it scripted fails loudly instead of hanging.
//
// An optional on-send hook runs on the caller's thread, outside the fake's
// lock, before the reply is chosen: tests use it to block a sender (latches,
// condition variables) or to look at the request. Thread-safe. Header-only.
#ifndef M2DROP_TESTS_FAKES_FAKE_HTTP_TRANSPORT_H_
#define M2DROP_TESTS_FAKES_FAKE_HTTP_TRANSPORT_H_

#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/magento/http_transport.h"

namespace m2drop::magento {

class FakeHttpTransport final : public HttpTransport {
 public:
  using Reply = Result<HttpResponse>;

  // A response with `status`, `body` and headers.
  static HttpResponse Response(int status, std::string body = "",
                               std::vector<HttpHeader> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
  }
  // A JSON response: Content-Type application/json.
  static HttpResponse Json(int status, std::string body) {
    return Response(status, std::move(body),
                    {{"Content-Type", "application/json"}});
  }
  // What CurlTransport returns when the server does not answer in time.
  static Status Timeout() {
    return Status::Unavailable(
        "Timeout was reached (operation timed out after 30000 ms)");
  }

  // Queues `reply` for the next request that no per-URL script claims.
  void Enqueue(Reply reply) {
    std::lock_guard lock(mu_);
    any_.push_back(std::move(reply));
  }
  // Queues `reply` for the next request whose URL contains `url_part`.
  void EnqueueFor(const std::string& url_part, Reply reply) {
    std::lock_guard lock(mu_);
    for (auto& [part, queue] : by_url_) {
      if (part == url_part) {
        queue.push_back(std::move(reply));
        return;
      }
    }
    by_url_.emplace_back(url_part, std::deque<Reply>{std::move(reply)});
  }
  // Runs `hook` at the start of every Send() (nullptr to remove).
  void SetOnSend(std::function<void(const HttpRequest&)> hook) {
    std::lock_guard lock(mu_);
    on_send_ = std::move(hook);
  }

  // Counts every request as sent once (`stats`).
  Result<HttpResponse> Send(const HttpRequest& request,
                            SendStats* stats) override {
    if (stats != nullptr) stats->requests_sent = 1;
    std::function<void(const HttpRequest&)> hook;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
      hook = on_send_;
    }
    if (hook) hook(request);
    std::lock_guard lock(mu_);
    for (auto& [part, queue] : by_url_) {
      if (!queue.empty() && request.url.find(part) != std::string::npos) {
        return Pop(queue);
      }
    }
    if (!any_.empty()) return Pop(any_);
    return Status::Internal("FakeHttpTransport: no scripted reply for " +
                            request.method + " " + request.url);
  }

  // Every request sent so far, in order.
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  size_t request_count() const {
    std::lock_guard lock(mu_);
    return requests_.size();
  }
  // Scripted replies not used yet.
  size_t pending() const {
    std::lock_guard lock(mu_);
    size_t n = any_.size();
    for (const auto& entry : by_url_) n += entry.second.size();
    return n;
  }

  // The value of header `name` in `request`, if sent (case-insensitive).
  static std::optional<std::string> HeaderOf(const HttpRequest& request,
                                             std::string_view name) {
    HttpResponse as_response;
    as_response.headers = request.headers;
    return as_response.Header(name);
  }

 private:
  static Reply Pop(std::deque<Reply>& queue) {
    Reply reply = std::move(queue.front());
    queue.pop_front();
    return reply;
  }

  mutable std::mutex mu_;
  std::deque<Reply> any_;
  std::vector<std::pair<std::string, std::deque<Reply>>> by_url_;
  std::vector<HttpRequest> requests_;
  std::function<void(const HttpRequest&)> on_send_;
};

}  // namespace m2drop::magento

#endif  // M2DROP_TESTS_FAKES_FAKE_HTTP_TRANSPORT_H_
