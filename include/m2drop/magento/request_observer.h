// SPDX-License-Identifier: Apache-2.0
// RequestObserver: how someone outside magento/ (the daemon's metrics)
// sees every request RestCaller sends, without magento/ knowing about
// metrics. Told once per attempt that went on the wire — retries included,
// attempts cancelled or refused before sending not —, on the calling
// worker's thread, outside RestCaller's locks. It must be thread-safe and
// quick (it runs on the request path).
//
// The daemon sets RestCaller::Deps::request_observer to a lambda calling
// app::DaemonMetrics::ObserveRequest; the route label is ApiRequest::route,
// which magento/client.cc always sets to a template.
#ifndef M2DROP_MAGENTO_REQUEST_OBSERVER_H_
#define M2DROP_MAGENTO_REQUEST_OBSERVER_H_

#include <functional>
#include <string_view>

namespace m2drop::magento {

struct RequestRecord {
  // ApiRequest::route: a template such as "POST /V1/order/{id}/ship", never
  // a path with an order id, SKU or search value in it.
  std::string_view route;
  int status = 0;      // the HTTP status; 0 when no answer came
  double seconds = 0;  // this attempt's time on the wire
  int attempt = 1;     // 1 for the first try, 2… for retries
};

using RequestObserver = std::function<void(const RequestRecord&)>;

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_REQUEST_OBSERVER_H_
