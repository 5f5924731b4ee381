// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/data_objects.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <regex>

namespace m2drop::sim {
namespace {

using FT = FieldType;

// Generated extension interfaces: a getter per declared attribute. MSI's
// InventoryShipping/etc/extension_attributes.xml gives the shipment
// creation arguments a source_code; the other creation interfaces have
// none in a stock shop.
constexpr FieldSpec kArgumentsExtensionFields[] = {
    {"source_code", FT::kString}};
const ObjectSpec kArgumentsExtensionSpec{
    "ShipmentCreationArgumentsExtensionInterface", kArgumentsExtensionFields};
const ObjectSpec kNoExtensionSpec{"an extension interface without attributes",
                                  {}};

// LineItemInterface + ShipmentItemCreationInterface.
constexpr FieldSpec kShipmentItemCreationFields[] = {
    {"order_item_id", FT::kInt},
    {"qty", FT::kFloat},
    {"extension_attributes", FT::kObject, &kNoExtensionSpec}};
// TrackInterface + ShipmentTrackCreationInterface.
constexpr FieldSpec kShipmentTrackCreationFields[] = {
    {"track_number", FT::kString},
    {"title", FT::kString},
    {"carrier_code", FT::kString},
    {"extension_attributes", FT::kObject, &kNoExtensionSpec}};
// CommentInterface + ShipmentCommentCreationInterface.
constexpr FieldSpec kShipmentCommentCreationFields[] = {
    {"comment", FT::kString},
    {"is_visible_on_front", FT::kInt},
    {"extension_attributes", FT::kObject, &kNoExtensionSpec}};
constexpr FieldSpec kShipmentCreationArgumentsFields[] = {
    {"extension_attributes", FT::kObject, &kArgumentsExtensionSpec}};
constexpr FieldSpec kShipmentPackageCreationFields[] = {
    {"extension_attributes", FT::kObject, &kNoExtensionSpec}};
// TrackInterface + ShipmentTrackInterface.
constexpr FieldSpec kShipmentTrackFields[] = {
    {"order_id", FT::kInt},
    {"created_at", FT::kString},
    {"entity_id", FT::kInt},
    {"parent_id", FT::kInt},
    {"updated_at", FT::kString},
    {"weight", FT::kFloat},
    {"qty", FT::kFloat},
    {"description", FT::kString},
    {"track_number", FT::kString},
    {"title", FT::kString},
    {"carrier_code", FT::kString},
    {"extension_attributes", FT::kObject, &kNoExtensionSpec}};
constexpr FieldSpec kSourceItemFields[] = {
    {"sku", FT::kString},
    {"source_code", FT::kString},
    {"quantity", FT::kFloat},
    {"status", FT::kInt},
    {"extension_attributes", FT::kObject, &kNoExtensionSpec}};
constexpr FieldSpec kStockItemFields[] = {
    {"item_id", FT::kInt},
    {"product_id", FT::kInt},
    {"website_id", FT::kInt},
    {"stock_id", FT::kInt},
    {"qty", FT::kFloat},
    {"is_in_stock", FT::kBool},
    {"is_qty_decimal", FT::kBool},
    {"show_default_notification_message", FT::kBool},
    {"use_config_min_qty", FT::kBool},
    {"min_qty", FT::kFloat},
    {"use_config_min_sale_qty", FT::kInt},
    {"min_sale_qty", FT::kFloat},
    {"use_config_max_sale_qty", FT::kBool},
    {"max_sale_qty", FT::kFloat},
    {"use_config_backorders", FT::kBool},
    {"backorders", FT::kInt},
    {"use_config_notify_stock_qty", FT::kBool},
    {"notify_stock_qty", FT::kFloat},
    {"use_config_qty_increments", FT::kBool},
    {"qty_increments", FT::kFloat},
    {"use_config_enable_qty_inc", FT::kBool},
    {"enable_qty_increments", FT::kBool},
    {"use_config_manage_stock", FT::kBool},
    {"manage_stock", FT::kBool},
    {"low_stock_date", FT::kString},
    {"is_decimal_divided", FT::kBool},
    {"stock_status_changed_auto", FT::kInt},
    {"extension_attributes", FT::kObject, &kNoExtensionSpec}};

std::string_view TypeName(FieldType type) {
  switch (type) {
    case FT::kInt:
      return "int";
    case FT::kFloat:
      return "float";
    case FT::kBool:
      return "bool";
    default:
      return "string";
  }
}

// (string) $value as PHP prints a scalar in the type error.
std::string PhpString(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "";
  if (value.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.14G", value.get<double>());
    return buf;
  }
  return value.dump();
}

// TypeProcessor::processSimpleAndAnyType and setType: the message of the
// SerializationException, or "" when `value` converts.
std::string ScalarTypeError(const Json& value, FieldType type) {
  const std::string tail = "\" type was expected. Verify and try again.";
  if (value.is_null()) return "";
  if (value.is_structured()) {
    return "The \"array\" value's type is invalid. The \"" +
           std::string(TypeName(type)) + tail;
  }
  if (type != FT::kInt && type != FT::kFloat) return "";
  const bool numeric =
      value.is_number() ||
      (value.is_string() && PhpNumeric(value.get<std::string>()).has_value());
  if (numeric) return "";
  return "The \"" + PhpString(value) + "\" value's type is invalid. The \"" +
         std::string(TypeName(type)) + tail;
}

// ServiceInputProcessor::validateParamsValue.
bool HasScript(const std::string& text) {
  static const std::regex kScript(R"(<script\b[^>]*>[\s\S]*?</script>)",
                                  std::regex::icase);
  return std::regex_search(text, kScript);
}

const FieldSpec* FindField(const ObjectSpec& spec, std::string_view key) {
  const std::string camel = UpperCamel(key);
  for (const FieldSpec& field : spec.fields) {
    if (UpperCamel(field.name) == camel) return &field;
  }
  return nullptr;
}

// The text of a data-object error, or "" (SerializationException messages;
// the other refusals come back as `refusal`).
std::string CheckFields(const Json& data, const ObjectSpec& spec,
                        std::optional<Response>* refusal);

std::string CheckValue(const Json& value, const FieldSpec& field,
                       std::optional<Response>* refusal) {
  if (field.type == FT::kObject) {
    return value.is_structured() ? CheckFields(value, *field.object, refusal)
                                 : "";
  }
  if (field.type == FT::kObjectList) {
    // A JSON object is a PHP array too: its values are the list's items.
    if (!value.is_structured()) {
      *refusal = ErrorResponse(400, "Not all parameters valid.");
      return "";
    }
    for (const Json& element : value) {
      std::string error = element.is_structured()
                              ? CheckFields(element, *field.object, refusal)
                              : "";
      if (!error.empty() || *refusal) return error;
    }
    return "";
  }
  return ScalarTypeError(value, field.type);
}

std::string CheckFields(const Json& data, const ObjectSpec& spec,
                        std::optional<Response>* refusal) {
  // nlohmann::json keeps keys sorted, not in the order sent: with several
  // bad fields the simulator may name another one first than Magento.
  for (const auto& [key, value] : data.items()) {
    const FieldSpec* field = FindField(spec, key);
    if (field == nullptr) {
      // NameFinder's LogicException, caught as processInputErrorForNestedSet.
      *refusal = ErrorResponse(
          400,
          "\"%fieldName\" is not supported. Correct the field name and try "
          "again.",
          {{"fieldName", UpperCamel(key)}});
      return "";
    }
    std::string error = CheckValue(value, *field, refusal);
    if (*refusal) return "";
    if (!error.empty()) {
      return "Error occurred during \"" + key + "\" processing. " + error;
    }
    if (value.is_string() && HasScript(value.get<std::string>())) {
      *refusal =
          ErrorResponse(400, "\"%field_name\" does not contains valid value.",
                        {{"field_name", key}});
      return "";
    }
  }
  return "";
}

std::optional<Response> Finish(const std::string& error,
                               std::optional<Response> refusal) {
  if (refusal) return refusal;
  // ServiceInputProcessor::process rethrows the SerializationException as
  // a WebapiException carrying the rendered message (400).
  if (!error.empty()) return ErrorResponse(400, error);
  return std::nullopt;
}

}  // namespace

const ObjectSpec kShipmentItemCreationSpec{"ShipmentItemCreationInterface",
                                           kShipmentItemCreationFields};
const ObjectSpec kShipmentTrackCreationSpec{"ShipmentTrackCreationInterface",
                                            kShipmentTrackCreationFields};
const ObjectSpec kShipmentCommentCreationSpec{
    "ShipmentCommentCreationInterface", kShipmentCommentCreationFields};
const ObjectSpec kShipmentCreationArgumentsSpec{
    "ShipmentCreationArgumentsInterface", kShipmentCreationArgumentsFields};
const ObjectSpec kShipmentPackageCreationSpec{
    "ShipmentPackageCreationInterface", kShipmentPackageCreationFields};
const ObjectSpec kShipmentTrackSpec{"ShipmentTrackInterface",
                                    kShipmentTrackFields};
const ObjectSpec kSourceItemSpec{"SourceItemInterface", kSourceItemFields};
const ObjectSpec kStockItemSpec{"StockItemInterface", kStockItemFields};

std::string UpperCamel(std::string_view key) {
  std::string out;
  bool upper = true;
  for (char c : key) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper
               ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
               : c;
    upper = false;
  }
  return out;
}

std::optional<Response> CheckDataObject(const Json& data,
                                        const ObjectSpec& spec) {
  // _createFromArray: `$data = is_array($data) ? $data : []`.
  if (!data.is_structured()) return std::nullopt;
  std::optional<Response> refusal;
  std::string error = CheckFields(data, spec, &refusal);
  return Finish(error, std::move(refusal));
}

Json CanonicalObject(const Json& data, const ObjectSpec& spec) {
  Json out = Json::object();
  if (!data.is_structured()) return out;
  for (const auto& [key, value] : data.items()) {
    const FieldSpec* field = FindField(spec, key);
    if (field == nullptr) continue;
    out[std::string(field->name)] = field->type == FT::kObject
                                        ? CanonicalObject(value, *field->object)
                                        : value;
  }
  return out;
}

std::optional<Response> CheckDataObjectList(const Json& data,
                                            const ObjectSpec& spec) {
  std::optional<Response> refusal;
  const FieldSpec list{"", FT::kObjectList, &spec};
  std::string error = CheckValue(data, list, &refusal);
  return Finish(error, std::move(refusal));
}

std::optional<Response> CheckScalarParam(const Json& value, FieldType type) {
  std::string error = ScalarTypeError(value, type);
  if (error.empty()) return std::nullopt;
  return ErrorResponse(400, error);
}

std::optional<double> PhpNumeric(std::string_view text) {
  auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
  };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  std::string_view body = text;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    body.remove_prefix(1);
  }
  size_t i = 0, digits = 0;
  while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i])))
    ++i, ++digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i])))
      ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    size_t j = i + 1;
    if (j < body.size() && (body[j] == '+' || body[j] == '-')) ++j;
    size_t exp_digits = 0;
    while (j < body.size() && std::isdigit(static_cast<unsigned char>(body[j])))
      ++j, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
    i = j;
  }
  if (i != body.size()) return std::nullopt;
  std::string copy(text[0] == '+' ? text.substr(1) : text);
  double value = 0;
  std::from_chars(copy.data(), copy.data() + copy.size(), value);
  return value;
}

}  // namespace m2drop::sim
