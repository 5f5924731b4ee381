// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/curl_transport.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <fstream>

#include "m2drop/base/strings.h"
#include "m2drop/magento/url.h"

namespace m2drop::magento {
namespace {

// What the callbacks fill in during one transfer.
struct Sink {
  size_t max_body = 0;
  bool too_big = false;
  std::string body;
  std::vector<HttpHeader> headers;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->body.size() + n > sink->max_body) {
    sink->too_big = true;
    return 0;  // makes curl fail with CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  // A new status line (after "100 Continue") starts a new header block.
  if (line.starts_with("HTTP/")) {
    sink->headers.clear();
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    sink->headers.push_back({std::string(Trim(line.substr(0, colon))),
                             std::string(Trim(line.substr(colon + 1)))});
  }
  return n;
}

long Millis(Duration d) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

// curl's reason for a failure, without the request's query string (error
// buffers can quote the URL).
std::string Reason(CURLcode code, const char* errbuf, const HttpRequest& req) {
  std::string reason = curl_easy_strerror(code);
  if (errbuf[0] != '\0') reason += std::string(" (") + errbuf + ")";
  std::string_view url = req.url;
  if (size_t q = url.find('?'); q != std::string_view::npos) {
    std::string query(url.substr(q));
    for (size_t at; (at = reason.find(query)) != std::string::npos;) {
      reason.erase(at, query.size());
    }
  }
  return reason;
}

void SetMethodAndBody(CURL* h, const HttpRequest& request) {
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (request.method != "POST") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.method == "POST" || !request.body.empty()) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
}

}  // namespace

Status GlobalInitCurl() {
  CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    return Status::Internal(std::string("cannot initialise libcurl: ") +
                            curl_easy_strerror(rc));
  }
  return Status::Ok();
}

Result<std::unique_ptr<CurlTransport>> CurlTransport::Create(
    const CurlOptions& options) {
  if (options.timeout <= Duration::zero() ||
      options.connect_timeout <= Duration::zero()) {
    return Status::InvalidInput("timeout and connect_timeout must be positive");
  }
  if (!options.ca_file.empty() && !std::ifstream(options.ca_file).good()) {
    return Status::InvalidInput("cannot read ca_file " +
                                QuoteForMessage(options.ca_file));
  }
  std::unique_ptr<CurlTransport> transport(new CurlTransport(options));
  void* handle = transport->TakeHandle();
  if (handle == nullptr) {
    return Status::Internal("libcurl cannot create a transfer handle");
  }
  transport->ReturnHandle(handle);
  if (!options.tls_verify) {
    spdlog::warn(
        "magento: tls_verify = false: the shop's TLS certificate is not "
        "checked, so anyone on the network path could read the credentials");
  }
  return transport;
}

CurlTransport::~CurlTransport() {
  for (void* handle : idle_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* CurlTransport::TakeHandle() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      void* handle = idle_.back();
      idle_.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

void CurlTransport::ReturnHandle(void* handle) {
  std::lock_guard lock(mu_);
  idle_.push_back(handle);
}

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  CURL* h = static_cast<CURL*>(TakeHandle());
  if (h == nullptr) {
    return Status::Internal("libcurl cannot create a transfer handle");
  }
  // Reset keeps the handle's live connections, DNS and TLS session caches.
  curl_easy_reset(h);
  char errbuf[CURL_ERROR_SIZE] = {0};
  Sink sink;
  sink.max_body = options_.max_body_bytes;
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   Millis(options_.connect_timeout));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, Millis(options_.timeout));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "m2drop/" M2DROP_VERSION);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (!options_.tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!options_.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  }
  SetMethodAndBody(h, request);
  curl_slist* headers = nullptr;
  for (const HttpHeader& header : request.headers) {
    headers =
        curl_slist_append(headers, (header.name + ": " + header.value).c_str());
  }
  // No "Expect: 100-continue" round trip before large bodies.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);

  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  // The pool keeps the handle: it must not point into this stack frame.
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(headers);
  ReturnHandle(h);

  if (sink.too_big) {
    return Status::Unavailable("the response body is larger than " +
                               std::to_string(options_.max_body_bytes) +
                               " bytes");
  }
  if (rc != CURLE_OK) {
    return Status::Unavailable(Reason(rc, errbuf, request));
  }
  HttpResponse response;
  response.status = static_cast<int>(status);
  response.headers = std::move(sink.headers);
  response.body = std::move(sink.body);
  return response;
}

}  // namespace m2drop::magento
