// SPDX-License-Identifier: Apache-2.0
// CurlTransport: the real HttpTransport, on libcurl (the only file that
// includes curl). STYLE.md §10 and libcurl-thread(3):
//
// - An easy handle is never used by two threads at once. Each Send() takes
//   an idle handle from a pool (or makes one) and gives it back afterwards,
//   so there are at most as many handles as concurrent callers, and reusing
//   them keeps connections to the shop alive.
// - CURLOPT_NOSIGNAL, connect and total timeouts, TLS verification on unless
//   `tls_verify` is explicitly false (logged as a warning), an optional CA
//   bundle, proxies from the standard environment variables (http_proxy,
//   https_proxy, no_proxy: libcurl's default, left alone), redirects not
//   followed, `User-Agent: m2drop/<version>`, gzip accepted.
// - The response body is capped (16 MiB by default, config
//   max_response_size); a larger one fails.
// - Every request is counted each time it goes on the wire (libcurl's
//   CURLOPT_PREREQFUNCTION runs once per send, including libcurl's own
//   resend on a fresh connection when a reused one died without an answer).
//   An at_most_once request is never resent: its body is fed through a read
//   callback whose seek callback refuses to rewind, and a second send is
//   aborted in the prereq callback, so the transfer fails with kUnavailable
//   and the caller decides (libcurl documents that it rewinds "when an
//   existing HTTP connection is reused too late and the server closed the
//   connection", CURLOPT_SEEKFUNCTION(3)). Connections stay kept alive:
//   no extra handshake per write.
// - Transport failures are kUnavailable with curl's reason; the message
//   never contains the URL's query or any header value.
//
// Call GlobalInitCurl() once in main before any thread starts. Thread-safe;
// Send() blocks for at most the total timeout.
#ifndef M2DROP_MAGENTO_CURL_TRANSPORT_H_
#define M2DROP_MAGENTO_CURL_TRANSPORT_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/magento/http_transport.h"

namespace m2drop::magento {

// The transport's part of [magento].
struct CurlOptions {
  // Time to establish the TCP and TLS connection (config connect_timeout).
  Duration connect_timeout = std::chrono::seconds(10);
  // Time for a whole request and response (config timeout).
  Duration timeout = std::chrono::seconds(60);
  // Verify the shop's TLS certificate and host name. Only turn off for a
  // test shop: anyone on the path can then read the credentials.
  bool tls_verify = true;
  // A PEM CA bundle to trust instead of the system's (config ca_file).
  std::string ca_file;
  // Larger response bodies fail with kUnavailable (config
  // max_response_size): a parsed answer costs about 15 times its size.
  size_t max_body_bytes = size_t{16} << 20;
};

// curl_global_init(CURL_GLOBAL_DEFAULT). Call once from main before any
// thread starts. kInternal if libcurl cannot initialise.
Status GlobalInitCurl();

class CurlTransport final : public HttpTransport {
 public:
  // kInvalidInput for non-positive timeouts or a ca_file that cannot be
  // read; kInternal when libcurl cannot create a handle.
  static Result<std::unique_ptr<CurlTransport>> Create(
      const CurlOptions& options);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request,
                            SendStats* stats) override;

 private:
  explicit CurlTransport(const CurlOptions& options) : options_(options) {}
  // An idle handle, or a new one; nullptr if libcurl cannot make one.
  void* TakeHandle();
  void ReturnHandle(void* handle);

  const CurlOptions options_;
  std::mutex mu_;
  std::vector<void*> idle_;  // guarded by mu_: CURL* not in use
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_CURL_TRANSPORT_H_
