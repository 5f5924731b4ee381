// SPDX-License-Identifier: Apache-2.0
// SmallHttpServer: a poll(2)-loop HTTP/1.x server for a few small GET routes
// (the metrics and health endpoint, metrics_server.h), bounded in
// everything a client controls (issue 17: 16 slow connections made /healthz
// time out and held SIGTERM for 23 s, and 400 MB of request headers were
// accepted under cpp-httplib, whose thread pool any slow client holds and
// which counts neither the headers of a request nor its time):
//   - at most max_connections at once; when full, a new connection pushes
//     out the oldest, so slow or idle clients cannot starve a scrape;
//   - a request line and headers of at most max_request_bytes, else 431 and
//     the connection is closed; no body is read;
//   - request_timeout from accept to the end of the headers, and as long
//     again to write the answer; a client past either is dropped;
//   - one request per connection (Connection: close).
// One thread runs the loop and calls the handler (which must be quick and
// thread-safe towards the rest of the program). Stop() wakes the loop
// through a pipe and joins it: it never waits for a client.
#ifndef M2DROP_APP_OPS_SMALL_HTTP_SERVER_H_
#define M2DROP_APP_OPS_SMALL_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"

namespace m2drop::app {

struct HttpAnswer {
  int status = 200;
  std::string content_type = "text/plain";
  std::string body;
};

// Answers a GET (or HEAD, whose body is dropped) of `path`, the request
// target without its query.
using HttpHandler = std::function<HttpAnswer(std::string_view path)>;

struct SmallHttpServerOptions {
  size_t max_connections = 16;
  size_t max_request_bytes = 8 * 1024;
  std::chrono::milliseconds request_timeout{2'000};
};

class SmallHttpServer {
 public:
  // Binds host:port (a name or a numeric address; port 0 picks a free one)
  // and starts serving. kUnavailable with the system's reason when the
  // address cannot be bound (in use, not of this machine, no such host).
  // `clock` must outlive the server.
  static Result<std::unique_ptr<SmallHttpServer>> Start(
      const std::string& host, uint16_t port, SmallHttpServerOptions options,
      HttpHandler handler, const Clock& clock);

  ~SmallHttpServer();  // Stop()
  SmallHttpServer(const SmallHttpServer&) = delete;
  SmallHttpServer& operator=(const SmallHttpServer&) = delete;

  // Stops serving, drops every connection and joins the thread;
  // idempotent; returns within milliseconds whatever clients do.
  void Stop();

  // The bound port.
  int port() const { return port_; }

 private:
  struct Connection;

  SmallHttpServer(SmallHttpServerOptions options, HttpHandler handler,
                  const Clock& clock);
  void Run();
  // poll(2)'s timeout: until the nearest connection deadline, at most 1 s.
  int PollTimeoutMs() const;
  void AcceptAll();
  void OnReadable(Connection& c);
  void OnWritable(Connection& c);
  // Prepares the answer once the request's head is complete (or too long).
  void Answer(Connection& c, std::string_view head);
  void Respond(Connection& c, int status, const HttpAnswer& answer,
               bool head_only);

  const SmallHttpServerOptions options_;
  const HttpHandler handler_;
  const Clock& clock_;
  int listen_fd_ = -1;
  int wake_read_ = -1;
  int wake_write_ = -1;
  int port_ = 0;
  // accept(2) ran out of descriptors: the listening socket is left out of
  // poll until then (loop thread only).
  SteadyTime accept_paused_until_{};
  // Oldest first; touched by the loop thread only.
  std::vector<std::unique_ptr<Connection>> connections_;
  std::thread thread_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_SMALL_HTTP_SERVER_H_
