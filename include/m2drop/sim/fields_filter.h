// SPDX-License-Identifier: Apache-2.0
// Magento's partial responses:
// `?fields=items[entity_id,items[sku]],total_count`
// (Webapi/Rest/Response/FieldsFilter.php, magento-rest.md §1.2).
//
// Only [A-Za-z0-9_[],] is allowed; a malformed filter (other characters,
// unbalanced brackets, empty) makes the whole response `[]` — with status
// 200, the trap the contract warns about. Lists are filtered element by
// element. Pure functions.
#ifndef M2DROP_SIM_FIELDS_FILTER_H_
#define M2DROP_SIM_FIELDS_FILTER_H_

#include <optional>
#include <string_view>

#include "m2drop/sim/http_types.h"

namespace m2drop::sim {

// The parsed filter as a tree: {"items": {"entity_id": null, "items":
// {"sku": null}}, "total_count": null}; nullopt when malformed.
std::optional<Json> ParseFieldsFilter(std::string_view spec);

// `response` reduced to the fields `spec` names, or `[]` when `spec` is
// malformed. Scalars are returned unchanged (Magento filters arrays only).
Json ApplyFieldsFilter(const Json& response, std::string_view spec);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_FIELDS_FILTER_H_
