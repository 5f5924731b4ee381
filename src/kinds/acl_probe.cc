// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/acl_probe.h"

#include <utility>

namespace m2drop::kinds {

magento::ApiRequest SearchProbe(const char* path, const char* route) {
  magento::ApiRequest request;
  request.method = "GET";
  request.path = path;
  request.route = route;
  request.query = {{"searchCriteria[pageSize]", "1"},
                   {"searchCriteria[currentPage]", "1"},
                   {"fields", "total_count"}};
  return request;
}

magento::ApiRequest RefusedWriteProbe(const char* method, const char* path,
                                      const char* route, nlohmann::json body) {
  magento::ApiRequest request;
  request.method = method;
  request.path = path;
  request.route = route;
  request.body = std::move(body);
  request.idempotent = false;
  return request;
}

}  // namespace m2drop::kinds
