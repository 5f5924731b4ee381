// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/curl_transport.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "m2drop/base/strings.h"
#include "m2drop/magento/url.h"

namespace m2drop::magento {
namespace {

// What the callbacks read and fill in during one transfer.
struct Sink {
  size_t max_body = 0;
  bool too_big = false;
  std::string body;
  std::vector<HttpHeader> headers;
  // The request body, fed to libcurl by OnRead.
  std::string_view request_body;
  size_t body_offset = 0;
  bool at_most_once = false;
  int sends = 0;                // times libcurl put the request on the wire
  bool refused_resend = false;  // an at_most_once resend was stopped
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

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n =
      std::min(size * count, sink->request_body.size() - sink->body_offset);
  std::memcpy(buffer, sink->request_body.data() + sink->body_offset, n);
  sink->body_offset += n;
  return n;
}

// libcurl rewinds the body to send the request again (after a reused
// connection died, CURLOPT_SEEKFUNCTION(3)): allowed, except for a request
// that must go out at most once.
int OnSeek(void* user, curl_off_t offset, int origin) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->at_most_once || origin != SEEK_SET || offset < 0 ||
      static_cast<size_t>(offset) > sink->request_body.size()) {
    sink->refused_resend = sink->refused_resend || sink->at_most_once;
    return CURL_SEEKFUNC_FAIL;
  }
  sink->body_offset = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

// Called each time the request is about to go on the wire, on a new or a
// reused connection (CURLOPT_PREREQFUNCTION(3), libcurl 7.80+).
int OnPrereq(void* user, char*, char*, int, int) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->at_most_once && sink->sends > 0) {
    sink->refused_resend = true;
    return CURL_PREREQFUNC_ABORT;
  }
  ++sink->sends;
  return CURL_PREREQFUNC_OK;
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

// The body goes through OnRead (not CURLOPT_POSTFIELDS, which libcurl may
// resend without asking), so that OnSeek decides whether it may be sent
// again.
void SetMethodAndBody(CURL* h, const HttpRequest& request, Sink* sink) {
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (request.method != "POST") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.method == "POST" || !request.body.empty()) {
    sink->request_body = request.body;
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_READFUNCTION, OnRead);
    curl_easy_setopt(h, CURLOPT_READDATA, sink);
    curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, OnSeek);
    curl_easy_setopt(h, CURLOPT_SEEKDATA, sink);
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

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request,
                                         SendStats* stats) {
  CURL* h = static_cast<CURL*>(TakeHandle());
  if (h == nullptr) {
    return Status::Internal("libcurl cannot create a transfer handle");
  }
  // Reset keeps the handle's live connections, DNS and TLS session caches.
  curl_easy_reset(h);
  char errbuf[CURL_ERROR_SIZE] = {0};
  Sink sink;
  sink.max_body = options_.max_body_bytes;
  sink.at_most_once = request.at_most_once;
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
  curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, OnPrereq);
  curl_easy_setopt(h, CURLOPT_PREREQDATA, &sink);
  SetMethodAndBody(h, request, &sink);
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
  if (stats != nullptr) stats->requests_sent = sink.sends;

  if (sink.too_big) {
    return Status::Unavailable("the response body is larger than " +
                               std::to_string(options_.max_body_bytes) +
                               " bytes ([magento] max_response_size)");
  }
  if (rc != CURLE_OK && sink.refused_resend) {
    return Status::Unavailable(
        "the connection closed before Magento answered, and the request was "
        "not sent again (it may have been applied)");
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
