// SPDX-License-Identifier: Apache-2.0
// What a simulator route handler gets, and the helpers every route shares:
// body parameters under camelCase or snake_case names, searchCriteria with
// Magento's input limits, the array-size limit, numbers sent as strings.
//
// Handlers run under the Simulator's mutex and may change `store`.
#ifndef M2DROP_SIM_ROUTE_CONTEXT_H_
#define M2DROP_SIM_ROUTE_CONTEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/sim/http_types.h"
#include "m2drop/sim/search_criteria.h"
#include "m2drop/sim/store.h"

namespace m2drop::sim {

struct RouteContext {
  Store& store;
  const Request& request;
  std::vector<std::string> params;  // path placeholders, decoded, in order
  Json body;                        // parsed body object; null for GET/DELETE
  WallTime now;
  std::string jwt_secret;

  // `now` as Magento's "YYYY-MM-DD HH:MM:SS" (UTC).
  std::string Timestamp() const;
};

using RouteHandler = Response (*)(RouteContext&);

// A top-level body parameter by its PHP name (camelCase, e.g. "sourceItems")
// or its snake_case form ("source_items"), as ServiceInputProcessor::process
// accepts both (isset: null is absent); nullptr when absent or null.
const Json* BodyParam(const Json& body, std::string_view camel_name);

// The request's searchCriteria with the input limits applied
// (lib/internal/Magento/Framework/Webapi/Validator/IOLimit/
// DefaultPageSizeSetter.php: a missing pageSize becomes the default page
// size; .../Validator/SearchCriteriaValidator.php: a pageSize over the
// maximum is 400 "Maximum SearchCriteria pageSize is %max", checked only
// for the camelCase key). On failure returns nullopt and sets *error (400
// "%fieldName" is required when absent, ServiceInputProcessor).
std::optional<SearchCriteria> SearchCriteriaOrError(const RouteContext& ctx,
                                                    Response* error);

// With input limits on, 400 `Maximum items of type "%type" is %max` when
// `array` has more elements than the limit (.../Webapi/Validator/
// EntityArrayValidator.php); nullopt otherwise.
std::optional<Response> CheckArrayLimit(const Flags& flags, const Json* array,
                                        std::string_view type);

// A JSON number, or text PHP's is_numeric takes (" 111.0000"); nullopt
// otherwise (a bool is not numeric to PHP).
std::optional<double> NumberValue(const Json& value);

// A bool as ServiceInputProcessor converts one (Reflection/TypeProcessor.php
// setType: filter_var($value, FILTER_VALIDATE_BOOLEAN)): true, 1, "1",
// "true", "on", "yes" (any case, surrounding blanks ignored) are true;
// everything else, 2 and "no" included, is false.
bool PhpBool(const Json& value);

// The path's `index`th placeholder as the int id a service method takes:
// ServiceInputProcessor converts it as PHP does ("12.5" is 12, "abc" is 400
// `The "abc" value's type is invalid. The "int" type was expected. Verify
// and try again.`). With `zero_needs_id`, 0 is 400 "An ID is needed. Set the
// ID and try again.", as the get() of the Sales repositories answers
// (app/code/Magento/Sales/Model/OrderRepository.php, Order/
// ShipmentRepository.php). On failure returns nullopt and sets *error.
std::optional<int64_t> PathId(const RouteContext& ctx, size_t index,
                              bool zero_needs_id, Response* error);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_ROUTE_CONTEXT_H_
