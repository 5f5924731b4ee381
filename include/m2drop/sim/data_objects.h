// SPDX-License-Identifier: Apache-2.0
// How Magento turns a request's JSON into the typed arguments of a service
// method, and refuses what does not fit
// (lib/internal/Magento/Framework/Webapi/ServiceInputProcessor.php,
// lib/internal/Magento/Framework/Reflection/TypeProcessor.php and
// NameFinder.php):
//  - a field of a data object must have a getter on its interface: the key
//    is made UpperCamelCase (ucwords on "_", then the "_" dropped) and
//    "get"/"is" + that name must exist, case-sensitively, so order_item_id
//    and orderItemId both work. Anything else is 400 `"%fieldName" is not
//    supported. Correct the field name and try again.` with the UpperCamel
//    name (2.4.7+; before, the LogicException "Property ... does not have
//    accessor method" escaped as a 500). Unknown top-level keys of the body
//    are ignored: only the method's parameters are read;
//  - an int or float field takes a number or numeric text (is_numeric),
//    else 400 `Error occurred during "qty" processing. The "abc" value's
//    type is invalid. The "float" type was expected. Verify and try again.`
//    (rendered; nested objects add one "Error occurred during ..." per
//    level); a bool takes anything (filter_var); text containing a <script>
//    element is 400 `"%field_name" does not contains valid value.`;
//  - a list parameter that is not a list is 400 "Not all parameters
//    valid."; a data object that is not an object reads as an empty one.
// The specs below list the getters of the interfaces the simulated routes
// take. Pure functions.
#ifndef M2DROP_SIM_DATA_OBJECTS_H_
#define M2DROP_SIM_DATA_OBJECTS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "m2drop/sim/http_types.h"

namespace m2drop::sim {

enum class FieldType { kInt, kFloat, kString, kBool, kObject, kObjectList };

struct ObjectSpec;

struct FieldSpec {
  std::string_view name;  // snake_case, as the constant on the interface
  FieldType type;
  const ObjectSpec* object = nullptr;  // kObject, kObjectList
};

struct ObjectSpec {
  std::string_view interface;  // for comments and tests
  std::span<const FieldSpec> fields;
};

// SimpleDataObjectConverter::snakeCaseToUpperCamelCase.
std::string UpperCamel(std::string_view key);

// Checks `data` as _createFromArray would build `spec` from it; the error
// response, or nullopt when Magento would accept it.
std::optional<Response> CheckDataObject(const Json& data,
                                        const ObjectSpec& spec);

// `data` with each field under its interface's snake_case name (what the
// setters store), nested objects too; anything else (a scalar where an
// object belongs) is an empty object. For data CheckDataObject accepted.
Json CanonicalObject(const Json& data, const ObjectSpec& spec);

// A list parameter of `spec` objects (processComplexTypes).
std::optional<Response> CheckDataObjectList(const Json& data,
                                            const ObjectSpec& spec);

// A scalar method parameter converted to `type` (a path id, a flag): the
// error response when it does not convert (not wrapped in "Error occurred
// during ...", which only data-object fields get).
std::optional<Response> CheckScalarParam(const Json& value, FieldType type);

// PHP's is_numeric on text: optional blanks around, a sign, digits with an
// optional fraction, an optional exponent. The value, or nullopt.
std::optional<double> PhpNumeric(std::string_view text);

// The interfaces the simulated routes read (app/code/Magento/Sales/Api/
// Data/*.php, magento/inventory InventoryApi/Api/Data/SourceItemInterface.php,
// app/code/Magento/CatalogInventory/Api/Data/StockItemInterface.php).
extern const ObjectSpec kShipmentItemCreationSpec;
extern const ObjectSpec kShipmentTrackCreationSpec;
extern const ObjectSpec kShipmentCommentCreationSpec;
extern const ObjectSpec kShipmentCreationArgumentsSpec;
extern const ObjectSpec kShipmentPackageCreationSpec;
extern const ObjectSpec kShipmentTrackSpec;
extern const ObjectSpec kSourceItemSpec;
extern const ObjectSpec kStockItemSpec;

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_DATA_OBJECTS_H_
