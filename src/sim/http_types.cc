// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/http_types.h"

#include "m2drop/base/strings.h"

namespace m2drop::sim {

std::string Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

const std::string* Request::QueryValue(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return &value;
  }
  return nullptr;
}

Response Response::FromJson(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response ErrorResponse(int status, std::string_view message,
                       const Json& parameters, const Json& errors) {
  Json body = {{"message", message}};
  if (!parameters.is_null() && !parameters.empty()) {
    body["parameters"] = parameters;
  }
  if (!errors.is_null() && !errors.empty()) body["errors"] = errors;
  return Response::FromJson(status, body);
}

Response RequiredFieldError(std::string_view field) {
  return ErrorResponse(400, kRequiredFieldMessage, {{"fieldName", field}});
}

}  // namespace m2drop::sim
