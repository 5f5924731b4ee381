// SPDX-License-Identifier: Apache-2.0
// The simulator's transport-neutral request and response, and the Magento
// error envelope (magento-rest.md §4).
//
// The simulator's routes take a Request and give a Response, so unit tests
// drive every route without sockets; sim::Server converts to and from
// cpp-httplib. Plain values; not synchronized.
#ifndef M2DROP_SIM_HTTP_TYPES_H_
#define M2DROP_SIM_HTTP_TYPES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace m2drop::sim {

using Json = nlohmann::json;
using QueryPairs = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", "PUT", "DELETE", ...
  // The path as sent on the wire (percent-encoded, without the query), e.g.
  // "/rest/default/V1/orders". OAuth signs this form.
  std::string path;
  // Query parameters, percent-decoded, in the order they were sent.
  QueryPairs query;
  // Header names in any case; Header() looks them up case-insensitively.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header named `name` (ASCII case-insensitive), or "".
  std::string Header(std::string_view name) const;
  // The first query value named `name`, or nullptr.
  const std::string* QueryValue(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // A response whose body is `body` serialized.
  static Response FromJson(int status, const Json& body);
};

// Magento's error body: {"message": template, "parameters": ...,
// "errors": [...]}. `parameters` and `errors` are left out when null or
// empty, as lib/internal/Magento/Framework/Webapi/Rest/Response.php
// _renderMessages does (the exception's raw template, its errors as
// template + parameters, `code` only when non-zero).
Response ErrorResponse(int status, std::string_view message,
                       const Json& parameters = nullptr,
                       const Json& errors = nullptr);

// The common messages (magento-rest.md §4), as constants so routes and tests
// spell them the same way.
inline constexpr std::string_view kNoRouteMessage =
    "Request does not match any route.";
inline constexpr std::string_view kNoSuchEntityMessage =
    "The entity that was requested doesn't exist. Verify the entity and try "
    "again.";
inline constexpr std::string_view kRequiredFieldMessage =
    "\"%fieldName\" is required. Enter and try again.";
inline constexpr std::string_view kNotAuthorizedMessage =
    "The consumer isn't authorized to access %resources.";
inline constexpr std::string_view kDecodingErrorMessage = "Decoding error.";

// 400 `"%fieldName" is required. Enter and try again.` for `field`.
Response RequiredFieldError(std::string_view field);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_HTTP_TYPES_H_
