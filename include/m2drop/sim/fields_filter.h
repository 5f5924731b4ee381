// SPDX-License-Identifier: Apache-2.0
// Magento's partial responses, `?fields=items[entity_id,items[sku]],
// total_count`, as lib/internal/Magento/Framework/Webapi/Rest/Response/
// FieldsFilter.php computes them, quirks included (magento-rest.md §1.2):
//  - parse(): only [A-Za-z0-9_[],] is allowed and brackets must close, else
//    the whole answer is `[]` with status 200; a later mention of a field
//    replaces an earlier one (`a[b],a` keeps all of a); a `]` without its
//    `[` wraps what came before under the name "" (so `a]` answers `[]`); a
//    `[` right after a comma opens the field named before the comma;
//  - applyFilter() starts from `$arrayIntersect = null` and fills it while
//    walking a list, so every empty list it walks into becomes null, at the
//    top (a search that finds nothing: {"items":null,"total_count":0}) and
//    nested (an order without lines, a shipment without tracks);
//  - PHP has one array type: an object left without fields renders as `[]`,
//    and an object whose keys are all integers is walked as a list.
// app/code/Magento/Webapi/Controller/Rest/SynchronousRequestProcessor.php
// applies the filter only when getParam('fields') is truthy (so `fields=`
// and `fields=0` mean no filter) and the output is an array (so a bare id,
// `true` or a token is never filtered). Pure functions.
#ifndef M2DROP_SIM_FIELDS_FILTER_H_
#define M2DROP_SIM_FIELDS_FILTER_H_

#include <optional>
#include <string>
#include <string_view>

#include "m2drop/sim/http_types.h"

namespace m2drop::sim {

// The parsed filter as PHP's parse() builds it: a field named alone maps to
// 1, a field with a sub-filter to an object (possibly empty, for `a[]`):
// {"items": {"entity_id": 1, "items": {"sku": 1}}, "total_count": 1}.
// nullopt where parse() returns null (empty, a character outside
// [A-Za-z0-9_[],], a `[` never closed).
std::optional<Json> ParseFieldsFilter(std::string_view spec);

// FieldsFilter::filter for a `fields` value that is a string: `response`
// reduced to the fields `spec` names, or `[]` when `spec` does not parse.
// nullopt where PHP would stop with a TypeError (a sub-filter applied to a
// list whose elements are not arrays).
std::optional<Json> ApplyFieldsFilter(const Json& response,
                                      std::string_view spec);

// The `fields` query parameter as Rest\Request::getParam('fields') sees it:
// PHP's query parsing keeps the last `fields=`, and `fields[]=`/`fields[x]=`
// make it an array.
struct FieldsParam {
  enum class Kind { kAbsent, kString, kArray };
  Kind kind = Kind::kAbsent;
  std::string value;  // kString
};
FieldsParam FindFieldsParam(const QueryPairs& query);

// The answer `output` after SynchronousRequestProcessor's partial-response
// step for the request's `query`: unchanged without a truthy `fields`
// parameter or when `output` is not an array or object; `[]` when the
// parameter is an array; else ApplyFieldsFilter (nullopt: a TypeError).
std::optional<Json> FilterOutput(const QueryPairs& query, const Json& output);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_FIELDS_FILTER_H_
